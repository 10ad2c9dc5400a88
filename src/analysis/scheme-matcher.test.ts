import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import {
  FIELDS,
  parseScheme,
  schemeToString,
  type Field,
  type SchemeNode,
  type TermNode,
} from '../domain/scheme-language.ts';
import { analysisText } from './normalise.ts';
import { naiveEvaluate, naiveMatch, foldScheme } from './scheme-matcher-naive.ts';
import {
  compileSchemes,
  foldForMatch,
  nearWithin,
  prepareDoc,
  type MatchDoc,
  type PreparedDoc,
} from './scheme-matcher.ts';

/** Small deterministic PRNG so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function doc(text: string, rest: Partial<MatchDoc> = {}): MatchDoc {
  return { title: '', author: '', source: '', region: '', ...rest, text };
}

/** Ids of the given schemes (id = query) that match, by the compiled matcher. */
function matching(queries: readonly string[], d: MatchDoc): string[] {
  const compiled = compileSchemes(queries.map((q) => ({ id: q, query: q })));
  expect(compiled.errors.size).toBe(0);
  return compiled.match(prepareDoc(d));
}

/** Whether one query matches, by both evaluators (which must agree). */
function matches(query: string, d: MatchDoc): boolean {
  const fast = matching([query], d).length === 1;
  expect(naiveMatch(query, d), `naive and compiled disagree on ${query}`).toBe(fast);
  return fast;
}

describe('folding', () => {
  it('traditional and simplified match each other', () => {
    expect(matches('統計局', doc('国家统计局发布'))).toBe(true);
    expect(matches('统计局', doc('國家統計局發佈'))).toBe(true);
    expect(matches('"國家 統計局"', doc('国家 统计局'))).toBe(true);
  });

  it('Latin case and full-width ASCII do not matter', () => {
    expect(matches('GDP', doc('今年gdp增长'))).toBe(true);
    expect(matches('gdp', doc('今年ＧＤＰ增长'))).toBe(true);
    expect(matches('ＧＤＰ', doc('今年GdP增长'))).toBe(true);
    expect(matches('COVID-19', doc('covid－19 疫情'))).toBe(true);
  });

  it('folding twice is harmless: analysis text matches like the raw post', () => {
    const raw = '國家統計局：ＧＤＰ增長6.1%';
    const once = prepareDoc(doc(analysisText({ text: raw })));
    const twice = prepareDoc(doc(foldForMatch(analysisText({ text: raw }))));
    expect(twice).toEqual(once);
    const compiled = compileSchemes([{ id: 's', query: '统计局 gdp 增长' }]);
    expect(compiled.match(once)).toEqual(['s']);
    expect(compiled.match(prepareDoc(doc(raw)))).toEqual(['s']);
  });

  it('keeps the length of Chinese text, so positions also fit the unfolded post', () => {
    const raw = '國家統計局：ＧＤＰ增長';
    expect(foldForMatch(raw)).toHaveLength(raw.length);
  });
});

describe('operators and fields', () => {
  const d = doc('武汉 口罩 供应', {
    title: '疫情通报',
    author: '新华社',
    source: '微博',
    region: '湖北 武汉',
  });

  it('AND, OR, NOT and parentheses', () => {
    expect(matches('武汉 口罩', d)).toBe(true);
    expect(matches('武汉 & 北京', d)).toBe(false);
    expect(matches('北京 | 口罩', d)).toBe(true);
    expect(matches('武汉 -北京', d)).toBe(true);
    expect(matches('武汉 -口罩', d)).toBe(false);
    expect(matches('(北京 | 上海) 口罩', d)).toBe(false);
    expect(matches('北京 | 上海 口罩', d)).toBe(false);
    expect(matches('-(-武汉)', d)).toBe(true);
    expect(matches('-(-北京 | -武汉)', d)).toBe(false);
    expect(matches('-(-口罩 | -武汉)', d)).toBe(true);
  });

  it('an unscoped term looks in the title and the text only', () => {
    expect(matches('疫情', d)).toBe(true);
    expect(matches('供应', d)).toBe(true);
    expect(matches('新华社', d)).toBe(false);
    expect(matches('湖北', d)).toBe(false);
  });

  it('scoped terms look only in their field', () => {
    expect(matches('title:疫情', d)).toBe(true);
    expect(matches('text:疫情', d)).toBe(false);
    expect(matches('title:武汉', d)).toBe(false);
    expect(matches('text:武汉', d)).toBe(true);
    expect(matches('author:新华', d)).toBe(true);
    expect(matches('source:微博 region:湖北', d)).toBe(true);
    expect(matches('region:(北京 | 湖北) -author:人民日报', d)).toBe(true);
    expect(matches('author:武汉', d)).toBe(false);
  });

  it('a term across the title/text line break is only in the unscoped field', () => {
    const twoLines = doc('通报', { title: '疫情' });
    expect(matches('"疫情\n通报"', twoLines)).toBe(true);
    expect(matches('title:"疫情\n通报"', twoLines)).toBe(false);
    expect(matches('text:"疫情\n通报"', twoLines)).toBe(false);
    // Without a title the text still starts after the line break, not at it.
    expect(matches('"\n通报"', doc('通报'))).toBe(true);
    expect(matches('text:"\n通报"', doc('通报'))).toBe(false);
  });
});

