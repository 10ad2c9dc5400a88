// The labelled pair set that measures near-duplicate detection, built from real headlines
// (THUCNews titles, TNEWS sentences; ../shared/data/news): positives are a headline and a
// realistically edited copy of it, one edit kind at a time; negatives are two different headlines
// of the same class, the hard ones being each headline's most similar other headline (char
// bigrams). Seeded, so every run builds the same set. Used by scripts/eval-dedup.ts and by the
// real-data test of near-duplicates.test.ts.

import { readFileSync } from 'node:fs';
import * as openccCn2t from 'opencc-js/cn2t';
import {
  articleKey,
  isNearDuplicate,
  MIN_NEAR_KEY_CHARS,
  minhashSignature,
  NEAR_THRESHOLD,
  numbersTag,
  shingleHashes,
  signatureOf,
  signatureSimilarity,
} from './near-duplicates.ts';
import { analysisText, contentHash, contentKey } from './normalise.ts';

export interface Headline {
  text: string;
  /** Class label: headlines of one class share a topic. */
  cls: string;
}

/** `headline<TAB>class_id` lines (THUCNews titles). */
export function readThucnews(file: string): Headline[] {
  const out: Headline[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab <= 0) continue;
    out.push({ text: line.slice(0, tab), cls: line.slice(tab + 1).trim() });
  }
  return out;
}

