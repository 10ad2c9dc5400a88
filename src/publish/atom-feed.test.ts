import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';

import { parseFeed } from '../ingest/feed-parser.ts';
import { escapeXml, releaseEntryId, renderAtomFeed } from './atom-feed.ts';
import { releaseHeading, releaseHtml, releaseText } from './release-text.ts';
import { content, release } from './test-fixtures.ts';

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];
type Node = ReturnType<typeof parseDocument>['children'][number];

/** In XML mode every element is a plain tag (no script or style types). */
function isElement(n: Node): n is Element {
  return n.type === ElementType.Tag;
}

const BASE = 'https://yuqing.example.gov.cn';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/u;

/** Strict well-formedness: the ingest feed parser reports anything a conforming parser rejects. */
function expectWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  expect(XML_FORBIDDEN.test(xml)).toBe(false);
  const checked = parseFeed(xml);
  expect(checked.errors).toEqual([]);
  expect(checked.bozo).toBe(false);
  expect(checked.format).toBe('atom10');
}

function parse(xml: string): { feed: Element; entries: Element[] } {
  expectWellFormed(xml);
  const doc = parseDocument(xml, { xmlMode: true });
  const roots = doc.children.filter(isElement);
  expect(roots).toHaveLength(1);
  const feed = roots[0] as Element;
  expect(feed.name).toBe('feed');
  expect(feed.attribs.xmlns).toBe('http://www.w3.org/2005/Atom');
  return { feed, entries: kids(feed, 'entry') };
}

function kids(el: Element, name: string): Element[] {
  return el.children.filter((n) => isElement(n) && n.name === name) as Element[];
}

function kid(el: Element, name: string): Element {
  const found = kids(el, name);
  expect(found, `<${name}> in <${el.name}>`).toHaveLength(1);
  return found[0] as Element;
}

function text(el: Element, name: string): string {
  return DomUtils.textContent(kid(el, name));
}

function links(el: Element): Record<string, string>[] {
  return kids(el, 'link').map((l) => l.attribs);
}