describe('NEAR', () => {
  it('counts the characters between the items, in either order', () => {
    expect(matches('NEAR/1(武汉, 口罩)', doc('武汉口罩'))).toBe(true);
    expect(matches('NEAR/1(武汉, 口罩)', doc('武汉的口罩'))).toBe(true);
    expect(matches('NEAR/1(武汉, 口罩)', doc('武汉买的口罩'))).toBe(false);
    expect(matches('NEAR/2(武汉, 口罩)', doc('武汉买的口罩'))).toBe(true);
    expect(matches('NEAR/1(武汉, 口罩)', doc('口罩在武汉'))).toBe(true);
    expect(matches('NEAR/1(武汉, 口罩)', doc('口罩x在武汉'))).toBe(false);
  });

  it('with three items counts every character inside the window not in an item', () => {
    // a_b__c: 1 + 2 characters between
    expect(matches('NEAR/3(甲, 乙, 丙)', doc('甲x乙xx丙'))).toBe(true);
    expect(matches('NEAR/2(甲, 乙, 丙)', doc('甲x乙xx丙'))).toBe(false);
    expect(matches('NEAR/3(丙, 甲, 乙)', doc('甲x乙xx丙'))).toBe(true);
  });

  it('picks the best occurrences when terms repeat', () => {
    const text = '武汉xxxxxxxxxx口罩xxxxxxxxxx武汉x口罩';
    expect(matches('NEAR/1(武汉, 口罩)', doc(text))).toBe(true);
    expect(matches('NEAR/1(武汉, 口罩)', doc(text.slice(0, 24)))).toBe(false);
  });

  it('overlapping occurrences satisfy any distance; the same term twice is the term', () => {
    expect(matches('NEAR/1(武汉市, 汉市长)', doc('武汉市长'))).toBe(true);
    expect(matches('NEAR/1(武汉, 武汉)', doc('武汉'))).toBe(true);
  });

  it('needs every item, in the NEAR field only', () => {
    expect(matches('NEAR/5(武汉, 口罩)', doc('武汉'))).toBe(false);
    expect(matches('title:NEAR/5(武汉, 口罩)', doc('武汉口罩'))).toBe(false);
    expect(matches('title:NEAR/5(武汉, 口罩)', doc('', { title: '武汉口罩' }))).toBe(true);
    expect(matches('author:NEAR/1(新华, 社)', doc('', { author: '新华通讯社' }))).toBe(false);
    expect(matches('author:NEAR/2(新华, 社)', doc('', { author: '新华通讯社' }))).toBe(true);
    // The title/text line break counts as one character.
    expect(matches('NEAR/1(通报, 武汉)', doc('武汉', { title: '通报' }))).toBe(true);
    expect(matches('NEAR/1(通报, 武汉)', doc('x武汉', { title: '通报' }))).toBe(false);
  });

  it('nearWithin agrees with trying every combination', () => {
    const random = rng(3);
    for (let round = 0; round < 3000; round++) {
      const k = 2 + Math.floor(random() * 3);
      const lens = Array.from({ length: k }, () => 1 + Math.floor(random() * 3));
      const starts = lens.map(() =>
        [
          ...new Set(
            Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * 30)),
          ),
        ].sort((a, b) => a - b),
      );
      const n = Math.floor(random() * 8);
      const total = lens.reduce((a, b) => a + b, 0);
      const brute = (i: number, lo: number, hi: number): boolean =>
        i === k
          ? hi - lo - total <= n
          : starts[i]!.some((s) => brute(i + 1, Math.min(lo, s), Math.max(hi, s + lens[i]!)));
      expect(nearWithin(starts, lens, n + total)).toBe(brute(0, Infinity, -Infinity));
    }
  });
});

