// Three-class sentiment (negative / neutral / positive) of a post's analysis text: two logistic
// regressions over hashed character n-grams, Weibo emoticons and lexicon features, one for
// neutrality and one for polarity, trained in this repository (scripts/train-sentiment.ts) and
// committed as models/sentiment.bin. See docs/SENTIMENT.md for the model, its data and its
// measured accuracy.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LexiconTable, PREFIX_FILTER_WORDS, SentimentFeaturizer } from './sentiment-features.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface Sentiment {
  label: SentimentLabel;
  /**
   * P(positive) - P(negative), in [-1, 1]: the direction and strength of the polarity; near 0
   * for a neutral text or an undecided one.
   */
  score: number;
  probabilities: { negative: number; neutral: number; positive: number };
}

/** The two outputs of every weight bucket: polarity first, then neutrality. */
export const HEADS = 2;
/** Logit of P(positive | not neutral). */
export const POLARITY = 0;
/** Logit of P(neutral). */
export const NEUTRALITY = 1;

/** Where the committed model lives. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./models/sentiment.bin', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The model file
//
// Little-endian throughout:
//   0  8 bytes  magic "YQSENT01"
//   8  u32      hashBits (the weight table has 2^hashBits buckets)
//  12  u32      maxNgram
//  16  u32      lexicon capacity C (a power of two)
//  20  f32      weight scale (weight = int16 * scale)
//  24  f32 x 2  bias (polarity, neutrality)
//  32  u32 x 2  reserved, 0
//  40  i32 x 2C lexicon keys (two 32-bit halves of each word's hash)
//      u8 x C   lexicon kinds (0 = empty slot), padded with zeros to a multiple of 4
//      u32 x 2^16  lexicon prefix filter (bits set for the keys of every prefix of every word)
//      i16 x 2 * 2^hashBits   weights, bucket-major (bucket b: polarity, neutrality)

export const MODEL_MAGIC = 'YQSENT01';
export const MODEL_HEADER_BYTES = 40;

export interface SentimentModelParts {
  hashBits: number;
  maxNgram: number;
  lexicon: LexiconTable;
  scale: number;
  /** Polarity, neutrality. */
  bias: readonly [number, number];
  /** HEADS * 2^hashBits quantised weights, bucket-major. */
  weights: Int16Array;
}

export function encodeSentimentModel(parts: SentimentModelParts): Uint8Array {
  const capacity = parts.lexicon.capacity;
  const kindsBytes = Math.ceil(capacity / 4) * 4;
  const size =
    MODEL_HEADER_BYTES +
    8 * capacity +
    kindsBytes +
    4 * PREFIX_FILTER_WORDS +
    2 * parts.weights.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MODEL_MAGIC.length; i++) bytes[i] = MODEL_MAGIC.charCodeAt(i);
  view.setUint32(8, parts.hashBits, true);
  view.setUint32(12, parts.maxNgram, true);
  view.setUint32(16, capacity, true);
  view.setFloat32(20, parts.scale, true);
  parts.bias.forEach((b, k) => view.setFloat32(24 + 4 * k, b, true));
  let offset = MODEL_HEADER_BYTES;
  for (const key of parts.lexicon.keys) {
    view.setInt32(offset, key, true);
    offset += 4;
  }
  bytes.set(parts.lexicon.kinds, offset);
  offset += kindsBytes;
  for (const bits of parts.lexicon.prefixes) {
    view.setUint32(offset, bits, true);
    offset += 4;
  }
  for (const w of parts.weights) {
    view.setInt16(offset, w, true);
    offset += 2;
  }
  return bytes;
}

