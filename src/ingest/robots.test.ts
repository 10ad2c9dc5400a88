// robots.txt: parsing and matching (RFC 9309 and the forms seen in the wild), and the per-origin
// cache against real servers: rules, 404 (allow all), 5xx and unreachable (disallow all).
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, serveLoopback } from '../../test/loopback.ts';
import { HostLimiter } from './http-fetch.ts';
import { checkPolicy, parseRobots, patternMatches, policyFor, RobotsCache } from './robots.ts';

const allowed = (robots: string, url: string, token?: string): boolean =>
  checkPolicy(policyFor(parseRobots(robots), token), url).allowed;

describe('parseRobots and checkPolicy', () => {
  it('uses the group naming Yuqing rather than *', () => {
    const txt = [
      'User-agent: *',
      'Disallow: /',
      '',
      'User-agent: Baiduspider',
      'User-agent: yuqing',
      'Disallow: /admin/',
    ].join('\n');
    expect(allowed(txt, 'http://x.example/news/1.html')).toBe(true);
    expect(allowed(txt, 'http://x.example/admin/login')).toBe(false);
    // Another crawler falls back to *.
    expect(allowed(txt, 'http://x.example/news/1.html', 'OtherBot')).toBe(false);
  });

  it('matches the product token case-insensitively, ignoring a version', () => {
    const txt = 'User-agent: YUQING/1.0\nDisallow: /x\n\nUser-agent: *\nDisallow: /';
    expect(allowed(txt, 'http://x.example/y')).toBe(true);
    expect(allowed(txt, 'http://x.example/x1')).toBe(false);
  });

  it('merges several groups for the same agent', () => {
    const txt = 'User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n';
    expect(allowed(txt, 'http://x.example/a')).toBe(false);
    expect(allowed(txt, 'http://x.example/b')).toBe(false);
    expect(allowed(txt, 'http://x.example/c')).toBe(true);
  });

  it('lets the longest match win, and Allow win a tie', () => {
    const txt = [
      'User-agent: *',
      'Disallow: /zwgk/',
      'Allow: /zwgk/tzgg/',
      'Disallow: /zwgk/tzgg/internal',
      'Allow: /same',
      'Disallow: /same',
    ].join('\n');
    expect(allowed(txt, 'http://x.example/zwgk/other.html')).toBe(false);
    expect(allowed(txt, 'http://x.example/zwgk/tzgg/1.html')).toBe(true);
    expect(allowed(txt, 'http://x.example/zwgk/tzgg/internal/2.html')).toBe(false);
    expect(allowed(txt, 'http://x.example/same')).toBe(true);
    const decision = checkPolicy(
      policyFor(parseRobots(txt)),
      'http://x.example/zwgk/tzgg/internal/2.html',
    );
    expect(decision.rule).toEqual({ allow: false, path: '/zwgk/tzgg/internal' });
    expect(decision.reason).toContain('Disallow: /zwgk/tzgg/internal');
  });

  it('reads * and $ in patterns, and matches the query too', () => {
    const txt = [
      'User-agent: *',
      'Disallow: /*.pdf$',
      'Disallow: /*?sessionid=',
      'Disallow: /search',
      'Allow: /search$',
    ].join('\n');
    expect(allowed(txt, 'http://x.example/files/a.pdf')).toBe(false);
    expect(allowed(txt, 'http://x.example/files/a.pdf?x=1')).toBe(true);
    expect(allowed(txt, 'http://x.example/list?sessionid=9&page=2')).toBe(false);
    // A pattern is literal apart from * and $: `?sessionid=` is not `&sessionid=`.
    expect(allowed(txt, 'http://x.example/list?page=2&sessionid=9')).toBe(true);
    expect(allowed(txt, 'http://x.example/search')).toBe(true);
    expect(allowed(txt, 'http://x.example/search?q=统计')).toBe(false);
  });

  it('compares percent-encoded and non-ASCII paths alike', () => {
    const txt = 'User-agent: *\nDisallow: /统计公报/\nDisallow: /%7euser/';
    expect(allowed(txt, 'http://x.example/统计公报/2023.html')).toBe(false);
    expect(allowed(txt, 'http://x.example/%E7%BB%9F%E8%AE%A1%E5%85%AC%E6%8A%A5/2023.html')).toBe(
      false,
    );
    expect(allowed(txt, 'http://x.example/~user/a')).toBe(false);
  });

  it('reads comments, blank lines, misspelt fields, Sitemap and Crawl-delay', () => {
    const txt = [
      '\ufeff# robots for x',
      'Disallow: /before-any-group',
      'user-agent: *   # everyone',
      'Dissallow: /private',
      'Crawl-delay: 5',
      'Disallow:',
      'Sitemap: http://x.example/sitemap.xml',
      'nonsense line',
    ].join('\r\n');
    const robots = parseRobots(txt);
    expect(robots.sitemaps).toEqual(['http://x.example/sitemap.xml']);
    expect(robots.groups).toEqual([
      { userAgents: ['*'], rules: [{ allow: false, path: '/private' }], crawlDelaySeconds: 5 },
    ]);
    expect(allowed(txt, 'http://x.example/before-any-group')).toBe(true);
    expect(policyFor(robots).crawlDelaySeconds).toBe(5);
  });

  it('allows everything when no group applies, and always allows /robots.txt', () => {
    expect(allowed('User-agent: OtherBot\nDisallow: /', 'http://x.example/a')).toBe(true);
    expect(allowed('', 'http://x.example/a')).toBe(true);
    expect(allowed('User-agent: *\nDisallow: /', 'http://x.example/robots.txt')).toBe(true);
  });

  it('matches hostile patterns in bounded time', () => {
    const pattern = `/${'*a'.repeat(40)}b`;
    const path = `/${'a'.repeat(5000)}`;
    const started = Date.now();
    expect(patternMatches(pattern, path)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

afterEach(closeLoopbackServers);

async function robotsServer(status: number, body = '') {
  const s = await serveLoopback((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  });
  return { ...s, hits: () => s.requests.filter((r) => r.url === '/robots.txt').length };
}

describe('RobotsCache', () => {
  it('fetches robots.txt once per origin and applies it', async () => {
    const s = await robotsServer(200, 'User-agent: *\nDisallow: /private/\nCrawl-delay: 7\n');
    const limiter = new HostLimiter({ minIntervalMs: 0 });
    const cache = new RobotsCache({ limiter });
    const [a, b] = await Promise.all([
      cache.check(`${s.url}/news/1.html`),
      cache.check(`${s.url}/private/2.html`),
    ]);
    expect(a.allowed).toBe(true);
    expect(b).toMatchObject({ allowed: false, rule: { allow: false, path: '/private/' } });
    expect(s.hits()).toBe(1);
    // Crawl-delay reaches the limiter.
    expect(limiter.intervalFor(s.url)).toBe(7_000);
  });

  it('reads again when the entry has expired', async () => {
    const s = await robotsServer(200, 'User-agent: *\nDisallow: /x\n');
    let now = 0;
    const cache = new RobotsCache({ ttlMs: 1_000, now: () => now });
    await cache.check(`${s.url}/a`);
    now = 500;
    await cache.check(`${s.url}/b`);
    expect(s.hits()).toBe(1);
    now = 1_500;
    await cache.check(`${s.url}/c`);
    expect(s.hits()).toBe(2);
  });

  it('allows everything when robots.txt is missing (404)', async () => {
    const s = await robotsServer(404, 'not found');
    const decision = await new RobotsCache().check(`${s.url}/anything`);
    expect(decision.allowed).toBe(true);
    expect(decision.reason).toContain('404');
  });

  it('disallows everything while robots.txt answers 5xx, and tries again later', async () => {
    const s = await robotsServer(503, 'down');
    let now = 0;
    const cache = new RobotsCache({ failureTtlMs: 60_000, now: () => now });
    const decision = await cache.check(`${s.url}/news/1.html`);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('503');
    await cache.check(`${s.url}/news/2.html`);
    expect(s.hits()).toBe(1);
    now = 61_000;
    await cache.check(`${s.url}/news/3.html`);
    expect(s.hits()).toBe(2);
  });

  it('disallows everything when robots.txt is unreachable', async () => {
    const s = await robotsServer(200);
    await s.close();
    const decision = await new RobotsCache().check(`${s.url}/news/1.html`);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('unreachable');
  });
});
