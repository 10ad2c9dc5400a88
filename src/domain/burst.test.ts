import { describe, expect, it } from 'vitest';
import { seededRng as prng } from '../analysis/near-duplicates-eval.ts';
import {
  burstingNow,
  burstOptions,
  detectBursts,
  lnNormalCdf,
  lnPoissonTail,
  type BurstOptions,
} from './burst.ts';
import { RESOLUTION_MS, type Resolution, type VolumeSeries } from './volume-series.ts';

/** A Poisson draw by inversion (fine for the means used here, up to a few hundred). */
function poisson(random: () => number, mean: number): number {
  const u = random();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 10_000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

const T0 = Date.parse('2024-03-01T00:00:00+08:00');
const series = (counts: number[], res: Resolution = 'hour'): VolumeSeries => ({
  res,
  start: T0,
  counts,
});
const flagged = (flags: boolean[]) => flags.flatMap((f, i) => (f ? [i] : []));

/** P(X >= x) by plain summation of the probability mass (small means only). */
function tailBySum(x: number, mean: number): number {
  let below = 0;
  let p = Math.exp(-mean);
  for (let k = 0; k < x; k++) {
    below += p;
    p *= mean / (k + 1);
  }
  return 1 - below;
}

describe('lnPoissonTail', () => {
  it('matches plain summation where that is accurate', () => {
    for (const [x, mean] of [
      [1, 0.5],
      [5, 0.5],
      [10, 2],
      [3, 3],
      [20, 10],
      [100, 100],
      [130, 100],
      [600, 500],
    ] as const) {
      const p = Math.exp(lnPoissonTail(x, mean));
      expect(Math.abs(p - tailBySum(x, mean)) / p).toBeLessThan(1e-9);
    }
  });

  it('handles the edges: no count, no mean, huge counts, huge means', () => {
    expect(lnPoissonTail(0, 3)).toBe(0);
    expect(lnPoissonTail(-2, 3)).toBe(0);
    expect(lnPoissonTail(1, 0)).toBe(-Infinity);
    // ln P(X >= 1e9 | 1) ~ -ln((1e9)!) = -1.97e10: finite, no underflow to -Infinity.
    expect(lnPoissonTail(1e9, 1) / 1e10).toBeCloseTo(-1.9723, 3);
    expect(lnPoissonTail(1e9, 1e9)).toBeCloseTo(Math.log(0.5), 3);
    expect(Number.isFinite(lnPoissonTail(3e9, 1e9))).toBe(true);
  });

  it('is continuous where the normal approximation takes over (mean 1e5)', () => {
    for (const d of [-600, -300, 0, 300, 1000, 2000]) {
      const exact = lnPoissonTail(99_999.9 + d, 99_999.9);
      const approx = lnPoissonTail(100_000.1 + d, 100_000.1);
      expect(Math.abs(exact - approx)).toBeLessThan(5e-3 * Math.max(1, -exact));
    }
  });
});

describe('lnNormalCdf', () => {
  it('gives known values without underflow in either tail', () => {
    expect(Math.exp(lnNormalCdf(-1.96))).toBeCloseTo(0.0249979, 7);
    expect(Math.exp(lnNormalCdf(0))).toBeCloseTo(0.5, 12);
    expect(Math.exp(lnNormalCdf(-5)) / 2.8665157e-7).toBeCloseTo(1, 6);
    expect(Math.exp(lnNormalCdf(-10)) / 7.619853e-24).toBeCloseTo(1, 6);
    expect(lnNormalCdf(-40)).toBeCloseTo(-804.608, 3);
    expect(-lnNormalCdf(5) / 2.8665157e-7).toBeCloseTo(1, 5);
    expect(Math.abs(lnNormalCdf(-3.0000001) - lnNormalCdf(-2.9999999))).toBeLessThan(1e-6);
  });
});

describe('burstOptions', () => {
  it('defaults by resolution and refuses nonsense', () => {
    expect(burstOptions('minute')).toMatchObject({ window: 60, seasonPeriod: 0, alpha: 1e-4 });
    expect(burstOptions('hour')).toMatchObject({ window: 24, seasonPeriod: 24 });
    expect(burstOptions('day', { window: 14 })).toMatchObject({ window: 14, seasonPeriod: 7 });
    expect(() => burstOptions('day', { window: 0 })).toThrow(/window/);
    expect(() => burstOptions('day', { window: 2.5 })).toThrow(/window/);
    expect(() => burstOptions('day', { alpha: 0 })).toThrow(/alpha/);
    expect(() => burstOptions('day', { floor: 0 })).toThrow(/floor/);
    expect(() => burstOptions('day', { ratio: 0.5 })).toThrow(/ratio/);
    expect(() => burstOptions('day', { seasonMinCycles: 4, seasonMaxCycles: 3 })).toThrow(/Max/);
  });
});

describe('detectBursts', () => {
  it('copes with an empty series, one bucket, all zeros and huge counts', () => {
    expect(detectBursts(series([]))).toEqual({ bursts: [], baseline: [], flags: [] });
    expect(detectBursts(series([0]))).toEqual({ bursts: [], baseline: [0.5], flags: [false] });
    const zeros = detectBursts(series(new Array<number>(500).fill(0)));
    expect(zeros.bursts).toEqual([]);
    expect(new Set(zeros.baseline)).toEqual(new Set([0.5]));
    const huge = detectBursts(series([1e9, 1e9, 1e9, 5e9, 1e9]), { silentBefore: false });
    expect(flagged(huge.flags)).toEqual([0, 3]);
    expect(huge.bursts[1]).toMatchObject({ peakCount: 5e9, expected: 1e9 });
    expect(Number.isFinite(huge.bursts[1]?.score)).toBe(true);
  });

  it('does not call a first post on a silent series a burst, but a real jump is one', () => {
    expect(detectBursts(series([0, 0, 1, 0, 2, 0, 3, 1])).bursts).toEqual([]);
    const r = detectBursts(series([0, 0, 1, 0, 12, 9, 1]));
    expect(flagged(r.flags)).toEqual([4, 5]);
    const step = RESOLUTION_MS.hour;
    expect(r.bursts).toEqual([
      {
        start: T0 + 4 * step,
        end: T0 + 6 * step,
        peak: T0 + 4 * step,
        peakCount: 12,
        expected: 0.5,
        total: 21,
        score: -lnPoissonTail(12, 0.5) / Math.LN10,
      },
    ]);
  });

  it('counts the time before a series as silent unless told the past is unknown', () => {
    const steady = [40, 38, 45, 41, 39, 44];
    // A new topic: the window of 7 days holds zeros before the start, so its first days burst.
    expect(flagged(detectBursts(series(steady, 'day')).flags)).toEqual([0, 1, 2, 3]);
    const unknown = { silentBefore: false };
    expect(flagged(detectBursts(series(steady, 'day'), unknown).flags)).toEqual([0]);
    expect(detectBursts(series(steady, 'day'), { ...unknown, warmup: 1 }).bursts).toEqual([]);
  });

  it('raises few false alarms on flat Poisson series (measured over 100 seeds each)', () => {
    for (const res of ['minute', 'hour', 'day'] as const) {
      for (const mean of [0.2, 1, 3, 10, 50, 300]) {
        let alarms = 0;
        let buckets = 0;
        for (let seed = 1; seed <= 100; seed++) {
          const random = prng(seed * 7919 + mean * 10);
          const counts = Array.from({ length: 1000 }, () => poisson(random, mean));
          const r = detectBursts(series(counts, res), { silentBefore: false, warmup: 60 });
          alarms += flagged(r.flags).length;
          buckets += counts.length - 60;
        }
        // alpha is 1e-4; the baseline is itself estimated, hence a little more (see docs/TRENDS.md).
        expect(alarms / buckets, `${res} mean ${mean}`).toBeLessThan(1e-3);
      }
    }
  });

  it('finds an injected step at the bucket it starts, over many seeds', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = prng(seed);
      const at = 100 + Math.floor(random() * 200);
      const counts = Array.from({ length: 400 }, (_, i) => poisson(random, i >= at ? 30 : 5));
      const r = detectBursts(series(counts, 'minute'));
      const first = r.bursts.find((b) => b.end > T0 + 60 * 60_000);
      expect(first?.start, `seed ${seed}`).toBe(T0 + at * 60_000);
      expect(r.flags[at]).toBe(true);
    }
  });

  it('absorbs a lasting new level: the burst ends once the window has caught up', () => {
    const counts = [...new Array<number>(30).fill(10), ...new Array<number>(30).fill(40)];
    // Without the weekly index, whose profile the mid-week step would tilt for a few weeks.
    const opts = { silentBefore: false, warmup: 7, seasonPeriod: 0 };
    const r = detectBursts(series(counts, 'day'), opts);
    expect(r.bursts).toHaveLength(1);
    // Day 33: the 7-day mean is (4 x 10 + 3 x 40) / 7 = 22.9, and 40 is less than twice that.
    expect(flagged(r.flags)).toEqual([30, 31, 32]);
    expect(r.baseline[59]).toBe(40);
  });

  it('never looks ahead: adding later buckets changes no earlier baseline or flag', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(1000 + seed);
      const counts = Array.from({ length: 24 * 12 }, (_, i) =>
        poisson(random, (i % 24 < 6 ? 1 : 8) * (random() < 0.02 ? 6 : 1)),
      );
      const full = detectBursts(series(counts));
      for (const cut of [1, 5, 24, 71, 72, 73, 100, 200]) {
        const part = detectBursts(series(counts.slice(0, cut)));
        expect(part.flags).toEqual(full.flags.slice(0, cut));
        expect(part.baseline).toEqual(full.baseline.slice(0, cut));
      }
    }
  });

  it('learns a daily profile at hour resolution, so that only the off-profile spike bursts', () => {
    const random = prng(42);
    // Quiet nights (3 an hour), a daily two-hour peak of 40, and one spike of 30 at 03:00 on day 10.
    const counts = Array.from({ length: 24 * 14 }, (_, i) => {
      const hour = i % 24;
      if (i === 24 * 10 + 3) return 30;
      return poisson(random, hour === 9 || hour === 10 ? 40 : 3);
    });
    const seasonal = flagged(detectBursts(series(counts)).flags);
    const flat = flagged(detectBursts(series(counts), { seasonPeriod: 0 }).flags);
    const later = (xs: number[]) => xs.filter((i) => i >= 24 * 3);
    expect(later(seasonal)).toEqual([24 * 10 + 3]);
    // Without the seasonal index, every morning peak after day 3 is a burst.
    expect(later(flat).filter((i) => i % 24 === 9)).toHaveLength(11);
  });

  it('keeps a sparse daily profile near flat instead of expecting nothing at a silent hour', () => {
    // A trickle of one item every 7 hours for 10 days, then three items an hour.
    const counts = Array.from({ length: 24 * 10 + 12 }, (_, i) =>
      i >= 240 ? 3 : i % 7 === 0 ? 1 : 0,
    );
    const seasonal = detectBursts(series(counts)).baseline;
    const flat = detectBursts(series(counts), { seasonPeriod: 0 }).baseline;
    for (let i = 240; i < counts.length; i++) {
      const ratio = (seasonal[i] ?? 0) / (flat[i] ?? 1);
      expect(ratio, `hour ${i}`).toBeGreaterThan(0.75);
      expect(ratio, `hour ${i}`).toBeLessThan(1.5);
    }
  });
});

