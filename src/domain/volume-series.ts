// Volume time series: counts of mentions per minute, hour or day, dense (empty buckets are 0), for
// an event, a scheme or a region. Pure: no I/O and no clock; times are ms since the epoch. Days and
// hours start in a fixed zone (default Asia/Shanghai, UTC+8, which has no daylight saving time).

export type Resolution = 'minute' | 'hour' | 'day';

export const RESOLUTION_MS: Record<Resolution, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Minutes east of UTC of Asia/Shanghai (UTC+8 all year). */
export const SHANGHAI_OFFSET_MINUTES = 480;

/** A dense series refuses to grow past this many buckets (about 19 years of minutes). */
export const MAX_BUCKETS = 10_000_000;

/** Start of the bucket holding t; days and hours start in the given zone (default Asia/Shanghai, UTC+8, no DST). */
export function bucketStart(
  t: number,
  res: Resolution,
  tzOffsetMinutes: number = SHANGHAI_OFFSET_MINUTES,
): number {
  if (!Number.isFinite(t)) throw new RangeError(`bucketStart: time ${t} is not finite`);
  const step = RESOLUTION_MS[res];
  const shift = tzOffsetMinutes * 60_000;
  return Math.floor((t + shift) / step) * step - shift;
}

export interface VolumeSeries {
  res: Resolution;
  start: number;
  /** counts[i] covers [start + i*step, start + (i+1)*step). */
  counts: number[];
}

/** Start of bucket i of a series. */
export function bucketTime(series: VolumeSeries, i: number): number {
  return series.start + i * RESOLUTION_MS[series.res];
}

/** Exclusive end of a series (start of the bucket after its last). */
export function seriesEnd(series: VolumeSeries): number {
  return bucketTime(series, series.counts.length);
}

function zeros(res: Resolution, first: number, last: number): VolumeSeries {
  const n = last < first ? 0 : (last - first) / RESOLUTION_MS[res] + 1;
  if (n > MAX_BUCKETS) {
    throw new RangeError(`a ${res} series of ${n} buckets is longer than ${MAX_BUCKETS}`);
  }
  return { res, start: first, counts: new Array<number>(n).fill(0) };
}

/**
 * Dense series from bucket counts (sparse rows as a database GROUP BY returns them), gaps filled
 * with 0, between from and to (inclusive bucket of `to`). A row's bucket may be any time inside its
 * bucket; rows outside the range are left out, rows of the same bucket add up. When `to` falls
 * before `from` the series is empty.
 */
export function denseSeries(
  rows: readonly { bucket: number; count: number }[],
  res: Resolution,
  from: number,
  to: number,
  tzOffsetMinutes: number = SHANGHAI_OFFSET_MINUTES,
): VolumeSeries {
  const step = RESOLUTION_MS[res];
  const series = zeros(
    res,
    bucketStart(from, res, tzOffsetMinutes),
    bucketStart(to, res, tzOffsetMinutes),
  );
  const { counts } = series;
  for (const row of rows) {
    const i = (bucketStart(row.bucket, res, tzOffsetMinutes) - series.start) / step;
    if (i >= 0 && i < counts.length) counts[i] = (counts[i] ?? 0) + row.count;
  }
  return series;
}

/**
 * Dense series from raw event times. The range defaults to the first and the last time; with no
 * times and no range the series is empty (start 0).
 */
export function seriesOf(
  times: readonly number[],
  res: Resolution,
  range: { from?: number; to?: number } = {},
  tzOffsetMinutes: number = SHANGHAI_OFFSET_MINUTES,
): VolumeSeries {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const from = range.from ?? (times.length ? lo : range.to);
  const to = range.to ?? (times.length ? hi : range.from);
  if (from === undefined || to === undefined) return { res, start: 0, counts: [] };
  return denseSeries(
    times.map((t) => ({ bucket: t, count: 1 })),
    res,
    from,
    to,
    tzOffsetMinutes,
  );
}

/**
 * Re-bucket a series to a coarser (or the same) resolution: minute -> hour -> day. The first and
 * the last coarse bucket may be covered only in part by the finer series.
 */
export function coarsen(
  series: VolumeSeries,
  res: Resolution,
  tzOffsetMinutes: number = SHANGHAI_OFFSET_MINUTES,
): VolumeSeries {
  const fine = RESOLUTION_MS[series.res];
  if (RESOLUTION_MS[res] < fine) {
    throw new RangeError(`cannot coarsen a ${series.res} series to ${res}`);
  }
  if (!series.counts.length) {
    return { res, start: bucketStart(series.start, res, tzOffsetMinutes), counts: [] };
  }
  return denseSeries(
    series.counts.map((count, i) => ({ bucket: series.start + i * fine, count })),
    res,
    series.start,
    series.start + (series.counts.length - 1) * fine,
    tzOffsetMinutes,
  );
}
