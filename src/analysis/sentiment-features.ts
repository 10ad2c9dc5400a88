// Features of the sentiment model: hashed character n-grams, Weibo emoticons, and lexicon
// features (polarity words with negation, degree and contrast). Shared by the trainer and the
// classifier, so both see exactly the same numbers. See docs/SENTIMENT.md.
//
// Everything is hashed: a feature is a bucket of a 2^hashBits table (no vocabulary), and the
// lexicon is kept as a table of 64-bit word hashes, so the model file holds weights and hashes,
// never the text of the lexicons it was built from.

// ---------------------------------------------------------------------------------------------
// Hashing

/** One FNV-1a step over a UTF-16 code unit. */
function step1(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** A second, independent multiplicative step (for the other half of a 64-bit word key). */
function step2(h: number, code: number): number {
  return Math.imul(h ^ code, 0x5bd1e995) ^ (h >>> 15);
}

/** MurmurHash3's finaliser: spreads every input bit over the low bits a bucket mask keeps. */
function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const SEED_NGRAM = 0x811c9dc5;
const SEED_WORD1 = 0x2545f491;
const SEED_WORD2 = 0x9e3779b9;
const SEED_EMOTICON = 0x6a09e667;
const SEED_LEXWORD = 0x3c6ef372;
const SEED_SUMMARY = 0x510e527f;

function hashString(seed: number, text: string, from = 0, to = text.length): number {
  let h = seed;
  for (let i = from; i < to; i++) h = step1(h, text.charCodeAt(i));
  return h;
}

/** First half of a word key from the running hash of its first `length` code units. */
function key1(h1: number, length: number): number {
  return fmix(h1 ^ length) | 0 || 1;
}

/** Second half of a word key. */
function key2(h2: number): number {
  return fmix(h2) | 0;
}

/** The two 32-bit halves of a lexicon word's key, as the scanner computes them. */
export function wordKey(word: string): [number, number] {
  let h1 = SEED_WORD1;
  let h2 = SEED_WORD2;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h1 = step1(h1, c);
    h2 = step2(h2, c);
  }
  return [key1(h1, word.length), key2(h2)];
}

// ---------------------------------------------------------------------------------------------
// The lexicon table

/** What a lexicon entry is. Stored as one byte per slot; 0 marks an empty slot. */
export const LexKind = {
  positive: 1,
  negative: 2,
  negator: 3,
  intensifier: 4,
  diminisher: 5,
  contrast: 6,
} as const;
export type LexKind = (typeof LexKind)[keyof typeof LexKind];

/** Longest lexicon word the scanner looks for, in UTF-16 code units. */
export const MAX_WORD_LENGTH = 6;

/**
 * The prefix filters, in one array of 32-bit words: which code units start a word (exact, 2^16
 * bits), which code units are a word by themselves (exact, 2^16 bits), which pairs of code units
 * start one (hashed, 2^19 bits), which longer prefixes (hashed, 2^21 bits). The first three are
 * small enough to stay in the fastest caches.
 */
const STARTS_WORDS = 1 << 11;
const SINGLES_WORDS = 1 << 11;
const PAIRS_WORDS = 1 << 14;
const LONG_WORDS = 1 << 16;
const SINGLES_BASE = STARTS_WORDS;
const PAIRS_BASE = SINGLES_BASE + SINGLES_WORDS;
const LONG_BASE = PAIRS_BASE + PAIRS_WORDS;
export const PREFIX_FILTER_WORDS = LONG_BASE + LONG_WORDS;

/** Bit of the pairs filter for a pair of code units. */
function pairBit(c0: number, c1: number): number {
  return Math.imul((c0 << 16) | c1, 0x9e3779b1) >>> 13;
}

/** Bits of the word filter (2^20 bits, 128 KiB), derived from the keys. */
const WORD_FILTER_WORDS = 1 << 15;

/** Word and bit of the word filter for a first key half (other bits than the prefix filter's). */
function wordFilterWord(k1: number): number {
  return (k1 >>> 5) & (WORD_FILTER_WORDS - 1);
}
function wordFilterBit(k1: number): number {
  return 1 << ((k1 >>> 20) & 31);
}

