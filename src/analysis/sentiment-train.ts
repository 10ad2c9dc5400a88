// The trainer of the sentiment model: two logistic regressions over the hashed features of
// sentiment-features.ts, one for polarity (positive vs negative, from every text that has one)
// and one for neutrality (neutral vs not, from the three-class sources only), fitted together
// by AdaGrad with seeded shuffles and Polyak averaging, so the same examples give the same
// weights byte for byte. See docs/SENTIMENT.md.

import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureOptions,
  type LexiconTable,
  SentimentFeaturizer,
} from './sentiment-features.ts';
import {
  HEADS,
  NEUTRALITY,
  POLARITY,
  type SentimentModelParts,
  encodeSentimentModel,
} from './sentiment.ts';

/** 0 negative, 1 neutral, 2 positive (the order of {@link SENTIMENT_LABELS}). */
export type ClassIndex = 0 | 1 | 2;

export interface TrainingExample {
  text: string;
  label: ClassIndex;
  /** Weight in the polarity head's loss (0 for neutral texts). */
  polarityWeight: number;
  /**
   * Weight in the neutrality head's loss; 0 for texts whose source only tells positive from
   * negative (they say nothing about neutrality).
   */
  neutralityWeight: number;
}

/** The features of many texts, one row each, in flat arrays. */
export interface FeatureMatrix {
  rows: number;
  /** Row r has entries offsets[r] .. offsets[r + 1] - 1. */
  offsets: Int32Array;
  buckets: Int32Array;
  values: Float32Array;
}

export function featurizeAll(
  featurizer: SentimentFeaturizer,
  texts: readonly string[],
): FeatureMatrix {
  const offsets = new Int32Array(texts.length + 1);
  let buckets = new Int32Array(1 << 16);
  let values = new Float32Array(1 << 16);
  let used = 0;
  texts.forEach((text, r) => {
    const n = featurizer.extract(text);
    if (used + n > buckets.length) {
      let size = buckets.length * 2;
      while (size < used + n) size *= 2;
      const b = new Int32Array(size);
      b.set(buckets.subarray(0, used));
      const v = new Float32Array(size);
      v.set(values.subarray(0, used));
      buckets = b;
      values = v;
    }
    buckets.set(featurizer.buckets.subarray(0, n), used);
    values.set(featurizer.values.subarray(0, n), used);
    used += n;
    offsets[r + 1] = used;
  });
  return {
    rows: texts.length,
    offsets,
    buckets: buckets.slice(0, used),
    values: values.slice(0, used),
  };
}

export interface TrainOptions {
  epochs: number;
  /** AdaGrad's base step. */
  learningRate: number;
  /** L2 penalty, applied to the weights a step touches. */
  l2: number;
  /** Seed of the shuffles. */
  seed: number;
  /**
   * Epoch (0-based) from which the weights are averaged over every later step (Polyak
   * averaging): the result does not hang on the last few examples seen. Past the last epoch: off.
   */
  averageFrom: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 6,
  learningRate: 0.2,
  l2: 1e-6,
  seed: 20_251_001,
  averageFrom: 1,
};

/** mulberry32: a small seeded generator, so shuffles are the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FloatWeights {
  hashBits: number;
  /** HEADS * 2^hashBits, bucket-major (polarity, neutrality). */
  weights: Float32Array;
  bias: Float64Array;
}

/**
 * Fits both heads on rows of `matrix`: example i is matrix row `rows[i]` with label `labels[i]`
 * and the weights `polarityWeights[i]`, `neutralityWeights[i]` of the two losses.
 */
