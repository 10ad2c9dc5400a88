// The monitoring-scheme language (监测方案): what an analyst types to say which posts a scheme
// collects, e.g. `(统计局 | 统计部门) -招聘 title:NEAR/5(数据, 造假)`.
//
// Pure and dependency-free: the server compiles schemes with it and the web editor imports it for
// syntax highlighting and live error messages, so both read a query the same way. Nothing here
// throws on user input; every problem is reported with its position in the source.
//
// ## Syntax
//
// - A **term** is a run of characters other than whitespace, `| & ( ) "` and their full-width
//   forms: `统计局`, `GDP`, `COVID-19`, `http://x.cn`. A `-` or `!` inside a term is part of it
//   (`COVID-19` is one term); only at the start of an operand is it NOT.
// - A **phrase** is quoted: `"国家 统计局"`, and may hold spaces and operator characters. A phrase
//   opens with any of `" ＂ “ ”` and closes at the next of them (Chinese input methods produce the
//   curly pair, and sometimes the same curly quote twice). Inside, `\` before a quote or another
//   `\` makes it literal; any other `\` is itself.
// - **AND** is juxtaposition (whitespace) or `&`; **OR** is `|`; **NOT** is a leading `-` or `!`
//   (binds tightest); parentheses group. Precedence NOT > AND > OR: `a b | c` is `(a b) | c`.
// - **Full-width forms** `（ ） ｜ ＆ ！ ＂ “ ”` are the same operators as `( ) | & ! "`, because
//   analysts type with a Chinese input method on. `！` is NOT only at the start of an operand, so
//   `加油！` stays a term; to search a literal operator character, quote it.
// - **NEAR/n(a, b, ...)**: all listed items occur close together (definition below). Items are
//   terms or phrases separated by `,` or `，` — no operators, groups or field scopes inside; the
//   whole NEAR may be scoped (`title:NEAR/5(a, b)`). `n` is an integer 1..1000; at least two items.
//   `NEAR/` is recognised case-insensitively at the start of a term; quote it to search it.
// - **Field scopes** `title: text: author: source: region:` go directly (no space) before a term,
//   phrase, parenthesised group or NEAR: `title:统计局`, `author:(新华社 | 人民日报)`. A full-width
//   colon `：` is accepted too. Only these five names (any letter case) make a scope; anything
//   else before a colon is part of a term (`http://x`, `10:30`, `titel:x`), since a scope cannot
//   be told from text that merely contains a colon any other way. A scope inside a scoped group
//   wins for its operand (`title:(a text:b)` is title:a AND text:b). Without a scope a term looks
//   in the title and the text.
//
// ## NEAR
//
// NEAR/n(a1, ..., ak) holds in a field iff one occurrence of each item can be chosen such that
//
//     (max end − min start) − (len(a1) + ... + len(ak)) ≤ n
//
// with positions and lengths in UTF-16 code units of the folded field text. For occurrences that
// do not overlap, the left side is exactly the number of characters inside the window that belong
// to no chosen item, i.e. "at most n characters between them, in any order": `NEAR/1(a, b)` holds
// for `ab`, `ba`, `a_b`, not for `a__b`. Overlapping occurrences only make the left side smaller.
// Items choose independently: the same occurrence may serve two equal items, so `NEAR/n(a, a)`
// is just `a`. This definition is used because it makes the fastest test exact (the window only
// depends on the leftmost chosen occurrence and the first occurrence of each other item after it).
//
// ## Rejected schemes
//
// Besides syntax errors, a scheme that is true for a post containing none of its terms (`-a`,
// `-a -b`, `a | -b`) is rejected: it would collect nearly every post, which is never what a
// monitoring scheme means, and it could not be indexed by its terms.

export type Field = 'title' | 'text' | 'author' | 'source' | 'region';

/** The field names a scope may use, in canonical order. */
export const FIELDS: readonly Field[] = ['title', 'text', 'author', 'source', 'region'];

