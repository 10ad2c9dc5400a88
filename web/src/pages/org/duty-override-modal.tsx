// Dialog that arranges a stand-in (替班): someone of the unit takes one occurrence of a shift
// (the date it starts) instead of the rotation's person, for a reason kept on record.
import { App, DatePicker, Empty, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { dutyApi } from '../../api/duty.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSave } from './duty-form.tsx';
import type { ShiftRef } from './duty-schedule.tsx';

interface OverrideForm {
  date: Dayjs;
  person_id: string;
  reason: string;
}

const FIELDS = ['date', 'person_id', 'reason'] as const;

export function DutyOverrideModal({
  unitId,
  shift,
  date,
  onClose,
}: {
  unitId: string;
  shift: ShiftRef;
  date: string;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OverrideForm>();
  const { saving, error, save } = useFormSave(form, FIELDS);
  const load = useCallback(
    (signal: AbortSignal) => api.people({ unitId, limit: 500, signal }),
    [unitId],
  );
  const people = useApi(load);
  const options = (people.data?.items ?? [])
    .filter((p) => p.active)
    .map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }));

  const submit = () =>
    save(async (v) => {
      const on = v.date.format('YYYY-MM-DD');
      const added = await dutyApi.addOverride(shift.id, {
        date: on,
        person_id: v.person_id,
        reason: v.reason,
      });
      void message.success(
        t('org.duty.overrideAdded', { name: added.person_name ?? '', date: on }),
      );
      onClose(true);
    });

  return (
    <Modal
      open
      title={t('org.duty.addOverrideTitle', { shift: shift.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: options.length === 0 }}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      {people.error ? <LoadError error={people.error} onRetry={people.reload} /> : null}
      {people.loading ? <Loading /> : null}
      {people.data && options.length === 0 ? <Empty description={t('org.duty.noPeople')} /> : null}
      {options.length > 0 ? (
        <Form<OverrideForm>
          form={form}
          layout="vertical"
          initialValues={{ date: dayjs(date) }}
          data-testid="duty-override-form"
        >
          <Form.Item
            label={t('org.duty.overrideDate')}
            name="date"
            extra={t('org.duty.overrideDateHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker allowClear={false} data-testid="duty-override-date" />
          </Form.Item>
          <Form.Item
            label={t('org.duty.overridePerson')}
            name="person_id"
            rules={[{ required: true, message: t('org.duty.choosePerson') }]}
          >
            <Select
              options={options}
              placeholder={t('org.duty.choosePerson')}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="duty-override-person"
            />
          </Form.Item>
          <Form.Item
            label={t('org.duty.overrideReason')}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200 },
            ]}
          >
            <Input.TextArea rows={2} maxLength={200} data-testid="duty-override-reason" />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
