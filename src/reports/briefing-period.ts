// The periods of briefings (简报) and when the schedule runs them, on the Asia/Shanghai calendar
// (UTC+8 all year, no daylight saving time): a daily briefing covers one calendar day, a weekly
// one Monday to Sunday, a monthly one the calendar month. Pure: times are ms since the epoch or
// ISO text; the caller passes the clock.

export const PERIODIC_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type PeriodicKind = (typeof PERIODIC_KINDS)[number];
export const BRIEFING_KINDS = [...PERIODIC_KINDS, 'special'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];

export const BRIEFING_KIND_LABELS: Record<BriefingKind, string> = {
  daily: '日报',
  weekly: '周报',
  monthly: '月报',
  special: '专报',
};

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface Period {
  kind: PeriodicKind;
  /** Inclusive start, ISO UTC (Asia/Shanghai midnight). */
  start: string;
  /** Exclusive end, ISO UTC. */
  end: string;
  /** Stable key of the period: 2026-11-28, 2026-W48, 2026-11. */
  key: string;
  /** The calendar year the issue is numbered in (the year of the period's first day). */
  year: number;
  /** In words, for the document: 2026年11月28日, 2026年11月23日至11月29日, 2026年11月. */
  text: string;
  /** First and last calendar day, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

export interface CalendarDay {
  y: number;
  m: number;
  d: number;
}

/** A YYYY-MM-DD text as a real calendar day, or null (2026-02-30 is null). */
export function parseDay(text: string): CalendarDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayText = (c: CalendarDay) => `${c.y}-${pad(c.m)}-${pad(c.d)}`;

/** Asia/Shanghai midnight starting a calendar day, ms. */
export function dayStart(c: CalendarDay): number {
  return Date.UTC(c.y, c.m - 1, c.d) - OFFSET_MS;
}

/** The Asia/Shanghai calendar day holding t. */
export function shanghaiDay(t: number): CalendarDay {
  const s = new Date(t + OFFSET_MS);
  return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, d: s.getUTCDate() };
}

function addDays(c: CalendarDay, n: number): CalendarDay {
  return shanghaiDay(dayStart(c) + n * DAY_MS);
}

/** 1 = Monday ... 7 = Sunday. */
function weekday(c: CalendarDay): number {
  const w = new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** ISO 8601 week number and its year of the week holding a day. */
function isoWeek(c: CalendarDay): { year: number; week: number } {
  const thursday = addDays(c, 4 - weekday(c));
  const jan1 = Date.UTC(thursday.y, 0, 1);
  const week =
    Math.floor((Date.UTC(thursday.y, thursday.m - 1, thursday.d) - jan1) / DAY_MS / 7) + 1;
  return { year: thursday.y, week };
}

const cn = (c: CalendarDay) => `${c.y}年${c.m}月${c.d}日`;

/** The period of a kind that holds a calendar day. */
export function periodOf(kind: PeriodicKind, day: CalendarDay): Period {
  const iso = (t: number) => new Date(t).toISOString();
  if (kind === 'daily') {
    return {
      kind,
      start: iso(dayStart(day)),
      end: iso(dayStart(day) + DAY_MS),
      key: dayText(day),
      year: day.y,
      text: cn(day),
      firstDay: dayText(day),
      lastDay: dayText(day),
    };
  }
  if (kind === 'weekly') {
    const monday = addDays(day, 1 - weekday(day));
    const sunday = addDays(monday, 6);
    const w = isoWeek(monday);
    return {
      kind,
      start: iso(dayStart(monday)),
      end: iso(dayStart(monday) + 7 * DAY_MS),
      key: `${w.year}-W${pad(w.week)}`,
      year: monday.y,
      text:
        monday.y === sunday.y
          ? `${cn(monday)}至${sunday.m}月${sunday.d}日`
          : `${cn(monday)}至${cn(sunday)}`,
      firstDay: dayText(monday),
      lastDay: dayText(sunday),
    };
  }
  const first = { y: day.y, m: day.m, d: 1 };
  const next = day.m === 12 ? { y: day.y + 1, m: 1, d: 1 } : { y: day.y, m: day.m + 1, d: 1 };
  return {
    kind,
    start: iso(dayStart(first)),
    end: iso(dayStart(next)),
    key: `${day.y}-${pad(day.m)}`,
    year: day.y,
    text: `${day.y}年${day.m}月`,
    firstDay: dayText(first),
    lastDay: dayText(addDays(next, -1)),
  };
}

/** The period just before (the day, week or month before), for comparisons. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, shanghaiDay(Date.parse(p.start) - DAY_MS));
}

// ---- the schedule ---------------------------------------------------------------------------

export interface KindSchedule {
  enabled: boolean;
  /** HH:MM, Asia/Shanghai. */
  time: string;
  /** Weekly: the day it runs, 1 = Monday ... 7 = Sunday. */
  weekday?: number;
  /** Monthly: the day of the month it runs (1-28). */
  day?: number;
}

export type BriefingSchedule = Record<PeriodicKind, KindSchedule>;

/** Daily 08:00 for the day before, weekly Monday 08:30 for the week before, monthly the 1st 09:00. */
export const DEFAULT_BRIEFING_SCHEDULE: BriefingSchedule = {
  daily: { enabled: true, time: '08:00' },
  weekly: { enabled: true, time: '08:30', weekday: 1 },
  monthly: { enabled: true, time: '09:00', day: 1 },
};

/** Minutes after midnight of an HH:MM text, or null. */
export function parseTime(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether a calendar day is one the kind runs on. */
function runsOn(kind: PeriodicKind, s: KindSchedule, c: CalendarDay): boolean {
  if (kind === 'daily') return true;
  if (kind === 'weekly') return weekday(c) === (s.weekday ?? 1);
  return c.d === (s.day ?? 1);
}

/** A day of the period before the one holding `day` (its last day). */
function lastDayBefore(kind: PeriodicKind, day: CalendarDay): CalendarDay {
  if (kind === 'daily') return addDays(day, -1);
  if (kind === 'weekly') return addDays(day, -weekday(day));
  return addDays({ y: day.y, m: day.m, d: 1 }, -1);
}

/**
 * The latest time at or before `now` the schedule of a kind ran (or should have), and the period
 * that run covers: the day, week or month before the run's day, week or month. Null when
 * switched off.
 */
export function latestSlot(
  kind: PeriodicKind,
  s: KindSchedule,
  now: number,
): { at: number; period: Period } | null {
  if (!s.enabled) return null;
  const minutes = parseTime(s.time);
  if (minutes === null) return null;
  let day = shanghaiDay(now);
  // At most a month and a bit back to find the last run day.
  for (let i = 0; i < 32; i++, day = addDays(day, -1)) {
    if (!runsOn(kind, s, day)) continue;
    const at = dayStart(day) + minutes * 60_000;
    if (at > now) continue;
    return { at, period: periodOf(kind, lastDayBefore(kind, day)) };
  }
  return null;
}
