// Exact and near-duplicate detection: "similar article" groups of posts.
//
// Exact duplicates share contentHash(analysisText). Near duplicates are found by MinHash over char
// bigrams of the post's *article* (see articleKey): the part of a post that is the content, with
// repost chains, attribution tails, links, mentions, hashtags and emoticons taken off, letters and
// digits only. Signatures are indexed by LSH bands (an open hash table over a ring buffer, so the
// index has a fixed memory bound); candidates are verified by the estimated Jaccard similarity.
// The method and its threshold were chosen by measurement on real headlines: scripts/eval-dedup.ts.

import { createHash, hash as sha } from 'node:crypto';
import { CodeUnitSet, contentHash, isLowSurrogate, lowerCase } from './normalise.ts';

// ---------------------------------------------------------------------------------------------
// Parameters (chosen by `npm run eval:dedup`, see the figures there)

/** MinHash functions per signature. */
export const MINHASH_SIZE = 64;
/**
 * LSH bands × rows: 21 bands of 3 rows (63 of the 64 hashes) make a pair of Jaccard 0.5 a
 * candidate 94% of the time, 0.6 99.4%, 0.7 99.99%; a pair of 0.1 only 2%.
 */
export const LSH_BANDS = 21;
export const LSH_ROWS = 3;
/** Estimated Jaccard (char bigrams of the articles) from which two posts are near duplicates. */
export const NEAR_THRESHOLD = 0.6;
/** The threshold for a pair whose numbers differ (see {@link numbersTag}). */
export const NUMBER_MISMATCH_THRESHOLD = 0.8;
/**
 * Articles with fewer letters/digits than this only match exactly: a handful of bigrams cannot
 * tell a one-character edit from a different short post (`转发微博` vs `转发一下`, `好` vs `赞`).
 */
export const MIN_NEAR_KEY_CHARS = 8;
/** Shingle size: char bigrams. */
export const SHINGLE_SIZE = 2;
/** Version tag of {@link fingerprint} strings; a fingerprint of another version is ignored. */
export const FINGERPRINT_VERSION = 'm1';

// ---------------------------------------------------------------------------------------------
// The article of a post

/**
 * A repost marker `//@name:` (ASCII or full-width colon). Weibo names are up to 30 characters of
 * letters, digits, `_`, `-`; no spaces, colons or slashes.
 */
const REPOST_MARKER = /\/\/\s*@[^\s:：/@]{1,30}\s*[:：]/gu;

/** What a reposter writes before the content when they add nothing: `转发：`, `【转】`, `转发微博`. */
const LEADING_REPOST =
  /^\s*(?:(?:转发|转载|转帖|转|转发理由|repost|rt)\s*[:：]|[【[(（]\s*(?:转|转载|转帖|转发)\s*[】\])）]|转发微博[。.!！]?|repost\s)\s*/iu;

/**
 * Noise that is never the article, removed anywhere: links, mentions, hashtags, emoticons,
 * bracketed attributions. Each rule has a cheap guard (a substring test) so most posts skip it.
 */