/**
 * Open-addressing table from a word's 64-bit key to its {@link LexKind}, with two bit filters
 * that keep the scanner out of the table at almost every position: one over the keys of every
 * prefix of every word (the scanner stops extending a candidate as soon as its prefix is not
 * in it), one over the words themselves. Built by the trainer from the lexicon files and the
 * lists below; the table and the prefix filter are stored in the model file.
 */
export class LexiconTable {
  readonly keys: Int32Array;
  readonly kinds: Uint8Array;
  readonly prefixes: Uint32Array;
  private readonly words = new Uint32Array(WORD_FILTER_WORDS);
  private readonly mask: number;
  private count = 0;

  constructor(keys: Int32Array, kinds: Uint8Array, prefixes: Uint32Array) {
    const capacity = kinds.length;
    if (capacity === 0 || (capacity & (capacity - 1)) !== 0 || keys.length !== 2 * capacity) {
      throw new Error('lexicon table: capacity must be a power of two with two keys a slot');
    }
    if (prefixes.length !== PREFIX_FILTER_WORDS) throw new Error('lexicon table: bad filter');
    this.keys = keys;
    this.kinds = kinds;
    this.prefixes = prefixes;
    this.mask = capacity - 1;
    for (let slot = 0; slot < capacity; slot++) {
      if (kinds[slot] === 0) continue;
      this.count++;
      const k1 = keys[2 * slot]!;
      this.words[wordFilterWord(k1)]! |= wordFilterBit(k1);
    }
  }

  /** An empty table with room for `entries` words at a load factor of at most 1/2. */
  static withRoom(entries: number): LexiconTable {
    let capacity = 1024;
    while (capacity < entries * 2) capacity *= 2;
    return new LexiconTable(
      new Int32Array(capacity * 2),
      new Uint8Array(capacity),
      new Uint32Array(PREFIX_FILTER_WORDS),
    );
  }

  get capacity(): number {
    return this.kinds.length;
  }

  /** Number of words in the table. */
  get size(): number {
    return this.count;
  }

