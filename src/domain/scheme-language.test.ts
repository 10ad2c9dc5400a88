import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  MAX_NESTING,
  MAX_SCHEME_LENGTH,
  parseScheme,
  schemeToString,
  tokenizeScheme,
  type Field,
  type SchemeErrorCode,
  type SchemeNode,
  type TermNode,
} from './scheme-language.ts';

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

/** A tree without positions, for comparing shapes. */
type Shape =
  | { type: 'term'; field?: Field; value: string; phrase: boolean }
  | { type: 'and' | 'or'; children: Shape[] }
  | { type: 'not'; child: Shape }
  | { type: 'near'; field?: Field; distance: number; items: Shape[] };

function shape(node: SchemeNode): Shape {
  switch (node.type) {
    case 'term': {
      const s: Shape = { type: 'term', value: node.value, phrase: node.phrase };
      if (node.field) s.field = node.field;
      return s;
    }
    case 'and':
    case 'or':
      return { type: node.type, children: node.children.map(shape) };
    case 'not':
      return { type: 'not', child: shape(node.child) };
    case 'near': {
      const s: Shape = { type: 'near', distance: node.distance, items: node.items.map(shape) };
      if (node.field) s.field = node.field;
      return s;
    }
  }
}

function ast(source: string): SchemeNode {
  const r = parseScheme(source);
  if (!r.ok) throw new Error(`${source}: ${JSON.stringify(r.errors)}`);
  return r.ast;
}

const parsed = (source: string): Shape => shape(ast(source));

/** Shorthands for expected shapes. */
const t = (value: string, field?: Field): Shape =>
  field ? { type: 'term', value, phrase: false, field } : { type: 'term', value, phrase: false };
const p = (value: string, field?: Field): Shape =>
  field ? { type: 'term', value, phrase: true, field } : { type: 'term', value, phrase: true };
const and = (...children: Shape[]): Shape => ({ type: 'and', children });
const or = (...children: Shape[]): Shape => ({ type: 'or', children });
const not = (child: Shape): Shape => ({ type: 'not', child });
const near = (distance: number, items: Shape[], field?: Field): Shape =>
  field ? { type: 'near', distance, items, field } : { type: 'near', distance, items };

/** The errors of a source as [code, start, end]. */
function errorsOf(source: string): [SchemeErrorCode, number, number][] {
  const r = parseScheme(source);
  if (r.ok) throw new Error(`${source} parsed: ${schemeToString(r.ast)}`);
  return r.errors.map((e) => [e.code, e.start, e.end]);
}

