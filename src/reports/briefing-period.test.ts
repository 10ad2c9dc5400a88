import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRIEFING_SCHEDULE,
  latestSlot,
  parseDay,
  periodOf,
  previousPeriod,
  shanghaiDay,
} from './briefing-period.ts';

const day = (s: string) => {
  const d = parseDay(s);
  if (!d) throw new Error(`bad day ${s}`);
  return d;
};

describe('briefing periods (Asia/Shanghai)', () => {
  it('a day runs from Shanghai midnight to the next', () => {
    const p = periodOf('daily', day('2026-11-28'));
    expect(p).toMatchObject({
      start: '2026-11-27T16:00:00.000Z',
      end: '2026-11-28T16:00:00.000Z',
      key: '2026-11-28',
      year: 2026,
      text: '2026年11月28日',
    });
  });

  it('a week is Monday to Sunday holding the date, with its ISO week', () => {
    // 2026-11-28 is a Saturday.
    const p = periodOf('weekly', day('2026-11-28'));
    expect(p).toMatchObject({
      start: '2026-11-22T16:00:00.000Z',
      end: '2026-11-29T16:00:00.000Z',
      key: '2026-W48',
      firstDay: '2026-11-23',
      lastDay: '2026-11-29',
      text: '2026年11月23日至11月29日',
    });
    // A Sunday belongs to the week before it, a Monday starts its own.
    expect(periodOf('weekly', day('2026-11-29')).key).toBe('2026-W48');
    expect(periodOf('weekly', day('2026-11-30')).key).toBe('2026-W49');
    // Across the new year: 2026-12-28 .. 2027-01-03 is ISO week 53 of 2026.
    const y = periodOf('weekly', day('2027-01-01'));
    expect(y).toMatchObject({ key: '2026-W53', year: 2026, firstDay: '2026-12-28' });
    expect(y.text).toBe('2026年12月28日至2027年1月3日');
  });

  it('a month is the calendar month; February knows leap years', () => {
    expect(periodOf('monthly', day('2028-02-10'))).toMatchObject({
      start: '2028-01-31T16:00:00.000Z',
      end: '2028-02-29T16:00:00.000Z',
      key: '2028-02',
      lastDay: '2028-02-29',
      text: '2028年2月',
    });
    expect(periodOf('monthly', day('2026-12-31')).end).toBe('2026-12-31T16:00:00.000Z');
  });

  it('the period before: the day, the week, the month before', () => {
    expect(previousPeriod(periodOf('daily', day('2026-03-01'))).key).toBe('2026-02-28');
    expect(previousPeriod(periodOf('weekly', day('2026-11-28'))).key).toBe('2026-W47');
    expect(previousPeriod(periodOf('monthly', day('2026-01-15'))).key).toBe('2025-12');
  });

  it('refuses what is not a calendar day', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-5', 'yesterday', '2026-11-28T00:00'])
      expect(parseDay(bad)).toBeNull();
  });

  it('Shanghai days turn at 16:00 UTC', () => {
    expect(shanghaiDay(Date.parse('2026-11-28T15:59:59.999Z'))).toEqual({ y: 2026, m: 11, d: 28 });
    expect(shanghaiDay(Date.parse('2026-11-28T16:00:00.000Z'))).toEqual({ y: 2026, m: 11, d: 29 });
  });
});

describe('the schedule’s latest slot', () => {
  const S = DEFAULT_BRIEFING_SCHEDULE;

  it('daily 08:00 covers the day before; before 08:00 the slot is yesterday’s', () => {
    // 2026-11-29 08:00 Shanghai = 00:00 UTC.
    const at8 = latestSlot('daily', S.daily, Date.parse('2026-11-29T00:00:00.000Z'));
    expect(at8?.at).toBe(Date.parse('2026-11-29T00:00:00.000Z'));
    expect(at8?.period.key).toBe('2026-11-28');
    const before = latestSlot('daily', S.daily, Date.parse('2026-11-28T23:59:00.000Z'));
    expect(before?.period.key).toBe('2026-11-27');
  });

  it('weekly Monday 08:30 covers the week before; monthly the 1st 09:00 the month before', () => {
    // Monday 2026-11-30 08:30 Shanghai = 00:30 UTC.
    const w = latestSlot('weekly', S.weekly, Date.parse('2026-11-30T00:30:00.000Z'));
    expect(w?.period.key).toBe('2026-W48');
    // A Sunday evening: the slot is the Monday before, for the week before that.
    const sun = latestSlot('weekly', S.weekly, Date.parse('2026-11-29T12:00:00.000Z'));
    expect(sun?.at).toBe(Date.parse('2026-11-23T00:30:00.000Z'));
    expect(sun?.period.key).toBe('2026-W47');
    const m = latestSlot('monthly', S.monthly, Date.parse('2026-12-01T01:00:00.000Z'));
    expect(m?.period.key).toBe('2026-11');
    const m2 = latestSlot('monthly', S.monthly, Date.parse('2026-12-01T00:59:00.000Z'));
    expect(m2?.period.key).toBe('2026-10');
  });

  it('a weekly run on another weekday still covers the whole week before; off: no slot', () => {
    const wed = { enabled: true, time: '10:00', weekday: 3 };
    // Wednesday 2026-12-02 10:00 Shanghai.
    const s = latestSlot('weekly', wed, Date.parse('2026-12-02T02:00:00.000Z'));
    expect(s?.period.key).toBe('2026-W48');
    const fifth = { enabled: true, time: '07:00', day: 5 };
    expect(latestSlot('monthly', fifth, Date.parse('2026-12-05T00:00:00.000Z'))?.period.key).toBe(
      '2026-11',
    );
    expect(latestSlot('daily', { enabled: false, time: '08:00' }, Date.now())).toBeNull();
  });
});
