// The organisation of the plan ([P2]-[P4], [P16]): units, people, the leadership group and
// the office, one informant per unit, and outside contacts. Every change is audited.
import { randomUUID } from 'node:crypto';
import { inScope, type LeaderKind } from '../domain/access.ts';
import { POSITIONS } from '../domain/organisation.ts';
import { errors } from '../errors.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type {
  ContactRow,
  ContactTable,
  PersonRow,
  PositionTable,
  UnitRow,
} from '../store/schema.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

export interface UnitView {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: UnitRow['kind'];
  parent_id: string | null;
  region_code: string | null;
  hosts_office: boolean;
  sort_order: number;
}

export function unitView(u: UnitRow): UnitView {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    name_en: u.name_en,
    kind: u.kind,
    parent_id: u.parent_id,
    region_code: u.region_code,
    hosts_office: u.hosts_office === 1,
    sort_order: u.sort_order,
  };
}

export interface PersonView {
  id: string;
  unit_id: string;
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export function personView(p: PersonRow): PersonView {
  return {
    id: p.id,
    unit_id: p.unit_id,
    name: p.name,
    title: p.title,
    email: p.email,
    phone: p.phone,
    active: p.active === 1,
  };
}

export interface PositionView {
  id: string;
  body: PositionTable['body'];
  position: string;
  leader_kind: LeaderKind | null;
  since: string;
  person: { id: string; name: string; title: string; unit_id: string };
}

export interface UnitInput {
  code: string;
  name: string;
  name_en?: string | null | undefined;
  kind: UnitRow['kind'];
  parent_id?: string | null | undefined;
  region_code?: string | null | undefined;
  hosts_office?: boolean | undefined;
  sort_order?: number | undefined;
}

export interface PersonInput {
  unit_id: string;
  name: string;
  title: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  active?: boolean | undefined;
}

export type ContactInput = Omit<ContactTable, 'id' | 'created_at' | 'updated_at'>;

interface PersonCursor {
  name: string;
  id: string;
}
const isPersonCursor = (v: unknown): v is PersonCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as PersonCursor).name === 'string' &&
  typeof (v as PersonCursor).id === 'string';

export class OrgService {
  constructor(private readonly deps: ServiceDeps) {}

  private get db() {
    return this.deps.store.db;
  }

  /** Units the actor may see: all for provincial staff, their own bureau for a city's. */
  async listUnits(actor: Actor): Promise<UnitView[]> {
    authorize(actor, 'org.read');
    const units = await new OrgRepository(this.db).listUnits();
    const scope = actor.principal?.scope;
    return units.filter((u) => !scope || inScope(scope, u.id)).map(unitView);
  }

  async getUnit(actor: Actor, id: string): Promise<UnitView> {
    authorize(actor, 'org.read');
    const unit = await new OrgRepository(this.db).getUnit(id);
    if (!unit) throw errors.notFound('unit');
    authorize(actor, 'org.read', unit.id);
    return unitView(unit);
  }

