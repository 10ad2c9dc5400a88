// The duty roster (值班表, issue 6): shifts per unit, who takes them in turn, one-off
// replacements with their reason, the holiday calendar, and who is on duty now. Readers need
// org.read; changes need duty.write inside the unit's scope (the holiday calendar, being the
// whole province's, the office or an administrator), and each is audited in its transaction.
import { randomUUID } from 'node:crypto';
import {
  addDays,
  calendar,
  onDuty,
  rotationOn,
  schedule,
  shanghaiDate,
  unitShifts,
  type DayKind,
  type DutyDays,
  type DutyHoliday,
  type DutyOverride,
  type DutyRotation,
  type DutyShift,
  type Occurrence,
  type OnDuty,
  type Roster,
} from '../domain/duty-roster.ts';
import { errors } from '../errors.ts';
import type { Db } from '../store/db.ts';
import {
  DutyRepository,
  overrideOfRow,
  rotationOfRow,
  type DutyPersonRow,
} from '../store/duty.repository.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type {
  DutyHolidayTable,
  DutyOverrideTable,
  DutyRotationTable,
  DutyShiftRow,
  UnitRow,
} from '../store/schema.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

/** Someone on duty, as the alert service addresses them (server-internal: contacts included). */
export interface OnDutyPerson {
  personId: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The enabled account linked to the person, for in-app notices; null when there is none. */
  userId: string | null;
  shiftId: string;
  shiftName: string;
  /** When the occurrence they are on ends (ISO). */
  until: string;
}

/**
 * Who is on duty in a unit at an instant, each person once (their first shift in shift order).
 * Takes any Db, so the alert service can call it inside the ingest transaction.
 */
export async function whoIsOnDuty(db: Db, unitId: string, at: Date): Promise<OnDutyPerson[]> {
  const repo = new DutyRepository(db);
  const today = shanghaiDate(at);
  const roster = await repo.loadRoster({
    unitIds: [unitId],
    from: addDays(today, -1),
    to: today,
  });
  const duties = onDuty(roster, unitId, at);
  const people = new Map((await repo.people(duties.map((d) => d.personId))).map((p) => [p.id, p]));
  const out: OnDutyPerson[] = [];
  for (const d of duties) {
    const p = people.get(d.personId);
    if (!p || out.some((o) => o.personId === p.id)) continue;
    out.push({
      personId: p.id,
      name: p.name,
      email: p.email,
      phone: p.phone,
      userId: p.user_id,
      shiftId: d.shiftId,
      shiftName: d.shiftName,
      until: d.until,
    });
  }
  return out;
}

export interface DutyPersonRef {
  id: string;
  name: string;
  title: string;
  unit_id: string;
  active: boolean;
}

export interface DutyRotationView {
  id: string;
  shift_id: string;
  person_ids: string[];
  /** The people of person_ids that still exist, in turn order. */
  people: DutyPersonRef[];
  starts_on: string;
  period_days: number;
  created_at: string;
}

export interface DutyOverrideView {
  id: string;
  shift_id: string;
  date: string;
  person_id: string;
  person_name: string | null;
  /** Only for those who may change the unit's roster. */
  reason: string | null;
  created_at: string;
}

export interface DutyShiftView {
  id: string;
  unit_id: string;
  name: string;
  start_time: string;
  end_time: string;
  days: DutyDays;
  sort_order: number;
  active: boolean;
  created_at: string;
  updated_at: string;
  rotations: DutyRotationView[];
  current_rotation_id: string | null;
  overrides: DutyOverrideView[];
}

interface UnitNames {
  unit_id: string;
  unit_name: string;
  unit_name_en: string | null;
}

export interface DutyNowView {
  at: string;
  units: (UnitNames & {
    has_shifts: boolean;
    on_duty: {
      person_id: string;
      name: string;
      title: string;
      unit_id: string;
      email: string | null;
      phone: string | null;
      shift_id: string;
      shift_name: string;
      via: OnDuty['via'];
      from: string;
      until: string;
    }[];
  })[];
}

export interface DutyScheduleView {
  from: string;
  days: { date: string; weekday: number; kind: DayKind; holiday_name: string | null }[];
  units: (UnitNames & {
    shifts: { id: string; name: string; start_time: string; end_time: string; days: DutyDays }[];
    occurrences: {
      date: string;
      shift_id: string;
      from: string;
      until: string;
      person_id: string | null;
      person_name: string | null;
      via: Occurrence['via'];
    }[];
  })[];
}