describe('parseScheme: grammar', () => {
  it('reads terms, including Latin, digits, hyphens, colons and commas', () => {
    expect(parsed('统计局')).toEqual(t('统计局'));
    expect(parsed('GDP')).toEqual(t('GDP'));
    expect(parsed('COVID-19')).toEqual(t('COVID-19'));
    expect(parsed('加油!')).toEqual(t('加油!'));
    expect(parsed('加油！')).toEqual(t('加油！'));
    expect(parsed('http://x.cn/a?b=1')).toEqual(t('http://x.cn/a?b=1'));
    expect(parsed('10:30')).toEqual(t('10:30'));
    expect(parsed('a,b')).toEqual(t('a,b'));
    expect(parsed('  统计局  ')).toEqual(t('统计局'));
  });

  it('reads quoted phrases with spaces, operators and escapes', () => {
    expect(parsed('"国家 统计局"')).toEqual(p('国家 统计局'));
    expect(parsed('"a | (b) & -c"')).toEqual(p('a | (b) & -c'));
    expect(parsed('"say \\"hi\\""')).toEqual(p('say "hi"'));
    expect(parsed('"back\\\\slash"')).toEqual(p('back\\slash'));
    expect(parsed('"a\\b"')).toEqual(p('a\\b'));
    expect(parsed('"title:x"')).toEqual(p('title:x'));
    expect(parsed('"NEAR/3(a,b)"')).toEqual(p('NEAR/3(a,b)'));
  });

  it('accepts the full-width and curly quotes of Chinese input methods', () => {
    expect(parsed('“国家 统计局”')).toEqual(p('国家 统计局'));
    expect(parsed('＂国家统计局＂')).toEqual(p('国家统计局'));
    expect(parsed('“国家统计局“')).toEqual(p('国家统计局'));
    expect(parsed('"国家统计局”')).toEqual(p('国家统计局'));
  });

  it('ANDs by juxtaposition or &, ORs by |', () => {
    expect(parsed('a b c')).toEqual(and(t('a'), t('b'), t('c')));
    expect(parsed('a&b')).toEqual(and(t('a'), t('b')));
    expect(parsed('a & b')).toEqual(and(t('a'), t('b')));
    expect(parsed('a|b')).toEqual(or(t('a'), t('b')));
    expect(parsed('a | b | c')).toEqual(or(t('a'), t('b'), t('c')));
    expect(parsed('"a"b')).toEqual(and(p('a'), t('b')));
    expect(parsed('a"b"')).toEqual(and(t('a'), p('b')));
  });

  it('NOT by a leading - or ! (or ！), binding tightest', () => {
    expect(parsed('a -b')).toEqual(and(t('a'), not(t('b'))));
    expect(parsed('a !b')).toEqual(and(t('a'), not(t('b'))));
    expect(parsed('a ！b')).toEqual(and(t('a'), not(t('b'))));
    expect(parsed('a - b')).toEqual(and(t('a'), not(t('b'))));
    expect(parsed('a -b c')).toEqual(and(t('a'), not(t('b')), t('c')));
    expect(parsed('a | -b c')).toEqual(or(t('a'), and(not(t('b')), t('c'))));
    expect(parsed('a -(b | c)')).toEqual(and(t('a'), not(or(t('b'), t('c')))));
    expect(parsed('--a')).toEqual(not(not(t('a'))));
    expect(parsed('a "x"-y')).toEqual(and(t('a'), p('x'), not(t('y'))));
  });

  it('precedence NOT > AND > OR, and parentheses', () => {
    expect(parsed('a b | c d')).toEqual(or(and(t('a'), t('b')), and(t('c'), t('d'))));
    expect(parsed('a (b | c) d')).toEqual(and(t('a'), or(t('b'), t('c')), t('d')));
    expect(parsed('(a)')).toEqual(t('a'));
    expect(parsed('((a b))')).toEqual(and(t('a'), t('b')));
    expect(parsed('a (b c)')).toEqual(and(t('a'), and(t('b'), t('c'))));
    expect(parsed('x(y)')).toEqual(and(t('x'), t('y')));
  });

  it('accepts full-width operators and parentheses as the same operators', () => {
    expect(parsed('（a ｜ b）＆ ！c')).toEqual(parsed('(a | b) & !c'));
    expect(parsed('（a｜b）c')).toEqual(and(or(t('a'), t('b')), t('c')));
    expect(parsed('a　b')).toEqual(and(t('a'), t('b'))); // ideographic space
  });

  it('field scopes on terms, phrases, groups and NEAR; innermost wins', () => {
    for (const f of FIELDS) expect(parsed(`${f}:统计局`)).toEqual(t('统计局', f));
    expect(parsed('TITLE:a')).toEqual(t('a', 'title'));
    expect(parsed('title：a')).toEqual(t('a', 'title'));
    expect(parsed('author:"新华 社"')).toEqual(p('新华 社', 'author'));
    expect(parsed('source:(a | b) c')).toEqual(and(or(t('a', 'source'), t('b', 'source')), t('c')));
    expect(parsed('title:(a text:b)')).toEqual(and(t('a', 'title'), t('b', 'text')));
    expect(parsed('title:(a -(b | c))')).toEqual(
      and(t('a', 'title'), not(or(t('b', 'title'), t('c', 'title')))),
    );
    expect(parsed('-region:甘肃 a')).toEqual(and(not(t('甘肃', 'region')), t('a')));
    expect(parsed('title:NEAR/5(a, b)')).toEqual(
      near(5, [t('a', 'title'), t('b', 'title')], 'title'),
    );
    expect(parsed('text:(NEAR/2(a,b))')).toEqual(near(2, [t('a', 'text'), t('b', 'text')], 'text'));
  });

  it('other words before a colon are literal terms', () => {
    expect(parsed('xyz:a')).toEqual(t('xyz:a'));
    expect(parsed('titel:a')).toEqual(t('titel:a'));
    expect(parsed('subtitle:a')).toEqual(t('subtitle:a'));
    expect(parsed('source:http://x.cn')).toEqual(t('http://x.cn', 'source'));
  });

  it('NEAR with terms and phrases, any case, full-width comma and parenthesis', () => {
    expect(parsed('NEAR/5(数据, 造假)')).toEqual(near(5, [t('数据'), t('造假')]));
    expect(parsed('near/1(a,b,c)')).toEqual(near(1, [t('a'), t('b'), t('c')]));
    expect(parsed('NEAR/1000("a b", c)')).toEqual(near(1000, [p('a b'), t('c')]));
    expect(parsed('NEAR/3（a，b）')).toEqual(near(3, [t('a'), t('b')]));
    expect(parsed('NEAR/3( a , b )')).toEqual(near(3, [t('a'), t('b')]));
    expect(parsed('NEAR/3(COVID-19, 武汉)')).toEqual(near(3, [t('COVID-19'), t('武汉')]));
    expect(parsed('x NEAR/3(a,b) | -y z')).toEqual(
      or(and(t('x'), near(3, [t('a'), t('b')])), and(not(t('y')), t('z'))),
    );
    expect(parsed('-NEAR/3(a,b) c')).toEqual(and(not(near(3, [t('a'), t('b')])), t('c')));
    // Outside NEAR, a word NEAR is a term.
    expect(parsed('NEAR far')).toEqual(and(t('NEAR'), t('far')));
    expect(parsed('NEAR (a)')).toEqual(and(t('NEAR'), t('a')));
  });

  it('puts positions on every node', () => {
    const tree = ast('title:(a | "b c") -NEAR/2(x, y)');
    expect(tree).toEqual({
      type: 'and',
      start: 0,
      end: 31,
      children: [
        {
          type: 'or',
          start: 7,
          end: 16,
          children: [
            { type: 'term', field: 'title', value: 'a', phrase: false, start: 7, end: 8 },
            { type: 'term', field: 'title', value: 'b c', phrase: true, start: 11, end: 16 },
          ],
        },
        {
          type: 'not',
          start: 18,
          end: 31,
          child: {
            type: 'near',
            distance: 2,
            start: 19,
            end: 31,
            items: [
              { type: 'term', value: 'x', phrase: false, start: 26, end: 27 },
              { type: 'term', value: 'y', phrase: false, start: 29, end: 30 },
            ],
          },
        },
      ],
    });
  });

  it('lists the distinct terms, with whether they are only wanted absent', () => {
    const r = parseScheme('a b -c title:a a -(-d) NEAR/2(a, e) -a');
    expect(r.ok && r.terms).toEqual([
      { value: 'a', phrase: false, negated: false },
      { value: 'b', phrase: false, negated: false },
      { value: 'c', phrase: false, negated: true },
      { field: 'title', value: 'a', phrase: false, negated: false },
      { value: 'd', phrase: false, negated: false },
      { value: 'e', phrase: false, negated: false },
    ]);
  });
});

