// Runs the feed parser over the test feeds of Python's feedparser (../shared/data) and checks the
// Expect lines that state a title, link, id, date, content, encoding or format; none may throw.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, decodeBody } from '../src/ingest/charset.ts';
import { parseFeed } from '../src/ingest/feed-parser.ts';
import type { FeedEntry, FeedFormat, ParsedFeed } from '../src/ingest/feed-parser.ts';

const SUITE = path.resolve(import.meta.dirname, '../../shared/data/feeds/feedparser-tests');

// --- A small parser for the Python expressions of the Expect lines -----------------------------

type Expr =
  | { t: 'name'; name: string }
  | { t: 'str'; value: string }
  | { t: 'num'; value: number }
  | { t: 'tuple'; items: Expr[] }
  | { t: 'dict' }
  | { t: 'index'; target: Expr; key: Expr }
  | { t: 'attr'; target: Expr; name: string }
  | { t: 'call'; fn: Expr; args: Expr[] }
  | { t: 'not'; expr: Expr }
  | { t: 'and'; items: Expr[] }
  | { t: 'cmp'; op: '==' | '!='; operands: Expr[] };

type Token = { k: 'op' | 'name' | 'str' | 'num'; v: string };

function pyString(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs,
    (_m: string, e: string): string => {
      const c = e[0];
      if (c === 'u' || c === 'U' || c === 'x')
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      if (/[0-7]/.test(c ?? '')) return String.fromCodePoint(parseInt(e, 8));
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
      };
      return simple[e] ?? `\\${e}`;
    },
  );
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const str = /^([uUrRbB]{0,2})('''|"""|'|")/.exec(rest);
    if (str) {
      const prefix = str[1] ?? '';
      const q = str[2] ?? "'";
      let j = prefix.length + q.length;
      let body = '';
      while (j < rest.length && !rest.startsWith(q, j)) {
        if (rest[j] === '\\') {
          body += rest.slice(j, j + 2);
          j += 2;
        } else {
          body += rest[j];
          j++;
        }
      }
      out.push({ k: 'str', v: pyString(body, /r/i.test(prefix)) });
      i += j + q.length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w]*/.exec(rest);
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|[()[\]{},.:])/.exec(rest);
    if (!op) throw new Error(`cannot tokenize at: ${rest.slice(0, 20)}`);
    out.push({ k: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => peek()?.k === 'op' && peek()?.v === v;
  const isName = (v: string): boolean => peek()?.k === 'name' && peek()?.v === v;
  const expectOp = (v: string): void => {
    if (!isOp(v)) throw new Error(`expected ${v} at ${pos}`);
    pos++;
  };
  const andExpr = (): Expr => {
    const items = [notExpr()];
    while (isName('and')) {
      pos++;
      items.push(notExpr());
    }
    return items.length === 1 && items[0] ? items[0] : { t: 'and', items };
  };
  const notExpr = (): Expr => {
    if (isName('not')) {
      pos++;
      return { t: 'not', expr: notExpr() };
    }
    return comparison();
  };
  const comparison = (): Expr => {
    const first = primary();
    const operands = [first];
    let op: '==' | '!=' | undefined;
    while (isOp('==') || isOp('!=')) {
      op = peek()?.v as '==' | '!=';
      pos++;
      operands.push(primary());
    }
    return op === undefined ? first : { t: 'cmp', op, operands };
  };
  const primary = (): Expr => {
    let e = atom();
    for (;;) {
      if (isOp('[')) {
        pos++;
        const key = andExpr();
        expectOp(']');
        e = { t: 'index', target: e, key };
      } else if (isOp('.')) {
        pos++;
        const n = tokens[pos++];
        e = { t: 'attr', target: e, name: n?.v ?? '' };
      } else if (isOp('(')) {
        pos++;
        const args: Expr[] = [];
        while (!isOp(')')) {
          args.push(andExpr());
          if (isOp(',')) pos++;
        }
        pos++;
        e = { t: 'call', fn: e, args };
      } else {
        return e;
      }
    }
  };
  const atom = (): Expr => {
    const tok = tokens[pos++];
    if (tok === undefined) throw new Error('unexpected end');
    if (tok.k === 'str') {
      let value = tok.v;
      while (peek()?.k === 'str') value += tokens[pos++]?.v ?? '';
      return { t: 'str', value };
    }
    if (tok.k === 'num') return { t: 'num', value: Number(tok.v) };
    if (tok.k === 'name') return { t: 'name', name: tok.v };
    if (tok.v === '(') {
      const items: Expr[] = [];
      let tuple = false;
      while (!isOp(')')) {
        items.push(andExpr());
        if (isOp(',')) {
          tuple = true;
          pos++;
        }
      }
      pos++;
      return tuple || items.length !== 1 || !items[0] ? { t: 'tuple', items } : items[0];
    }
    if (tok.v === '{') {
      let depth = 1;
      while (depth > 0 && pos < tokens.length) {
        const v = tokens[pos++]?.v;
        if (v === '{') depth++;
        if (v === '}') depth--;
      }
      return { t: 'dict' };
    }
    throw new Error(`unexpected ${tok.v}`);
  };
  const e = andExpr();
  if (pos !== tokens.length) throw new Error('trailing tokens');
  return e;
}

// --- Mapping feedparser's result keys onto ours ---------------------------------------------

const CATEGORIES = [
  'title',
  'link',
  'id',
  'date',
  'author',
  'content',
  'encoding',
  'format',
  'bozo',
] as const;
type Category = (typeof CATEGORIES)[number];

type Resolved =
  | { category: Category; kind: 'string'; value: string | undefined }
  | { category: Category; kind: 'date'; value: Date | undefined }
  | { category: 'format'; kind: 'format'; value: FeedFormat }
  | { category: 'encoding'; kind: 'encoding'; value: string };

/** A path like entries[0]['title_detail']['value'] as ['entries', 0, 'title_detail', 'value']. */
function pathOf(e: Expr): (string | number)[] | undefined {
  if (e.t === 'name') return [e.name];
  if (e.t === 'index') {
    const base = pathOf(e.target);
    if (base && e.key.t === 'str') return [...base, e.key.value];
    if (base && e.key.t === 'num') return [...base, e.key.value];
    return undefined;
  }
  if (e.t === 'attr') {
    const base = pathOf(e.target);
    return base ? [...base, e.name] : undefined;
  }
  return undefined;
}

const FEEDPARSER_VERSIONS: Record<string, FeedFormat> = {
  rss090: 'rss09x',
  rss091n: 'rss09x',
  rss091u: 'rss09x',
  rss092: 'rss09x',
  rss093: 'rss09x',
  rss094: 'rss09x',
  rss20: 'rss2',
  rss10: 'rss1',
  atom10: 'atom10',
  atom03: 'atom03',
  rss: 'rss2',
};

function resolvePath(p: (string | number)[], feed: ParsedFeed): Resolved | undefined {
  const key = p.slice(2).join('.');
  if (p.length === 1 && p[0] === 'encoding') {
    return { category: 'encoding', kind: 'encoding', value: feed.encoding };
  }
  if (p.length === 1 && p[0] === 'version') {
    return { category: 'format', kind: 'format', value: feed.format };
  }
  if (p[0] === 'feed') {
    const k = p.slice(1).join('.');
    if (k === 'title' || k === 'title_detail.value') {
      return { category: 'title', kind: 'string', value: feed.title };
    }
    if (k === 'link') return { category: 'link', kind: 'string', value: feed.link };
    return undefined;
  }
  if (p[0] !== 'entries' || typeof p[1] !== 'number') return undefined;
  const entry: FeedEntry | undefined = feed.entries[p[1]];
  const s = (category: Category, value: string | undefined): Resolved => ({
    category,
    kind: 'string',
    value,
  });
  const d = (value: Date | undefined): Resolved => ({ category: 'date', kind: 'date', value });
  switch (key) {
    case 'title':
    case 'title_detail.value':
      return s('title', entry?.title);
    case 'link':
      return s('link', entry?.link);
    case 'author':
      return s('author', entry?.author);
    case 'id':
    case 'guid':
      return s('id', entry?.id);
    // feedparser keeps created apart; we fold created into published when nothing better exists.
    case 'published':
    case 'issued':
    case 'created':
      return s('date', entry?.publishedRaw);
    case 'updated':
    case 'modified':
      return s('date', entry?.updatedRaw);
    case 'published_parsed':
    case 'issued_parsed':
    case 'created_parsed':
      return d(entry?.published);
    case 'updated_parsed':
    case 'modified_parsed':
      return d(entry?.updated);
    // feedparser fills summary from content when there is no summary element.
    case 'summary':
    case 'description':
    case 'summary_detail.value':
      return s('content', entry?.summary ?? entry?.content);
    case 'content.0.value':
      return s('content', entry?.content);
    default:
      return undefined;
  }
}

interface Check {
  category: Category;
  passed: boolean;
  detail: string;
}

function sameDecoder(a: string, b: string): boolean {
  // gbk is decoded by the gb18030 decoder, so feedparser's "gb18030" is the same decoding.
  const norm = (x: string): string => {
    const c = canonicalEncoding(x) ?? x.toLowerCase();
    return c === 'gbk' ? 'gb18030' : c;
  };
  return norm(a) === norm(b);
}

function compare(r: Resolved, expected: Expr): boolean {
  switch (r.kind) {
    case 'string':
      return expected.t === 'str' && r.value === expected.value;
    case 'date': {
      if (expected.t !== 'tuple' || r.value === undefined) return false;
      const want = expected.items.slice(0, 6).map((i) => (i.t === 'num' ? i.value : NaN));
      const d = r.value;
      const got = [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ];
      return want.length === 6 && want.every((v, i) => v === got[i]);
    }
    case 'format':
      return expected.t === 'str' && FEEDPARSER_VERSIONS[expected.value] === r.value;
    case 'encoding':
      return expected.t === 'str' && sameDecoder(expected.value, r.value);
  }
}

/** The checks an Expect expression makes that we can map; unsupported parts are counted apart. */
function evaluate(expr: Expr, feed: ParsedFeed, unsupported: string[]): Check[] {
  if (expr.t === 'and') return expr.items.flatMap((i) => evaluate(i, feed, unsupported));
  if (expr.t === 'name' && expr.name === 'bozo') {
    return [{ category: 'bozo', passed: feed.bozo, detail: `bozo expected, got ${feed.bozo}` }];
  }
  if (expr.t === 'not' && expr.expr.t === 'name' && expr.expr.name === 'bozo') {
    return [{ category: 'bozo', passed: !feed.bozo, detail: 'not bozo expected, got bozo' }];
  }
  if (expr.t === 'num' && expr.value === 1) return [];
  if (expr.t === 'cmp' && expr.op === '==') {
    const literal = expr.operands[expr.operands.length - 1];
    const subjects = expr.operands.slice(0, -1);
    if (literal === undefined) return [];
    const checks: Check[] = [];
    for (const subject of subjects) {
      // ord(entries[0]['description']) == 8230
      if (subject.t === 'call' && subject.fn.t === 'name' && subject.fn.name === 'ord') {
        const arg = subject.args[0];
        const r = arg && pathOf(arg) ? resolvePath(pathOf(arg) ?? [], feed) : undefined;
        if (r?.kind === 'string' && literal.t === 'num') {
          const v = r.value;
          checks.push({
            category: r.category,
            passed: v !== undefined && [...v].length === 1 && v.codePointAt(0) === literal.value,
            detail: `ord(${JSON.stringify(v)}) expected ${literal.value}`,
          });
          continue;
        }
      }
      const p = pathOf(subject);
      const r = p ? resolvePath(p, feed) : undefined;
      if (!r || !p) {
        unsupported.push(p ? p.join('.') : subject.t);
        continue;
      }
      const passed = compare(r, literal);
      const got = r.value instanceof Date ? r.value.toISOString() : JSON.stringify(r.value ?? null);
      const want = literal.t === 'str' ? JSON.stringify(literal.value) : JSON.stringify(literal);
      checks.push({
        category: r.category,
        passed,
        detail: `${p.join('.')}: got ${got}, want ${want}`,
      });
    }
    return checks;
  }
  unsupported.push(expr.t);
  return [];
}

// --- The run --------------------------------------------------------------------------------

interface FileResult {
  file: string;
  folder: string;
  checks: Check[];
  unsupported: string[];
  threw?: string;
  parseError?: string;
}

function listFeeds(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return listFeeds(full);
    return d.name.endsWith('.xml') ? [full] : [];
  });
}

/** The folder a result is reported under: wellformed/<kind>, encoding, illformed. */
function folderOf(rel: string): string {
  const parts = rel.split(path.sep);
  return parts[0] === 'wellformed' ? `wellformed/${parts[1] ?? ''}` : (parts[0] ?? '');
}

function runFile(file: string): FileResult {
  const rel = path.relative(SUITE, file);
  const result: FileResult = { file: rel, folder: folderOf(rel), checks: [], unsupported: [] };
  const bytes = new Uint8Array(readFileSync(file));
  // The test's own header comment: read from the decoded text (some files are UTF-16/32).
  const meta = decodeBody(bytes).text;
  const headers = new Map<string, string>();
  for (const m of meta.matchAll(/^\s*Header:\s*([\w-]+):\s*(.*?)\s*$/gm)) {
    headers.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
  }
  const expect = /^\s*Expect:\s*(.*?)\s*$/m.exec(meta)?.[1];
  // feedparser's harness serves the http_* files from http://127.0.0.1:8097/tests/...
  let baseUrl: string | undefined;
  if (path.basename(file).startsWith('http')) {
    baseUrl = `http://127.0.0.1:8097/tests/${rel.split(path.sep).join('/')}`;
    const location = headers.get('content-location');
    if (location !== undefined) baseUrl = new URL(location, baseUrl).href;
  }
  let feed: ParsedFeed;
  try {
    // Zone-less dates: UTC, as feedparser (our production default is Beijing time).
    feed = parseFeed(bytes, {
      contentType: headers.get('content-type'),
      baseUrl,
      defaultUtcOffsetMinutes: 0,
    });
  } catch (e: unknown) {
    result.threw = e instanceof Error ? e.message : String(e);
    return result;
  }
  if (expect === undefined) return result;
  let expr: Expr;
  try {
    expr = parseExpression(expect);
  } catch (e: unknown) {
    result.parseError = `${expect}: ${e instanceof Error ? e.message : String(e)}`;
    return result;
  }
  result.checks = evaluate(expr, feed, result.unsupported);
  return result;
}

/**
 * Floors measured on the suite: passed checks per folder and category. A change that makes fewer
 * pass fails here; raise a floor when the parser gets better.
 */
const FLOORS: Record<string, Partial<Record<Category, number>>> = {
  encoding: { title: 1, content: 6, encoding: 55, bozo: 78 },
  illformed: { title: 1, link: 1, encoding: 1, bozo: 14 },
  'wellformed/amp': { title: 70, bozo: 70 },
  'wellformed/atom': { title: 27, link: 8, id: 2, date: 11, author: 1, content: 10, bozo: 141 },
  'wellformed/atom10': { title: 27, link: 9, id: 10, author: 1, content: 18, format: 1, bozo: 239 },
  'wellformed/base': { title: 12, link: 4, id: 2, content: 24, bozo: 127 },
  'wellformed/lang': { bozo: 65 },
  'wellformed/namespace': { title: 5, content: 9, format: 1, bozo: 22 },
  'wellformed/rdf': { title: 4, link: 2, id: 1, content: 1, format: 2, bozo: 12 },
  'wellformed/rss': {
    title: 9,
    link: 11,
    id: 3,
    date: 10,
    author: 3,
    content: 12,
    format: 10,
    bozo: 188,
  },
};

describe.skipIf(!existsSync(SUITE))('feedparser test suite', () => {
  it('parses every feed without throwing and meets the measured pass rates', () => {
    const started = performance.now();
    const results = listFeeds(SUITE).map(runFile);
    const elapsed = performance.now() - started;

    const table = new Map<string, Map<Category, { checked: number; passed: number }>>();
    for (const r of results) {
      const row = table.get(r.folder) ?? new Map<Category, { checked: number; passed: number }>();
      table.set(r.folder, row);
      for (const c of r.checks) {
        const cell = row.get(c.category) ?? { checked: 0, passed: 0 };
        cell.checked++;
        if (c.passed) cell.passed++;
        row.set(c.category, cell);
      }
    }
    const folders = [...table.keys()].sort();
    const lines = [
      `feedparser suite: ${results.length} files in ${Math.round(elapsed)} ms (passed/checked)`,
      ['folder'.padEnd(20), ...CATEGORIES.map((c) => c.padStart(9))].join(' '),
    ];
    for (const f of folders) {
      const row = table.get(f);
      lines.push(
        [
          f.padEnd(20),
          ...CATEGORIES.map((c) => {
            const cell = row?.get(c);
            return (cell ? `${cell.passed}/${cell.checked}` : '-').padStart(9);
          }),
        ].join(' '),
      );
    }
    const unsupported = results.reduce((n, r) => n + r.unsupported.length, 0);
    lines.push(`unsupported comparisons (fields outside our model): ${unsupported}`);
    console.log(lines.join('\n'));
    // FEEDPARSER_SUITE_VERBOSE=1 lists each failed check and the unsupported fields by count.
    if (process.env.FEEDPARSER_SUITE_VERBOSE) {
      const unsupportedKeys = new Map<string, number>();
      for (const r of results) {
        for (const c of r.checks.filter((x) => !x.passed)) {
          console.log(`FAIL ${r.file} [${c.category}] ${c.detail}`);
        }
        for (const u of r.unsupported) {
          const key = u.replace(/\.\d+/g, '.N');
          unsupportedKeys.set(key, (unsupportedKeys.get(key) ?? 0) + 1);
        }
      }
      const byCount = [...unsupportedKeys].sort((a, b) => b[1] - a[1]);
      console.log(byCount.map(([k, n]) => `${n} ${k}`).join('\n'));
    }

    expect(
      results.filter((r) => r.threw !== undefined).map((r) => `${r.file}: ${r.threw}`),
    ).toEqual([]);
    expect(results.filter((r) => r.parseError !== undefined).map((r) => r.parseError)).toEqual([]);
    // The aim: every well-formed case that states a title, link, id or date passes.
    const core = new Set<Category>(['title', 'link', 'id', 'date']);
    const coreFailures = results
      .filter((r) => r.folder.startsWith('wellformed/'))
      .flatMap((r) => r.checks.filter((c) => core.has(c.category) && !c.passed))
      .map((c) => c.detail);
    expect(coreFailures).toEqual([]);
    for (const [folder, floors] of Object.entries(FLOORS)) {
      for (const [category, floor] of Object.entries(floors)) {
        const passed = table.get(folder)?.get(category as Category)?.passed ?? 0;
        expect(passed, `${folder} ${category}`).toBeGreaterThanOrEqual(floor);
      }
    }
  });
});

if (!existsSync(SUITE)) {
  console.warn(
    `feedparser suite skipped: ${SUITE} is missing (the shared data folder is not checked out)`,
  );
}
