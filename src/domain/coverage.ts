// Honest coverage ([P7] never miss): is a source delivering as usual, failing, or silent?
// Pure rules over a source's recent history; the store gathers the figures.

export type CoverageStatus = 'ok' | 'paused' | 'never_run' | 'failing' | 'silent';

export interface CoverageInput {
  enabled: boolean;
  /** Polled sources have a schedule; pushed ones do not. */
  polled: boolean;
  /** Expected seconds between polls (from the schedule), when polled. */
  pollIntervalSeconds: number | null;
  createdAt: string;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  /** Newest mention collected from the source. */
  lastItemAt: string | null;
  /** Median seconds between consecutive mentions over the recent past, when known. */
  usualGapSeconds: number | null;
}

export interface Coverage {
  status: CoverageStatus;
  /** Why, in words an operator can act on; empty when ok. */
  reason: string;
}

/** Failures in a row before a source counts as failing. */
export const FAILING_AFTER = 3;
/** A source is silent when nothing came for this many usual gaps... */
export const SILENCE_FACTOR = 4;
/** ...and for at least this long (quiet nights are normal). */
export const MIN_SILENCE_SECONDS = 6 * 3600;

const hours = (s: number) => `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;

export function assessCoverage(c: CoverageInput, now: Date): Coverage {
  if (!c.enabled) return { status: 'paused', reason: 'paused by a person' };
  if (c.polled && c.consecutiveFailures >= FAILING_AFTER) {
    return { status: 'failing', reason: `the last ${c.consecutiveFailures} polls failed` };
  }
  const t = now.getTime();
  if (c.polled && !c.lastSuccessAt) {
    const age = (t - Date.parse(c.createdAt)) / 1000;
    const grace = Math.max(2 * (c.pollIntervalSeconds ?? 3600), 600);
    return age > grace
      ? { status: 'failing', reason: `no successful poll since it was added ${hours(age)} ago` }
      : { status: 'never_run', reason: 'waiting for its first poll' };
  }
  if (c.lastItemAt && c.usualGapSeconds) {
    const quiet = (t - Date.parse(c.lastItemAt)) / 1000;
    const limit = Math.max(SILENCE_FACTOR * c.usualGapSeconds, MIN_SILENCE_SECONDS);
    if (quiet > limit) {
      return {
        status: 'silent',
        reason: `nothing for ${hours(quiet)}; it usually delivers every ${hours(c.usualGapSeconds)}`,
      };
    }
  }
  return { status: 'ok', reason: '' };
}

/** Median of the gaps between sorted timestamps (ISO strings), in seconds; null under 3 items. */
export function usualGap(times: readonly string[]): number | null {
  if (times.length < 3) return null;
  const ms = times.map((x) => Date.parse(x)).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < ms.length; i++) gaps.push(((ms[i] ?? 0) - (ms[i - 1] ?? 0)) / 1000);
  gaps.sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 ? (gaps[mid] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2;
  return Math.max(median, 1);
}