const NOISE: readonly (readonly [guard: (text: string) => boolean, rule: RegExp])[] = [
  // Links, and what Weibo exports leave of a link or a video card.
  [
    (t) => t.includes('http') || t.includes('www.') || t.includes('t.cn/'),
    /(?:https?:\/\/|www\.|\bt\.cn\/)[\x21-\x7E]+/giu,
  ],
  [(t) => t.includes('网页链接'), /O?网页链接/gu],
  [(t) => t.includes('视频'), /L[^\s]{1,40}?的(?:微博|秒拍)视频/gu],
  [(t) => t.includes('全文'), /(?:展开|收起)全文[a-z]?/gu],
  // `@name` mentions.
  [(t) => t.includes('@'), /@[\p{L}\p{N}_\-·]{1,20}/gu],
  // `#话题#` hashtags: shared by thousands of different posts, added and dropped freely.
  [(t) => t.includes('#'), /#[^#\n]{1,40}#/gu],
  // `[哈哈]` emoticons.
  [(t) => t.includes('['), /\[[^[\]\s]{1,10}\]/gu],
  // Bracketed attributions and markers: `（来源：新华社）`, `(记者 张三)`, `【转】`, `(组图)`.
  [
    (t) => BRACKET.test(t),
    /[(（【[<]\s*(?:来源|来自|转自|消息来源|文章来源|图片来源|原标题|source|via|记者|编辑|责编|责任编辑|作者|通讯员)[\s:：][^()（）【】[\]<>\n]{0,40}[)）】\]>]/giu,
  ],
  [
    (t) => BRACKET.test(t),
    /[(（【[]\s*(?:转|转载|转帖|转发|组图|图|多图|图文|视频|附视频|高清组图|高清图)\s*[)）】\]]/gu,
  ],
];

const BRACKET = /[(（【[<]/u;

/** What {@link LEADING_REPOST} can start with, after leading whitespace: most texts skip it. */
const LEADING_REPOST_GUARD = /^\s*[转rR【[(（]/u;

/** Attribution tails: `来源：新华社`, `via 今日头条`, `分享自 xx` at the end of the text. */
const TRAILING_ATTRIBUTION_GUARD = /来源|来自|转自|source|via|分享自/iu;
const TRAILING_ATTRIBUTION =
  /[\s,，。.;；|-]*(?:(?:来源|来自|转自|消息来源|文章来源|source)\s*[:：]|via\b|分享自)[^\n]{0,30}$/iu;

const KEY_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
/** Per BMP code unit: 0 not yet classified, 1 a letter/digit/mark (kept), 2 anything else. */
const keyCharClass = new Uint8Array(0x10000);

/**
 * Letters, digits and marks, lower-cased: the form of contentKey without its prefix. A
 * per-character table instead of a Unicode-property regex over the whole text: this runs on every
 * post twice (article and segments) and is the hot path of {@link fingerprint}.
 */
function keyChars(text: string, lower: string = lowerCase(text)): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    let keep: boolean;
    let width = 1;
    if (c >= 0xd800 && c < 0xdc00 && isLowSurrogate(lower.charCodeAt(i + 1))) {
      keep = KEY_CHAR.test(lower.slice(i, i + 2));
      width = 2;
    } else {
      let cls = keyCharClass[c] as number;
      if (cls === 0) {
        cls = KEY_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
        keyCharClass[c] = cls;
      }
      keep = cls === 1;
    }
    if (!keep) {
      if (i > runStart) out += lower.slice(runStart, i);
      runStart = i + width;
    }
    i += width - 1;
  }
  if (runStart === 0) return lower;
  if (runStart < lower.length) out += lower.slice(runStart);
  return out;
}

/**
 * The contentHash of normalise.ts (the exact-duplicate key), computed with this module's key pass:
 * the same letters/digits/marks rule as contentKey, per character instead of a Unicode-property
 * regex, about twice as fast. A test holds it equal to contentHash on real posts.
 */
export function exactHash(analysis: string): string {
  return exactHashOfKey(analysis, keyChars(analysis));
}

/** {@link exactHash} of a text whose {@link keyChars} are known. */
function exactHashOfKey(analysis: string, key: string): string {
  if (key === '') return contentHash(analysis);
  return sha('sha256', `k:${key}`, 'hex');
}

/**
 * The first characters of what the {@link NOISE} guards look for: a text with none of them
 * passes no guard, and is left as it is by every rule.
 */
const NOISE_START = new CodeUnitSet((ch) => 'hwt网视全@#[(（【<'.includes(ch));

function stripNoise(text: string): string {
  let out = text;
  if (NOISE_START.any(out)) {
    for (const [guard, rule] of NOISE) if (guard(out)) out = out.replace(rule, ' ');
  }
  for (let i = 0; i < 3; i++) {
    let next = LEADING_REPOST_GUARD.test(out) ? out.replace(LEADING_REPOST, '') : out;
    if (TRAILING_ATTRIBUTION_GUARD.test(next)) next = next.replace(TRAILING_ATTRIBUTION, '');
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * The key of what a post *is*, for near-duplicate comparison. A repost chain
 * (`comment //@a: comment //@b: content`) loses its markers and its leading comments while they
 * are reactions, not new articles: at most 10 letters/digits, or at most half of what they repost
 * (`转发微博 //@人民日报: 原文` and `评论 //@媒体: 原标题` are copies of the original; a long
 * opinion that quotes a short post is its own article). Leading `转发：`/`【转】`, links,
 * `@mentions`, `#hashtags#`, `[emoticons]` and attribution tails (`（来源：新华社）`,
 * `via 今日头条`) go; what remains is letters and digits only, lower-cased. May be shorter than
 * {@link MIN_NEAR_KEY_CHARS} (even empty): such a post only matches exactly. Pass the output of
 * analysisText.
 */
export function articleKey(analysis: string): string {
  if (!analysis.includes('//')) return keyChars(stripNoise(analysis));
  const keys = analysis.split(REPOST_MARKER).map((segment) => keyChars(stripNoise(segment)));
  let rest = 0;
  for (const k of keys) rest += k.length;
  let start = 0;
  while (start < keys.length - 1) {
    const own = (keys[start] ?? '').length;
    rest -= own;
    if (!(own <= 10 || own * 2 <= rest)) break;
    start++;
  }
  return keys.slice(start).join('');
}

// ---------------------------------------------------------------------------------------------
// Shingles and MinHash

/** 32-bit finaliser of MurmurHash3: a well-mixed 32-bit hash of a 32-bit value (signed). */
function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

let scratchCps = new Int32Array(256);
let scratchShingles = new Int32Array(256);

/** {@link shingleHashes} into a reused buffer (`scratchShingles`); returns their count. */
function shinglesInto(key: string, n: number): number {
  if (scratchCps.length < key.length) scratchCps = new Int32Array(key.length * 2);
  const cps = scratchCps;
  let len = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < key.length) {
      cps[len++] = key.codePointAt(i) ?? c;
      i++;
    } else cps[len++] = c;
  }
  const count = Math.max(1, len - n + 1);
  if (scratchShingles.length < count) scratchShingles = new Int32Array(count * 2);
  const out = scratchShingles;
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5 ^ n;
    const end = Math.min(len, i + n);
    for (let j = i; j < end; j++) h = Math.imul(h ^ (cps[j] as number), 0x9e3779b1);
    out[i] = fmix32(h);
  }
  return count;
}

/** Hashes of the char n-grams of a key (code points); a key shorter than n is one shingle. */
export function shingleHashes(key: string, n: number = SHINGLE_SIZE): Int32Array {
  const count = shinglesInto(key, n); // may grow scratchShingles
  return scratchShingles.slice(0, count);
}

/** Seeds of the hash functions: a deterministic generator, the same in every process. */
function seeds(count: number, salt: number): Int32Array {
  const out = new Int32Array(count);
  let s = salt >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    out[i] = fmix32(s) | 1;
  }
  return out;
}

const seedCache = new Map<number, { xor: Int32Array; mul: Int32Array }>();

function seedsFor(k: number): { xor: Int32Array; mul: Int32Array } {
  let s = seedCache.get(k);
  if (s === undefined) {
    s = { xor: seeds(k, 0x5eed1), mul: seeds(k, 0x5eed2) };
    seedCache.set(k, s);
  }
  return s;
}

/**
 * MinHash signature of a set of shingle hashes: for each of k hash functions (xor, then multiply
 * by an odd constant: a permutation of 32-bit values), the shingle with the smallest value; the
 * signature keeps 16 bits of *that shingle's* hash (b-bit MinHash), so two signatures agree at a
 * position when the same shingle won there (or, 1 in 65,536, by chance). Written to the start of
 * `out` when given.
 */
export function minhashSignature(
  shingles: Int32Array,
  k: number = MINHASH_SIZE,
  out?: Uint16Array,
): Uint16Array {
  return minhashInto(shingles, shingles.length, k, out ?? new Uint16Array(k));
}

/** {@link minhashSignature} of the first `n` shingles, into `sig`. */
function minhashInto(shingles: Int32Array, n: number, k: number, sig: Uint16Array): Uint16Array {
  if (k === MINHASH_SIZE && n > 0) {
    minhashWasm ??= minhashSimd();
    if (minhashWasm !== false) return minhashWasm(shingles, n, sig);
  }
  const { xor, mul } = seedsFor(k);
  let i = 0;
  // Four hash functions per pass over the shingles: the minima stay in registers (1.6× faster).
  for (; i + 3 < k; i += 4) {
    const x0 = xor[i] as number;
    const x1 = xor[i + 1] as number;
    const x2 = xor[i + 2] as number;
    const x3 = xor[i + 3] as number;
    const m0 = mul[i] as number;
    const m1 = mul[i + 1] as number;
    const m2 = mul[i + 2] as number;
    const m3 = mul[i + 3] as number;
    let b0 = 0x7fffffff;
    let b1 = b0;
    let b2 = b0;
    let b3 = b0;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let s = 0; s < n; s++) {
      const h = shingles[s] as number;
      let v = Math.imul(h ^ x0, m0);
      if (v < b0) {
        b0 = v;
        a0 = h;
      }
      v = Math.imul(h ^ x1, m1);
      if (v < b1) {
        b1 = v;
        a1 = h;
      }
      v = Math.imul(h ^ x2, m2);
      if (v < b2) {
        b2 = v;
        a2 = h;
      }
      v = Math.imul(h ^ x3, m3);
      if (v < b3) {
        b3 = v;
        a3 = h;
      }
    }
    sig[i] = a0 >>> 16;
    sig[i + 1] = a1 >>> 16;
    sig[i + 2] = a2 >>> 16;
    sig[i + 3] = a3 >>> 16;
  }
  for (; i < k; i++) {
    const x = xor[i] as number;
    const m = mul[i] as number;
    let best = 0x7fffffff;
    let arg = 0;
    for (let s = 0; s < n; s++) {
      const h = shingles[s] as number;
      const v = Math.imul(h ^ x, m);
      if (v < best) {
        best = v;
        arg = h;
      }
    }
    sig[i] = arg >>> 16;
  }
  return sig;
}

