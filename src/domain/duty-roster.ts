// The duty roster (值班表): shifts per unit, who takes them in turn (rotations), one-off
// replacements (overrides) and the calendar of public holidays and weekend days worked instead
// (调休). Pure: no I/O and no clock. Wall-clock times are Asia/Shanghai (UTC+8, no daylight
// saving time); a shift that runs past midnight belongs to the date it starts.

export const DUTY_DAYS = ['workday', 'rest_day', 'all'] as const;
/** Which dates a shift runs on: working days, rest days (weekends and holidays), or every day. */
export type DutyDays = (typeof DUTY_DAYS)[number];

export const HOLIDAY_KINDS = ['holiday', 'workday'] as const;
/** A public holiday, or a weekend day worked instead (调休). */
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** What a date is: a working day, a weekend rest day, or a public holiday. */
export type DayKind = 'workday' | 'rest_day' | 'holiday';

export interface DutyShift {
  id: string;
  unitId: string;
  name: string;
  /** HH:MM wall-clock; an end at or before the start runs past midnight (equal: 24 hours). */
  start: string;
  end: string;
  days: DutyDays;
  sortOrder: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DutyRotation {
  id: string;
  shiftId: string;
  /** In turn order; each takes period_days consecutive days from startsOn. */
  personIds: readonly string[];
  /** YYYY-MM-DD */
  startsOn: string;
  periodDays: number;
  /** ISO time: among rotations starting the same day, the later made wins. */
  createdAt: string;
}

export interface DutyOverride {
  id: string;
  shiftId: string;
  /** The date (YYYY-MM-DD) the replaced occurrence starts. */
  date: string;
  personId: string;
  reason: string;
  /** The account that made it (null: the system). */
  createdBy: string | null;
  /** ISO time: among overrides of one occurrence, the later made wins. */
  createdAt: string;
}

export interface DutyHoliday {
  date: string;
  name: string;
  kind: HolidayKind;
}

export interface Roster {
  shifts: readonly DutyShift[];
  rotations: readonly DutyRotation[];
  overrides: readonly DutyOverride[];
  holidays: readonly DutyHoliday[];
}

export interface OnDuty {
  personId: string;
  shiftId: string;
  shiftName: string;
  via: 'rotation' | 'override';
  /** ISO times of the occurrence: from inclusive, until exclusive. */
  from: string;
  until: string;
}

/** One occurrence of a shift, with whoever takes it (null: nobody is set for that date). */
export interface Occurrence {
  date: string;
  shiftId: string;
  shiftName: string;
  from: string;
  until: string;
  personId: string | null;
  via: 'rotation' | 'override' | null;
  /** The override that set the person, when one did. */
  overrideId: string | null;
}

export interface CalendarDay {
  date: string;
  /** 0 Sunday ... 6 Saturday */
  weekday: number;
  kind: DayKind;
  /** The holiday table's name for the date (a holiday or a 调休 working day), else null. */
  holidayName: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Asia/Shanghai is UTC+8 all year. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a wall-clock time HH:MM (00:00 to 23:59). */
export function isTimeOfDay(s: string): boolean {
  return HHMM.test(s);
}

/** Minutes after midnight of an HH:MM time. */
export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`not a time HH:MM: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Whether a string is a real calendar date YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = YMD.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
}

/** Days since 1970-01-01 of a date YYYY-MM-DD. */
export function dayNumber(date: string): number {
  if (!isDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** The date YYYY-MM-DD of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** The Asia/Shanghai date YYYY-MM-DD of an instant. */
export function shanghaiDate(at: Date): string {
  return dateOfDay(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The instant of a wall-clock time on a date, in Asia/Shanghai. */
export function shanghaiInstant(date: string, minutes: number): Date {
  return new Date(dayNumber(date) * DAY_MS + minutes * MINUTE_MS - SHANGHAI_OFFSET_MS);
}

/** What a date is: the holiday table first (holiday, or 调休 workday), else Mon-Fri work. */
export function dayKind(holidays: readonly DutyHoliday[], date: string): DayKind {
  return calendarDay(holidayIndex(holidays), date).kind;
}

/** The dates from `fromDate` on, `days` of them, each with its kind. */
export function calendar(
  holidays: readonly DutyHoliday[],
  fromDate: string,
  days: number,
): CalendarDay[] {
  const index = holidayIndex(holidays);
  return Array.from({ length: days }, (_, i) => calendarDay(index, addDays(fromDate, i)));
}

/** Whether a shift runs on a date of this kind (holidays are rest days). */
export function runsOn(days: DutyDays, kind: DayKind): boolean {
  if (days === 'all') return true;
  return days === 'workday' ? kind === 'workday' : kind !== 'workday';
}

/** The start and end of the shift's occurrence on a date (whether or not it runs that day). */
export function occurrenceSpan(
  shift: Pick<DutyShift, 'start' | 'end'>,
  date: string,
): { from: Date; until: Date } {
  const start = minutesOf(shift.start);
  const end = minutesOf(shift.end);
  return {
    from: shanghaiInstant(date, start),
    until: shanghaiInstant(date, end > start ? end : end + 24 * 60),
  };
}

/**
 * Who is on duty in a unit at an instant: one entry per active shift of the unit whose
 * occurrence covers it (start inclusive, end exclusive) and has someone set, in shift order.
 */
export function onDuty(roster: Roster, unitId: string, at: Date): OnDuty[] {
  const t = at.getTime();
  const today = shanghaiDate(at);
  const yesterday = addDays(today, -1);
  const dates = [yesterday, today];
  const out: OnDuty[] = [];
  for (const o of occurrences(roster, unitId, dates)) {
    if (o.personId === null || o.via === null) continue;
    if (Date.parse(o.from) <= t && t < Date.parse(o.until)) {
      out.push({
        personId: o.personId,
        shiftId: o.shiftId,
        shiftName: o.shiftName,
        via: o.via,
        from: o.from,
        until: o.until,
      });
    }
  }
  return out;
}

/** Every occurrence of the unit's active shifts on `days` dates from `fromDate`, by date. */
export function schedule(
  roster: Roster,
  unitId: string,
  fromDate: string,
  days: number,
): Occurrence[] {
  return occurrences(
    roster,
    unitId,
    Array.from({ length: days }, (_, i) => addDays(fromDate, i)),
  );
}

/** The rotation of a shift in force on a date: the latest starting on or before it. */
export function rotationOn(
  rotations: readonly DutyRotation[],
  shiftId: string,
  date: string,
): DutyRotation | null {
  let best: DutyRotation | null = null;
  for (const r of rotations) {
    if (r.shiftId !== shiftId || r.startsOn > date) continue;
    if (
      !best ||
      r.startsOn > best.startsOn ||
      (r.startsOn === best.startsOn && r.createdAt >= best.createdAt)
    ) {
      best = r;
    }
  }
  return best;
}

/** Whose turn a date is in a rotation (null before it starts or when it names nobody). */
export function personOfRotation(rotation: DutyRotation, date: string): string | null {
  const n = rotation.personIds.length;
  const since = dayNumber(date) - dayNumber(rotation.startsOn);
  if (n === 0 || since < 0 || rotation.periodDays < 1) return null;
  return rotation.personIds[Math.floor(since / rotation.periodDays) % n] ?? null;
}

/** The override of one occurrence in force: the latest made. */
export function overrideOn(
  overrides: readonly DutyOverride[],
  shiftId: string,
  date: string,
): DutyOverride | null {
  let best: DutyOverride | null = null;
  for (const o of overrides) {
    if (o.shiftId !== shiftId || o.date !== date) continue;
    if (!best || o.createdAt >= best.createdAt) best = o;
  }
  return best;
}

/** The unit's active shifts in their display order. */
export function unitShifts(roster: Roster, unitId: string): DutyShift[] {
  return roster.shifts
    .filter((s) => s.unitId === unitId && s.active)
    .sort(
      (a, b) =>
        a.sortOrder - b.sortOrder ||
        minutesOf(a.start) - minutesOf(b.start) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

function occurrences(roster: Roster, unitId: string, dates: readonly string[]): Occurrence[] {
  const shifts = unitShifts(roster, unitId);
  if (shifts.length === 0) return [];
  const index = holidayIndex(roster.holidays);
  const out: Occurrence[] = [];
  for (const date of dates) {
    const kind = calendarDay(index, date).kind;
    for (const shift of shifts) {
      if (!runsOn(shift.days, kind)) continue;
      const span = occurrenceSpan(shift, date);
      const override = overrideOn(roster.overrides, shift.id, date);
      const rotation = override ? null : rotationOn(roster.rotations, shift.id, date);
      const personId = override ? override.personId : rotation && personOfRotation(rotation, date);
      out.push({
        date,
        shiftId: shift.id,
        shiftName: shift.name,
        from: span.from.toISOString(),
        until: span.until.toISOString(),
        personId: personId ?? null,
        via: override ? 'override' : personId ? 'rotation' : null,
        overrideId: override?.id ?? null,
      });
    }
  }
  return out;
}

function holidayIndex(holidays: readonly DutyHoliday[]): Map<string, DutyHoliday> {
  return new Map(holidays.map((h) => [h.date, h]));
}

function calendarDay(index: ReadonlyMap<string, DutyHoliday>, date: string): CalendarDay {
  // 1970-01-01 was a Thursday.
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7;
  const h = index.get(date);
  const kind: DayKind = h
    ? h.kind === 'holiday'
      ? 'holiday'
      : 'workday'
    : weekday === 0 || weekday === 6
      ? 'rest_day'
      : 'workday';
  return { date, weekday, kind, holidayName: h?.name ?? null };
}
