// Publication times as sources write them (ISO 8601, RFC 822, Weibo's API form, Chinese dates,
// "3分钟前", "昨天 12:30", unix stamps) to an instant. Returns an error, never throws.

export interface ParseTimeOptions {
  /** The moment relative forms count back from, and the limit for times in the future. */
  now: Date;
  /**
   * Zone of times that carry none: an IANA name from {@link ZONE_OFFSETS} or an offset such as
   * `+08:00`. Default `Asia/Shanghai`.
   */
  timeZone?: string | undefined;
}

export type ParsedTime = { date: Date } | { error: string };

/**
 * Fixed offsets, in minutes east of UTC, of the zones sources use. China has kept UTC+8 without
 * daylight saving since 1992 (tz data records summer time 1986-1991, before any post this system
 * handles), and so have Hong Kong, Macau and Taiwan since 1980; hence plain offsets suffice.
 */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  'Asia/Shanghai': 480,
  'Asia/Chongqing': 480,
  'Asia/Harbin': 480,
  PRC: 480,
  'Asia/Hong_Kong': 480,
  'Asia/Macau': 480,
  'Asia/Taipei': 480,
  'Asia/Singapore': 480,
  'Asia/Tokyo': 540,
  'Asia/Seoul': 540,
  UTC: 0,
  'Etc/UTC': 0,
  GMT: 0,
  'Etc/GMT': 0,
};

/**
 * Zone abbreviations. `CST` is China Standard Time (+08:00), not RFC 822's US Central (-06:00):
 * Java's `Date.toString()` on Chinese servers writes `CST` for Beijing time, and that is the
 * `CST` our sources mean.
 */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  CST: 480,
  BJT: 480,
  HKT: 480,
  JST: 540,
  KST: 540,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const WEEKDAY_NAMES = 'mon|tue|wed|thu|fri|sat|sun';

