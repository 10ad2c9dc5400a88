// Repository tests on the real databases: SQLite always, PostgreSQL when DATABASE_URL is set.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore } from '../../test/helpers.ts';
import { ChainVerifier, GENESIS_HASH } from '../domain/audit-chain.ts';
import { AccountRepository } from './account.repository.ts';
import { AuditRepository } from './audit.repository.ts';
import type { Store } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { OrgRepository } from './org.repository.ts';

const T = '2026-01-01T00:00:00.000Z';

describe.each(DIALECTS)('store on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await store?.close();
  });

  const unit = (
    code: string,
    kind: 'bureau' | 'division' | 'city' = 'division',
    parent: string | null = null,
  ) => ({
    id: `id-${code}`,
    code,
    name: `单位${code}`,
    name_en: null,
    kind,
    parent_id: parent,
    region_code: null,
    hosts_office: 0,
    sort_order: 0,
    created_at: T,
    updated_at: T,
  });
  const person = (id: string, unitId: string, name: string) => ({
    id,
    unit_id: unitId,
    name,
    title: '科员',
    email: null,
    phone: null,
    active: 1,
    created_at: T,
    updated_at: T,
  });

  it('migrates once: a second run applies nothing', async () => {
    expect((await migrateToLatest(store.db)).applied).toEqual([]);
    const head = await new AuditRepository(store.db).head();
    expect(head).toEqual({ seq: 0, hash: GENESIS_HASH });
  });

  it('migrates a fresh store while another store in the same database is already migrated', async () => {
    // On PostgreSQL the tests' stores are schemas of one database: the second one must get
    // its own migration tables, not be misled by the first one's.
    const other = await openTestStore(dialect);
    try {
      const { applied } = await migrateToLatest(other.db);
      expect(applied.length).toBeGreaterThan(0);
      expect((await new AuditRepository(other.db).head()).seq).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('stores and reads units and people, keeping Chinese text intact', async () => {
    const org = new OrgRepository(store.db);
    await org.insertUnit(unit('GS', 'bureau'));
    await org.insertUnit(unit('GS-ZH', 'division', 'id-GS'));
    await org.insertPerson(person('p1', 'id-GS-ZH', '甘南藏族自治州·测试'));
    expect(await org.countUnits()).toBe(2);
    expect((await org.rootUnit())?.code).toBe('GS');
    expect((await org.getPerson('p1'))?.name).toBe('甘南藏族自治州·测试');
    expect((await org.listUnits(['id-GS-ZH'])).map((u) => u.code)).toEqual(['GS-ZH']);
    expect(await org.listUnits([])).toEqual([]);
  });

  it('enforces foreign keys and unique codes', async () => {
    const org = new OrgRepository(store.db);
    await expect(org.insertPerson(person('p1', 'no-such-unit', '某某'))).rejects.toThrow();
    await org.insertUnit(unit('A'));
    await expect(org.insertUnit({ ...unit('A'), id: 'other' })).rejects.toThrow();
  });

  it('pages people by name then id with a cursor', async () => {
    const org = new OrgRepository(store.db);
    await org.insertUnit(unit('A'));
    const names = ['张三', '李四', '王五', '赵六', '李四', '陈七', '周八'];
    for (const [i, n] of names.entries()) await org.insertPerson(person(`p${i}`, 'id-A', n));
    const seen: string[] = [];
    let after: { name: string; id: string } | undefined;
    for (;;) {
      const page = await org.listPeople({ limit: 3, after });
      seen.push(...page.map((p) => p.id));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      after = { name: last.name, id: last.id };
    }
    expect(seen).toHaveLength(names.length);
    expect(new Set(seen).size).toBe(names.length);
  });

  it('keeps one informant per unit', async () => {
    const org = new OrgRepository(store.db);
    await org.insertUnit(unit('A'));
    await org.insertPerson(person('p1', 'id-A', '甲'));
    await org.insertPerson(person('p2', 'id-A', '乙'));
    await org.setInformant('id-A', 'p1', T);
    await org.setInformant('id-A', 'p2', T);
    expect(await org.listInformants()).toEqual([
      { unit_id: 'id-A', person_id: 'p2', since: T, person_name: '乙' },
    ]);
  });

  it('finds live sessions only, and ends them', async () => {
    const org = new OrgRepository(store.db);
    const acc = new AccountRepository(store.db);
    await org.insertUnit(unit('A'));
    await acc.insertUser({
      id: 'u1',
      username: 'u1',
      display_name: 'U',
      password_hash: 'x',
      unit_id: 'id-A',
      person_id: null,
      roles: '["viewer"]',
      leader_kind: null,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: T,
      created_at: T,
      updated_at: T,
    });
    await acc.insertSession({
      id: 's1',
      user_id: 'u1',
      created_at: T,
      last_seen_at: T,
      expires_at: '2026-01-01T12:00:00.000Z',
      ip: null,
      user_agent: null,
    });
    expect(await acc.getLiveSession('s1', '2026-01-01T11:59:59.999Z')).toMatchObject({
      user_id: 'u1',
    });
    expect(await acc.getLiveSession('s1', '2026-01-01T12:00:00.000Z')).toBeUndefined();
    expect(await acc.deleteExpiredSessions('2026-01-02T00:00:00.000Z')).toBe(1);
  });

  it('chains audit entries, also when many are appended at once', async () => {
    const audit = new AuditRepository(store.db);
    // Concurrent transactions: on PostgreSQL the head row lock must serialise them.
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.db.transaction().execute((trx) =>
          new AuditRepository(trx).append({
            at: T,
            actorKind: 'system',
            actorId: null,
            actorName: 'system',
            action: 'test.append',
            objectType: 'thing',
            objectId: String(i),
            before: null,
            after: { i, text: '舆情' },
            ip: null,
          }),
        ),
      ),
    );
    const v = new ChainVerifier();
    for await (const e of audit.walk(7)) v.push(e);
    const report = v.finish(await audit.head());
    expect(report).toMatchObject({ ok: true, entries: 25 });
    expect((await audit.list({ limit: 5 })).map((r) => r.seq)).toEqual([25, 24, 23, 22, 21]);
    expect(await audit.list({ limit: 100, objectId: '7' })).toHaveLength(1);
  });

  it('rolls back an audit entry with the change it belonged to', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await new AuditRepository(trx).append({
          at: T,
          actorKind: 'system',
          actorId: null,
          actorName: 'system',
          action: 'x',
          objectType: 'x',
          objectId: null,
          before: null,
          after: null,
          ip: null,
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await new AuditRepository(store.db).head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    const n = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(store.db);
    expect(Number(n.rows[0]?.n)).toBe(0);
  });
});
