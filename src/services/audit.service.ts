// Reading and verifying the audit log.
import { ChainVerifier, type AuditEntry, type ChainReport } from '../domain/audit-chain.ts';
import { AuditRepository } from '../store/audit.repository.ts';
import {
  checkSeals,
  SEAL_KEY,
  sealOf,
  sealOfAuditEntry,
  SEALED_TYPES,
  type SealCheck,
  type SealedType,
} from '../store/seals.ts';
import { readSettingRow } from './settings-store.ts';
import type { AuditRow } from '../store/schema.ts';
import { authorize } from './authorize.ts';
import { audit, SYSTEM, type Actor, type ServiceDeps } from './context.ts';

/**
 * Anchoring, once per database for each set of sealed types: the first types sealed, then the
 * ones sealed later (delegations), so a database upgraded past that gets its older rows anchored.
 */
const ANCHORINGS: readonly { key: string; types: readonly SealedType[] }[] = [
  { key: 'audit.seals_anchored_at', types: ['incident', 'approval', 'report'] },
  { key: 'audit.seals_anchored_at.delegation', types: ['delegation'] },
];

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: { kind: string; id: string | null; name: string };
  action: string;
  object: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

function entryView(r: AuditRow): AuditEntryView {
  return {
    seq: r.seq,
    at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    object: { type: r.object_type, id: r.object_id },
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    ip: r.ip,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Walks the hash chain, then compares every sealed row (incidents with their timelines,
   * approvals, informants' reports, delegations) with the seal its latest audited change wrote,
   * and the rows derived from them (statements, approval signers, incident links) with those:
   * an edit made in the database behind Yuqing's back fails the check and is named.
   */
  async verify(actor: Actor): Promise<ChainReport & { records: SealCheck }> {
    authorize(actor, 'audit.read');
    const db = this.deps.store.db;
    const repo = new AuditRepository(db);
    const verifier = new ChainVerifier();
    const seals = await this.seals((entry) => verifier.push(entry));
    const chain = verifier.finish(await repo.head());
    const records = await checkSeals(db, seals);
    return { ...chain, ok: chain.ok && records.problems.length === 0, records };
  }

  /** The latest seal of every sealed row, walking the log (`visit` false: stop there). */
  private async seals(
    visit: (e: AuditEntry) => boolean = () => true,
  ): Promise<Map<string, string>> {
    const seals = new Map<string, string>();
    for await (const entry of new AuditRepository(this.deps.store.db).walk()) {
      if (!visit(entry)) break;
      const seal = sealOfAuditEntry(entry.object_type, entry.after);
      if (seal && entry.object_id) seals.set(`${entry.object_type}:${entry.object_id}`, seal);
    }
    return seals;
  }

  /**
   * Once per database and set of sealed types (on the first start that seals them): rows
   * written before seals existed (informants' reports, say, or delegations before they were
   * sealed) get an anchoring audit entry with their seal, so the check compares them from then
   * on. Every later row is sealed by the change that writes it; a row that appears unsealed
   * after this was written outside Yuqing. Answers how many it anchored.
   */
  async anchorUnsealedOnce(): Promise<number> {
    const db = this.deps.store.db;
    const due: { key: string; types: readonly SealedType[] }[] = [];
    for (const a of ANCHORINGS) if ((await readSettingRow(db, a.key)) === undefined) due.push(a);
    if (!due.length) return 0;
    const types = new Set(due.flatMap((a) => a.types));
    const seals = await this.seals();
    const unsealed = (await checkSeals(db, seals)).problems.filter(
      (p): p is typeof p & { type: SealedType } =>
        (SEALED_TYPES as readonly string[]).includes(p.type) &&
        types.has(p.type as SealedType) &&
        p.message.includes('has no audit record'),
    );
    const now = this.deps.now();
    await db.transaction().execute(async (trx) => {
      for (const p of unsealed) {
        const seal = await sealOf(trx, p.type, p.id);
        await audit(trx, SYSTEM, now, {
          action: 'seal.anchor',
          objectType: p.type,
          objectId: p.id,
          after: { reason: 'written before rows were sealed', [SEAL_KEY]: seal },
        });
      }
      for (const a of due)
        await trx
          .insertInto('settings')
          .values({
            key: a.key,
            value: JSON.stringify(now.toISOString()),
            updated_at: now.toISOString(),
          })
          .execute();
    });
    return unsealed.length;
  }

  async list(
    actor: Actor,
    q: {
      limit: number;
      cursor?: number | undefined;
      object_type?: string | undefined;
      object_id?: string | undefined;
      actor_id?: string | undefined;
    },
  ): Promise<{ items: AuditEntryView[]; next_cursor: string | null }> {
    authorize(actor, 'audit.read');
    const rows = await new AuditRepository(this.deps.store.db).list({
      limit: q.limit,
      beforeSeq: q.cursor,
      objectType: q.object_type,
      objectId: q.object_id,
      actorId: q.actor_id,
    });
    const last = rows.at(-1);
    return {
      items: rows.map(entryView),
      next_cursor: rows.length === q.limit && last ? String(last.seq) : null,
    };
  }
}
