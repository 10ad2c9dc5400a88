// What every service receives: the store, the clock and the configuration it needs, and for
// each call the actor on whose behalf it runs (for rules and the audit log).
import type { LiveBus } from './live.ts';
import type { Principal } from '../domain/access.ts';
import { principalName } from '../domain/access.ts';
import type { Db, Store } from '../store/db.ts';
import { AuditRepository } from '../store/audit.repository.ts';

export interface ServiceDeps {
  store: Store;
  now: () => Date;
  sessionHours: number;
  /** Live notifications (SSE); the server sets one, the CLI has none. */
  live?: LiveBus | undefined;
}

/** A person or machine acting through the API, or the system itself (CLI, first start). */
export interface Actor {
  principal: Principal | null;
  ip: string | null;
}

export const SYSTEM: Actor = { principal: null, ip: null };

export interface AuditFields {
  action: string;
  objectType: string;
  objectId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes the audit entry for a change, inside the change's own transaction. */
export async function audit(trx: Db, actor: Actor, at: Date, f: AuditFields): Promise<void> {
  const p = actor.principal;
  await new AuditRepository(trx).append({
    at: at.toISOString(),
    actorKind: p ? p.kind : 'system',
    actorId: p ? p.id : null,
    actorName: p ? principalName(p) : 'system',
    action: f.action,
    objectType: f.objectType,
    objectId: f.objectId,
    before: f.before,
    after: f.after,
    ip: actor.ip,
  });
}