/** Longer sources are rejected before parsing: a scheme is a query, not a document. */
export const MAX_SCHEME_LENGTH = 10_000;

/** Largest n of NEAR/n: beyond this "near" means "anywhere in a long article" anyway. */
export const MAX_NEAR_DISTANCE = 1000;

/**
 * Deepest nesting of groups and NOTs. Parsing and evaluation recurse on nesting, so a bound keeps
 * a pathological query (`((((…` or `-----…a`) from overflowing the stack; real schemes nest a few
 * levels.
 */
export const MAX_NESTING = 100;

/** A term or phrase; `field` is the effective scope (from its own prefix or an enclosing group). */
export interface TermNode {
  type: 'term';
  field?: Field;
  /** The text to find, quotes and escapes removed. */
  value: string;
  /** Written in quotes. Only affects printing; a term and a phrase of the same value match alike. */
  phrase: boolean;
  start: number;
  end: number;
}

export interface AndNode {
  type: 'and';
  children: SchemeNode[];
  start: number;
  end: number;
}

export interface OrNode {
  type: 'or';
  children: SchemeNode[];
  start: number;
  end: number;
}

export interface NotNode {
  type: 'not';
  child: SchemeNode;
  start: number;
  end: number;
}

export interface NearNode {
  type: 'near';
  field?: Field;
  /** n of NEAR/n. */
  distance: number;
  /** At least two; each carries the NEAR's field. */
  items: TermNode[];
  start: number;
  end: number;
}

/** A parsed scheme. Positions are UTF-16 indices into the source; `end` is exclusive. */
export type SchemeNode = TermNode | AndNode | OrNode | NotNode | NearNode;

/** A distinct (field, value) the scheme looks for. */
export interface SchemeTerm {
  field?: Field;
  value: string;
  phrase: boolean;
  /** Every occurrence is under an odd number of NOTs: the scheme wants it absent. */
  negated: boolean;
}

export type SchemeErrorCode =
  | 'too-long'
  | 'empty'
  | 'unclosed-paren'
  | 'unmatched-paren'
  | 'empty-group'
  | 'dangling-operator'
  | 'unterminated-quote'
  | 'empty-phrase'
  | 'field-without-operand'
  | 'near-missing-n'
  | 'near-bad-n'
  | 'near-missing-paren'
  | 'near-too-few-items'
  | 'near-bad-item'
  | 'near-empty-item'
  | 'near-missing-comma'
  | 'no-positive-term'
  | 'too-deep'
  | 'internal';

export interface SchemeError {
  code: SchemeErrorCode;
  /** English, for logs and the API. */
  message: string;
  /** Chinese, for the UI. */
  messageZh: string;
  /** UTF-16 span of the source the error points at. */
  start: number;
  end: number;
}

export type SchemeTokenKind =
  'term' | 'phrase' | 'operator' | 'paren' | 'field' | 'near' | 'error' | 'space';

/** A span of the source for highlighting; the tokens of a source cover it exactly, in order. */
export interface SchemeToken {
  kind: SchemeTokenKind;
  start: number;
  end: number;
}

export type ParseResult =
  { ok: true; ast: SchemeNode; terms: SchemeTerm[] } | { ok: false; errors: SchemeError[] };

// ---------------------------------------------------------------------------------------------
// Messages

