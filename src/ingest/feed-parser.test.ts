import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedEntriesToPosts, parseFeed, parseFeedDate, resolveUrl } from './feed-parser.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(
    readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/feeds', name)),
  );

describe('parseFeed: Chinese RSS', () => {
  it('reads a GB2312-declared RSS 2.0 feed in GBK bytes', () => {
    const feed = parseFeed(fixture('gbk-rss.xml'));
    expect(feed).toMatchObject({
      format: 'rss2',
      encoding: 'gbk',
      title: '某省统计局 - 统计数据',
      link: 'http://tjj.example.gov.cn/',
      bozo: false,
      errors: [],
    });
    expect(feed.entries).toHaveLength(2);
    const [first, second] = feed.entries;
    expect(first).toEqual({
      title: '2024年1-2月全省规模以上工业增加值增长5.1%',
      // Relative links are resolved against the channel link (no document URL given).
      link: 'http://tjj.example.gov.cn/tjsj/202403/t20240318_1.html',
      author: '综合处',
      publishedRaw: 'Mon, 18 Mar 2024 10:00:00 +0800',
      published: new Date('2024-03-18T02:00:00Z'),
      summary:
        '<p>1-2月，全省规模以上工业增加值同比增长5.1%。<a href="http://tjj.example.gov.cn/t20240318_1.pdf">附件</a></p>',
    });
    // No zone: Beijing time by default.
    expect(second?.published).toEqual(new Date('2024-01-10T01:30:00Z'));
  });

  it('reads an RSSHub Weibo feed (RSS 2.0, HTML descriptions, <author>, GMT dates)', () => {
    const feed = parseFeed(fixture('rsshub-weibo.xml'), {
      contentType: 'application/xml; charset=utf-8',
      baseUrl: 'https://rsshub.example/weibo/user/1234567890',
    });
    expect(feed).toMatchObject({ format: 'rss2', encoding: 'utf-8', bozo: false, errors: [] });
    expect(feed.title).toBe('某省统计局的微博');
    // The channel link, not the atom:link rel="self" next to it.
    expect(feed.link).toBe('https://weibo.com/1234567890/');
    const [first, second] = feed.entries;
    expect(first).toMatchObject({
      id: 'https://weibo.com/1234567890/NabcDEF12',
      link: 'https://weibo.com/1234567890/NabcDEF12',
      author: '某省统计局',
      published: new Date('2024-01-02T02:30:00Z'),
    });
    // Relative links in proxied content belong to the original site, not to the RSSHub host.
    expect(first?.summary).toContain('<a href="https://weibo.com/n/某省统计局">@某省统计局</a>');
    expect(first?.summary).toContain(
      '<img referrerpolicy="no-referrer" src="https://wx1.sinaimg.example/large/abc.jpg" style="" />',
    );
    expect(second?.summary).toContain('国家统计局发布2023年国民经济数据 &amp; 解读</div>');

    expect(feedEntriesToPosts('weibo:1234567890', feed)).toEqual({
      items: [
        {
          id: 'https://weibo.com/1234567890/NabcDEF12',
          source: 'weibo:1234567890',
          url: 'https://weibo.com/1234567890/NabcDEF12',
          author: '某省统计局',
          title: '【数据发布】2023年全省居民人均可支配收入...',
          text: first?.summary,
          published_at: '2024-01-02T02:30:00.000Z',
        },
        {
          id: 'https://weibo.com/1234567890/NxyzUVW34',
          source: 'weibo:1234567890',
          url: 'https://weibo.com/1234567890/NxyzUVW34',
          author: '某省统计局',
          title: '转发微博',
          text: second?.summary,
          published_at: '2024-01-01T23:05:10.000Z',
        },
      ],
      errors: [],
    });
  });
});

