// Full-text search in Chinese over a terms table, the same on SQLite and PostgreSQL: a text is
// normalised (traditional -> simplified, full-width and compatibility forms folded, lower case)
// and indexed as its jieba words (`w:`) and the character bigrams of its runs of Han characters
// (`b:`), so a query finds its words also inside longer words (数据 in 统计数据). A query is
// normalised and split the same way; candidates are ranked by BM25 with the title weighted above
// the body; the matched fragments are marked in the original text. Pure: no I/O.
import {
  foldCompatibility,
  lowerCase,
  removeInvisibles,
  toHalfWidth,
  toSimplified,
} from './normalise.ts';
import { defaultSegmenter, type Segmenter } from './segment.ts';

/** How much one occurrence in the title counts against one in the body. */
export const TITLE_WEIGHT = 3;
/** BM25's term-frequency saturation and length normalisation. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Share of a query's required terms a text must hold to be found (see parseQuery). */
export const MIN_SHOULD_MATCH = 0.75;

const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** The searchable form of a text: what both the index and the queries are made of. */
export function searchNormalise(text: string): string {
  return lowerCase(toSimplified(toHalfWidth(foldCompatibility(removeInvisibles(text)))));
}

/** Characters (code points) of a string. */
const chars = (s: string): string[] => Array.from(s);

/** The bigrams of every run of two or more Han characters, in order, with repeats. */
export function hanBigrams(normalised: string): string[] {
  const out: string[] = [];
  for (const run of normalised.match(HAN_RUNS) ?? []) {
    const c = chars(run);
    for (let i = 0; i + 1 < c.length; i++) out.push(`${c[i]}${c[i + 1]}`);
  }
  return out;
}

/**
 * The index terms of a normalised text, with repeats: `w:` + each jieba word that has a letter
 * or digit (single Han characters are left to the bigrams), then `b:` + each Han bigram.
 */
export function textTerms(normalised: string, seg: Segmenter = defaultSegmenter()): string[] {
  const out: string[] = [];
  for (const raw of seg.cut(normalised)) {
    const word = raw.trim();
    if (word === '' || !WORDLIKE.test(word)) continue;
    if (chars(word).length === 1 && HAN.test(word)) continue;
    out.push(`w:${word}`);
  }
  for (const b of hanBigrams(normalised)) out.push(`b:${b}`);
  return out;
}

export interface TermCount {
  title: number;
  body: number;
}

export interface DocumentTerms {
  /** term -> occurrences in the title and in the body */
  terms: Map<string, TermCount>;
  /** Terms in the title and in the body (BM25's document length), repeats counted. */
  titleLength: number;
  bodyLength: number;
}

/** The terms of a document: its title and the parts of its body (each indexed on its own). */
export function documentTerms(
  doc: { title: string; body: readonly string[] },
  seg: Segmenter = defaultSegmenter(),
): DocumentTerms {
  const terms = new Map<string, TermCount>();
  const add = (term: string, field: keyof TermCount) => {
    let c = terms.get(term);
    if (!c) {
      c = { title: 0, body: 0 };
      terms.set(term, c);
    }
    c[field] += 1;
  };
  const title = textTerms(searchNormalise(doc.title), seg);
  for (const t of title) add(t, 'title');
  let bodyLength = 0;
  for (const part of doc.body) {
    const ts = textTerms(searchNormalise(part), seg);
    bodyLength += ts.length;
    for (const t of ts) add(t, 'body');
  }
  return { terms, titleLength: title.length, bodyLength };
}

/** One whitespace- or punctuation-separated part of a query. */
export interface QueryPiece {
  /** The piece as normalised. */
  text: string;
  /** Runs of Han characters and the other words, as they are marked in a text. */
  fragments: string[];
}

