// Burst detection on real data (../shared/data, see its README; figures in docs/TRENDS.md):
// - the repost times of the Weibo rumour events of Ma et al. (IJCAI 2016): the first burst starts
//   at the onset, the busiest hour lies inside a burst, and the weeks-long trickle after the event
//   seldom bursts;
// - the daily COVID-19 Weibo stream of 2020-01-19 .. 2020-02-14: hashtags that break out are
//   flagged on the day they broke, steady ones are not.
// Run with `npx vitest run src/domain/burst-real-data.test.ts`; the figures are printed.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import { detectBursts, type BurstResult } from './burst.ts';
import { bucketStart, RESOLUTION_MS, seriesOf, type VolumeSeries } from './volume-series.ts';

const EVENTS = sharedData('events/rumdect_events.jsonl', 'burst-real-data');
const DAILY = sharedData('stream/covid19_weibo_daily', 'burst-real-data');

const HOUR = RESOLUTION_MS.hour;
const MINUTE = RESOLUTION_MS.minute;
const DAY = RESOLUTION_MS.day;

const share = (hits: number, of: number) => (of ? hits / of : 0);
const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;

// ---------------------------------------------------------------------------------------------
// Rumour events

interface RumourEvent {
  eid: string;
  /** Source post time, ms. */
  source: number;
  /** Sorted repost times, ms. */
  reposts: number[];
}

/** Events with at least this many reposts are measured. */
const MIN_REPOSTS = 200;
/** The hour series run from the source post to this long after it. */
const HORIZON = 60 * DAY;
/** The tail: from a week after the source post to the horizon. */
const TAIL_FROM = 7 * DAY;

function readEvents(file: string): RumourEvent[] {
  const events: RumourEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { eid: string; source: { t: number }; repost_times: number[] };
    if (e.repost_times.length < MIN_REPOSTS) continue;
    events.push({
      eid: e.eid,
      source: e.source.t * 1000,
      reposts: e.repost_times.map((t) => t * 1000),
    });
  }
  return events;
}

/** The first repost that opens a stretch of `span` ms holding at least k reposts: the steep rise. */
function onset(times: readonly number[], k: number, span: number): number | undefined {
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] ?? 0;
    while (j < times.length && (times[j] ?? 0) < t + span) j++;
    if (j - i >= k) return t;
  }
  return undefined;
}

/** Index of the largest count (the first of equal ones). */
function argmax(counts: readonly number[]): number {
  let best = 0;
  counts.forEach((c, i) => {
    if (c > (counts[best] ?? 0)) best = i;
  });
  return best;
}

interface EventFigures {
  events: number;
  onsetWithinHour: number;
  onsetMeasured: number;
  peakInBurst: number;
  burstsPerEvent: number[];
  tailEvents: number;
  tailHours: number;
  tailFlaggedHours: number;
  tailReposts: number;
  tailBursts: number;
  tailEventsWithBurst: number;
  minuteMeasured: number;
  minuteNoBurst: number;
  minuteWithin10: number;
}

function measureEvents(events: readonly RumourEvent[]): EventFigures {
  const f: EventFigures = {
    events: events.length,
    onsetWithinHour: 0,
    onsetMeasured: 0,
    peakInBurst: 0,
    burstsPerEvent: [],
    tailEvents: 0,
    tailHours: 0,
    tailFlaggedHours: 0,
    tailReposts: 0,
    tailBursts: 0,
    tailEventsWithBurst: 0,
    minuteMeasured: 0,
    minuteNoBurst: 0,
    minuteWithin10: 0,
  };
  for (const e of events) {
    const end = e.source + HORIZON;
    const times = e.reposts.filter((t) => t < end);
    const last = times.at(-1) ?? e.source;
    const hours = seriesOf(times, 'hour', { from: e.source, to: last });
    const r = detectBursts(hours);
    f.burstsPerEvent.push(r.bursts.length);
    // Onset: the first repost that opens an hour holding at least 10 reposts.
    const rise = onset(times, 10, HOUR);
    const first = r.bursts[0];
    if (rise !== undefined) {
      f.onsetMeasured++;
      if (first && Math.abs(first.start - bucketStart(rise, 'hour')) <= HOUR) f.onsetWithinHour++;
    }
    if (r.flags[argmax(hours.counts)]) f.peakInBurst++;
    // Tail: the hours from a week after the source to the last repost before the horizon.
    const tailStart = (bucketStart(e.source + TAIL_FROM, 'hour') - hours.start) / HOUR;
    if (tailStart < hours.counts.length) {
      f.tailEvents++;
      f.tailHours += hours.counts.length - tailStart;
      f.tailFlaggedHours += r.flags.slice(tailStart).filter(Boolean).length;
      f.tailReposts += hours.counts.slice(tailStart).reduce((a, b) => a + b, 0);
      const tailStartMs = hours.start + tailStart * HOUR;
      const tb = r.bursts.filter((b) => b.start >= tailStartMs).length;
      f.tailBursts += tb;
      if (tb) f.tailEventsWithBurst++;
    }
    // Minutes over the first week: a fast onset (10 reposts within 10 minutes) against the first
    // minute burst.
    const week = times.filter((t) => t < e.source + 7 * DAY);
    const fast = onset(week, 10, 10 * MINUTE);
    if (fast !== undefined) {
      const minutes = seriesOf(week, 'minute', { from: e.source, to: week.at(-1) ?? e.source });
      const m = detectBursts(minutes).bursts[0];
      f.minuteMeasured++;
      if (!m) f.minuteNoBurst++;
      else if (Math.abs(m.start - bucketStart(fast, 'minute')) <= 10 * MINUTE) f.minuteWithin10++;
    }
  }
  return f;
}