describe('parseFeed: formats', () => {
  it('reads Atom 1.0: xhtml content without its div, escaped html decoded once, text as is', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
  <title type="text">统计 &amp; 数据</title>
  <link rel="self" href="http://example.org/feed.atom"/>
  <link href="/"/>
  <author><name>综合处</name><email>office@example.org</email></author>
  <entry>
    <id>tag:example.org,2024:1</id>
    <title type="html">&lt;b&gt;公报&lt;/b&gt; &amp;amp; 解读</title>
    <link rel="alternate" type="text/html" href="posts/1.html"/>
    <link rel="enclosure" href="files/1.pdf"/>
    <published>2024-03-01T08:00:00+08:00</published>
    <updated>2024-03-02T00:00:00Z</updated>
    <summary>Plain &lt;summary&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>第一段 <a href="2.html">下一篇</a></p><br/></div></content>
  </entry>
  <entry>
    <id>tag:example.org,2024:2</id>
    <title>No link</title>
    <author><name>普查中心</name></author>
    <content type="html">&lt;p&gt;escaped&lt;/p&gt;</content>
  </entry>
</feed>`);
    expect(feed).toMatchObject({
      format: 'atom10',
      title: '统计 & 数据',
      link: 'http://example.org/',
      bozo: false,
      errors: [],
    });
    expect(feed.entries).toEqual([
      {
        id: 'tag:example.org,2024:1',
        title: '<b>公报</b> &amp; 解读',
        link: 'http://example.org/blog/posts/1.html',
        author: '综合处',
        publishedRaw: '2024-03-01T08:00:00+08:00',
        published: new Date('2024-03-01T00:00:00Z'),
        updatedRaw: '2024-03-02T00:00:00Z',
        updated: new Date('2024-03-02T00:00:00Z'),
        summary: 'Plain <summary>',
        content: '<p>第一段 <a href="http://example.org/blog/2.html">下一篇</a></p><br />',
      },
      {
        id: 'tag:example.org,2024:2',
        title: 'No link',
        author: '普查中心',
        content: '<p>escaped</p>',
      },
    ]);
  });

  it('resolves namespaces by declaration, whatever the prefix', () => {
    const feed =
      parseFeed(`<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:x="http://www.w3.org/1999/xhtml">
  <a:entry><a:title type="xhtml"><x:div>Q<x:b>1</x:b></x:div></a:title><a:id>urn:1</a:id></a:entry>
</a:feed>`);
    expect(feed.format).toBe('atom10');
    expect(feed.entries).toEqual([{ id: 'urn:1', title: 'Q<b>1</b>' }]);

    const rss = parseFeed(`<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"
  xmlns:creator="http://purl.org/dc/elements/1.1/" xmlns:content="urn:not-the-content-module">
<channel><item><title>t</title>
<content:encoded>wrong module</content:encoded>
<c:encoded><![CDATA[<p>right module</p>]]></c:encoded>
<creator:creator>信息员</creator:creator>
</item></channel></rss>`);
    expect(rss.entries).toEqual([{ title: 't', author: '信息员', content: '<p>right module</p>' }]);
    expect(rss.bozo).toBe(false);
  });

  it('reads Atom 0.3: issued/modified, escaped and base64 modes', () => {
    const feed = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<entry>
  <title mode="escaped" type="text/html">&lt;i&gt;Hi&lt;/i&gt;</title>
  <link rel="alternate" type="text/html" href="http://example.org/1"/>
  <id>http://example.org/1</id>
  <issued>2004-01-01T19:48:21Z</issued>
  <modified>2004-01-02T19:48:21Z</modified>
  <content type="text/html" mode="base64">PHA+5Lit5paHPC9wPg==</content>
</entry></feed>`);
    expect(feed.format).toBe('atom03');
    expect(feed.entries[0]).toMatchObject({
      title: '<i>Hi</i>',
      link: 'http://example.org/1',
      published: new Date('2004-01-01T19:48:21Z'),
      updated: new Date('2004-01-02T19:48:21Z'),
      content: '<p>中文</p>',
    });
  });

  it('reads RSS 1.0 (RDF): items beside the channel, rdf:about, dc:date and dc:creator', () => {
    const feed = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:d="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/"><title>RDF</title><link>http://example.org/</link></channel>
  <item rdf:about="http://example.org/1">
    <title>One</title><link>http://example.org/1</link>
    <d:date>2003-12-31T10:14:55+08:00</d:date><d:creator>普查中心</d:creator>
    <description>desc</description>
  </item>
</rdf:RDF>`);
    expect(feed).toMatchObject({ format: 'rss1', title: 'RDF', link: 'http://example.org/' });
    expect(feed.entries).toEqual([
      {
        id: 'http://example.org/1',
        title: 'One',
        link: 'http://example.org/1',
        author: '普查中心',
        publishedRaw: '2003-12-31T10:14:55+08:00',
        published: new Date('2003-12-31T02:14:55Z'),
        updatedRaw: '2003-12-31T10:14:55+08:00',
        updated: new Date('2003-12-31T02:14:55Z'),
        summary: 'desc',
      },
    ]);
  });

  it('tells RSS 0.9x from 2.0', () => {
    expect(parseFeed('<rss version="0.91"><channel></channel></rss>').format).toBe('rss09x');
    expect(parseFeed('<rss version="2.0"><channel></channel></rss>').format).toBe('rss2');
  });

  it('keeps CDATA as written and decodes entities once', () => {
    const feed = parseFeed(`<rss version="2.0"><channel><item>
<title><![CDATA[A &amp; B <i>]]></title><guid isPermaLink="false">x&amp;y</guid>
<description>&lt;p&gt;1 &amp;lt; 2&lt;/p&gt;</description>
</item></channel></rss>`);
    expect(feed.entries[0]).toEqual({
      title: 'A &amp; B <i>',
      id: 'x&y',
      summary: '<p>1 &lt; 2</p>',
    });
  });

  it('resolves relative links: xml:base, then the feed link, then the document URL', () => {
    const doc = (channelLink: string, base = '') => `<rss version="2.0"><channel>
<link>${channelLink}</link>
<item><link>a.html</link></item>
<item${base}><link>b.html</link></item>
</channel></rss>`;
    const withBase = parseFeed(
      doc('http://site.example/news/', ' xml:base="http://other.example/x/"'),
      {
        baseUrl: 'http://proxy.example/feed.xml',
      },
    );
    expect(withBase.entries.map((e) => e.link)).toEqual([
      'http://site.example/news/a.html',
      'http://other.example/x/b.html',
    ]);
    const noLink = parseFeed(doc(''), { baseUrl: 'http://proxy.example/feeds/1.xml' });
    expect(noLink.entries.map((e) => e.link)).toEqual([
      'http://proxy.example/feeds/a.html',
      'http://proxy.example/feeds/b.html',
    ]);
  });
});

describe('parseFeed: broken documents', () => {
  it('reads what it can from unclosed tags, bad entities and junk after the root', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>坏的 &nbsp;feed</title>
<item><title>第一条 & 更多</title><link>http://example.org/1?a=1&b=2</link>
<description>no end tag
</item>
<item><title>第二条 &bogus;</title><pubDate>Tue, 02 Jan 2024 10:00:00 +0800</pubDate></item>
</channel></rss>
trailing junk <oops>`);
    expect(feed.bozo).toBe(true);
    expect(feed.format).toBe('rss2');
    expect(feed.title).toBe('坏的 \u00a0feed');
    expect(feed.entries).toEqual([
      {
        title: '第一条 & 更多',
        link: 'http://example.org/1?a=1&b=2',
        summary: 'no end tag',
      },
      {
        title: '第二条 &bogus;',
        publishedRaw: 'Tue, 02 Jan 2024 10:00:00 +0800',
        published: new Date('2024-01-02T02:00:00Z'),
      },
    ]);
    const messages = feed.errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'not well-formed XML: undefined entity &nbsp;',
        'not well-formed XML: bare "&" (not escaped as &amp;)',
        'not well-formed XML: mismatched end tag </item> (expected </description>)',
        'not well-formed XML: undefined entity &bogus;',
        'not well-formed XML: text after the root element',
        'not well-formed XML: more than one root element',
      ]),
    );
  });

  it('reads the entries before the point where a document is cut off', () => {
    const full = new TextEncoder().encode(
      '<rss version="2.0"><channel><item><title>一</title></item><item><title>二</title></item></channel></rss>',
    );
    const feed = parseFeed(full.subarray(0, 75));
    expect(feed.bozo).toBe(true);
    expect(feed.entries.map((e) => e.title)).toEqual(['一', '二']);
    expect(feed.errors.map((e) => e.message)).toContain(
      'not well-formed XML: document ended inside rss, channel, item, title',
    );
  });

  it('reports an undeclared prefix and an unterminated CDATA section', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><itunes:subtitle>x</itunes:subtitle><item><title><![CDATA[cut',
    );
    expect(feed.bozo).toBe(true);
    expect(feed.entries).toEqual([{ title: 'cut' }]);
    expect(feed.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'not well-formed XML: undeclared namespace prefix "itunes"',
        'not well-formed XML: unterminated CDATA section',
      ]),
    );
  });

  it('accepts entities declared in the DOCTYPE, and HTML entities under the Netscape RSS 0.91 DTD', () => {
    const declared = parseFeed(`<!DOCTYPE rss [ <!ENTITY org "某省统计局"> ]>
<rss version="2.0"><channel><item><title>&org;公告</title></item></channel></rss>`);
    expect(declared).toMatchObject({ bozo: false, entries: [{ title: '某省统计局公告' }] });
    const netscape = parseFeed(`<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><item><title>a&nbsp;b</title></item></channel></rss>`);
    expect(netscape).toMatchObject({
      bozo: false,
      format: 'rss09x',
      entries: [{ title: 'a\u00a0b' }],
    });
  });

  it('reads windows-1252 character references as the author meant them', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><item><title>don&#146;t</title></item></channel></rss>',
    );
    expect(feed.entries[0]?.title).toBe('don\u2019t');
  });

  it('flags encoding problems and non-XML media types as bozo', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('<rss><channel><title>x'),
      0xff,
      ...new TextEncoder().encode('</title></channel></rss>'),
    ]);
    const feed = parseFeed(bytes, { contentType: 'text/html; charset=utf-8' });
    expect(feed.bozo).toBe(true);
    expect(feed.title).toBe('x\ufffd');
    expect(feed.errors).toEqual([
      { field: 'encoding', message: '1 invalid byte sequence(s) for utf-8, replaced by U+FFFD' },
      { field: 'content-type', message: 'served as text/html, not an XML media type' },
    ]);
  });

  it('never throws on what is not a feed at all', () => {
    for (const input of [
      '',
      '   ',
      'not xml',
      '<html><body><p>页面</p></body></html>',
      '<<<>>>&&&',
      '\u0000\u0001',
    ]) {
      const feed = parseFeed(input);
      expect(feed.format).toBe('unknown');
      expect(feed.entries).toEqual([]);
      expect(feed.errors.length).toBeGreaterThan(0);
    }
    expect(parseFeed(new Uint8Array([0xff, 0xfe, 0x00])).format).toBe('unknown');
  });

  it('stays fast on hostile nesting', () => {
    const started = performance.now();
    const deep = `<rss><channel><item><description><![CDATA[${'<div>'.repeat(100_000)}]]></description>${'<x>'.repeat(100_000)}</item></channel></rss>`;
    const feed = parseFeed(deep);
    expect(feed.entries).toHaveLength(1);
    expect(feed.bozo).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('parseFeedDate', () => {
  const cases: [string, string][] = [
    // RFC 822 / 2822, with obsolete zones, 2-digit years and day names
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 +0800', '2004-01-01T11:48:21.000Z'],
    ['Thu, 1 Jan 04 19:48 EST', '2004-01-02T00:48:00.000Z'],
    ['Sat, 07 Sep 2002 00:00:01 PDT', '2002-09-07T07:00:01.000Z'],
    ['Fri, 07 Sep 2001 00:00:01 UT', '2001-09-07T00:00:01.000Z'],
    ['07 Sep 99 00:00:01 Z', '1999-09-07T00:00:01.000Z'],
    ['Sat, 07 Sep 2002 00:00:01 A', '2002-09-07T01:00:01.000Z'], // military A = -1 (RFC 822)
    ['Sat, 07 Sep 2002 00:00:01 N', '2002-09-06T23:00:01.000Z'], // military N = +1
    ['Thursday, 01-Jan-04 19:48:21 GMT', '2004-01-01T19:48:21.000Z'], // RFC 850
    ['Mon, 18 March 2024 10:00:00 GMT+8', '2024-03-18T02:00:00.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 GMT (Coordinated Universal Time)', '2004-01-01T19:48:21.000Z'],
    // W3C-DTF / ISO 8601
    ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31T10:14:55.25-05:00', '2003-12-31T15:14:55.250Z'],
    ['2003-12-31t10:14:55z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31T10:14+0100', '2003-12-31T09:14:00.000Z'],
    ['20031231T101455Z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31', '2003-12-30T16:00:00.000Z'], // no zone: Beijing midnight
    ['2003-12', '2003-11-30T16:00:00.000Z'],
    ['2003', '2002-12-31T16:00:00.000Z'],
    // What Chinese sites print
    ['2024-01-05 09:03:00', '2024-01-05T01:03:00.000Z'],
    ['2024-1-5 9:03', '2024-01-05T01:03:00.000Z'],
    ['2024/01/05 09:03', '2024-01-05T01:03:00.000Z'],
    ['2024年1月5日 09:03', '2024-01-05T01:03:00.000Z'],
    ['2024年01月05日 09时03分', '2024-01-05T01:03:00.000Z'],
    ['2024年1月5日', '2024-01-04T16:00:00.000Z'],
    ['Fri Jan 05 09:03:00 CST 2024', '2024-01-05T01:03:00.000Z'], // Java: CST is Beijing time
    ['Thu Jan  1 19:48:21 2004', '2004-01-01T11:48:21.000Z'], // asctime, no zone
    ['January 5, 2024 3:04 PM', '2024-01-05T07:04:00.000Z'],
    ['Jan 5, 2024', '2024-01-04T16:00:00.000Z'],
  ];
  it.each(cases)('%s', (input, iso) => {
    expect(parseFeedDate(input)?.toISOString()).toBe(iso);
  });

  it('takes zone-less dates at the offset asked for', () => {
    expect(parseFeedDate('2024-01-05 09:03', 0)?.toISOString()).toBe('2024-01-05T09:03:00.000Z');
  });

  it.each([
    '',
    'yesterday',
    '3分钟前',
    '2024-13-01',
    '2024-02-30',
    'Thu, 32 Jan 2004 10:00 GMT',
    'Τρι, 29 Ιού 2004 12:53:00 GMT',
    '12:00',
    '2004-01-01T25:00:00Z',
    'Thu, 01 Jan 2004 19:48:21 +9999',
  ])('rejects %j', (input) => {
    expect(parseFeedDate(input)).toBeUndefined();
  });

  it('leaves an unparseable date undefined, keeps it raw, and names the field in an error', () => {
    const feed = parseFeed(`<rss version="2.0"><channel>
<item><title>ok</title><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>bad</title><pubDate>上周二</pubDate></item>
</channel></rss>`);
    expect(feed.entries[1]).toEqual({ title: 'bad', publishedRaw: '上周二' });
    expect(feed.errors).toEqual([
      { index: 1, field: 'published', message: 'unparseable date "上周二"' },
    ]);
    expect(feed.bozo).toBe(false);
    expect(feedEntriesToPosts('s', feed).items[1]?.published_at).toBe('上周二');
  });
});

describe('feedEntriesToPosts', () => {
  it('takes content, then summary, then title as text; the link as id when there is no id', () => {
    const feed =
      parseFeed(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>t1</title><link>http://e.org/1</link><description>d1</description><content:encoded>c1</content:encoded></item>
<item><title>t2</title><guid>http://e.org/g2</guid><description>d2</description></item>
<item><title>only a title</title></item>
<item><link>http://e.org/4</link><pubDate>garbage</pubDate></item>
</channel></rss>`);
    const result = feedEntriesToPosts('gov-site', feed);
    expect(result.items).toEqual([
      { id: 'http://e.org/1', source: 'gov-site', url: 'http://e.org/1', title: 't1', text: 'c1' },
      {
        id: 'http://e.org/g2',
        source: 'gov-site',
        url: 'http://e.org/g2',
        title: 't2',
        text: 'd2',
      },
      { source: 'gov-site', title: 'only a title', text: 'only a title' },
    ]);
    expect(result.errors).toEqual([
      { index: 3, field: 'published', message: 'unparseable date "garbage"' },
      { index: 3, field: 'text', message: 'entry has no content, summary or title' },
    ]);
  });
});

describe('resolveUrl', () => {
  const base = 'http://a/b/c/d;p?q';
  it.each([
    ['g', 'http://a/b/c/g'],
    ['./g/', 'http://a/b/c/g/'],
    ['/g', 'http://a/g'],
    ['//g', 'http://g'],
    ['?y', 'http://a/b/c/d;p?y'],
    ['#s', 'http://a/b/c/d;p?q#s'],
    ['../../g', 'http://a/g'],
    ['../../../g', 'http://a/g'],
    ['', 'http://a/b/c/d;p?q'],
  ])('RFC 3986 5.4: %j', (ref, expected) => {
    expect(resolveUrl(ref, base)).toBe(expected);
  });

  it('leaves absolute URLs and IRIs exactly as written', () => {
    expect(resolveUrl('HTTP://www.EXAMPLE.org/%7ebob', base)).toBe('HTTP://www.EXAMPLE.org/%7ebob');
    expect(resolveUrl('/统计/公报', 'http://统计.example/a')).toBe('http://统计.example/统计/公报');
    expect(resolveUrl('x', undefined)).toBe('x');
  });
});
