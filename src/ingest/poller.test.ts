// The poller against a real feed server on loopback: new items land, a 304 costs nothing,
// failures count up with back-off, and a GBK feed arrives intact.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, testDeps } from '../../test/helpers.ts';
import { bootstrap } from '../bootstrap.ts';
import { SYSTEM } from '../services/context.ts';
import { SourceService } from '../services/source.service.ts';
import type { Store } from '../store/db.ts';
import { SourceRepository } from '../store/source.repository.ts';
import { HostLimiter } from './http-fetch.ts';
import { IngestService } from './ingest.service.ts';
import { nextDue, Poller } from './poller.ts';

const rss = (items: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>官方发布</title><link>http://example.org/</link>${items
    .map(
      (t, i) =>
        `<item><title>${t}</title><link>http://example.org/a/${i}</link><guid>g-${t}</guid><pubDate>Sat, 28 Nov 2026 08:0${i}:00 +0800</pubDate><description>&lt;p&gt;${t}的正文&lt;/p&gt;</description></item>`,
    )
    .join('')}</channel></rss>`;

describe('poller', () => {
  let server: http.Server;
  let base = '';
  let items = ['一月数据', '二月数据'];
  let failing = false;
  const requests: { url: string; ifNoneMatch: string | undefined }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
      if (failing) {
        res.writeHead(500).end('down');
        return;
      }
      if (req.url === '/odd-date.xml') {
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>时间写法古怪</title><guid>odd-1</guid><pubDate>上周某天</pubDate><description>x</description></item></channel></rss>',
          );
        return;
      }
      if (req.url === '/gbk.xml') {
        // 统计 in GBK, declared only in the XML prolog.
        const head = Buffer.from(
          '<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>t</title><item><title>',
          'latin1',
        );
        const tail = Buffer.from(
          '</title><guid>gbk-1</guid><description>x</description></item></channel></rss>',
          'latin1',
        );
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(Buffer.concat([head, Buffer.from([0xcd, 0xb3, 0xbc, 0xc6]), tail]));
        return;
      }
      const body = rss(items);
      const etag = `"${items.length}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  let store: Store | undefined;
  let now = Date.parse('2026-11-28T08:00:00Z');
  beforeEach(async () => {
    store = await openTestStore('sqlite');
    await bootstrap(testDeps(store), { adminPassword: 'poller-admin-pw', demo: false });
  });
  afterEach(async () => {
    await store?.close();
  });

  it('polls due feeds, stores new items once, uses ETag, and backs off after failures', async () => {
    if (!store) throw new Error('no store');
    const deps = testDeps(store, () => new Date(now));
    const poller = new Poller(deps, new IngestService(deps), {
      limiter: new HostLimiter({ minIntervalMs: 0 }),
    });
    const sources = new SourceService(deps, poller);
    await sources.create(SYSTEM, {
      key: 'official',
      name: '官方发布',
      type: 'feed',
      address: `${base}/feed.xml`,
      unit_id: (await store.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id,
    });

    const first = await poller.tick();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ ok: true, items: 2, summary: { accepted: 2, duplicates: 0 } });
    const stored = await store.db
      .selectFrom('mentions')
      .select(['title', 'text', 'analysis_text', 'published_at', 'channel'])
      .orderBy('published_at')
      .execute();
    expect(stored.map((m) => m.title)).toEqual(['一月数据', '二月数据']);
    expect(stored[0]?.analysis_text).toContain('一月数据的正文');
    expect(stored[0]?.published_at).toBe('2026-11-28T00:00:00.000Z');
    expect(stored[0]?.channel).toBe('feed');

    // Not due again until the schedule says so (every 10 minutes).
    expect(await poller.tick()).toEqual([]);
    now += 10 * 60_000;
    const second = await poller.tick();
    expect(second[0]).toMatchObject({ ok: true, notModified: true, items: 0 });
    expect(requests.at(-1)?.ifNoneMatch).toBe('"2"');

    items = [...items, '三月数据'];
    now += 10 * 60_000;
    expect((await poller.tick())[0]).toMatchObject({
      ok: true,
      summary: { accepted: 1, duplicates: 2 },
    });

    failing = true;
    now += 10 * 60_000;
    const failed = await poller.tick();
    expect(failed[0]).toMatchObject({ ok: false });
    let row = await new SourceRepository(store.db).getByKey('official');
    expect(row).toMatchObject({ consecutive_failures: 1 });
    expect(row?.last_error).toMatch(/500/);
    // Back-off: the next attempt waits longer than the schedule alone would.
    const due = row ? nextDue(row) : null;
    expect(due && due.getTime()).toBeGreaterThan(now + 10 * 60_000 - 1);
    now = (due?.getTime() ?? now) + 1;
    failing = false;
    expect((await poller.tick())[0]).toMatchObject({ ok: true });
    row = await new SourceRepository(store.db).getByKey('official');
    expect(row).toMatchObject({
      consecutive_failures: 0,
      last_error: expect.stringMatching(/500/),
    });
    const view = await sources.get(SYSTEM, row?.id ?? '');
    expect(view.health.coverage.status).toBe('ok');
  });

  it('reads a GBK feed, and a paused source is not polled', async () => {
    if (!store) throw new Error('no store');
    const deps = testDeps(store, () => new Date(now));
    const poller = new Poller(deps, new IngestService(deps), {
      limiter: new HostLimiter({ minIntervalMs: 0 }),
    });
    const sources = new SourceService(deps, poller);
    const unit = (await store.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id;
    await sources.create(SYSTEM, {
      key: 'gbk',
      name: 'GBK',
      type: 'feed',
      address: `${base}/gbk.xml`,
      unit_id: unit,
    });
    const paused = await sources.create(SYSTEM, {
      key: 'paused',
      name: 'P',
      type: 'feed',
      address: `${base}/feed.xml`,
      unit_id: unit,
      enabled: false,
    });
    const out = await poller.tick();
    expect(out.map((o) => o.source)).toEqual(['gbk']);
    const m = await store.db.selectFrom('mentions').select('title').executeTakeFirstOrThrow();
    expect(m.title).toBe('统计');
    expect((await sources.get(SYSTEM, paused.id)).health.last_run_at).toBeNull();
  });

  it('keeps a crawled post whose date cannot be read, with the date text as found', async () => {
    if (!store) throw new Error('no store');
    const deps = testDeps(store, () => new Date(now));
    const poller = new Poller(deps, new IngestService(deps), {
      limiter: new HostLimiter({ minIntervalMs: 0 }),
    });
    const sources = new SourceService(deps, poller);
    const unit = (await store.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id;
    await sources.create(SYSTEM, {
      key: 'odd',
      name: 'odd',
      type: 'feed',
      address: `${base}/odd-date.xml`,
      unit_id: unit,
    });
    expect((await poller.tick())[0]).toMatchObject({ ok: true, summary: { accepted: 1 } });
    const m = await store.db
      .selectFrom('mentions')
      .select(['title', 'published_at', 'published_raw'])
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({ title: '时间写法古怪', published_at: null });
  });
});
