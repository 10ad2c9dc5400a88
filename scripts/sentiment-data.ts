// The labelled corpora and lexicons of ../shared/data (see its README) as the sentiment trainer,
// the evaluation and the data-gated tests read them: every text through analysisText(), emotion
// labels mapped to polarity, and the deterministic splits of docs/SENTIMENT.md.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analysisText, contentKey } from '../src/analysis/normalise.ts';
import {
  type Polarity,
  buildLexiconTable,
  type LexiconTable,
} from '../src/analysis/sentiment-features.ts';
import {
  type ClassIndex,
  type TrainingExample,
  trainSentimentModel,
} from '../src/analysis/sentiment-train.ts';

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');
export const SEEDS_PATH = path.resolve(
  import.meta.dirname,
  '../src/analysis/models/sentiment-seeds.tsv',
);

export const CORPORA = [
  'shopping',
  'waimai',
  'weibo_senti',
  'nlpcc2013',
  'smp2020',
  'covid19',
] as const;
export type CorpusId = (typeof CORPORA)[number];

/** Corpora whose labels are positive/negative only (after the mapping below). */
export const POLARITY_ONLY: ReadonlySet<CorpusId> = new Set([
  'shopping',
  'waimai',
  'weibo_senti',
  'covid19',
]);

export interface LabelledText {
  corpus: CorpusId | 'seeds';
  /** The analysis text (analysisText of the raw text). */
  text: string;
  label: ClassIndex;
  /** contentKey of the text: equal keys are the same post for splitting and de-duplication. */
  key: string;
}

/**
 * Emotion to polarity. `surprise` is dropped: in these corpora it is as often shock at bad news
 * (`数字增长的好吓人`) as delight, and often a bare question, so it is neither a polarity nor
 * neutral.
 */
export const EMOTION_POLARITY: Readonly<Record<string, ClassIndex | null>> = {
  // NLPCC 2013
  none: 1,
  like: 2,
  happiness: 2,
  disgust: 0,
  sadness: 0,
  anger: 0,
  fear: 0,
  surprise: null,
  // SMP2020-EWECT
  neutral: 1,
  happy: 2,
  angry: 0,
  sad: 0,
  // COVID-19 Weibo (numeric labels, see covid19Label)
  optimism: 2,
  gratitude: 2,
};

const COVID_EMOTIONS = ['fear', 'disgust', 'optimism', 'surprise', 'gratitude', 'sadness', 'anger'];

function sentimentFile(name: string): string {
  return path.join(SHARED_DATA, 'sentiment', name);
}

/** Whether the labelled corpora are here (tests skip without them). */
export function haveSentimentData(): boolean {
  return (
    existsSync(sentimentFile('weibo_senti_dev.tsv')) &&
    existsSync(path.join(SHARED_DATA, 'lexicon', 'hownet'))
  );
}

