// The source registry over HTTP: add, validate, pause, scope, and honest coverage figures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('sources', () => {
  let server: TestServer;
  let now = Date.parse('2026-11-28T08:00:00Z');
  let office: Client;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { now: () => new Date(now) });
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('adds a feed source, says what is wrong with bad input, and refuses a taken key', async () => {
    const bad = await office.post('/api/v1/sources', {
      key: 'Bad Key',
      name: '',
      type: 'ftp',
      address: 'ftp://x',
      schedule: 'every minute',
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body.address', 'body.key', 'body.name', 'body.type']);
    const cron = await office.post('/api/v1/sources', {
      key: 'gstj-weibo',
      name: '官方微博',
      type: 'feed',
      address: 'https://rsshub.example.org/weibo/user/1',
      schedule: 'every minute',
    });
    expect(cron.status).toBe(400);
    expect(cron.body.error.details[0].path).toBe('body.schedule');
    const tooOften = await office.post('/api/v1/sources', {
      key: 'gstj-weibo',
      name: '官方微博',
      type: 'feed',
      address: 'https://rsshub.example.org/weibo/user/1',
      schedule: '* * * * * *',
    });
    expect(tooOften.body.error.details[0].message).toContain('more often than once a minute');
    const noSelector = await office.post('/api/v1/sources', {
      key: 'web-without-selector',
      name: '网站',
      type: 'web',
      address: 'https://news.example.cn/list/',
    });
    expect(noSelector.status).toBe(400);
    expect(noSelector.body.error.details).toEqual([
      { path: 'body.config.itemSelector', message: 'is required for a web source' },
    ]);
    const ok = await office.post('/api/v1/sources', {
      key: 'gstj-weibo',
      name: '官方微博',
      type: 'feed',
      address: 'https://rsshub.example.org/weibo/user/1',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      key: 'gstj-weibo',
      schedule: '*/10 * * * *',
      enabled: true,
      health: { coverage: { status: 'never_run' } },
    });
    expect(
      (
        await office.post('/api/v1/sources', {
          key: 'gstj-weibo',
          name: 'x',
          type: 'feed',
          address: 'https://a.example/',
        })
      ).status,
    ).toBe(409);
  });

  it('pauses and resumes a source, on the record', async () => {
    const src = (await office.get('/api/v1/sources')).body.items.find(
      (s: { key: string }) => s.key === 'gstj-weibo',
    );
    const paused = await office.patch(`/api/v1/sources/${src.id}`, { enabled: false });
    expect(paused.body.health.coverage.status).toBe('paused');
    await office.patch(`/api/v1/sources/${src.id}`, { enabled: true });
    const log = (
      await office.get(`/api/v1/audit?object_type=source&object_id=${src.id}`)
    ).body.items.map((e: { action: string }) => e.action);
    expect(log).toEqual(['source.resume', 'source.pause', 'source.create']);
  });

  it('reports a polled source that never succeeds as failing', async () => {
    now += 3 * 3600_000;
    const src = (await office.get('/api/v1/sources')).body.items.find(
      (s: { key: string }) => s.key === 'gstj-weibo',
    );
    expect(src.health.coverage.status).toBe('failing');
    expect(src.health.coverage.reason).toMatch(/no successful poll since it was added/);
  });

  it('counts what a pushed source delivered and notices when it goes silent', async () => {
    const token = (await admin.post('/api/v1/tokens', { name: 'bridge', scopes: ['ingest'] })).body
      .token;
    const bridge = new Client(server.url, token);
    for (let i = 0; i < 6; i++) {
      now += 10 * 60_000;
      expect(
        (
          await bridge.post('/api/v1/ingest', [
            { source: 'bridge-weibo', id: `b${i}`, text: `第${i}条` },
          ])
        ).body.accepted,
      ).toBe(1);
    }
    let src = (await office.get('/api/v1/sources')).body.items.find(
      (s: { key: string }) => s.key === 'bridge-weibo',
    );
    expect(src.health).toMatchObject({ items_24h: 6, items_7d: 6, coverage: { status: 'ok' } });
    now += 7 * 3600_000;
    src = (await office.get(`/api/v1/sources/${src.id}`)).body;
    expect(src.health.coverage.status).toBe('silent');
    expect(src.health.coverage.reason).toMatch(
      /^nothing for 7\.0 h; it usually delivers every 0\.2 h$/,
    );
    now += 24 * 3600_000;
    // Sessions idle that long have ended: sign in again.
    expect((await office.get('/api/v1/auth/me')).status).toBe(401);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    src = (await office.get(`/api/v1/sources/${src.id}`)).body;
    expect(src.health.items_24h).toBe(0);
    expect(src.health.items_7d).toBe(6);
  });

  it('keeps sources to their unit: city staff see and change only their own', async () => {
    const units = (await admin.get('/api/v1/units')).body.items;
    const lanzhou = units.find((u: { code: string }) => u.code === 'C620100');
    await admin.post('/api/v1/users', {
      username: 'lz-office',
      display_name: '兰州',
      password: 'a long password',
      unit_id: lanzhou.id,
      roles: ['office'],
    });
    const lz = await new Client(server.url).login('lz-office', 'a long password');
    const own = await lz.post('/api/v1/sources', {
      key: 'lz-news',
      name: '兰州新闻',
      type: 'web',
      address: 'https://news.example.cn/lanzhou/',
      config: { itemSelector: 'ul.list a' },
    });
    expect(own.status).toBe(201);
    expect(own.body.unit_id).toBe(lanzhou.id);
    expect((await lz.get('/api/v1/sources')).body.items.map((s: { key: string }) => s.key)).toEqual(
      ['lz-news'],
    );
    const provincial = (await office.get('/api/v1/sources')).body.items.find(
      (s: { key: string }) => s.key === 'gstj-weibo',
    );
    expect((await lz.patch(`/api/v1/sources/${provincial.id}`, { enabled: false })).status).toBe(
      403,
    );
    expect((await lz.get(`/api/v1/sources/${provincial.id}`)).status).toBe(403);
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    expect(
      (
        await viewer.post('/api/v1/sources', {
          key: 'v-src',
          name: 'x',
          type: 'feed',
          address: 'https://a.example/',
        })
      ).status,
    ).toBe(403);
    expect((await viewer.get('/api/v1/sources')).status).toBe(200);
  });

  it('tests a feed before saving it, and polls a saved one on demand', async () => {
    const feed = http.createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>统计公报发布</title><guid>n1</guid><description>正文</description></item></channel></rss>',
        );
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const address = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`;
    try {
      const tried = await office.post('/api/v1/sources/test', {
        key: 'try-feed',
        name: '试',
        type: 'feed',
        address,
      });
      expect(tried.body).toMatchObject({
        error: null,
        items: [{ title: '统计公报发布', source: 'try-feed' }],
      });
      expect((await office.get('/api/v1/mentions?q=统计公报')).body.items).toEqual([]); // nothing stored
      const broken = await office.post('/api/v1/sources/test', {
        key: 'try-feed',
        name: '试',
        type: 'feed',
        address: address.replace(/\d+\/feed/, '1/feed'),
      });
      expect(broken.body.error).toBeTruthy();
      const saved = (
        await office.post('/api/v1/sources', {
          key: 'saved-feed',
          name: '公报',
          type: 'feed',
          address,
        })
      ).body;
      const run = await office.post(`/api/v1/sources/${saved.id}/run`);
      expect(run.body).toMatchObject({ ok: true, items: 1, accepted: 1 });
      expect((await office.get('/api/v1/mentions?q=统计公报')).body.items).toHaveLength(1);
      const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
      expect((await viewer.post(`/api/v1/sources/${saved.id}/run`)).status).toBe(403);
      const push = (await office.get('/api/v1/sources')).body.items.find(
        (x: { type: string }) => x.type === 'push',
      );
      expect((await office.post(`/api/v1/sources/${push.id}/run`)).status).toBe(409);
    } finally {
      await new Promise<void>((r) => feed.close(() => r()));
    }
  });
});
