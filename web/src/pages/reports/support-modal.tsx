// Adding a support record (the office): whom (an informant in post), what, when, and the
// amount in yuan or the hours of training; and voiding a wrong record with the reason.
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import {
  informantsApi,
  type SupportBody,
  type SupportKind,
  type SupportRecord,
} from '../../api/informants.ts';
import { FormError } from '../../components/form-error.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';

interface SupportForm {
  person_id: string;
  kind: SupportKind;
  date: Dayjs;
  amount?: string;
  hours?: number;
  note?: string;
}

const FIELDS = ['person_id', 'kind', 'date', 'amount', 'hours', 'note'] as const;
const KINDS: SupportKind[] = ['duty_allowance', 'equipment', 'data_plan', 'training'];

export function SupportModal({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SupportForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const loadNetwork = useCallback((signal: AbortSignal) => informantsApi.network(signal), []);
  const network = useApi(loadNetwork);

  const save = async () => {
    let v: SupportForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const body: SupportBody = {
      person_id: v.person_id,
      kind: v.kind,
      date: v.date.format('YYYY-MM-DD'),
      ...(v.kind === 'training' ? { hours: v.hours ?? 0 } : { amount: (v.amount ?? '').trim() }),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    };
    try {
      await informantsApi.addSupport(body);
      void message.success(t('informants.support.added'));
      onClose(true);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, (_f, m) => serverMessage(t, m));
      if (shown === 0) setError(describeError(e, t));
      else if (unmatched.length > 0) setError(unmatched.map((p) => p.message).join('; '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('informants.support.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
      okButtonProps={{ 'data-testid': 'support-save' }}
    >
      <FormError error={error} testId="support-error" />
      <Form<SupportForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'duty_allowance' }}
        data-testid="support-form"
      >
        <Form.Item
          label={t('informants.support.person')}
          name="person_id"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            data-testid="support-person"
            loading={network.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(network.data?.items ?? []).map((n) => ({
              value: n.person.id,
              label: `${n.unit.name} · ${n.person.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('informants.support.kind')}
          name="kind"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            data-testid="support-kind-select"
            options={KINDS.map((k) => ({ value: k, label: t(`informants.supportKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('informants.support.date')}
          name="date"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker data-testid="support-date" format="YYYY-MM-DD" />
        </Form.Item>
        {kind === 'training' ? (
          <Form.Item
            label={t('informants.support.hours')}
            name="hours"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber
              min={0.1}
              max={1000}
              step={0.5}
              precision={1}
              data-testid="support-hours"
            />
          </Form.Item>
        ) : (
          <Form.Item
            label={t('informants.support.amountYuan')}
            name="amount"
            rules={[
              { required: true, message: t('common.required') },
              { pattern: /^\d{1,9}(\.\d{1,2})?$/, message: t('informants.support.amountFormat') },
            ]}
          >
            <Input inputMode="decimal" data-testid="support-amount" />
          </Form.Item>
        )}
        <Form.Item label={t('informants.support.note')} name="note" rules={[{ max: 500 }]}>
          <Input data-testid="support-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function VoidSupportModal({
  record,
  onClose,
}: {
  record: SupportRecord;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!reason.trim()) {
      setError(t('informants.support.voidReasonRequired'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await informantsApi.voidSupport(record.id, reason.trim());
      void message.success(t('informants.support.voidedDone'));
      onClose(true);
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('informants.support.voidTitle', {
        person: record.person.name,
        date: record.date,
      })}
      okText={t('informants.support.void')}
      okButtonProps={{ danger: true, 'data-testid': 'support-void-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      <Input.TextArea
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('informants.support.voidReason')}
        data-testid="support-void-reason"
        maxLength={500}
      />
    </Modal>
  );
}
