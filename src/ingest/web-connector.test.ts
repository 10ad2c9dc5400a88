// pollWebList against a real site on loopback: list page and selectors, Readability, GBK pages,
// robots.txt (rules, 404, 503), seen articles, broken articles, limits.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, serveLoopback } from '../../test/loopback.ts';
import { HostLimiter } from './http-fetch.ts';
import { RobotsCache } from './robots.ts';
import { pollWebList } from './web-connector.ts';
import type { WebListConfig } from './web-connector.ts';

interface Page {
  status?: number;
  type?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

afterEach(closeLoopbackServers);

/** A site serving fixed pages; anything else is a 404. */
async function site(pages: Record<string, Page | ((req: http.IncomingMessage) => Page)>) {
  const hits: string[] = []; // paths requested, in order
  const server = await serveLoopback((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    const entry = pages[url];
    const page = typeof entry === 'function' ? entry(req) : entry;
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>404</h1>');
      return;
    }
    res.writeHead(page.status ?? 200, {
      'content-type': page.type ?? 'text/html; charset=utf-8',
      ...page.headers,
    });
    res.end(page.body);
  });
  return { url: server.url, hits, close: server.close };
}

const fixture = (name: string): Buffer =>
  readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/pages', name));

const deps = () => ({
  limiter: new HostLimiter({ minIntervalMs: 0 }),
  robots: new RobotsCache(),
});

const listPage = (links: string[]): Page => ({
  body: `<!doctype html><html><head><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/about.html">关于我们</a></div>
<ul class="list">${links.map((l) => `<li>${l}</li>`).join('\n')}</ul>
<div class="pager"><a href="list_2.html">下一页</a></div></body></html>`,
});

const articlePage = (title: string, body: string, extra = ''): Page => ({
  body: `<!doctype html><html><head><title>${title} - 某省统计局</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<h1 class="art-title">${title}</h1>
<div class="art-info"><span class="art-author">作者：办公室</span>
<span class="art-time">发布时间：2024-03-18 10:00\u3000来源：某省统计局</span></div>
<div class="art-content"><p>${body}</p><script>track()</script>${extra}</div>
<div class="footer">版权所有</div></body></html>`,
});

const SELECTORS: WebListConfig = {
  itemSelector: 'ul.list li a',
  titleSelector: 'h1.art-title',
  contentSelector: '.art-content',
  authorSelector: '.art-author',
  timeSelector: '.art-time',
};

