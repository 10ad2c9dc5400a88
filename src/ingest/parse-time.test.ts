// Every form of publication time the connectors meet, the Asia/Shanghai day boundary, leap days,
// and every way a time is refused.

import { describe, expect, it } from 'vitest';
import { parsePublishedTime } from './parse-time.ts';
import type { ParseTimeOptions } from './parse-time.ts';

/** 2026-03-01T16:30:00Z is 00:30 on Monday 2 March 2026 in Asia/Shanghai: just past midnight. */
const NOW = new Date('2026-03-01T16:30:00Z');

function parsed(raw: string, opts: Partial<ParseTimeOptions> = {}): string {
  const result = parsePublishedTime(raw, { now: NOW, ...opts });
  if ('error' in result) throw new Error(`expected a time for ${raw}, got: ${result.error}`);
  return result.date.toISOString();
}

function refused(raw: string, opts: Partial<ParseTimeOptions> = {}): string {
  const result = parsePublishedTime(raw, { now: NOW, ...opts });
  if ('date' in result)
    throw new Error(`expected an error for ${raw}, got ${result.date.toISOString()}`);
  return result.error;
}

describe('parsePublishedTime: absolute forms', () => {
  it.each([
    // ISO 8601 with a zone.
    ['2020-03-01T08:30:00Z', '2020-03-01T08:30:00.000Z'],
    ['2020-03-01T08:30:00+08:00', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01T08:30:00+0800', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01T08:30:00+08', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01T08:30:00-05:00', '2020-03-01T13:30:00.000Z'],
    ['2020-03-01T08:30:00.123Z', '2020-03-01T08:30:00.123Z'],
    ['2020-03-01T08:30:00.123456789+05:30', '2020-03-01T03:00:00.123Z'],
    ['2020-03-01T08:30:00,5Z', '2020-03-01T08:30:00.500Z'],
    ['2020-03-01 08:30:00 +08:00', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01 08:30:00 UTC', '2020-03-01T08:30:00.000Z'],
    ['2020-03-01 08:30 北京时间', '2020-03-01T00:30:00.000Z'],
    // ISO 8601 without a zone: Asia/Shanghai.
    ['2020-03-01T08:30:00', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01T08:30', '2020-03-01T00:30:00.000Z'],
    ['2020-03-01 08:30:15', '2020-03-01T00:30:15.000Z'],
    ['2020-03-01', '2020-02-29T16:00:00.000Z'],
    // Chinese sites' numeric variants.
    ['2020-3-1 8:30', '2020-03-01T00:30:00.000Z'],
    ['2020/03/01 08:30', '2020-03-01T00:30:00.000Z'],
    ['2020/3/1', '2020-02-29T16:00:00.000Z'],
    ['2020.03.01 08:30', '2020-03-01T00:30:00.000Z'],
    ['20200301', '2020-02-29T16:00:00.000Z'],
    ['20200301083015', '2020-03-01T00:30:15.000Z'],
    // Chinese dates.
    ['2020年3月1日 08:30', '2020-03-01T00:30:00.000Z'],
    ['2020年03月01日08:30:15', '2020-03-01T00:30:15.000Z'],
    ['2020年3月1日', '2020-02-29T16:00:00.000Z'],
    ['2020年3月1号 8:30', '2020-03-01T00:30:00.000Z'],
    ['2020 年 3 月 1 日 08：30', '2020-03-01T00:30:00.000Z'],
    ['２０２０年３月１日　０８：３０', '2020-03-01T00:30:00.000Z'],
    ['2020年3月1日 8时30分', '2020-03-01T00:30:00.000Z'],
    ['2020年3月1日8点30分15秒', '2020-03-01T00:30:15.000Z'],
    ['2020年3月1日 8点', '2020-03-01T00:00:00.000Z'],
    ['2020年3月1日 下午3:30', '2020-03-01T07:30:00.000Z'],
    ['2020年3月1日 晚上8点', '2020-03-01T12:00:00.000Z'],
    ['2020年3月1日 上午11:00', '2020-03-01T03:00:00.000Z'],
    ['2020年3月1日 中午12:30', '2020-03-01T04:30:00.000Z'],
    ['2020年3月1日 中午1点', '2020-03-01T05:00:00.000Z'],
    ['2020年3月1日 凌晨12点30分', '2020-02-29T16:30:00.000Z'],
    ['北京时间2020年3月1日8时30分', '2020-03-01T00:30:00.000Z'],
    ['发布时间：2020-03-01 08:30', '2020-03-01T00:30:00.000Z'],
    ['发表于 2020-03-01 08:30', '2020-03-01T00:30:00.000Z'],
    // RFC 822 / 1123 (feeds).
    ['Sun, 01 Mar 2020 08:30:00 GMT', '2020-03-01T08:30:00.000Z'],
    ['Sun, 01 Mar 2020 08:30:00 +0800', '2020-03-01T00:30:00.000Z'],
    ['Sun, 1 Mar 2020 08:30 +0800', '2020-03-01T00:30:00.000Z'],
    ['01 Mar 2020 08:30:00 UT', '2020-03-01T08:30:00.000Z'],
    ['Sunday, 01 March 2020 08:30:00 EST', '2020-03-01T13:30:00.000Z'],
    ['Sun, 01 Mar 2020 08:30:00 PDT', '2020-03-01T15:30:00.000Z'],
    ['Sun, 01 Mar 2020 08:30:00', '2020-03-01T00:30:00.000Z'],
    ['01 Mar 20 08:30 GMT', '2020-03-01T08:30:00.000Z'],
    ['01 Mar 99 08:30 GMT', '1999-03-01T08:30:00.000Z'],
    ['sun, 01 mar 2020 08:30:00 gmt', '2020-03-01T08:30:00.000Z'],
    // Weibo's API and Java's Date.toString() (CST is China Standard Time).
    ['Sun Mar 01 08:30:00 +0800 2020', '2020-03-01T00:30:00.000Z'],
    ['Sun Mar 01 08:30:00 CST 2020', '2020-03-01T00:30:00.000Z'],
    ['Sun Mar 1 08:30:00 2020', '2020-03-01T00:30:00.000Z'],
    // JavaScript's Date.toString().
    ['Sun Mar 01 2020 08:30:00 GMT+0800 (China Standard Time)', '2020-03-01T00:30:00.000Z'],
    ['Sun Mar 01 2020 08:30:00 GMT+0800 (中国标准时间)', '2020-03-01T00:30:00.000Z'],
    // Unix time.
    ['1583022600', '2020-03-01T00:30:00.000Z'],
    ['1583022600.25', '2020-03-01T00:30:00.250Z'],
    ['1583022600000', '2020-03-01T00:30:00.000Z'],
    ['631152000', '1990-01-01T00:00:00.000Z'],
    ['631152000000', '1990-01-01T00:00:00.000Z'],
    // Surrounding and repeated whitespace.
    ['  2020-03-01   08:30  ', '2020-03-01T00:30:00.000Z'],
  ])('%s', (raw, expected) => {
    expect(parsed(raw)).toBe(expected);
  });
});

describe('parsePublishedTime: relative forms, counted back from now', () => {
  it.each([
    ['刚刚', '2026-03-01T16:30:00.000Z'],
    ['刚才', '2026-03-01T16:30:00.000Z'],
    ['just now', '2026-03-01T16:30:00.000Z'],
    ['5秒前', '2026-03-01T16:29:55.000Z'],
    ['30秒钟前', '2026-03-01T16:29:30.000Z'],
    ['3分钟前', '2026-03-01T16:27:00.000Z'],
    ['3 分钟前', '2026-03-01T16:27:00.000Z'],
    ['45分前', '2026-03-01T15:45:00.000Z'],
    ['半小时前', '2026-03-01T16:00:00.000Z'],
    ['2小时前', '2026-03-01T14:30:00.000Z'],
    ['2个小时前', '2026-03-01T14:30:00.000Z'],
    ['1天前', '2026-02-28T16:30:00.000Z'],
    ['3天以前', '2026-02-26T16:30:00.000Z'],
    ['2周前', '2026-02-15T16:30:00.000Z'],
    ['5 minutes ago', '2026-03-01T16:25:00.000Z'],
    ['1 hour ago', '2026-03-01T15:30:00.000Z'],
    ['2 days ago', '2026-02-27T16:30:00.000Z'],
  ])('%s', (raw, expected) => {
    expect(parsed(raw)).toBe(expected);
  });
});

describe('parsePublishedTime: named days around midnight in Asia/Shanghai', () => {
  // NOW is 00:30 on 2 March local (16:30 on 1 March UTC): "today" is 2 March, not 1 March.
  it.each([
    ['今天 00:10', '2026-03-01T16:10:00.000Z'],
    ['今天 12:30', '2026-03-02T04:30:00.000Z'],
    ['今天12:30', '2026-03-02T04:30:00.000Z'],
    ['今天', '2026-03-01T16:00:00.000Z'],
    ['昨天 12:30', '2026-03-01T04:30:00.000Z'],
    ['昨天 23:59', '2026-03-01T15:59:00.000Z'],
    ['前天 00:00', '2026-02-27T16:00:00.000Z'],
    ['前天 23:59', '2026-02-28T15:59:00.000Z'],
    ['昨天 下午3:00', '2026-03-01T07:00:00.000Z'],
  ])('%s', (raw, expected) => {
    expect(parsed(raw)).toBe(expected);
  });

  it('reads named days in the zone that is asked for', () => {
    // In UTC it is still 1 March, 16:30.
    expect(parsed('今天 12:30', { timeZone: 'UTC' })).toBe('2026-03-01T12:30:00.000Z');
    expect(parsed('昨天 12:30', { timeZone: 'UTC' })).toBe('2026-02-28T12:30:00.000Z');
  });

  it('crosses into 29 February in a leap year', () => {
    const now = new Date('2024-03-01T16:30:00Z'); // 00:30 on 2 March 2024 local
    expect(parsed('前天 08:00', { now })).toBe('2024-02-29T00:00:00.000Z');
    expect(parsed('昨天 08:00', { now })).toBe('2024-03-01T00:00:00.000Z');
    const leapDay = new Date('2024-02-29T16:30:00Z'); // 00:30 on 1 March 2024 local
    expect(parsed('昨天 12:00', { now: leapDay })).toBe('2024-02-29T04:00:00.000Z');
    expect(parsed('前天 12:00', { now: leapDay })).toBe('2024-02-28T04:00:00.000Z');
  });

  it('crosses a year end', () => {
    const newYear = new Date('2025-12-31T16:30:00Z'); // 00:30 on 1 January 2026 local
    expect(parsed('今天 00:10', { now: newYear })).toBe('2025-12-31T16:10:00.000Z');
    expect(parsed('昨天 20:00', { now: newYear })).toBe('2025-12-31T12:00:00.000Z');
    expect(parsed('前天 20:00', { now: newYear })).toBe('2025-12-30T12:00:00.000Z');
  });
});

describe('parsePublishedTime: month and day without a year', () => {
  it.each([
    // Earlier this (local) year.
    ['3月1日 08:30', '2026-03-01T00:30:00.000Z'],
    ['03-01 08:30', '2026-03-01T00:30:00.000Z'],
    ['1月5日', '2026-01-04T16:00:00.000Z'],
    // Later today or tomorrow local is within a day: still this year.
    ['3月2日 12:00', '2026-03-02T04:00:00.000Z'],
    // More than a day ahead: last year.
    ['3月3日 08:00', '2025-03-03T00:00:00.000Z'],
    ['12月31日 23:00', '2025-12-31T15:00:00.000Z'],
    ['12-31 23:00', '2025-12-31T15:00:00.000Z'],
  ])('%s', (raw, expected) => {
    expect(parsed(raw)).toBe(expected);
  });

  it('takes the local year, not the UTC year, just after midnight on 1 January', () => {
    const newYear = new Date('2025-12-31T16:30:00Z'); // 00:30 on 1 January 2026 local
    expect(parsed('1月1日 00:10', { now: newYear })).toBe('2025-12-31T16:10:00.000Z');
    expect(parsed('12月31日 23:00', { now: newYear })).toBe('2025-12-31T15:00:00.000Z');
    expect(parsed('12月30日 23:00', { now: newYear })).toBe('2025-12-30T15:00:00.000Z');
  });

  it('accepts 29 February in a leap year and falls back to it when the date is ahead', () => {
    const now = new Date('2024-03-10T00:00:00Z');
    expect(parsed('2月29日 12:00', { now })).toBe('2024-02-29T04:00:00.000Z');
  });
});

describe('parsePublishedTime: leap days', () => {
  it('accepts 29 February in leap years only', () => {
    expect(parsed('2024-02-29 12:00')).toBe('2024-02-29T04:00:00.000Z');
    expect(parsed('2000-02-29')).toBe('2000-02-28T16:00:00.000Z');
    expect(refused('2023-02-29 12:00')).toContain('day 29 does not exist in February 2023');
    expect(refused('2100-02-29')).toContain('February 2100');
  });
});

describe('parsePublishedTime: zones', () => {
  it('reads zone-less times in the zone asked for', () => {
    expect(parsed('2020-03-01 08:30', { timeZone: 'UTC' })).toBe('2020-03-01T08:30:00.000Z');
    expect(parsed('2020-03-01 08:30', { timeZone: 'Asia/Tokyo' })).toBe('2020-02-29T23:30:00.000Z');
    expect(parsed('2020-03-01 08:30', { timeZone: '+05:30' })).toBe('2020-03-01T03:00:00.000Z');
    expect(parsed('2020-03-01 08:30', { timeZone: 'Asia/Hong_Kong' })).toBe(
      '2020-03-01T00:30:00.000Z',
    );
  });

  it('lets a written zone win over the default', () => {
    expect(parsed('2020-03-01T08:30:00Z', { timeZone: 'Asia/Tokyo' })).toBe(
      '2020-03-01T08:30:00.000Z',
    );
  });

  it('has no daylight saving in Asia/Shanghai', () => {
    expect(parsed('2020-07-01 08:30')).toBe('2020-07-01T00:30:00.000Z');
    expect(parsed('2020-12-01 08:30')).toBe('2020-12-01T00:30:00.000Z');
  });
});

describe('parsePublishedTime: the accepted range', () => {
  it('accepts 1990-01-01 and refuses anything before it', () => {
    expect(parsed('1990-01-01T00:00:00Z')).toBe('1990-01-01T00:00:00.000Z');
    expect(refused('1990-01-01 07:59:59')).toContain('before 1990-01-01');
    expect(refused('1989-12-31')).toBe(
      '"1989-12-31": 1989-12-30T16:00:00.000Z is before 1990-01-01, too early for a post',
    );
    expect(refused('600000000')).toContain('before 1990-01-01');
    expect(refused('01 Mar 51 08:30 GMT')).toContain('before 1990-01-01');
    expect(refused('36500天前')).toContain('before 1990-01-01');
  });

  it('accepts up to one day after now and refuses more', () => {
    expect(parsed('2026-03-02T16:30:00Z')).toBe('2026-03-02T16:30:00.000Z');
    expect(refused('2026-03-02T16:30:01Z')).toContain('more than 1 day in the future');
    expect(refused('2026-03-03 08:00')).toBe(
      '"2026-03-03 08:00": 2026-03-03T00:00:00.000Z is 31.5 hours after now, more than 1 day in the future',
    );
    expect(refused('4102444800')).toContain('more than 1 day in the future');
    expect(refused('01 Mar 49 08:30 GMT')).toContain('more than 1 day in the future');
  });
});

describe('parsePublishedTime: errors', () => {
  it.each([
    ['', 'the time is empty'],
    ['   ', 'the time is empty'],
    ['hello', 'not a time in any known form'],
    ['上周', 'not a time in any known form'],
    ['2020-03', 'not a time in any known form'],
    ['Mar 2020', 'not a time in any known form'],
    ['12345', '5 digits: unix seconds have 9-10, milliseconds 12-13'],
    ['12345678901', '11 digits'],
    ['3个月前', 'too vague'],
    ['半年前', 'too vague'],
    ['2 years ago', 'too vague'],
    ['2020-13-01', 'month 13 does not exist'],
    ['2020年0月1日', 'month 0 does not exist'],
    ['20201301', 'month 13 does not exist'],
    ['13月1日', 'month 13 does not exist'],
    ['2020-04-31', 'day 31 does not exist in April 2020'],
    ['2020-02-30', 'day 30 does not exist in February 2020'],
    ['2020-03-00', 'day 0 does not exist in March 2020'],
    ['0999-03-01', 'year 999 is out of range'],
    ['2020-03-01 24:00', 'hour 24 is out of range (0-23)'],
    ['2020-03-01 08:60', 'minute 60 is out of range (0-59)'],
    ['2020-03-01 08:30:60', 'second 60 is out of range (0-59)'],
    ['2020-03-01 08:30 Mars', 'cannot read "Mars" as a time of day or zone'],
    ['2020-03-01 8', 'cannot read "8" as a time of day or zone'],
    ['2020-03-01T08:30:00+15:00', 'cannot read "+15:00"'],
    ['Sun, 01 Mar 2020 08:30:00 XYZ', 'cannot read "XYZ"'],
    ['今天 25:00', 'hour 25 is out of range'],
  ])('%s', (raw, message) => {
    expect(refused(raw)).toContain(message);
  });

  it('quotes the input in every error about it', () => {
    expect(refused('2020-02-30')).toBe('"2020-02-30": day 30 does not exist in February 2020');
  });

  it('refuses 29 February without a year when neither this year nor last has one', () => {
    expect(refused('2月29日')).toContain('day 29 does not exist in February 2026');
  });

  it('refuses an unknown zone name and an invalid now', () => {
    expect(refused('2020-03-01 08:30', { timeZone: 'Mars/Olympus_Mons' })).toBe(
      'unknown time zone "Mars/Olympus_Mons"',
    );
    expect(refused('2020-03-01 08:30', { timeZone: 'toString' })).toBe(
      'unknown time zone "toString"',
    );
    expect(refused('2020-03-01 08:30 constructor')).toContain('cannot read "constructor"');
    expect(refused('2020-03-01 08:30', { now: new Date(Number.NaN) })).toBe(
      'the reference time "now" is invalid',
    );
  });

  it('does not check the weekday against the date', () => {
    // Feeds get weekdays wrong often enough; the date and time decide.
    expect(parsed('Mon, 01 Mar 2020 08:30:00 GMT')).toBe('2020-03-01T08:30:00.000Z');
  });
});