interface Clock {
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

interface LocalTime extends Clock {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

type Result<T> = T | { error: string };

function isError<T extends object>(value: Result<T>): value is { error: string } {
  return 'error' in value;
}

const MIDNIGHT: Clock = { hour: 0, minute: 0, second: 0, ms: 0 };

function zoneOffset(timeZone: string): number | undefined {
  // Own keys only: `toString` must not find Object.prototype.toString.
  if (Object.hasOwn(ZONE_OFFSETS, timeZone)) return ZONE_OFFSETS[timeZone];
  return parseOffset(timeZone);
}

/** `+08:00`, `+0800`, `+08`, `+8`, with an optional `UTC`/`GMT` in front. */
function parseOffset(text: string): number | undefined {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/iu.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function parseZone(text: string): number | undefined {
  if (text === '北京时间') return 480;
  const upper = text.toUpperCase();
  return Object.hasOwn(ZONE_ABBREVIATIONS, upper) ? ZONE_ABBREVIATIONS[upper] : parseOffset(text);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const MONTH_NAMES_EN = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December',
]; // prettier-ignore

/** The instant of a wall-clock time at a fixed offset, after checking every field's range. */
function toInstant(t: LocalTime, offsetMinutes: number): Result<{ date: Date }> {
  if (t.year < 1000) return { error: `year ${t.year} is out of range` };
  if (t.month < 1 || t.month > 12) return { error: `month ${t.month} does not exist` };
  const days = daysInMonth(t.year, t.month);
  if (t.day < 1 || t.day > days) {
    return { error: `day ${t.day} does not exist in ${MONTH_NAMES_EN[t.month - 1]} ${t.year}` };
  }
  if (t.hour > 23) return { error: `hour ${t.hour} is out of range (0-23)` };
  if (t.minute > 59) return { error: `minute ${t.minute} is out of range (0-59)` };
  if (t.second > 59) return { error: `second ${t.second} is out of range (0-59)` };
  const utc =
    Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms) - offsetMinutes * 60_000;
  return { date: new Date(utc) };
}

/** The calendar date at `now` in the zone. */
function localDate(now: Date, offsetMinutes: number): { year: number; month: number; day: number } {
  const shifted = new Date(now.getTime() + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** 12-hour words: 下午3:30 is 15:30, 凌晨12点 is 0:00, 中午1点 is 13:00. */
function applyMeridiem(word: string | undefined, hour: number): number {
  if (word === undefined) return hour;
  if (['凌晨', '早上', '早晨', '上午'].includes(word)) return hour === 12 ? 0 : hour;
  if (word === '中午') return hour < 11 ? hour + 12 : hour;
  return hour < 12 ? hour + 12 : hour; // 下午, 傍晚, 晚上
}

const CLOCK =
  /^(?:(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)\s*)?(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?|[时点]\s*(?:(\d{1,2})\s*分)?\s*(?:(\d{1,2})\s*秒)?)\s*(.*)$/u;

/**
 * What may follow a date: a time of day and a zone, both optional. Returns the clock, the
 * zone's offset when one is written, or an error naming what could not be read.
 */
function parseTimeAndZone(rest: string): Result<{ clock: Clock; offset?: number }> {
  let text = rest.trim().replace(/^T/u, '').trim();
  let clock = MIDNIGHT;
  const m = CLOCK.exec(text);
  if (m) {
    const hour = applyMeridiem(m[1], Number(m[2]));
    const minute = Number(m[3] ?? m[6] ?? 0);
    const second = Number(m[4] ?? m[7] ?? 0);
    const ms = m[5] === undefined ? 0 : Number(m[5].slice(0, 3).padEnd(3, '0'));
    clock = { hour, minute, second, ms };
    text = (m[8] ?? '').trim();
  }
  if (text === '') return { clock };
  const offset = parseZone(text.replace(/\s+\(.*\)$/u, ''));
  if (offset === undefined) return { error: `cannot read "${text}" as a time of day or zone` };
  return { clock, offset };
}

/** A date written with its year: ISO 8601 and its `/` and `.` variants, Chinese 年月日. */
function parseDateWithYear(text: string, zone: number): Result<{ date: Date }> | null {
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2}))?$/u.exec(text);
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s])(.*)$/u.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(.*)$/u.exec(text) ??
    compact;
  if (!m) return null;
  // YYYYMMDDHHmmss: the groups after the date are the clock itself.
  const rest = m === compact ? (m[4] === undefined ? '' : `${m[4]}:${m[5]}:${m[6]}`) : m[4];
  const tz = parseTimeAndZone(rest ?? '');
  if (isError(tz)) return tz;
  const local = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...tz.clock };
  return toInstant(local, tz.offset ?? zone);
}

/**
 * A month and day without a year (`3月1日 08:30`, Weibo's `03-01 08:30`): the current year in
 * the zone, or the year before when that would put it more than a day after `now`.
 */
function parseDateWithoutYear(
  text: string,
  zone: number,
  now: Date,
): Result<{ date: Date }> | null {
  const m =
    /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(.*)$/u.exec(text) ??
    /^(\d{1,2})-(\d{1,2})(?=$|\s)(.*)$/u.exec(text);
  if (!m) return null;
  const tz = parseTimeAndZone(m[3] ?? '');
  if (isError(tz)) return tz;
  const offset = tz.offset ?? zone;
  const { year } = localDate(now, offset);
  const local = { year, month: Number(m[1]), day: Number(m[2]), ...tz.clock };
  const thisYear = toInstant(local, offset);
  if (!isError(thisYear) && thisYear.date.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS) {
    return thisYear;
  }
  const lastYear = toInstant({ ...local, year: year - 1 }, offset);
  // Neither year has the day (29 February): report it for the current year.
  return isError(lastYear) && isError(thisYear) ? thisYear : lastYear;
}

/** 今天 / 昨天 / 前天, with or without a time of day. */
function parseNamedDay(text: string, zone: number, now: Date): Result<{ date: Date }> | null {
  const m = /^(今天|昨天|前天)(.*)$/u.exec(text);
  if (!m) return null;
  const tz = parseTimeAndZone(m[2] ?? '');
  if (isError(tz)) return tz;
  const offset = tz.offset ?? zone;
  const back = m[1] === '今天' ? 0 : m[1] === '昨天' ? 1 : 2;
  const today = localDate(now, offset);
  // Going back through Date.UTC carries across month and year ends (and 29 February).
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
  const local = {
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    ...tz.clock,
  };
  return toInstant(local, offset);
}

