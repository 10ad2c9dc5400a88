// Burst detection on a volume series against the series' own past (method and figures in
// docs/TRENDS.md). Each bucket gets a baseline from the buckets before it only (no look-ahead): the
// mean of a trailing window, times a seasonal index (the same hour of the day, or the same day of
// the week, on past periods) once enough periods of history exist, never below a small floor. A
// bucket bursts when its count is improbable under a Poisson law with that mean, is at least
// `ratio` times the mean and is at least `minCount`. Consecutive bursting buckets make one burst.

import { RESOLUTION_MS, type Resolution, type VolumeSeries } from './volume-series.ts';

export interface Burst {
  start: number;
  /** Exclusive. */
  end: number;
  /** Bucket start of the largest count (the first of equal ones). */
  peak: number;
  peakCount: number;
  /** Baseline at the peak. */
  expected: number;
  total: number;
  /** Strength: -log10 of the Poisson tail probability of the most improbable bucket of the burst. */
  score: number;
}

export interface BurstOptions {
  /** Trailing buckets whose mean is the level (default 60 minutes, 24 hours or 7 days). */
  window: number;
  /** Seasonal period in buckets, 0 for none (default: none for minutes, 24 for hours, 7 for days). */
  seasonPeriod: number;
  /** Full past periods needed before the seasonal index is used (default 3). */
  seasonMinCycles: number;
  /** At most this many past periods make the seasonal index (default 7). */
  seasonMaxCycles: number;
  /** Items added to each phase's count and to its flat share, shrinking the index to 1 (default 5). */
  seasonPrior: number;
  /** Significance: a bucket may burst when P(X >= count | baseline) < alpha (default 1e-4). */
  alpha: number;
  /** A bursting bucket holds at least this many items (default 5). */
  minCount: number;
  /** A bursting bucket holds at least ratio x its baseline (default 2). */
  ratio: number;
  /** The baseline never falls below this many items a bucket (default 0.5). */
  floor: number;
  /**
   * Whether nothing happened before the series starts (true, default: the series of a new event or
   * topic), so the first buckets' window counts zeros before the start; or whether the past is
   * unknown (false: the window holds only the buckets there are).
   */
  silentBefore: boolean;
  /** The first buckets that never burst, for a series whose start is not the start of the data. */
  warmup: number;
}

export interface BurstResult {
  bursts: Burst[];
  /** Expected count of each bucket from its past. */
  baseline: number[];
  flags: boolean[];
}

const DEFAULT_WINDOW: Record<Resolution, number> = { minute: 60, hour: 24, day: 7 };
const DEFAULT_SEASON: Record<Resolution, number> = { minute: 0, hour: 24, day: 7 };

/** The options in force for a series of the given resolution. */
export function burstOptions(res: Resolution, options: Partial<BurstOptions> = {}): BurstOptions {
  const o: BurstOptions = {
    window: DEFAULT_WINDOW[res],
    seasonPeriod: DEFAULT_SEASON[res],
    seasonMinCycles: 3,
    seasonMaxCycles: 7,
    seasonPrior: 5,
    alpha: 1e-4,
    minCount: 5,
    ratio: 2,
    floor: 0.5,
    silentBefore: true,
    warmup: 0,
    ...options,
  };
  const whole = (
    name: 'window' | 'seasonPeriod' | 'seasonMinCycles' | 'seasonMaxCycles' | 'warmup',
    min: number,
  ) => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`burst option ${name} must be an integer >= ${min}, not ${v}`);
    }
  };
  whole('window', 1);
  whole('seasonPeriod', 0);
  whole('seasonMinCycles', 1);
  whole('seasonMaxCycles', o.seasonMinCycles);
  whole('warmup', 0);
  if (!(o.alpha > 0 && o.alpha < 1)) throw new RangeError(`burst alpha ${o.alpha} not in (0, 1)`);
  if (!(o.seasonPrior > 0)) throw new RangeError(`burst seasonPrior ${o.seasonPrior} must be > 0`);
  if (!(o.floor > 0)) throw new RangeError(`burst floor ${o.floor} must be > 0`);
  if (!(o.ratio >= 1)) throw new RangeError(`burst ratio ${o.ratio} must be >= 1`);
  if (!(o.minCount >= 1)) throw new RangeError(`burst minCount ${o.minCount} must be >= 1`);
  return o;
}

