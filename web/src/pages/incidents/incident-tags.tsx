// The small pieces incidents wear wherever they are shown: state, grade, confidentiality and
// emergency level tags, a version's approval status, a clock's status with its ticking
// countdown (or how late it is), and the two times of a record (system and declared).
import { ClockCircleOutlined, LockOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge, Space, Tag, Tooltip, Typography } from 'antd';
import type {
  ApprovalStatus,
  Clock,
  ConfidentialityLevel,
  EmergencyLevel,
  Grade,
  IncidentState,
} from '../../api/incidents.ts';
import type { LiveStatus } from '../../hooks/use-live.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { formatSpan } from '../alerts/alert-tags.tsx';

/** The states in the order of the plan (the board's tabs). */
export const INCIDENT_STATES = [
  'reported',
  'assessing',
  'graded',
  'responding',
  'terminated',
  'under_review',
  'archived',
] as const satisfies readonly IncidentState[];

/** Every state is listed above (a new state on the server fails the type check here). */
const _allStates: Record<IncidentState, true> = {
  reported: true,
  assessing: true,
  graded: true,
  responding: true,
  terminated: true,
  under_review: true,
  archived: true,
};
void _allStates;

const STATE_COLOR: Record<IncidentState, string | undefined> = {
  reported: 'volcano',
  assessing: 'orange',
  graded: 'gold',
  responding: 'red',
  terminated: 'blue',
  under_review: 'purple',
  archived: undefined,
};

export function StateTag({ state }: { state: IncidentState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="incident-state" data-state={state}>
      {t(`incident.state.${state}`)}
    </Tag>
  );
}

export function IncidentGradeTag({ grade }: { grade: Grade | null }) {
  const { t } = useI18n();
  return (
    <Tag
      color={grade === 'major' ? 'red' : grade === 'general' ? 'blue' : undefined}
      data-testid="incident-grade"
      data-grade={grade ?? 'none'}
    >
      {grade ? t(`incident.grade.${grade}`) : t('incident.grade.none')}
    </Tag>
  );
}

const CONF_COLOR: Record<ConfidentialityLevel, string | undefined> = {
  open: undefined,
  restricted: 'orange',
  secret: 'magenta',
};

export function ConfidentialityTag({ level }: { level: ConfidentialityLevel }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t(`incident.conf.hint.${level}`)}>
      <Tag
        color={CONF_COLOR[level]}
        icon={level === 'open' ? undefined : <LockOutlined />}
        data-testid="incident-confidentiality"
        data-level={level}
      >
        {t(`incident.conf.${level}`)}
      </Tag>
    </Tooltip>
  );
}

export function LevelTag({ level }: { level: EmergencyLevel | null }) {
  const { t } = useI18n();
  if (!level) return <Typography.Text type="secondary">{t('incident.level.none')}</Typography.Text>;
  return (
    <Tag color="red" data-testid="incident-level" data-level={level}>
      {t(`incident.level.${level}`)}
    </Tag>
  );
}

const APPROVAL_COLOR: Record<ApprovalStatus, string | undefined> = {
  pending: 'processing',
  approved: 'green',
  rejected: 'red',
  returned: 'orange',
  superseded: undefined,
  withdrawn: undefined,
};

export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={APPROVAL_COLOR[status]} data-testid="approval-status" data-status={status}>
      {t(`approval.status.${status}`)}
    </Tag>
  );
}

/**
 * Where a clock stands now: a running one ticks down from the server's target (and shows as
 * overdue the moment it passes, before the next reload says breached); a met, breached or
 * stopped one says so, with how late.
 */
export function ClockState({ clock: c, now }: { clock: Clock; now: number }) {
  const { t, lang } = useI18n();
  const target = Date.parse(c.targetAt);
  if (c.status === 'running') {
    const left = target - now;
    if (left >= 0) {
      return (
        <span data-testid="clock-status" data-status="running" title={formatTime(c.targetAt, lang)}>
          <Typography.Text type={c.dueSoon || left <= 15 * 60_000 ? 'warning' : undefined}>
            <ClockCircleOutlined />{' '}
            <span data-testid="clock-countdown">
              {t('incident.clock.left', { span: formatSpan(t, left) })}
            </span>
          </Typography.Text>
        </span>
      );
    }
    return (
      <span data-testid="clock-status" data-status="breached" title={formatTime(c.targetAt, lang)}>
        <Tag color="red" icon={<WarningOutlined />}>
          {t('incident.clock.overdue', { span: formatSpan(t, now - target) })}
        </Tag>
      </span>
    );
  }
  if (c.status === 'breached') {
    // Not done: it grows with the time; done late or stopped late: fixed.
    const late = c.doneAt || c.stoppedAt ? (c.overdueMs ?? 0) : now - target;
    return (
      <span data-testid="clock-status" data-status="breached">
        <Tag color="red" icon={<WarningOutlined />}>
          {c.doneAt
            ? t('incident.clock.doneLate', { span: formatSpan(t, late) })
            : t('incident.clock.overdue', { span: formatSpan(t, late) })}
        </Tag>
      </span>
    );
  }
  if (c.status === 'met') {
    return (
      <span data-testid="clock-status" data-status="met">
        <Tag color="green">{t('incident.clock.met')}</Tag>
      </span>
    );
  }
  return (
    <span data-testid="clock-status" data-status="stopped">
      <Tag>{t('incident.clock.stopped')}</Tag>
    </span>
  );
}

/** A record's system time (when it was recorded) and, apart, the time a person declared. */
export function RecordTimes({
  at,
  declaredAt,
  corrected = false,
}: {
  at: string;
  declaredAt: string | null;
  corrected?: boolean;
}) {
  const { t, lang } = useI18n();
  return (
    <Space size={[12, 0]} wrap className="incident-times">
      <Typography.Text type="secondary" data-testid="system-time">
        {t('incident.time.system', { at: formatTime(at, lang) })}
      </Typography.Text>
      {declaredAt ? (
        <Typography.Text data-testid="declared-time">
          {t('incident.time.declared', { at: formatTime(declaredAt, lang) })}
          {corrected ? (
            <Tag color="orange" style={{ marginLeft: 6 }}>
              {t('incident.time.corrected')}
            </Tag>
          ) : null}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** Whether the live stream is connected (the page reads again when a step concerns you). */
export function LiveDot({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  const badge =
    status === 'open' ? 'processing' : status === 'connecting' ? 'default' : ('warning' as const);
  return (
    <span data-testid="live-status" data-status={status} title={t('incidents.liveHint')}>
      <Badge status={badge} text={t(`dashboard.live.${status}`)} />
    </span>
  );
}