export interface ShiftInput {
  unit_id: string;
  name: string;
  start_time: string;
  end_time: string;
  days: DutyShiftRow['days'];
  sort_order?: number | undefined;
}

export type ShiftPatch = Partial<Omit<ShiftInput, 'unit_id'>> & { active?: boolean | undefined };

export interface RotationInput {
  person_ids: string[];
  starts_on: string;
  period_days: number;
}

export interface OverrideInput {
  date: string;
  person_id: string;
  reason: string;
}

/** How far back the roster lists overrides. */
const OVERRIDE_DAYS_SHOWN = 31;

export class DutyService {
  constructor(private readonly deps: ServiceDeps) {}

  private get db() {
    return this.deps.store.db;
  }

  /** The shifts of one unit, or of every unit in scope, with their rotations and overrides. */
  async roster(actor: Actor, unitId?: string): Promise<{ today: string; shifts: DutyShiftView[] }> {
    authorize(actor, 'org.read', unitId);
    if (unitId !== undefined) await this.requireUnit(new OrgRepository(this.db), unitId);
    const today = shanghaiDate(this.deps.now());
    const { roster, people } = await this.loadForViews(this.db, this.unitsToRead(actor, unitId));
    return {
      today,
      shifts: roster.shifts.map((s) =>
        shiftView(s, roster, people, today, this.mayWrite(actor, s.unitId)),
      ),
    };
  }

  /** Who is on duty now in one unit, or in every unit in scope that keeps a roster. */
  async onDutyNow(actor: Actor, unitId?: string): Promise<DutyNowView> {
    authorize(actor, 'org.read', unitId);
    const org = new OrgRepository(this.db);
    if (unitId !== undefined) await this.requireUnit(org, unitId);
    const now = this.deps.now();
    const today = shanghaiDate(now);
    const repo = new DutyRepository(this.db);
    const roster = await repo.loadRoster({
      unitIds: this.unitsToRead(actor, unitId),
      from: addDays(today, -1),
      to: today,
    });
    const units = await this.unitsShown(org, roster, unitId);
    const duties = units.map((u) => ({ unit: u, on: onDuty(roster, u.id, now) }));
    const people = new Map(
      (await repo.people(duties.flatMap((d) => d.on.map((o) => o.personId)))).map((p) => [p.id, p]),
    );
    // Contacts go to staff signed in, not to machines reading with a token.
    const contacts = actor.principal?.kind !== 'token';
    return {
      at: now.toISOString(),
      units: duties.map(({ unit, on }) => ({
        ...unitNames(unit),
        has_shifts: unitShifts(roster, unit.id).length > 0,
        on_duty: on.flatMap((d) => {
          const p = people.get(d.personId);
          if (!p) return [];
          return [
            {
              person_id: p.id,
              name: p.name,
              title: p.title,
              unit_id: p.unit_id,
              email: contacts ? p.email : null,
              phone: contacts ? p.phone : null,
              shift_id: d.shiftId,
              shift_name: d.shiftName,
              via: d.via,
              from: d.from,
              until: d.until,
            },
          ];
        }),
      })),
    };
  }

  /** Every occurrence from a date (default today) for some days, with the calendar's kinds. */
  async schedule(
    actor: Actor,
    q: { unitId?: string | undefined; from?: string | undefined; days: number },
  ): Promise<DutyScheduleView> {
    authorize(actor, 'org.read', q.unitId);
    const org = new OrgRepository(this.db);
    if (q.unitId !== undefined) await this.requireUnit(org, q.unitId);
    const from = q.from ?? shanghaiDate(this.deps.now());
    const to = addDays(from, q.days - 1);
    const repo = new DutyRepository(this.db);
    const roster = await repo.loadRoster({ unitIds: this.unitsToRead(actor, q.unitId), from, to });
    const units = await this.unitsShown(org, roster, q.unitId);
    const people = await this.peopleOf(repo, roster);
    return {
      from,
      days: calendar(roster.holidays, from, q.days).map((d) => ({
        date: d.date,
        weekday: d.weekday,
        kind: d.kind,
        holiday_name: d.holidayName,
      })),
      units: units.map((u) => ({
        ...unitNames(u),
        shifts: unitShifts(roster, u.id).map((s) => ({
          id: s.id,
          name: s.name,
          start_time: s.start,
          end_time: s.end,
          days: s.days,
        })),
        occurrences: schedule(roster, u.id, from, q.days).map((o) => ({
          date: o.date,
          shift_id: o.shiftId,
          from: o.from,
          until: o.until,
          person_id: o.personId,
          person_name: o.personId ? (people.get(o.personId)?.name ?? null) : null,
          via: o.via,
        })),
      })),
    };
  }