// ---------------------------------------------------------------------------------------------
// MinHash with WebAssembly SIMD

/**
 * The signature ({@link minhashInto}) of MINHASH_SIZE hash functions by a WebAssembly function
 * that evaluates four of them per 128-bit instruction: for each group of eight (two vectors of
 * four) it runs over the shingles once, v = (h ^ xor) * mul (the low 32 bits, as Math.imul),
 * and where v < the minimum so far (signed, strict: the first shingle wins a tie) it keeps v and
 * h. The same arithmetic as the JavaScript loop, so the same signature, about four times faster.
 * Assembled below byte by byte (the module is a few hundred bytes; there is no toolchain to build
 * it). False where WebAssembly or its SIMD is missing: the JavaScript loop runs then.
 */
function minhashSimd(): Minhash | false {
  const k = MINHASH_SIZE;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (k % 8 !== 0 || wasm === undefined) return false;
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(minhashModule())).exports;
  } catch {
    return false;
  }
  const memory = exports.memory as WasmMemory;
  const run = exports.minhash as (shingles: number, n: number, groups: number) => void;
  const { xor, mul } = seedsFor(k);
  let words = new Int32Array(memory.buffer);
  words.set(xor, SIMD_XOR / 4);
  words.set(mul, SIMD_MUL / 4);
  return (shingles, n, sig) => {
    const need = SIMD_SHINGLES + 4 * n;
    if (need > memory.buffer.byteLength) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65_536));
      words = new Int32Array(memory.buffer);
    }
    words.set(n === shingles.length ? shingles : shingles.subarray(0, n), SIMD_SHINGLES / 4);
    run(SIMD_SHINGLES, n, k / 8);
    for (let i = 0; i < k; i++) sig[i] = (words[SIMD_OUT / 4 + i] as number) >>> 16;
    return sig;
  };
}

/** The first `n` shingles' signature into `sig`. */
type Minhash = (shingles: Int32Array, n: number, sig: Uint16Array) => Uint16Array;

let minhashWasm: Minhash | false | undefined;

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Byte offsets in the module's memory: xor seeds, multipliers, results, then the shingles. */
const SIMD_XOR = 0;
const SIMD_MUL = 4 * MINHASH_SIZE;
const SIMD_OUT = 8 * MINHASH_SIZE;
const SIMD_SHINGLES = 12 * MINHASH_SIZE;

/**
 * The module: one memory (exported as `memory`) and `minhash(shingles, n, groups)`, which for
 * each group g of eight hash functions reads their seeds at SIMD_XOR/SIMD_MUL + 32g and writes
 * the winning shingles at SIMD_OUT + 32g. In the text format:
 *
 *   (func (param $sh i32) (param $n i32) (param $groups i32)
 *     (local $g i32) (local $p i32) (local $end i32) (local $off i32)
 *     (local $x0 v128) (local $m0 v128) (local $b0 v128) (local $a0 v128)
 *     (local $x1 v128) (local $m1 v128) (local $b1 v128) (local $a1 v128)
 *     (local $h v128) (local $v v128) (local $lt v128)
 *     $end = $sh + 4 * $n
 *     block loop                                   ;; each group
 *       br_if 1 ($g >= $groups)
 *       $off = $g << 5
 *       $x0, $x1, $m0, $m1 = v128.load (seeds at $off); $b0 = $b1 = 0x7fffffff x4; $a0 = $a1 = 0
 *       $p = $sh
 *       block loop                                 ;; each shingle
 *         br_if 1 ($p >= $end)
 *         $h = v128.load32_splat $p
 *         $v = i32x4.mul (v128.xor $h $x0) $m0
 *         $lt = i32x4.lt_s $v $b0;  $b0 = i32x4.min_s $v $b0;  $a0 = v128.bitselect $h $a0 $lt
 *         (the same with $x1 $m1 $b1 $a1)
 *         $p += 4;  br 0
 *       end end
 *       v128.store (SIMD_OUT + $off) $a0;  v128.store (SIMD_OUT + 16 + $off) $a1
 *       $g += 1;  br 0
 *     end end)
 */
