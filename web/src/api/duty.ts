// The API calls of the duty roster (值班表): who is on duty now, the schedule, shifts with
// their rotations and overrides, and the holiday calendar. Types come from the server's zod
// schemas (type-only: no zod in the bundle).
import type * as W from '../../../src/server/schemas.ts';
import { request } from './client.ts';
import type { Page } from './types.ts';

export type {
  DutyHolidayView,
  DutyRotationView,
  DutySchedule,
  DutyShiftView,
} from '../../../src/server/schemas.ts';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const shiftPath = (id: string) => `/duty/shifts/${encodeURIComponent(id)}`;

export const dutyApi = {
  /** Who is on duty now: in one unit, or in every unit of your scope that keeps a roster. */
  now: (unitId: string | null, signal?: AbortSignal) =>
    request<W.DutyNow>('GET', '/duty/now', { query: { unitId }, ...withSignal(signal) }),
  /** One unit's shifts with their rotations and the overrides of the last 31 days on. */
  roster: (unitId: string, signal?: AbortSignal) =>
    request<W.DutyRoster>('GET', '/duty/roster', { query: { unitId }, ...withSignal(signal) }),
  /** Who takes each occurrence from a date (YYYY-MM-DD) for some days, with the day kinds. */
  schedule: (q: { unitId: string; from: string; days: number }, signal?: AbortSignal) =>
    request<W.DutySchedule>('GET', '/duty/schedule', { query: q, ...withSignal(signal) }),
  createShift: (body: W.NewDutyShift) => request<W.DutyShiftView>('POST', '/duty/shifts', { body }),
  updateShift: (id: string, body: W.DutyShiftPatch) =>
    request<W.DutyShiftView>('PATCH', shiftPath(id), { body }),
  setRotation: (shiftId: string, body: W.NewDutyRotation) =>
    request<W.DutyRotationView>('POST', `${shiftPath(shiftId)}/rotations`, { body }),
  addOverride: (shiftId: string, body: W.NewDutyOverride) =>
    request<W.DutyOverrideView>('POST', `${shiftPath(shiftId)}/overrides`, { body }),
  holidays: (q: { from?: string }, signal?: AbortSignal) =>
    request<Page<W.DutyHolidayView>>('GET', '/duty/holidays', { query: q, ...withSignal(signal) }),
  putHoliday: (body: W.NewDutyHoliday) =>
    request<W.DutyHolidayView>('POST', '/duty/holidays', { body }),
  removeHoliday: (date: string) =>
    request<null>('DELETE', `/duty/holidays/${encodeURIComponent(date)}`),
};
