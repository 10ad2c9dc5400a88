// The source registry: what is watched, by which unit, and how healthy each source is.
import type { Db } from './db.ts';
import { randomUUID } from 'node:crypto';
import type { SourceRow, SourceTable } from './schema.ts';

/** A new source row: what is given, and a clean health record. */
export function newSourceRow(
  fields: Pick<SourceRow, 'key' | 'name' | 'type' | 'unit_id'> &
    Partial<Pick<SourceRow, 'address' | 'config' | 'schedule' | 'enabled' | 'is_demo'>>,
  now: Date,
): SourceRow {
  return {
    id: randomUUID(),
    address: null,
    config: '{}',
    schedule: null,
    enabled: 1,
    is_demo: 0,
    ...fields,
    last_run_at: null,
    last_success_at: null,
    last_error_at: null,
    last_error: null,
    consecutive_failures: 0,
    etag: null,
    last_modified: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

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