function minhashModule(): Uint8Array {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n === 0 ? b : b | 0x80);
    } while (n !== 0);
    return out;
  };
  const sleb = (n: number): number[] => {
    const out: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
      out.push(b | 0x80);
    }
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, 'latin1')];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  // Locals: the three parameters, four i32, eleven v128.
  const [SH, N, GROUPS, G, P, END, OFF] = [0, 1, 2, 3, 4, 5, 6];
  const [X0, M0, B0, A0, X1, M1, B1, A1, H, V, LT] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const get = (i: number) => [0x20, ...uleb(i)];
  const set = (i: number) => [0x21, ...uleb(i)];
  const i32 = (n: number) => [0x41, ...sleb(n)];
  const ADD = [0x6a];
  const SHL = [0x74];
  const GE_U = [0x4f];
  const simd = (op: number) => [0xfd, ...uleb(op)];
  const load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
  const store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
  const splat32 = [...simd(0x09), 2, 0];
  const splatConst = (v: number) => [
    ...simd(0x0c),
    ...Array.from({ length: 4 }, () => [
      v & 0xff,
      (v >>> 8) & 0xff,
      (v >>> 16) & 0xff,
      v >>> 24,
    ]).flat(),
  ];
  const [XOR, BITSELECT, LT_S, MUL, MIN_S] = [0x51, 0x52, 0x39, 0xb5, 0xb6].map(simd);
  const lanes = (x: number, m: number, b: number, a: number) => [
    ...get(H),
    ...get(x),
    ...XOR!,
    ...get(m),
    ...MUL!,
    ...set(V),
    ...get(V),
    ...get(b),
    ...LT_S!,
    ...set(LT),
    ...get(V),
    ...get(b),
    ...MIN_S!,
    ...set(b),
    ...get(H),
    ...get(a),
    ...get(LT),
    ...BITSELECT!,
    ...set(a),
  ];
  const [BLOCK, LOOP, BR, BR_IF, END_] = [0x02, 0x03, 0x0c, 0x0d, 0x0b];
  const VOID = 0x40;
  // prettier-ignore
  const body = [
    ...vec([[4, 0x7f], [11, 0x7b]]),
    ...get(SH), ...get(N), ...i32(2), ...SHL, ...ADD, ...set(END),
    BLOCK, VOID, LOOP, VOID,
    ...get(G), ...get(GROUPS), ...GE_U, BR_IF, 1,
    ...get(G), ...i32(5), ...SHL, ...set(OFF),
    ...get(OFF), ...load(SIMD_XOR), ...set(X0), ...get(OFF), ...load(SIMD_XOR + 16), ...set(X1),
    ...get(OFF), ...load(SIMD_MUL), ...set(M0), ...get(OFF), ...load(SIMD_MUL + 16), ...set(M1),
    ...splatConst(0x7fffffff), ...set(B0), ...splatConst(0x7fffffff), ...set(B1),
    ...splatConst(0), ...set(A0), ...splatConst(0), ...set(A1),
    ...get(SH), ...set(P),
    BLOCK, VOID, LOOP, VOID,
    ...get(P), ...get(END), ...GE_U, BR_IF, 1,
    ...get(P), ...splat32, ...set(H),
    ...lanes(X0, M0, B0, A0),
    ...lanes(X1, M1, B1, A1),
    ...get(P), ...i32(4), ...ADD, ...set(P),
    BR, 0, END_, END_,
    ...get(OFF), ...get(A0), ...store(SIMD_OUT), ...get(OFF), ...get(A1), ...store(SIMD_OUT + 16),
    ...get(G), ...i32(1), ...ADD, ...set(G),
    BR, 0, END_, END_,
    END_,
  ];
  const I32 = 0x7f;
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), 0]])), // type: (i32 i32 i32) -> ()
    ...section(3, vec([[0]])), // function 0 has type 0
    ...section(5, vec([[0x00, 1]])), // memory 0: one page to start with
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('minhash'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** Share of the first k positions where two signatures agree: the estimated Jaccard similarity. */
export function signatureSimilarity(
  a: Uint16Array,
  b: Uint16Array,
  k: number = Math.min(a.length, b.length),
): number {
  if (k === 0) return 0;
  let same = 0;
  for (let i = 0; i < k; i++) if (a[i] === b[i]) same++;
  return same / k;
}

/**
 * 16 bits standing for the numbers of an article (its runs of ASCII digits, in order), 0 when it
 * has none. Two headlines that differ only in their numbers are different news far more often
 * than copies (`10月25日早盘分析` / `10月10日早盘分析`, `新增确诊1234例` day after day), so a pair
 * whose numbers differ must reach {@link NUMBER_MISMATCH_THRESHOLD} to be near duplicates.
 * A number ending within the last 4 characters does not count: truncation (`…均价10800` cut to
 * `…均价108`) cuts numbers at the end.
 */
export function numbersTag(key: string): number {
  const limit = key.length - 4;
  let h = 0x2f5a1e3b;
  let any = false;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) continue;
    let end = i;
    let run = h;
    while (end < key.length && c >= 0x30 && c <= 0x39) {
      run = Math.imul(run ^ c, 0x01000193);
      c = key.charCodeAt(++end);
    }
    if (end > limit) break;
    any = true;
    h = Math.imul(run ^ 0x2c, 0x01000193);
    i = end;
  }
  return any ? fmix32(h) >>> 16 || 1 : 0;
}