export function fitWeights(
  matrix: FeatureMatrix,
  rows: Int32Array,
  labels: Uint8Array,
  polarityWeights: Float32Array,
  neutralityWeights: Float32Array,
  hashBits: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): FloatWeights {
  const size = HEADS * 2 ** hashBits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  const bias = new Float64Array(HEADS);
  const biasG2 = new Float64Array(HEADS);
  const { offsets, buckets, values } = matrix;
  const { learningRate: lr, l2 } = options;
  const random = mulberry32(options.seed);
  const order = new Int32Array(rows.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const grad = new Float64Array(HEADS);
  const eps = 1e-8;
  const averaging = options.averageFrom < options.epochs;
  // Sum over updates of (step - 1) * change, for the average of the weights after every step.
  const u = new Float64Array(averaging ? size : 0);
  const biasU = new Float64Array(HEADS);
  let step = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const averageNow = averaging && epoch >= options.averageFrom;
    for (const e of order) {
      const before = averageNow ? step : 0;
      if (averageNow) step++;
      const row = rows[e]!;
      const start = offsets[row]!;
      const end = offsets[row + 1]!;
      const label = labels[e]!;
      const pw = polarityWeights[e]!;
      const nw = neutralityWeights[e]!;
      let zp = bias[POLARITY]!;
      let zn = bias[NEUTRALITY]!;
      for (let k = start; k < end; k++) {
        const base = buckets[k]! * HEADS;
        const v = values[k]!;
        zp += v * w[base + POLARITY]!;
        zn += v * w[base + NEUTRALITY]!;
      }
      // Log-loss gradients: P(positive | polar) = sigmoid(zp), P(neutral) = sigmoid(zn).
      grad[POLARITY] = pw === 0 ? 0 : pw * (1 / (1 + Math.exp(-zp)) - (label === 2 ? 1 : 0));
      grad[NEUTRALITY] = nw === 0 ? 0 : nw * (1 / (1 + Math.exp(-zn)) - (label === 1 ? 1 : 0));
      for (let c = 0; c < HEADS; c++) {
        const g = grad[c]!;
        if (g === 0) continue;
        biasG2[c]! += g * g;
        const d = (lr * g) / (Math.sqrt(biasG2[c]!) + eps);
        bias[c]! -= d;
        biasU[c]! -= before * d;
        for (let k = start; k < end; k++) {
          const idx = buckets[k]! * HEADS + c;
          const gk = g * values[k]! + l2 * w[idx]!;
          const acc = g2[idx]! + gk * gk;
          g2[idx] = acc;
          const dk = (lr * gk) / (Math.sqrt(acc) + eps);
          w[idx]! -= dk;
          if (averageNow) u[idx]! -= before * dk;
        }
      }
    }
  }
  if (averaging && step > 0) {
    for (let i = 0; i < size; i++) w[i] = w[i]! - u[i]! / step;
    for (let c = 0; c < HEADS; c++) bias[c] = bias[c]! - biasU[c]! / step;
  }
  return { hashBits, weights: w, bias };
}

/** Rounds the weights to int16 with one scale (the largest weight maps to 32767). */
export function quantise(
  fitted: FloatWeights,
  lexicon: LexiconTable,
  maxNgram: number,
): SentimentModelParts {
  let maxAbs = 0;
  for (const x of fitted.weights) maxAbs = Math.max(maxAbs, Math.abs(x));
  // A float32 scale, so the decoded model computes exactly what was encoded.
  const scale = Math.fround(maxAbs > 0 ? maxAbs / 32767 : 1);
  const weights = new Int16Array(fitted.weights.length);
  for (let i = 0; i < weights.length; i++) {
    weights[i] = Math.max(-32767, Math.min(32767, Math.round(fitted.weights[i]! / scale)));
  }
  const bias: [number, number] = [Math.fround(fitted.bias[0]!), Math.fround(fitted.bias[1]!)];
  return { hashBits: fitted.hashBits, maxNgram, lexicon, scale, bias, weights };
}

export interface TrainModelOptions {
  features?: FeatureOptions;
  train?: TrainOptions;
}

/** Featurises, fits and quantises: the model file's bytes for these examples. */
export function trainSentimentModel(
  examples: readonly TrainingExample[],
  lexicon: LexiconTable,
  options: TrainModelOptions = {},
): Uint8Array {
  const features = options.features ?? DEFAULT_FEATURE_OPTIONS;
  const featurizer = new SentimentFeaturizer(lexicon, features);
  const matrix = featurizeAll(
    featurizer,
    examples.map((e) => e.text),
  );
  const rows = new Int32Array(examples.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  const fitted = fitWeights(
    matrix,
    rows,
    Uint8Array.from(examples, (e) => e.label),
    Float32Array.from(examples, (e) => e.polarityWeight),
    Float32Array.from(examples, (e) => e.neutralityWeight),
    features.hashBits,
    options.train ?? DEFAULT_TRAIN_OPTIONS,
  );
  return encodeSentimentModel(quantise(fitted, lexicon, features.maxNgram));
}
