// fetchResource against real HTTP servers on loopback; HostLimiter and back-off with a fake clock.
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, serveLoopback } from '../../test/loopback.ts';
import {
  fetchResource,
  HostLimiter,
  isPrivateAddress,
  MAX_HOST_INTERVAL_MS,
  nextAttemptDelay,
  parseRetryAfter,
  redactUrl,
} from './http-fetch.ts';

afterEach(closeLoopbackServers);

const serve = serveLoopback;

describe('fetchResource', () => {
  it('GETs a body with a User-Agent naming Yuqing and the encodings it reads', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-two': ['a', 'b'] });
      res.end('统计');
    });
    const r = await fetchResource(`${s.url}/a?x=1#frag`);
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      finalUrl: `${s.url}/a?x=1`,
      notModified: false,
      truncated: false,
      remoteAddress: '127.0.0.1',
    });
    if (!r.ok) return;
    expect(new TextDecoder().decode(r.bytes)).toBe('统计');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['x-two']).toBe('a, b');
    const headers = s.requests[0]?.headers;
    expect(headers?.['user-agent']).toMatch(/Yuqing\/[\d.]+; \+https?:\/\//);
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('sends If-None-Match and If-Modified-Since, and reports a 304 as notModified', async () => {
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Mon, 18 Mar 2024 02:00:00 GMT' });
      res.end('body');
    });
    const first = await fetchResource(s.url);
    expect(first).toMatchObject({ ok: true, status: 200, notModified: false });
    const second = await fetchResource(s.url, {
      etag: '"v1"',
      lastModified: 'Mon, 18 Mar 2024 02:00:00 GMT',
    });
    expect(second).toMatchObject({ ok: true, status: 304, notModified: true });
    if (second.ok) expect(second.bytes).toHaveLength(0);
    expect(s.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(s.requests[1]?.headers['if-modified-since']).toBe('Mon, 18 Mar 2024 02:00:00 GMT');
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const s = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    const r = await fetchResource(s.url, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    if (!r.ok) expect(r.error.message).toContain('200 ms');
  });

  it('counts the timeout over the whole request, body included', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // A trickle: each chunk is quick, the whole never ends.
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const r = await fetchResource(s.url, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('stops reading an endless body at the size limit', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
    });
    const r = await fetchResource(s.url, { maxBytes: 100_000 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'too_large' } });
    if (!r.ok) expect(r.error.message).toContain('100000');
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10_000_000) });
      res.write('x');
    });
    const r = await fetchResource(s.url, { maxBytes: 1_000 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'too_large' } });
  });

  it('keeps the first maxBytes when asked to truncate', async () => {
    const s = await serve((_req, res) => {
      res.end('a'.repeat(5000));
    });
    const r = await fetchResource(s.url, { maxBytes: 1000, truncate: true });
    expect(r).toMatchObject({ ok: true, truncated: true });
    if (r.ok) expect(r.bytes).toHaveLength(1000);
  });

  it('stops a decompression bomb at the limit (counted after decompression)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const r = await fetchResource(s.url, { maxBytes: 1024 * 1024 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'too_large' } });
  });

  it('decompresses gzip, deflate (zlib and raw) and brotli', async () => {
    const text = '全省规模以上工业增加值同比增长5.1%。'.repeat(50);
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: (b) => zlib.gzipSync(b),
      deflate: (b) => zlib.deflateSync(b),
      'raw-deflate': (b) => zlib.deflateRawSync(b),
      br: (b) => zlib.brotliCompressSync(b),
    };
    const s = await serve((req, res) => {
      const name = (req.url ?? '/').slice(1);
      const encode = encoders[name];
      if (encode === undefined) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-encoding': name === 'raw-deflate' ? 'deflate' : name });
      res.end(encode(Buffer.from(text)));
    });
    for (const name of Object.keys(encoders)) {
      const r = await fetchResource(`${s.url}/${name}`);
      expect(r.ok, name).toBe(true);
      if (r.ok) expect(new TextDecoder().decode(r.bytes), name).toBe(text);
    }
  });

  it('follows redirects (relative ones too) and reports the final address', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/moved' });
        res.end();
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: `http://127.0.0.1:${s.port}/final?x=1` });
        res.end('redirect body is ignored');
      } else {
        res.end('here');
      }
    });
    const r = await fetchResource(`${s.url}/old`);
    expect(r).toMatchObject({ ok: true, status: 200, finalUrl: `${s.url}/final?x=1` });
    expect(s.requests.map((q) => q.url)).toEqual(['/old', '/moved', '/final?x=1']);
  });

  it('stops a redirect loop after five redirects', async () => {
    const s = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const r = await fetchResource(`${s.url}/a`);
    expect(r).toMatchObject({ ok: false, error: { kind: 'http', status: 302 } });
    if (!r.ok) expect(r.error.message).toContain('more than 5 redirects');
    // The first request and five redirects followed.
    expect(s.requests).toHaveLength(6);
  });

  it('refuses redirects and addresses that are not http(s)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    const r = await fetchResource(s.url);
    expect(r).toMatchObject({ ok: false, error: { kind: 'blocked' } });
    expect(await fetchResource('ftp://example.org/feed.xml')).toMatchObject({
      ok: false,
      error: { kind: 'blocked' },
    });
    expect(await fetchResource('not a url')).toMatchObject({
      ok: false,
      error: { kind: 'blocked' },
    });
  });

  it('reports HTTP errors with their status and Retry-After', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '120' });
        res.end('busy');
      } else {
        res.writeHead(500);
        res.end('oops');
      }
    });
    expect(await fetchResource(`${s.url}/x`)).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 500 },
    });
    expect(await fetchResource(`${s.url}/busy`)).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 503, retryAfterSeconds: 120 },
    });
  });

  it('reports a refused connection as a network error', async () => {
    const s = await serve(() => undefined);
    await s.close();
    const r = await fetchResource(s.url);
    expect(r).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!r.ok) expect(r.error.message).toContain('refused');
  });

  it('refuses non-public addresses when asked, also behind a DNS name', async () => {
    const s = await serve((_req, res) => res.end('intranet'));
    expect(await fetchResource(s.url, { blockPrivateAddresses: true })).toMatchObject({
      ok: false,
      error: { kind: 'blocked' },
    });
    const byName = await fetchResource(`http://localhost:${s.port}/`, {
      blockPrivateAddresses: true,
    });
    expect(byName).toMatchObject({ ok: false, error: { kind: 'blocked' } });
    expect(s.requests).toHaveLength(0);
  });

  it('can be cancelled', async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await fetchResource(s.url, { signal: controller.signal });
    expect(r).toMatchObject({ ok: false, error: { kind: 'network', message: /cancelled/ } });
  });
});