// --- Poisson upper tail in log space -------------------------------------------------------------

const LN_FACTORIALS = (() => {
  const t = new Float64Array(256);
  for (let k = 2; k < t.length; k++) t[k] = (t[k - 1] ?? 0) + Math.log(k);
  return t;
})();

/** ln(n!) for an integer n >= 0: a table, then Stirling's series (error far below 1e-12). */
function lnFactorial(n: number): number {
  const small = LN_FACTORIALS[n];
  if (small !== undefined) return small;
  const n2 = n * n;
  return (
    n * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI * n) +
    (1 / 12 - (1 / 360 - 1 / (1260 * n2)) / n2) / n
  );
}

const lnPoissonPmf = (k: number, lambda: number) => k * Math.log(lambda) - lambda - lnFactorial(k);

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln of the standard normal upper tail Q(z) = P(Z > z) for z > 3, by the Laplace continued fraction. */
function lnNormalUpperFar(z: number): number {
  let t = z;
  for (let k = 60; k >= 1; k--) t = z + k / t;
  return -0.5 * z * z - LN_SQRT_2PI - Math.log(t);
}

/** ln Phi(z), the standard normal distribution function, without underflow in either tail. */
export function lnNormalCdf(z: number): number {
  if (z < -3) return lnNormalUpperFar(-z);
  if (z > 3) return Math.log1p(-Math.exp(lnNormalUpperFar(z)));
  // erf(y) = 2/sqrt(pi) exp(-y^2) sum_n 2^n y^(2n+1) / (1*3*...*(2n+1)): positive terms.
  const y = z / Math.SQRT2;
  let term = y;
  let sum = y;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * y * y) / (2 * n + 1);
    sum += term;
  }
  const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-y * y) * sum;
  return Math.log(0.5 * (1 + erf));
}

/** Above this mean, counts near the mean use the Wilson-Hilferty normal approximation. */
const EXACT_MEAN_LIMIT = 1e5;

/**
 * ln P(X >= x) for X ~ Poisson(lambda). Exact sums in log space (no underflow for huge counts);
 * for a mean above 1e5 and a count below twice the mean, the Wilson-Hilferty approximation of the
 * equivalent chi-square probability P(chi2(2x) <= 2 lambda).
 */
export function lnPoissonTail(x: number, lambda: number): number {
  const k = Math.ceil(x);
  if (!(k > 0)) return 0;
  if (!(lambda > 0)) return -Infinity;
  if (lambda > EXACT_MEAN_LIMIT && k < 2 * lambda) {
    const z = 3 * Math.sqrt(k) * (Math.cbrt(lambda / k) - 1 + 1 / (9 * k));
    return lnNormalCdf(z);
  }
  if (k > lambda) {
    // P(X >= k) = pmf(k) * sum_n prod_{j=1..n} lambda / (k + j): terms fall geometrically.
    let term = 1;
    let sum = 1;
    for (let j = 1; term > 1e-17 * sum; j++) {
      term *= lambda / (k + j);
      sum += term;
    }
    return lnPoissonPmf(k, lambda) + Math.log(sum);
  }
  // k <= lambda: 1 - P(X <= k - 1), that sum being pmf(k - 1) * sum_n prod_j (k - j) / lambda.
  let term = 1;
  let sum = 1;
  for (let j = k - 1; j > 0 && term > 1e-17 * sum; j--) {
    term *= j / lambda;
    sum += term;
  }
  const below = Math.exp(lnPoissonPmf(k - 1, lambda) + Math.log(sum));
  return Math.log1p(-Math.min(below, 1));
}

// --- Baseline and flags --------------------------------------------------------------------------

interface Scan {
  baseline: number[];
  flags: boolean[];
  /** ln p of each flagged bucket (0 elsewhere). */
  lnp: number[];
}

/**
 * Seasonal index of every phase from the `cycles` periods before bucket i: the phase's count over
 * those periods against the count a flat profile would give it, both plus `prior` items, so that a
 * sparse profile (a few items a period) stays near 1 instead of swinging to 0 or to large multiples.
 */
function seasonalIndex(
  counts: readonly number[],
  i: number,
  period: number,
  cycles: number,
  prior: number,
) {
  const sums = new Float64Array(period);
  let total = 0;
  for (let j = i - cycles * period; j < i; j++) {
    const c = counts[j] ?? 0;
    const phase = j % period;
    sums[phase] = (sums[phase] ?? 0) + c;
    total += c;
  }
  const flat = total / period + prior;
  return (phase: number) => ((sums[phase] ?? 0) + prior) / flat;
}

