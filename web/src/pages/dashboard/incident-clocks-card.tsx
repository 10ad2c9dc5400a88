// 处置时钟 on the 总览: the incidents in progress the reader may read (graded, responding,
// terminated), how many of their clocks are breached and due soon, and for each its next clock
// ticking down, coloured by where it stands (running, due soon, overdue), with the first
// authoritative statement's countdown ([P9]: within the hour of activating the response) while
// it runs (the board gives each incident's statement clock beside its next one). Each links to
// its incident. Roles that read no incident are told so; the card reloads every minute.
import {
  ClockCircleOutlined,
  RightOutlined,
  SoundOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import {
  incidentsApi,
  type ClockKind,
  type ClockStatus,
  type IncidentCard,
  type IncidentState,
} from '../../api/incidents.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatCount, formatTime } from '../../lib/format.ts';
import { formatSpan, useNow } from '../alerts/alert-tags.tsx';
import { StateTag } from '../incidents/incident-tags.tsx';
import '../alerts/alerts.css';

const IN_PROGRESS: readonly IncidentState[] = ['graded', 'responding', 'terminated'];
/** Incidents listed on the card; the rest are on the board. */
const SHOWN = 6;
const RELOAD_MS = 60_000;
/** src/domain/incident-clocks.ts DEFAULT_CLOCK_SETTINGS.dueSoonMinutes. */
const DEFAULT_DUE_SOON_MINUTES = 15;

interface ClockAt {
  key: string;
  kind: ClockKind;
  targetAt: string;
  status: ClockStatus;
}

interface Row {
  card: IncidentCard;
  /** The first statement's clock while it runs. */
  statement: ClockAt | null;
}

interface Board {
  rows: Row[];
  dueSoonMs: number;
}

async function loadBoard(signal: AbortSignal): Promise<Board | 'forbidden'> {
  let cards: IncidentCard[];
  try {
    cards = (await incidentsApi.list({ states: IN_PROGRESS, signal })).items;
  } catch (e: unknown) {
    if (e instanceof ApiError && e.status === 403) return 'forbidden';
    throw e;
  }
  const settings = await incidentsApi.settings(signal).catch(() => null);
  const dueSoonMs = (settings?.clocks.dueSoonMinutes ?? DEFAULT_DUE_SOON_MINUTES) * 60_000;
  const rows = cards.map((card) => ({
    card,
    statement:
      card.statement?.status === 'running'
        ? {
            key: 'first_statement',
            kind: 'first_statement' as const,
            targetAt: card.statement.targetAt,
            status: card.statement.status,
          }
        : null,
  }));
  return { rows, dueSoonMs };
}

/** Where a running clock stands at `now`. */
type Standing = 'running' | 'due_soon' | 'breached';
function standing(targetAt: string, now: number, dueSoonMs: number): Standing {
  const left = Date.parse(targetAt) - now;
  if (left < 0) return 'breached';
  return left <= dueSoonMs ? 'due_soon' : 'running';
}
const STANDING_COLOR: Record<Standing, string> = {
  running: 'blue',
  due_soon: 'orange',
  breached: 'red',
};

function clockName(t: Translate, c: { key: string; kind: ClockKind }): string {
  if (c.kind === 'follow_up')
    return t('incident.clock.kind.follow_up', { n: c.key.split(':')[1] ?? '' });
  return t(`incident.clock.kind.${c.kind}`);
}

/** The breached first, then by the next clock's target (none last). */
function order(a: Row, b: Row): number {
  if (a.card.clocks.breached !== b.card.clocks.breached)
    return b.card.clocks.breached - a.card.clocks.breached;
  const ta = a.card.next ? Date.parse(a.card.next.targetAt) : Infinity;
  const tb = b.card.next ? Date.parse(b.card.next.targetAt) : Infinity;
  return ta - tb;
}

export function IncidentClocksCard() {
  const { t } = useI18n();
  const me = useMe();
  // Machine tokens read no incident: not asked.
  const load = useCallback(
    (signal: AbortSignal) =>
      me.kind === 'user' ? loadBoard(signal) : Promise.resolve('forbidden' as const),
    [me.kind],
  );
  const board = useApi(load);
  const { reload } = board;
  useEffect(() => {
    const timer = setInterval(reload, RELOAD_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const link = (
    <Link to="/incidents" data-testid="incidents-card-link">
      {t('dashboard.incidents.goto')} <RightOutlined />
    </Link>
  );
  const data = board.data;
  if (data === 'forbidden') {
    return (
      <Card size="small" title={t('dashboard.incidents.title')} data-testid="incidents-card-none">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('dashboard.clocks.noAccess')}
        </Typography.Paragraph>
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={
        <span>
          <ClockCircleOutlined /> {t('dashboard.incidents.title')}
        </span>
      }
      extra={link}
      data-testid="incidents-card"
    >
      {board.error ? <LoadError error={board.error} onRetry={board.reload} /> : null}
      {!data && !board.error ? <Loading /> : null}
      {data ? <ClocksBody board={data} /> : null}
    </Card>
  );
}

function ClocksBody({ board }: { board: Board }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const rows = useMemo(() => [...board.rows].sort(order), [board.rows]);
  const breached = rows.reduce((n, r) => n + r.card.clocks.breached, 0);
  const unexplained = rows.reduce((n, r) => n + r.card.clocks.unexplained, 0);
  const dueSoon = rows.reduce((n, r) => n + r.card.clocks.dueSoon, 0);
  const statements = rows.filter((r) => r.statement).length;

  const figures: { key: string; label: string; value: number; note?: string; danger?: boolean }[] =
    [
      { key: 'running', label: t('dashboard.clocks.running'), value: rows.length },
      {
        key: 'breached',
        label: t('dashboard.clocks.breached'),
        value: breached,
        note: unexplained ? t('dashboard.clocks.unexplained', { n: unexplained }) : undefined,
        danger: breached > 0,
      },
      { key: 'due-soon', label: t('dashboard.clocks.dueSoon'), value: dueSoon },
      { key: 'statements', label: t('dashboard.clocks.statements'), value: statements },
    ];

  return (
    <>
      <div className="alerts-card-figures">
        {figures.map((f) => (
          <div key={f.key} className="figure-card alerts-card-figure">
            <div className="figure-label" title={f.label}>
              {f.label}
            </div>
            <div
              className={f.danger ? 'figure-value figure-danger' : 'figure-value'}
              data-testid={`incidents-card-${f.key}`}
              data-value={f.value}
            >
              {formatCount(f.value, lang)}
            </div>
            {f.note ? <div className="figure-note">{f.note}</div> : null}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('dashboard.clocks.empty')}
          data-testid="incidents-card-empty"
        />
      ) : (
        <ul className="clock-list" data-testid="incidents-card-list">
          {rows.slice(0, SHOWN).map((r) => (
            <ClockRow key={r.card.id} row={r} now={now} dueSoonMs={board.dueSoonMs} />
          ))}
        </ul>
      )}
      {rows.length > SHOWN ? (
        <Link to="/incidents" className="chart-note" data-testid="incidents-card-more">
          {t('dashboard.clocks.more', { n: rows.length - SHOWN })}
        </Link>
      ) : null}
    </>
  );
}

function ClockRow({ row, now, dueSoonMs }: { row: Row; now: number; dueSoonMs: number }) {
  const { t } = useI18n();
  const c = row.card;
  const statementIsNext = c.next?.kind === 'first_statement';
  return (
    <li className="clock-row" data-testid="incidents-card-item" data-id={c.id} data-state={c.state}>
      <div className="clock-row-head">
        <Link
          to={`/incidents/${encodeURIComponent(c.id)}`}
          className="clock-row-title"
          data-testid="incidents-card-title"
        >
          {c.title}
        </Link>
        <Space size={4}>
          {c.clocks.breached ? (
            <Tag color="red" icon={<WarningOutlined />} data-testid="incidents-card-item-breached">
              {t('incidents.card.breached', { n: c.clocks.breached })}
            </Tag>
          ) : null}
          <StateTag state={c.state} />
        </Space>
      </div>
      <Space size={[8, 4]} wrap className="clock-row-clocks">
        {c.next ? (
          <Countdown
            clock={c.next}
            now={now}
            dueSoonMs={dueSoonMs}
            testId={statementIsNext ? 'incidents-card-statement' : 'incidents-card-next'}
            statement={statementIsNext}
          />
        ) : (
          <Typography.Text type="secondary" data-testid="incidents-card-next-none">
            {t('incidents.card.noClock')}
          </Typography.Text>
        )}
        {row.statement && !statementIsNext ? (
          <Countdown
            clock={row.statement}
            now={now}
            dueSoonMs={dueSoonMs}
            testId="incidents-card-statement"
            statement
          />
        ) : null}
      </Space>
    </li>
  );
}

function Countdown({
  clock,
  now,
  dueSoonMs,
  testId,
  statement,
}: {
  clock: ClockAt;
  now: number;
  dueSoonMs: number;
  testId: string;
  statement: boolean;
}) {
  const { t, lang } = useI18n();
  const s = standing(clock.targetAt, now, dueSoonMs);
  const left = Date.parse(clock.targetAt) - now;
  return (
    <span
      data-testid={testId}
      data-kind={clock.kind}
      data-status={s}
      title={t('dashboard.clocks.target', { at: formatTime(clock.targetAt, lang) })}
    >
      <Tag
        color={STANDING_COLOR[s]}
        icon={
          statement ? (
            <SoundOutlined />
          ) : s === 'breached' ? (
            <WarningOutlined />
          ) : (
            <ClockCircleOutlined />
          )
        }
      >
        {clockName(t, clock)}{' '}
        <span className="clock-countdown" data-testid="incidents-card-countdown">
          {left >= 0
            ? t('incident.clock.left', { span: formatSpan(t, left) })
            : t('incident.clock.overdue', { span: formatSpan(t, -left) })}
        </span>
      </Tag>
    </span>
  );
}