const RELATIVE_UNITS_MS: Readonly<Record<string, number>> = {
  秒: 1000,
  秒钟: 1000,
  分: 60_000,
  分钟: 60_000,
  小时: 3600_000,
  个小时: 3600_000,
  天: 86_400_000,
  日: 86_400_000,
  周: 7 * 86_400_000,
  星期: 7 * 86_400_000,
  个星期: 7 * 86_400_000,
  second: 1000,
  minute: 60_000,
  min: 60_000,
  hour: 3600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** 刚刚, N秒前 … N天前, and the English forms feeds sometimes carry. */
function parseRelative(text: string, now: Date): Result<{ date: Date }> | null {
  if (/^(?:刚刚|刚才|just now|now)$/iu.test(text)) return { date: new Date(now.getTime()) };
  if (/^半\s*(?:个)?小时\s*[以之]?前$/u.test(text))
    return { date: new Date(now.getTime() - 1800_000) };
  const m =
    /^(\d+)\s*(秒钟|秒|分钟|分|个小时|小时|天|日|个星期|星期|周)\s*[以之]?前$/u.exec(text) ??
    /^(\d+)\s*(second|minute|min|hour|day|week)s?\s+ago$/iu.exec(text);
  if (m) {
    const unit = RELATIVE_UNITS_MS[(m[2] ?? '').toLowerCase()];
    if (unit === undefined) return null;
    return { date: new Date(now.getTime() - Number(m[1]) * unit) };
  }
  if (/^(?:半|\d+)\s*(?:个)?(?:月|年)\s*[以之]?前$|^\d+\s+(?:month|year)s?\s+ago$/iu.test(text)) {
    return { error: 'too vague: months and years ago have no fixed length' };
  }
  return null;
}

/** Unix seconds (9-10 digits, optionally with a fraction) and milliseconds (12-13 digits). */
function parseUnix(text: string): Result<{ date: Date }> | null {
  if (/^\d{9,10}(?:\.\d+)?$/u.test(text))
    return { date: new Date(Math.round(Number(text) * 1000)) };
  if (/^\d{12,13}$/u.test(text)) return { date: new Date(Number(text)) };
  if (/^\d+$/u.test(text) && text.length !== 8 && text.length !== 14) {
    return {
      error:
        `${text.length} digits: unix seconds have 9-10, milliseconds 12-13, ` +
        'dates YYYYMMDD or YYYYMMDDHHmmss',
    };
  }
  return null;
}

/** RFC 822/1123 (`Sun, 01 Mar 2020 08:30:00 GMT`), also with a two-digit year. */
function parseRfc822(text: string, zone: number): Result<{ date: Date }> | null {
  const m = new RegExp(
    `^(?:(?:${WEEKDAY_NAMES})[a-z]*,?\\s+)?(\\d{1,2})\\s+(${MONTH_NAMES})[a-z]*\\.?\\s+(\\d{2}|\\d{4})(?:\\s+(.*))?$`,
    'iu',
  ).exec(text);
  if (!m) return null;
  const tz = parseTimeAndZone(m[4] ?? '');
  if (isError(tz)) return tz;
  let year = Number(m[3]);
  // RFC 2822 4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999.
  if ((m[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  return toInstant({ year, month, day: Number(m[1]), ...tz.clock }, tz.offset ?? zone);
}

/**
 * Weibo's API and Java's `Date.toString()`: `Sun Mar 01 08:30:00 +0800 2020`,
 * `Sun Mar 01 08:30:00 CST 2020`; and JavaScript's `Date.toString()`:
 * `Sun Mar 01 2020 08:30:00 GMT+0800 (China Standard Time)`.
 */
function parseCTime(text: string, zone: number): Result<{ date: Date }> | null {
  const head = `^(?:(?:${WEEKDAY_NAMES})[a-z]*\\s+)?(${MONTH_NAMES})[a-z]*\\s+(\\d{1,2})\\s+`;
  const weibo = new RegExp(
    `${head}(\\d{1,2}:\\d{2}(?::\\d{2})?)\\s+(?:(\\S+)\\s+)?(\\d{4})$`,
    'iu',
  );
  const js = new RegExp(`${head}(\\d{4})\\s+(\\d{1,2}:\\d{2}(?::\\d{2})?)(?:\\s+(.*))?$`, 'iu');
  let month: string | undefined;
  let day: string | undefined;
  let year: string | undefined;
  let rest: string;
  const w = weibo.exec(text);
  const j = w ? null : js.exec(text);
  if (w) {
    [, month, day, , , year] = w;
    rest = `${w[3] ?? ''} ${w[4] ?? ''}`;
  } else if (j) {
    [, month, day, year] = j;
    rest = `${j[4] ?? ''} ${j[5] ?? ''}`;
  } else return null;
  const tz = parseTimeAndZone(rest);
  if (isError(tz)) return tz;
  const local = {
    year: Number(year),
    month: MONTHS.indexOf((month ?? '').toLowerCase()) + 1,
    day: Number(day),
    ...tz.clock,
  };
  return toInstant(local, tz.offset ?? zone);
}

function checkRange(result: { date: Date }, now: Date): ParsedTime {
  const t = result.date.getTime();
  if (Number.isNaN(t)) return { error: 'not a valid time' };
  if (t < EARLIEST) {
    return { error: `${result.date.toISOString()} is before 1990-01-01, too early for a post` };
  }
  if (t > now.getTime() + FUTURE_TOLERANCE_MS) {
    const hours = ((t - now.getTime()) / 3600_000).toFixed(1);
    return {
      error: `${result.date.toISOString()} is ${hours} hours after now, more than 1 day in the future`,
    };
  }
  return result;
}

/**
 * The instant a publication time stands for. Times without a zone are read in
 * `opts.timeZone` (default Asia/Shanghai); relative forms count back from `opts.now`. Times
 * before 1990 or more than a day after `now` are errors, as is anything unreadable; the error
 * says what is wrong.
 */
export function parsePublishedTime(raw: string, opts: ParseTimeOptions): ParsedTime {
  const zoneName = opts.timeZone ?? 'Asia/Shanghai';
  const zone = zoneOffset(zoneName);
  if (zone === undefined) return { error: `unknown time zone "${zoneName}"` };
  if (Number.isNaN(opts.now.getTime())) return { error: 'the reference time "now" is invalid' };

  // Full-width digits and colons (２０２０年３月１日 ０８：３０) are common in Chinese pages.
  let text = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (text === '') return { error: 'the time is empty' };
  let zoneFromPrefix: number | undefined;
  const prefix = /^(?:(?:发布|发表|更新)(?:时间|于)|时间|日期)\s*[:：]?\s*/u.exec(text);
  if (prefix) text = text.slice(prefix[0].length);
  if (text.startsWith('北京时间')) {
    zoneFromPrefix = 480;
    text = text.slice('北京时间'.length).trim();
  }
  const inZone = zoneFromPrefix ?? zone;

  const parsed =
    parseUnix(text) ??
    parseRelative(text, opts.now) ??
    parseNamedDay(text, inZone, opts.now) ??
    parseDateWithYear(text, inZone) ??
    parseDateWithoutYear(text, inZone, opts.now) ??
    parseRfc822(text, inZone) ??
    parseCTime(text, inZone);
  if (parsed === null) {
    return {
      error: `"${raw}": not a time in any known form (ISO 8601, RFC 822, 2020年3月1日 08:30, 3分钟前, 昨天 12:30, unix time)`,
    };
  }
  const checked = isError(parsed) ? parsed : checkRange(parsed, opts.now);
  return isError(checked) ? { error: `"${raw}": ${checked.error}` } : checked;
}
