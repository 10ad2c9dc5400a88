// Sign-in, sessions, lock-out, rate limit, sign-out and password change over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../src/services/auth.service.ts';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('sign-in and sessions', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('signs in with an httpOnly SameSite=Strict cookie and signs out for good', async () => {
    server = await startTestServer('sqlite');
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: DEMO_PASSWORD_FOR_TESTS }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^yq_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const body = (await res.json()) as {
      user: { username: string; roles: string[]; unit: { name: string } };
    };
    expect(body.user).toMatchObject({
      username: 'office',
      roles: ['office'],
      unit: { name: '综合处' },
    });

    // The store keeps only a hash of the cookie value.
    const cookieValue = setCookie.split(';')[0]?.split('=')[1] ?? '';
    const ids = await server.store.db.selectFrom('sessions').select('id').execute();
    expect(ids.map((r) => r.id)).not.toContain(cookieValue);

    const c = new Client(server.url);
    c.cookie = `yq_session=${cookieValue}`;
    expect((await c.get('/api/v1/auth/me')).body.username).toBe('office');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    c.cookie = `yq_session=${cookieValue}`; // a copied cookie is no good after sign-out
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    server = await startTestServer('sqlite');
    const c = new Client(server.url);
    const wrong = await c.post('/api/v1/auth/login', {
      username: 'office',
      password: 'not the password',
    });
    const unknown = await c.post('/api/v1/auth/login', {
      username: 'nobody',
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('locks an account after repeated failures, and the lock ends with time', async () => {
    let now = Date.parse('2026-11-28T08:00:00Z');
    server = await startTestServer('sqlite', { now: () => new Date(now) });
    const c = new Client(server.url);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect(
        (await c.post('/api/v1/auth/login', { username: 'leader', password: 'guess number ' + i }))
          .status,
      ).toBe(401);
    }
    const locked = await c.post('/api/v1/auth/login', {
      username: 'leader',
      password: DEMO_PASSWORD_FOR_TESTS,
    });
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBe(LOCKOUT_MINUTES * 60);
    // Another account is not affected.
    now += 61_000; // past the per-address window
    expect(
      (
        await c.post('/api/v1/auth/login', {
          username: 'deputy',
          password: DEMO_PASSWORD_FOR_TESTS,
        })
      ).status,
    ).toBe(200);
    // The lock-out is in the audit log.
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const entries = (await admin.get('/api/v1/audit?limit=500')).body.items;
    expect(entries.some((e: { action: string }) => e.action === 'auth.lockout')).toBe(true);
    now += LOCKOUT_MINUTES * 60_000;
    expect(
      (
        await c.post('/api/v1/auth/login', {
          username: 'leader',
          password: DEMO_PASSWORD_FOR_TESTS,
        })
      ).status,
    ).toBe(200);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    server = await startTestServer('sqlite');
    const c = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await c.post('/api/v1/auth/login', { username: `nobody${i}`, password: 'whatever it is' }))
          .status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await c.post('/api/v1/auth/login', {
      username: 'office',
      password: DEMO_PASSWORD_FOR_TESTS,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('changes a password: checks the current one, ends other sessions, keeps this one', async () => {
    server = await startTestServer('sqlite');
    const here = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    const elsewhere = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    const bad = await here.post('/api/v1/auth/password', {
      current_password: 'wrong one',
      new_password: 'new password 2026',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'current_password', message: 'wrong password' },
    ]);
    const weak = await here.post('/api/v1/auth/password', {
      current_password: DEMO_PASSWORD_FOR_TESTS,
      new_password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('new_password');
    const ok = await here.post('/api/v1/auth/password', {
      current_password: DEMO_PASSWORD_FOR_TESTS,
      new_password: 'new password 2026',
    });
    expect(ok.status).toBe(204);
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (
        await new Client(server.url).post('/api/v1/auth/login', {
          username: 'division',
          password: DEMO_PASSWORD_FOR_TESTS,
        })
      ).status,
    ).toBe(401);
    await new Client(server.url).login('division', 'new password 2026');
  });

  it('ends sessions when an admin disables an account', async () => {
    server = await startTestServer('sqlite');
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    const id = (await viewer.get('/api/v1/auth/me')).body.id;
    expect((await admin.patch(`/api/v1/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await viewer.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (
        await new Client(server.url).post('/api/v1/auth/login', {
          username: 'viewer',
          password: DEMO_PASSWORD_FOR_TESTS,
        })
      ).status,
    ).toBe(401);
    // The last admin cannot be disabled or lose the role.
    const adminId = (await admin.get('/api/v1/auth/me')).body.id;
    const self = await admin.patch(`/api/v1/users/${adminId}`, { roles: ['viewer'] });
    expect(self.status).toBe(409);
  });

  it('expires an idle session', async () => {
    let now = Date.parse('2026-11-28T08:00:00Z');
    server = await startTestServer('sqlite', { now: () => new Date(now) });
    const c = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    now += 11 * 3_600_000;
    expect((await c.get('/api/v1/auth/me')).status).toBe(200); // use slides the expiry
    now += 11 * 3_600_000;
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    now += 13 * 3_600_000;
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });
});
