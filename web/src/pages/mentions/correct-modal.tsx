// 修正后处理: the quarantined payload in a JSON text area for a person to correct, parsed here
// first (a clear message when it is not a JSON object), then ingested by the server; if it is
// still rejected the reasons show here and the dialog stays open.
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { QuarantinedItem, ReprocessResult } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { Reasons } from './reasons.tsx';

/** The payload pretty-printed when it is JSON, else as received. */
function editable(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** The corrected post, or the sentence that says why the text is not one. */
function parsePost(
  text: string,
  t: Translate,
): { ok: true; item: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: t('quarantine.notJson', { message }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: t('quarantine.notObject') };
  }
  return { ok: true, item: value as Record<string, unknown> };
}

export function CorrectModal({
  item,
  onClose,
}: {
  item: QuarantinedItem;
  /** With the server's answer once the item landed; null when cancelled. */
  onClose: (result: ReprocessResult | null) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => editable(item.payload));
  const [parseError, setParseError] = useState<string | null>(null);
  const [rejected, setRejected] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setRejected(null);
    setError(null);
    const parsed = parsePost(text, t);
    if (!parsed.ok) {
      setParseError(parsed.error);
      return;
    }
    setParseError(null);
    setSaving(true);
    try {
      const result = await api.reprocess(item.id, parsed.item);
      if (result.outcome === 'rejected') setRejected(result.errors);
      else onClose(result);
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={t('quarantine.correct')}
      okText={t('quarantine.correctSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={() => onClose(null)}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('quarantine.reasons')}
        description={<Reasons errors={item.errors.map((e) => `${e.field}: ${e.message}`)} />}
      />
      <Typography.Paragraph type="secondary">{t('quarantine.correctHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {rejected ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('quarantine.rejected')}
          description={<Reasons errors={rejected} />}
          data-testid="correct-rejected"
        />
      ) : null}
      <Form layout="vertical">
        <Form.Item
          label={t('quarantine.item')}
          validateStatus={parseError ? 'error' : undefined}
          help={
            parseError ? <span data-testid="correct-parse-error">{parseError}</span> : undefined
          }
        >
          <Input.TextArea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (parseError) setParseError(null);
            }}
            autoSize={{ minRows: 10, maxRows: 24 }}
            spellCheck={false}
            className="json-editor"
            aria-label={t('quarantine.item')}
            data-testid="correct-json"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