export interface SearchQuery {
  /** The query as normalised. */
  normalised: string;
  pieces: QueryPiece[];
  /**
   * Terms a text must hold (at least MIN_SHOULD_MATCH of them, rounded up): the bigrams of the
   * query's Han runs and its other words (`w:`), and `s:` + a lone Han character, which any
   * bigram holding it satisfies.
   */
  required: string[];
  /** How many of the required terms a text must hold. */
  minMatch: number;
  /** Terms that rank (required ones and the query's jieba words). */
  scoring: string[];
  /** The lone Han characters (`s:` terms) without prefix. */
  singles: string[];
}

/** Parses a search query; an empty result (`required` empty) means nothing to search for. */
export function parseQuery(q: string, seg: Segmenter = defaultSegmenter()): SearchQuery {
  const normalised = searchNormalise(q).trim();
  const pieces: QueryPiece[] = [];
  const required = new Set<string>();
  const scoring = new Set<string>();
  const singles = new Set<string>();
  for (const text of normalised.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (text === '') continue;
    const fragments: string[] = [];
    for (const run of text.match(HAN_RUNS) ?? []) {
      fragments.push(run);
      const c = chars(run);
      if (c.length === 1) {
        required.add(`s:${run}`);
        singles.add(run);
      }
      for (let i = 0; i + 1 < c.length; i++) required.add(`b:${c[i]}${c[i + 1]}`);
    }
    for (const raw of seg.cut(text)) {
      const word = raw.trim();
      if (word === '' || !WORDLIKE.test(word)) continue;
      if (HAN.test(word)) {
        if (chars(word).length > 1) scoring.add(`w:${word}`);
      } else {
        // Latin letters and digits: whole words, found as words.
        required.add(`w:${word}`);
        fragments.push(word);
      }
    }
    pieces.push({ text, fragments });
  }
  const req = [...required];
  for (const t of req) scoring.add(t);
  return {
    normalised,
    pieces,
    required: req,
    minMatch: Math.ceil(req.length * MIN_SHOULD_MATCH),
    scoring: [...scoring],
    singles: [...singles],
  };
}

/** Which query terms an index term stands for (a bigram also stands for its lone characters). */
export function queryTermsOf(indexTerm: string, query: SearchQuery): string[] {
  const out: string[] = [];
  if (query.scoring.includes(indexTerm)) out.push(indexTerm);
  if (indexTerm.startsWith('b:')) {
    for (const s of query.singles) if (indexTerm.includes(s)) out.push(`s:${s}`);
  }
  return out;
}

/** One index row as the store gives it. */
export interface TermHit {
  caseId: string;
  term: string;
  titleTf: number;
  bodyTf: number;
}

export interface CorpusStats {
  /** Documents searched (published cases). */
  documents: number;
  /** Mean weighted length (TITLE_WEIGHT * title + body). */
  averageLength: number;
}

export interface Ranked {
  id: string;
  score: number;
  /** Required terms the document holds. */
  matched: number;
}

/**
 * BM25 over the index rows of the query's terms (every document's rows, so document frequencies
 * are the corpus's): a document is found when it holds `minMatch` of the required terms; its
 * score sums, per query term, idf * tf' (k1 + 1) / (tf' + k1 (1 - b + b dl / avgdl)) with
 * tf' = TITLE_WEIGHT * title count + body count. Highest first, then by id.
 */
export function rank(
  query: SearchQuery,
  hits: readonly TermHit[],
  lengths: ReadonlyMap<string, { title: number; body: number }>,
  stats: CorpusStats,
): Ranked[] {
  // Per document, per query term: the weighted frequency.
  const perDoc = new Map<string, Map<string, number>>();
  for (const h of hits) {
    const terms = queryTermsOf(h.term, query);
    if (terms.length === 0) continue;
    let m = perDoc.get(h.caseId);
    if (!m) {
      m = new Map();
      perDoc.set(h.caseId, m);
    }
    const tf = TITLE_WEIGHT * Number(h.titleTf) + Number(h.bodyTf);
    for (const t of terms) m.set(t, (m.get(t) ?? 0) + tf);
  }
  const df = new Map<string, number>();
  for (const m of perDoc.values()) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(stats.documents, perDoc.size);
  const avg = stats.averageLength > 0 ? stats.averageLength : 1;
  const required = new Set(query.required);
  const out: Ranked[] = [];
  for (const [id, m] of perDoc) {
    let matched = 0;
    for (const t of m.keys()) if (required.has(t)) matched++;
    if (matched < query.minMatch || matched === 0) continue;
    const len = lengths.get(id);
    const dl = len ? TITLE_WEIGHT * len.title + len.body : avg;
    let score = 0;
    for (const [t, tf] of m) {
      const d = df.get(t) ?? 1;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * dl) / avg));
    }
    out.push({ id, score, matched });
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Marking what matched

