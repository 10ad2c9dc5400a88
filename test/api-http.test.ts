// The HTTP surface: error shape, validation details, limits, OpenAPI, health, headers, SPA.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, startTestServer, type TestServer } from './helpers.ts';

describe('HTTP surface', () => {
  let server: TestServer;
  let admin: Client;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-web-'));
    fs.writeFileSync(
      path.join(webRoot, 'index.html'),
      '<!doctype html><title>Yuqing test shell</title>',
    );
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer('sqlite', { webRoot });
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('reports health with the store in use, and posts waiting too long for their events', async () => {
    const r = await new Client(server.url).get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ok',
      store: 'sqlite',
      events_queue: { batches: 0, oldest_queued_at: null },
    });
    // A batch stored two minutes ago and still without its events (as a failing second
    // transaction leaves it): the server is up but says it is behind.
    const queuedAt = new Date(Date.now() - 120_000).toISOString();
    await server.store.db
      .insertInto('event_queue')
      .values({ id: 'stuck-batch', mention_ids: '[]', queued_at: queuedAt })
      .execute();
    try {
      const late = await new Client(server.url).get('/health');
      expect(late.status).toBe(200);
      expect(late.body).toEqual({
        status: 'degraded',
        store: 'sqlite',
        events_queue: { batches: 1, oldest_queued_at: queuedAt },
      });
    } finally {
      await server.store.db.deleteFrom('event_queue').where('id', '=', 'stuck-batch').execute();
    }
  });

  it('says what is wrong and where, in the error shape of SPEC.md', async () => {
    const r = await admin.post('/api/v1/people', {
      unit_id: '',
      name: '  ',
      title: 'x'.repeat(51),
      email: 'not-mail',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_input');
    const paths = r.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body.email', 'body.name', 'body.title', 'body.unit_id']);
    expect(r.body.error.message).toMatch(/^body\./);
  });

  it('refuses malformed JSON, other media types and oversized bodies', async () => {
    const post = (body: string, type: string) =>
      fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    const bad = await post('{"username":', 'application/json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const text = await post('username=a&password=b', 'text/plain');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe(
      'unsupported_media_type',
    );
    const form = await post('username=a&password=b', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const huge = await post(
      JSON.stringify({ username: 'a', password: 'x'.repeat(11 * 1024 * 1024) }),
      'application/json',
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
  });

  it('answers unknown API routes and objects with 404 in the same shape', async () => {
    const r = await admin.get('/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const unit = await admin.get('/api/v1/units/no-such-unit');
    expect(unit.status).toBe(404);
    expect(unit.body.error.message).toBe('unit not found');
  });

  it('publishes an OpenAPI 3 document built from the route schemas', async () => {
    const doc = (await new Client(server.url).get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.requestBody.content['application/json'].schema.required).toEqual([
      'username',
      'password',
    ]);
    const people = doc.paths['/api/v1/people'].get;
    expect(people.parameters.map((p: { name: string }) => p.name)).toEqual([
      'limit',
      'cursor',
      'unit_id',
    ]);
    expect(doc.paths['/api/v1/units/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(
      doc.paths['/api/v1/audit/verify'].get.responses['200'].content['application/json'].schema
        .required,
    ).toEqual(expect.arrayContaining(['ok', 'entries', 'head']));
    expect(doc.paths['/api/v1/tokens'].post.responses['201']).toBeDefined();
  });

  it('sends security headers and keeps API answers out of caches', async () => {
    const r = await fetch(`${server.url}/api/v1/auth/me`);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the web app, falling back to index.html for client routes', async () => {
    const page = await fetch(`${server.url}/org`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Yuqing test shell');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    const missing = await fetch(`${server.url}/api/v1/x`, { method: 'POST' });
    expect(missing.status).toBe(404);
  });

  it('validates query values, not just bodies', async () => {
    const r = await admin.get('/api/v1/people?limit=0');
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('query.limit');
    const cursor = await admin.get('/api/v1/people?cursor=@@@');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details[0].path).toBe('query.cursor');
  });
});

describe('closing the server', () => {
  it('ends the live streams it holds, so closing does not wait for the browsers', async () => {
    const server = await startTestServer('sqlite', { demo: false });
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const live = await fetch(`${server.url}/api/v1/live`, { headers: { cookie: admin.cookie! } });
    expect(live.status).toBe(200);
    const reader = live.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    // The stream stays open until the server closes; then the client sees its end.
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();
    await server.close();
    expect(await ended).toBe(true);
  }, 30_000);
});
