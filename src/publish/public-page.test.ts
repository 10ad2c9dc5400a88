import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import {
  excerpt,
  formatShanghaiTime,
  renderReleaseList,
  renderReleasePage,
  rfc3339,
} from './public-page.ts';
import { releaseHeading, releaseHtml } from './release-text.ts';
import { content, release } from './test-fixtures.ts';

const BASE = 'https://yuqing.example.gov.cn';
const SITE = '某市人民政府权威信息发布';

function dom(html: string) {
  return parseHTML(html).document;
}

type Doc = ReturnType<typeof dom>;

function items(doc: Doc) {
  return [...doc.querySelectorAll('main article[data-release-id]')];
}

/** The same fragment as the browser would serialise it, to compare markup with markup. */
function normalised(fragment: string): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="x"></div></body></html>');
  const div = document.getElementById('x');
  div.innerHTML = fragment;
  return div.innerHTML as string;
}

function expectDocument(doc: Doc, html: string): void {
  expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
  expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
  expect(doc.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8');
  expect(doc.querySelector('meta[name="viewport"]')).not.toBeNull();
  expect(doc.querySelectorAll('style')).toHaveLength(1);
  expect(doc.querySelector('style')?.textContent).toContain('@media print');
  expect(doc.querySelectorAll('script')).toHaveLength(0);
  expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  const feed = doc.querySelector('link[rel="alternate"][type="application/atom+xml"]');
  expect(feed?.getAttribute('href')).toBe(`${BASE}/releases/feed.xml`);
}

describe('times', () => {
  it('shows Beijing time in Chinese and keeps an RFC 3339 instant for machines', () => {
    expect(formatShanghaiTime('2026-11-29T07:04:00Z')).toBe('2026年11月29日 15:04');
    expect(formatShanghaiTime('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
    expect(formatShanghaiTime('2026-03-05T09:04:00+08:00')).toBe('2026年3月5日 09:04');
    expect(formatShanghaiTime('不是时间')).toBe('不是时间');
    expect(rfc3339('2026-11-29T15:04:00+08:00')).toBe('2026-11-29T07:04:00Z');
    expect(rfc3339('2026-11-29T07:04:00.250Z')).toBe('2026-11-29T07:04:00.250Z');
  });

  it('cuts an excerpt by characters, not UTF-16 units', () => {
    expect(excerpt('😀😀😀', 2)).toBe('😀😀…');
    expect(excerpt(' a\n\n b ', 10)).toBe('a b');
  });
});

describe('renderReleaseList', () => {
  const older = release({ id: 'older', publishedAt: '2026-11-28T01:00:00Z' });
  const qa = release({
    id: 'qa',
    unitName: '某区应急管理局',
    content: content({
      kind: 'qa',
      title: '停水答问',
      qa: [{ question: '何时恢复？', answer: '18时前。' }],
    }),
    publishedAt: '2026-11-29T07:04:00Z',
  });
  const withdrawn = release({
    id: 'wd',
    content: content({
      kind: 'clarification',
      title: '网传停水三天不实',
      claim: '停水三天',
      facts: '当日恢复',
      factSource: '市水务集团',
    }),
    publishedAt: '2026-11-28T12:00:00Z',
    updatedAt: '2026-11-30T02:30:00Z',
    status: 'withdrawn',
    withdrawnAt: '2026-11-30T02:30:00Z',
    withdrawalReason: '情况有变，另行发布',
  });
  const corrected = release({
    id: 'old',
    content: content({ title: '原通报' }),
    publishedAt: '2026-11-27T00:00:00Z',
    status: 'corrected',
    correctedBy: 'fix',
  });
  const fix = release({
    id: 'fix',
    content: content({ title: '更正通报' }),
    publishedAt: '2026-11-27T06:00:00Z',
    corrects: 'old',
  });
  const all = [older, withdrawn, corrected, qa, fix];

  it('is a complete, script-free HTML5 document with the feed linked', () => {
    const html = renderReleaseList({ baseUrl: `${BASE}/`, siteTitle: SITE, releases: all });
    const doc = dom(html);
    expectDocument(doc, html);
    expect(doc.title).toBe(SITE);
    expect(doc.querySelector('h1')?.textContent).toBe(SITE);
  });

  it('lists every statement newest first, with time, unit, kind, status and full text', () => {
    const doc = dom(renderReleaseList({ baseUrl: BASE, siteTitle: SITE, releases: all }));
    const list = items(doc);
    expect(list.map((a) => a.getAttribute('data-release-id'))).toEqual([
      'qa',
      'wd',
      'older',
      'fix',
      'old',
    ]);
    expect(list.map((a) => a.getAttribute('data-status'))).toEqual([
      'published',
      'withdrawn',
      'published',
      'published',
      'corrected',
    ]);
    expect(list.map((a) => a.querySelector('.badge')?.textContent)).toEqual([
      '已发布',
      '已撤回',
      '已发布',
      '已发布',
      '已更正',
    ]);
    const first = list[0];
    expect(first.querySelector('.kind')?.textContent).toBe('答问');
    expect(first.querySelector('.unit')?.textContent).toBe('某区应急管理局');
    const time = first.querySelector('header time');
    expect(time?.textContent).toBe('2026年11月29日 15:04');
    expect(time?.getAttribute('datetime')).toBe('2026-11-29T07:04:00Z');
    const link = first.querySelector('h2 a');
    expect(link?.textContent).toBe('【答问】停水答问');
    expect(link?.getAttribute('href')).toBe(`${BASE}/releases/qa`);
    expect(first.querySelector('.release-body')?.innerHTML).toBe(
      normalised(releaseHtml(qa.content)),
    );
    expect(first.querySelector('.release-body')?.textContent).toContain('问：何时恢复？');
  });

  it('keeps a withdrawn statement listed, struck through, with when and why', () => {
    const doc = dom(renderReleaseList({ baseUrl: BASE, siteTitle: SITE, releases: all }));
    const item = doc.querySelector('[data-release-id="wd"]');
    const notice = item?.querySelector('.notice-withdrawn');
    expect(notice?.textContent).toContain('已撤回');
    expect(notice?.textContent).toContain('撤回原因：情况有变，另行发布');
    expect(notice?.querySelector('time')?.textContent).toBe('2026年11月30日 10:30');
    expect(notice?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-30T02:30:00Z');
    const body = item?.querySelector('del.release-body');
    expect(body?.getAttribute('datetime')).toBe('2026-11-30T02:30:00Z');
    expect(body?.innerHTML).toBe(normalised(releaseHtml(withdrawn.content)));
    expect(item?.querySelector('.struck-label')?.textContent).toContain('已撤回');
    expect(doc.querySelector('style')?.textContent).toMatch(/del\.release-body\{[^}]*line-through/);
    // The others' text is not struck.
    expect(doc.querySelectorAll('del')).toHaveLength(1);
  });

  it('links a corrected statement to its correction, and the correction back', () => {
    const doc = dom(renderReleaseList({ baseUrl: BASE, siteTitle: SITE, releases: all }));
    const old = doc.querySelector('[data-release-id="old"] .notice-corrected');
    expect(old?.textContent).toContain('已被更正');
    expect(old?.querySelector('a')?.getAttribute('href')).toBe(`${BASE}/releases/fix`);
    expect(old?.querySelector('a')?.textContent).toBe('《更正通报》');
    const back = doc.querySelector('[data-release-id="fix"] .notice-correction');
    expect(back?.querySelector('a')?.getAttribute('href')).toBe(`${BASE}/releases/old`);
    expect(back?.querySelector('a')?.textContent).toBe('《原通报》');
    expect(doc.querySelectorAll('[data-release-id="older"] .notice')).toHaveLength(0);
  });

  it('says so when nothing has been published', () => {
    const html = renderReleaseList({ baseUrl: BASE, siteTitle: SITE, releases: [] });
    const doc = dom(html);
    expectDocument(doc, html);
    expect(items(doc)).toHaveLength(0);
    expect(doc.querySelector('main .empty')?.textContent).toContain('暂无发布的权威信息');
  });

  it('escapes every text: nothing injected becomes an element or attribute', () => {
    const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;'`;
    const r = release({
      id: `x"><script>`,
      unitName: evil,
      content: content({
        kind: 'clarification',
        title: evil,
        body: `${evil}\n\n第二段 😀`,
        claim: evil,
        facts: evil,
        factSource: evil,
        qa: [{ question: evil, answer: evil }],
      }),
      status: 'withdrawn',
      withdrawnAt: '2026-11-30T02:30:00Z',
      withdrawalReason: evil,
      corrects: evil,
    });
    const html = renderReleaseList({ baseUrl: BASE, siteTitle: evil, releases: [r] });
    const doc = dom(html);
    expect(doc.querySelectorAll('script, img, [onerror], [src]')).toHaveLength(0);
    expect(html).not.toMatch(/<script|<img/i);
    expect(doc.title).toBe(evil);
    const item = items(doc)[0];
    expect(items(doc)).toHaveLength(1);
    expect(item.getAttribute('data-release-id')).toBe(r.id);
    expect(item.querySelector('h2 a')?.textContent).toBe(releaseHeading(r.content));
    expect(item.querySelector('h2 a')?.getAttribute('href')).toBe(
      `${BASE}/releases/${encodeURIComponent(r.id)}`,
    );
    expect(item.querySelector('.unit')?.textContent).toBe(evil);
    expect(item.querySelector('.notice-withdrawn')?.textContent).toContain(`撤回原因：${evil}`);
    expect(item.querySelector('.notice-correction a')?.getAttribute('href')).toBe(
      `${BASE}/releases/${encodeURIComponent(evil)}`,
    );
    expect(item.querySelector('.release-body p')?.textContent).toBe(evil);
    expect(item.querySelector('.release-body')?.textContent).toContain('第二段 😀');
  });

  it('drops control characters', () => {
    const r = release({ content: content({ title: '标\u0000题\u0007', body: '正\u001b文\t😀' }) });
    const html = renderReleaseList({ baseUrl: BASE, siteTitle: SITE, releases: [r] });
    // eslint-disable-next-line no-control-regex -- checking for them
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = dom(html);
    expect(doc.querySelector('h2 a')?.textContent).toBe('标题');
    expect(doc.querySelector('.release-body')?.textContent).toBe('正文\t😀');
  });
});

describe('renderReleasePage', () => {
  const first = release({
    id: 'v1',
    content: content({ title: '原通报' }),
    publishedAt: '2026-11-29T01:00:00Z',
    status: 'corrected',
    correctedBy: 'v2',
  });
  const second = release({
    id: 'v2',
    content: content({ title: '第一次更正' }),
    publishedAt: '2026-11-29T05:00:00Z',
    updatedAt: '2026-11-29T09:00:00Z',
    status: 'corrected',
    corrects: 'v1',
    correctedBy: 'v3',
  });
  const third = release({
    id: 'v3',
    unitName: '某区应急管理局',
    content: content({ title: '第二次更正' }),
    publishedAt: '2026-11-29T09:00:00Z',
    corrects: 'v2',
  });

  it('shows the statement in full with its status, in a complete document', () => {
    const html = renderReleasePage({
      baseUrl: BASE,
      siteTitle: SITE,
      release: second,
      related: [third, first],
    });
    const doc = dom(html);
    expectDocument(doc, html);
    expect(doc.title).toBe(`【已更正】第一次更正 - ${SITE}`);
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      `${BASE}/releases/v2`,
    );
    const article = doc.querySelector('main article.release');
    expect(article?.getAttribute('data-release-id')).toBe('v2');
    expect(article?.getAttribute('data-status')).toBe('corrected');
    expect(article?.querySelector('h1')?.textContent).toBe('第一次更正');
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    expect(article?.querySelector('.badge')?.textContent).toBe('已更正');
    expect(article?.querySelector('.release-body')?.innerHTML).toBe(
      normalised(releaseHtml(second.content)),
    );
    expect(article?.querySelector('.notice-corrected a')?.getAttribute('href')).toBe(
      `${BASE}/releases/v3`,
    );
    expect(article?.querySelector('.notice-correction a')?.getAttribute('href')).toBe(
      `${BASE}/releases/v1`,
    );
    expect(article?.querySelector('.hash code')?.textContent).toBe(second.contentHash);
    expect(doc.querySelector('meta[name="description"]')?.getAttribute('content')).toContain(
      '某区供水管网发生爆管',
    );
  });

  it('has a 历史 section listing the chain, oldest first, with links, times and relations', () => {
    const doc = dom(
      renderReleasePage({
        baseUrl: BASE,
        siteTitle: SITE,
        release: second,
        related: [third, first, second, first],
      }),
    );
    const section = doc.querySelector('section.history');
    expect(section?.querySelector('h2')?.textContent).toBe('历史');
    const rows = [...(section?.querySelectorAll('li[data-release-id]') ?? [])];
    expect(rows.map((li) => li.getAttribute('data-release-id'))).toEqual(['v1', 'v3']);
    expect(rows.map((li) => li.getAttribute('data-status'))).toEqual(['corrected', 'published']);
    const [was, now] = rows;
    expect(was?.querySelector('.relation')?.textContent).toBe('本信息所更正的信息');
    expect(was?.querySelector('a')?.getAttribute('href')).toBe(`${BASE}/releases/v1`);
    expect(was?.querySelector('a')?.textContent).toBe('原通报');
    expect(was?.querySelector('time')?.textContent).toBe('2026年11月29日 09:00');
    expect(was?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-29T01:00:00Z');
    expect(was?.querySelector('.badge')?.textContent).toBe('已更正');
    expect(now?.querySelector('.relation')?.textContent).toBe('更正本信息的信息');
    expect(now?.querySelector('a')?.getAttribute('href')).toBe(`${BASE}/releases/v3`);
    expect(now?.textContent).toContain('某区应急管理局');
  });

  it('labels statements further along the chain by when they came', () => {
    const doc = dom(
      renderReleasePage({
        baseUrl: BASE,
        siteTitle: SITE,
        release: first,
        related: [second, third],
      }),
    );
    const labels = [...doc.querySelectorAll('.history .relation')].map((e) => e.textContent);
    expect(labels).toEqual(['更正本信息的信息', '更正链中此后的信息']);
  });

  it('says there is no history for a statement neither corrected nor correcting', () => {
    const doc = dom(
      renderReleasePage({ baseUrl: BASE, siteTitle: SITE, release: release(), related: [] }),
    );
    expect(doc.querySelector('section.history h2')?.textContent).toBe('历史');
    expect(doc.querySelectorAll('section.history li')).toHaveLength(0);
    expect(doc.querySelector('section.history p')?.textContent).toContain('未被更正');
    expect(doc.querySelectorAll('main .notice')).toHaveLength(0);
    expect(doc.querySelector('main .badge')?.textContent).toBe('已发布');
  });

  it('shows a withdrawn statement labelled, with its reason and its original text', () => {
    const w = release({
      id: 'w',
      status: 'withdrawn',
      withdrawnAt: '2026-11-30T02:30:00Z',
      withdrawalReason: '<b>情况有变</b>',
    });
    const html = renderReleasePage({ baseUrl: BASE, siteTitle: SITE, release: w, related: [] });
    const doc = dom(html);
    expect(doc.title).toBe(`【已撤回】${w.content.title} - ${SITE}`);
    expect(doc.querySelector('main article')?.getAttribute('data-status')).toBe('withdrawn');
    expect(doc.querySelector('main .badge')?.textContent).toBe('已撤回');
    expect(doc.querySelector('.notice-withdrawn')?.textContent).toContain(
      '撤回原因：<b>情况有变</b>',
    );
    expect(doc.querySelectorAll('main b')).toHaveLength(0);
    expect(doc.querySelector('del.release-body')?.textContent).toContain('某区供水管网发生爆管');
  });
});