/** JSON lines `{label, sentence, ...}` (TNEWS). */
export function readTnews(file: string): Headline[] {
  const out: Headline[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { label?: unknown; sentence?: unknown };
    if (typeof row.sentence === 'string' && typeof row.label === 'string') {
      out.push({ text: row.sentence, cls: row.label });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export type Rng = () => number;

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// ---------------------------------------------------------------------------------------------
// Edits

export const EDIT_KINDS = [
  'repost',
  'tail',
  'punctuation',
  'traditional',
  'typo',
  'truncation',
  'comment-tail',
  'combined',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** What each kind does, for the report. */
export const EDIT_DESCRIPTIONS: Readonly<Record<EditKind, string>> = {
  repost: '转发：/【转】/`//@网友:` before, `评论 //@媒体: 原文`, two-level chains',
  tail: '（来源：…）, via …, http://t.cn/…, #话题#, @某人 appended',
  punctuation: 'spaces, punctuation changed/added, full-width ASCII, 【】 around',
  traditional: 'converted to traditional (OpenCC t, tw or hk)',
  typo: 'one Han character replaced by another',
  truncation: 'last 2-4 characters cut',
  'comment-tail': 'a short reaction appended (，太可怕了): not a known tail',
  combined: 'repost + tail + punctuation together',
};

const NAMES = ['某网友', '小王爱吃鱼', 'Sunny_2019', '蓝天白云123', '路人甲', '吃瓜群众'];
const MEDIA = ['人民日报', '新浪新闻', '头条新闻', '澎湃新闻', '央视新闻', '环球时报', '财经网'];
const SOURCES = [
  '新华社',
  '中新网',
  '人民网',
  '央视新闻客户端',
  '澎湃新闻',
  '财联社',
  '北京青年报',
];
const APPS = ['今日头条', '新浪微博', '腾讯新闻', '网易新闻客户端', 'UC浏览器'];
const TOPICS = ['今日热点', '新闻早知道', '热门话题', '财经速递', '社会万象', '娱乐圈'];
const COMMENTS = ['评论', '转发微博', '关注', '真的假的？', '支持！', 'mark一下', '这也行？[吃惊]'];
const REACTIONS = ['太可怕了', '厉害了', '真的吗？', '转需', '赞一个', '支持', '关注中', '666'];

function randomToken(rng: Rng, length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += pick(rng, [...alphabet]);
  return out;
}

/**
 * The part of `opencc-js/cn2t` used here; its declaration file imports `./core` without an
 * extension, which NodeNext cannot resolve (see normalise.ts), so the type is restated.
 */
const opencc = openccCn2t as unknown as {
  Converter(options: { from: string; to: string }): (text: string) => string;
};

let converters: ((text: string) => string)[] | undefined;

function toTraditional(rng: Rng, text: string): string {
  converters ??= (['t', 'tw', 'hk'] as const).map((to) => opencc.Converter({ from: 'cn', to }));
  return pick(rng, converters)(text);
}

const HAN = /\p{Script=Han}/u;

function punctuationEdit(rng: Rng, text: string): string {
  let chars = [...text];
  const edits = 1 + Math.floor(rng() * 3);
  for (let e = 0; e < edits; e++) {
    switch (Math.floor(rng() * 6)) {
      case 0: {
        // Spaces inserted.
        const at = 1 + Math.floor(rng() * Math.max(1, chars.length - 1));
        chars.splice(at, 0, pick(rng, [' ', '  ', '\u3000']));
        break;
      }
      case 1:
        // Punctuation swapped between ASCII and full-width forms, spaces to commas.
        chars = chars.map((ch) => {
          if (ch === '：') return ':';
          if (ch === ':') return '：';
          if (ch === ' ') return '，';
          if (ch === '，') return ',';
          if (ch === '?') return '？';
          return ch;
        });
        break;
      case 2:
        // Full-width ASCII letters and digits.
        chars = chars.map((ch) =>
          /[!-~]/u.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch,
        );
        break;
      case 3:
        chars = ['【', ...chars, '】'];
        break;
      case 4:
        chars.push(pick(rng, ['！', '。', '!!', '……', '~']));
        break;
      default:
        chars = chars.filter((ch) => ch !== ' ');
        break;
    }
  }
  return chars.join('');
}

function repostEdit(rng: Rng, text: string): string {
  switch (Math.floor(rng() * 5)) {
    case 0:
      return `${pick(rng, ['转发：', '转：', '【转】', '转发微博 '])}${text}`;
    case 1:
      return `//@${pick(rng, NAMES)}: ${text}`;
    case 2:
      return `${pick(rng, COMMENTS)} //@${pick(rng, MEDIA)}: ${text}`;
    case 3:
      return `${pick(rng, COMMENTS)}//@${pick(rng, NAMES)}:${pick(rng, COMMENTS)} //@${pick(rng, MEDIA)}：${text}`;
    default:
      return `转发微博//@${pick(rng, NAMES)}: ${text}`;
  }
}

function tailEdit(rng: Rng, text: string): string {
  switch (Math.floor(rng() * 6)) {
    case 0:
      return `${text}（来源：${pick(rng, SOURCES)}）`;
    case 1:
      return `${text} via ${pick(rng, APPS)}`;
    case 2:
      return `${text} http://t.cn/${randomToken(rng, 7)}`;
    case 3:
      return `${text} #${pick(rng, TOPICS)}#`;
    case 4:
      return `${text} @${pick(rng, MEDIA)}`;
    default:
      return `${text} 来源：${pick(rng, SOURCES)}`;
  }
}

/** A realistically edited copy of a headline; `hanPool` supplies typo characters. */
export function editHeadline(kind: EditKind, text: string, rng: Rng, hanPool: string[]): string {
  switch (kind) {
    case 'repost':
      return repostEdit(rng, text);
    case 'tail':
      return tailEdit(rng, text);
    case 'punctuation':
      return punctuationEdit(rng, text);
    case 'traditional':
      return toTraditional(rng, text);
    case 'typo': {
      const chars = [...text];
      const han = chars.flatMap((ch, i) => (HAN.test(ch) ? [i] : []));
      const at = han.length > 0 ? pick(rng, han) : Math.floor(rng() * chars.length);
      let replacement = pick(rng, hanPool);
      while (replacement === chars[at]) replacement = pick(rng, hanPool);
      chars[at] = replacement;
      return chars.join('');
    }
    case 'truncation': {
      const chars = [...text];
      const cut = 2 + Math.floor(rng() * 3);
      return chars.slice(0, Math.max(1, chars.length - cut)).join('');
    }
    case 'comment-tail':
      return `${text}${pick(rng, ['，', ' ', '。'])}${pick(rng, REACTIONS)}`;
    case 'combined':
      return punctuationEdit(rng, tailEdit(rng, repostEdit(rng, text)));
    default: {
      const never: never = kind;
      throw new Error(`unknown edit kind ${String(never)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pairs

export type NegativeKind = 'hard-negative' | 'random-negative';
export type PairKind = EditKind | NegativeKind;

export interface Pair {
  a: string;
  b: string;
  positive: boolean;
  kind: PairKind;
}

export interface PairSetOptions {
  seed: number;
  /** Positive pairs per edit kind. */
  perKind: number;
  /** Hard negatives; as many random same-class negatives again. Default: half the positives. */
  hardNegatives?: number;
}

function bigramSet(analysis: string): Set<string> {
  const chars = [...articleKey(analysis)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * For each of `indices`, the index of the most similar (char-bigram Jaccard of the article key)
 * other headline of the same class whose content differs: the hard negatives. `analyses` are the
 * headlines' analysis texts (computed when not given).
 */
export function mostSimilarSameClass(
  headlines: readonly Headline[],
  indices: number[],
  analyses: readonly string[] = headlines.map((h) => analysisText({ text: h.text })),
): number[] {
  const sets = analyses.map(bigramSet);
  const keys = analyses.map(contentKey);
  const postings = new Map<string, number[]>();
  headlines.forEach((h, i) => {
    for (const g of sets[i] ?? []) {
      const k = `${h.cls}\u0000${g}`;
      const list = postings.get(k);
      if (list === undefined) postings.set(k, [i]);
      else list.push(i);
    }
  });
  return indices.map((i) => {
    const a = sets[i] ?? new Set<string>();
    const cls = headlines[i]?.cls ?? '';
    const overlap = new Map<number, number>();
    for (const g of a) {
      for (const j of postings.get(`${cls}\u0000${g}`) ?? []) {
        if (j !== i) overlap.set(j, (overlap.get(j) ?? 0) + 1);
      }
    }
    let best = -1;
    let bestJ = -1;
    for (const [j, inter] of overlap) {
      if (keys[j] === keys[i]) continue;
      const jac = inter / (a.size + (sets[j]?.size ?? 0) - inter);
      if (jac > bestJ) {
        bestJ = jac;
        best = j;
      }
    }
    if (best >= 0) return best;
    // No shared bigram at all: any other headline of the class.
    const same = headlines.flatMap((h, j) => (h.cls === cls && keys[j] !== keys[i] ? [j] : []));
    return same[0] ?? (i + 1) % headlines.length;
  });
}

function sampleIndices(rng: Rng, n: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.floor(rng() * n));
  return out;
}

/** The labelled pair set (see the top of this file). */
export function buildPairSet(headlines: readonly Headline[], options: PairSetOptions): Pair[] {
  const rng = seededRng(options.seed);
  const hanPool = [...new Set(headlines.flatMap((h) => [...h.text].filter((c) => HAN.test(c))))];
  const pairs: Pair[] = [];
  for (const kind of EDIT_KINDS) {
    for (const i of sampleIndices(rng, headlines.length, options.perKind)) {
      const a = headlines[i]?.text ?? '';
      pairs.push({ a, b: editHeadline(kind, a, rng, hanPool), positive: true, kind });
    }
  }
  const hard = options.hardNegatives ?? Math.round((EDIT_KINDS.length * options.perKind) / 2);
  const hardFrom = sampleIndices(rng, headlines.length, hard);
  const analyses = headlines.map((h) => analysisText({ text: h.text }));
  const keys = analyses.map(contentKey);
  mostSimilarSameClass(headlines, hardFrom, analyses).forEach((j, n) => {
    const i = hardFrom[n] ?? 0;
    pairs.push({
      a: headlines[i]?.text ?? '',
      b: headlines[j]?.text ?? '',
      positive: false,
      kind: 'hard-negative',
    });
  });
  const byClass = new Map<string, number[]>();
  headlines.forEach((h, i) => {
    const list = byClass.get(h.cls);
    if (list === undefined) byClass.set(h.cls, [i]);
    else list.push(i);
  });
  const keyOf = (i: number): string => keys[i] ?? '';
  for (const i of sampleIndices(rng, headlines.length, hard)) {
    const same = byClass.get(headlines[i]?.cls ?? '') ?? [];
    let j = pick(rng, same);
    for (let tries = 0; tries < 20 && (j === i || keyOf(j) === keyOf(i)); tries++) {
      j = pick(rng, same);
    }
    if (j === i || keyOf(j) === keyOf(i)) continue;
    pairs.push({
      a: headlines[i]?.text ?? '',
      b: headlines[j]?.text ?? '',
      positive: false,
      kind: 'random-negative',
    });
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------
// Similarity measures compared in the evaluation

/** Exact Jaccard of char n-gram sets of two keys. */
export function jaccard(keyA: string, keyB: string, n: number): number {
  const a = new Set(shingleHashes(keyA, n));
  const b = new Set(shingleHashes(keyB, n));
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 64-bit SimHash (two 32-bit halves) of a key's distinct char n-grams, each of weight 1. */
export function simhash(key: string, n: number): [number, number] {
  const counts = new Int32Array(64);
  for (const h of new Set(shingleHashes(key, n))) {
    const lo = h;
    const hi = fmix32(h ^ 0x2545f491);
    for (let b = 0; b < 32; b++) {
      counts[b] = (counts[b] ?? 0) + ((lo >>> b) & 1 ? 1 : -1);
      counts[32 + b] = (counts[32 + b] ?? 0) + ((hi >>> b) & 1 ? 1 : -1);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if ((counts[b] ?? 0) > 0) lo |= 1 << b;
    if ((counts[32 + b] ?? 0) > 0) hi |= 1 << b;
  }
  return [lo >>> 0, hi >>> 0];
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** 1 − Hamming distance / 64 of two SimHashes. */
export function simhashSimilarity(a: [number, number], b: [number, number]): number {
  return 1 - (popcount32(a[0] ^ b[0]) + popcount32(a[1] ^ b[1])) / 64;
}

/** The analysed forms of a pair: what every method reads. */
export interface PairFeatures {
  pair: Pair;
  exact: boolean;
  keyA: string;
  keyB: string;
  /** Letters and digits of the whole texts (no article extraction), for comparison. */
  plainA: string;
  plainB: string;
  /** {@link numbersTag} of each article key. */
  tagA: number;
  tagB: number;
  /** Both articles long enough for near matching. */
  nearEligible: boolean;
}

export function pairFeatures(pair: Pair): PairFeatures {
  const a = analysisText({ text: pair.a });
  const b = analysisText({ text: pair.b });
  const keyA = articleKey(a);
  const keyB = articleKey(b);
  return {
    pair,
    exact: contentHash(a) === contentHash(b),
    keyA,
    keyB,
    plainA: contentKey(a).slice(2),
    plainB: contentKey(b).slice(2),
    tagA: numbersTag(keyA),
    tagB: numbersTag(keyB),
    nearEligible: [...keyA].length >= MIN_NEAR_KEY_CHARS && [...keyB].length >= MIN_NEAR_KEY_CHARS,
  };
}

/** MinHash estimate of a pair with k hashes over n-grams (the shipped method: k 64, n 2). */
export function minhashPairSimilarity(f: PairFeatures, k: number, n: number): number {
  return signatureSimilarity(
    minhashSignature(shingleHashes(f.keyA, n), k),
    minhashSignature(shingleHashes(f.keyB, n), k),
  );
}

/**
 * The shipped decision for a pair: same content hash, or near duplicates at the threshold (with
 * the numbers rule of {@link isNearDuplicate}).
 */
export function shippedDecision(a: string, b: string, threshold = NEAR_THRESHOLD): boolean {
  const ta = analysisText({ text: a });
  const tb = analysisText({ text: b });
  if (contentHash(ta) === contentHash(tb)) return true;
  const sa = signatureOf(ta);
  const sb = signatureOf(tb);
  return sa !== null && sb !== null && isNearDuplicate(sa, sb, threshold);
}

// ---------------------------------------------------------------------------------------------
// Scores

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

function finish(tp: number, fp: number, fn: number, tn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
}

/**
 * Scores of a decision over a pair set: overall, and per edit kind. A kind's precision is computed
 * against the negatives in proportion to its share of the positives (as if each kind had its own
 * balanced set), so kinds compare on the same footing.
 */
export function scoreDecisions(items: readonly { pair: Pair; predicted: boolean }[]): {
  overall: Score;
  byKind: Map<PairKind, Score>;
} {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const perKind = new Map<PairKind, { tp: number; fn: number }>();
  const negatives = new Map<PairKind, { fp: number; tn: number }>();
  for (const { pair, predicted } of items) {
    if (pair.positive) {
      const k = perKind.get(pair.kind) ?? { tp: 0, fn: 0 };
      if (predicted) k.tp++;
      else k.fn++;
      perKind.set(pair.kind, k);
      if (predicted) tp++;
      else fn++;
    } else {
      const k = negatives.get(pair.kind) ?? { fp: 0, tn: 0 };
      if (predicted) k.fp++;
      else k.tn++;
      negatives.set(pair.kind, k);
      if (predicted) fp++;
      else tn++;
    }
  }
  const positives = tp + fn;
  const byKind = new Map<PairKind, Score>();
  for (const [kind, k] of perKind) {
    const share = (k.tp + k.fn) / positives;
    byKind.set(kind, finish(k.tp, fp * share, k.fn, tn * share));
  }
  for (const [kind, k] of negatives) byKind.set(kind, finish(0, k.fp, 0, k.tn));
  return { overall: finish(tp, fp, fn, tn), byKind };
}
