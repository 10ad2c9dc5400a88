// Dialog that adds a shift to a unit or changes one: name, hours (Beijing time, past midnight
// when the end is not after the start), the days it runs and its place in the list. The
// server's validation problems appear at the field they name.
import { App, Col, Form, Input, InputNumber, Modal, Radio, Row, Typography } from 'antd';
import { isTimeOfDay } from '../../../../src/domain/duty-roster.ts';
import { dutyApi, type DutyShiftView } from '../../api/duty.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { serverMessage } from '../../lib/form-errors.ts';
import { useFormSave } from './duty-form.tsx';

interface ShiftForm {
  name: string;
  start_time: string;
  end_time: string;
  days: 'workday' | 'rest_day' | 'all';
  sort_order: number;
}

const FIELDS = ['name', 'start_time', 'end_time', 'days', 'sort_order'] as const;
const DAYS = ['workday', 'rest_day', 'all'] as const;

export function DutyShiftModal({
  unitId,
  shift,
  onClose,
}: {
  unitId: string;
  /** null: a new shift. */
  shift: DutyShiftView | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShiftForm>();
  const { saving, error, save } = useFormSave(form, FIELDS, (f, m) =>
    f === 'start_time' || f === 'end_time' ? t('org.duty.timeFormat') : serverMessage(t, m),
  );

  const timeRule = {
    validator: (_r: unknown, v: string | undefined) =>
      !v || isTimeOfDay(v.trim())
        ? Promise.resolve()
        : Promise.reject(new Error(t('org.duty.timeFormat'))),
  };

  const submit = () =>
    save(async (v) => {
      const body = {
        name: v.name,
        start_time: v.start_time.trim(),
        end_time: v.end_time.trim(),
        days: v.days,
        sort_order: v.sort_order,
      };
      const saved = shift
        ? await dutyApi.updateShift(shift.id, body)
        : await dutyApi.createShift({ ...body, unit_id: unitId });
      void message.success(t('org.duty.shiftSaved', { name: saved.name }));
      onClose(true);
    });

  return (
    <Modal
      open
      title={shift ? t('org.duty.editShift') : t('org.duty.addShift')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      <Form<ShiftForm>
        form={form}
        layout="vertical"
        initialValues={
          shift
            ? {
                name: shift.name,
                start_time: shift.start_time,
                end_time: shift.end_time,
                days: shift.days,
                sort_order: shift.sort_order,
              }
            : { days: 'workday', sort_order: 0 }
        }
        data-testid="duty-shift-form"
      >
        <Form.Item
          label={t('org.duty.shiftName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}
        >
          <Input data-testid="duty-shift-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              label={t('org.duty.start')}
              name="start_time"
              rules={[{ required: true, message: t('common.required') }, timeRule]}
            >
              <Input placeholder="08:30" data-testid="duty-shift-start" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={t('org.duty.end')}
              name="end_time"
              rules={[{ required: true, message: t('common.required') }, timeRule]}
            >
              <Input placeholder="17:30" data-testid="duty-shift-end" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
          {t('org.duty.timeHint')}
        </Typography.Paragraph>
        <Form.Item label={t('org.duty.days')} name="days" rules={[{ required: true }]}>
          <Radio.Group
            options={DAYS.map((d) => ({ value: d, label: t(`org.duty.days.${d}`) }))}
            data-testid="duty-shift-days"
          />
        </Form.Item>
        <Form.Item label={t('org.duty.sortOrder')} name="sort_order">
          <InputNumber min={0} max={1000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
