import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, hashAuditEntry, type AuditEntry } from './audit-chain.ts';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor_kind: 'user',
      actor_id: `u${seq % 3}`,
      actor_name: `user${seq % 3}`,
      action: 'unit.update',
      object_type: 'unit',
      object_id: `unit-${seq}`,
      before: JSON.stringify({ name: `old ${seq}` }),
      after: JSON.stringify({ name: `new ${seq}` }),
      ip: '127.0.0.1',
      prev_hash: prev,
    };
    const hash = hashAuditEntry(content);
    out.push({ ...content, hash });
    prev = hash;
  }
  return out;
}

function verify(entries: AuditEntry[], head: { seq: number; hash: string }) {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}

const headOf = (entries: AuditEntry[]) => {
  const last = entries.at(-1);
  return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
};

describe('audit hash chain', () => {
  it('accepts an intact chain and reports its head', () => {
    const entries = chain(20);
    const r = verify(entries, headOf(entries));
    expect(r).toMatchObject({ ok: true, entries: 20, problem: null });
    expect(r.head).toBe(entries[19]?.hash);
  });

  it('accepts the empty chain', () => {
    expect(verify([], { seq: 0, hash: GENESIS_HASH })).toMatchObject({
      ok: true,
      entries: 0,
      head: GENESIS_HASH,
    });
  });

  it('hashes every field: changing any one changes the hash', () => {
    const [e] = chain(1);
    if (!e) throw new Error('no entry');
    const base = hashAuditEntry(e);
    const fields = [
      'at',
      'actor_kind',
      'actor_id',
      'actor_name',
      'action',
      'object_type',
      'object_id',
      'before',
      'after',
      'ip',
      'prev_hash',
    ] as const;
    for (const f of fields) {
      expect(hashAuditEntry({ ...e, [f]: `${String(e[f])}x` }), f).not.toBe(base);
    }
    expect(hashAuditEntry({ ...e, seq: 2 })).not.toBe(base);
    // Field boundaries are unambiguous: moving characters between fields changes the hash.
    expect(hashAuditEntry({ ...e, action: 'unit.', object_type: 'updateunit' })).not.toBe(
      hashAuditEntry({ ...e, action: 'unit.update', object_type: 'unit' }),
    );
  });

  it('finds an edited entry', () => {
    const entries = chain(10);
    const edited = entries.map((e) =>
      e.seq === 6 ? { ...e, after: JSON.stringify({ name: 'forged' }) } : e,
    );
    const r = verify(edited, headOf(entries));
    expect(r.ok).toBe(false);
    expect(r.entries).toBe(5);
    expect(r.problem).toMatchObject({ seq: 6, reason: 'content_changed' });
  });

  it('finds an entry re-hashed after editing: the next link breaks', () => {
    const entries = chain(10);
    const forged = entries.map((e) => {
      if (e.seq !== 4) return e;
      const changed = { ...e, actor_name: 'someone else' };
      return { ...changed, hash: hashAuditEntry(changed) };
    });
    const r = verify(forged, headOf(entries));
    expect(r.problem).toMatchObject({ seq: 5, reason: 'link_broken' });
  });

  it('finds a deleted entry in the middle', () => {
    const entries = chain(10).filter((e) => e.seq !== 3);
    const r = verify(entries, headOf(entries));
    expect(r.problem).toMatchObject({ seq: 3, reason: 'sequence_gap' });
  });

  it('finds deleted entries at the end by comparing with the head', () => {
    const entries = chain(10);
    const r = verify(entries.slice(0, 8), headOf(entries));
    expect(r.problem).toMatchObject({ reason: 'head_mismatch', seq: 9 });
  });

  it('finds reordered entries', () => {
    const entries = chain(5);
    const [a, b, c, d, e] = entries as [AuditEntry, AuditEntry, AuditEntry, AuditEntry, AuditEntry];
    const r = verify([a, c, b, d, e], headOf(entries));
    expect(r.ok).toBe(false);
    expect(r.problem?.seq).toBe(2);
  });
});
