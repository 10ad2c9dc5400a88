// The pipeline as ingest, re-analysis and `yuqing analyze` run it: every stage's output lands in
// one result, texts are normalised as analysisText does, fields reach the schemes that scope to
// them, and copies join the group of what they copy.
import { describe, expect, it } from 'vitest';
import { analysisText } from './normalise.ts';
import { AnalysisPipeline, keywordsOf } from './pipeline.ts';
import { compileSchemes, prepareDoc } from './scheme-matcher.ts';

describe('AnalysisPipeline', () => {
  const pipeline = () =>
    new AnalysisPipeline({
      schemes: [
        { id: 'quality', query: '统计 (造假 | 注水)' },
        { id: 'by-author', query: 'author:新华社 统计' },
        { id: 'by-source', query: 'source:weibo 统计' },
        { id: 'by-region', query: 'region:定西 统计' },
        { id: 'title-only', query: 'title:公报' },
      ],
    });

  it('joins title and text exactly as analysisText does', () => {
    const p = pipeline();
    const cases = [
      { title: '統計公報', text: '全省經濟運行平穩' },
      { title: '统计公报', text: '统计公报：全省经济运行平稳' },
      { title: '', text: '<p>只有正文</p>', isHtml: true },
      { title: '只有标题', text: '   ' },
    ];
    for (const c of cases) {
      const r = p.analyseAlone({ id: 'x', ...c });
      expect(r.analysis).toBe(
        analysisText({
          title: c.title === '' ? undefined : c.title,
          text: c.text,
          isHtml: c.isHtml,
        }),
      );
    }
  });

  it('answers every stage for one post', () => {
    const r = pipeline().analyse({
      id: 'p1',
      title: '定西市统计公报',
      text: '网传安定区统计数据造假，GDP注水，群众十分愤怒',
      author: '新华社',
      source: 'weibo',
    });
    expect(r.schemes).toEqual(['quality', 'by-author', 'by-source', 'by-region', 'title-only']);
    expect(r.sentiment.label).toBe('negative');
    expect(r.regions.map((x) => x.adcode)).toEqual(expect.arrayContaining(['621100', '621102']));
    expect(r.risk.score).toBeGreaterThan(0);
    expect(r.keywords).toContain('统计公报');
    expect(r.dup).toEqual({ kind: null, dupOf: null, groupId: 'p1' });
    expect(r.fingerprint.startsWith('m1:')).toBe(true);
  });

  it('scopes: a term in the title is not in the text, the author is not the text', () => {
    const p = pipeline();
    expect(p.matchSchemes({ id: 'a', text: '统计公报发布了', author: '某人' })).toEqual([]);
    expect(p.matchSchemes({ id: 'b', text: '新华社说统计', author: '某人' })).toEqual([]);
    expect(p.matchSchemes({ id: 'c', text: '统计', source: 'Weibo' })).toEqual(['by-source']);
    // The region as published with the post counts for region: too.
    expect(p.matchSchemes({ id: 'd', text: '统计', region: '甘肃 定西' })).toEqual(['by-region']);
  });

  it('puts a copy in its original’s group; analyseAlone leaves the index alone', () => {
    const p = pipeline();
    const text = '甘肃省统计局发布前三季度全省经济运行情况，地区生产总值同比增长百分之五点八';
    expect(p.analyse({ id: 'o', text }).dup.groupId).toBe('o');
    expect(p.analyseAlone({ id: 'q', text }).dup.groupId).toBe('q');
    expect(p.analyse({ id: 'c', text: `转发微博 //@某人:${text}` }).dup).toEqual({
      kind: 'near',
      dupOf: 'o',
      groupId: 'o',
    });
    expect(p.analyse({ id: 'e', text }).dup).toMatchObject({ kind: 'exact', groupId: 'o' });
  });

  it('keeps the commonest content words as keywords, without stopwords or single characters', () => {
    expect(
      keywordsOf(['我们', '统计', '的', '统计', '数据', '，', '12', 'a', '数据', '造假']),
    ).toEqual(['统计', '数据', '造假']);
  });

  it('ranks keywords by count, the first seen first among equal counts, at most 8', () => {
    // The rule as a sort, against random token lists with many ties.
    const bySort = (tokens: string[]): string[] => {
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      return [...counts.entries()]
        .map(([word, n], order) => ({ word, n, order }))
        .sort((a, b) => b.n - a.n || a.order - b.order)
        .slice(0, 8)
        .map((x) => x.word);
    };
    let seed = 1;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const vocabulary = Array.from({ length: 30 }, (_, i) => `词${String.fromCharCode(0x4e00 + i)}`);
    for (let k = 0; k < 500; k++) {
      const size = Math.floor(random() * 5) * 10 + 1;
      const tokens = Array.from({ length: Math.floor(random() * 40) }, () => {
        return vocabulary[Math.floor(random() * size) % vocabulary.length]!;
      });
      expect(keywordsOf(tokens), tokens.join(' ')).toEqual(bySort(tokens));
    }
  });

  it('matches as the matcher does on the fully folded post (it only folds case again)', () => {
    const schemes = [
      { id: 'a', query: 'gdp 統計' },
      { id: 'b', query: 'title:ＡＢＣ | NEAR/3(数据, 打架)' },
      { id: 'c', query: '"國家統計局" -招聘' },
    ];
    const p = new AnalysisPipeline({ schemes });
    const compiled = compileSchemes(schemes);
    const posts = [
      { title: 'ＡＢＣ報告', text: 'GDP與統計數據打架' },
      { title: '', text: '国家统计局招聘公告' },
      { title: 'abc', text: '國家統計局：ＧＤＰ增長' },
      { title: '数据', text: '数据真的打架了吗' },
    ];
    for (const post of posts) {
      const expected = compiled.match(
        prepareDoc({
          title: post.title ? analysisText({ text: post.title }) : '',
          text: analysisText({ text: post.text }),
        }),
      );
      expect(p.matchSchemes({ id: 'x', ...post }), JSON.stringify(post)).toEqual(expected);
    }
  });

  it('gives a repeated post what every stage gives it, in objects of its own', () => {
    const p = pipeline();
    const fresh = pipeline();
    const post = { text: '网传安定区统计数据造假，GDP注水，群众十分愤怒', author: '新华社' };
    const first = p.analyse({ id: 'r0', ...post });
    // The second coming is remembered, the later ones are copies of it.
    const later = [1, 2, 3, 4].map((i) => p.analyse({ id: `r${i}`, ...post }));
    const expected = fresh.analyseAlone({ id: 'r9', ...post });
    for (const [i, r] of later.entries()) {
      expect({ ...r, dup: null }).toEqual({ ...expected, dup: null });
      expect(r.dup).toEqual({ kind: 'exact', dupOf: `r${i}`, groupId: 'r0' });
    }
    expect(first.dup.groupId).toBe('r0');
    // What a caller does to one result does not reach another.
    later[2]!.keywords.push('改了');
    later[2]!.schemes.length = 0;
    later[2]!.sentiment.probabilities.negative = 2;
    later[2]!.regions[0]!.path.push('0');
    later[2]!.risk.categories[0]!.terms.push('改了');
    const again = p.analyse({ id: 'r5', ...post });
    expect({ ...again, dup: null }).toEqual({ ...expected, dup: null });
  });

  it('tells repeats apart by every field and title, and forgets them when settings change', () => {
    const p = pipeline();
    const text = '统计公报：兰州统计数据造假';
    const variants = [
      { text },
      { text, author: '新华社' },
      { text, source: 'weibo' },
      { text, region: '定西' },
      { title: '统计公报', text: '兰州统计数据造假' },
    ];
    const other = pipeline();
    const expected = variants.map((v) => other.analyseAlone({ id: 'x', ...v }).schemes);
    expect(new Set(expected.map((e) => e.join())).size).toBe(variants.length);
    for (let round = 0; round < 3; round++) {
      for (const [i, v] of variants.entries()) {
        const r = p.analyseAlone({ id: `v${i}`, ...v });
        expect(r.schemes, JSON.stringify(v)).toEqual(expected[i]);
      }
    }
    p.setSchemes([{ id: 'new', query: '兰州' }]);
    expect(p.analyseAlone({ id: 'y', text }).schemes).toEqual(['new']);
    p.setRisk({
      categories: [
        { id: 'bulletin', name: '公报', nameEn: 'Bulletin', weight: 0.5, terms: ['公报'] },
      ],
    });
    expect(p.analyseAlone({ id: 'y', text }).risk).toEqual({
      score: 0.5,
      categories: [{ id: 'bulletin', weight: 0.5, terms: ['公报'] }],
    });
  });

  it('reports schemes that do not compile, and matches the others', () => {
    const p = new AnalysisPipeline({
      schemes: [
        { id: 'bad', query: '(统计' },
        { id: 'good', query: '统计' },
      ],
    });
    expect([...p.schemeErrors.keys()]).toEqual(['bad']);
    expect(p.schemeErrors.get('bad')).toMatch(/\(at \d+\)/);
    expect(p.matchSchemes({ id: 'x', text: '统计' })).toEqual(['good']);
  });
});
