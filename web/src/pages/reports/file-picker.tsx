// Picks one screenshot or file for a report: a button over the browser's own file input (on a
// phone it offers the camera and the gallery), then the file's name and size, a thumbnail for
// an image, and a way to remove it. A file that may not be attached is refused right here.
import { DeleteOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatBytes } from '../../lib/format.ts';
import { ACCEPT, attachmentProblem } from './attachment.ts';

export function FilePicker({
  value,
  onChange,
  onRefused,
  disabled,
}: {
  value: File | null;
  onChange: (file: File | null) => void;
  /** Called with the reason when the chosen file may not be attached. */
  onRefused: (reason: string) => void;
  disabled?: boolean;
}) {
  const { t, lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!value || !value.type.startsWith('image/')) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(value);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [value]);

  const picked = (file: File | undefined) => {
    // Cleared, so that choosing the same file again fires a change too.
    if (input.current) input.current.value = '';
    if (!file) return;
    const problem = attachmentProblem(file, t, lang);
    if (problem) {
      onChange(null);
      onRefused(problem);
    } else {
      onChange(file);
    }
  };

  return (
    <div className="file-picker">
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        // Not `hidden` alone: Ant Design's form styles show file inputs as blocks.
        style={{ display: 'none' }}
        onChange={(e) => picked(e.target.files?.[0])}
        data-testid="report-file-input"
      />
      {value ? (
        <div className="file-picked" data-testid="report-file">
          {preview ? (
            <img src={preview} alt={value.name} className="file-thumb" />
          ) : (
            <FilePdfOutlined className="file-icon" />
          )}
          <div className="file-meta">
            <Typography.Text className="break-all" data-testid="report-file-name">
              {value.name}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="report-file-size">
              {formatBytes(value.size, lang)}
            </Typography.Text>
          </div>
          <Space size={4} wrap>
            <Button size="small" onClick={() => input.current?.click()} disabled={disabled}>
              {t('reports.pickAnother')}
            </Button>
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={() => onChange(null)}
              disabled={disabled}
              data-testid="report-file-remove"
            >
              {t('reports.fileRemove')}
            </Button>
          </Space>
        </div>
      ) : (
        <Button
          icon={<PaperClipOutlined />}
          onClick={() => input.current?.click()}
          disabled={disabled}
          block
          data-testid="report-file-pick"
        >
          {t('reports.pick')}
        </Button>
      )}
    </div>
  );
}
