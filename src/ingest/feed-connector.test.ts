// pollFeed against real HTTP servers on loopback: conditional GET, failures and recovery,
// encodings, broken feeds. Nothing is mocked below the socket.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, serveLoopback } from '../../test/loopback.ts';
import { pollFeed } from './feed-connector.ts';
import { HostLimiter } from './http-fetch.ts';

afterEach(closeLoopbackServers);

const serve = serveLoopback;

// Polls in these tests are not spaced: politeness is tested with the limiter itself.
const deps = (): { limiter: HostLimiter } => ({ limiter: new HostLimiter({ minIntervalMs: 0 }) });

const fixture = (name: string): Buffer =>
  readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures', name));

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>某省统计局的微博</title><link>https://weibo.com/1234567890/</link>
<item><title>发布：2024年一季度全省经济运行情况</title><link>https://weibo.com/1234567890/N1</link>
<description>&lt;p&gt;一季度全省地区生产总值同比增长5.3%。&lt;/p&gt;</description>
<pubDate>Thu, 18 Apr 2024 02:00:00 GMT</pubDate><author>某省统计局</author></item>
<item><title>统计开放日</title><link>https://weibo.com/1234567890/N2</link>
<description>欢迎参加统计开放日活动。</description></item>
</channel></rss>`;

describe('pollFeed', () => {
  it('reads a feed, then gets a 304 for the ETag it saved', async () => {
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === 'W/"abc"') {
        res.writeHead(304, { etag: 'W/"abc"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', etag: 'W/"abc"' });
      res.end(RSS);
    });
    const source = { key: 'rsshub-weibo-tjj', address: `${s.url}/weibo/user/1234567890` };
    const first = await pollFeed(source, deps());
    expect(first.state).toEqual({
      etag: 'W/"abc"',
      lastModified: null,
      notModified: false,
      httpStatus: 200,
      finalUrl: source.address,
    });
    expect(first.result.errors).toEqual([]);
    expect(first.result.items).toEqual([
      {
        id: 'https://weibo.com/1234567890/N1',
        source: 'rsshub-weibo-tjj',
        url: 'https://weibo.com/1234567890/N1',
        author: '某省统计局',
        title: '发布：2024年一季度全省经济运行情况',
        text: '<p>一季度全省地区生产总值同比增长5.3%。</p>',
        published_at: '2024-04-18T02:00:00.000Z',
      },
      expect.objectContaining({ title: '统计开放日', text: '欢迎参加统计开放日活动。' }),
    ]);
    // The Accept header asks for feeds.
    expect(s.requests[0]?.headers.accept).toContain('application/rss+xml');

    const second = await pollFeed({ ...source, etag: first.state.etag }, deps());
    expect(second.result).toEqual({ items: [], errors: [] });
    expect(second.state).toMatchObject({ notModified: true, etag: 'W/"abc"', httpStatus: 304 });
    expect(s.requests[1]?.headers['if-none-match']).toBe('W/"abc"');
  });

  it('uses Last-Modified when the server sends no ETag', async () => {
    const stamp = 'Thu, 18 Apr 2024 02:00:00 GMT';
    const s = await serve((req, res) => {
      if (req.headers['if-modified-since'] === stamp) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': stamp });
      res.end(RSS);
    });
    const source = { key: 'site', address: `${s.url}/rss.xml` };
    const first = await pollFeed(source, deps());
    expect(first.state).toMatchObject({ etag: null, lastModified: stamp });
    expect(first.result.items).toHaveLength(2);
    const second = await pollFeed({ ...source, lastModified: first.state.lastModified }, deps());
    expect(second.state).toMatchObject({ notModified: true, lastModified: stamp, etag: null });
    expect(second.result.items).toEqual([]);
  });

  it('reports a server error without throwing, and recovers on the next poll', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>Internal Server Error</h1>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml', etag: '"2"' });
      res.end(RSS);
    });
    const source = { key: 'site', address: `${s.url}/feed?key=s3cret`, etag: '"1"' };
    const failed = await pollFeed(source, deps());
    expect(failed.result.items).toEqual([]);
    expect(failed.result.errors).toEqual([
      { field: 'address', message: expect.stringContaining('HTTP 500') as string },
    ]);
    // The validators of the copy held are kept; the access key is not in the message.
    expect(failed.state).toMatchObject({ httpStatus: 500, etag: '"1"', notModified: false });
    expect(failed.state.error).toContain('HTTP 500');
    expect(failed.state.error).not.toContain('s3cret');

    const recovered = await pollFeed(source, deps());
    expect(recovered.state.error).toBeUndefined();
    expect(recovered.state.etag).toBe('"2"');
    expect(recovered.result.items).toHaveLength(2);
  });

  it('reports an unreachable feed and a timeout as errors', async () => {
    const silent = await serve(() => undefined);
    const timedOut = await pollFeed(
      { key: 'slow', address: `${silent.url}/feed` },
      { ...deps(), fetchOptions: { timeoutMs: 150 } },
    );
    expect(timedOut.state.error).toMatch(/no complete answer within 150 ms/);
    expect(timedOut.result.errors).toHaveLength(1);

    const gone = await serve(() => undefined);
    await gone.close();
    const refused = await pollFeed({ key: 'gone', address: `${gone.url}/feed` }, deps());
    expect(refused.state.error).toMatch(/refused/);
    expect(refused.state.httpStatus).toBeUndefined();
  });

  it('reads a gzip-compressed feed', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(RSS));
    });
    const poll = await pollFeed({ key: 'gz', address: `${s.url}/feed` }, deps());
    expect(poll.result.errors).toEqual([]);
    expect(poll.result.items.map((i) => i.title)).toEqual([
      '发布：2024年一季度全省经济运行情况',
      '统计开放日',
    ]);
  });

  it('reads a GBK feed by the charset of its Content-Type, resolving links at the final URL', async () => {
    // The XML declaration names no encoding: only the HTTP header says GBK.
    const gbk = fixture('pages/gbk-feed.xml');
    const s = await serve((req, res) => {
      if (req.url === '/rss') {
        res.writeHead(301, { location: '/tjj/rss.xml' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml; charset=gbk' });
      res.end(gbk);
    });
    const poll = await pollFeed({ key: 'city-tjj', address: `${s.url}/rss` }, deps());
    expect(poll.state).toMatchObject({ finalUrl: `${s.url}/tjj/rss.xml`, httpStatus: 200 });
    expect(poll.result.errors).toEqual([]);
    expect(poll.result.items).toEqual([
      {
        id: `${s.url}/tjj/tjxx/202404/t20240418_101.html`,
        source: 'city-tjj',
        url: `${s.url}/tjj/tjxx/202404/t20240418_101.html`,
        author: '综合科',
        title: '2024年一季度全市经济运行情况',
        text: '一季度，全市地区生产总值同比增长5.2%。',
        // No zone in the feed: Beijing time.
        published_at: '2024-04-18T02:00:00.000Z',
      },
      expect.objectContaining({ title: '关于开展第五次全国经济普查的公告' }),
    ]);
  });

  it('returns what it can read of a broken feed, with the problems', async () => {
    const broken = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>坏掉的源</title>
<item><title>第一条 & 未转义</title><link>http://x.example/1</link><description>正文一</description></item>
<item><title>第二条</title><link>http://x.example/2</link><description>正文二</description></item>
<item><link>http://x.example/3</link></item>
<item><title>第四条</title><link>http://x.example/4</link><description>正文四`;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(broken);
    });
    const poll = await pollFeed({ key: 'broken', address: `${s.url}/feed` }, deps());
    expect(poll.result.items.map((i) => i.url)).toEqual([
      'http://x.example/1',
      'http://x.example/2',
      'http://x.example/4',
    ]);
    const messages = poll.result.errors.map((e) => e.message);
    expect(messages.some((m) => m.includes('not well-formed XML'))).toBe(true);
    expect(poll.result.errors).toContainEqual(expect.objectContaining({ index: 2, field: 'text' }));
    // The feed was read: the poll did not fail.
    expect(poll.state.error).toBeUndefined();
  });

  it('says so when the address serves something that is not a feed', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body><p>请先登录</p></body></html>');
    });
    const poll = await pollFeed({ key: 'html', address: `${s.url}/login` }, deps());
    expect(poll.result.items).toEqual([]);
    expect(poll.state.error).toMatch(/is not a feed/);
    expect(poll.result.errors.length).toBeGreaterThan(0);
  });

  it('waits for the limiter before each request to the host', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(RSS);
    });
    const sleeps: number[] = [];
    let now = 0;
    const limiter = new HostLimiter({
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    await pollFeed({ key: 'a', address: `${s.url}/a` }, { limiter });
    await pollFeed({ key: 'b', address: `${s.url}/b` }, { limiter });
    expect(sleeps).toEqual([2_000]);
    expect(s.requests).toHaveLength(2);
  });
});
