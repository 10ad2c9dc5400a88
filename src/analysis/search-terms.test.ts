import { describe, expect, it } from 'vitest';
import {
  documentTerms,
  excerpt,
  matchSpans,
  parseQuery,
  rank,
  searchNormalise,
  textTerms,
  type TermHit,
} from './search-terms.ts';

/** The index rows of some documents, as the store would give them for a query. */
function index(docs: Record<string, { title: string; body: string[] }>) {
  const hits: TermHit[] = [];
  const lengths = new Map<string, { title: number; body: number }>();
  let total = 0;
  for (const [id, doc] of Object.entries(docs)) {
    const d = documentTerms(doc);
    lengths.set(id, { title: d.titleLength, body: d.bodyLength });
    total += 3 * d.titleLength + d.bodyLength;
    for (const [term, c] of d.terms)
      hits.push({ caseId: id, term, titleTf: c.title, bodyTf: c.body });
  }
  const stats = { documents: lengths.size, averageLength: total / lengths.size };
  return (q: string) => {
    const query = parseQuery(q);
    const wanted = hits.filter(
      (h) =>
        query.scoring.includes(h.term) ||
        query.singles.some((s) => h.term.startsWith('b:') && h.term.includes(s)),
    );
    return rank(query, wanted, lengths, stats).map((r) => r.id);
  };
}

describe('search terms', () => {
  it('normalises traditional, full-width and case the same way for text and query', () => {
    expect(searchNormalise('統計數據ＧＤＰ')).toBe('统计数据gdp');
  });

  it('indexes jieba words and the bigrams of Han runs', () => {
    const terms = textTerms(searchNormalise('统计数据打架'));
    expect(terms).toContain('w:统计');
    expect(terms).toEqual(
      expect.arrayContaining(['b:统计', 'b:计数', 'b:数据', 'b:据打', 'b:打架']),
    );
    // Single Han characters are not words of the index; Latin words are.
    expect(textTerms('的 GDP'.toLowerCase())).toEqual(['w:gdp']);
  });

  it('parses a query into required bigrams, words and lone characters', () => {
    const q = parseQuery('數據 GDP 县');
    expect(q.required).toEqual(expect.arrayContaining(['b:数据', 'w:gdp', 's:县']));
    expect(q.minMatch).toBe(3);
    expect(parseQuery('，，  ').required).toEqual([]);
  });

  it('finds a traditional query in simplified text and a word inside a longer word', () => {
    const search = index({
      a: { title: '某县统计数据打架问题', body: ['网民质疑两份数据打架。'] },
      b: { title: '人口普查工作', body: ['普查登记按时完成。'] },
    });
    expect(search('數據打架')).toEqual(['a']);
    // 数据 is inside 统计数据 and 数据打架 (one jieba word each): found by its bigram.
    expect(search('数据')).toEqual(['a']);
    expect(search('普查')).toEqual(['b']);
    expect(search('没有的词语')).toEqual([]);
  });

  it('ranks a match in the title above one in the body', () => {
    const search = index({
      body: {
        title: '一次舆情应对的回顾',
        body: ['网传失业率数据有误，办公室在一小时内发布说明。', '后续跟进。'],
      },
      title: {
        title: '失业率数据误读的澄清',
        body: ['办公室在一小时内发布说明，媒体转载。', '后续跟进。'],
      },
      none: { title: '人口普查', body: ['登记工作'] },
    });
    expect(search('失业率')).toEqual(['title', 'body']);
  });

  it('marks the matched fragments in the original text, traditional or full-width', () => {
    const q = parseQuery('数据打架');
    const text = '网传某县統計數據打架，已澄清';
    const spans = matchSpans(text, q);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['數據打架']);
    // A query that is not found whole is marked by its bigrams.
    const partial = matchSpans('数据和打架', parseQuery('数据打架'));
    expect(partial.map((s) => '数据和打架'.slice(s.start, s.end))).toEqual(['数据', '打架']);
    expect(matchSpans('ＧＤＰ增速', parseQuery('gdp'))).toEqual([{ start: 0, end: 3 }]);
  });

  it('cuts an excerpt around the first mark and moves the marks with it', () => {
    const text = `${'前'.repeat(200)}关键${'后'.repeat(200)}`;
    const e = excerpt(text, [{ start: 200, end: 202 }], 60);
    expect(e.text.startsWith('…')).toBe(true);
    expect(e.text.endsWith('…')).toBe(true);
    const m = e.marks[0]!;
    expect(e.text.slice(m.start, m.end)).toBe('关键');
    expect(excerpt('短文本', [])).toEqual({ text: '短文本', marks: [] });
  });
});