describe('parseScheme: errors', () => {
  const cases: [string, [SchemeErrorCode, number, number][]][] = [
    ['', [['empty', 0, 0]]],
    ['   \n ', [['empty', 0, 5]]],
    ['(a', [['unclosed-paren', 0, 1]]],
    ['a (b (c)', [['unclosed-paren', 2, 3]]],
    ['a)', [['unmatched-paren', 1, 2]]],
    [
      'a) b)',
      [
        ['unmatched-paren', 1, 2],
        ['unmatched-paren', 4, 5],
      ],
    ],
    ['()', [['empty-group', 0, 2]]],
    ['a ( )', [['empty-group', 2, 5]]],
    ['a |', [['dangling-operator', 2, 3]]],
    ['| a', [['dangling-operator', 0, 1]]],
    ['& b', [['dangling-operator', 0, 1]]],
    ['a &', [['dangling-operator', 2, 3]]],
    ['a | | b', [['dangling-operator', 2, 3]]],
    ['a & | b', [['dangling-operator', 2, 3]]],
    ['a -', [['dangling-operator', 2, 3]]],
    ['(a |)', [['dangling-operator', 3, 4]]],
    ['|', [['dangling-operator', 0, 1]]],
    ['"abc', [['unterminated-quote', 0, 4]]],
    ['a "b c', [['unterminated-quote', 2, 6]]],
    ['"a\\"', [['unterminated-quote', 0, 4]]],
    ['""', [['empty-phrase', 0, 2]]],
    ['a "  "', [['empty-phrase', 2, 6]]],
    ['title: a', [['field-without-operand', 0, 6]]],
    ['title:', [['field-without-operand', 0, 6]]],
    ['a title:-b', [['field-without-operand', 2, 8]]],
    ['title:text:a', [['field-without-operand', 0, 6]]],
    ['title:|a', [['field-without-operand', 0, 6]]],
    ['NEAR(a, b)', [['near-missing-n', 0, 4]]],
    ['NEAR/(a, b)', [['near-missing-n', 0, 5]]],
    ['NEAR/0(a, b)', [['near-bad-n', 0, 6]]],
    ['NEAR/1001(a, b)', [['near-bad-n', 0, 9]]],
    ['NEAR/x(a, b)', [['near-bad-n', 0, 6]]],
    ['NEAR/2.5(a, b)', [['near-bad-n', 0, 8]]],
    ['NEAR/-1(a, b)', [['near-bad-n', 0, 7]]],
    ['NEAR/5 (a, b)', [['near-missing-paren', 0, 6]]],
    ['NEAR/5', [['near-missing-paren', 0, 6]]],
    ['NEAR/5(a)', [['near-too-few-items', 0, 9]]],
    ['NEAR/5()', [['near-too-few-items', 0, 8]]],
    ['NEAR/5(a, b', [['unclosed-paren', 6, 7]]],
    ['NEAR/5(a b, c)', [['near-missing-comma', 9, 10]]],
    ['NEAR/5(a, (b))', [['near-bad-item', 10, 13]]],
    ['NEAR/5(a, -b)', [['near-bad-item', 10, 12]]],
    ['NEAR/5(a, b | c)', [['near-bad-item', 12, 15]]],
    ['NEAR/5(title:a, b)', [['near-bad-item', 7, 14]]],
    ['NEAR/5(a, NEAR/2(b, c))', [['near-bad-item', 10, 22]]],
    ['NEAR/5(a, "b)', [['unterminated-quote', 10, 13]]],
    ['NEAR/5(a,,b)', [['near-empty-item', 8, 10]]],
    ['NEAR/5(,a,b)', [['near-empty-item', 6, 8]]],
    ['NEAR/5(a,b,)', [['near-empty-item', 10, 12]]],
    ['NEAR/5(a, "")', [['empty-phrase', 10, 12]]],
    ['-a', [['no-positive-term', 0, 2]]],
    ['!a', [['no-positive-term', 0, 2]]],
    ['  -a -b  ', [['no-positive-term', 2, 7]]],
    ['a | -b', [['no-positive-term', 0, 6]]],
    ['-(a b)', [['no-positive-term', 0, 6]]],
    ['-NEAR/3(a, b)', [['no-positive-term', 0, 13]]],
    [
      '(a | ) b) "c',
      [
        ['dangling-operator', 3, 4],
        ['unmatched-paren', 8, 9],
        ['unterminated-quote', 10, 12],
      ],
    ],
    [
      'NEAR/0(a) & | title: x',
      [
        ['near-bad-n', 0, 6],
        ['near-too-few-items', 0, 9],
        ['dangling-operator', 10, 11],
        ['field-without-operand', 14, 20],
      ],
    ],
  ];
  for (const [source, expected] of cases) {
    it(`${JSON.stringify(source)} -> ${expected.map((e) => e[0]).join(', ')}`, () => {
      expect(errorsOf(source)).toEqual(expected);
    });
  }

  it('accepts double negation and NOT beside a positive term', () => {
    expect(parsed('-(-a)')).toEqual(not(not(t('a'))));
    expect(parsed('-(-a | -b)')).toEqual(not(or(not(t('a')), not(t('b')))));
    expect(parsed('a -b')).toEqual(and(t('a'), not(t('b'))));
  });

  it('rejects schemes over the length bound, with the excess marked', () => {
    const long = 'a '.repeat(MAX_SCHEME_LENGTH / 2) + 'b';
    expect(errorsOf(long)).toEqual([['too-long', MAX_SCHEME_LENGTH, MAX_SCHEME_LENGTH + 1]]);
    expect(parseScheme('a '.repeat(MAX_SCHEME_LENGTH / 2 - 1) + 'b').ok).toBe(true);
  });

  it('stops at the nesting bound instead of overflowing the stack', () => {
    const ok = '('.repeat(MAX_NESTING) + 'a' + ')'.repeat(MAX_NESTING);
    expect(parseScheme(ok).ok).toBe(true);
    const deep = '('.repeat(MAX_NESTING + 1) + 'a' + ')'.repeat(MAX_NESTING + 1);
    expect(errorsOf(deep)).toEqual([['too-deep', MAX_NESTING, MAX_NESTING + 1]]);
    expect(errorsOf('-'.repeat(5000) + 'a')[0]?.[0]).toBe('too-deep');
    expect(errorsOf('('.repeat(9000))[0]?.[0]).toBe('too-deep');
  });

  it('gives every error an English and a Chinese message', () => {
    const r = parseScheme('a | (');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const e of r.errors) {
      expect(e.message).toMatch(/[a-z]/u);
      expect(e.messageZh).toMatch(/\p{Script=Han}/u);
    }
  });
});

