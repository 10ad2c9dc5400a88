// A source's coverage in the UI language: the status as a badge, the server's reason (English
// words from src/domain/coverage.ts) translated where it is one of the known sentences, and a
// cron schedule said in words when it is a simple one.
import { Badge, Tooltip } from 'antd';
import type { BadgeProps } from 'antd';
import type { Source } from '../../api/types.ts';
import type { Translate } from '../../i18n/i18n.tsx';

export type CoverageStatus = Source['health']['coverage']['status'];

/** Order on the page: what needs a person first, what is fine last. */
export const COVERAGE_RANK: Record<CoverageStatus, number> = {
  failing: 0,
  silent: 1,
  never_run: 2,
  paused: 3,
  ok: 4,
};

/** Statuses that someone should look at now ("N 个监测源需要关注"). */
export function needsAttention(s: Source): boolean {
  const status = s.health.coverage.status;
  return status === 'failing' || status === 'silent';
}

const BADGE: Record<CoverageStatus, BadgeProps['status']> = {
  ok: 'success',
  paused: 'default',
  never_run: 'processing',
  failing: 'error',
  silent: 'warning',
};

/** "7.5 h" as the server writes a duration, in the UI language. */
function hours(t: Translate, text: string): string {
  const m = /^(\d+(?:\.\d+)?) h$/.exec(text.trim());
  return m ? t('coverage.hours', { n: m[1] ?? '' }) : text;
}

/** The reason of a coverage verdict in the UI language; the server's words when unknown. */
export function coverageReason(t: Translate, c: Source['health']['coverage']): string {
  const r = c.reason.trim();
  if (c.status === 'ok' && !r) return t('coverage.reason.ok');
  if (r === 'paused by a person') return t('coverage.reason.paused');
  if (r === 'waiting for its first poll') return t('coverage.reason.waiting');
  let m = /^the last (\d+) polls failed$/.exec(r);
  if (m) return t('coverage.reason.failing', { n: m[1] ?? '' });
  m = /^no successful poll since it was added (.+) ago$/.exec(r);
  if (m) return t('coverage.reason.neverSucceeded', { age: hours(t, m[1] ?? '') });
  m = /^nothing for (.+); it usually delivers every (.+)$/.exec(r);
  if (m) {
    return t('coverage.reason.silent', {
      quiet: hours(t, m[1] ?? ''),
      usual: hours(t, m[2] ?? ''),
    });
  }
  return r || t(`coverage.${c.status}`);
}

export function CoverageBadge({ source, t }: { source: Source; t: Translate }) {
  const c = source.health.coverage;
  const reason = coverageReason(t, c);
  return (
    <Tooltip title={reason}>
      {/* Focusable, so the reason is there for the keyboard too; aria-label says it aloud. */}
      <span
        tabIndex={0}
        className="coverage-badge"
        aria-label={`${t(`coverage.${c.status}`)}: ${reason}`}
        data-testid="source-coverage"
        data-status={c.status}
      >
        <Badge status={BADGE[c.status]} text={t(`coverage.${c.status}`)} />
      </span>
    </Tooltip>
  );
}

/** A cron expression in words when it is a common shape; null when it is not. */
export function describeSchedule(t: Translate, expr: string): string | null {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [min, hour, dom, mon, dow] = parts;
  if (dom !== '*' || mon !== '*' || dow !== '*') return null;
  if (min === '*' && hour === '*') return t('schedule.everyMinute');
  let m = /^\*\/(\d+)$/.exec(min ?? '');
  if (m && hour === '*') return t('schedule.everyMinutes', { n: m[1] ?? '' });
  if (/^\d+$/.test(min ?? '') && hour === '*') return t('schedule.hourly');
  m = /^\*\/(\d+)$/.exec(hour ?? '');
  if (m && /^\d+$/.test(min ?? '')) return t('schedule.everyHours', { n: m[1] ?? '' });
  if (/^\d+$/.test(min ?? '') && /^\d+$/.test(hour ?? '')) {
    const time = `${(hour ?? '').padStart(2, '0')}:${(min ?? '').padStart(2, '0')}`;
    return t('schedule.daily', { time });
  }
  return null;
}