/** RFC 4180 rows of a CSV text (quoted fields with doubled quotes; no field spans lines here). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/u, '').split(/\r?\n/u)) {
    if (line === '') continue;
    const fields: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let value = '';
        i++;
        while (i < line.length) {
          if (line[i] === '"') {
            if (line[i + 1] === '"') {
              value += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else {
            value += line[i];
            i++;
          }
        }
        fields.push(value);
        i++; // the comma
      } else {
        const comma = line.indexOf(',', i);
        const end = comma === -1 ? line.length : comma;
        fields.push(line.slice(i, end));
        i = end + 1;
      }
    }
    rows.push(fields);
  }
  return rows;
}

function item(corpus: CorpusId, raw: string, label: ClassIndex | null): LabelledText | null {
  if (label === null) return null;
  const text = analysisText({ text: raw });
  if (text === '') return null;
  return { corpus, text, label, key: contentKey(text) };
}

function binaryLabel(value: string | undefined): ClassIndex | null {
  if (value === '1') return 2;
  if (value === '0') return 0;
  return null;
}

export function loadCorpus(corpus: CorpusId): LabelledText[] {
  const out: (LabelledText | null)[] = [];
  switch (corpus) {
    case 'shopping':
      for (const [, label, review] of parseCsv(
        readFileSync(sentimentFile('online_shopping_9_cats.csv'), 'utf8'),
      ).slice(1)) {
        out.push(item(corpus, review ?? '', binaryLabel(label)));
      }
      break;
    case 'waimai':
      for (const [label, review] of parseCsv(
        readFileSync(sentimentFile('waimai_10k.csv'), 'utf8'),
      ).slice(1)) {
        out.push(item(corpus, review ?? '', binaryLabel(label)));
      }
      break;
    case 'weibo_senti':
      for (const line of readFileSync(sentimentFile('weibo_senti_dev.tsv'), 'utf8')
        .split('\n')
        .slice(1)) {
        const tab = line.indexOf('\t');
        if (tab < 0) continue;
        out.push(item(corpus, line.slice(tab + 1), binaryLabel(line.slice(0, tab))));
      }
      break;
    case 'nlpcc2013':
      for (const [label, text] of parseCsv(
        readFileSync(sentimentFile('nlpcc2013_weibo_emotion.csv'), 'utf8'),
      ).slice(1)) {
        out.push(item(corpus, text ?? '', EMOTION_POLARITY[label ?? ''] ?? null));
      }
      break;
    case 'covid19':
      for (const [text, label] of parseCsv(
        readFileSync(sentimentFile('covid19_weibo_emotion.csv'), 'utf8'),
      ).slice(1)) {
        const emotion = COVID_EMOTIONS[Number(label)] ?? '';
        out.push(item(corpus, text ?? '', EMOTION_POLARITY[emotion] ?? null));
      }
      break;
    case 'smp2020':
      for (const file of ['virus_train', 'virus_eval_labeled', 'usual_eval_labeled']) {
        const rows = JSON.parse(
          readFileSync(sentimentFile(`smp2020_ewect/${file}.json`), 'utf8'),
        ) as { content: string; label: string }[];
        for (const r of rows) out.push(item(corpus, r.content, EMOTION_POLARITY[r.label] ?? null));
      }
      break;
    default: {
      const never: never = corpus;
      throw new Error(`unknown corpus ${String(never)}`);
    }
  }
  return out.filter((x): x is LabelledText => x !== null);
}

export function loadAllCorpora(): Map<CorpusId, LabelledText[]> {
  return new Map(CORPORA.map((c) => [c, loadCorpus(c)]));
}

/** Yuqing's own statistics-bureau examples (models/sentiment-seeds.tsv: label TAB text). */
export function loadSeeds(file = SEEDS_PATH): LabelledText[] {
  const labels: Record<string, ClassIndex> = { negative: 0, neutral: 1, positive: 2 };
  const out: LabelledText[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const label = labels[line.slice(0, tab)];
    if (tab < 0 || label === undefined) throw new Error(`seeds: bad line ${JSON.stringify(line)}`);
    const text = analysisText({ text: line.slice(tab + 1) });
    out.push({ corpus: 'seeds', text, label, key: contentKey(text) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Splits

/** The held-back fifth of a corpus: first 32 bits of sha256(contentKey) mod 5 === 0. */
export function isHeldBack(key: string): boolean {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUInt32BE(0) % 5 === 0;
}

/** A tenth of a training set for choosing hyperparameters: bytes 4..7 of the same digest, mod 10. */
export function isDev(key: string): boolean {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUInt32BE(4) % 10 === 0;
}

export interface Split {
  name: string;
  train: LabelledText[];
  tests: { corpus: CorpusId; items: LabelledText[] }[];
}

/** Training items minus any whose text (contentKey) is also in a test set. */
function withoutTestTexts(train: LabelledText[], tests: LabelledText[][]): LabelledText[] {
  const keys = new Set<string>();
  for (const t of tests) for (const x of t) keys.add(x.key);
  return train.filter((x) => !keys.has(x.key));
}

/**
 * In-domain: the held-back fifth of every corpus is its test set (weibo_senti's held-back fifth
 * is the headline figure); training is the other four fifths of all corpora plus the seeds.
 */
export function inDomainSplit(
  corpora: ReadonlyMap<CorpusId, LabelledText[]>,
  seeds: LabelledText[],
): Split {
  const train: LabelledText[] = [];
  const tests: Split['tests'] = [];
  for (const [corpus, items] of corpora) {
    const held: LabelledText[] = [];
    for (const x of items) (isHeldBack(x.key) ? held : train).push(x);
    tests.push({ corpus, items: held });
  }
  train.push(...seeds);
  return {
    name: 'in-domain',
    train: withoutTestTexts(
      train,
      tests.map((t) => t.items),
    ),
    tests,
  };
}

/** Cross-domain: test on all of one corpus, train on all of the others plus the seeds. */
export function crossDomainSplit(
  corpora: ReadonlyMap<CorpusId, LabelledText[]>,
  seeds: LabelledText[],
  heldOut: CorpusId,
): Split {
  const test = corpora.get(heldOut) ?? [];
  const train: LabelledText[] = [];
  for (const [corpus, items] of corpora) if (corpus !== heldOut) train.push(...items);
  train.push(...seeds);
  return {
    name: `cross-domain: ${heldOut}`,
    train: withoutTestTexts(train, [test]),
    tests: [{ corpus: heldOut, items: test }],
  };
}

// ---------------------------------------------------------------------------------------------
// Training examples

/**
 * How much each neutral-vs-polar group of a three-class corpus is reweighted: by (share of the
 * group)^-NEUTRAL_BALANCE, so one corpus's share of neutral posts (64% in NLPCC, 19% in
 * SMP2020) is not learnt as everybody's. 1 balances them fully.
 */
export const NEUTRAL_BALANCE = 0.5;

/**
 * Corpora annotated with emotions only (every text has one): they have no neutral label, but
 * their texts are not neutral either, so the neutrality head learns from them as polar texts,
 * at this fraction of their weight. Reviews (shopping, waimai) are opinionated as well but far
 * from news and posts; weibo_senti's labels come from emoticons, not from reading.
 */
export const EMOTION_ONLY: ReadonlySet<string> = new Set(['covid19']);
export const EMOTION_ONLY_NEUTRALITY_WEIGHT = 0.5;

/** Weight of each seed example (a corpus text weighs about 0.5 to 1). */
export const SEED_WEIGHT = 2;

/**
 * Training examples with the weights of the two heads. Each corpus counts as if it had
 * sqrt(n * m) texts, m the median corpus size, so the 50k shopping reviews do not drown the Weibo
 * corpora. The polarity head learns from every positive or negative text; the neutrality head
 * from the three-class corpora and the seeds only (a pos/neg corpus says nothing about
 * neutrality), with neutral and polar texts balanced within each corpus.
 */
export function toExamples(
  train: readonly LabelledText[],
  neutralBalance = NEUTRAL_BALANCE,
): TrainingExample[] {
  const sizes = new Map<string, number>();
  const groupSizes = new Map<string, number>();
  const group = (x: { corpus: string; label: number }): string =>
    `${x.corpus}/${x.label === 1 ? 'neutral' : 'polar'}`;
  for (const x of train) {
    sizes.set(x.corpus, (sizes.get(x.corpus) ?? 0) + 1);
    groupSizes.set(group(x), (groupSizes.get(group(x)) ?? 0) + 1);
  }
  const counts = [...sizes.entries()]
    .filter(([c]) => c !== 'seeds')
    .map(([, n]) => n)
    .sort((a, b) => a - b);
  const median = counts[Math.floor(counts.length / 2)] ?? 1;
  const factor = (x: { corpus: string; label: number }): number =>
    ((groupSizes.get(group(x)) ?? 1) / (sizes.get(x.corpus) ?? 1)) ** -neutralBalance;
  // Per corpus, the mean factor over its texts, so balancing leaves the corpus's total weight.
  const meanFactor = new Map<string, number>();
  for (const [corpus, n] of sizes) {
    let sum = 0;
    for (const label of [0, 1]) {
      sum += (groupSizes.get(group({ corpus, label })) ?? 0) * factor({ corpus, label });
    }
    meanFactor.set(corpus, sum / n);
  }
  return train.map((x) => {
    const seed = x.corpus === 'seeds';
    const domain = seed ? SEED_WEIGHT : Math.sqrt(median / (sizes.get(x.corpus) ?? 1));
    const polarityOnly = x.corpus !== 'seeds' && POLARITY_ONLY.has(x.corpus);
    return {
      text: x.text,
      label: x.label,
      polarityWeight: x.label === 1 ? 0 : domain,
      neutralityWeight: polarityOnly
        ? EMOTION_ONLY.has(x.corpus)
          ? domain * EMOTION_ONLY_NEUTRALITY_WEIGHT
          : 0
        : (domain * factor(x)) / (meanFactor.get(x.corpus) ?? 1),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Lexicons

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\d+\.\s/u.test(l));
}

/**
 * Polarity words of HowNet (emotion and evaluation lists), NTUSD and DUTIR (polarity 1 or 2),
 * by vote: a word listed as positive by more sources than as negative is positive, and the
 * other way round; ties are dropped.
 */
export function loadPolarityWords(): [string, Polarity][] {
  const lex = path.join(SHARED_DATA, 'lexicon');
  const votes = new Map<string, number>();
  const vote = (word: string, v: number): void => {
    if (word === '') return;
    votes.set(word, (votes.get(word) ?? 0) + v);
  };
  for (const w of lines(path.join(lex, 'hownet/positive_emotion.txt'))) vote(w, 1);
  for (const w of lines(path.join(lex, 'hownet/positive_evaluation.txt'))) vote(w, 1);
  for (const w of lines(path.join(lex, 'hownet/negative_emotion.txt'))) vote(w, -1);
  for (const w of lines(path.join(lex, 'hownet/negative_evaluation.txt'))) vote(w, -1);
  for (const w of lines(path.join(lex, 'ntusd/NTUSD_positive_simplified.txt'))) vote(w, 1);
  for (const w of lines(path.join(lex, 'ntusd/NTUSD_negative_simplified.txt'))) vote(w, -1);
  for (const row of parseCsv(
    readFileSync(path.join(lex, 'dutir/dutir_emotion_ontology.csv'), 'utf8'),
  ).slice(1)) {
    const word = row[0]?.trim() ?? '';
    const polarity = row[6]?.trim();
    if (polarity === '1') vote(word, 1);
    else if (polarity === '2') vote(word, -1);
  }
  const out: [string, Polarity][] = [];
  for (const [word, v] of [...votes.entries()].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  )) {
    if (v > 0) out.push([word, 'positive']);
    else if (v < 0) out.push([word, 'negative']);
  }
  return out;
}

export function loadLexiconTable(): LexiconTable {
  return buildLexiconTable(loadPolarityWords());
}

// ---------------------------------------------------------------------------------------------
// The committed model

/**
 * The committed model's bytes: trained on the in-domain training part (every corpus minus its
 * held-back fifth) plus the seeds, with the lexicons, by the default options.
 */
export function trainCommittedModel(): { bytes: Uint8Array; examples: number; lexicon: number } {
  const corpora = loadAllCorpora();
  const seeds = loadSeeds();
  const lexicon = loadLexiconTable();
  const split = inDomainSplit(corpora, seeds);
  const examples = toExamples(split.train);
  return {
    bytes: trainSentimentModel(examples, lexicon),
    examples: examples.length,
    lexicon: lexicon.size,
  };
}