describe.skipIf(EVENTS === undefined)('bursts in the reposts of the real rumour events', () => {
  let f: EventFigures;
  beforeAll(() => {
    const t0 = performance.now();
    f = measureEvents(readEvents(EVENTS ?? ''));
    const sorted = [...f.burstsPerEvent].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.floor(p * (sorted.length - 1))];
    console.log(
      [
        `rumour events with >= ${MIN_REPOSTS} reposts: ${f.events}`,
        `hour series, source post to +60 days: first burst within one hour of the onset ` +
          `(first repost opening an hour of >= 10): ${f.onsetWithinHour}/${f.onsetMeasured} ` +
          `= ${pct(share(f.onsetWithinHour, f.onsetMeasured))}`,
        `busiest hour inside a burst: ${f.peakInBurst}/${f.events} = ${pct(share(f.peakInBurst, f.events))}`,
        `bursts per event: median ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)}, max ${q(1)}`,
        `tail (day 7 .. 60) of ${f.tailEvents} events: ${f.tailHours} hours, ${f.tailReposts} ` +
          `reposts (${(f.tailReposts / f.tailHours).toFixed(3)} an hour), ` +
          `${f.tailFlaggedHours} hours flagged (${pct(share(f.tailFlaggedHours, f.tailHours), 3)}), ` +
          `${f.tailBursts} bursts (${((f.tailBursts / f.tailHours) * 24 * 7).toFixed(3)} a week), ` +
          `${f.tailEventsWithBurst} events with any`,
        `minute series, first week, events with 10 reposts within 10 minutes: ${f.minuteMeasured}; ` +
          `first minute burst within 10 minutes of that onset ${f.minuteWithin10} ` +
          `(${pct(share(f.minuteWithin10, f.minuteMeasured))}), no minute burst ${f.minuteNoBurst}`,
        `(${Math.round(performance.now() - t0)} ms)`,
      ].join('\n'),
    );
  }, 60_000);

  it('starts the first burst at the onset of the event', () => {
    expect(f.events).toBeGreaterThan(1500);
    expect(share(f.onsetWithinHour, f.onsetMeasured)).toBeGreaterThanOrEqual(0.95);
    expect(share(f.minuteWithin10, f.minuteMeasured)).toBeGreaterThanOrEqual(0.65);
  });

  it('puts the busiest hour inside a burst', () => {
    expect(share(f.peakInBurst, f.events)).toBeGreaterThanOrEqual(0.97);
  });

  it('seldom bursts in the trickle weeks after the event', () => {
    expect(f.tailHours).toBeGreaterThan(100_000);
    expect(share(f.tailFlaggedHours, f.tailHours)).toBeLessThan(0.001);
    expect((f.tailBursts / f.tailHours) * 24 * 7).toBeLessThan(0.08);
  });
});

// ---------------------------------------------------------------------------------------------
// The daily COVID-19 Weibo stream

interface Daily {
  days: string[];
  /** Posts carrying each hashtag on each day present (a post counts once per hashtag). */
  tags: Map<string, number[]>;
}

const HASHTAG = /#([^#\n]{1,40})#/g;