export function decodeSentimentModel(bytes: Uint8Array): SentimentModelParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, MODEL_MAGIC.length));
  if (magic !== MODEL_MAGIC) throw new Error('not a Yuqing sentiment model (bad magic)');
  const hashBits = view.getUint32(8, true);
  const maxNgram = view.getUint32(12, true);
  const capacity = view.getUint32(16, true);
  const scale = view.getFloat32(20, true);
  const bias: [number, number] = [view.getFloat32(24, true), view.getFloat32(28, true)];
  if (hashBits < 8 || hashBits > 24 || maxNgram < 1 || maxNgram > 8) {
    throw new Error('sentiment model: header out of range');
  }
  const kindsBytes = Math.ceil(capacity / 4) * 4;
  const weightCount = HEADS * 2 ** hashBits;
  const expected =
    MODEL_HEADER_BYTES + 8 * capacity + kindsBytes + 4 * PREFIX_FILTER_WORDS + 2 * weightCount;
  if (bytes.byteLength !== expected) {
    throw new Error(`sentiment model: ${bytes.byteLength} bytes, expected ${expected}`);
  }
  let offset = MODEL_HEADER_BYTES;
  const keys = new Int32Array(2 * capacity);
  for (let i = 0; i < keys.length; i++, offset += 4) keys[i] = view.getInt32(offset, true);
  const kinds = bytes.slice(offset, offset + capacity);
  offset += kindsBytes;
  const prefixes = new Uint32Array(PREFIX_FILTER_WORDS);
  for (let i = 0; i < prefixes.length; i++, offset += 4) prefixes[i] = view.getUint32(offset, true);
  const weights = new Int16Array(weightCount);
  for (let i = 0; i < weightCount; i++, offset += 2) weights[i] = view.getInt16(offset, true);
  return {
    hashBits,
    maxNgram,
    lexicon: new LexiconTable(keys, kinds, prefixes),
    scale,
    bias,
    weights,
  };
}

// ---------------------------------------------------------------------------------------------
// Classification

/** The three probabilities (negative, neutral, positive) from the two heads' logits. */
export function probabilitiesFromLogits(
  polarity: number,
  neutrality: number,
  out: Float64Array,
): void {
  const neutral = 1 / (1 + Math.exp(-neutrality));
  const positive = 1 / (1 + Math.exp(-polarity));
  out[0] = (1 - neutral) * (1 - positive);
  out[1] = neutral;
  out[2] = (1 - neutral) * positive;
}

export class SentimentModel {
  readonly parts: SentimentModelParts;
  private readonly featurizer: SentimentFeaturizer;
  private readonly probs = new Float64Array(3);

  constructor(parts: SentimentModelParts) {
    this.parts = parts;
    this.featurizer = new SentimentFeaturizer(parts.lexicon, {
      hashBits: parts.hashBits,
      maxNgram: parts.maxNgram,
    });
  }

  static fromBytes(bytes: Uint8Array): SentimentModel {
    return new SentimentModel(decodeSentimentModel(bytes));
  }

  /** Class probabilities (negative, neutral, positive) into `out`; fast path, no allocation. */
  probabilitiesInto(analysis: string, out: Float64Array): void {
    const f = this.featurizer;
    const n = f.extract(analysis);
    const { weights, scale, bias } = this.parts;
    const buckets = f.buckets;
    const values = f.values;
    let zp = 0;
    let zn = 0;
    for (let i = 0; i < n; i++) {
      const base = buckets[i]! * HEADS;
      const v = values[i]!;
      zp += v * weights[base + POLARITY]!;
      zn += v * weights[base + NEUTRALITY]!;
    }
    probabilitiesFromLogits(bias[POLARITY] + scale * zp, bias[NEUTRALITY] + scale * zn, out);
  }

  /** The sentiment of an analysis text (what `analysisText()` returns). */
  classify(analysis: string): Sentiment {
    const p = this.probs;
    this.probabilitiesInto(analysis, p);
    const negative = p[0]!;
    const neutral = p[1]!;
    const positive = p[2]!;
    let label: SentimentLabel = 'neutral';
    if (negative > neutral && negative >= positive) label = 'negative';
    else if (positive > neutral && positive > negative) label = 'positive';
    return { label, score: positive - negative, probabilities: { negative, neutral, positive } };
  }
}

/** Reads a model file (the committed one by default). */
export function loadSentimentModel(path: string = DEFAULT_MODEL_PATH): SentimentModel {
  return SentimentModel.fromBytes(readFileSync(path));
}

let committed: SentimentModel | undefined;

/** Sentiment of an analysis text with the committed model, read on first use and kept. */
export function sentiment(analysis: string): Sentiment {
  committed ??= loadSentimentModel();
  return committed.classify(analysis);
}