const MESSAGES: Record<SchemeErrorCode, readonly [en: string, zh: string]> = {
  'too-long': [
    `the scheme is longer than ${MAX_SCHEME_LENGTH} characters`,
    `监测方案超过 ${MAX_SCHEME_LENGTH} 个字符`,
  ],
  empty: ['the scheme is empty', '监测方案为空'],
  'unclosed-paren': ['this parenthesis is never closed', '括号没有闭合'],
  'unmatched-paren': ['this closing parenthesis has no opening one', '多余的右括号'],
  'empty-group': ['empty parentheses', '括号内为空'],
  'dangling-operator': ['this operator is missing a term on one side', '运算符一侧缺少关键词'],
  'unterminated-quote': ['this quote is never closed', '引号没有闭合'],
  'empty-phrase': ['empty quoted phrase', '引号内为空'],
  'field-without-operand': [
    'a field scope must be directly followed by a term, a quoted phrase, a group or NEAR',
    '字段限定后必须紧跟关键词、带引号的短语、括号或 NEAR',
  ],
  'near-missing-n': ['NEAR needs a distance: NEAR/n(a, b)', 'NEAR 需要指定距离：NEAR/n(a, b)'],
  'near-bad-n': [
    `the NEAR distance must be a whole number from 1 to ${MAX_NEAR_DISTANCE}`,
    `NEAR 距离必须是 1 到 ${MAX_NEAR_DISTANCE} 之间的整数`,
  ],
  'near-missing-paren': [
    'NEAR/n must be directly followed by "(": NEAR/n(a, b)',
    'NEAR/n 后必须紧跟括号：NEAR/n(a, b)',
  ],
  'near-too-few-items': ['NEAR needs at least two terms', 'NEAR 至少需要两个关键词'],
  'near-bad-item': [
    'NEAR items must be terms or quoted phrases (no operators, groups or field scopes inside)',
    'NEAR 的各项只能是关键词或带引号的短语（内部不能使用运算符、括号或字段限定）',
  ],
  'near-empty-item': ['empty NEAR item', 'NEAR 中有空项'],
  'near-missing-comma': [
    'separate NEAR items with commas; quote a phrase that contains spaces',
    'NEAR 的各项之间用逗号分隔；含空格的短语请加引号',
  ],
  'no-positive-term': [
    'a scheme needs at least one positive term: this one matches posts that contain none of its terms',
    '监测方案至少需要一个必须出现的关键词：当前方案会匹配不含任何关键词的信息',
  ],
  'too-deep': [
    `parentheses and NOTs are nested more than ${MAX_NESTING} deep`,
    `括号或排除运算嵌套超过 ${MAX_NESTING} 层`,
  ],
  internal: ['the scheme could not be read', '无法解析监测方案'],
};

function schemeError(code: SchemeErrorCode, start: number, end: number): SchemeError {
  const [message, messageZh] = MESSAGES[code];
  return { code, message, messageZh, start, end };
}

// ---------------------------------------------------------------------------------------------
// Tokens

const OR_CHARS = '|｜';
const AND_CHARS = '&＆';
const NOT_CHARS = '-!！';
const LPAREN_CHARS = '(（';
const RPAREN_CHARS = ')）';
const QUOTE_CHARS = '"＂“”';
const COMMA_CHARS = ',，';
const SPACE = /\s/u;
const FIELD_PREFIX = /(title|text|author|source|region)[:：]/iy;
const NEAR_HEAD = /^near\//iu;

type RawKind =
  | 'term'
  | 'phrase'
  | 'unterminated'
  | 'or'
  | 'and'
  | 'not'
  | 'comma'
  | 'lparen'
  | 'rparen'
  | 'field'
  | 'near'
  | 'space';

interface RawToken {
  kind: RawKind;
  start: number;
  end: number;
  /** term/phrase: the text to find. */
  value?: string;
  /** field: the scope. */
  field?: Field;
  /** near: the distance, when it is a valid one. */
  distance?: number;
  /** near: what is wrong with the head. */
  problem?: 'near-missing-n' | 'near-bad-n';
}

function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

/** Characters that end an unquoted term (commas too inside NEAR's parentheses). */
function endsTerm(ch: string, inNear: boolean): boolean {
  return (
    isSpace(ch) ||
    OR_CHARS.includes(ch) ||
    AND_CHARS.includes(ch) ||
    LPAREN_CHARS.includes(ch) ||
    RPAREN_CHARS.includes(ch) ||
    QUOTE_CHARS.includes(ch) ||
    (inNear && COMMA_CHARS.includes(ch))
  );
}

