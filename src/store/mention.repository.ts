// Mentions (舆情信息), stored exactly once by natural key; the quarantine of rejected input;
// and the progress of file imports.
import type { Db } from './db.ts';
import type {
  ImportRunRow,
  ImportRunTable,
  MentionRow,
  MentionTable,
  QuarantineTable,
} from './schema.ts';

/** Rows per INSERT: 22 columns x 200 stays far below SQLite's and PostgreSQL's bind limits. */
const CHUNK = 200;

export interface MentionQuery {
  limit: number;
  before?: { collected_at: string; id: string } | undefined;
  sourceIds?: readonly string[] | undefined;
}

export class MentionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts the rows whose natural key is new; returns the natural keys that were inserted.
   * A row whose key already exists is left alone (ON CONFLICT DO NOTHING), so a re-sent post
   * is never stored twice, also when two writers race.
   */
  async insertNew(rows: readonly MentionTable[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const result = await this.db
        .insertInto('mentions')
        .values(chunk)
        .onConflict((oc) => oc.column('natural_key').doNothing())
        .returning('natural_key')
        .execute();
      for (const r of result) inserted.add(r.natural_key);
    }
    return inserted;
  }

  get(id: string): Promise<MentionRow | undefined> {
    return this.db.selectFrom('mentions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getByNaturalKey(key: string): Promise<MentionRow | undefined> {
    return this.db
      .selectFrom('mentions')
      .selectAll()
      .where('natural_key', '=', key)
      .executeTakeFirst();
  }

  /** Newest first by collection time. */
  list(q: MentionQuery): Promise<MentionRow[]> {
    let query = this.db
      .selectFrom('mentions')
      .selectAll()
      .orderBy('collected_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    if (q.sourceIds)
      query = query.where('source_id', 'in', q.sourceIds.length ? [...q.sourceIds] : ['']);
    if (q.before) {
      const { collected_at, id } = q.before;
      query = query.where((eb) =>
        eb.or([
          eb('collected_at', '<', collected_at),
          eb.and([eb('collected_at', '=', collected_at), eb('id', '<', id)]),
        ]),
      );
    }
    return query.execute();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('mentions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async quarantine(rows: readonly QuarantineTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('quarantine')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
  }

  getImportRun(fingerprint: string): Promise<ImportRunRow | undefined> {
    return this.db
      .selectFrom('import_runs')
      .selectAll()
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
  }

  async insertImportRun(row: ImportRunTable): Promise<void> {
    await this.db.insertInto('import_runs').values(row).execute();
  }

  async updateImportRun(id: string, patch: Partial<ImportRunTable>): Promise<void> {
    await this.db.updateTable('import_runs').set(patch).where('id', '=', id).execute();
  }
}
