// Dialog that sets who takes a shift in turn: people of the shift's unit in the order picked
// (reordered with the arrows), from a date on, some days each. A new rotation replaces the
// previous one from its start; the earlier ones stay on record.
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Empty, Form, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import { dutyApi, type DutyShiftView } from '../../api/duty.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';

export function DutyRotationModal({
  shift,
  today,
  onClose,
}: {
  shift: DutyShiftView;
  today: string;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const load = useCallback(
    (signal: AbortSignal) => api.people({ unitId: shift.unit_id, limit: 500, signal }),
    [shift.unit_id],
  );
  const people = useApi(load);
  const active = (people.data?.items ?? []).filter((p) => p.active);
  const current = shift.rotations.find((r) => r.id === shift.current_rotation_id);
  const [order, setOrder] = useState<string[]>(current?.person_ids ?? []);
  const [startsOn, setStartsOn] = useState<Dayjs | null>(dayjs(today));
  const [period, setPeriod] = useState<number | null>(current?.period_days ?? 1);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Only people who may still take a turn: a rotation's former members who left drop out.
  const chosen = order.filter((id) => active.some((p) => p.id === id));
  const nameOf = (id: string) => {
    const p = active.find((x) => x.id === id);
    return p ? `${p.name}（${p.title}）` : id;
  };
  const move = (i: number, by: number) => {
    const next = [...chosen];
    const [item] = next.splice(i, 1);
    if (item === undefined) return;
    next.splice(i + by, 0, item);
    setOrder(next);
  };

  const save = async () => {
    if (chosen.length === 0) {
      setError(t('org.duty.rotationEmpty'));
      return;
    }
    if (!startsOn || !period) {
      setError(t('common.required'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await dutyApi.setRotation(shift.id, {
        person_ids: chosen,
        starts_on: startsOn.format('YYYY-MM-DD'),
        period_days: period,
      });
      void message.success(t('org.duty.rotationSaved', { shift: shift.name }));
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
      title={t('org.duty.setRotationTitle', { shift: shift.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: active.length === 0 }}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      {people.error ? <LoadError error={people.error} onRetry={people.reload} /> : null}
      {people.loading ? <Loading /> : null}
      {people.data && active.length === 0 ? <Empty description={t('org.duty.noPeople')} /> : null}
      {active.length > 0 ? (
        <Form layout="vertical" data-testid="duty-rotation-form">
          <Form.Item
            label={t('org.duty.rotationPeople')}
            extra={t('org.duty.rotationPick')}
            required
          >
            <Select
              mode="multiple"
              value={chosen}
              onChange={(ids: string[]) => setOrder(ids)}
              options={active.map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }))}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('org.duty.choosePerson')}
              data-testid="duty-rotation-people"
            />
          </Form.Item>
          {chosen.length > 1 ? (
            // Plain markup: antd's List is deprecated (and warns in the console).
            <ol className="duty-rotation-order" data-testid="duty-rotation-order">
              {chosen.map((id, i) => (
                <li key={id}>
                  <span>
                    {i + 1}. {nameOf(id)}
                  </span>
                  <span>
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('org.duty.moveUp')}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    />
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('org.duty.moveDown')}
                      disabled={i === chosen.length - 1}
                      onClick={() => move(i, 1)}
                    />
                  </span>
                </li>
              ))}
            </ol>
          ) : null}
          <Form.Item label={t('org.duty.startsOn')} required>
            <DatePicker
              value={startsOn}
              onChange={(d) => setStartsOn(d)}
              allowClear={false}
              data-testid="duty-rotation-starts"
            />
          </Form.Item>
          <Form.Item label={t('org.duty.periodDays')} required>
            <InputNumber
              min={1}
              max={31}
              precision={0}
              value={period}
              onChange={(v) => setPeriod(v)}
              data-testid="duty-rotation-period"
            />
          </Form.Item>
          <Alert type="info" showIcon title={t('org.duty.rotationNote')} />
        </Form>
      ) : null}
    </Modal>
  );
}