/** A UTF-16 span [start, end) of a text. */
export interface Span {
  start: number;
  end: number;
}

const foldCache = new Map<string, string>();

/** How one character reads in search (per character, so positions map back to the original). */
function foldOne(ch: string): string {
  let f = foldCache.get(ch);
  if (f === undefined) {
    f = searchNormalise(ch);
    if (foldCache.size > 20_000) foldCache.clear();
    foldCache.set(ch, f);
  }
  return f;
}

/** The normalised text with, per code unit of it, where its character starts and ends in `text`. */
function mapped(text: string): { norm: string; from: number[]; to: number[] } {
  let norm = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = foldOne(ch);
    for (let k = 0; k < f.length; k++) {
      from.push(at);
      to.push(at + ch.length);
    }
    norm += f;
    at += ch.length;
  }
  return { norm, from, to };
}

/** Sorted, merged spans. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Where the query matches in a text (offsets into the text as given): each fragment of the query
 * where it occurs whole, else (a Han run of three or more characters) each of its bigrams.
 */
export function matchSpans(text: string, query: SearchQuery): Span[] {
  if (text === '' || query.pieces.length === 0) return [];
  const { norm, from, to } = mapped(text);
  const spans: Span[] = [];
  const find = (needle: string): boolean => {
    if (needle === '') return false;
    let found = false;
    for (let i = norm.indexOf(needle); i >= 0; i = norm.indexOf(needle, i + 1)) {
      spans.push({ start: from[i] as number, end: to[i + needle.length - 1] as number });
      found = true;
    }
    return found;
  };
  for (const piece of query.pieces) {
    for (const fragment of piece.fragments) {
      if (find(fragment)) continue;
      if (!HAN.test(fragment)) continue;
      const c = chars(fragment);
      for (let i = 0; i + 1 < c.length; i++) find(`${c[i]}${c[i + 1]}`);
    }
  }
  return mergeSpans(spans);
}

/** How many characters the spans cover. */
export const covered = (spans: readonly Span[]): number =>
  spans.reduce((n, s) => n + (s.end - s.start), 0);

export interface Excerpt {
  text: string;
  marks: Span[];
}

/**
 * A passage of at most about `maxChars` characters around the first mark (from the start when
 * there is none), with … where text was cut; marks moved to the passage's offsets.
 */
export function excerpt(text: string, spans: readonly Span[], maxChars = 120): Excerpt {
  const marks = mergeSpans(spans);
  if (text.length <= maxChars) return { text, marks };
  const first = marks[0];
  let start = first ? Math.max(0, first.start - Math.floor(maxChars / 4)) : 0;
  let end = Math.min(text.length, start + maxChars);
  start = Math.max(0, Math.min(start, end - maxChars));
  // Never cut a surrogate pair.
  const low = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  if (start > 0 && low(start)) start -= 1;
  if (end < text.length && low(end)) end += 1;
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const shift = lead.length - start;
  return {
    text: `${lead}${text.slice(start, end)}${tail}`,
    marks: marks
      .filter((s) => s.end > start && s.start < end)
      .map((s) => ({
        start: Math.max(s.start, start) + shift,
        end: Math.min(s.end, end) + shift,
      })),
  };
}