describe('pollWebList', () => {
  it('collects article links with the selector and extracts articles with selectors', async () => {
    const s = await site({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /admin/\n' },
      '/tzgg/': listPage([
        '<a href="t20240318_1.html" title="关于2024年统计执法检查的通知">关于2024年统计执法…</a>',
        '<a href="/tzgg/t20240301_2.html?spm=a.b.c">三月统计开放日</a>',
        // The same article again (tracking parameter only), and an attachment.
        '<a href="t20240318_1.html?from=timeline">重复</a>',
        '<a href="files/附件1.pdf">附件1</a>',
      ]),
      '/tzgg/t20240318_1.html': articlePage(
        '关于2024年统计执法检查的通知',
        '各市州统计局：现将有关事项通知如下。',
        '<img src="img/1.png">',
      ),
      '/tzgg/t20240301_2.html?spm=a.b.c': articlePage('三月统计开放日', '欢迎参观。'),
    });
    const poll = await pollWebList(
      { key: 'tjj-tzgg', address: `${s.url}/tzgg/`, config: SELECTORS },
      deps(),
    );
    expect(poll.result.errors).toEqual([]);
    expect(poll.result.items).toEqual([
      {
        id: `${s.url}/tzgg/t20240318_1.html`,
        source: 'tjj-tzgg',
        url: `${s.url}/tzgg/t20240318_1.html`,
        title: '关于2024年统计执法检查的通知',
        // The selected element's HTML, script removed, links made absolute.
        text: `<p>各市州统计局：现将有关事项通知如下。</p><img src="${s.url}/tzgg/img/1.png">`,
        author: '作者：办公室',
        // The date out of a line of labels.
        published_at: '2024-03-18 10:00',
      },
      expect.objectContaining({
        // The canonical URL drops the tracking parameter; the URL fetched keeps it.
        id: `${s.url}/tzgg/t20240301_2.html`,
        url: `${s.url}/tzgg/t20240301_2.html?spm=a.b.c`,
        title: '三月统计开放日',
      }),
    ]);
    expect(poll.state).toMatchObject({
      links: 3,
      fetched: 2,
      skippedNotHtml: 1,
      skippedSeen: 0,
      failed: 0,
      deferred: 0,
    });
    expect(s.hits).not.toContain('/tzgg/files/%E9%99%84%E4%BB%B61.pdf');
  });

  it('skips articles already seen, asking with the canonical URL', async () => {
    const s = await site({
      '/list': listPage(['<a href="/a/1.html">一</a>', '<a href="/a/2.html?utm_source=x">二</a>']),
      '/a/1.html': articlePage('一', '正文一'),
      '/a/2.html?utm_source=x': articlePage('二', '正文二'),
    });
    const asked: string[] = [];
    const poll = await pollWebList(
      {
        key: 'k',
        address: `${s.url}/list`,
        config: SELECTORS,
        seen: (url) => {
          asked.push(url);
          return Promise.resolve(url.endsWith('/a/2.html'));
        },
      },
      deps(),
    );
    expect(asked).toEqual([`${s.url}/a/1.html`, `${s.url}/a/2.html`]);
    expect(poll.result.items.map((i) => i.title)).toEqual(['一']);
    expect(poll.state).toMatchObject({ skippedSeen: 1, fetched: 1 });
    expect(s.hits).not.toContain('/a/2.html?utm_source=x');
  });

  it('extracts an article without selectors with Readability', async () => {
    const s = await site({
      '/gzdt/': listPage(['<a href="/gzdt/202405/t20240520_1.html">部署会</a>']),
      '/gzdt/202405/t20240520_1.html': { body: fixture('article-readability.html') },
    });
    const poll = await pollWebList(
      { key: 'gzdt', address: `${s.url}/gzdt/`, config: { itemSelector: '.list a' } },
      deps(),
    );
    expect(poll.result.errors).toEqual([]);
    const [item] = poll.result.items;
    expect(item).toMatchObject({
      id: `${s.url}/gzdt/202405/t20240520_1.html`,
      // The heading, not <title> with the column and site names.
      title: '省统计局召开2024年统计执法检查工作部署会',
      author: '执法监督局',
      // From <meta name="PubDate">, as Chinese CMSs publish it.
      published_at: '2024-05-20 15:30',
    });
    expect(item?.text).toContain('依法查处统计造假、弄虚作假案件');
    expect(item?.text).toContain(`href="${s.url}/gzdt/202405/files/2024-plan.html"`);
    // Navigation, sidebar and footer are left out.
    expect(item?.text).not.toContain('政务公开');
    expect(item?.text).not.toContain('备案号');
    expect(item?.text).not.toContain('国家统计局');
  });

  it('reads GBK pages that declare gb2312 only in a <meta>', async () => {
    const s = await site({
      '/tjsj/': { type: 'text/html', body: fixture('gbk-list.html.gbk') },
      '/tjsj/t20240418_101.html': { type: 'text/html', body: fixture('gbk-article.html.gbk') },
      '/tjsj/t20240315_95.html': {
        type: 'text/html',
        body: fixture('gbk-article.html.gbk'),
      },
    });
    const poll = await pollWebList(
      {
        key: 'city',
        address: `${s.url}/tjsj/`,
        config: { itemSelector: 'ul.news-list a', maxItems: 1 },
      },
      deps(),
    );
    expect(poll.result.errors).toEqual([]);
    expect(poll.result.items).toHaveLength(1);
    const [item] = poll.result.items;
    expect(item?.title).toBe('2024年一季度全市经济运行情况');
    expect(item?.text).toContain('全市地区生产总值同比增长5.2%');
    expect(item?.text).not.toContain('\ufffd');
    // maxItems: the second article waits for the next poll, so the list must be read again.
    expect(poll.state).toMatchObject({ deferred: 1, fetched: 1, etag: null });
  });

  it('skips and reports an article that robots.txt disallows, and fetches the rest', async () => {
    const s = await site({
      '/robots.txt': {
        type: 'text/plain',
        body: 'User-agent: *\nDisallow: /internal/\n\nUser-agent: Baiduspider\nDisallow: /\n',
      },
      '/news/': listPage([
        '<a href="/news/1.html">公开</a>',
        '<a href="/internal/2.html">内部</a>',
        '<a href="/news/3.html">公开三</a>',
      ]),
      '/news/1.html': articlePage('公开', '正文一'),
      '/internal/2.html': articlePage('内部', '不应抓取'),
      '/news/3.html': articlePage('公开三', '正文三'),
    });
    const poll = await pollWebList(
      { key: 'k', address: `${s.url}/news/`, config: SELECTORS },
      deps(),
    );
    expect(poll.result.items.map((i) => i.title)).toEqual(['公开', '公开三']);
    expect(poll.result.errors).toEqual([
      {
        index: 1,
        field: 'url',
        message: expect.stringMatching(/internal\/2\.html not fetched: .*Disallow: \/internal\//),
      },
    ]);
    expect(poll.state).toMatchObject({ skippedRobots: 1, fetched: 2 });
    expect(s.hits).not.toContain('/internal/2.html');
    // robots.txt read once for the whole poll.
    expect(s.hits.filter((h) => h === '/robots.txt')).toHaveLength(1);
  });

  it('crawls when robots.txt is missing (404)', async () => {
    const s = await site({
      '/robots.txt': { status: 404, body: 'not found' },
      '/list': listPage(['<a href="/a.html">甲</a>']),
      '/a.html': articlePage('甲', '正文'),
    });
    const poll = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS },
      deps(),
    );
    expect(poll.result.items).toHaveLength(1);
    expect(poll.state.error).toBeUndefined();
  });

  it('fetches nothing while robots.txt answers 503', async () => {
    const s = await site({
      '/robots.txt': { status: 503, type: 'text/plain', body: 'maintenance' },
      '/list': listPage(['<a href="/a.html">甲</a>']),
      '/a.html': articlePage('甲', '正文'),
    });
    const poll = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS },
      deps(),
    );
    expect(poll.result.items).toEqual([]);
    expect(poll.state.error).toMatch(/not fetched: .*503/);
    expect(poll.result.errors).toHaveLength(1);
    expect(s.hits).toEqual(['/robots.txt']);
  });

  it('reports a broken article and still returns the others', async () => {
    const s = await site({
      '/list': listPage([
        '<a href="/ok1.html">好一</a>',
        '<a href="/boom.html">坏</a>',
        '<a href="/nolayout.html">改版</a>',
        '<a href="/ok2.html">好二</a>',
      ]),
      '/ok1.html': articlePage('好一', '正文一'),
      '/boom.html': { status: 500, body: 'error' },
      '/nolayout.html': {
        body: '<html><body><div class="new-layout">新版页面</div></body></html>',
      },
      '/ok2.html': articlePage('好二', '正文二'),
    });
    const poll = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS, etag: '"old"' },
      deps(),
    );
    expect(poll.result.items.map((i) => i.title)).toEqual(['好一', '好二']);
    expect(poll.result.errors).toEqual([
      { index: 1, field: 'url', message: expect.stringContaining('HTTP 500') as string },
      {
        index: 2,
        field: 'text',
        message: expect.stringContaining(
          'contentSelector ".art-content" matched nothing',
        ) as string,
      },
    ]);
    expect(poll.state).toMatchObject({ fetched: 2, failed: 2, etag: null });
    expect(poll.state.error).toBeUndefined();
  });

  it('reads an unchanged list page as a 304 and fetches no article', async () => {
    const s = await site({
      '/list': (req) =>
        req.headers['if-none-match'] === '"L1"'
          ? { status: 304, body: '' }
          : { ...listPage(['<a href="/a.html">甲</a>']), headers: { etag: '"L1"' } },
      '/a.html': articlePage('甲', '正文'),
    });
    const first = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS },
      deps(),
    );
    // Every link was dealt with, so the validator can be kept.
    expect(first.state).toMatchObject({ etag: '"L1"', fetched: 1 });
    s.hits.length = 0;
    const second = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS, etag: first.state.etag },
      deps(),
    );
    expect(second.state).toMatchObject({ notModified: true, etag: '"L1"' });
    expect(second.result).toEqual({ items: [], errors: [] });
    expect(s.hits.filter((h) => h !== '/robots.txt')).toEqual(['/list']);
  });

  it('reports a list page it cannot use', async () => {
    const s = await site({
      '/list': listPage(['<a href="/a.html">甲</a>']),
    });
    const noMatch = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: { itemSelector: '.nothing a' } },
      deps(),
    );
    expect(noMatch.result.errors).toEqual([
      {
        field: 'config.itemSelector',
        message: expect.stringContaining('found no links') as string,
      },
    ]);
    expect(noMatch.state.error).toMatch(/found no links/);
    const invalid = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: { itemSelector: 'ul[[[' } },
      deps(),
    );
    expect(invalid.state.error).toMatch(/not a valid CSS selector/);
    const missing = await pollWebList(
      { key: 'k', address: `${s.url}/nowhere`, config: SELECTORS },
      deps(),
    );
    expect(missing.state).toMatchObject({ httpStatus: 404 });
    expect(missing.state.error).toMatch(/HTTP 404/);
    const badConfig = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: { itemSelector: '' } },
      deps(),
    );
    expect(badConfig.state.error).toMatch(/config\.itemSelector/);
  });

  it('spaces its requests to the site with the limiter', async () => {
    const s = await site({
      '/list': listPage(['<a href="/a.html">甲</a>', '<a href="/b.html">乙</a>']),
      '/a.html': articlePage('甲', '正文'),
      '/b.html': articlePage('乙', '正文'),
    });
    const sleeps: number[] = [];
    let now = 0;
    const limiter = new HostLimiter({
      minIntervalMs: 1_000,
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    const poll = await pollWebList(
      { key: 'k', address: `${s.url}/list`, config: SELECTORS },
      { limiter, robots: new RobotsCache({ limiter }) },
    );
    expect(poll.result.items).toHaveLength(2);
    // robots.txt, the list, two articles: three waits of a second.
    expect(s.hits).toEqual(['/robots.txt', '/list', '/a.html', '/b.html']);
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
  });
});
