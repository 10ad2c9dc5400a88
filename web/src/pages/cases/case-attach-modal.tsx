// The office attaches a picture or a document to a case (PNG, JPEG, WebP, GIF, PDF, Word,
// Excel; at most 10 MiB) with a caption. A file the case may not take is refused before it is
// read; the server checks the bytes against the type.
import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { casesApi, type CaseAttachmentView } from '../../api/cases.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { serverMessage } from '../../lib/form-errors.ts';
import { describeError, formatBytes } from '../../lib/format.ts';
import { ApiError } from '../../api/client.ts';
import { CASE_FILE_ACCEPT, caseFileProblem, caseFileType, readBase64 } from './case-files.ts';

export function CaseAttachModal({
  caseId,
  onDone,
  onCancel,
}: {
  caseId: string;
  onDone: (a: CaseAttachmentView) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const picked = (f: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!f) return;
    const problem = caseFileProblem(f, t, lang);
    setFile(problem ? null : f);
    setFileError(problem);
  };

  const submit = async () => {
    const type = file ? caseFileType(file) : null;
    if (!file || !type) {
      setFileError(fileError ?? t('cases.file.pickFirst'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const data = await readBase64(file);
      const trimmed = caption.trim();
      const saved = await casesApi.attach(caseId, {
        name: file.name,
        type,
        data,
        ...(trimmed ? { caption: trimmed } : {}),
      });
      void message.success(t('cases.file.added', { name: saved.name }));
      onDone(saved);
    } catch (e: unknown) {
      const about =
        e instanceof ApiError ? e.fieldProblems.filter((p) => p.path !== 'body.caption') : [];
      const word = (m: string) =>
        m === 'larger than 10 MiB' ? t('cases.file.tooBigServer') : serverMessage(t, m);
      if (about.length > 0) setFileError(about.map((p) => word(p.message)).join('; '));
      else setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('cases.file.title')}
      okText={t('cases.file.upload')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'case-file-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="case-file-form">
        <Typography.Paragraph type="secondary">{t('cases.file.help')}</Typography.Paragraph>
        <FormError error={error} testId="case-file-error" />
        <Form layout="vertical">
          <Form.Item
            label={t('cases.file.file')}
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ? <span data-testid="case-file-problem">{fileError}</span> : undefined}
          >
            <input
              ref={input}
              type="file"
              accept={CASE_FILE_ACCEPT}
              style={{ display: 'none' }}
              onChange={(e) => picked(e.target.files?.[0])}
              data-testid="case-file-input"
            />
            <Button icon={<PaperClipOutlined />} onClick={() => input.current?.click()}>
              {file ? t('cases.file.another') : t('cases.file.pick')}
            </Button>
            {file ? (
              <Typography.Text className="case-file-picked" data-testid="case-file-picked">
                {file.name}（{formatBytes(file.size, lang)}）
              </Typography.Text>
            ) : null}
          </Form.Item>
          <Form.Item label={t('cases.file.caption')}>
            <Input
              value={caption}
              maxLength={500}
              onChange={(e) => setCaption(e.target.value)}
              data-testid="case-file-caption"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
