// 定时与订阅 (office and admins): per kind whether it is made on its own and when (Beijing time),
// who receives it by e-mail (people of the organisation with an address, or other addresses),
// the e-mail channel that sends, and the latest scheduled runs.
import {
  App,
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatTime } from '../../lib/format.ts';
import { serverMessage } from '../../lib/form-errors.ts';
import { ApiError } from '../../api/client.ts';
import {
  briefingsApi,
  PERIODIC_KINDS,
  type BriefingSettings,
  type BriefingSettingsView,
  type PeriodicKind,
  type Subscriber,
} from './api.ts';

interface KindValues {
  enabled: boolean;
  time: string;
  weekday?: number;
  day?: number;
  people: string[];
  emails: string[];
}
type Values = Record<PeriodicKind, KindValues> & { channelId: string | null };

const AUTO = '__auto__';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function toValues(s: BriefingSettings): Values {
  const kind = (k: PeriodicKind): KindValues => {
    const subs = s.subscribers[k];
    return {
      ...s.schedule[k],
      people: subs.flatMap((x) => ('personId' in x ? [x.personId] : [])),
      emails: subs.flatMap((x) => ('email' in x ? [x.email] : [])),
    };
  };
  return {
    daily: kind('daily'),
    weekly: kind('weekly'),
    monthly: kind('monthly'),
    channelId: s.channelId ?? AUTO,
  };
}

function toSettings(v: Values, before: BriefingSettings): BriefingSettings {
  const subs = (k: PeriodicKind): Subscriber[] => {
    // Keep a plain address's name as it was.
    const names = new Map(
      before.subscribers[k].flatMap((x) => ('email' in x && x.name ? [[x.email, x.name]] : [])),
    );
    return [
      ...(v[k].people ?? []).map((personId) => ({ personId })),
      ...(v[k].emails ?? []).map((email) =>
        names.get(email) ? { email, name: names.get(email)! } : { email },
      ),
    ];
  };
  return {
    schedule: {
      daily: { enabled: v.daily.enabled, time: v.daily.time },
      weekly: { enabled: v.weekly.enabled, time: v.weekly.time, weekday: v.weekly.weekday ?? 1 },
      monthly: { enabled: v.monthly.enabled, time: v.monthly.time, day: v.monthly.day ?? 1 },
    },
    subscribers: { daily: subs('daily'), weekly: subs('weekly'), monthly: subs('monthly') },
    channelId: v.channelId === AUTO ? null : v.channelId,
  };
}

export function ScheduleTab() {
  const load = useCallback((signal: AbortSignal) => briefingsApi.settings(signal), []);
  const view = useApi(load);
  if (view.error) return <LoadError error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Loading />;
  return <ScheduleForm view={view.data} onSaved={view.reload} />;
}

