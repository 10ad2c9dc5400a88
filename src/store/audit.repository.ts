// The append-only audit log. Appends happen inside the caller's transaction, so an entry
// exists exactly when the change it records does.
import { hashAuditEntry, type AuditEntry } from '../domain/audit-chain.ts';
import type { Db } from './db.ts';
import type { AuditRow } from './schema.ts';

export interface NewAuditEntry {
  at: string;
  actorKind: 'user' | 'token' | 'system';
  actorId: string | null;
  actorName: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditQuery {
  limit: number;
  /** Entries with seq below this (newest first paging). */
  beforeSeq?: number | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  actorId?: string | undefined;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends one entry; call inside a transaction. Returns the stored entry. */
  async append(e: NewAuditEntry): Promise<AuditRow> {
    // Taking the head row's write lock serialises concurrent appends (PostgreSQL); SQLite
    // serialises write transactions by itself.
    const head = await this.db
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const content = {
      seq: head.seq,
      at: e.at,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      ip: e.ip,
      prev_hash: head.hash,
    };
    const row: AuditRow = { ...content, hash: hashAuditEntry(content) };
    await this.db.insertInto('audit_log').values(row).execute();
    await this.db.updateTable('audit_head').set({ hash: row.hash }).where('id', '=', 1).execute();
    return row;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    return this.db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
  }

  /** Every entry in ascending seq, in batches, for verification. */
  async *walk(batchSize = 1000): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      for (const r of rows) yield r;
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = last.seq;
    }
  }

  async list(q: AuditQuery): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
    if (q.objectType) query = query.where('object_type', '=', q.objectType);
    if (q.objectId) query = query.where('object_id', '=', q.objectId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    return query.execute();
  }
}
