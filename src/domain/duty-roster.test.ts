import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendar,
  dayKind,
  isDate,
  isTimeOfDay,
  onDuty,
  schedule,
  shanghaiDate,
  shanghaiInstant,
  type DutyHoliday,
  type DutyOverride,
  type DutyRotation,
  type DutyShift,
  type Roster,
} from './duty-roster.ts';

// 2025's National Day: 1-8 October off (1 October is a Wednesday), Sunday 28 September and
// Saturday 11 October worked instead (调休).
const HOLIDAYS: DutyHoliday[] = [
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({
    date: `2025-10-${d}`,
    name: '国庆节、中秋节',
    kind: 'holiday' as const,
  })),
  { date: '2025-09-28', name: '国庆节调休', kind: 'workday' },
  { date: '2025-10-11', name: '国庆节调休', kind: 'workday' },
];

/** An instant given as Asia/Shanghai wall clock. */
const at = (date: string, hhmm: string, seconds = 0): Date => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(shanghaiInstant(date, h * 60 + m).getTime() + seconds * 1000);
};

const shift = (over: Partial<DutyShift> & Pick<DutyShift, 'id'>): DutyShift => ({
  unitId: 'u1',
  name: over.id,
  start: '08:30',
  end: '17:30',
  days: 'all',
  sortOrder: 0,
  active: true,
  createdAt: '2025-08-01T00:00:00.000Z',
  updatedAt: '2025-08-01T00:00:00.000Z',
  ...over,
});

const rotation = (over: Partial<DutyRotation> & Pick<DutyRotation, 'shiftId'>): DutyRotation => ({
  id: `r-${over.shiftId}-${over.startsOn ?? '2025-09-01'}`,
  personIds: ['a', 'b', 'c'],
  startsOn: '2025-09-01',
  periodDays: 1,
  createdAt: '2025-08-01T00:00:00.000Z',
  ...over,
});

const override = (
  over: Partial<DutyOverride> & Pick<DutyOverride, 'shiftId' | 'date' | 'personId'>,
): DutyOverride => ({
  id: `o-${over.shiftId}-${over.date}-${over.personId}`,
  reason: '临时替班',
  createdBy: null,
  createdAt: '2025-09-01T00:00:00.000Z',
  ...over,
});

const roster = (r: Partial<Roster>): Roster => ({
  shifts: [],
  rotations: [],
  overrides: [],
  holidays: HOLIDAYS,
  ...r,
});

const who = (r: Roster, when: Date, unitId = 'u1') =>
  onDuty(r, unitId, when).map((d) => `${d.shiftName}:${d.personId}:${d.via}`);