// prettier-ignore
const ALPHABET = [
  'a', 'b', '统', '计', ' ', ' ', '|', '&', '-', '!', '(', ')', '"', '\\', ',', ':', 'title:',
  'text:', 'NEAR/', 'NEAR/3', 'near(', '2', '（', '）', '｜', '＆', '！', '“', '”', '，', '：',
  '\n', '\u3000', '\uD83D', '\uDE00', 'x', '/', '0',
];

function randomSource(random: () => number, maxLength: number): string {
  let s = '';
  const n = Math.floor(random() * maxLength);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

describe('tokenizeScheme', () => {
  it('classifies the parts of a scheme', () => {
    const source = 'title:NEAR/5(a, "b c") -x | （y）"z';
    const kinds = tokenizeScheme(source).map((tk) => [tk.kind, source.slice(tk.start, tk.end)]);
    expect(kinds).toEqual([
      ['field', 'title:'],
      ['near', 'NEAR/5'],
      ['paren', '('],
      ['term', 'a'],
      ['operator', ','],
      ['space', ' '],
      ['phrase', '"b c"'],
      ['paren', ')'],
      ['space', ' '],
      ['operator', '-'],
      ['term', 'x'],
      ['space', ' '],
      ['operator', '|'],
      ['space', ' '],
      ['paren', '（'],
      ['term', 'y'],
      ['paren', '）'],
      ['error', '"z'],
    ]);
    expect(tokenizeScheme('NEAR/0(a,b)')[0]).toEqual({ kind: 'error', start: 0, end: 6 });
    expect(tokenizeScheme('a,b').map((tk) => tk.kind)).toEqual(['term']);
    expect(tokenizeScheme('')).toEqual([]);
  });

  it('covers any source exactly, in order, and the parser never throws', () => {
    const random = rng(1);
    for (let round = 0; round < 5000; round++) {
      const source = randomSource(random, 40);
      const tokens = tokenizeScheme(source);
      let at = 0;
      for (const tk of tokens) {
        expect(tk.start).toBe(at);
        expect(tk.end).toBeGreaterThan(tk.start);
        at = tk.end;
      }
      expect(at).toBe(source.length);
      const r = parseScheme(source);
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(source.length);
          expect(e.start).toBeLessThanOrEqual(e.end);
        }
      } else {
        // Whatever parses prints to something that parses back to the same tree.
        expect(parsed(schemeToString(r.ast))).toEqual(shape(r.ast));
      }
    }
  });
});