describe('compiled sets', () => {
  it('reports invalid queries by id and matches the rest, in input order', () => {
    const compiled = compileSchemes([
      { id: 'z', query: '口罩' },
      { id: 'bad1', query: '(口罩' },
      { id: 'a', query: '武汉 | 北京' },
      { id: 'bad2', query: '-武汉' },
      { id: 'm', query: 'NEAR/3(武汉, 口罩)' },
      { id: 'none', query: '上海' },
    ]);
    expect([...compiled.errors.keys()]).toEqual(['bad1', 'bad2']);
    expect(compiled.errors.get('bad2')?.[0]?.code).toBe('no-positive-term');
    expect(compiled.schemeCount).toBe(4);
    expect(compiled.match(prepareDoc(doc('武汉的口罩')))).toEqual(['z', 'a', 'm']);
    expect(compiled.match(prepareDoc(doc('')))).toEqual([]);
  });

  it('shares terms between schemes and fields in one automaton', () => {
    const compiled = compileSchemes([
      { id: '1', query: '統計局 gdp' },
      { id: '2', query: '统计局 | title:统计局' },
      { id: '3', query: 'GDP -author:统计局' },
    ]);
    // 统计局 unscoped, title:, author: and gdp: four terms, two patterns.
    expect(compiled.termCount).toBe(4);
    expect(compiled.automatonSize).toBe(1 + 3 + 3);
    expect(compiled.match(prepareDoc(doc('统计局 GDP', { author: '统计局' })))).toEqual(['1', '2']);
  });

  it('explains a match with the spans of its positive terms', () => {
    const compiled = compileSchemes([
      { id: 's', query: '統計局 (GDP | 数据) -造假 title:通报' },
      { id: 'n', query: 'author:NEAR/2(新华, 社)' },
      { id: 'x', query: '上海' },
    ]);
    const d = prepareDoc(
      doc('国家统计局公布GDP，统计局称', { title: '统计局通报', author: '新华社' }),
    );
    expect(compiled.matchDetailed(d)).toEqual([
      {
        id: 's',
        hits: [
          { field: 'title', start: 0, end: 3, term: '統計局' },
          { field: 'title', start: 3, end: 5, term: '通报' },
          { field: 'text', start: 2, end: 5, term: '統計局' },
          { field: 'text', start: 7, end: 10, term: 'GDP' },
          { field: 'text', start: 11, end: 14, term: '統計局' },
        ],
      },
      {
        id: 'n',
        hits: [
          { field: 'author', start: 0, end: 2, term: '新华' },
          { field: 'author', start: 2, end: 3, term: '社' },
        ],
      },
    ]);
    expect(compiled.explain(d, 'n')).toEqual(compiled.matchDetailed(d)[1]?.hits);
    expect(compiled.explain(d, 'x')).toBeUndefined();
    expect(compiled.explain(d, 'nope')).toBeUndefined();
    // A phrase across the title/text line break is reported in both fields.
    const across = compileSchemes([{ id: 'p', query: '"报\n国家"' }]);
    expect(across.matchDetailed(d)[0]?.hits).toEqual([
      { field: 'title', start: 4, end: 5, term: '报\n国家' },
      { field: 'text', start: 0, end: 2, term: '报\n国家' },
    ]);
  });

  it('never throws on odd queries', () => {
    const random = rng(11);
    const chars = ['a', '-', '(', ')', '|', '"', ' ', 'NEAR/2(', ',', 'title:', '统'];
    const schemes = Array.from({ length: 500 }, (_, i) => ({
      id: String(i),
      query: Array.from(
        { length: Math.floor(random() * 12) },
        () => chars[Math.floor(random() * chars.length)],
      ).join(''),
    }));
    const compiled = compileSchemes(schemes);
    expect(compiled.errors.size + compiled.schemeCount).toBe(500);
    const d: MatchDoc = doc('a统a-统', { title: 'aa' });
    const expected = schemes.filter((s) => naiveMatch(s.query, d)).map((s) => s.id);
    expect(compiled.match(prepareDoc(d))).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: the compiled matcher against the naive one, many schemes in one automaton.

interface SchemeGen {
  /** Random terms, weighted as the caller likes. */
  term: () => string;
  random: () => number;
}

/** A random valid scheme over a vocabulary: AND/OR/NOT/NEAR, fields, phrases. */
function randomScheme(gen: SchemeGen, fieldRate: number): string {
  const { random, term } = gen;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const field = (): Field | undefined => (random() < fieldRate ? pick(FIELDS) : undefined);
  const leaf = (f: Field | undefined): TermNode => {
    const node: TermNode = {
      type: 'term',
      value: term(),
      phrase: random() < 0.2,
      start: 0,
      end: 0,
    };
    if (f) node.field = f;
    return node;
  };
  const tree = (depth: number): SchemeNode => {
    const r = random();
    const f = field();
    if (depth <= 0 || r < 0.35) return leaf(f);
    if (r < 0.5) {
      const items = Array.from({ length: 2 + Math.floor(random() * 2) }, () => leaf(f));
      const node: SchemeNode = {
        type: 'near',
        distance: 1 + Math.floor(random() * (random() < 0.5 ? 5 : 40)),
        items,
        start: 0,
        end: 0,
      };
      if (f) node.field = f;
      return node;
    }
    if (r < 0.65) return { type: 'not', child: tree(depth - 1), start: 0, end: 0 };
    const children = Array.from({ length: 2 + Math.floor(random() * 2) }, () => tree(depth - 1));
    return { type: r < 0.85 ? 'and' : 'or', children, start: 0, end: 0 };
  };
  for (;;) {
    const text = schemeToString(tree(1 + Math.floor(random() * 3)));
    if (parseScheme(text).ok) return text;
  }
}

interface Agreement {
  pairs: number;
  matchedPairs: number;
  schemesMatching: number;
  docsMatching: number;
}

/** Compiles all schemes together and compares with the naive evaluator on every doc. */
function compare(queries: readonly string[], docs: readonly MatchDoc[]): Agreement {
  const compiled = compileSchemes(queries.map((query, i) => ({ id: String(i), query })));
  expect(compiled.errors.size).toBe(0);
  const naive = queries.map((q) => {
    const r = parseScheme(q);
    if (!r.ok) throw new Error(q);
    return foldScheme(r.ast);
  });
  const hitSchemes = new Set<number>();
  let matchedPairs = 0;
  let docsMatching = 0;
  for (const d of docs) {
    const prepared: PreparedDoc = prepareDoc(d);
    const expected: string[] = [];
    naive.forEach((ast, i) => {
      if (naiveEvaluate(ast, prepared)) expected.push(String(i));
    });
    const got = compiled.match(prepared);
    if (got.join() !== expected.join()) {
      const wrong = [...new Set([...got, ...expected])].filter(
        (id) => got.includes(id) !== expected.includes(id),
      );
      const id = Number(wrong[0]);
      expect.fail(
        `scheme ${queries[id]} on ${JSON.stringify(d)}: compiled ${got.includes(String(id))}`,
      );
    }
    matchedPairs += got.length;
    if (got.length > 0) docsMatching++;
    for (const id of got) hitSchemes.add(Number(id));
  }
  return {
    pairs: queries.length * docs.length,
    matchedPairs,
    schemesMatching: hitSchemes.size,
    docsMatching,
  };
}

describe('compiled matcher = naive matcher', () => {
  it('on synthetic posts with overlapping, traditional, Latin and full-width terms', () => {
    const random = rng(2024);
    const vocab = [
      '武汉',
      '汉口',
      '武汉市',
      '口罩',
      '口',
      '统计',
      '統計',
      '局',
      'ab',
      'AB',
      'ｂ',
      'b',
      'a b',
      '市长',
    ];
    const pieces = [...vocab, 'x', ' ', '的', '\n', 'Ａ', '長'];
    const gen: SchemeGen = { random, term: () => vocab[Math.floor(random() * vocab.length)]! };
    const queries = Array.from({ length: 1500 }, () => randomScheme(gen, 0.3));
    const text = (max: number) =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    const docs = Array.from({ length: 400 }, () => ({
      title: random() < 0.5 ? text(4) : '',
      text: text(14),
      author: random() < 0.5 ? text(3) : '',
      source: random() < 0.5 ? text(3) : '',
      region: random() < 0.5 ? text(3) : '',
    }));
    const a = compare(queries, docs);
    // The test can fail: plenty of matches, far from all.
    expect(a.matchedPairs / a.pairs).toBeGreaterThan(0.05);
    expect(a.matchedPairs / a.pairs).toBeLessThan(0.8);
    expect(a.schemesMatching / queries.length).toBeGreaterThan(0.5);
  });

  const dir = sharedData('stream/covid19_weibo_daily', 'scheme-matcher real posts');
  it.skipIf(dir === undefined)(
    'on 2,000 real Weibo posts with 2,000 schemes over words that occur in them',
    () => {
      const posts = readPosts(dir!, 2000);
      expect(posts.length).toBe(2000);
      const random = rng(7);
      const vocab = vocabulary(posts);
      const gen: SchemeGen = {
        random,
        // Mostly frequent n-grams, so schemes match; some rarer ones, so they also fail.
        term: () => {
          const band = random() < 0.7 ? 60 : vocab.length;
          return vocab[Math.floor(random() * Math.min(band, vocab.length))]!;
        },
      };
      const queries = Array.from({ length: 2000 }, () => randomScheme(gen, 0.1));
      const regions = ['湖北 武汉', '甘肃 兰州', '北京', '广东 深圳', ''];
      const docs = posts.map((p, i) => {
        // Some posts get a title (their first clause) so title/text scopes are exercised.
        const cut = i % 5 === 0 ? p.text.search(/[，。！？]/u) : -1;
        return {
          title: cut > 0 ? p.text.slice(0, cut) : '',
          text: cut > 0 ? p.text.slice(cut + 1) : p.text,
          author: p.userid,
          source: i % 3 === 0 ? '微博' : '新浪新闻',
          region: regions[i % regions.length]!,
        };
      });
      const a = compare(queries, docs);
      expect(a.matchedPairs / a.pairs).toBeGreaterThan(0.01);
      expect(a.matchedPairs / a.pairs).toBeLessThan(0.5);
      expect(a.schemesMatching / queries.length).toBeGreaterThan(0.4);
      expect(a.docsMatching / docs.length).toBeGreaterThan(0.5);
    },
    120_000,
  );
});

/** Records of a CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines). */
function csvRecords(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** `limit` posts spread over the day files (the first of each file in turn). */
function readPosts(dir: string, limit: number): { userid: string; text: string }[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const per = Math.ceil(limit / files.length);
  const posts: { userid: string; text: string }[] = [];
  for (const f of files) {
    // The first 200 kB of each file is plenty; the last record read may be cut, so it goes.
    const fd = fs.openSync(path.join(dir, f), 'r');
    const buffer = Buffer.alloc(200_000);
    const size = fs.readSync(fd, buffer, 0, buffer.length, 0);
    fs.closeSync(fd);
    const rows = csvRecords(buffer.subarray(0, size).toString('utf8')).slice(1, -1);
    let taken = 0;
    for (const [userid, text] of rows) {
      if (posts.length >= limit || taken >= per) break;
      if (!userid || !text?.trim() || text.length > 400) continue;
      posts.push({ userid, text });
      taken++;
    }
  }
  return posts;
}

/** Han n-grams (2-4) and Latin words of the posts, most frequent first. */
function vocabulary(posts: readonly { text: string }[]): string[] {
  const counts = new Map<string, number>();
  const bump = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const { text } of posts) {
    const folded = foldForMatch(text);
    for (const run of folded.match(/\p{Script=Han}+/gu) ?? []) {
      for (let n = 2; n <= 4; n++)
        for (let i = 0; i + n <= run.length; i++) bump(run.slice(i, i + n));
    }
    for (const w of folded.match(/[a-z]{2,}/gu) ?? []) bump(w);
  }
  return [...counts.entries()]
    .filter(([, c]) => c >= 3)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w)
    .slice(0, 3000);
}