/** The similarity two signatures must reach: higher when both have numbers and they differ. */
export function requiredSimilarity(tagA: number, tagB: number, threshold: number): number {
  return tagA !== 0 && tagB !== 0 && tagA !== tagB
    ? Math.max(threshold, NUMBER_MISMATCH_THRESHOLD)
    : threshold;
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/**
 * A post's near-duplicate fingerprint as stored: `m1:` and, in base64url (174 characters), the
 * MinHash signature (64 × 16 bits) followed by the {@link numbersTag} (16 bits); or `m1:` alone
 * for a post whose article is too short for near matching (it then only matches exactly).
 */
export type Fingerprint = string;

/** Values in a signature: the MinHash values, then the numbers tag. */
const SIGNATURE_LENGTH = MINHASH_SIZE + 1;
/** Values a signature takes in the index: one more, so that every slot starts on a 32-bit word. */
const SIG_STRIDE = SIGNATURE_LENGTH + (SIGNATURE_LENGTH % 2);

/**
 * The signature of a text (MinHash values, then the numbers tag), or null when its article is
 * too short for near matching.
 */
export function signatureOf(analysis: string): Uint16Array | null {
  return signatureOfKey(articleKey(analysis));
}

/** The signature of an article key, into `out` when given. */
function signatureOfKey(key: string, out?: Uint16Array): Uint16Array | null {
  let chars = key.length;
  if (chars < MIN_NEAR_KEY_CHARS) return null;
  if (/[\uD800-\uDBFF]/u.test(key)) chars = [...key].length;
  if (chars < MIN_NEAR_KEY_CHARS) return null;
  const sig = out ?? new Uint16Array(SIGNATURE_LENGTH);
  const count = shinglesInto(key, SHINGLE_SIZE); // may grow scratchShingles
  minhashInto(scratchShingles, count, MINHASH_SIZE, sig);
  sig[MINHASH_SIZE] = numbersTag(key);
  return sig;
}

/** What the pipeline needs of a post for duplicate detection, computed together. */
export interface DuplicateKeys {
  fingerprint: Fingerprint;
  /** {@link exactHash} of the text. */
  contentHash: string;
  /**
   * The signature the fingerprint encodes (null when it has none), in a buffer that the next
   * call of {@link duplicateKeys} overwrites: hand it to {@link DuplicateIndex.addSigned} (which
   * copies it) or copy it.
   */
  signature: Uint16Array | null;
}

const keysSignature = new Uint16Array(SIGNATURE_LENGTH);

/**
 * {@link fingerprint}, {@link exactHash} and the signature of an analysis text, reading its
 * letters and digits once when the article is the whole text (no repost chain, nothing stripped).
 * `lower` is `lowerCase(analysis)` when the caller has it.
 */
export function duplicateKeys(analysis: string, lower?: string): DuplicateKeys {
  const whole = keyChars(analysis, lower);
  let article: string;
  if (analysis.includes('//')) article = articleKey(analysis);
  else {
    const stripped = stripNoise(analysis);
    article = stripped === analysis ? whole : keyChars(stripped);
  }
  const signature = signatureOfKey(article, keysSignature);
  return {
    fingerprint: encodeSignature(signature),
    contentHash: exactHashOfKey(analysis, whole),
    signature,
  };
}

/** Whether two signatures (of {@link signatureOf}) are near duplicates at a threshold. */
export function isNearDuplicate(
  a: Uint16Array,
  b: Uint16Array,
  threshold: number = NEAR_THRESHOLD,
): boolean {
  const required = requiredSimilarity(a[MINHASH_SIZE] ?? 0, b[MINHASH_SIZE] ?? 0, threshold);
  return signatureSimilarity(a, b, MINHASH_SIZE) >= required;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

let encodeBuffer = Buffer.alloc(2 * SIGNATURE_LENGTH);

/**
 * The fingerprint of a signature ({@link signatureOf}): base64url (no padding) of the 16-bit
 * values, big-endian.
 */
export function encodeSignature(sig: Uint16Array | null): Fingerprint {
  if (sig === null) return `${FINGERPRINT_VERSION}:`;
  if (encodeBuffer.length < 2 * sig.length) encodeBuffer = Buffer.alloc(2 * sig.length);
  const bytes = encodeBuffer;
  for (let i = 0; i < sig.length; i++) {
    const v = sig[i] as number;
    bytes[2 * i] = v >>> 8;
    bytes[2 * i + 1] = v & 0xff;
  }
  return `${FINGERPRINT_VERSION}:${bytes.toString('base64url', 0, 2 * sig.length)}`;
}

const ENCODED_LENGTH = Math.ceil((SIGNATURE_LENGTH * 16) / 6);

/**
 * The signature in a fingerprint; null when it has none, is malformed or of another version.
 * Decoded by hand straight into 16-bit values: this runs for every stored post at start-up.
 */
export function decodeFingerprint(fp: Fingerprint): Uint16Array | null {
  const start = FINGERPRINT_VERSION.length + 1;
  if (fp.length !== start + ENCODED_LENGTH || !fp.startsWith(`${FINGERPRINT_VERSION}:`)) {
    return null;
  }
  const sig = new Uint16Array(SIGNATURE_LENGTH);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start; i < fp.length; i++) {
    const c = fp.charCodeAt(i);
    const v = c < 128 ? (B64_VALUE[c] as number) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      if (n < SIGNATURE_LENGTH) sig[n++] = acc >>> bits;
      acc &= (1 << bits) - 1;
    }
  }
  return n === SIGNATURE_LENGTH ? sig : null;
}

/** The near-duplicate fingerprint of an analysis text (see {@link Fingerprint}). */
export function fingerprint(analysis: string): Fingerprint {
  return encodeSignature(signatureOf(analysis));
}

/** Estimated similarity of two fingerprints (0 when either has no signature). */
export function fingerprintSimilarity(a: Fingerprint, b: Fingerprint): number {
  const sa = decodeFingerprint(a);
  const sb = decodeFingerprint(b);
  return sa === null || sb === null ? 0 : signatureSimilarity(sa, sb, MINHASH_SIZE);
}