  async createUnit(actor: Actor, input: UnitInput): Promise<UnitView> {
    authorize(actor, 'unit.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      await this.checkUnit(repo, input, null);
      const now = this.deps.now().toISOString();
      const row: UnitRow = {
        id: randomUUID(),
        code: input.code,
        name: input.name,
        name_en: input.name_en ?? null,
        kind: input.kind,
        parent_id: input.parent_id ?? null,
        region_code: input.region_code ?? null,
        hosts_office: input.hosts_office ? 1 : 0,
        sort_order: input.sort_order ?? 0,
        created_at: now,
        updated_at: now,
      };
      await repo.insertUnit(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'unit.create',
        objectType: 'unit',
        objectId: row.id,
        after: unitView(row),
      });
      return unitView(row);
    });
  }

  async updateUnit(actor: Actor, id: string, patch: Partial<UnitInput>): Promise<UnitView> {
    authorize(actor, 'unit.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      const before = await repo.getUnit(id);
      if (!before) throw errors.notFound('unit');
      const merged: UnitInput = { ...unitView(before), ...stripUndefined(patch) };
      await this.checkUnit(repo, merged, id);
      const changes = {
        code: merged.code,
        name: merged.name,
        name_en: merged.name_en ?? null,
        kind: merged.kind,
        parent_id: merged.parent_id ?? null,
        region_code: merged.region_code ?? null,
        hosts_office: merged.hosts_office ? 1 : 0,
        sort_order: merged.sort_order ?? 0,
        updated_at: this.deps.now().toISOString(),
      };
      await repo.updateUnit(id, changes);
      const after = { ...before, ...changes };
      await audit(trx, actor, this.deps.now(), {
        action: 'unit.update',
        objectType: 'unit',
        objectId: id,
        before: unitView(before),
        after: unitView(after),
      });
      return unitView(after);
    });
  }

  async listPeople(
    actor: Actor,
    q: { unit_id?: string | undefined; limit: number; cursor?: string | undefined },
  ): Promise<{ items: PersonView[]; next_cursor: string | null }> {
    authorize(actor, 'org.read', q.unit_id);
    const scope = actor.principal?.scope;
    const rows = await new OrgRepository(this.db).listPeople({
      unitId: q.unit_id,
      unitIds: scope?.kind === 'unit' ? [scope.unitId] : undefined,
      limit: q.limit,
      after: q.cursor ? decodeCursor(q.cursor, isPersonCursor) : undefined,
    });
    const last = rows.at(-1);
    return {
      items: rows.map(personView),
      next_cursor:
        rows.length === q.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
    };
  }

  async getPerson(actor: Actor, id: string): Promise<PersonView> {
    authorize(actor, 'org.read');
    const p = await new OrgRepository(this.db).getPerson(id);
    if (!p) throw errors.notFound('person');
    authorize(actor, 'org.read', p.unit_id);
    return personView(p);
  }

  async createPerson(actor: Actor, input: PersonInput): Promise<PersonView> {
    authorize(actor, 'person.write', input.unit_id);
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      if (!(await repo.getUnit(input.unit_id))) {
        throw errors.invalidInput('no such unit', [{ path: 'unit_id', message: 'no such unit' }]);
      }
      const now = this.deps.now().toISOString();
      const row: PersonRow = {
        id: randomUUID(),
        unit_id: input.unit_id,
        name: input.name,
        title: input.title,
        email: input.email ?? null,
        phone: input.phone ?? null,
        active: input.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertPerson(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'person.create',
        objectType: 'person',
        objectId: row.id,
        after: personView(row),
      });
      return personView(row);
    });
  }

  async updatePerson(actor: Actor, id: string, patch: Partial<PersonInput>): Promise<PersonView> {
    authorize(actor, 'person.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      const before = await repo.getPerson(id);
      if (!before) throw errors.notFound('person');
      authorize(actor, 'person.write', before.unit_id);
      if (patch.unit_id !== undefined) {
        authorize(actor, 'person.write', patch.unit_id);
        if (!(await repo.getUnit(patch.unit_id))) {
          throw errors.invalidInput('no such unit', [{ path: 'unit_id', message: 'no such unit' }]);
        }
      }
      const changes = {
        unit_id: patch.unit_id ?? before.unit_id,
        name: patch.name ?? before.name,
        title: patch.title ?? before.title,
        email: patch.email !== undefined ? patch.email : before.email,
        phone: patch.phone !== undefined ? patch.phone : before.phone,
        active: patch.active === undefined ? before.active : patch.active ? 1 : 0,
        updated_at: this.deps.now().toISOString(),
      };
      await repo.updatePerson(id, changes);
      const after = { ...before, ...changes };
      await audit(trx, actor, this.deps.now(), {
        action: 'person.update',
        objectType: 'person',
        objectId: id,
        before: personView(before),
        after: personView(after),
      });
      return personView(after);
    });
  }

  /** The leadership group and the office, as in force now. */
  async structure(actor: Actor): Promise<{
    leadership_group: PositionView[];
    office: { host_unit: UnitView | null; members: PositionView[] };
    informants: { unit_id: string; person_id: string; person_name: string; since: string }[];
  }> {
    authorize(actor, 'org.read');
    const repo = new OrgRepository(this.db);
    const positions = (await repo.currentPositions()).map((p) => ({
      id: p.id,
      body: p.body,
      position: p.position,
      leader_kind: p.leader_kind,
      since: p.since,
      person: { id: p.person_id, name: p.person_name, title: p.person_title, unit_id: p.unit_id },
    }));
    const rank = (p: PositionView) => {
      const list: readonly string[] = POSITIONS[p.body];
      return list.indexOf(p.position);
    };
    const sorted = positions.sort((a, b) => rank(a) - rank(b));
    const host = (await repo.listUnits()).find((u) => u.hosts_office === 1);
    const scope = actor.principal?.scope;
    const informants = (await repo.listInformants()).filter(
      (i) => !scope || inScope(scope, i.unit_id),
    );
    return {
      leadership_group: sorted.filter((p) => p.body === 'leadership_group'),
      office: {
        host_unit: host ? unitView(host) : null,
        members: sorted.filter((p) => p.body === 'office'),
      },
      informants,
    };
  }

  async appoint(
    actor: Actor,
    input: {
      person_id: string;
      body: PositionTable['body'];
      position: string;
      leader_kind?: LeaderKind | null | undefined;
    },
  ): Promise<PositionView> {
    authorize(actor, 'position.write');
    const allowedPositions: readonly string[] = POSITIONS[input.body];
    if (!allowedPositions.includes(input.position)) {
      throw errors.invalidInput(
        `position must be one of ${allowedPositions.join(', ')} for ${input.body}`,
        [{ path: 'position', message: 'not a position of this body' }],
      );
    }
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      const person = await repo.getPerson(input.person_id);
      if (!person)
        throw errors.invalidInput('no such person', [
          { path: 'person_id', message: 'no such person' },
        ]);
      const current = await repo.currentPositions(input.body);
      if (current.some((p) => p.person_id === input.person_id)) {
        throw errors.conflict('this person already holds a position in this body: end it first');
      }
      if (input.position === 'head' || input.position === 'director') {
        if (current.some((p) => p.position === input.position)) {
          throw errors.conflict(`there is already a ${input.position}: end that position first`);
        }
      }
      const leaderKind =
        input.leader_kind ??
        (input.position === 'head'
          ? 'principal'
          : input.position === 'deputy_head'
            ? 'in_charge'
            : null);
      const now = this.deps.now().toISOString();
      const row = {
        id: randomUUID(),
        person_id: person.id,
        body: input.body,
        position: input.position,
        leader_kind: leaderKind,
        since: now,
        until: null,
      };
      await repo.insertPosition(row);
      const view: PositionView = {
        id: row.id,
        body: row.body,
        position: row.position,
        leader_kind: row.leader_kind,
        since: row.since,
        person: { id: person.id, name: person.name, title: person.title, unit_id: person.unit_id },
      };
      await audit(trx, actor, this.deps.now(), {
        action: 'position.appoint',
        objectType: 'position',
        objectId: row.id,
        after: view,
      });
      return view;
    });
  }

  /** Ends a position (kept with its dates for the record, [P17]). */
  async endPosition(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'position.write');
    await this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      const before = await repo.getPosition(id);
      if (!before) throw errors.notFound('position');
      if (before.until) throw errors.conflict('this position has already ended');
      const until = this.deps.now().toISOString();
      await repo.endPosition(id, until);
      await audit(trx, actor, this.deps.now(), {
        action: 'position.end',
        objectType: 'position',
        objectId: id,
        before,
        after: { ...before, until },
      });
    });
  }

  /** Names a unit's one informant ([P4]); the person must work in that unit. */
  async setInformant(actor: Actor, unitId: string, personId: string): Promise<void> {
    authorize(actor, 'informant.write', unitId);
    await this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      if (!(await repo.getUnit(unitId))) throw errors.notFound('unit');
      const person = await repo.getPerson(personId);
      if (!person)
        throw errors.invalidInput('no such person', [
          { path: 'person_id', message: 'no such person' },
        ]);
      if (person.unit_id !== unitId) {
        throw errors.invalidInput('the informant must work in the unit', [
          { path: 'person_id', message: 'other unit' },
        ]);
      }
      const before = await repo.getInformant(unitId);
      const since = this.deps.now().toISOString();
      await repo.setInformant(unitId, personId, since);
      await audit(trx, actor, this.deps.now(), {
        action: 'informant.set',
        objectType: 'unit',
        objectId: unitId,
        before: before ?? null,
        after: { unit_id: unitId, person_id: personId, since },
      });
    });
  }

  async listContacts(actor: Actor): Promise<ContactRow[]> {
    authorize(actor, 'contact.read');
    return new OrgRepository(this.db).listContacts();
  }

  async createContact(actor: Actor, input: ContactInput): Promise<ContactRow> {
    authorize(actor, 'contact.write');
    return this.db.transaction().execute(async (trx) => {
      const now = this.deps.now().toISOString();
      const row: ContactRow = { id: randomUUID(), ...input, created_at: now, updated_at: now };
      await new OrgRepository(trx).insertContact(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'contact.create',
        objectType: 'contact',
        objectId: row.id,
        after: row,
      });
      return row;
    });
  }

  async updateContact(actor: Actor, id: string, patch: Partial<ContactInput>): Promise<ContactRow> {
    authorize(actor, 'contact.write');
    return this.db.transaction().execute(async (trx) => {
      const repo = new OrgRepository(trx);
      const before = await repo.getContact(id);
      if (!before) throw errors.notFound('contact');
      const after: ContactRow = {
        ...before,
        ...stripUndefined(patch),
        updated_at: this.deps.now().toISOString(),
      };
      await repo.updateContact(id, after);
      await audit(trx, actor, this.deps.now(), {
        action: 'contact.update',
        objectType: 'contact',
        objectId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async checkUnit(
    repo: OrgRepository,
    input: UnitInput,
    selfId: string | null,
  ): Promise<void> {
    const sameCode = await repo.getUnitByCode(input.code);
    if (sameCode && sameCode.id !== selfId) {
      throw errors.conflict(`unit code ${input.code} is taken`, [
        { path: 'code', message: 'taken' },
      ]);
    }
    if (input.parent_id) {
      if (input.parent_id === selfId) {
        throw errors.invalidInput('a unit cannot be its own parent', [
          { path: 'parent_id', message: 'self' },
        ]);
      }
      if (!(await repo.getUnit(input.parent_id))) {
        throw errors.invalidInput('no such parent unit', [
          { path: 'parent_id', message: 'no such unit' },
        ]);
      }
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