  /** Sets a word's kind (a later call for the same word replaces it). */
  set(word: string, kind: LexKind): void {
    if (word.length === 0 || word.length > MAX_WORD_LENGTH) return;
    const c0 = word.charCodeAt(0);
    this.prefixes[c0 >>> 5]! |= 1 << (c0 & 31);
    if (word.length === 1) this.prefixes[SINGLES_BASE + (c0 >>> 5)]! |= 1 << (c0 & 31);
    if (word.length > 1) {
      const bit = pairBit(c0, word.charCodeAt(1));
      this.prefixes[PAIRS_BASE + (bit >>> 5)]! |= 1 << (bit & 31);
    }
    let h1 = SEED_WORD1;
    for (let i = 0; i < word.length; i++) {
      h1 = step1(h1, word.charCodeAt(i));
      if (i < 2) continue;
      const p = key1(h1, i + 1);
      this.prefixes[LONG_BASE + (p >>> 16)]! |= 1 << (p & 31);
    }
    const [k1, k2] = wordKey(word);
    this.words[wordFilterWord(k1)]! |= wordFilterBit(k1);
    let slot = k1 & this.mask;
    for (;;) {
      const existing = this.kinds[slot]!;
      if (existing === 0 || (this.keys[2 * slot] === k1 && this.keys[2 * slot + 1] === k2)) {
        if (existing === 0) {
          if (this.count * 2 >= this.capacity) throw new Error('lexicon table is full');
          this.count++;
        }
        this.keys[2 * slot] = k1;
        this.keys[2 * slot + 1] = k2;
        this.kinds[slot] = kind;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Whether some word starts with this code unit. */
  mayStart(c0: number): boolean {
    return (this.prefixes[c0 >>> 5]! & (1 << (c0 & 31))) !== 0;
  }

  /** Whether this code unit is a word by itself. */
  isSingle(c0: number): boolean {
    return (this.prefixes[SINGLES_BASE + (c0 >>> 5)]! & (1 << (c0 & 31))) !== 0;
  }

  /** Whether the text whose first key half is `k1` may be a word (may say yes wrongly). */
  mayBeWord(k1: number): boolean {
    return (this.words[wordFilterWord(k1)]! & wordFilterBit(k1)) !== 0;
  }

  /** Whether some word may start with this pair of code units (may say yes wrongly). */
  mayStartPair(c0: number, c1: number): boolean {
    const bit = pairBit(c0, c1);
    return (this.prefixes[PAIRS_BASE + (bit >>> 5)]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * Whether some word may start with the text of three or more code units whose first key half
   * is `k1` (may say yes wrongly).
   */
  mayPrefix(k1: number): boolean {
    return (this.prefixes[LONG_BASE + (k1 >>> 16)]! & (1 << (k1 & 31))) !== 0;
  }

  /** The kind of the word with this key, or 0. */
  lookup(k1: number, k2: number): number {
    let slot = k1 & this.mask;
    for (;;) {
      const kind = this.kinds[slot]!;
      if (kind === 0) return 0;
      if (this.keys[2 * slot] === k1 && this.keys[2 * slot + 1] === k2) return kind;
      slot = (slot + 1) & this.mask;
    }
  }

  get(word: string): number {
    if (word.length === 0 || word.length > MAX_WORD_LENGTH) return 0;
    const [k1, k2] = wordKey(word);
    return this.lookup(k1, k2);
  }
}

// ---------------------------------------------------------------------------------------------
// Word lists written for Yuqing (not taken from any lexicon)

/** Negators: flip the polarity of the next polarity word in the same clause. */
// prettier-ignore
export const NEGATORS = [
  '不', '没', '没有', '无', '非', '别', '未', '并非', '并未', '并没有', '并不', '不是', '绝非',
  '毫无', '从未', '从不', '绝不', '决不', '未曾', '不曾', '不再', '无法', '难以', '不会', '不能',
  '不要', '不用', '不必', '勿', '莫', '否认', '谈不上', '算不上', '称不上', '没什么', '不算',
] as const;

/** Words that strengthen the next polarity word. */
// prettier-ignore
export const INTENSIFIERS = [
  '很', '非常', '太', '特别', '十分', '极', '极其', '极为', '超', '超级', '真是', '真的', '最',
  '更', '更加', '越来越', '相当', '实在', '格外', '尤其', '如此', '这么', '那么', '简直', '完全',
  '彻底', '严重', '贼', '巨', '蛮', '挺', '爆',
] as const;

/** Words that weaken the next polarity word. */
// prettier-ignore
export const DIMINISHERS = [
  '有点', '有些', '有一点', '稍', '稍微', '略', '略微', '比较', '还算', '还行', '勉强',
] as const;

/** Contrast conjunctions: what follows them usually carries the post's real stance. */
// prettier-ignore
export const CONTRASTS = [
  '但', '但是', '可是', '不过', '然而', '却', '只是', '可惜', '偏偏', '反而',
] as const;

/**
 * Statistics-bureau vocabulary (Yuqing's own list). Falsification, misconduct and complaints
 * are negative; praise of the bureau's work positive. Topic words (统计, 数据, 发布) and the
 * direction words of announcements (增长, 下降, 回升) carry no polarity here: an announcement
 * is neutral whatever its figures say.
 */
// prettier-ignore
export const DOMAIN_NEGATIVE = [
  '造假', '数据造假', '统计造假', '注水', '掺水', '水分', '数据打架', '失实', '瞒报', '虚报',
  '谎报', '弄虚作假', '篡改', '篡改数据', '伪造', '编造', '虚构', '虚假', '不实', '糊弄',
  '粉饰', '粉饰太平', '数字游戏', '数字出官', '官出数字', '拍脑袋', '被增长', '被平均',
  '被就业', '不可信', '不靠谱', '假数据', '骗人', '忽悠', '作假', '掩盖', '隐瞒', '捂盖子',
  '刷数据', '凑数', '失真', '形式主义', '官僚主义', '懒政', '不作为', '乱作为', '扰民',
  '敷衍', '推诿', '甩锅', '暗箱操作', '违规', '违纪', '违法', '通报批评', '腐败', '受贿',
  '贪污', '质疑', '失望', '寒心', '心寒', '不满', '吐槽', '离谱', '打脸', '脱节', '睁眼说瞎话',
  '自欺欺人', '不接地气', '拖后腿', '裁员', '欠薪', '拖欠', '含糊其辞', '一问三不知', '差评',
] as const;

// prettier-ignore
export const DOMAIN_POSITIVE = [
  '点赞', '辛苦了', '致敬', '感谢', '给力', '靠谱', '严谨', '公开透明', '实事求是', '真实可靠',
  '认真负责', '尽职尽责', '敬业', '优秀', '先进集体', '先进个人', '荣获', '殊荣', '好评',
  '满意', '称赞', '赞扬', '好样的', '骄傲', '暖心', '贴心', '便民', '惠民', '利民', '值得信赖',
  '通俗易懂', '大快人心', '踏实', '干货', '接地气',
] as const;

/** A lexicon word as the scanner sees text: letters lower-cased, digits as 0. */
export function lexiconWord(word: string): string {
  return word.trim().toLowerCase().replace(/[0-9]/gu, '0');
}

export type Polarity = 'positive' | 'negative';

/**
 * The table the scanner uses: the given polarity words (from the lexicon files, already voted),
 * then Yuqing's statistics-bureau words, then contrast words, degree words and negators, each
 * later list overriding an earlier one for the same word.
 */
export function buildLexiconTable(
  polarityWords: Iterable<readonly [string, Polarity]>,
): LexiconTable {
  const entries = new Map<string, LexKind>();
  const put = (word: string, kind: LexKind): void => {
    const w = lexiconWord(word);
    if (w.length > 0 && w.length <= MAX_WORD_LENGTH) entries.set(w, kind);
  };
  for (const [word, polarity] of polarityWords) {
    put(word, polarity === 'positive' ? LexKind.positive : LexKind.negative);
  }
  for (const w of DOMAIN_POSITIVE) put(w, LexKind.positive);
  for (const w of DOMAIN_NEGATIVE) put(w, LexKind.negative);
  for (const w of CONTRASTS) put(w, LexKind.contrast);
  for (const w of DIMINISHERS) put(w, LexKind.diminisher);
  for (const w of INTENSIFIERS) put(w, LexKind.intensifier);
  for (const w of NEGATORS) put(w, LexKind.negator);
  const table = LexiconTable.withRoom(entries.size);
  // Insertion in sorted order, so the table's bytes do not depend on the order of the inputs.
  for (const word of [...entries.keys()].sort()) table.set(word, entries.get(word)!);
  return table;
}

// ---------------------------------------------------------------------------------------------
// Text preparation

/** Longest emoticon name, in code units. */
const MAX_EMOTICON_NAME = 10;

/**
 * Index of the `]` closing a Weibo emoticon `[name]` that opens at `open`, or -1: a name of 1 to
 * 10 code units without whitespace or brackets.
 */
function emoticonEnd(text: string, open: number): number {
  const stop = Math.min(text.length, open + MAX_EMOTICON_NAME + 2);
  for (let i = open + 1; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i > open + 1 ? i : -1;
    if (c === 0x5b || c <= 0x20 || c === 0x3000 || c === 0xa0) return -1;
  }
  return -1;
}

/** Code units that end the name of an @mention. */
function endsMention(c: number): boolean {
  switch (c) {
    case 0x40: // @
    case 0x3a: // :
    case 0xff1a: // ：
    case 0x2c: // ,
    case 0xff0c: // ，
    case 0x3002: // 。
    case 0x21: // !
    case 0xff01: // ！
    case 0x3f: // ?
    case 0xff1f: // ？
    case 0x2f: // /
    case 0x29: // )
    case 0xff09: // ）
    case 0x5b: // [
    case 0x5d: // ]
    case 0x3010: // 【
    case 0x3011: // 】
      return true;
    default:
      return c <= 0x20 || c === 0x3000 || c === 0xa0;
  }
}

/** Whether a URL (`http://`, `https://`, `www.`) starts at `i`. */
function startsUrl(text: string, i: number): boolean {
  return (
    text.startsWith('http://', i) || text.startsWith('https://', i) || text.startsWith('www.', i)
  );
}

/** Code units the lexicon scanner treats as clause ends (negation and degree do not cross). */
function isClauseBreak(code: number): boolean {
  switch (code) {
    case 0x20: // space
    case 0x0a: // newline
    case 0x21: // !
    case 0x2c: // ,
    case 0x2e: // .
    case 0x3b: // ;
    case 0x3f: // ?
    case 0x7e: // ~
    case 0x3002: // 。
    case 0xff0c: // ，
    case 0xff01: // ！
    case 0xff1f: // ？
    case 0xff1b: // ；
    case 0xff1a: // ：
    case 0x3a: // :
    case 0x2026: // …
    case 0x3001: // 、
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Extraction

/** Summary features: counts of lexicon events, each its own weight per class. */
export const SUMMARY_NAMES = [
  'pos',
  'neg',
  'negated-pos',
  'negated-neg',
  'strong-pos',
  'strong-neg',
  'weak-pos',
  'weak-neg',
  'contrast-pos',
  'contrast-neg',
  'last-pos',
  'last-neg',
  'emoticons',
  'exclaim',
  'question',
  'no-polarity',
] as const;
const S_POS = 0;
const S_NEG = 1;
const S_NEGATED_POS = 2;
const S_NEGATED_NEG = 3;
const S_STRONG_POS = 4;
const S_STRONG_NEG = 5;
const S_WEAK_POS = 6;
const S_WEAK_NEG = 7;
const S_CONTRAST_POS = 8;
const S_CONTRAST_NEG = 9;
const S_LAST_POS = 10;
const S_LAST_NEG = 11;
const S_EMOTICONS = 12;
const S_EXCLAIM = 13;
const S_QUESTION = 14;
const S_NO_POLARITY = 15;

export interface FeatureOptions {
  /** log2 of the number of weight buckets. */
  hashBits: number;
  /** Longest character n-gram. */
  maxNgram: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { hashBits: 20, maxNgram: 3 };

/**
 * Turns an analysis text into sparse (bucket, value) pairs in reusable buffers. One instance
 * per thread of work; not re-entrant. Values: the n-gram, emoticon and lexicon-word block is
 * (1 + ln tf) per distinct bucket, L2-normalised; summary counts are ln(1 + count).
 */
export class SentimentFeaturizer {
  readonly options: FeatureOptions;
  readonly lexicon: LexiconTable;
  private readonly mask: number;
  /** Small open-addressing set of this text's buckets: stamp, bucket, output index per slot. */
  private setStamp = new Int32Array(1024);
  private setBucket = new Int32Array(1024);
  private setIndex = new Int32Array(1024);
  private setMask = 1023;
  private current = 0;
  private codes = new Uint16Array(256);
  buckets = new Int32Array(1024);
  values = new Float32Array(1024);
  length = 0;
  private readonly summary = new Float64Array(SUMMARY_NAMES.length);
  private readonly summaryBuckets: Int32Array;

  constructor(lexicon: LexiconTable, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
    this.options = options;
    this.lexicon = lexicon;
    this.mask = 2 ** options.hashBits - 1;
    this.summaryBuckets = Int32Array.from(
      SUMMARY_NAMES.map((name) => fmix(hashString(SEED_SUMMARY, name)) & this.mask),
    );
  }

  /** Makes room for up to `bound` features of one text. */
  private prepare(bound: number): void {
    let size = 1024;
    while (size < 2 * bound) size *= 2;
    if (size > this.setStamp.length) {
      this.setStamp = new Int32Array(size);
      this.setBucket = new Int32Array(size);
      this.setIndex = new Int32Array(size);
      this.current = 0;
    }
    this.setMask = size - 1;
    if (bound > this.buckets.length) {
      this.buckets = new Int32Array(size);
      this.values = new Float32Array(size);
    }
    this.current++;
    if (this.current === 0x7fffffff) {
      this.setStamp.fill(0);
      this.current = 1;
    }
  }

  private add(hash: number): void {
    const bucket = fmix(hash) & this.mask;
    const stamps = this.setStamp;
    const mask = this.setMask;
    let slot = bucket & mask;
    while (stamps[slot] === this.current) {
      if (this.setBucket[slot] === bucket) {
        this.values[this.setIndex[slot]!]! += 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    stamps[slot] = this.current;
    this.setBucket[slot] = bucket;
    this.setIndex[slot] = this.length;
    this.buckets[this.length] = bucket;
    this.values[this.length] = 1;
    this.length++;
  }

  /** Extracts the features of `text` into {@link buckets}/{@link values}; returns their count. */
  extract(analysis: string): number {
    this.length = 0;
    this.summary.fill(0);
    const maxNgram = this.options.maxNgram;
    // Every code unit starts at most maxNgram n-grams and one lexicon word; emoticons and
    // summaries add a few more.
    this.prepare((maxNgram + 2) * analysis.length + SUMMARY_NAMES.length + 8);

    // Character n-grams over the cleaned text (see codeUnits).
    const n = this.codeUnits(analysis);
    const codes = this.codes;
    for (let i = 0; i < n; i++) {
      let h = SEED_NGRAM;
      const end = Math.min(n, i + maxNgram);
      for (let j = i; j < end; j++) {
        const c = codes[j]!;
        if (c === 0x20) break;
        h = step1(h, c);
        this.add(h ^ Math.imul(j - i + 1, 0x27d4eb2d));
      }
    }
    this.scanCodes(codes, n, false);

    // Block 1: sublinear tf, L2-normalised.
    let norm = 0;
    for (let k = 0; k < this.length; k++) {
      const tf = this.values[k]!;
      const v = tf === 1 ? 1 : 1 + Math.log(tf);
      this.values[k] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let k = 0; k < this.length; k++) this.values[k]! *= inv;
    }

    // Block 2: summary counts.
    if (this.summary[S_POS] === 0 && this.summary[S_NEG] === 0) this.summary[S_NO_POLARITY] = 1;
    for (let s = 0; s < SUMMARY_NAMES.length; s++) {
      const count = this.summary[s]!;
      if (count === 0) continue;
      this.buckets[this.length] = this.summaryBuckets[s]!;
      this.values[this.length] = Math.log1p(count);
      this.length++;
    }
    return this.length;
  }

  /**
   * Cleans the text into the reusable code buffer and returns its length: letters lower-cased,
   * every digit written as 0, URLs and the names of @mentions dropped (each URL becomes one
   * space; they are noise). Weibo emoticons (`[哈哈]`) stay in the text (their n-grams carry much
   * of a Weibo post's tone) and also become a token of their own, their names scanned for
   * lexicon words. Exclamation and question marks are counted.
   */
  private codeUnits(text: string): number {
    const n = text.length;
    if (n > this.codes.length) this.codes = new Uint16Array(2 * n);
    const codes = this.codes;
    const summary = this.summary;
    let out = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c === 0x5b /* [ */) {
        const close = emoticonEnd(text, i);
        if (close > 0) {
          this.add(hashString(SEED_EMOTICON, text, i + 1, close));
          summary[S_EMOTICONS]! += 1;
          this.scanEmoticonName(text, i + 1, close);
        }
      } else if (c === 0x40 /* @ */) {
        codes[out++] = c;
        i++;
        const stop = Math.min(n, i + 30);
        while (i < stop && !endsMention(text.charCodeAt(i))) i++;
        continue;
      } else if ((c === 0x68 /* h */ || c === 0x77) /* w */ && startsUrl(text, i)) {
        while (i < n && text.charCodeAt(i) > 0x20 && text.charCodeAt(i) < 0x7f) i++;
        codes[out++] = 0x20;
        continue;
      }
      if (c >= 0x30 && c <= 0x39) c = 0x30;
      else if (c >= 0x41 && c <= 0x5a) c += 0x20;
      else if (c === 0x21 || c === 0xff01) summary[S_EXCLAIM]! += 1;
      else if (c === 0x3f || c === 0xff1f) summary[S_QUESTION]! += 1;
      codes[out++] = c;
      i++;
    }
    return out;
  }

  private nameCodes = new Uint16Array(16);

  private scanEmoticonName(text: string, from: number, to: number): void {
    const codes = this.nameCodes;
    for (let i = from; i < to; i++) codes[i - from] = text.charCodeAt(i);
    this.scanCodes(codes, to - from, true);
  }

  /**
   * Forward maximum matching against the lexicon. A negator flips the next polarity word of its
   * clause (twice flips back), an intensifier or diminisher marks it strong or weak; polarity
   * words after a contrast conjunction and in the last clause that has any count again.
   */
  private scanCodes(codes: Uint16Array, n: number, inEmoticon: boolean): void {
    const lexicon = this.lexicon;
    const summary = this.summary;
    let negated = false;
    let degree = 0;
    let afterContrast = false;
    let clausePos = 0;
    let clauseNeg = 0;
    let lastPos = 0;
    let lastNeg = 0;
    let i = 0;
    while (i < n) {
      const c0 = codes[i]!;
      if (isClauseBreak(c0)) {
        negated = false;
        degree = 0;
        if (clausePos + clauseNeg > 0) {
          lastPos = clausePos;
          lastNeg = clauseNeg;
        }
        clausePos = 0;
        clauseNeg = 0;
        i++;
        continue;
      }
      if (!lexicon.mayStart(c0)) {
        i++;
        continue;
      }
      let h1 = step1(SEED_WORD1, c0);
      let h2 = step2(SEED_WORD2, c0);
      let best = 0;
      let bestKind = 0;
      let bestHash = 0;
      if (lexicon.isSingle(c0)) {
        const kind = lexicon.lookup(key1(h1, 1), key2(h2));
        if (kind !== 0) {
          best = 1;
          bestKind = kind;
          bestHash = h1;
        }
      }
      if (i + 1 < n && lexicon.mayStartPair(c0, codes[i + 1]!)) {
        const end = Math.min(n, i + MAX_WORD_LENGTH);
        for (let j = i + 1; j < end; j++) {
          const c = codes[j]!;
          h1 = step1(h1, c);
          h2 = step2(h2, c);
          const len = j - i + 1;
          const k1 = key1(h1, len);
          if (len > 2 && !lexicon.mayPrefix(k1)) break;
          if (!lexicon.mayBeWord(k1)) continue;
          const kind = lexicon.lookup(k1, key2(h2));
          if (kind !== 0) {
            best = len;
            bestKind = kind;
            bestHash = h1;
          }
        }
      }
      if (best === 0) {
        i++;
        continue;
      }
      switch (bestKind) {
        case LexKind.negator:
          negated = !negated;
          break;
        case LexKind.intensifier:
          degree = 1;
          break;
        case LexKind.diminisher:
          degree = -1;
          break;
        case LexKind.contrast:
          afterContrast = true;
          negated = false;
          degree = 0;
          break;
        case LexKind.positive:
        case LexKind.negative: {
          const positive = bestKind === LexKind.positive;
          // The word itself, marked when negated, as a feature of its own.
          this.add(step1(SEED_LEXWORD ^ bestHash, (negated ? 2 : 1) + (inEmoticon ? 4 : 0)) ^ best);
          if (negated) {
            summary[positive ? S_NEGATED_POS : S_NEGATED_NEG]! += 1;
            if (positive) clauseNeg++;
            else clausePos++;
          } else {
            summary[positive ? S_POS : S_NEG]! += 1;
            if (degree > 0) summary[positive ? S_STRONG_POS : S_STRONG_NEG]! += 1;
            else if (degree < 0) summary[positive ? S_WEAK_POS : S_WEAK_NEG]! += 1;
            if (afterContrast) summary[positive ? S_CONTRAST_POS : S_CONTRAST_NEG]! += 1;
            if (positive) clausePos++;
            else clauseNeg++;
          }
          negated = false;
          degree = 0;
          break;
        }
        default:
          break;
      }
      i += best;
    }
    if (clausePos + clauseNeg > 0) {
      lastPos = clausePos;
      lastNeg = clauseNeg;
    }
    if (!inEmoticon) {
      summary[S_LAST_POS]! += lastPos;
      summary[S_LAST_NEG]! += lastNeg;
    }
  }
}
