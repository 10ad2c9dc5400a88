// The push API over HTTP: good items land beside bad ones, each rejection names its field,
// re-sent posts are duplicates, and limits answer 413 / 415.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, DIALECTS, startTestServer, type TestServer } from './helpers.ts';

const post = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `m${n}`,
  source: 'weibo',
  author: `作者${n}`,
  text: `第${n}条：甘肃省统计局发布最新数据，网友热议。`,
  published_at: '2026-11-28T08:00:00+08:00',
  metrics: { reposts: n, comments: 1, likes: 2 },
  ...extra,
});

describe.each(DIALECTS)('push API on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let machine: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect, { ingestMaxBytes: 64 * 1024 });
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const token = (await admin.post('/api/v1/tokens', { name: 'pusher', scopes: ['ingest'] })).body
      .token;
    machine = new Client(server.url, token);
  });
  afterAll(async () => {
    await server?.close();
  });

  const count = async () =>
    Number(
      (
        await server.store.db
          .selectFrom('mentions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lands the good items of a batch and names the field of each bad one', async () => {
    const before = await count();
    const r = await machine.post('/api/v1/ingest', [
      post(1),
      post(2),
      { source: 'weibo', id: 'x1' },
      post(3, { published_at: '1970-01-01T00:00:00Z' }),
      post(4, { title: '长'.repeat(2001) }),
      post(5, { metrics: { reposts: -1 } }),
      'not an object',
      post(6, { url: 'javascript:alert(1)' }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.duplicates).toBe(0);
    const byIndex = Object.fromEntries(
      r.body.rejected.map((x: { index: number; error: string }) => [x.index, x.error]),
    );
    expect(Object.keys(byIndex).map(Number)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(byIndex[2]).toBe('text: is required');
    expect(byIndex[3]).toMatch(/^published_at: /);
    expect(byIndex[4]).toBe('title: must be at most 2000 characters');
    expect(byIndex[5]).toBe('metrics.reposts: must not be negative');
    expect(byIndex[6]).toBe('(item): must be a JSON object');
    expect(byIndex[7]).toMatch(/^url: /);
    expect(await count()).toBe(before + 2);
    // Every rejected item waits in the quarantine with its payload and reasons.
    const q = await server.store.db
      .selectFrom('quarantine')
      .selectAll()
      .where('channel', '=', 'api')
      .execute();
    expect(q.length).toBeGreaterThanOrEqual(6);
    expect(q.find((x) => x.position === 2)?.payload).toContain('"x1"');
    expect(JSON.parse(q.find((x) => x.position === 2)?.errors ?? '[]')).toEqual([
      { field: 'text', message: 'is required' },
    ]);
  });

  it('stores a re-sent post once and counts it as a duplicate', async () => {
    const batch = [post(10), post(11), post(12)];
    expect((await machine.post('/api/v1/ingest', batch)).body).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [],
    });
    expect((await machine.post('/api/v1/ingest', batch)).body).toEqual({
      accepted: 0,
      duplicates: 3,
      rejected: [],
    });
    // The same post twice in one batch, too.
    expect((await machine.post('/api/v1/ingest', [post(13), post(13)])).body).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    });
    // Concurrent deliveries of one batch: exactly one copy of each post.
    const racing = Array.from({ length: 20 }, (_, i) => post(100 + i));
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => machine.post('/api/v1/ingest', racing)),
    );
    expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(20);
    expect(results.reduce((n, r) => n + r.body.duplicates, 0)).toBe(60);
  });

  it('treats one article under two tracking links as one, and keeps the original text exactly', async () => {
    const text = '<p>統計局：　ＧＤＰ數據&amp;說明</p>';
    const a = {
      source: 'news-a',
      url: 'https://news.example.cn/a/1.html?utm_source=wx&spm=1.2',
      text,
    };
    const b = { source: 'news-b', url: 'https://NEWS.example.cn/a/1.html#top', text };
    const r = await machine.post('/api/v1/ingest', [a, b]);
    expect(r.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const row = await server.store.db
      .selectFrom('mentions')
      .selectAll()
      .where(
        'source_id',
        'in',
        server.store.db.selectFrom('sources').select('id').where('key', '=', 'news-a'),
      )
      .executeTakeFirstOrThrow();
    expect(row.text).toBe(text);
    expect(row.analysis_text).toContain('统计局');
    expect(row.analysis_text).toContain('GDP');
    expect(row.analysis_text).not.toContain('<p>');
    expect(row.canonical_url).toBe('https://news.example.cn/a/1.html');
  });

  it('takes NDJSON, counting indices among non-empty lines, with bad lines beside good ones', async () => {
    const lines = [
      JSON.stringify(post(20)),
      '',
      '{"source":"weibo","text":',
      '   ',
      JSON.stringify(post(21)),
    ];
    const good = Buffer.from(lines.join('\n') + '\n', 'utf8');
    const badUtf8 = Buffer.concat([
      good,
      Buffer.from('{"source":"weibo","text":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\r\n'),
    ]);
    const r = await machine.request('POST', '/api/v1/ingest', undefined, {
      type: 'application/x-ndjson',
      data: badUtf8,
    });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected).toEqual([
      { index: 1, error: expect.stringMatching(/^\(line\): is not valid JSON/) },
      { index: 3, error: '(line): is not valid UTF-8' },
    ]);
  });

  it('answers 413 past the size limit and 415 for other media types, losing nothing accepted', async () => {
    const before = await count();
    const big = Array.from({ length: 200 }, (_, i) => post(1000 + i, { text: '数'.repeat(200) }));
    const tooBig = await machine.post('/api/v1/ingest', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    const text = await machine.request('POST', '/api/v1/ingest', undefined, {
      type: 'text/plain',
      data: 'hello',
    });
    expect(text.status).toBe(415);
    const notArray = await machine.post('/api/v1/ingest', 42);
    expect(notArray.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('requires a token with the ingest scope', async () => {
    expect((await new Client(server.url).post('/api/v1/ingest', [post(50)])).status).toBe(401);
    const reader = new Client(
      server.url,
      (await admin.post('/api/v1/tokens', { name: 'reader', scopes: ['read'] })).body.token,
    );
    expect((await reader.post('/api/v1/ingest', [post(50)])).status).toBe(403);
    expect((await admin.post('/api/v1/ingest', [post(50)])).status).toBe(403);
  });

  it('registers an unseen source for the token’s unit, and records the batch in the audit log', async () => {
    await machine.post('/api/v1/ingest', [post(60, { source: 'douyin' })]);
    const src = await server.store.db
      .selectFrom('sources')
      .selectAll()
      .where('key', '=', 'douyin')
      .executeTakeFirstOrThrow();
    expect(src.type).toBe('push');
    const log = (await admin.get(`/api/v1/audit?object_type=source&object_id=${src.id}`)).body
      .items;
    expect(log[0]).toMatchObject({
      action: 'source.create',
      actor: { kind: 'token', name: 'token:pusher' },
    });
  });

  it('lists mentions newest first, searches across traditional and simplified, and pages', async () => {
    await machine.post('/api/v1/ingest', [
      post(70, { text: '網傳某縣統計數據造假，統計局回應' }),
      post(71, { text: 'QwertyQ 指数发布' }),
    ]);
    const viewer = await new Client(server.url).login('viewer', 'yuqing-demo');
    const found = (await viewer.get(`/api/v1/mentions?q=${encodeURIComponent('数据造假')}`)).body
      .items;
    expect(found.map((m: { text: string }) => m.text)).toEqual([
      '網傳某縣統計數據造假，統計局回應',
    ]);
    const latin = (await viewer.get('/api/v1/mentions?q=QWERTYQ')).body.items;
    expect(latin).toHaveLength(1);
    const first = (await viewer.get('/api/v1/mentions?limit=2')).body;
    expect(first.items).toHaveLength(2);
    const second = (await viewer.get(`/api/v1/mentions?limit=2&cursor=${first.next_cursor}`)).body;
    expect(second.items[0].id).not.toBe(first.items[1].id);
    const one = await viewer.get(`/api/v1/mentions/${first.items[0].id}`);
    expect(one.body.source.key).toBeTruthy();
    expect((await viewer.get('/api/v1/mentions?since=yesterday')).status).toBe(400);
    // A city bureau's staff see the mentions of their own bureau's sources only.
    const informant = await new Client(server.url).login('informant', 'yuqing-demo');
    expect((await informant.get('/api/v1/mentions')).body.items).toEqual([]);
    expect((await informant.get(`/api/v1/mentions/${first.items[0].id}`)).status).toBe(403);
  });

  it('lets the office re-process a quarantined item once it is corrected', async () => {
    await machine.post('/api/v1/ingest', [{ source: 'weibo', id: 'fix-me', text: '   ' }]);
    const office = await new Client(server.url).login('office', 'yuqing-demo');
    const open = (await office.get('/api/v1/quarantine')).body.items;
    const item = open.find((q: { payload: string }) => q.payload.includes('fix-me'));
    expect(item.errors).toEqual([{ field: 'text', message: 'must not be empty' }]);
    const again = await office.post(`/api/v1/quarantine/${item.id}/reprocess`, {});
    expect(again.body).toMatchObject({ outcome: 'rejected', errors: ['text: must not be empty'] });
    const fixed = await office.post(`/api/v1/quarantine/${item.id}/reprocess`, {
      item: { source: 'weibo', id: 'fix-me', text: '补全后的正文' },
    });
    expect(fixed.body.outcome).toBe('accepted');
    expect((await office.get(`/api/v1/mentions/${fixed.body.mention_id}`)).body.text).toBe(
      '补全后的正文',
    );
    expect((await office.post(`/api/v1/quarantine/${item.id}/reprocess`, {})).status).toBe(409);
    const stillOpen = (await office.get('/api/v1/quarantine')).body.items.map(
      (q: { id: string }) => q.id,
    );
    expect(stillOpen).not.toContain(item.id);
    const viewer = await new Client(server.url).login('viewer', 'yuqing-demo');
    expect((await viewer.get('/api/v1/quarantine')).status).toBe(403);
  });
});
