// The audit log over HTTP: changes are recorded with actor and before/after, and a row
// edited or removed behind the application's back is found by /audit/verify.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('records each change with actor, time, object and before/after', async () => {
    server = await startTestServer(dialect);
    const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const units = (await office.get('/api/v1/units')).body.items;
    const zh = units.find((u: { code: string }) => u.code === 'GS-ZH');
    const created = await office.post('/api/v1/people', {
      unit_id: zh.id,
      name: '赵新',
      title: '科员',
    });
    expect(created.status).toBe(201);
    const changed = await office.patch(`/api/v1/people/${created.body.id}`, { title: '副处长' });
    expect(changed.status).toBe(200);

    const log = (await office.get(`/api/v1/audit?object_type=person&object_id=${created.body.id}`))
      .body.items;
    expect(log.map((e: { action: string }) => e.action)).toEqual([
      'person.update',
      'person.create',
    ]);
    const [update, create] = log;
    expect(update.actor).toMatchObject({ kind: 'user', name: 'office' });
    expect(update.before).toMatchObject({ title: '科员', name: '赵新' });
    expect(update.after).toMatchObject({ title: '副处长', name: '赵新' });
    expect(create.before).toBeNull();
    expect(update.ip).toBe('127.0.0.1');
    expect(Date.parse(update.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(update.prev_hash).toBe(create.hash);

    // Secrets never reach the log: user changes carry no password hash.
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const u = await admin.post('/api/v1/users', {
      username: 'auditcheck',
      display_name: 'A',
      password: 'secret password 1',
      unit_id: zh.id,
      roles: ['viewer'],
    });
    await admin.post(`/api/v1/users/${u.body.id}/password`, { password: 'secret password 2' });
    const userLog = JSON.stringify(
      (await admin.get(`/api/v1/audit?object_id=${u.body.id}`)).body.items,
    );
    expect(userLog).not.toMatch(/scrypt|secret password|password_hash/);
    expect(userLog).toContain('user.password_reset');

    const verify = (await office.get('/api/v1/audit/verify')).body;
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThan(150); // the demo bootstrap is audited too
  });

  it('finds an entry edited directly in the database, and where', async () => {
    server = await startTestServer(dialect);
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const before = (await admin.get('/api/v1/audit/verify')).body;
    expect(before.ok).toBe(true);
    const target = 42;
    await sql`update audit_log set after = ${JSON.stringify({ name: '篡改' })} where seq = ${target}`.execute(
      server.store.db,
    );
    const after = (await admin.get('/api/v1/audit/verify')).body;
    expect(after).toMatchObject({
      ok: false,
      entries: target - 1,
      problem: { seq: target, reason: 'content_changed' },
    });
    expect(after.problem.message).toContain(String(target));
  });

  it('finds an entry deleted directly in the database', async () => {
    server = await startTestServer(dialect);
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    await sql`delete from audit_log where seq = 7`.execute(server.store.db);
    const r = (await admin.get('/api/v1/audit/verify')).body;
    expect(r).toMatchObject({ ok: false, problem: { seq: 7, reason: 'sequence_gap' } });
  });

  it('finds the newest entries cut off', async () => {
    server = await startTestServer(dialect);
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const head = (await admin.get('/api/v1/audit?limit=1')).body.items[0].seq;
    await sql`delete from audit_log where seq > ${head - 3}`.execute(server.store.db);
    const r = (await admin.get('/api/v1/audit/verify')).body;
    expect(r).toMatchObject({ ok: false, problem: { reason: 'head_mismatch' } });
  });

  it('pages newest first with a cursor', async () => {
    server = await startTestServer(dialect);
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const first = (await admin.get('/api/v1/audit?limit=10')).body;
    expect(first.items).toHaveLength(10);
    const second = (await admin.get(`/api/v1/audit?limit=10&cursor=${first.next_cursor}`)).body;
    expect(second.items[0].seq).toBe(first.items[9].seq - 1);
    const bad = await admin.get('/api/v1/audit?cursor=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.cursor');
  });
});
