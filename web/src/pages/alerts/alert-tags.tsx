// Small pieces of the 预警 page: severity, status, kind and coverage-reason tags, the role of a
// step of the escalation chain, and the acknowledgement deadline as a ticking countdown (or how
// late it is).
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type {
  AlertKind,
  AlertSeverity,
  AlertStatus,
  AlertView,
  ChainRole,
  CoverageReason,
} from '../../api/alerts.ts';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { AUTHORITY_TIER_LABELS } from '../../../../src/domain/source-authority.ts';

export { CHAIN_ROLES, SEVERITIES } from '../../../../src/domain/alert-rules.ts';
export const STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'dismissed', 'linked'];
export const KINDS: readonly AlertKind[] = ['event', 'coverage', 'delivery', 'incident'];

const SEVERITY_COLOR: Record<AlertSeverity, string> = {
  major: 'red',
  high: 'orange',
  normal: 'blue',
};

const STATUS_COLOR: Record<AlertStatus, string | undefined> = {
  open: 'volcano',
  acknowledged: 'processing',
  dismissed: undefined,
  linked: 'green',
};

export function SeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useI18n();
  return (
    <Tag color={SEVERITY_COLOR[severity]} data-testid="alert-severity" data-severity={severity}>
      {t(`alerts.severity.${severity}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: AlertStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="alert-status" data-status={status}>
      {t(`alerts.status.${status}`)}
    </Tag>
  );
}

/** Only for the alerts people did not set up a rule for: the coverage check's and failures. */
export function KindTag({ kind }: { kind: AlertKind }) {
  const { t } = useI18n();
  if (kind === 'event') return null;
  return (
    <Tag color="purple" data-testid="alert-kind">
      {t(`alerts.kind.${kind}`)}
    </Tag>
  );
}

export function CoverageTags({ reasons }: { reasons: readonly CoverageReason[] }) {
  const { t } = useI18n();
  return (
    <>
      {reasons.map((r) => (
        <Tag key={r} color="red" data-testid="coverage-reason" data-reason={r}>
          {t(`alerts.coverage.reason.${r}`)}
        </Tag>
      ))}
    </>
  );
}

/** An authority tier in the UI language; an unknown one as it is. */
export function tierLabel(tier: string, lang: Lang): string {
  const l = (AUTHORITY_TIER_LABELS as Record<string, { zh: string; en: string } | undefined>)[tier];
  return l ? (lang === 'en' ? l.en : l.zh) : tier;
}

export function roleLabel(t: Translate, role: ChainRole): string {
  return t(`alerts.role.${role}`);
}

/** The current time, again every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** A span of time for people: "1 小时 05 分", "12 分 30 秒", "40 秒". */
export function formatSpan(t: Translate, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return t('alerts.span.days', { d: days, h: hours });
  if (hours > 0) return t('alerts.span.hours', { h: hours, m: two(minutes) });
  if (minutes > 0) return t('alerts.span.minutes', { m: minutes, s: two(seconds) });
  return t('alerts.span.seconds', { s: seconds });
}

/**
 * Where the alert stands against its acknowledgement deadline: time left (ticking), how late it
 * is, or who acknowledged or closed it and when.
 */
export function Deadline({ alert: a, now }: { alert: AlertView; now: number }) {
  const { t, lang } = useI18n();
  const due = Date.parse(a.ack_due_at);
  if (a.status === 'open') {
    const left = due - now;
    if (left > 0) {
      return (
        <span
          data-testid="alert-deadline"
          data-overdue="false"
          title={formatTime(a.ack_due_at, lang)}
        >
          <Typography.Text type={left < 5 * 60_000 ? 'warning' : undefined}>
            <ClockCircleOutlined /> {t('alerts.deadline.left', { span: formatSpan(t, left) })}
          </Typography.Text>
        </span>
      );
    }
    return (
      <span data-testid="alert-deadline" data-overdue="true" title={formatTime(a.ack_due_at, lang)}>
        <Tag color="red" icon={<WarningOutlined />}>
          {t('alerts.deadline.overdue', { span: formatSpan(t, -left) })}
        </Tag>
      </span>
    );
  }
  if (a.status === 'acknowledged') {
    const late = a.acknowledged_at !== null && Date.parse(a.acknowledged_at) > due;
    return (
      <span data-testid="alert-deadline" data-overdue={late ? 'late' : 'false'}>
        <Typography.Text type="secondary">
          {t('alerts.deadline.acked', {
            name: a.acknowledged_name ?? t('common.none'),
            at: formatTime(a.acknowledged_at, lang),
          })}
        </Typography.Text>
        {late ? <Tag color="orange">{t('alerts.deadline.ackedLate')}</Tag> : null}
      </span>
    );
  }
  return (
    <span data-testid="alert-deadline" data-overdue="false">
      <Typography.Text type="secondary">
        {t('alerts.deadline.closed', {
          name: a.closed_name ?? t('common.none'),
          at: formatTime(a.closed_at, lang),
        })}
      </Typography.Text>
    </span>
  );
}
