// The duty roster aggregate: shifts, rotations, overrides and the holiday calendar. Takes any
// Db, a transaction included: the alert service reads the roster inside the ingest transaction.
import type {
  DutyHoliday,
  DutyOverride,
  DutyRotation,
  DutyShift,
  Roster,
} from '../domain/duty-roster.ts';
import type { Db } from './db.ts';
import type {
  DutyHolidayTable,
  DutyOverrideTable,
  DutyRotationTable,
  DutyShiftRow,
  DutyShiftTable,
  PersonRow,
} from './schema.ts';

export interface RosterQuery {
  /** Only these units' shifts (and their rotations and overrides); all units when absent. */
  unitIds?: readonly string[] | undefined;
  /** Only overrides and holidays on or after this date (YYYY-MM-DD). */
  from?: string | undefined;
  /** Only overrides and holidays on or before this date (YYYY-MM-DD). */
  to?: string | undefined;
}

/** A person as the roster names them, with the account linked to them (if any). */
export type DutyPersonRow = Pick<
  PersonRow,
  'id' | 'unit_id' | 'name' | 'title' | 'email' | 'phone' | 'active'
> & { user_id: string | null };

function shiftOfRow(r: DutyShiftRow): DutyShift {
  return {
    id: r.id,
    unitId: r.unit_id,
    name: r.name,
    start: r.start_time,
    end: r.end_time,
    days: r.days,
    sortOrder: r.sort_order,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function rotationOfRow(r: DutyRotationTable): DutyRotation {
  return {
    id: r.id,
    shiftId: r.shift_id,
    personIds: parseIds(r.person_ids),
    startsOn: r.starts_on,
    periodDays: r.period_days,
    createdAt: r.created_at,
  };
}

export function overrideOfRow(r: DutyOverrideTable): DutyOverride {
  return {
    id: r.id,
    shiftId: r.shift_id,
    date: r.date,
    personId: r.person_id,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function parseIds(json: string): string[] {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export class DutyRepository {
  constructor(private readonly db: Db) {}

  /** The roster, parsed: shifts (active or not), every rotation, overrides and holidays. */
  async loadRoster(q: RosterQuery = {}): Promise<Roster> {
    const unitIds = q.unitIds ? (q.unitIds.length ? [...q.unitIds] : ['']) : null;
    let shiftQuery = this.db
      .selectFrom('duty_shifts')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('start_time')
      .orderBy('id');
    if (unitIds) shiftQuery = shiftQuery.where('unit_id', 'in', unitIds);
    const shifts = await shiftQuery.execute();
    const shiftIds = shifts.length ? shifts.map((s) => s.id) : [''];

    const rotations = await this.db
      .selectFrom('duty_rotations')
      .selectAll()
      .where('shift_id', 'in', shiftIds)
      .orderBy('starts_on')
      .orderBy('created_at')
      .execute();

    let overrideQuery = this.db
      .selectFrom('duty_overrides')
      .selectAll()
      .where('shift_id', 'in', shiftIds)
      .orderBy('date')
      .orderBy('created_at');
    if (q.from) overrideQuery = overrideQuery.where('date', '>=', q.from);
    if (q.to) overrideQuery = overrideQuery.where('date', '<=', q.to);
    const overrides = await overrideQuery.execute();

    return {
      shifts: shifts.map(shiftOfRow),
      rotations: rotations.map(rotationOfRow),
      overrides: overrides.map(overrideOfRow),
      holidays: await this.listHolidays(q),
    };
  }

  listHolidays(
    q: { from?: string | undefined; to?: string | undefined } = {},
  ): Promise<DutyHoliday[]> {
    let query = this.db.selectFrom('duty_holidays').selectAll().orderBy('date');
    if (q.from) query = query.where('date', '>=', q.from);
    if (q.to) query = query.where('date', '<=', q.to);
    return query.execute();
  }

  getShift(id: string): Promise<DutyShiftRow | undefined> {
    return this.db.selectFrom('duty_shifts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertShift(row: DutyShiftTable): Promise<void> {
    await this.db.insertInto('duty_shifts').values(row).execute();
  }

  async updateShift(id: string, patch: Partial<DutyShiftTable>): Promise<void> {
    await this.db.updateTable('duty_shifts').set(patch).where('id', '=', id).execute();
  }

  async insertRotation(row: DutyRotationTable): Promise<void> {
    await this.db.insertInto('duty_rotations').values(row).execute();
  }

  async insertOverride(row: DutyOverrideTable): Promise<void> {
    await this.db.insertInto('duty_overrides').values(row).execute();
  }

  getHoliday(date: string): Promise<DutyHoliday | undefined> {
    return this.db
      .selectFrom('duty_holidays')
      .selectAll()
      .where('date', '=', date)
      .executeTakeFirst();
  }

  /** Adds the date, or replaces what the table said about it. */
  async putHoliday(row: DutyHolidayTable): Promise<void> {
    await this.db
      .insertInto('duty_holidays')
      .values(row)
      .onConflict((oc) => oc.column('date').doUpdateSet({ name: row.name, kind: row.kind }))
      .execute();
  }

  async deleteHoliday(date: string): Promise<void> {
    await this.db.deleteFrom('duty_holidays').where('date', '=', date).execute();
  }

  /**
   * The people with these ids, each with the id of the enabled account linked to them (the
   * earliest made, when there are several), or null.
   */
  async people(ids: readonly string[]): Promise<DutyPersonRow[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const people = await this.db
      .selectFrom('people')
      .select(['id', 'unit_id', 'name', 'title', 'email', 'phone', 'active'])
      .where('id', 'in', unique)
      .execute();
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'person_id'])
      .where('person_id', 'in', unique)
      .where('disabled', '=', 0)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const userOf = new Map<string, string>();
    for (const u of users)
      if (u.person_id && !userOf.has(u.person_id)) userOf.set(u.person_id, u.id);
    return people.map((p) => ({ ...p, user_id: userOf.get(p.id) ?? null }));
  }
}