  async createShift(actor: Actor, input: ShiftInput): Promise<DutyShiftView> {
    authorize(actor, 'duty.write', input.unit_id);
    return this.db.transaction().execute(async (trx) => {
      const org = new OrgRepository(trx);
      if (!(await org.getUnit(input.unit_id))) {
        throw errors.invalidInput('no such unit', [
          { path: 'body.unit_id', message: 'no such unit' },
        ]);
      }
      const now = this.deps.now().toISOString();
      const row: DutyShiftRow = {
        id: randomUUID(),
        unit_id: input.unit_id,
        name: input.name,
        start_time: input.start_time,
        end_time: input.end_time,
        days: input.days,
        sort_order: input.sort_order ?? 0,
        active: 1,
        created_at: now,
        updated_at: now,
      };
      await new DutyRepository(trx).insertShift(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'duty.shift.create',
        objectType: 'duty_shift',
        objectId: row.id,
        after: shiftAudit(row),
      });
      return this.viewOf(trx, actor, row);
    });
  }

  /** Changes a shift; `active: false` retires it (shifts are never deleted: history keeps them). */
  async updateShift(actor: Actor, id: string, patch: ShiftPatch): Promise<DutyShiftView> {
    authorize(actor, 'duty.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new DutyRepository(trx);
      const before = await repo.getShift(id);
      if (!before) throw errors.notFound('shift');
      authorize(actor, 'duty.write', before.unit_id);
      const changes = {
        name: patch.name ?? before.name,
        start_time: patch.start_time ?? before.start_time,
        end_time: patch.end_time ?? before.end_time,
        days: patch.days ?? before.days,
        sort_order: patch.sort_order ?? before.sort_order,
        active: patch.active === undefined ? before.active : patch.active ? 1 : 0,
        updated_at: this.deps.now().toISOString(),
      };
      await repo.updateShift(id, changes);
      const after = { ...before, ...changes };
      await audit(trx, actor, this.deps.now(), {
        action:
          before.active === 1 && after.active === 0 ? 'duty.shift.deactivate' : 'duty.shift.update',
        objectType: 'duty_shift',
        objectId: id,
        before: shiftAudit(before),
        after: shiftAudit(after),
      });
      return this.viewOf(trx, actor, after);
    });
  }

  /** Sets who takes the shift in turn from a date on; earlier rotations stay for the record. */
  async setRotation(
    actor: Actor,
    shiftId: string,
    input: RotationInput,
  ): Promise<DutyRotationView> {
    authorize(actor, 'duty.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new DutyRepository(trx);
      const shift = await this.writableShift(actor, repo, shiftId);
      const people = await repo.people(input.person_ids);
      input.person_ids.forEach((pid, i) => {
        const p = people.find((x) => x.id === pid);
        checkPerson(p, `body.person_ids.${i}`);
      });
      const row: DutyRotationTable = {
        id: randomUUID(),
        shift_id: shift.id,
        person_ids: JSON.stringify(input.person_ids),
        starts_on: input.starts_on,
        period_days: input.period_days,
        created_at: this.deps.now().toISOString(),
      };
      await repo.insertRotation(row);
      const view = rotationView(rotationOfRow(row), new Map(people.map((p) => [p.id, p])));
      await audit(trx, actor, this.deps.now(), {
        action: 'duty.rotation.set',
        objectType: 'duty_shift',
        objectId: shift.id,
        after: {
          rotation_id: row.id,
          unit_id: shift.unit_id,
          person_ids: input.person_ids,
          starts_on: row.starts_on,
          period_days: row.period_days,
        },
      });
      return view;
    });
  }

  /** Someone else takes one occurrence of a shift (the date it starts), for a stated reason. */
  async addOverride(
    actor: Actor,
    shiftId: string,
    input: OverrideInput,
  ): Promise<DutyOverrideView> {
    authorize(actor, 'duty.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new DutyRepository(trx);
      const shift = await this.writableShift(actor, repo, shiftId);
      const [person] = await repo.people([input.person_id]);
      checkPerson(person, 'body.person_id');
      const p = person as DutyPersonRow;
      const row: DutyOverrideTable = {
        id: randomUUID(),
        shift_id: shift.id,
        date: input.date,
        person_id: p.id,
        reason: input.reason,
        created_by: actor.principal?.id ?? null,
        created_at: this.deps.now().toISOString(),
      };
      await repo.insertOverride(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'duty.override.add',
        objectType: 'duty_shift',
        objectId: shift.id,
        after: {
          override_id: row.id,
          unit_id: shift.unit_id,
          date: row.date,
          person_id: row.person_id,
          reason: row.reason,
        },
      });
      return overrideView(overrideOfRow(row), new Map([[p.id, p]]), true);
    });
  }

  async listHolidays(
    actor: Actor,
    q: { from?: string | undefined; to?: string | undefined } = {},
  ): Promise<DutyHoliday[]> {
    authorize(actor, 'org.read');
    return new DutyRepository(this.db).listHolidays(q);
  }

  /** Adds a holiday or a weekend day worked instead (调休), or corrects what a date says. */
  async putHoliday(actor: Actor, input: DutyHolidayTable): Promise<DutyHoliday> {
    this.authorizeCalendar(actor);
    return this.db.transaction().execute(async (trx) => {
      const repo = new DutyRepository(trx);
      const before = await repo.getHoliday(input.date);
      const row: DutyHolidayTable = { date: input.date, name: input.name, kind: input.kind };
      await repo.putHoliday(row);
      await audit(trx, actor, this.deps.now(), {
        action: before ? 'duty.holiday.update' : 'duty.holiday.add',
        objectType: 'duty_holiday',
        objectId: row.date,
        before: before ?? null,
        after: row,
      });
      return row;
    });
  }

  /** Removes a date from the holiday calendar (calendar data: a wrong entry may go). */
  async removeHoliday(actor: Actor, date: string): Promise<void> {
    this.authorizeCalendar(actor);
    await this.db.transaction().execute(async (trx) => {
      const repo = new DutyRepository(trx);
      const before = await repo.getHoliday(date);
      if (!before) throw errors.notFound('holiday');
      await repo.deleteHoliday(date);
      await audit(trx, actor, this.deps.now(), {
        action: 'duty.holiday.remove',
        objectType: 'duty_holiday',
        objectId: date,
        before,
      });
    });
  }

  /** The holiday calendar is the whole province's: the office or an administrator keeps it. */
  private authorizeCalendar(actor: Actor): void {
    authorize(actor, 'duty.write');
    const p = actor.principal;
    if (!p) return;
    const keeper = p.kind === 'user' && p.roles.some((r) => r === 'admin' || r === 'office');
    if (!keeper || p.scope.kind !== 'province') {
      throw errors.forbidden('only the office or an administrator keeps the holiday calendar');
    }
  }

  private mayWrite(actor: Actor, unitId: string): boolean {
    try {
      authorize(actor, 'duty.write', unitId);
      return true;
    } catch {
      return false;
    }
  }

  private async writableShift(actor: Actor, repo: DutyRepository, id: string) {
    const shift = await repo.getShift(id);
    if (!shift) throw errors.notFound('shift');
    authorize(actor, 'duty.write', shift.unit_id);
    if (shift.active !== 1)
      throw errors.conflict('this shift is no longer active: activate it first');
    return shift;
  }

  private async requireUnit(org: OrgRepository, unitId: string): Promise<UnitRow> {
    const unit = await org.getUnit(unitId);
    if (!unit) throw errors.notFound('unit');
    return unit;
  }

  /** The units to load: the one asked for, else the caller's bureau when scoped, else all. */
  private unitsToRead(actor: Actor, unitId: string | undefined): string[] | undefined {
    if (unitId !== undefined) return [unitId];
    const scope = actor.principal?.scope;
    return scope?.kind === 'unit' ? [scope.unitId] : undefined;
  }

  /** The unit asked for, or the units in the roster that keep an active shift, in unit order. */
  private async unitsShown(
    org: OrgRepository,
    roster: Roster,
    unitId: string | undefined,
  ): Promise<UnitRow[]> {
    const ids =
      unitId !== undefined
        ? [unitId]
        : [...new Set(roster.shifts.filter((s) => s.active).map((s) => s.unitId))];
    return org.listUnits(ids);
  }

  private async peopleOf(
    repo: DutyRepository,
    roster: Roster,
  ): Promise<Map<string, DutyPersonRow>> {
    const ids = [
      ...roster.rotations.flatMap((r) => r.personIds),
      ...roster.overrides.map((o) => o.personId),
    ];
    return new Map((await repo.people(ids)).map((p) => [p.id, p]));
  }

  /** The roster of some units (overrides from 31 days ago) and the people it names. */
  private async loadForViews(
    db: Db,
    unitIds: string[] | undefined,
  ): Promise<{ roster: Roster; people: Map<string, DutyPersonRow> }> {
    const today = shanghaiDate(this.deps.now());
    const repo = new DutyRepository(db);
    const roster = await repo.loadRoster({ unitIds, from: addDays(today, -OVERRIDE_DAYS_SHOWN) });
    return { roster, people: await this.peopleOf(repo, roster) };
  }

  /** A shift as the API shows it, read back inside the change's transaction. */
  private async viewOf(db: Db, actor: Actor, row: DutyShiftRow): Promise<DutyShiftView> {
    const { roster, people } = await this.loadForViews(db, [row.unit_id]);
    const shift = roster.shifts.find((s) => s.id === row.id);
    if (!shift) throw new Error(`shift ${row.id} vanished inside its own transaction`);
    const today = shanghaiDate(this.deps.now());
    return shiftView(shift, roster, people, today, this.mayWrite(actor, row.unit_id));
  }
}