/**
 * The lexer. Context it needs: whether we are inside NEAR's parentheses (commas separate items
 * there and are ordinary characters elsewhere) and whether a position starts an operand (a `-`
 * there is NOT, inside a term it is a hyphen). Never fails: an unclosed quote becomes an
 * `unterminated` token running to the end.
 */
function lex(source: string): RawToken[] {
  const tokens: RawToken[] = [];
  const n = source.length;
  /** Open parentheses since the NEAR's own, while inside one; 0 outside NEAR. */
  let nearDepth = 0;
  let i = 0;
  while (i < n) {
    const ch = source[i]!;
    const start = i;
    const prev = tokens[tokens.length - 1];
    if (isSpace(ch)) {
      while (i < n && isSpace(source[i]!)) i++;
      tokens.push({ kind: 'space', start, end: i });
    } else if (OR_CHARS.includes(ch)) {
      tokens.push({ kind: 'or', start, end: ++i });
    } else if (AND_CHARS.includes(ch)) {
      tokens.push({ kind: 'and', start, end: ++i });
    } else if (LPAREN_CHARS.includes(ch)) {
      if (nearDepth > 0 || (prev?.kind === 'near' && prev.end === start)) nearDepth++;
      tokens.push({ kind: 'lparen', start, end: ++i });
    } else if (RPAREN_CHARS.includes(ch)) {
      if (nearDepth > 0) nearDepth--;
      tokens.push({ kind: 'rparen', start, end: ++i });
    } else if (QUOTE_CHARS.includes(ch)) {
      let value = '';
      let closed = false;
      i++;
      while (i < n) {
        const c = source[i]!;
        const next = source[i + 1];
        if (c === '\\' && next !== undefined && (next === '\\' || QUOTE_CHARS.includes(next))) {
          value += next;
          i += 2;
        } else if (QUOTE_CHARS.includes(c)) {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ kind: closed ? 'phrase' : 'unterminated', start, end: i, value });
    } else if (nearDepth > 0 && COMMA_CHARS.includes(ch)) {
      tokens.push({ kind: 'comma', start, end: ++i });
    } else if (NOT_CHARS.includes(ch)) {
      // Reached only at the start of an operand: inside a term the run below swallows it.
      tokens.push({ kind: 'not', start, end: ++i });
    } else {
      FIELD_PREFIX.lastIndex = i;
      const field = FIELD_PREFIX.exec(source);
      if (field) {
        i += field[0].length;
        const name = field[1]!.toLowerCase() as Field;
        tokens.push({ kind: 'field', start, end: i, field: name });
        continue;
      }
      while (i < n && !endsTerm(source[i]!, nearDepth > 0)) i++;
      const word = source.slice(start, i);
      const nextIsParen = i < n && LPAREN_CHARS.includes(source[i]!);
      if (NEAR_HEAD.test(word)) {
        const digits = word.slice(5);
        const token: RawToken = { kind: 'near', start, end: i };
        if (digits === '') token.problem = 'near-missing-n';
        else if (!/^\d+$/u.test(digits)) token.problem = 'near-bad-n';
        else {
          const d = Number(digits);
          if (d < 1 || d > MAX_NEAR_DISTANCE) token.problem = 'near-bad-n';
          else token.distance = d;
        }
        tokens.push(token);
      } else if (nextIsParen && word.toLowerCase() === 'near') {
        tokens.push({ kind: 'near', start, end: i, problem: 'near-missing-n' });
      } else {
        tokens.push({ kind: 'term', start, end: i, value: word });
      }
    }
  }
  return tokens;
}

const PUBLIC_KIND: Record<RawKind, SchemeTokenKind> = {
  term: 'term',
  phrase: 'phrase',
  unterminated: 'error',
  or: 'operator',
  and: 'operator',
  not: 'operator',
  comma: 'operator',
  lparen: 'paren',
  rparen: 'paren',
  field: 'field',
  near: 'near',
  space: 'space',
};

