// The audit log's hash chain: each entry stores the hash of the previous entry and the hash
// of its own content with that link, so an edit, a deletion or a reordering shows up when the
// chain is walked. Pure: no I/O, the store feeds rows in sequence order.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  prev_hash: string;
}

export interface AuditEntry extends AuditEntryContent {
  hash: string;
}

/** sha256 over the fields in a fixed order; JSON keeps field boundaries unambiguous. */
export function hashAuditEntry(e: AuditEntryContent): string {
  const canonical = JSON.stringify([
    e.seq,
    e.at,
    e.actor_kind,
    e.actor_id,
    e.actor_name,
    e.action,
    e.object_type,
    e.object_id,
    e.before,
    e.after,
    e.ip,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainProblem =
  | { seq: number; reason: 'content_changed'; message: string }
  | { seq: number; reason: 'link_broken'; message: string }
  | { seq: number; reason: 'sequence_gap'; message: string }
  | { seq: number; reason: 'head_mismatch'; message: string };

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** Hash of the last entry walked (the chain head). */
  head: string;
  /** The first place the chain breaks, if any. */
  problem: ChainProblem | null;
}

/** Walks entries given in ascending seq; stops at the first break. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private problem: ChainProblem | null = null;

  /** Returns false once the chain is broken (further entries are not needed). */
  push(e: AuditEntry): boolean {
    if (this.problem) return false;
    if (e.seq !== this.expectedSeq) {
      this.problem = {
        seq: this.expectedSeq,
        reason: 'sequence_gap',
        message: `entry ${this.expectedSeq} is missing (next entry found is ${e.seq})`,
      };
      return false;
    }
    if (e.prev_hash !== this.prevHash) {
      this.problem = {
        seq: e.seq,
        reason: 'link_broken',
        message: `entry ${e.seq} does not link to the hash of entry ${e.seq - 1}`,
      };
      return false;
    }
    if (hashAuditEntry(e) !== e.hash) {
      this.problem = {
        seq: e.seq,
        reason: 'content_changed',
        message: `entry ${e.seq} was changed after it was written (its hash does not match its content)`,
      };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedSeq += 1;
    this.count += 1;
    return true;
  }

  /** Compares the walked chain with the stored head (catches removed tail entries). */
  finish(head: { seq: number; hash: string }): ChainReport {
    if (!this.problem && (head.seq !== this.count || head.hash !== this.prevHash)) {
      this.problem = {
        seq: this.count + 1,
        reason: 'head_mismatch',
        message: `the chain ends at entry ${this.count} but the recorded head is entry ${head.seq}`,
      };
    }
    return {
      ok: this.problem === null,
      entries: this.count,
      head: this.prevHash,
      problem: this.problem,
    };
  }
}