/**
 * Baseline and flags for every bucket; the last bucket's expectation is scaled by
 * `lastFraction` (the elapsed part of a bucket still filling).
 */
function scan(counts: readonly number[], o: BurstOptions, lastFraction = 1): Scan {
  const n = counts.length;
  const baseline = new Array<number>(n).fill(0);
  const flags = new Array<boolean>(n).fill(false);
  const lnp = new Array<number>(n).fill(0);
  const lnAlpha = Math.log(o.alpha);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] ?? 0) + (counts[i] ?? 0);
  const P = o.seasonPeriod;
  let index: ((phase: number) => number) | undefined;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - o.window);
    const windowSum = (prefix[i] ?? 0) - (prefix[lo] ?? 0);
    const span = o.silentBefore ? o.window : i - lo;
    let expected = span > 0 ? windowSum / span : 0;
    const cycles = P > 0 ? Math.min(o.seasonMaxCycles, Math.floor(i / P)) : 0;
    if (cycles >= o.seasonMinCycles) {
      // The index of bucket i comes from the whole periods before the one holding i.
      if (!index || i % P === 0)
        index = seasonalIndex(counts, i - (i % P), P, cycles, o.seasonPrior);
      let weight = 0;
      for (let j = i - span; j < i; j++) weight += index(((j % P) + P) % P);
      if (weight > 0) expected = (windowSum / weight) * index(i % P);
    }
    baseline[i] = Math.max(o.floor, expected);
    if (i < o.warmup) continue;
    const x = counts[i] ?? 0;
    const lambda = (baseline[i] ?? 0) * (i === n - 1 ? lastFraction : 1);
    if (x < o.minCount || x < o.ratio * lambda) continue;
    const l = lnPoissonTail(x, lambda);
    if (l < lnAlpha) {
      flags[i] = true;
      lnp[i] = l;
    }
  }
  return { baseline, flags, lnp };
}

const score = (lnp: number) => (lnp < 0 ? -lnp / Math.LN10 : 0);

/** Bursts of a series: consecutive flagged buckets, with their baseline and flags per bucket. */
export function detectBursts(series: VolumeSeries, options?: Partial<BurstOptions>): BurstResult {
  const o = burstOptions(series.res, options);
  const { counts } = series;
  const { baseline, flags, lnp } = scan(counts, o);
  const step = RESOLUTION_MS[series.res];
  const bursts: Burst[] = [];
  let open: Burst | undefined;
  for (let i = 0; i < counts.length; i++) {
    if (!flags[i]) {
      open = undefined;
      continue;
    }
    const t = series.start + i * step;
    const x = counts[i] ?? 0;
    if (!open) {
      open = { start: t, end: t, peak: t, peakCount: -1, expected: 0, total: 0, score: 0 };
      bursts.push(open);
    }
    open.end = t + step;
    open.total += x;
    open.score = Math.max(open.score, score(lnp[i] ?? 0));
    if (x > open.peakCount) {
      open.peak = t;
      open.peakCount = x;
      open.expected = baseline[i] ?? 0;
    }
  }
  return { bursts, baseline, flags };
}

/**
 * Is the newest bucket (possibly incomplete: pass the fraction elapsed) bursting? For live alerting.
 * The expectation is the bucket's baseline times the fraction (clamped to [0.01, 1]); with a
 * fraction of 1 the answer is the flag detectBursts gives the last bucket.
 */
export function burstingNow(
  series: VolumeSeries,
  elapsedFraction: number,
  options?: Partial<BurstOptions>,
): { bursting: boolean; score: number; expected: number; observed: number } {
  const o = burstOptions(series.res, options);
  const n = series.counts.length;
  if (!n) return { bursting: false, score: 0, expected: 0, observed: 0 };
  const f = Math.min(1, Math.max(0.01, Number.isFinite(elapsedFraction) ? elapsedFraction : 1));
  const { baseline, flags } = scan(series.counts, o, f);
  const observed = series.counts[n - 1] ?? 0;
  const expected = (baseline[n - 1] ?? 0) * f;
  return {
    bursting: flags[n - 1] ?? false,
    score: score(lnPoissonTail(observed, expected)),
    expected,
    observed,
  };
}