describe('burstingNow', () => {
  it('agrees with detectBursts on the last bucket when it is complete', () => {
    const random = prng(7);
    const counts = Array.from({ length: 400 }, (_, i) => poisson(random, i % 37 === 0 ? 25 : 4));
    for (let n = 1; n <= counts.length; n++) {
      const s = series(counts.slice(0, n), 'minute');
      const r = detectBursts(s);
      const now = burstingNow(s, 1);
      expect(now.bursting).toBe(r.flags[n - 1]);
      expect(now.expected).toBe(r.baseline[n - 1]);
      expect(now.observed).toBe(counts[n - 1]);
    }
  });

  it('scales the expectation by the elapsed part of a bucket still filling', () => {
    const counts = [...new Array<number>(48).fill(20), 25];
    const opts: Partial<BurstOptions> = { seasonPeriod: 0 };
    expect(burstingNow(series(counts), 1, opts)).toMatchObject({ bursting: false, expected: 20 });
    const early = burstingNow(series(counts), 0.25, opts);
    expect(early).toMatchObject({ bursting: true, expected: 5, observed: 25 });
    expect(early.score).toBeCloseTo(-lnPoissonTail(25, 5) / Math.LN10, 9);
    // A fraction outside (0, 1] is clamped, not trusted.
    expect(burstingNow(series(counts), 0, opts).expected).toBeCloseTo(0.2, 9);
    expect(burstingNow(series(counts), 7, opts).expected).toBe(20);
    expect(burstingNow(series([]), 0.5)).toEqual({
      bursting: false,
      score: 0,
      expected: 0,
      observed: 0,
    });
  });
});