/**
 * Tokens for syntax highlighting. Lexical only: an unclosed quote and a malformed NEAR head
 * (`NEAR/0`, `NEAR/x`, `NEAR(`) are `error`; structural problems (a missing parenthesis, a
 * dangling operator) come from {@link parseScheme}. The spans cover the source exactly, in
 * order, for any input.
 */
export function tokenizeScheme(source: string): SchemeToken[] {
  try {
    return lex(source).map((t) => ({
      kind: t.kind === 'near' && t.problem !== undefined ? 'error' : PUBLIC_KIND[t.kind],
      start: t.start,
      end: t.end,
    }));
  } catch {
    // Unreachable by design; the editor must never lose its text over a lexer bug.
    return source === '' ? [] : [{ kind: 'error', start: 0, end: source.length }];
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

/** A parsed operand and the source it came from (including its parentheses and scope). */
interface Parsed {
  node: SchemeNode;
  start: number;
  end: number;
}

/** An operand was there but had an error (already reported). */
const BROKEN = 'broken';
/** `null`: no operand at all at this position (the caller decides whether that is an error). */
type Result = Parsed | typeof BROKEN | null;

/** Thrown inside the parser only, to stop at the nesting bound; {@link parseScheme} catches it. */
class TooDeep extends Error {
  constructor(readonly at: RawToken) {
    super('nesting too deep');
  }
}

const OPERAND_START: ReadonlySet<RawKind> = new Set([
  'term',
  'phrase',
  'unterminated',
  'lparen',
  'field',
  'near',
  'not',
]);

const SCOPE_OPERAND: ReadonlySet<RawKind> = new Set([
  'term',
  'phrase',
  'unterminated',
  'lparen',
  'near',
]);

function termNode(token: RawToken, field: Field | undefined): TermNode {
  const node: TermNode = {
    type: 'term',
    value: token.value ?? '',
    phrase: token.kind === 'phrase',
    start: token.start,
    end: token.end,
  };
  if (field !== undefined) node.field = field;
  return node;
}

/**
 * Recursive descent over the tokens, collecting errors and carrying on after each so that a user
 * sees all of them at once. Each operator is reported at most once, and an operand that already
 * produced an error is {@link BROKEN} rather than missing, so one mistake gives one message.
 */
class Parser {
  private pos = 0;
  readonly errors: SchemeError[] = [];

  constructor(private readonly tokens: readonly RawToken[]) {}

  private error(code: SchemeErrorCode, start: number, end: number): void {
    this.errors.push(schemeError(code, start, end));
  }

  /** The next token that is not whitespace (and moves past the whitespace). */
  peek(): RawToken | undefined {
    while (this.tokens[this.pos]?.kind === 'space') this.pos++;
    return this.tokens[this.pos];
  }

  /** The very next token, whitespace included: for things that must be adjacent. */
  private peekAdjacent(): RawToken | undefined {
    return this.tokens[this.pos];
  }

  next(): RawToken {
    const t = this.peek();
    this.pos++;
    // Callers only call next() after peek() returned a token.
    return t ?? { kind: 'space', start: 0, end: 0 };
  }

  parseOr(depth: number, field: Field | undefined): Result {
    const parts: Parsed[] = [];
    let broken = false;
    const add = (r: Result) => {
      if (r === BROKEN) broken = true;
      else if (r !== null) parts.push(r);
    };
    const first = this.parseAnd(depth, field);
    let seen = first !== null;
    add(first);
    while (this.peek()?.kind === 'or') {
      const op = this.next();
      let reported = false;
      if (!seen) {
        this.error('dangling-operator', op.start, op.end);
        reported = true;
      }
      const right = this.parseAnd(depth, field);
      if (right === null && !reported) this.error('dangling-operator', op.start, op.end);
      if (right === null) broken = true;
      seen = true;
      add(right);
    }
    if (!seen) return null;
    return combine('or', parts, broken);
  }

  private parseAnd(depth: number, field: Field | undefined): Result {
    const parts: Parsed[] = [];
    let broken = false;
    let seen = false;
    const add = (r: Result) => {
      if (r === BROKEN) broken = true;
      else if (r !== null) parts.push(r);
    };
    for (let t = this.peek(); t !== undefined; t = this.peek()) {
      if (t.kind === 'and') {
        const op = this.next();
        let reported = false;
        if (!seen) {
          this.error('dangling-operator', op.start, op.end);
          reported = true;
        }
        const right = this.parseUnary(depth, field);
        if (right === null) {
          if (!reported) this.error('dangling-operator', op.start, op.end);
          broken = true;
        }
        seen = true;
        add(right);
      } else if (OPERAND_START.has(t.kind)) {
        seen = true;
        add(this.parseUnary(depth, field));
      } else {
        break;
      }
    }
    if (!seen) return null;
    return combine('and', parts, broken);
  }

  private parseUnary(depth: number, field: Field | undefined): Result {
    const t = this.peek();
    if (t?.kind !== 'not') return this.parseScoped(depth, field);
    const op = this.next();
    if (depth + 1 > MAX_NESTING) throw new TooDeep(op);
    const child = this.parseUnary(depth + 1, field);
    if (child === null) {
      this.error('dangling-operator', op.start, op.end);
      return BROKEN;
    }
    if (child === BROKEN) return BROKEN;
    return {
      node: { type: 'not', child: child.node, start: op.start, end: child.end },
      start: op.start,
      end: child.end,
    };
  }

  private parseScoped(depth: number, field: Field | undefined): Result {
    const t = this.peek();
    if (t?.kind !== 'field') return this.parsePrimary(depth, field);
    const scope = this.next();
    const operand = this.peekAdjacent();
    if (operand === undefined || !SCOPE_OPERAND.has(operand.kind)) {
      this.error('field-without-operand', scope.start, scope.end);
      return BROKEN;
    }
    const r = this.parsePrimary(depth, scope.field);
    if (r === null || r === BROKEN) return r;
    return { node: r.node, start: scope.start, end: r.end };
  }

  private parsePrimary(depth: number, field: Field | undefined): Result {
    const t = this.peek();
    if (t === undefined) return null;
    switch (t.kind) {
      case 'term':
        this.next();
        return { node: termNode(t, field), start: t.start, end: t.end };
      case 'phrase':
        this.next();
        if ((t.value ?? '').trim() === '') {
          this.error('empty-phrase', t.start, t.end);
          return BROKEN;
        }
        return { node: termNode(t, field), start: t.start, end: t.end };
      case 'unterminated':
        this.next();
        this.error('unterminated-quote', t.start, t.end);
        return BROKEN;
      case 'lparen': {
        this.next();
        if (depth + 1 > MAX_NESTING) throw new TooDeep(t);
        const inner = this.parseOr(depth + 1, field);
        const close = this.peek();
        if (close?.kind !== 'rparen') {
          this.error('unclosed-paren', t.start, t.end);
          return BROKEN;
        }
        this.next();
        if (inner === null) {
          this.error('empty-group', t.start, close.end);
          return BROKEN;
        }
        if (inner === BROKEN) return BROKEN;
        return { node: inner.node, start: t.start, end: close.end };
      }
      case 'near':
        return this.parseNear(field);
      case 'space':
      case 'or':
      case 'and':
      case 'not':
      case 'comma':
      case 'rparen':
      case 'field':
        return null;
    }
  }

  private parseNear(field: Field | undefined): Result {
    const head = this.next();
    let broken = false;
    if (head.problem !== undefined) {
      this.error(head.problem, head.start, head.end);
      broken = true;
    }
    const open = this.peekAdjacent();
    if (open?.kind !== 'lparen') {
      this.error('near-missing-paren', head.start, head.end);
      return BROKEN;
    }
    this.pos++;
    const items: TermNode[] = [];
    let expectItem = true;
    let separator: RawToken = open;
    let badItems = 0;
    for (;;) {
      const t = this.peek();
      if (t === undefined) {
        this.error('unclosed-paren', open.start, open.end);
        return BROKEN;
      }
      if (t.kind === 'rparen') {
        this.next();
        if (expectItem && separator !== open) {
          this.error('near-empty-item', separator.start, t.end);
          broken = true;
        } else if (items.length + badItems < 2) {
          this.error('near-too-few-items', head.start, t.end);
          broken = true;
        }
        if (broken || badItems > 0) return BROKEN;
        const node: NearNode = {
          type: 'near',
          distance: head.distance ?? 0,
          items,
          start: head.start,
          end: t.end,
        };
        if (field !== undefined) node.field = field;
        return { node, start: head.start, end: t.end };
      }
      if (t.kind === 'comma') {
        this.next();
        if (expectItem) {
          this.error('near-empty-item', separator.start, t.end);
          broken = true;
        }
        expectItem = true;
        separator = t;
        continue;
      }
      if ((t.kind === 'term' || t.kind === 'phrase') && expectItem) {
        this.next();
        expectItem = false;
        if (t.kind === 'phrase' && (t.value ?? '').trim() === '') {
          this.error('empty-phrase', t.start, t.end);
          badItems++;
        } else {
          items.push(termNode(t, field));
        }
        continue;
      }
      if (t.kind === 'unterminated') {
        this.next();
        this.error('unterminated-quote', t.start, t.end);
        return BROKEN;
      }
      if ((t.kind === 'term' || t.kind === 'phrase') && !expectItem) {
        const end = this.skipNearItem();
        this.error('near-missing-comma', t.start, end);
        broken = true;
        continue;
      }
      const end = this.skipNearItem();
      this.error('near-bad-item', t.start, end);
      badItems++;
      expectItem = false;
    }
  }

  /** Skips what was written where a NEAR item should be, up to the next `,` or `)` of the NEAR. */
  private skipNearItem(): number {
    let depth = 0;
    let end = this.tokens[this.pos]?.end ?? 0;
    for (let t = this.peek(); t !== undefined; t = this.peek()) {
      if (t.kind === 'rparen') {
        if (depth === 0) break;
        depth--;
      } else if (t.kind === 'comma' && depth === 0) {
        break;
      } else if (t.kind === 'lparen') {
        depth++;
      }
      end = t.end;
      this.pos++;
    }
    return end;
  }
}

function combine(type: 'and' | 'or', parts: Parsed[], broken: boolean): Result {
  if (broken) return BROKEN;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first === undefined || last === undefined) return BROKEN;
  if (parts.length === 1) return first;
  return {
    node: { type, children: parts.map((p) => p.node), start: first.start, end: last.end },
    start: first.start,
    end: last.end,
  };
}

/** Whether the scheme is true for a post in which none of its terms occur. */
export function matchesWithoutTerms(node: SchemeNode): boolean {
  switch (node.type) {
    case 'term':
    case 'near':
      return false;
    case 'not':
      return !matchesWithoutTerms(node.child);
    case 'and':
      return node.children.every(matchesWithoutTerms);
    case 'or':
      return node.children.some(matchesWithoutTerms);
  }
}

function collectTerms(ast: SchemeNode): SchemeTerm[] {
  const byKey = new Map<string, SchemeTerm>();
  const visitTerm = (t: TermNode, negated: boolean) => {
    const key = `${t.field ?? ''}\u0000${t.value}`;
    const known = byKey.get(key);
    if (known) {
      if (!negated) known.negated = false;
      return;
    }
    const term: SchemeTerm = { value: t.value, phrase: t.phrase, negated };
    if (t.field !== undefined) term.field = t.field;
    byKey.set(key, term);
  };
  const walk = (node: SchemeNode, negated: boolean): void => {
    switch (node.type) {
      case 'term':
        visitTerm(node, negated);
        return;
      case 'near':
        for (const item of node.items) visitTerm(item, negated);
        return;
      case 'not':
        walk(node.child, !negated);
        return;
      case 'and':
      case 'or':
        for (const c of node.children) walk(c, negated);
        return;
    }
  };
  walk(ast, false);
  return [...byKey.values()];
}

/**
 * Parses a scheme. On success: the tree and its distinct terms (in order of first appearance). On
 * failure: every error found, ordered by position. Never throws.
 */
export function parseScheme(source: string): ParseResult {
  if (source.length > MAX_SCHEME_LENGTH) {
    return { ok: false, errors: [schemeError('too-long', MAX_SCHEME_LENGTH, source.length)] };
  }
  if (source.trim() === '') {
    return { ok: false, errors: [schemeError('empty', 0, source.length)] };
  }
  const parser = new Parser(lex(source));
  let parts: Parsed[] = [];
  try {
    parts = parseTopLevel(parser);
  } catch (e) {
    if (e instanceof TooDeep) {
      parser.errors.push(schemeError('too-deep', e.at.start, e.at.end));
    } else {
      parser.errors.push(schemeError('internal', 0, source.length));
    }
  }
  const errors = parser.errors;
  const first = parts[0];
  if (errors.length === 0 && first !== undefined && parts.length === 1) {
    const ast = first.node;
    if (matchesWithoutTerms(ast)) {
      const start = source.length - source.trimStart().length;
      const end = source.trimEnd().length;
      return { ok: false, errors: [schemeError('no-positive-term', start, end)] };
    }
    return { ok: true, ast, terms: collectTerms(ast) };
  }
  if (errors.length === 0) errors.push(schemeError('internal', 0, source.length));
  errors.sort((a, b) => a.start - b.start || a.end - b.end);
  return { ok: false, errors };
}

/** The whole source: an OR expression, with stray `)` reported and skipped so parsing goes on. */
function parseTopLevel(parser: Parser): Parsed[] {
  const parts: Parsed[] = [];
  for (;;) {
    const r = parser.parseOr(0, undefined);
    if (r !== null && r !== BROKEN) parts.push(r);
    const t = parser.peek();
    if (t === undefined) break;
    parser.next();
    // Only `)` (or, defensively, a stray comma) can stop the top-level expression early.
    parser.errors.push(
      schemeError(t.kind === 'rparen' ? 'unmatched-paren' : 'dangling-operator', t.start, t.end),
    );
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Printing

function quote(value: string): string {
  return `"${value.replace(/["＂“”\\]/gu, (ch) => `\\${ch}`)}"`;
}

function printTerm(t: TermNode): string {
  return t.phrase ? quote(t.value) : t.value;
}

function printNode(node: SchemeNode): string {
  switch (node.type) {
    case 'term':
      return (node.field ? `${node.field}:` : '') + printTerm(node);
    case 'near':
      return (
        (node.field ? `${node.field}:` : '') +
        `NEAR/${node.distance}(${node.items.map(printTerm).join(', ')})`
      );
    case 'not': {
      const c = node.child;
      const inner = printNode(c);
      return c.type === 'and' || c.type === 'or' ? `-(${inner})` : `-${inner}`;
    }
    case 'and':
      return node.children
        .map((c) => (c.type === 'and' || c.type === 'or' ? `(${printNode(c)})` : printNode(c)))
        .join(' ');
    case 'or':
      return node.children
        .map((c) => (c.type === 'or' ? `(${printNode(c)})` : printNode(c)))
        .join(' | ');
  }
}

/**
 * The canonical text of a tree: fields written on every term (a scoped group prints as scoped
 * terms), phrases in straight quotes, AND as a space, parentheses only where needed.
 * `parseScheme(schemeToString(ast))` gives back `ast` apart from positions.
 */
export function schemeToString(ast: SchemeNode): string {
  return printNode(ast);
}
