// 生成简报: a daily, weekly or monthly briefing of a period (any day of it), or a 专报 of one
// incident or one event; the office and the leadership may make one for a city bureau, a
// bureau's staff make their own. Field errors come back from the server on their fields.
import { App, DatePicker, Form, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import { eventsApi } from '../../api/events.ts';
import { incidentsApi } from '../../api/incidents.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { FormError } from '../../components/form-error.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, unitName } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { BRIEFING_KINDS, briefingsApi, type BriefingDetail, type BriefingKind } from './api.ts';

interface Values {
  kind: BriefingKind;
  date?: Dayjs;
  subject?: 'incident' | 'event';
  incidentId?: string;
  eventId?: string;
  unitId?: string;
}

const PROVINCE = '__province__';

export function GenerateModal({
  open,
  onClose,
  onMade,
}: {
  open: boolean;
  onClose: () => void;
  onMade: (b: BriefingDetail) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'daily';
  const subject = Form.useWatch('subject', form) ?? 'incident';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const province = may(me, 'briefing.province');

  const loadUnits = useCallback(
    (signal: AbortSignal) =>
      province
        ? api.units(signal).then((p) => p.items.filter((u) => u.kind === 'city'))
        : Promise.resolve([]),
    [province],
  );
  const units = useApi(open ? loadUnits : null);
  const loadSubjects = useCallback(async (signal: AbortSignal) => {
    const [incidents, events] = await Promise.all([
      incidentsApi.list({ signal }).catch(() => ({ items: [] })),
      eventsApi.events({ status: 'all', limit: 100, signal }),
    ]);
    return {
      incidents: incidents.items.filter((i) => i.confidentiality === 'open'),
      events: events.items,
    };
  }, []);
  const subjects = useApi(open && kind === 'special' ? loadSubjects : null);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const unitId = v.unitId && v.unitId !== PROVINCE ? v.unitId : undefined;
      const made = await briefingsApi.generate(
        v.kind === 'special'
          ? {
              kind: 'special',
              ...(v.subject === 'event' ? { eventId: v.eventId } : { incidentId: v.incidentId }),
              ...(unitId ? { unitId } : {}),
            }
          : { kind: v.kind, date: v.date?.format('YYYY-MM-DD'), ...(unitId ? { unitId } : {}) },
      );
      void message.success(
        t('briefings.generate.done', { title: made.title, subtitle: made.subtitle }),
      );
      form.resetFields();
      onMade(made);
    } catch (e: unknown) {
      const { unmatched } = showFieldErrors(
        form,
        e,
        ['kind', 'date', 'incidentId', 'eventId', 'unitId'],
        (_f, m) => serverMessage(t, m),
      );
      const first = unmatched[0];
      setError(first ? serverMessage(t, first.message) : showFieldErrorsNone(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('briefings.generate.title')}
      okText={t('briefings.generate.submit')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'briefing-generate-submit' }}
    >
      <FormError error={error} testId="briefing-generate-error" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'daily',
          date: dayjs().subtract(1, 'day'),
          subject: 'incident',
          unitId: PROVINCE,
        }}
        data-testid="briefing-generate-form"
      >
        <Form.Item name="kind" label={t('briefings.generate.kind')}>
          <Radio.Group optionType="button" data-testid="briefing-generate-kind">
            {BRIEFING_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                {t(`briefings.kind.${k}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {kind === 'special' ? (
          <>
            <Form.Item name="subject" label={t('briefings.generate.subject')}>
              <Radio.Group>
                <Radio value="incident">{t('briefings.generate.subject.incident')}</Radio>
                <Radio value="event">{t('briefings.generate.subject.event')}</Radio>
              </Radio.Group>
            </Form.Item>
            {subject === 'incident' ? (
              <Form.Item
                name="incidentId"
                label={t('briefings.generate.subject.incident')}
                rules={[{ required: true, message: t('briefings.required') }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={subjects.loading}
                  data-testid="briefing-generate-incident"
                  options={(subjects.data?.incidents ?? []).map((i) => ({
                    value: i.id,
                    label: i.title,
                  }))}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="eventId"
                label={t('briefings.generate.subject.event')}
                rules={[{ required: true, message: t('briefings.required') }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={subjects.loading}
                  data-testid="briefing-generate-event"
                  options={(subjects.data?.events ?? []).map((e) => ({
                    value: e.id,
                    label: e.title,
                  }))}
                />
              </Form.Item>
            )}
            {subjects.error ? <FormError error={describeError(subjects.error, t)} /> : null}
          </>
        ) : (
          <Form.Item
            name="date"
            label={t('briefings.generate.date')}
            extra={t('briefings.generate.dateHelp')}
            rules={[{ required: true, message: t('briefings.required') }]}
          >
            <DatePicker
              allowClear={false}
              format="YYYY-MM-DD"
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="briefing-generate-date"
            />
          </Form.Item>
        )}
        {province ? (
          <Form.Item name="unitId" label={t('briefings.generate.unit')}>
            <Select
              data-testid="briefing-generate-unit"
              loading={units.loading}
              options={[
                { value: PROVINCE, label: t('briefings.generate.unitProvince') },
                ...(units.data ?? []).map((u) => ({ value: u.id, label: unitName(u, lang) })),
              ]}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function showFieldErrorsNone(e: unknown, t: ReturnType<typeof useI18n>['t']): string | null {
  // Every problem was shown at its field: nothing above the form; else the error itself.
  const problems = (e as { fieldProblems?: unknown[] }).fieldProblems;
  return Array.isArray(problems) && problems.length > 0 ? null : describeError(e, t);
}