describe('renderAtomFeed', () => {
  const a = release({
    id: 'a',
    publishedAt: '2026-11-28T01:00:00Z',
    updatedAt: '2026-11-28T01:00:00Z',
  });
  const b = release({
    id: 'b',
    content: content({ title: '第二条' }),
    publishedAt: '2026-11-29T01:00:00Z',
    updatedAt: '2026-11-29T01:00:00Z',
  });
  const c = release({
    id: 'c',
    unitName: '某区应急管理局',
    content: content({
      kind: 'qa',
      title: '停水答问',
      qa: [{ question: '何时恢复？', answer: '18时前。' }],
    }),
    publishedAt: '2026-11-30T01:00:00+08:00',
    updatedAt: '2026-11-30T02:00:00+08:00',
  });

  it('has the feed elements RFC 4287 requires, with stable addresses', () => {
    const { feed } = parse(
      renderAtomFeed({ baseUrl: `${BASE}/`, title: '某市权威信息发布', releases: [a, b, c] }),
    );
    expect(text(feed, 'id')).toBe(`${BASE}/releases`);
    expect(text(feed, 'title')).toBe('某市权威信息发布');
    expect(text(feed, 'updated')).toMatch(RFC3339);
    expect(text(feed, 'generator')).toBe('Yuqing');
    expect(links(feed)).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: `${BASE}/releases/feed.xml` },
      { rel: 'alternate', type: 'text/html', href: `${BASE}/releases` },
    ]);
  });

  it('lists one entry per statement, newest publication first, with every required element', () => {
    const { entries } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [b, c, a] }));
    // c was published at 2026-11-30 01:00 Beijing time, that is 2026-11-29 17:00 UTC.
    expect(entries.map((e) => text(e, 'id'))).toEqual([
      'urn:yuqing:release:c',
      'urn:yuqing:release:b',
      'urn:yuqing:release:a',
    ]);
    const [qa, plain] = entries as [Element, Element];
    expect(text(plain, 'title')).toBe('第二条');
    expect(text(plain, 'published')).toBe('2026-11-29T01:00:00Z');
    expect(text(plain, 'updated')).toBe('2026-11-29T01:00:00Z');
    expect(text(kid(plain, 'author'), 'name')).toBe('某市人民政府新闻办公室');
    expect(links(plain)).toEqual([
      { rel: 'alternate', type: 'text/html', href: `${BASE}/releases/b` },
    ]);
    expect(kid(plain, 'category').attribs).toEqual({ term: 'statement', label: '声明' });
    expect(text(qa, 'title')).toBe('【答问】停水答问');
    expect(kid(qa, 'category').attribs).toEqual({ term: 'qa', label: '答问' });
    expect(text(kid(qa, 'author'), 'name')).toBe('某区应急管理局');
    for (const e of entries) {
      expect(text(e, 'published')).toMatch(RFC3339);
      expect(text(e, 'updated')).toMatch(RFC3339);
      expect(kid(e, 'content').attribs.type).toBe('html');
      expect(kid(e, 'summary').attribs.type).toBe('text');
    }
    // Times are normalised to UTC: +08:00 times keep their instant.
    expect(text(qa, 'published')).toBe('2026-11-29T17:00:00Z');
  });

  it('is updated when its newest entry was, and at generatedAt when empty', () => {
    const late = release({
      id: 'old',
      publishedAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-12-02T00:00:00Z',
    });
    const { feed } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [a, late, b] }));
    expect(text(feed, 'updated')).toBe('2026-12-02T00:00:00Z');

    const empty = parse(
      renderAtomFeed({
        baseUrl: BASE,
        title: 'T',
        releases: [],
        generatedAt: '2026-11-29T15:04:05.123+08:00',
      }),
    );
    expect(empty.entries).toEqual([]);
    expect(text(empty.feed, 'updated')).toBe('2026-11-29T07:04:05.123Z');
    expect(text(empty.feed, 'id')).toBe(`${BASE}/releases`);
    expect(
      text(parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [] })).feed, 'updated'),
    ).toMatch(RFC3339);
  });

  it('carries the same approved words: content is releaseHtml, summary the start of releaseText', () => {
    const long = release({ id: 'long', content: content({ body: '字'.repeat(300) }) });
    const { entries } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [a, long] }));
    const [longEntry, aEntry] = entries as [Element, Element];
    expect(text(aEntry, 'content')).toBe(releaseHtml(a.content));
    expect(text(aEntry, 'summary')).toBe(releaseText(a.content).replace(/\s+/g, ' '));
    expect(text(longEntry, 'content')).toBe(releaseHtml(long.content));
    expect(text(longEntry, 'summary')).toBe(`${'字'.repeat(200)}…`);
  });

  it('marks a withdrawn statement and says when and why before its text', () => {
    const w = release({
      id: 'w',
      content: content({
        kind: 'clarification',
        title: '网传停水三天不实',
        claim: '停水三天',
        facts: '当日恢复',
      }),
      status: 'withdrawn',
      updatedAt: '2026-11-30T02:30:00Z',
      withdrawnAt: '2026-11-30T02:30:00Z',
      withdrawalReason: '情况有变，另行发布',
    });
    const { entries } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [w] }));
    const entry = entries[0] as Element;
    expect(text(entry, 'title')).toBe('【已撤回】【辟谣】网传停水三天不实');
    expect(text(entry, 'updated')).toBe('2026-11-30T02:30:00Z');
    expect(text(entry, 'id')).toBe('urn:yuqing:release:w');
    const html = text(entry, 'content');
    expect(html.endsWith(releaseHtml(w.content))).toBe(true);
    const notice = html.slice(0, html.length - releaseHtml(w.content).length);
    expect(notice).toContain('已撤回');
    expect(notice).toContain('2026年11月30日 10:30');
    expect(notice).toContain('datetime="2026-11-30T02:30:00Z"');
    expect(notice).toContain('撤回原因：情况有变，另行发布');
  });

  it('links a corrected statement to its correction and the correction to what it corrects', () => {
    const old = release({
      id: 'old',
      content: content({ title: '原通报' }),
      status: 'corrected',
      correctedBy: 'new',
      updatedAt: '2026-11-29T09:00:00Z',
    });
    const fix = release({
      id: 'new',
      content: content({ title: '更正通报' }),
      publishedAt: '2026-11-29T09:00:00Z',
      updatedAt: '2026-11-29T09:00:00Z',
      corrects: 'old',
    });
    const { entries } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [old, fix] }));
    const [fixEntry, oldEntry] = entries as [Element, Element];
    expect(text(oldEntry, 'title')).toBe('【已更正】原通报');
    expect(text(fixEntry, 'title')).toBe('更正通报');

    const oldHtml = text(oldEntry, 'content');
    expect(oldHtml.endsWith(releaseHtml(old.content))).toBe(true);
    expect(oldHtml).toMatch(/^<p class="notice notice-corrected">.*已被更正.*<\/p><p>/);
    expect(oldHtml).toContain(`<a href="${BASE}/releases/new">《更正通报》</a>`);

    const fixHtml = text(fixEntry, 'content');
    expect(fixHtml.endsWith(releaseHtml(fix.content))).toBe(true);
    expect(fixHtml).toMatch(/^<p class="notice notice-correction">.*更正.*<\/p><p>/);
    expect(fixHtml).toContain(`<a href="${BASE}/releases/old">《原通报》</a>`);

    expect(links(oldEntry)).toContainEqual({
      rel: 'related',
      type: 'text/html',
      href: `${BASE}/releases/new`,
    });
    expect(links(fixEntry)).toContainEqual({
      rel: 'related',
      type: 'text/html',
      href: `${BASE}/releases/old`,
    });
  });

  it('names a linked statement from the history when it is not in the feed', () => {
    const fix = release({ id: 'new', corrects: 'gone' });
    const gone = release({ id: 'gone', content: content({ title: '早先的通报' }) });
    const withHistory = parse(
      renderAtomFeed({
        baseUrl: BASE,
        title: 'T',
        releases: [fix],
        history: new Map([['new', [gone]]]),
      }),
    );
    expect(text(withHistory.entries[0] as Element, 'content')).toContain(
      `<a href="${BASE}/releases/gone">《早先的通报》</a>`,
    );
    const without = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [fix] }));
    expect(text(without.entries[0] as Element, 'content')).toContain(
      `<a href="${BASE}/releases/gone">`,
    );
  });

  it('round-trips hostile text exactly, injecting nothing', () => {
    const hostile = `</content><script>alert("x")</script>&amp; & <b>'单引号' "双引号" ]]> 😀🇨🇳`;
    const hostileContent = content({
      kind: 'clarification',
      title: `标题</title><script>&"'😀`,
      body: `${hostile}\r\n第二行\tTab\n\n第二段`,
      claim: hostile,
      facts: '事实',
      factSource: `<a href="javascript:alert(1)">来源</a>`,
      qa: [{ question: hostile, answer: hostile }],
    });
    const r = release({
      id: 'h',
      unitName: `某局</name></author><entry>&`,
      content: hostileContent,
    });
    const xml = renderAtomFeed({ baseUrl: BASE, title: `标题 & <feed> "x"`, releases: [r] });
    const { feed, entries } = parse(xml);
    expect(entries).toHaveLength(1);
    const entry = entries[0] as Element;
    expect(text(feed, 'title')).toBe(`标题 & <feed> "x"`);
    expect(text(entry, 'title')).toBe(`【辟谣】标题</title><script>&"'😀`);
    expect(text(entry, 'title')).toBe(releaseHeading(hostileContent));
    expect(text(kid(entry, 'author'), 'name')).toBe(r.unitName);
    expect(text(entry, 'content')).toBe(releaseHtml(hostileContent));
    expect(text(entry, 'content')).toContain('\r<br>第二行\tTab');
    const summary = text(entry, 'summary');
    expect(summary.startsWith(`${hostile} 第二行 Tab 第二段 【网传】${hostile} 【事实】事实`)).toBe(
      true,
    );
    expect(summary.endsWith('…')).toBe(true);
    // Nothing in the text became markup.
    for (const name of ['script', 'b', 'a', 'p', 'i', 'entry']) {
      expect(DomUtils.getElementsByTagName(name, entry.children).length, name).toBe(0);
    }
    expect(DomUtils.getElementsByTagName('title', entry.children)).toHaveLength(1);
    expect(DomUtils.getElementsByTagName('name', entry.children)).toHaveLength(1);
    expect(kids(feed, 'entry')).toHaveLength(1);
  });

  it('puts the exact withdrawal notice, escaped, before the withdrawn text', () => {
    const r = release({
      id: 'w',
      content: content({ title: `<i>标题</i>`, body: `正文 </content> & 😀` }),
      status: 'withdrawn',
      withdrawnAt: '2026-11-30T02:30:00Z',
      withdrawalReason: `</p><script>&"`,
    });
    const { entries } = parse(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [r] }));
    const entry = entries[0] as Element;
    expect(text(entry, 'title')).toBe('【已撤回】<i>标题</i>');
    expect(text(entry, 'content')).toBe(
      '<p class="notice notice-withdrawn"><strong>【已撤回】</strong>本信息已于' +
        '<time datetime="2026-11-30T02:30:00Z">2026年11月30日 10:30</time>（北京时间）撤回。' +
        '撤回原因：&lt;/p&gt;&lt;script&gt;&amp;&quot;</p>' +
        '<p>正文 &lt;/content&gt; &amp; 😀</p>',
    );
  });

  it('drops the control characters XML 1.0 forbids and keeps everything else', () => {
    const dirty = `甲\u0000乙\u0001\u0008\u000b\u000c\u000e\u001f丙\t丁\uffff😀\ud800戊`;
    const clean = `甲乙丙\t丁😀戊`;
    const r = release({
      unitName: `单位\u0007`,
      content: content({ title: `标题\u0002`, body: dirty }),
    });
    const xml = renderAtomFeed({ baseUrl: BASE, title: `站点\u001b`, releases: [r] });
    const { feed, entries } = parse(xml);
    const entry = entries[0] as Element;
    expect(text(feed, 'title')).toBe('站点');
    expect(text(entry, 'title')).toBe('标题');
    expect(text(kid(entry, 'author'), 'name')).toBe('单位');
    expect(text(entry, 'content')).toBe(releaseHtml(content({ title: '标题', body: clean })));
    expect(text(entry, 'summary')).toBe(clean.replace(/\s+/g, ' '));
  });

  it('is read back by the ingest feed parser with the same entries', () => {
    const parsed = parseFeed(renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [a, c] }));
    expect(parsed.title).toBe('T');
    expect(parsed.entries.map((e) => [e.id, e.title, e.link, e.author])).toEqual([
      ['urn:yuqing:release:c', '【答问】停水答问', `${BASE}/releases/c`, '某区应急管理局'],
      ['urn:yuqing:release:a', a.content.title, `${BASE}/releases/a`, a.unitName],
    ]);
    expect(parsed.entries[0]?.published?.toISOString()).toBe('2026-11-29T17:00:00.000Z');
  });

  it('has a well-formedness check that rejects a broken document', () => {
    const good = renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [a] });
    expect(parseFeed(good).bozo).toBe(false);
    expect(parseFeed(good.replace('</entry>', '')).bozo).toBe(true);
    expect(parseFeed(good.replace('&lt;p&gt;', '<p>')).bozo).toBe(true);
    expect(parseFeed(good.replace('&lt;p&gt;', '& <p')).bozo).toBe(true);
    expect(parseFeed(good.replace('某市', '某\u0001市')).bozo).toBe(true);
  });

  it('escapes for XML and encodes ids in addresses', () => {
    expect(escapeXml(`a&b<c>d"e'f\r\u0003`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#xD;');
    expect(releaseEntryId('a b/c')).toBe('urn:yuqing:release:a%20b%2Fc');
    const { entries } = parse(
      renderAtomFeed({ baseUrl: BASE, title: 'T', releases: [release({ id: 'a b/c&d' })] }),
    );
    expect(links(entries[0] as Element)[0]?.href).toBe(`${BASE}/releases/a%20b%2Fc%26d`);
  });
});
