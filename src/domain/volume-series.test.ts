import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  bucketTime,
  coarsen,
  denseSeries,
  MAX_BUCKETS,
  RESOLUTION_MS,
  seriesEnd,
  seriesOf,
} from './volume-series.ts';

const at = (iso: string) => Date.parse(iso);

describe('bucketStart', () => {
  it('starts days and hours in Asia/Shanghai by default', () => {
    const t = at('2020-01-20T23:30:15+08:00');
    expect(bucketStart(t, 'day')).toBe(at('2020-01-20T00:00:00+08:00'));
    expect(bucketStart(t, 'hour')).toBe(at('2020-01-20T23:00:00+08:00'));
    expect(bucketStart(t, 'minute')).toBe(at('2020-01-20T23:30:00+08:00'));
    // 16:00 UTC is midnight in Shanghai: the first instant of the next day there.
    expect(bucketStart(at('2020-01-20T16:00:00Z'), 'day')).toBe(at('2020-01-21T00:00:00+08:00'));
    expect(bucketStart(at('2020-01-20T15:59:59.999Z'), 'day')).toBe(
      at('2020-01-20T00:00:00+08:00'),
    );
  });

  it('takes another zone, including half-hour offsets and times before 1970', () => {
    const t = at('2020-01-20T23:30:15Z');
    expect(bucketStart(t, 'day', 0)).toBe(at('2020-01-20T00:00:00Z'));
    expect(bucketStart(t, 'hour', 330)).toBe(at('2020-01-21T05:00:00+05:30'));
    expect(bucketStart(at('1969-12-31T20:10:00+08:00'), 'day')).toBe(
      at('1969-12-31T00:00:00+08:00'),
    );
  });

  it('is idempotent and refuses a time that is not finite', () => {
    const b = bucketStart(1_700_000_123_456, 'hour');
    expect(bucketStart(b, 'hour')).toBe(b);
    expect(() => bucketStart(Number.NaN, 'day')).toThrow(RangeError);
  });
});

describe('denseSeries', () => {
  const day = RESOLUTION_MS.day;
  const d0 = at('2020-01-19T00:00:00+08:00');

  it('fills the gaps between from and the bucket of to with zeros', () => {
    const rows = [
      { bucket: d0 + 2 * day, count: 7 },
      { bucket: d0, count: 3 },
    ];
    const s = denseSeries(rows, 'day', d0 + 5, d0 + 3 * day + 10);
    expect(s).toEqual({ res: 'day', start: d0, counts: [3, 0, 7, 0] });
    expect(bucketTime(s, 2)).toBe(d0 + 2 * day);
    expect(seriesEnd(s)).toBe(d0 + 4 * day);
  });

  it('adds up rows of one bucket, places rows by any time inside their bucket, drops the rest', () => {
    const rows = [
      { bucket: d0 + 3_600_000, count: 1 },
      { bucket: d0 + 7_200_000, count: 2 },
      { bucket: d0 - 1, count: 100 },
      { bucket: d0 + 2 * day, count: 100 },
    ];
    expect(denseSeries(rows, 'day', d0, d0 + day).counts).toEqual([3, 0]);
  });

  it('is empty when to falls before from, and refuses an absurd length', () => {
    expect(denseSeries([], 'hour', d0, d0 - 3_600_000).counts).toEqual([]);
    expect(denseSeries([], 'hour', d0, d0 + 59 * 60_000).counts).toEqual([0]);
    expect(() => denseSeries([], 'minute', 0, (MAX_BUCKETS + 1) * 60_000)).toThrow(/longer than/);
  });
});

describe('seriesOf', () => {
  const h0 = at('2012-08-01T10:00:00+08:00');
  const min = 60_000;

  it('counts raw times between the first and the last by default', () => {
    const times = [h0 + 5 * min + 1, h0 + 5 * min + 2, h0 + 8 * min, h0 + 5 * min + 59_000];
    expect(seriesOf(times, 'minute')).toEqual({
      res: 'minute',
      start: h0 + 5 * min,
      counts: [3, 0, 0, 1],
    });
  });

  it('takes an explicit range on either side', () => {
    const times = [h0 + 30 * min, h0 + 150 * min];
    expect(seriesOf(times, 'hour', { from: h0 - 3_600_000 }).counts).toEqual([0, 1, 0, 1]);
    expect(seriesOf(times, 'hour', { to: h0 + 60 * min }).counts).toEqual([1, 0]);
    expect(seriesOf(times, 'hour', { from: h0 + 60 * min, to: h0 + 61 * min }).counts).toEqual([0]);
  });

  it('gives an empty series for no times and no range, one empty bucket for a one-sided range', () => {
    expect(seriesOf([], 'day')).toEqual({ res: 'day', start: 0, counts: [] });
    expect(seriesOf([], 'hour', { from: h0 + 1 })).toEqual({ res: 'hour', start: h0, counts: [0] });
  });
});

describe('coarsen', () => {
  it('re-buckets minutes into hours and hours into Shanghai days, keeping every count', () => {
    const start = at('2020-01-20T22:58:00+08:00');
    const minutes = { res: 'minute' as const, start, counts: [1, 2, 3, 4, 5] };
    const hours = coarsen(minutes, 'hour');
    expect(hours).toEqual({
      res: 'hour',
      start: at('2020-01-20T22:00:00+08:00'),
      counts: [3, 12],
    });
    const days = coarsen(hours, 'day');
    expect(days).toEqual({ res: 'day', start: at('2020-01-20T00:00:00+08:00'), counts: [15] });
    expect(coarsen(minutes, 'day', 0).counts).toEqual([15]);
    expect(coarsen(minutes, 'minute')).toEqual(minutes);
  });

  it('keeps an empty series empty and refuses to refine', () => {
    const empty = { res: 'minute' as const, start: at('2020-01-20T22:58:00+08:00'), counts: [] };
    expect(coarsen(empty, 'hour')).toEqual({
      res: 'hour',
      start: at('2020-01-20T22:00:00+08:00'),
      counts: [],
    });
    expect(() => coarsen({ res: 'day', start: 0, counts: [1] }, 'hour')).toThrow(/cannot coarsen/);
  });

  it('agrees with bucketing the raw times at the coarse resolution', () => {
    const times = Array.from(
      { length: 500 },
      (_, i) => 1_600_000_000_000 + ((i * 7919) % 97) * 977_000,
    );
    const direct = seriesOf(times, 'hour');
    expect(coarsen(seriesOf(times, 'minute'), 'hour')).toEqual(direct);
    expect(coarsen(direct, 'day')).toEqual(seriesOf(times, 'day'));
  });
});
