// The report form, phone first: link, what it says (required), a note, one screenshot or file;
// sent under the reporter's own name and unit. The server's problems appear at their fields;
// once sent, the caller shows the result (and whether a monitored source had it first).
import { SendOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { NewReport, Report } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { attachmentType, readBase64 } from './attachment.ts';
import { FilePicker } from './file-picker.tsx';

interface ReportFormValues {
  link?: string;
  text: string;
  note?: string;
}

const FIELDS = ['link', 'text', 'note'] as const;
const MAX_TEXT = 5000;
const MAX_NOTE = 2000;
const HTTP_URL = /^https?:\/\/\S+$/i;

export function ReportForm({ onSent }: { onSent: (report: Report) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReportFormValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (v: ReportFormValues) => {
    setError(null);
    setSending(true);
    try {
      let attachment: NewReport['attachment'];
      if (file) {
        const type = attachmentType(file);
        if (!type) return;
        setReading(true);
        try {
          attachment = { name: file.name, type, data: await readBase64(file) };
        } catch (e: unknown) {
          const message = e instanceof Error ? e.message : String(e);
          setFileError(t('reports.fileUnreadable', { name: file.name, message }));
          return;
        } finally {
          setReading(false);
        }
      }
      const link = v.link?.trim();
      const note = v.note?.trim();
      const body: NewReport = {
        text: v.text.trim(),
        ...(link ? { link } : {}),
        ...(note ? { note } : {}),
        ...(attachment ? { attachment } : {}),
      };
      const report = await api.createReport(body);
      form.resetFields();
      setFile(null);
      setFileError(null);
      onSent(report);
    } catch (e: unknown) {
      const word = (_f: string, m: string) => serverMessage(t, m);
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, word);
      // body.attachment.type, body.attachment.data: about the file.
      const about = unmatched.filter((p) => p.path.startsWith('body.attachment'));
      if (about.length > 0) setFileError(about.map((p) => word('', p.message)).join('; '));
      const rest = unmatched.filter((p) => !p.path.startsWith('body.attachment'));
      if (shown + about.length === 0) setError(describeError(e, t));
      else if (rest.length > 0) setError(rest.map((p) => `${p.path}: ${p.message}`).join('; '));
    } finally {
      setSending(false);
    }
  };

  return (
    <Form<ReportFormValues>
      form={form}
      layout="vertical"
      onFinish={(v) => void send(v)}
      className="report-form"
      data-testid="report-form"
    >
      <FormError error={error} testId="report-error" />
      <Form.Item
        label={t('reports.link')}
        name="link"
        rules={[{ pattern: HTTP_URL, message: t('reports.linkFormat') }, { max: 2000 }]}
      >
        <Input
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          allowClear
          placeholder={t('reports.linkPlaceholder')}
          data-testid="report-link-input"
        />
      </Form.Item>
      <Form.Item
        label={t('reports.text')}
        name="text"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: MAX_TEXT },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={MAX_TEXT}
          showCount
          placeholder={t('reports.textPlaceholder')}
          data-testid="report-text-input"
        />
      </Form.Item>
      <Form.Item label={t('reports.note')} name="note" rules={[{ max: MAX_NOTE }]}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={MAX_NOTE}
          placeholder={t('reports.notePlaceholder')}
          data-testid="report-note-input"
        />
      </Form.Item>
      <Form.Item
        label={t('reports.file')}
        extra={fileError ? undefined : t('reports.fileHelp')}
        validateStatus={fileError ? 'error' : undefined}
        help={fileError ? <span data-testid="report-file-error">{fileError}</span> : undefined}
      >
        <FilePicker
          value={file}
          disabled={sending}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
          }}
          onRefused={setFileError}
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        icon={<SendOutlined />}
        loading={sending}
        data-testid="report-submit"
      >
        {reading ? t('reports.reading') : t('reports.submit')}
      </Button>
    </Form>
  );
}