function readDaily(dir: string): Daily {
  const days = readdirSync(dir)
    .filter((f) => /^\d{4}-\d\d-\d\d\.csv$/.test(f))
    .sort()
    .map((f) => f.slice(0, 10));
  const tags = new Map<string, number[]>();
  days.forEach((day, d) => {
    const lines = readFileSync(path.join(dir, `${day}.csv`), 'utf8').split('\n');
    for (const line of lines.slice(1)) {
      const seen = new Set<string>();
      for (const m of line.matchAll(HASHTAG)) seen.add((m[1] ?? '').trim());
      for (const tag of seen) {
        let counts = tags.get(tag);
        if (!counts) tags.set(tag, (counts = new Array<number>(days.length).fill(0)));
        counts[d] = (counts[d] ?? 0) + 1;
      }
    }
  });
  return { days, tags };
}

/**
 * The days present, treated as consecutive: a missing file is a day not observed, not a day
 * without posts. The stream starts on its first day; what came before is unknown, so the first day
 * never bursts.
 */
function dailyBursts(daily: Daily, counts: number[]): BurstResult {
  const start = bucketStart(Date.parse(`${daily.days[0] ?? '2020-01-19'}T00:00:00+08:00`), 'day');
  const series: VolumeSeries = { res: 'day', start, counts };
  return detectBursts(series, { silentBefore: false, warmup: 1 });
}

describe.skipIf(DAILY === undefined)('bursts of hashtags in the real daily Weibo stream', () => {
  let daily: Daily;
  const flaggedDays = (tag: string) => {
    const counts = daily.tags.get(tag) ?? [];
    const r = dailyBursts(daily, counts);
    return daily.days.filter((_, d) => r.flags[d]);
  };
  beforeAll(() => {
    const t0 = performance.now();
    daily = readDaily(DAILY ?? '');
    console.log(
      `COVID-19 Weibo stream: ${daily.days.length} days, ${daily.tags.size} hashtags ` +
        `(${Math.round(performance.now() - t0)} ms)`,
    );
  }, 60_000);

  it('flags every hashtag that breaks out on the day it broke', () => {
    let breakouts = 0;
    let onTheDay = 0;
    let withBurst = 0;
    const missed: string[] = [];
    for (const [tag, counts] of daily.tags) {
      const r = dailyBursts(daily, counts);
      if (r.bursts.length) withBurst++;
      // A breakout: at most 2 posts on every earlier day, then at least 100 in one day.
      const d = counts.findIndex((c, i) => c >= 100 && counts.slice(0, i).every((x) => x <= 2));
      if (d < 1) continue;
      breakouts++;
      if (r.flags[d]) onTheDay++;
      else missed.push(`${tag}: ${counts.join(' ')}`);
    }
    console.log(
      `breakouts (<= 2 posts a day before, then >= 100): ${breakouts}, flagged on the day ` +
        `${onTheDay} (${pct(share(onTheDay, breakouts))}); hashtags with any burst ${withBurst} ` +
        `of ${daily.tags.size}${missed.length ? `; missed: ${missed.slice(0, 5).join(' | ')}` : ''}`,
    );
    expect(breakouts).toBeGreaterThan(250);
    expect(share(onTheDay, breakouts)).toBeGreaterThanOrEqual(0.98);
  });

  it('flags the famous topics on the day they broke', () => {
    const broke: Record<string, string> = {
      武汉加油: '2020-01-21',
      全国确诊新型肺炎病例: '2020-01-24',
      最新疫情地图: '2020-01-25',
      世界卫生组织: '2020-01-30',
      双黄连可抑制新型冠状病毒: '2020-01-31',
      钟南山称李文亮为英雄: '2020-02-12',
      武汉感染人数未摸清: '2020-02-13',
    };
    for (const [tag, day] of Object.entries(broke)) {
      expect(flaggedDays(tag)[0], tag).toBe(day);
    }
  });

  it('does not flag a hashtag of steady daily volume', () => {
    // 新型冠状病毒: 33 .. 193 posts a day from 2020-01-21 on; its one burst is 2020-01-20 (129 -> 493).
    expect(flaggedDays('新型冠状病毒')).toEqual(['2020-01-20']);
    // 武汉加油 rises from 2020-01-21 to 01-27, then holds (49 .. 474 a day) without a burst.
    expect(flaggedDays('武汉加油')).toEqual([
      '2020-01-21',
      '2020-01-24',
      '2020-01-25',
      '2020-01-27',
    ]);
  });
});
