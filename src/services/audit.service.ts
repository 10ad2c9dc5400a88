// Reading and verifying the audit log.
import { ChainVerifier, type ChainReport } from '../domain/audit-chain.ts';
import { AuditRepository } from '../store/audit.repository.ts';
import type { AuditRow } from '../store/schema.ts';
import { authorize } from './authorize.ts';
import type { Actor, ServiceDeps } from './context.ts';

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

  async verify(actor: Actor): Promise<ChainReport> {
    authorize(actor, 'audit.read');
    const repo = new AuditRepository(this.deps.store.db);
    const verifier = new ChainVerifier();
    for await (const entry of repo.walk()) {
      if (!verifier.push(entry)) break;
    }
    return verifier.finish(await repo.head());
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
