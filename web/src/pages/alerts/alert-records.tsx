// What happened to an alert: every notification queued for it (which notice, which step of the
// chain, which channel, sent or pending or failed, attempts and the last error), and its
// history from the audit log (who did what when), starting from when it fired.
import { Empty, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { AlertDelivery, AlertDetail, AlertHistoryEntry } from '../../api/alerts.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime, labelOr } from '../../lib/format.ts';
import { roleLabel } from './alert-tags.tsx';

const DELIVERY_COLOR: Record<AlertDelivery['status'], string> = {
  pending: 'processing',
  sent: 'green',
  failed: 'red',
};

export function channelLabel(t: Translate, d: AlertDelivery): string {
  if (d.channel_kind === 'in_app') return t('alerts.delivery.inApp');
  const kind = labelOr(t, `alerts.channel.kind.${d.channel_kind}`, d.channel_kind);
  return d.channel_name ? `${d.channel_name} · ${kind}` : kind;
}

export function DeliveryTable({ alert: a }: { alert: AlertDetail }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<AlertDelivery> = [
    {
      title: t('alerts.delivery.notice'),
      key: 'notice',
      width: 110,
      render: (_v, d) => labelOr(t, `alerts.notice.${d.notice_kind}`, d.notice_kind),
    },
    {
      title: t('alerts.delivery.step'),
      key: 'step',
      width: 110,
      render: (_v, d) => {
        const role = a.chain[d.step]?.role;
        return role ? roleLabel(t, role) : String(d.step + 1);
      },
    },
    {
      title: t('alerts.delivery.channel'),
      key: 'channel',
      render: (_v, d) => channelLabel(t, d),
    },
    {
      title: t('alerts.delivery.status'),
      key: 'status',
      width: 90,
      render: (_v, d) => (
        <Tag color={DELIVERY_COLOR[d.status]} data-testid="delivery-status" data-status={d.status}>
          {t(`alerts.delivery.status.${d.status}`)}
        </Tag>
      ),
    },
    {
      title: t('alerts.delivery.attempts'),
      key: 'attempts',
      width: 70,
      align: 'right',
      render: (_v, d) => d.attempts,
    },
    {
      title: t('alerts.delivery.time'),
      key: 'time',
      width: 170,
      render: (_v, d) =>
        d.sent_at
          ? t('alerts.delivery.sentAt', { at: formatTime(d.sent_at, lang) })
          : t('alerts.delivery.dueAt', { at: formatTime(d.due_at, lang) }),
    },
    {
      title: t('alerts.delivery.error'),
      key: 'error',
      render: (_v, d) =>
        d.last_error ? (
          <Typography.Text
            type={d.status === 'failed' ? 'danger' : 'secondary'}
            className="alert-error-text"
          >
            {d.last_error}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
  ];
  return (
    <Table<AlertDelivery>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={a.deliveries}
      pagination={false}
      scroll={{ x: 820 }}
      locale={{
        emptyText: (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.delivery.none')} />
        ),
      }}
      data-testid="delivery-table"
    />
  );
}

/** The detail of a history entry people read: a reason, a step with who it reached. */
function historyDetail(t: Translate, h: AlertHistoryEntry): string | null {
  const d = h.detail;
  if (typeof d !== 'object' || d === null) return null;
  const r = d as Record<string, unknown>;
  if (typeof r.close_reason === 'string')
    return t('alerts.history.reason', { reason: r.close_reason });
  if (typeof r.role === 'string' && Array.isArray(r.people)) {
    const role = labelOr(t, `alerts.role.${r.role}`, r.role);
    return `${role}：${r.people.filter((p) => typeof p === 'string').join('、') || t('alerts.nobody')}`;
  }
  if (typeof r.incident_id === 'string') return t('alerts.history.incident', { id: r.incident_id });
  return null;
}

export function HistoryTimeline({ alert: a }: { alert: AlertDetail }) {
  const { t, lang } = useI18n();
  // The firing itself is the alert's own record; the audit log holds what followed.
  const fired = !a.history.some((h) => h.action === 'alert.fire');
  const items = [
    ...(fired
      ? [
          {
            key: 'fired',
            color: 'red',
            content: (
              <div data-testid="history-entry" data-action="alert.fire">
                <Typography.Text strong>{t('alerts.history.alert.fire')}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatTime(a.fired_at, lang)} · {t('alerts.history.system')}
                </Typography.Text>
              </div>
            ),
          },
        ]
      : []),
    ...a.history.map((h, i) => {
      const detail = historyDetail(t, h);
      return {
        key: `${h.action}-${i}`,
        color:
          h.action === 'alert.dismiss' ? 'gray' : h.action === 'alert.escalate' ? 'orange' : 'blue',
        content: (
          <div data-testid="history-entry" data-action={h.action}>
            <Typography.Text strong>
              {labelOr(t, `alerts.history.${h.action}`, h.action)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {formatTime(h.at, lang)} ·{' '}
              {h.actor === 'system' ? t('alerts.history.system') : h.actor}
            </Typography.Text>
            {detail ? <div className="alert-history-detail">{detail}</div> : null}
          </div>
        ),
      };
    }),
  ];
  return <Timeline items={items} data-testid="alert-history" />;
}