// ---------------------------------------------------------------------------------------------
// The index

export type DuplicateKind = 'exact' | 'near';

export interface DuplicateMatch {
  /** `exact`: same content hash; `near`: estimated similarity ≥ the threshold; null: new. */
  kind: DuplicateKind | null;
  /** The earlier post this one copies: an exact copy if any, else the most similar near one. */
  dupOf: string | null;
  /** The id of the group's first member (the canonical article); the post's own id when new. */
  groupId: string;
  /** Estimated Jaccard similarity to dupOf (1 for exact copies). */
  similarity?: number;
}

export interface DuplicateIndexOptions {
  /** Entries kept; the oldest are evicted beyond it. Default 200,000. */
  maxEntries?: number;
  /** Near-duplicate threshold (estimated Jaccard). Default {@link NEAR_THRESHOLD}. */
  threshold?: number;
}

/** Whether a text has anything but whitespace. */
const NOT_BLANK = /\S/u;

/** At most this many entries of one LSH bucket are looked at (newest first). */
const MAX_CHAIN = 64;

/** The first 64 bits of a contentHash (hex) as two int32, or null when it is not hex. */
function hashKey(hash: string): [number, number] | null {
  if (hash.length < 16) return null;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 16; i++) {
    const c = hash.charCodeAt(i);
    const letter = c | 0x20; // a-f from A-F or a-f only
    const v =
      c >= 0x30 && c <= 0x39 ? c - 0x30 : letter >= 0x61 && letter <= 0x66 ? letter - 0x57 : -1;
    if (v < 0) return null;
    if (i < 8) hi = (hi << 4) | v;
    else lo = (lo << 4) | v;
  }
  return [hi, lo];
}

/** {@link exactHash} as {@link hashKey}, without going through hex. */
function exactKey(analysis: string): [number, number] {
  const key = keyChars(analysis);
  if (key === '') return hashKey(contentHash(analysis)) ?? [0, 0];
  const digest = createHash('sha256').update(`k:${key}`, 'utf8').digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * Exact and near-duplicate groups over a stream of posts, in bounded memory: a ring buffer of
 * `maxEntries` slots (a new entry evicts the oldest) and, all in typed arrays, an open-addressing
 * table of content hashes (their first 64 bits), the LSH band chains and the group counts. About
 * 520 bytes an entry with the caller's id strings, 100 MB at the default 200,000 (measured by
 * `npm run eval:dedup`); pass a smaller `maxEntries` where that is too much.
 *
 * A new post is an exact copy when an indexed post has its contentHash, else a near copy of the
 * indexed post with the highest estimated similarity at or above the threshold (see
 * {@link isNearDuplicate}); it joins the group of what it copies (the best match's group, never a
 * merge of groups, so groups do not chain transitively into blobs). Posts whose article is shorter
 * than {@link MIN_NEAR_KEY_CHARS} letters/digits only match exactly; empty texts match nothing.
 */
export class DuplicateIndex {
  readonly maxEntries: number;
  readonly threshold: number;

  private readonly ids: (string | undefined)[];
  private readonly groupOf: (string | undefined)[];
  /** Insertion number of the entry in a slot; -1 when empty. */
  private readonly seq: Float64Array;
  private readonly hasSig: Uint8Array;
  /** Per slot, its signature at `slot * SIG_STRIDE`; compared two values at a time. */
  private readonly sigs: Uint16Array;
  private readonly sigWords: Uint32Array;
  /** The signature being looked up, laid out as a slot's (two values a word). */
  private readonly query = new Uint16Array(SIG_STRIDE);
  private readonly queryWords = new Uint32Array(this.query.buffer);
  /** Per (slot, band) node: the band's key and the next (older) node of its bucket, + 1. */
  private readonly nodeKey: Int32Array;
  private readonly nodeNext: Int32Array;
  /** Bucket heads: node index + 1 (0 = empty). */
  private readonly heads: Int32Array;
  private readonly headMask: number;
  /** Per slot: the first 64 bits of its content hash, and whether it has one. */
  private readonly hashHi: Int32Array;
  private readonly hashLo: Int32Array;
  private readonly hasHash: Uint8Array;
  /** Linear-probing table of content hashes: the newest slot with that hash, + 1 (0 = empty). */
  private readonly exactSlots: Int32Array;
  private readonly exactMask: number;
  /** Group records: size (members ever, while known) and live members, with a free list. */
  private readonly groupIndex = new Map<string, number>();
  private readonly groupSizes: Float64Array;
  private readonly groupLive: Int32Array;
  private readonly groupOfSlot: Int32Array;
  private readonly freeGroups: Int32Array;
  private freeTop: number;
  /** Query stamp per slot, so a candidate found in several bands is scored once. */
  private readonly seen: Uint32Array;
  private readonly bandKeys = new Int32Array(LSH_BANDS);
  /** The signature whose band keys {@link bandKeys} holds (null: none, or not known). */
  private bandKeysOf: Uint16Array | null = null;
  /** Per band, the head of its bucket for the signature being looked up. */
  private readonly bandHeads = new Int32Array(LSH_BANDS);
  private stamp = 0;
  private counter = 0;