describe('dates and times', () => {
  it('reads Asia/Shanghai wall clock at UTC+8 all year', () => {
    expect(shanghaiInstant('2025-10-01', 0).toISOString()).toBe('2025-09-30T16:00:00.000Z');
    expect(shanghaiInstant('2025-01-15', 8 * 60 + 30).toISOString()).toBe(
      '2025-01-15T00:30:00.000Z',
    );
    expect(shanghaiDate(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDate(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('checks times HH:MM and real dates', () => {
    for (const ok of ['00:00', '08:30', '23:59', '12:05']) expect(isTimeOfDay(ok), ok).toBe(true);
    for (const bad of ['24:00', '8:30', '08:60', '0830', '08:30:00', '', 'ab:cd']) {
      expect(isTimeOfDay(bad), bad).toBe(false);
    }
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2025-13-01')).toBe(false);
    expect(isDate('2025-1-01')).toBe(false);
  });

  it('knows the kind of a date: holiday table first, then Monday to Friday', () => {
    expect(dayKind(HOLIDAYS, '2025-09-30')).toBe('workday'); // Tuesday
    expect(dayKind(HOLIDAYS, '2025-10-01')).toBe('holiday'); // Wednesday, National Day
    expect(dayKind(HOLIDAYS, '2025-10-04')).toBe('holiday'); // Saturday within the holiday
    expect(dayKind(HOLIDAYS, '2025-10-11')).toBe('workday'); // Saturday worked (调休)
    expect(dayKind(HOLIDAYS, '2025-09-28')).toBe('workday'); // Sunday worked (调休)
    expect(dayKind(HOLIDAYS, '2025-10-12')).toBe('rest_day'); // Sunday
    expect(dayKind([], '2025-10-01')).toBe('workday'); // no table: a Wednesday
    const days = calendar(HOLIDAYS, '2025-09-27', 3);
    expect(days).toEqual([
      { date: '2025-09-27', weekday: 6, kind: 'rest_day', holidayName: null },
      { date: '2025-09-28', weekday: 0, kind: 'workday', holidayName: '国庆节调休' },
      { date: '2025-09-29', weekday: 1, kind: 'workday', holidayName: null },
    ]);
  });
});

describe('who is on duty', () => {
  it('is nobody in a unit without shifts, or with only inactive ones', () => {
    const r = roster({
      shifts: [shift({ id: 'off', active: false })],
      rotations: [rotation({ shiftId: 'off' })],
    });
    expect(onDuty(r, 'u1', at('2025-09-30', '10:00'))).toEqual([]);
    expect(onDuty(r, 'other', at('2025-09-30', '10:00'))).toEqual([]);
    expect(schedule(r, 'u1', '2025-09-29', 7)).toEqual([]);
    expect(onDuty(roster({}), 'u1', at('2025-09-30', '10:00'))).toEqual([]);
  });

  it('counts the start in and the end out, to the millisecond', () => {
    const r = roster({
      shifts: [shift({ id: 'day', start: '08:30', end: '17:30' })],
      rotations: [rotation({ shiftId: 'day' })],
    });
    const date = '2025-09-30';
    expect(who(r, new Date(at(date, '08:30').getTime() - 1))).toEqual([]);
    expect(who(r, at(date, '08:30'))).toHaveLength(1);
    expect(who(r, at(date, '12:00'))).toHaveLength(1);
    expect(who(r, new Date(at(date, '17:30').getTime() - 1))).toHaveLength(1);
    expect(who(r, at(date, '17:30'))).toEqual([]);
    const [d] = onDuty(r, 'u1', at(date, '09:00'));
    expect(d).toEqual({
      personId: 'c', // 29 days after 1 September, period 1, three people: 29 % 3 = 2
      shiftId: 'day',
      shiftName: 'day',
      via: 'rotation',
      from: '2025-09-30T00:30:00.000Z',
      until: '2025-09-30T09:30:00.000Z',
    });
  });

  it('keeps a shift past midnight with the date it starts', () => {
    const r = roster({
      shifts: [
        shift({ id: 'night', start: '17:30', end: '08:30', days: 'workday' }),
        shift({ id: 'day', start: '08:30', end: '17:30', days: 'workday' }),
      ],
      rotations: [
        rotation({ shiftId: 'night', personIds: ['n1', 'n2'] }),
        rotation({ shiftId: 'day', personIds: ['d1', 'd2'] }),
      ],
    });
    // Monday 29 September's night (day 28 of the rotation: n1) runs into Tuesday morning.
    expect(who(r, at('2025-09-29', '17:30'))).toEqual(['night:n1:rotation']);
    expect(who(r, at('2025-09-29', '23:59', 59))).toEqual(['night:n1:rotation']);
    expect(who(r, at('2025-09-30', '00:00'))).toEqual(['night:n1:rotation']);
    expect(who(r, at('2025-09-30', '08:29', 59))).toEqual(['night:n1:rotation']);
    expect(who(r, at('2025-09-30', '08:30'))).toEqual(['day:d2:rotation']);
    // Tuesday 30 September is a workday: its night runs into the holiday...
    const [night] = onDuty(r, 'u1', at('2025-10-01', '03:00'));
    expect(night).toMatchObject({ personId: 'n2', from: '2025-09-30T09:30:00.000Z' });
    expect(night!.until).toBe('2025-10-01T00:30:00.000Z');
    // ...but 1 October itself is a holiday: no workday shift starts on it.
    expect(who(r, at('2025-10-01', '10:00'))).toEqual([]);
    expect(who(r, at('2025-10-01', '20:00'))).toEqual([]);
    expect(who(r, at('2025-10-02', '03:00'))).toEqual([]);
  });

  it('runs a 24-hour shift (end equal to the start) from start to the next start', () => {
    const r = roster({
      shifts: [shift({ id: 'all-day', start: '09:00', end: '09:00' })],
      rotations: [rotation({ shiftId: 'all-day', personIds: ['a', 'b'], startsOn: '2025-09-29' })],
    });
    expect(who(r, at('2025-09-29', '08:59'))).toEqual([]); // before the rotation starts
    expect(who(r, at('2025-09-29', '09:00'))).toEqual(['all-day:a:rotation']);
    expect(who(r, at('2025-09-30', '08:59'))).toEqual(['all-day:a:rotation']);
    expect(who(r, at('2025-09-30', '09:00'))).toEqual(['all-day:b:rotation']);
    const midnight = roster({
      shifts: [shift({ id: 'm', start: '00:00', end: '00:00' })],
      rotations: [rotation({ shiftId: 'm', personIds: ['a', 'b'], startsOn: '2025-09-29' })],
    });
    expect(who(midnight, at('2025-09-29', '23:59', 59))).toEqual(['m:a:rotation']);
    expect(who(midnight, at('2025-09-30', '00:00'))).toEqual(['m:b:rotation']);
  });

  it('follows the holiday table: a holiday on a weekday, a Saturday worked (调休)', () => {
    const r = roster({
      shifts: [
        shift({ id: 'work', days: 'workday' }),
        shift({ id: 'rest', days: 'rest_day', sortOrder: 1 }),
        shift({ id: 'every', days: 'all', sortOrder: 2 }),
      ],
      rotations: [
        rotation({ shiftId: 'work', personIds: ['w'] }),
        rotation({ shiftId: 'rest', personIds: ['r'] }),
        rotation({ shiftId: 'every', personIds: ['e'] }),
      ],
    });
    // Wednesday 1 October, National Day: rest-day shifts run, workday shifts do not.
    expect(who(r, at('2025-10-01', '10:00'))).toEqual(['rest:r:rotation', 'every:e:rotation']);
    // Saturday 11 October, worked instead: workday shifts run, rest-day shifts do not.
    expect(who(r, at('2025-10-11', '10:00'))).toEqual(['work:w:rotation', 'every:e:rotation']);
    // Saturday 27 September: an ordinary weekend.
    expect(who(r, at('2025-09-27', '10:00'))).toEqual(['rest:r:rotation', 'every:e:rotation']);
    // Thursday 9 October: an ordinary working day again.
    expect(who(r, at('2025-10-09', '10:00'))).toEqual(['work:w:rotation', 'every:e:rotation']);
  });

  it('turns a rotation with period 1 daily and with period 7 weekly, counting calendar days', () => {
    const daily = roster({
      shifts: [shift({ id: 's' })],
      rotations: [rotation({ shiftId: 's', personIds: ['a', 'b', 'c'], startsOn: '2025-09-29' })],
    });
    const people = (r: Roster, from: string, n: number) =>
      schedule(r, 'u1', from, n).map((o) => o.personId);
    expect(people(daily, '2025-09-27', 9)).toEqual([null, null, 'a', 'b', 'c', 'a', 'b', 'c', 'a']);
    const weekly = roster({
      shifts: [shift({ id: 's', days: 'workday' })],
      rotations: [
        rotation({ shiftId: 's', personIds: ['a', 'b'], startsOn: '2025-09-15', periodDays: 7 }),
      ],
    });
    // Weeks from Monday 15 September: a, b, a, b... on the days the shift runs.
    const weeks = schedule(weekly, 'u1', '2025-09-15', 28);
    const byDate = Object.fromEntries(weeks.map((o) => [o.date, o.personId]));
    expect(byDate['2025-09-15']).toBe('a');
    expect(byDate['2025-09-19']).toBe('a');
    expect(byDate['2025-09-22']).toBe('b');
    expect(byDate['2025-09-28']).toBe('b'); // the Sunday worked instead, still week two
    expect(byDate['2025-09-29']).toBe('a');
    expect(byDate['2025-09-30']).toBe('a');
    expect(byDate['2025-10-01']).toBeUndefined(); // holiday: the workday shift does not run
    expect(byDate['2025-10-09']).toBe('b');
    expect(byDate['2025-10-11']).toBe('b'); // the Saturday worked instead
    expect(weeks.every((o) => o.via === 'rotation')).toBe(true);
  });

  it('lets a later rotation replace an earlier one from its start, keeping the past', () => {
    const r = roster({
      shifts: [shift({ id: 's' })],
      rotations: [
        rotation({ id: 'new', shiftId: 's', personIds: ['x', 'y'], startsOn: '2025-10-03' }),
        rotation({ id: 'old', shiftId: 's', personIds: ['a', 'b'], startsOn: '2025-09-29' }),
      ],
    });
    expect(schedule(r, 'u1', '2025-09-29', 7).map((o) => o.personId)).toEqual([
      'a',
      'b',
      'a',
      'b',
      'x',
      'y',
      'x',
    ]);
    // Two rotations from the same day: the one made later wins.
    const same = roster({
      shifts: [shift({ id: 's' })],
      rotations: [
        rotation({
          id: 'second',
          shiftId: 's',
          personIds: ['q'],
          createdAt: '2025-09-02T00:00:00Z',
        }),
        rotation({
          id: 'first',
          shiftId: 's',
          personIds: ['p'],
          createdAt: '2025-09-01T00:00:00Z',
        }),
      ],
    });
    expect(who(same, at('2025-09-30', '10:00'))).toEqual(['s:q:rotation']);
    // A rotation of another shift changes nothing here.
    const other = roster({
      shifts: [shift({ id: 's' }), shift({ id: 't', unitId: 'u2' })],
      rotations: [
        rotation({ shiftId: 's', personIds: ['a'] }),
        rotation({ shiftId: 't', personIds: ['z'] }),
      ],
    });
    expect(who(other, at('2025-09-30', '10:00'))).toEqual(['s:a:rotation']);
    expect(who(other, at('2025-09-30', '10:00'), 'u2')).toEqual(['t:z:rotation']);
  });

  it('replaces the person of one occurrence by an override, the latest winning', () => {
    const r = roster({
      shifts: [shift({ id: 'night', start: '20:00', end: '08:00' })],
      rotations: [rotation({ shiftId: 'night', personIds: ['a', 'b'], startsOn: '2025-09-29' })],
      overrides: [
        override({
          shiftId: 'night',
          date: '2025-09-30',
          personId: 'x',
          createdAt: '2025-09-29T01:00:00Z',
        }),
        override({
          shiftId: 'night',
          date: '2025-09-30',
          personId: 'y',
          createdAt: '2025-09-29T02:00:00Z',
        }),
        override({ shiftId: 'other', date: '2025-09-30', personId: 'z' }),
      ],
    });
    // The override holds for the whole occurrence, past midnight too.
    expect(who(r, at('2025-09-30', '20:00'))).toEqual(['night:y:override']);
    expect(who(r, at('2025-10-01', '07:59'))).toEqual(['night:y:override']);
    expect(who(r, at('2025-10-01', '08:00'))).toEqual([]);
    // The nights before and after follow the rotation.
    expect(who(r, at('2025-09-30', '07:00'))).toEqual(['night:a:rotation']);
    expect(who(r, at('2025-10-01', '20:00'))).toEqual(['night:a:rotation']);
    const week = schedule(r, 'u1', '2025-09-29', 3);
    expect(week.map((o) => [o.personId, o.via, o.overrideId])).toEqual([
      ['a', 'rotation', null],
      ['y', 'override', 'o-night-2025-09-30-y'],
      ['a', 'rotation', null],
    ]);
    // An override also covers a date before any rotation.
    const early = roster({
      shifts: [shift({ id: 's' })],
      overrides: [override({ shiftId: 's', date: '2025-09-30', personId: 'solo' })],
    });
    expect(who(early, at('2025-09-30', '09:00'))).toEqual(['s:solo:override']);
    expect(who(early, at('2025-10-01', '09:00'))).toEqual([]);
    expect(schedule(early, 'u1', '2025-10-01', 1)).toEqual([
      expect.objectContaining({ personId: null, via: null, overrideId: null }),
    ]);
  });

  it('answers every shift that covers the instant, in shift order', () => {
    const r = roster({
      shifts: [
        shift({ id: 'leader', start: '00:00', end: '00:00', sortOrder: 2 }),
        shift({ id: 'desk', start: '08:00', end: '20:00', sortOrder: 1 }),
        shift({ id: 'night', start: '20:00', end: '08:00', sortOrder: 1 }),
      ],
      rotations: [
        rotation({ shiftId: 'leader', personIds: ['L'] }),
        rotation({ shiftId: 'desk', personIds: ['D'] }),
        rotation({ shiftId: 'night', personIds: ['N'] }),
      ],
    });
    expect(who(r, at('2025-09-30', '12:00'))).toEqual(['desk:D:rotation', 'leader:L:rotation']);
    expect(who(r, at('2025-09-30', '21:00'))).toEqual(['night:N:rotation', 'leader:L:rotation']);
    expect(who(r, at('2025-09-30', '07:59'))).toEqual(['night:N:rotation', 'leader:L:rotation']);
    expect(who(r, at('2025-09-30', '08:00'))).toEqual(['desk:D:rotation', 'leader:L:rotation']);
  });

  it('lists the schedule by date then shift, with each occurrence’s times', () => {
    const r = roster({
      shifts: [
        shift({ id: 'night', start: '18:00', end: '08:00', sortOrder: 1 }),
        shift({ id: 'day', start: '08:00', end: '18:00', sortOrder: 0 }),
      ],
      rotations: [rotation({ shiftId: 'day', personIds: ['a'] })],
    });
    const list = schedule(r, 'u1', '2025-09-30', 2);
    expect(list.map((o) => [o.date, o.shiftId, o.personId, o.from, o.until])).toEqual([
      ['2025-09-30', 'day', 'a', '2025-09-30T00:00:00.000Z', '2025-09-30T10:00:00.000Z'],
      ['2025-09-30', 'night', null, '2025-09-30T10:00:00.000Z', '2025-10-01T00:00:00.000Z'],
      ['2025-10-01', 'day', 'a', '2025-10-01T00:00:00.000Z', '2025-10-01T10:00:00.000Z'],
      ['2025-10-01', 'night', null, '2025-10-01T10:00:00.000Z', '2025-10-02T00:00:00.000Z'],
    ]);
    // Nobody set: the occurrence is listed, but nobody is on duty.
    expect(who(r, at('2025-09-30', '19:00'))).toEqual([]);
  });
});
