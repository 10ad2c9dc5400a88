// The office records where a statement appeared on a channel: its URL and a screenshot (PNG,
// JPEG or WebP, read in the browser as base64), with a note. A manual channel is proven by a
// screenshot. The server's problems show at the field they name.
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { describeError } from '../../lib/format.ts';
import {
  PROOF_TYPES,
  readAsBase64,
  releasesApi,
  type ProofInput,
  type ProofType,
  type PublicationItem,
} from './releases-api.ts';

interface ProofValues {
  url?: string;
  screenshot?: UploadFile[];
  note?: string;
}

const MAX_BYTES = 5 * 1024 * 1024;
const isProofType = (v: string): v is ProofType => (PROOF_TYPES as readonly string[]).includes(v);

export function ProofModal({
  publication,
  title,
  onDone,
  onCancel,
}: {
  publication: PublicationItem;
  /** The statement's title, to say what is being proven. */
  title: string;
  onDone: (p: PublicationItem) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProofValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsShot = publication.adapter === 'manual' && !publication.proof;

  const submit = async () => {
    let v: ProofValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const file = v.screenshot?.[0]?.originFileObj;
      const body: ProofInput = { url: (v.url ?? '').trim() };
      const note = (v.note ?? '').trim();
      if (note) body.note = note;
      if (file) {
        if (!isProofType(file.type)) {
          form.setFields([{ name: 'screenshot', errors: [t('release.proof.badType')] }]);
          return;
        }
        body.screenshot = { name: file.name, type: file.type, data: await readAsBase64(file) };
      }
      const saved = await releasesApi.recordProof(publication.id, body);
      void message.success(t('release.proof.saved', { channel: publication.channelLabel }));
      onDone(saved);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(
        form,
        e,
        ['url', 'screenshot', 'note'],
        (_f, m) => serverMessage(t, m),
      );
      if (!shown || unmatched.length) setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('release.proof.title', { channel: publication.channelLabel })}
      okText={t('release.proof.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'proof-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="proof-form" data-publication-id={publication.id}>
        <Typography.Paragraph type="secondary">
          {t('release.proof.help', { title })}
        </Typography.Paragraph>
        <FormError error={error} testId="proof-error" />
        <Form<ProofValues> form={form} layout="vertical">
          <Form.Item
            name="url"
            label={t('release.proof.url')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { type: 'url', message: t('server.httpUrl') },
              {
                pattern: /^https?:\/\//i,
                message: t('server.httpUrl'),
              },
            ]}
          >
            <Input placeholder="https://" maxLength={2000} data-testid="proof-url" />
          </Form.Item>
          <Form.Item
            name="screenshot"
            label={t('release.proof.screenshot')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
            extra={needsShot ? t('release.proof.screenshotRequired') : t('release.proof.types')}
            rules={[
              ...(needsShot
                ? [{ required: true, message: t('release.proof.screenshotRequired') }]
                : []),
              {
                validator: (_r: unknown, files: UploadFile[] | undefined) => {
                  const f = files?.[0]?.originFileObj;
                  if (!f) return Promise.resolve();
                  if (!isProofType(f.type))
                    return Promise.reject(new Error(t('release.proof.badType')));
                  if (f.size > MAX_BYTES)
                    return Promise.reject(new Error(t('release.proof.tooBig')));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Upload
              accept={PROOF_TYPES.join(',')}
              beforeUpload={() => false}
              maxCount={1}
              listType="picture"
              data-testid="proof-screenshot"
            >
              <Button icon={<UploadOutlined />}>{t('release.proof.pick')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="note" label={t('release.proof.note')}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              data-testid="proof-note"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