describe('helpers', () => {
  it('tells public addresses from the others', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '100.64.0.1', '0.0.0.0']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['202.108.22.5', '8.8.8.8', '2400:3200::1', '::ffff:202.108.22.5']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it('redacts credentials in addresses used in messages', () => {
    expect(redactUrl('https://rsshub.example.org/weibo/user/1?key=s3cret&limit=5')).toBe(
      'https://rsshub.example.org/weibo/user/1?key=***&limit=5',
    );
    expect(redactUrl('https://u:p@example.org/x')).toBe('https://***@example.org/x');
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('HostLimiter', () => {
  function fakeClock(): {
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    sleeps: number[];
  } {
    let t = 1_000_000;
    const sleeps: number[] = [];
    return {
      now: () => t,
      sleep: (ms) => {
        sleeps.push(ms);
        t += ms;
        return Promise.resolve();
      },
      sleeps,
    };
  }

  it('spaces requests to one host and queues them in order', async () => {
    const clock = fakeClock();
    const limiter = new HostLimiter({ now: clock.now, sleep: clock.sleep });
    const started: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        await limiter.acquire(`http://tjj.example.gov.cn/${name}`);
        started.push(name);
      }),
    );
    // The first goes at once; the others wait 2 s and 4 s from the moment they asked.
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('does not delay requests to different hosts', async () => {
    const clock = fakeClock();
    const limiter = new HostLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('http://a.example.org/1');
    await limiter.acquire('https://b.example.org/1');
    await limiter.acquire('http://c.example.org:8080/1');
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire('http://a.example.org/2');
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('lets a host ask for a longer interval (Crawl-delay), within a cap', async () => {
    const clock = fakeClock();
    const limiter = new HostLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.setHostInterval('http://slow.example.org/', 10_000);
    limiter.setHostInterval('http://greedy.example.org/', 3_600_000);
    limiter.setHostInterval('http://fast.example.org/', 100);
    expect(limiter.intervalFor('http://slow.example.org/x')).toBe(10_000);
    expect(limiter.intervalFor('http://greedy.example.org/x')).toBe(MAX_HOST_INTERVAL_MS);
    expect(limiter.intervalFor('http://fast.example.org/x')).toBe(2_000);
    await limiter.acquire('http://slow.example.org/1');
    await limiter.acquire('http://slow.example.org/2');
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('spaces real requests to one server, and not to another host name', async () => {
    const s = await serve((_req, res) => res.end('ok'));
    const limiter = new HostLimiter({ minIntervalMs: 300 });
    const get = async (url: string): Promise<number> => {
      await limiter.acquire(url);
      const at = Date.now();
      await fetchResource(url);
      return at;
    };
    const t0 = Date.now();
    const [a, b, c] = await Promise.all([
      get(`${s.url}/1`),
      get(`${s.url}/2`),
      // The same server under another name is another host to the limiter.
      get(`http://localhost:${s.port}/3`),
    ]);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(290);
    expect((c ?? 0) - t0).toBeLessThan(250);
  });
});

describe('nextAttemptDelay', () => {
  it('is zero without failures and doubles per failure', () => {
    const top = (): number => 1;
    expect(nextAttemptDelay(0)).toBe(0);
    expect(nextAttemptDelay(1, 60_000, 6 * 3_600_000, top)).toBe(60_000);
    expect(nextAttemptDelay(2, 60_000, 6 * 3_600_000, top)).toBe(120_000);
    expect(nextAttemptDelay(3, 60_000, 6 * 3_600_000, top)).toBe(240_000);
    expect(nextAttemptDelay(6, 60_000, 6 * 3_600_000, top)).toBe(1_920_000);
  });

  it('stops growing at the cap, even after very many failures', () => {
    const top = (): number => 1;
    expect(nextAttemptDelay(9, 60_000, 6 * 3_600_000, top)).toBe(15_360_000);
    expect(nextAttemptDelay(10, 60_000, 6 * 3_600_000, top)).toBe(6 * 3_600_000);
    expect(nextAttemptDelay(10_000, 60_000, 6 * 3_600_000, top)).toBe(6 * 3_600_000);
    expect(nextAttemptDelay(10_000)).toBeLessThanOrEqual(6 * 3_600_000);
  });

  it('jitters within the upper half, deterministically for a given random', () => {
    expect(nextAttemptDelay(3, 60_000, 6 * 3_600_000, () => 0)).toBe(120_000);
    expect(nextAttemptDelay(3, 60_000, 6 * 3_600_000, () => 0.5)).toBe(180_000);
    for (let i = 0; i < 100; i++) {
      const d = nextAttemptDelay(4);
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(480_000);
    }
  });
});
