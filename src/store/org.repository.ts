// The organisation aggregate: units, people, the leadership group and office positions,
// informants and outside contacts.
import type { Db } from './db.ts';
import type {
  ContactRow,
  ContactTable,
  PersonRow,
  PersonTable,
  PositionRow,
  PositionTable,
  UnitRow,
  UnitTable,
} from './schema.ts';

export interface PersonQuery {
  unitIds?: readonly string[] | undefined;
  unitId?: string | undefined;
  limit: number;
  /** Name of the last person on the previous page, with its id. */
  after?: { name: string; id: string } | undefined;
}

export class OrgRepository {
  constructor(private readonly db: Db) {}

  listUnits(unitIds?: readonly string[]): Promise<UnitRow[]> {
    let q = this.db.selectFrom('units').selectAll().orderBy('sort_order').orderBy('code');
    if (unitIds) q = q.where('id', 'in', unitIds.length ? [...unitIds] : ['']);
    return q.execute();
  }

  getUnit(id: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getUnitByCode(code: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  }

  rootUnit(): Promise<UnitRow | undefined> {
    return this.db
      .selectFrom('units')
      .selectAll()
      .where('kind', '=', 'bureau')
      .orderBy('sort_order')
      .executeTakeFirst();
  }

  async insertUnit(row: UnitTable): Promise<UnitRow> {
    await this.db.insertInto('units').values(row).execute();
    return row;
  }

  async updateUnit(id: string, patch: Partial<UnitTable>): Promise<void> {
    await this.db.updateTable('units').set(patch).where('id', '=', id).execute();
  }

  countUnits(): Promise<number> {
    return this.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  listPeople(q: PersonQuery): Promise<PersonRow[]> {
    let query = this.db
      .selectFrom('people')
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(q.limit);
    if (q.unitIds) query = query.where('unit_id', 'in', q.unitIds.length ? [...q.unitIds] : ['']);
    if (q.unitId) query = query.where('unit_id', '=', q.unitId);
    if (q.after) {
      const { name, id } = q.after;
      query = query.where((eb) =>
        eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
      );
    }
    return query.execute();
  }

  getPerson(id: string): Promise<PersonRow | undefined> {
    return this.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertPerson(row: PersonTable): Promise<PersonRow> {
    await this.db.insertInto('people').values(row).execute();
    return row;
  }

  async updatePerson(id: string, patch: Partial<PersonTable>): Promise<void> {
    await this.db.updateTable('people').set(patch).where('id', '=', id).execute();
  }

  /** Positions in force (no end date), with the holder. */
  currentPositions(
    body?: PositionTable['body'],
  ): Promise<(PositionRow & { person_name: string; person_title: string; unit_id: string })[]> {
    let q = this.db
      .selectFrom('positions')
      .innerJoin('people', 'people.id', 'positions.person_id')
      .selectAll('positions')
      .select(['people.name as person_name', 'people.title as person_title', 'people.unit_id'])
      .where('positions.until', 'is', null)
      .orderBy('positions.body')
      .orderBy('positions.since');
    if (body) q = q.where('positions.body', '=', body);
    return q.execute();
  }

  getPosition(id: string): Promise<PositionRow | undefined> {
    return this.db.selectFrom('positions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertPosition(row: PositionTable): Promise<PositionRow> {
    await this.db.insertInto('positions').values(row).execute();
    return row;
  }

  async endPosition(id: string, until: string): Promise<void> {
    await this.db.updateTable('positions').set({ until }).where('id', '=', id).execute();
  }

  listInformants(): Promise<
    { unit_id: string; person_id: string; since: string; person_name: string }[]
  > {
    return this.db
      .selectFrom('informants')
      .innerJoin('people', 'people.id', 'informants.person_id')
      .select([
        'informants.unit_id',
        'informants.person_id',
        'informants.since',
        'people.name as person_name',
      ])
      .execute();
  }

  getInformant(
    unitId: string,
  ): Promise<{ unit_id: string; person_id: string; since: string } | undefined> {
    return this.db
      .selectFrom('informants')
      .selectAll()
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
  }

  /** Names the unit's one informant, replacing any previous one. */
  async setInformant(unitId: string, personId: string, since: string): Promise<void> {
    await this.db.deleteFrom('informants').where('unit_id', '=', unitId).execute();
    await this.db
      .insertInto('informants')
      .values({ unit_id: unitId, person_id: personId, since })
      .execute();
  }

  listContacts(): Promise<ContactRow[]> {
    return this.db
      .selectFrom('contacts')
      .selectAll()
      .orderBy('kind')
      .orderBy('organisation')
      .execute();
  }

  getContact(id: string): Promise<ContactRow | undefined> {
    return this.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertContact(row: ContactTable): Promise<ContactRow> {
    await this.db.insertInto('contacts').values(row).execute();
    return row;
  }

  async updateContact(id: string, patch: Partial<ContactTable>): Promise<void> {
    await this.db.updateTable('contacts').set(patch).where('id', '=', id).execute();
  }
}