function shiftView(
  s: DutyShift,
  roster: Roster,
  people: ReadonlyMap<string, DutyPersonRow>,
  today: string,
  showReasons: boolean,
): DutyShiftView {
  return {
    id: s.id,
    unit_id: s.unitId,
    name: s.name,
    start_time: s.start,
    end_time: s.end,
    days: s.days,
    sort_order: s.sortOrder,
    active: s.active,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    rotations: roster.rotations
      .filter((r) => r.shiftId === s.id)
      .map((r) => rotationView(r, people)),
    current_rotation_id: rotationOn(roster.rotations, s.id, today)?.id ?? null,
    overrides: roster.overrides
      .filter((o) => o.shiftId === s.id)
      .map((o) => overrideView(o, people, showReasons)),
  };
}

function rotationView(
  r: DutyRotation,
  people: ReadonlyMap<string, DutyPersonRow>,
): DutyRotationView {
  return {
    id: r.id,
    shift_id: r.shiftId,
    person_ids: [...r.personIds],
    people: r.personIds.flatMap((id) => {
      const p = people.get(id);
      return p
        ? [{ id: p.id, name: p.name, title: p.title, unit_id: p.unit_id, active: p.active === 1 }]
        : [];
    }),
    starts_on: r.startsOn,
    period_days: r.periodDays,
    created_at: r.createdAt,
  };
}

function overrideView(
  o: DutyOverride,
  people: ReadonlyMap<string, DutyPersonRow>,
  showReason: boolean,
): DutyOverrideView {
  return {
    id: o.id,
    shift_id: o.shiftId,
    date: o.date,
    person_id: o.personId,
    person_name: people.get(o.personId)?.name ?? null,
    reason: showReason ? o.reason : null,
    created_at: o.createdAt,
  };
}

function unitNames(u: UnitRow): UnitNames {
  return { unit_id: u.id, unit_name: u.name, unit_name_en: u.name_en };
}

/** What the audit log keeps of a shift. */
function shiftAudit(r: DutyShiftRow) {
  return {
    unit_id: r.unit_id,
    name: r.name,
    start_time: r.start_time,
    end_time: r.end_time,
    days: r.days,
    sort_order: r.sort_order,
    active: r.active === 1,
  };
}

function checkPerson(p: DutyPersonRow | undefined, path: string): void {
  if (!p) throw errors.invalidInput('no such person', [{ path, message: 'no such person' }]);
  if (p.active !== 1) {
    throw errors.invalidInput(`${p.name} is no longer active`, [
      { path, message: 'person is not active' },
    ]);
  }
}
