// The source registry: what is watched, by which unit, and how healthy each source is.
import type { Db } from './db.ts';
import type { SourceRow, SourceTable } from './schema.ts';

export class SourceRepository {
  constructor(private readonly db: Db) {}

  getByKey(key: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('sources').selectAll().where('key', '=', key).executeTakeFirst();
  }

  get(id: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getByKeys(keys: readonly string[]): Promise<SourceRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('sources')
      .selectAll()
      .where('key', 'in', [...keys])
      .execute();
  }

  list(unitIds?: readonly string[]): Promise<SourceRow[]> {
    let q = this.db.selectFrom('sources').selectAll().orderBy('name');
    if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : ['']);
    return q.execute();
  }

  async insert(row: SourceTable): Promise<SourceRow> {
    await this.db.insertInto('sources').values(row).execute();
    return row;
  }

  async update(id: string, patch: Partial<SourceTable>): Promise<void> {
    await this.db.updateTable('sources').set(patch).where('id', '=', id).execute();
  }
}
