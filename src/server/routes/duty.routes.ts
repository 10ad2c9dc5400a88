// The duty roster (值班表): shifts per unit, rotations, overrides, the holiday calendar, and
// who is on duty now.
import type { Router, Services } from '../app.ts';
import {
  dutyHolidayBody,
  dutyHolidayParams,
  dutyHolidayQuery,
  dutyHolidaySchema,
  dutyNowSchema,
  dutyOverrideBody,
  dutyOverrideSchema,
  dutyRosterSchema,
  dutyRotationBody,
  dutyRotationSchema,
  dutyScheduleQuery,
  dutyScheduleSchema,
  dutyShiftBody,
  dutyShiftPatchBody,
  dutyShiftSchema,
  dutyUnitQuery,
  idParams,
  page,
} from '../schemas.ts';

export function registerDutyRoutes(route: Router, s: Services): void {
  const tag = 'duty roster';
  route(
    {
      method: 'GET',
      url: '/api/v1/duty/roster',
      summary: 'Shifts of a unit (or every unit in your scope) with rotations and recent overrides',
      tag,
      access: 'signed-in',
      query: dutyUnitQuery,
      response: dutyRosterSchema,
    },
    async ({ actor, query }) => s.duty.roster(actor, query.unitId),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/duty/now',
      summary: 'Who is on duty now, per unit (every unit in your scope that keeps a roster)',
      tag,
      access: 'signed-in',
      query: dutyUnitQuery,
      response: dutyNowSchema,
    },
    async ({ actor, query }) => s.duty.onDutyNow(actor, query.unitId),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/duty/schedule',
      summary: 'Shift occurrences with who takes them, from a date (default today) for 1-62 days',
      tag,
      access: 'signed-in',
      query: dutyScheduleQuery,
      response: dutyScheduleSchema,
    },
    async ({ actor, query }) => s.duty.schedule(actor, query),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/duty/shifts',
      summary: 'Add a shift to a unit',
      tag,
      access: 'signed-in',
      body: dutyShiftBody,
      status: 201,
      response: dutyShiftSchema,
    },
    async ({ actor, body }) => s.duty.createShift(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/duty/shifts/:id',
      summary: 'Change a shift; active: false retires it (shifts are never deleted)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: dutyShiftPatchBody,
      response: dutyShiftSchema,
    },
    async ({ actor, params, body }) => s.duty.updateShift(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/duty/shifts/:id/rotations',
      summary: 'Set who takes the shift in turn from a date on (earlier rotations are kept)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: dutyRotationBody,
      status: 201,
      response: dutyRotationSchema,
    },
    async ({ actor, params, body }) => s.duty.setRotation(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/duty/shifts/:id/overrides',
      summary: 'Someone else takes the shift starting on a date, for a stated reason',
      tag,
      access: 'signed-in',
      params: idParams,
      body: dutyOverrideBody,
      status: 201,
      response: dutyOverrideSchema,
    },
    async ({ actor, params, body }) => s.duty.addOverride(actor, params.id, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/duty/holidays',
      summary: 'Public holidays and weekend days worked instead (调休)',
      tag,
      access: 'signed-in',
      query: dutyHolidayQuery,
      response: page(dutyHolidaySchema),
    },
    async ({ actor, query }) => ({
      items: await s.duty.listHolidays(actor, query),
      next_cursor: null,
    }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/duty/holidays',
      summary: 'Add a date to the holiday calendar, or correct it (office, admin)',
      tag,
      access: 'signed-in',
      body: dutyHolidayBody,
      response: dutyHolidaySchema,
    },
    async ({ actor, body }) => s.duty.putHoliday(actor, body),
  );
  route(
    {
      method: 'DELETE',
      url: '/api/v1/duty/holidays/:date',
      summary: 'Remove a date from the holiday calendar (office, admin)',
      tag,
      access: 'signed-in',
      params: dutyHolidayParams,
      status: 204,
    },
    async ({ actor, params }) => s.duty.removeHoliday(actor, params.date),
  );
}
