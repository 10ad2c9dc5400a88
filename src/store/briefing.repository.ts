// Briefings (0013-briefings): the issues as generated (never changed afterwards), the scheduled
// runs, and the e-mail outbox. The issue number is the next one of its kind, year and scope,
// taken inside the caller's transaction; the unique index refuses a duplicate taken by a
// concurrent writer (the service tries again).
import type { Insertable, Selectable } from 'kysely';
import type { Db } from './db.ts';
import type {
  BriefingDeliveryTable,
  BriefingRow,
  BriefingRunTable,
  BriefingTable,
} from './schema.ts';

export type BriefingRunRow = Selectable<BriefingRunTable>;
export type BriefingDeliveryRow = Selectable<BriefingDeliveryTable>;

/** The columns a list shows (everything but the document). */
export type BriefingListRow = Omit<BriefingRow, 'document'>;

const LIST_COLUMNS = [
  'id',
  'kind',
  'year',
  'issue_no',
  'scope_key',
  'unit_id',
  'period_key',
  'period_start',
  'period_end',
  'subject_kind',
  'subject_id',
  'title',
  'subtitle',
  'summary',
  'sha256',
  'trigger',
  'generated_by_kind',
  'generated_by_id',
  'generated_by_name',
  'generated_at',
] as const;

export interface BriefingListQuery {
  /** Scope keys to include ('' = the province); null: all. */
  scopeKeys: string[] | null;
  kind?: BriefingRow['kind'] | undefined;
  limit: number;
  /** Continue after this one (newest first). */
  after?: { generatedAt: string; id: string } | undefined;
}

export class BriefingRepository {
  constructor(private readonly db: Db) {}

  /** The next issue number of a kind in a year and scope (1 for the first). */
  async nextIssueNo(kind: BriefingRow['kind'], year: number, scopeKey: string): Promise<number> {
    const row = await this.db
      .selectFrom('briefings')
      .select((eb) => eb.fn.max('issue_no').as('n'))
      .where('kind', '=', kind)
      .where('year', '=', year)
      .where('scope_key', '=', scopeKey)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  async insert(row: Insertable<BriefingTable>): Promise<void> {
    await this.db.insertInto('briefings').values(row).execute();
  }

  async get(id: string): Promise<BriefingRow | undefined> {
    return this.db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(q: BriefingListQuery): Promise<BriefingListRow[]> {
    if (q.scopeKeys?.length === 0) return [];
    let query = this.db
      .selectFrom('briefings')
      .select(LIST_COLUMNS)
      .orderBy('generated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    if (q.scopeKeys) query = query.where('scope_key', 'in', q.scopeKeys);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.after) {
      const { generatedAt, id } = q.after;
      query = query.where((eb) =>
        eb.or([
          eb('generated_at', '<', generatedAt),
          eb.and([eb('generated_at', '=', generatedAt), eb('id', '<', id)]),
        ]),
      );
    }
    return query.execute();
  }

  // ---- scheduled runs ----

  async getRun(
    kind: BriefingRunRow['kind'],
    scopeKey: string,
    periodKey: string,
  ): Promise<BriefingRunRow | undefined> {
    return this.db
      .selectFrom('briefing_runs')
      .selectAll()
      .where('kind', '=', kind)
      .where('scope_key', '=', scopeKey)
      .where('period_key', '=', periodKey)
      .executeTakeFirst();
  }

  async insertRun(row: Insertable<BriefingRunTable>): Promise<void> {
    await this.db.insertInto('briefing_runs').values(row).execute();
  }

  async updateRun(id: string, set: Partial<BriefingRunRow>): Promise<void> {
    await this.db.updateTable('briefing_runs').set(set).where('id', '=', id).execute();
  }

  async listRuns(limit: number): Promise<BriefingRunRow[]> {
    return this.db
      .selectFrom('briefing_runs')
      .selectAll()
      .orderBy('slot_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  // ---- e-mail outbox ----

  async insertDeliveries(rows: readonly Insertable<BriefingDeliveryTable>[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('briefing_deliveries')
        .values([...rows])
        .execute();
  }

  async dueDeliveries(now: string, limit: number): Promise<BriefingDeliveryRow[]> {
    return this.db
      .selectFrom('briefing_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async updateDelivery(id: string, set: Partial<BriefingDeliveryRow>): Promise<void> {
    await this.db.updateTable('briefing_deliveries').set(set).where('id', '=', id).execute();
  }

  async deliveriesOf(briefingId: string): Promise<BriefingDeliveryRow[]> {
    return this.db
      .selectFrom('briefing_deliveries')
      .selectAll()
      .where('briefing_id', '=', briefingId)
      .orderBy('id')
      .execute();
  }
}