describe('schemeToString', () => {
  it('prints a canonical form', () => {
    expect(schemeToString(ast('（a｜b）＆ ！c'))).toBe('(a | b) -c');
    expect(schemeToString(ast('title:(a | “b c”)'))).toBe('title:a | title:"b c"');
    expect(schemeToString(ast('a (b c) | (d | e)'))).toBe('a (b c) | (d | e)');
    expect(schemeToString(ast('-(a b) x'))).toBe('-(a b) x');
    expect(schemeToString(ast('near/3（a，"b"）'))).toBe('NEAR/3(a, "b")');
    expect(schemeToString(ast('"a\\"\\”\\\\"'))).toBe('"a\\"\\”\\\\"');
  });

  it('round-trips random trees: parse(print(tree)) is the tree', () => {
    const random = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const words = ['统计局', 'GDP', 'COVID-19', 'a,b', 'x:y', 'NEAR', '加油!', '10:30', 'Ab'];
    const phrases = ['a b', 'x | y', '"q"', '“q”', 'back\\slash', '(z)', '-n', 'title:x', ','];
    // A comma ends a term inside NEAR, so there the parser never yields one with a comma.
    const nearWords = words.filter((w) => !w.includes(','));
    const leaf = (field: Field | undefined, inNear = false): TermNode => {
      const phrase = random() < 0.3;
      const node: TermNode = {
        type: 'term',
        value: phrase ? pick(phrases) : pick(inNear ? nearWords : words),
        phrase,
        start: 0,
        end: 0,
      };
      if (field) node.field = field;
      return node;
    };
    const gen = (depth: number): SchemeNode => {
      const r = random();
      const field = random() < 0.3 ? pick(FIELDS) : undefined;
      if (depth <= 0 || r < 0.3) return leaf(field);
      if (r < 0.45) {
        const items = Array.from({ length: 2 + Math.floor(random() * 3) }, () => leaf(field, true));
        const node: SchemeNode = {
          type: 'near',
          distance: 1 + Math.floor(random() * 1000),
          items,
          start: 0,
          end: 0,
        };
        if (field) node.field = field;
        return node;
      }
      if (r < 0.6) return { type: 'not', child: gen(depth - 1), start: 0, end: 0 };
      const children = Array.from({ length: 2 + Math.floor(random() * 3) }, () => gen(depth - 1));
      return { type: r < 0.8 ? 'and' : 'or', children, start: 0, end: 0 };
    };
    let checked = 0;
    for (let round = 0; round < 2000; round++) {
      const tree = gen(4);
      const text = schemeToString(tree);
      const r = parseScheme(text);
      if (!r.ok) {
        // Only the semantic check may reject a generated tree.
        expect(r.errors.map((e) => e.code)).toEqual(['no-positive-term']);
        continue;
      }
      expect(shape(r.ast), text).toEqual(shape(tree));
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