function ScheduleForm({ view, onSaved }: { view: BriefingSettingsView; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => form.setFieldsValue(toValues(view.settings)), [form, view]);

  const save = async (reset = false) => {
    let v: Values | null = null;
    if (!reset) {
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
    }
    setSaving(true);
    setError(null);
    try {
      await briefingsApi.putSettings(v ? toSettings(v, view.settings) : null);
      void message.success(t('briefings.saved'));
      onSaved();
    } catch (e: unknown) {
      if (e instanceof ApiError && e.fieldProblems.length) {
        // body.subscribers.daily.1.email -> the daily subscribers field.
        const fields = new Map<string, string[]>();
        for (const p of e.fieldProblems) {
          const parts = p.path.replace(/^body\./, '').split('.');
          const name =
            parts[0] === 'schedule'
              ? `${parts[1]}.${parts[2]}`
              : parts[0] === 'subscribers'
                ? `${parts[1]}.${parts[3] === 'personId' ? 'people' : 'emails'}`
                : (parts[0] ?? '');
          fields.set(name, [...(fields.get(name) ?? []), serverMessage(t, p.message)]);
        }
        form.setFields(
          [...fields].map(([name, errors]) => ({ name: name.split('.') as never, errors })),
        );
        setError(e.message);
      } else setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const people = view.people.map((p) => ({
    value: p.id,
    label: `${p.name}（${p.unitName}，${p.email}）`,
  }));
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    value: d,
    label: t(`briefings.weekday.${d as 1 | 2 | 3 | 4 | 5 | 6 | 7}`),
  }));

  return (
    <Form<Values> form={form} layout="vertical" data-testid="briefing-schedule-form">
      <FormError error={error} testId="briefing-schedule-error" />
      {view.channels.filter((c) => c.enabled).length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('briefings.channel.none')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {PERIODIC_KINDS.map((k) => (
        <Card
          key={k}
          size="small"
          title={t(`briefings.kind.${k}`)}
          style={{ marginBottom: 16 }}
          data-testid={`briefing-schedule-${k}`}
        >
          <Space wrap align="start" size="large">
            <Form.Item
              name={[k, 'enabled']}
              label={t('briefings.schedule.enabled')}
              valuePropName="checked"
            >
              <Switch data-testid={`briefing-${k}-enabled`} />
            </Form.Item>
            {k === 'weekly' ? (
              <Form.Item name={[k, 'weekday']} label={t('briefings.schedule.weekday')}>
                <Select options={weekdays} style={{ width: 110 }} />
              </Form.Item>
            ) : null}
            {k === 'monthly' ? (
              <Form.Item name={[k, 'day']} label={t('briefings.schedule.day')}>
                <InputNumber min={1} max={28} style={{ width: 90 }} />
              </Form.Item>
            ) : null}
            <Form.Item
              name={[k, 'time']}
              label={t('briefings.schedule.time')}
              rules={[{ pattern: TIME, message: t('briefings.badTime') }]}
            >
              <Input
                style={{ width: 100 }}
                placeholder="08:00"
                data-testid={`briefing-${k}-time`}
              />
            </Form.Item>
          </Space>
          <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 12 }}>
            {t(`briefings.schedule.help.${k}`)}
          </div>
          <Form.Item name={[k, 'people']} label={t('briefings.subscribers.people')}>
            <Select
              mode="multiple"
              options={people}
              optionFilterProp="label"
              data-testid={`briefing-${k}-people`}
            />
          </Form.Item>
          <Form.Item
            name={[k, 'emails']}
            label={t('briefings.subscribers.emails')}
            extra={t('briefings.subscribers.emailsHelp')}
            rules={[
              {
                validator: (_r, value: string[] | undefined) => {
                  const bad = (value ?? []).find((x) => !EMAIL.test(x));
                  return bad
                    ? Promise.reject(new Error(t('briefings.badEmail', { address: bad })))
                    : Promise.resolve();
                },
              },
            ]}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              data-testid={`briefing-${k}-emails`}
            />
          </Form.Item>
        </Card>
      ))}
      <Form.Item name="channelId" label={t('briefings.channel')}>
        <Select
          style={{ maxWidth: 360 }}
          options={[
            { value: AUTO, label: t('briefings.channel.auto') },
            ...view.channels.map((c) => ({
              value: c.id,
              label: c.enabled ? c.name : `${c.name}（${t('briefings.channel.off')}）`,
            })),
          ]}
        />
      </Form.Item>
      <Space style={{ marginBottom: 24 }}>
        <Button
          type="primary"
          loading={saving}
          onClick={() => void save()}
          data-testid="briefing-schedule-save"
        >
          {t('briefings.save')}
        </Button>
        <Button disabled={saving} onClick={() => void save(true)}>
          {t('briefings.reset')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey={(r) => `${r.kind}:${r.periodKey}`}
        pagination={false}
        title={() => t('briefings.runs')}
        dataSource={view.runs}
        locale={{ emptyText: t('briefings.runs.none') }}
        columns={[
          {
            title: t('briefings.generate.kind'),
            render: (_, r) => t(`briefings.kind.${r.kind as PeriodicKind}`),
          },
          { title: t('briefings.col.period'), dataIndex: 'periodKey' },
          { title: t('briefings.run.slot'), render: (_, r) => formatTime(r.slotAt, lang) },
          {
            title: t('briefings.delivery.status'),
            render: (_, r) =>
              r.status === 'done' ? (
                <Tag color="green">{t('briefings.run.done')}</Tag>
              ) : (
                <Tag color="red" title={r.lastError ?? ''}>
                  {t('briefings.run.failed')}
                </Tag>
              ),
          },
        ]}
      />
    </Form>
  );
}