  constructor(options: DuplicateIndexOptions = {}) {
    const max = Math.floor(options.maxEntries ?? 200_000);
    if (!(max >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.maxEntries = max;
    this.threshold = options.threshold ?? NEAR_THRESHOLD;
    this.ids = new Array<string | undefined>(max).fill(undefined);
    this.groupOf = new Array<string | undefined>(max).fill(undefined);
    this.seq = new Float64Array(max).fill(-1);
    this.hasSig = new Uint8Array(max);
    this.sigs = new Uint16Array(max * SIG_STRIDE);
    this.sigWords = new Uint32Array(this.sigs.buffer);
    this.nodeKey = new Int32Array(max * LSH_BANDS);
    this.nodeNext = new Int32Array(max * LSH_BANDS);
    // About two nodes a bucket: chains stay short, and every node's key is checked anyway.
    let size = 1024;
    while (size * 2 < max * LSH_BANDS) size *= 2;
    this.heads = new Int32Array(size);
    this.headMask = size - 1;
    this.hashHi = new Int32Array(max);
    this.hashLo = new Int32Array(max);
    this.hasHash = new Uint8Array(max);
    let exactSize = 16;
    while (exactSize < max * 2) exactSize *= 2;
    this.exactSlots = new Int32Array(exactSize);
    this.exactMask = exactSize - 1;
    this.groupSizes = new Float64Array(max);
    this.groupLive = new Int32Array(max);
    this.groupOfSlot = new Int32Array(max).fill(-1);
    this.freeGroups = new Int32Array(max);
    for (let i = 0; i < max; i++) this.freeGroups[i] = max - 1 - i;
    this.freeTop = max;
    this.seen = new Uint32Array(max);
  }

  /** Entries currently held. */
  get size(): number {
    return Math.min(this.counter, this.maxEntries);
  }

  /** Members a group has had while any of them was in the index; 0 for an unknown group. */
  groupSize(groupId: string): number {
    const g = this.groupIndex.get(groupId);
    return g === undefined ? 0 : (this.groupSizes[g] ?? 0);
  }

  /**
   * What a post would be, without adding it: an exact or near copy of which indexed post, in
   * which group (`groupId` is '' when it is new). `fp` and `hash` are its {@link fingerprint}
   * and contentHash when already known.
   */
  match(analysis: string, fp?: Fingerprint, hash?: string): DuplicateMatch {
    const key = this.keyOf(analysis, hash);
    const sig = fp === undefined ? signatureOf(analysis) : decodeFingerprint(fp);
    return this.find(key, sig, '');
  }

  /**
   * Adds a post (its analysis text) and says what it copies and which group it joins. `fp` and
   * `hash` are its {@link fingerprint} and contentHash when the caller already has them (they
   * are computed from `analysis` otherwise).
   */
  add(id: string, analysis: string, fp?: Fingerprint, hash?: string): DuplicateMatch {
    return this.addSigned(
      id,
      analysis,
      fp === undefined ? signatureOf(analysis) : decodeFingerprint(fp),
      hash,
    );
  }

  /**
   * {@link add} with the post's signature ({@link signatureOf}) instead of its fingerprint, for
   * a caller that has it (the index keeps a copy).
   */
  addSigned(id: string, analysis: string, sig: Uint16Array | null, hash?: string): DuplicateMatch {
    const key = this.keyOf(analysis, hash);
    this.bandKeysOf = null;
    const found = this.find(key, sig, id);
    // When find looked for near copies, it computed the band keys of this signature.
    this.insert(id, key, sig, found.groupId, sig !== null && this.bandKeysOf === sig);
    return found;
  }

  /**
   * Puts back a stored post at start-up: its id, stored fingerprint, contentHash and groupId, in
   * the order they were added (oldest first), so the newest `maxEntries` stay. A fingerprint of
   * another version is kept for exact matching only.
   */
  load(id: string, fp: Fingerprint, hash: string, groupId: string): void {
    this.insert(id, hashKey(hash), decodeFingerprint(fp), groupId);
  }

  private keyOf(analysis: string, hash: string | undefined): [number, number] | null {
    if (!NOT_BLANK.test(analysis)) return null;
    return hash === undefined ? exactKey(analysis) : hashKey(hash);
  }

  /** The table position of a hash key: where it is, or the empty position it would take. */
  private exactPosition(hi: number, lo: number): number {
    let pos = fmix32(hi ^ Math.imul(lo, 0x9e3779b1)) & this.exactMask;
    for (;;) {
      const entry = this.exactSlots[pos] as number;
      if (entry === 0) return pos;
      const slot = entry - 1;
      if (this.hashHi[slot] === hi && this.hashLo[slot] === lo) return pos;
      pos = (pos + 1) & this.exactMask;
    }
  }

  private exactDelete(pos: number): void {
    // Backward-shift deletion keeps linear probing correct without tombstones.
    const mask = this.exactMask;
    let hole = pos;
    let next = (hole + 1) & mask;
    for (;;) {
      const entry = this.exactSlots[next] as number;
      if (entry === 0) break;
      const slot = entry - 1;
      const home =
        fmix32((this.hashHi[slot] as number) ^ Math.imul(this.hashLo[slot] as number, 0x9e3779b1)) &
        mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      const between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!between) {
        this.exactSlots[hole] = entry;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    this.exactSlots[hole] = 0;
  }

  private find(key: [number, number] | null, sig: Uint16Array | null, id: string): DuplicateMatch {
    if (key !== null) {
      const entry = this.exactSlots[this.exactPosition(key[0], key[1])] as number;
      if (entry !== 0) {
        const slot = entry - 1;
        return {
          kind: 'exact',
          dupOf: this.ids[slot] ?? null,
          groupId: this.groupOf[slot] ?? id,
          similarity: 1,
        };
      }
    }
    if (sig !== null) {
      const best = this.bestNear(sig);
      if (best !== null) {
        return {
          kind: 'near',
          dupOf: this.ids[best.slot] ?? null,
          groupId: this.groupOf[best.slot] ?? id,
          similarity: best.similarity,
        };
      }
    }
    return { kind: null, dupOf: null, groupId: id };
  }

  private computeBandKeys(sig: Uint16Array): Int32Array {
    const keys = this.bandKeys;
    this.bandKeysOf = sig;
    for (let band = 0; band < LSH_BANDS; band++) {
      let h = 0x9747b28c ^ band;
      for (let r = 0; r < LSH_ROWS; r++) {
        h = Math.imul(h ^ (sig[band * LSH_ROWS + r] as number), 0x01000193);
      }
      keys[band] = fmix32(h);
    }
    return keys;
  }

  private bestNear(sig: Uint16Array): { slot: number; similarity: number } | null {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const k = MINHASH_SIZE;
    const tag = sig[k] ?? 0;
    const whole = sig.length >= k && k % 2 === 0;
    if (whole) this.query.set(sig.length === k ? sig : sig.subarray(0, k));
    const keys = this.computeBandKeys(sig);
    // The bucket heads first, in a loop of their own: they are far apart in a large table, and
    // independent reads can wait for memory together.
    const first = this.bandHeads;
    for (let band = 0; band < LSH_BANDS; band++) {
      first[band] = this.heads[(keys[band] as number) & this.headMask] as number;
    }
    let bestSlot = -1;
    let bestSim = -1;
    for (let band = 0; band < LSH_BANDS; band++) {
      const key = keys[band] as number;
      const bucket = key & this.headMask;
      let node = (first[band] as number) - 1;
      let prevSeq = Infinity;
      for (let steps = 0; node >= 0 && steps < MAX_CHAIN; steps++) {
        const slot = (node / LSH_BANDS) | 0;
        const s = this.seq[slot] as number;
        // A link to a reused slot (newer than its predecessor, without a signature, or now in
        // another bucket) ends the chain: what followed it was older than the evicted entry.
        if (
          s < 0 ||
          s >= prevSeq ||
          this.hasSig[slot] === 0 ||
          ((this.nodeKey[node] as number) & this.headMask) !== bucket
        ) {
          break;
        }
        prevSeq = s;
        if (this.nodeKey[node] === key && this.seen[slot] !== this.stamp) {
          this.seen[slot] = this.stamp;
          const base = slot * SIG_STRIDE;
          let same = 0;
          if (whole) {
            // Two values a word, counted without branches: a 16-bit half v is 0 iff
            // (v - 1) >>> 31 is 1.
            const words = this.sigWords;
            const query = this.queryWords;
            const at = base >>> 1;
            for (let i = 0; i < k >>> 1; i++) {
              const x = (words[at + i] as number) ^ (query[i] as number);
              same += (((x & 0xffff) - 1) >>> 31) + (((x >>> 16) - 1) >>> 31);
            }
          } else for (let i = 0; i < k; i++) if (this.sigs[base + i] === sig[i]) same++;
          const sim = same / k;
          const other = this.sigs[base + k] as number;
          if (sim > bestSim && sim >= requiredSimilarity(tag, other, this.threshold)) {
            bestSim = sim;
            bestSlot = slot;
            // Nothing beats an identical article.
            if (same === k) return { slot, similarity: 1 };
          }
        }
        node = (this.nodeNext[node] as number) - 1;
      }
    }
    return bestSlot < 0 ? null : { slot: bestSlot, similarity: bestSim };
  }

  /**
   * `keysReady`: {@link bandKeys} holds the band keys of `sig` (bestNear computed them for this
   * very signature a moment ago).
   */
  private insert(
    id: string,
    key: [number, number] | null,
    sig: Uint16Array | null,
    groupId: string,
    keysReady = false,
  ): void {
    const slot = this.counter % this.maxEntries;
    // Counted first: the evicted entry may be the last live member of the group being joined.
    let group = this.groupIndex.get(groupId);
    if (group !== undefined) this.groupLive[group] = (this.groupLive[group] as number) + 1;
    this.evict(slot);
    if (group === undefined) {
      // Never empty here: there are fewer live groups than live entries.
      const fresh = this.freeGroups[--this.freeTop] ?? 0;
      this.groupIndex.set(groupId, fresh);
      this.groupSizes[fresh] = 0;
      this.groupLive[fresh] = 1;
      group = fresh;
    }
    this.groupSizes[group] = (this.groupSizes[group] as number) + 1;
    this.groupOfSlot[slot] = group;
    this.seq[slot] = this.counter++;
    this.ids[slot] = id;
    this.groupOf[slot] = groupId;
    if (key !== null) {
      this.hashHi[slot] = key[0];
      this.hashLo[slot] = key[1];
      this.hasHash[slot] = 1;
      this.exactSlots[this.exactPosition(key[0], key[1])] = slot + 1;
    } else this.hasHash[slot] = 0;
    if (sig === null || sig.length < SIGNATURE_LENGTH) {
      this.hasSig[slot] = 0;
      return;
    }
    this.hasSig[slot] = 1;
    this.sigs.set(
      sig.length === SIGNATURE_LENGTH ? sig : sig.subarray(0, SIGNATURE_LENGTH),
      slot * SIG_STRIDE,
    );
    const keys = keysReady ? this.bandKeys : this.computeBandKeys(sig);
    this.bandKeysOf = null;
    for (let band = 0; band < LSH_BANDS; band++) {
      const node = slot * LSH_BANDS + band;
      const bandKey = keys[band] as number;
      const bucket = bandKey & this.headMask;
      this.nodeKey[node] = bandKey;
      this.nodeNext[node] = this.heads[bucket] as number;
      this.heads[bucket] = node + 1;
    }
  }

  private evict(slot: number): void {
    if ((this.seq[slot] as number) < 0) return;
    if (this.hasHash[slot] === 1) {
      const pos = this.exactPosition(this.hashHi[slot] as number, this.hashLo[slot] as number);
      if (this.exactSlots[pos] === slot + 1) this.exactDelete(pos);
    }
    const group = this.groupOfSlot[slot] as number;
    if (group >= 0) {
      const live = (this.groupLive[group] as number) - 1;
      this.groupLive[group] = live;
      if (live <= 0) {
        this.groupIndex.delete(this.groupOf[slot] ?? '');
        this.freeGroups[this.freeTop++] = group;
      }
    }
    // Band nodes need no unlinking: chains are walked newest first and stop at a reused slot.
    this.seq[slot] = -1;
    this.hasHash[slot] = 0;
    this.groupOfSlot[slot] = -1;
    this.ids[slot] = undefined;
    this.groupOf[slot] = undefined;
  }
}
