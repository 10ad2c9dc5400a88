// `npm run eval:sentiment`: Yuqing's sentiment model against the scikit-learn peer
// (scripts/peer/sentiment_peer.py) on the same splits of the real corpora in ../shared/data,
// in the in-domain and the cross-domain setting (docs/SENTIMENT.md). Both are trained here from
// scratch for every split; the committed weights are not used.
//
// Options: --no-peer (ours only), --setting in|cross|all (default all), --corpus NAME (one
// cross-domain corpus). The peer runs under SENTIMENT_PEER_PYTHON, else the first of python3 and
// /usr/bin/python3 that has scikit-learn.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  DEFAULT_FEATURE_OPTIONS,
  SentimentFeaturizer,
  type LexiconTable,
} from '../src/analysis/sentiment-features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  featurizeAll,
  fitWeights,
  quantise,
} from '../src/analysis/sentiment-train.ts';
import { SentimentModel, encodeSentimentModel } from '../src/analysis/sentiment.ts';
import {
  CORPORA,
  type CorpusId,
  type LabelledText,
  POLARITY_ONLY,
  type Split,
  crossDomainSplit,
  haveSentimentData,
  inDomainSplit,
  isDev,
  loadAllCorpora,
  loadLexiconTable,
  loadSeeds,
  toExamples,
} from './sentiment-data.ts';

const PEER = path.resolve(import.meta.dirname, 'peer/sentiment_peer.py');

// ---------------------------------------------------------------------------------------------
// Scoring: the same code for both models

/**
 * The predicted class of a probability triple. On a polarity-only test set (pos/neg labels)
 * neutral is not a possible answer, so the guess is the likelier of negative and positive; on a
 * three-class set it is the argmax of all three.
 */
export function decide(p: ArrayLike<number>, polarityOnly: boolean): number {
  const n = p[0]!;
  const u = p[1]!;
  const q = p[2]!;
  if (polarityOnly) return q > n ? 2 : 0;
  if (n >= u && n >= q) return 0;
  return u >= q ? 1 : 2;
}

export interface Scores {
  n: number;
  accuracy: number;
  /** Macro-F1 over the classes present in the gold labels. */
  macroF1: number;
}

export function score(gold: readonly number[], guess: readonly number[]): Scores {
  let right = 0;
  const tp = [0, 0, 0];
  const fp = [0, 0, 0];
  const fn = [0, 0, 0];
  const present = new Set<number>();
  gold.forEach((g, i) => {
    const p = guess[i]!;
    present.add(g);
    if (g === p) {
      right++;
      tp[g]!++;
    } else {
      fp[p]!++;
      fn[g]!++;
    }
  });
  let f1 = 0;
  for (const c of present) {
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!;
    f1 += denom === 0 ? 0 : (2 * tp[c]!) / denom;
  }
  return {
    n: gold.length,
    accuracy: gold.length === 0 ? 0 : right / gold.length,
    macroF1: present.size === 0 ? 0 : f1 / present.size,
  };
}

// ---------------------------------------------------------------------------------------------
// The peer

function findPython(): string | undefined {
  const candidates = [process.env.SENTIMENT_PEER_PYTHON, 'python3', '/usr/bin/python3'];
  for (const python of candidates) {
    if (python === undefined || python === '') continue;
    const probe = spawnSync(python, ['-c', 'import sklearn, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

interface PeerResult {
  C: number;
  grid: { C: number; dev_accuracy: number; seconds: number; cpu_seconds: number }[];
  train_seconds: number;
  train_cpu_seconds: number;
  features: number;
  tests: {
    path: string;
    n: number;
    predict_seconds: number;
    predict_cpu_seconds: number;
    proba: number[][];
  }[];
}

/**
 * The peer's C when no grid ran in this invocation (`--setting cross`): what the grid on the
 * in-domain split chose in the full run (docs/SENTIMENT.md).
 */
const PEER_C_WITHOUT_GRID = 4;

interface PeerRun {
  wait: () => Promise<PeerResult>;
}

function writeJsonl(file: string, items: readonly LabelledText[], train: boolean): void {
  const lines = items.map((x) =>
    JSON.stringify({
      text: x.text,
      label: x.label,
      polarity_only: x.corpus !== 'seeds' && POLARITY_ONLY.has(x.corpus),
      ...(train ? { dev: isDev(x.key) } : {}),
    }),
  );
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Starts the peer on files already written; it runs beside our training (one core each). */
function startPeer(
  python: string,
  options: string[],
  dir: string,
  trainFile: string,
  testFiles: string[],
): PeerRun {
  const outFile = path.join(dir, 'peer-out.json');
  const out = openSync(outFile, 'w');
  const child = spawn(python, [PEER, ...options, trainFile, ...testFiles], {
    stdio: ['ignore', out, 'inherit'],
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  const done = new Promise<PeerResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(out);
      if (code !== 0) reject(new Error(`peer exited with ${code}`));
      else resolve(JSON.parse(readFileSync(outFile, 'utf8')) as PeerResult);
    });
  });
  return { wait: () => done };
}

// ---------------------------------------------------------------------------------------------
// Ours

interface OursResult {
  trainSeconds: number;
  trainCpuSeconds: number;
  tests: { scores: Scores; predictSeconds: number; predictCpuSeconds: number }[];
}

/** CPU seconds (user + system) of this process since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function runOurs(split: Split, lexicon: LexiconTable): OursResult {
  const features = DEFAULT_FEATURE_OPTIONS;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const examples = toExamples(split.train);
  const featurizer = new SentimentFeaturizer(lexicon, features);
  const matrix = featurizeAll(
    featurizer,
    examples.map((e) => e.text),
  );
  const fitted = fitWeights(
    matrix,
    Int32Array.from(examples, (_, i) => i),
    Uint8Array.from(examples, (e) => e.label),
    Float32Array.from(examples, (e) => e.polarityWeight),
    Float32Array.from(examples, (e) => e.neutralityWeight),
    features.hashBits,
    DEFAULT_TRAIN_OPTIONS,
  );
  const bytes = encodeSentimentModel(quantise(fitted, lexicon, features.maxNgram));
  const model = SentimentModel.fromBytes(bytes);
  const trainSeconds = (performance.now() - started) / 1000;
  const trainCpuSeconds = cpuSince(cpu);

  const p = new Float64Array(3);
  const tests = split.tests.map((test) => {
    const polarityOnly = POLARITY_ONLY.has(test.corpus);
    const guess: number[] = [];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const x of test.items) {
      model.probabilitiesInto(x.text, p);
      guess.push(decide(p, polarityOnly));
    }
    const predictSeconds = (performance.now() - t0) / 1000;
    const predictCpuSeconds = cpuSince(c0);
    return {
      scores: score(
        test.items.map((x) => x.label),
        guess,
      ),
      predictSeconds,
      predictCpuSeconds,
    };
  });
  return { trainSeconds, trainCpuSeconds, tests };
}

// ---------------------------------------------------------------------------------------------
// The run

interface Row {
  setting: 'in-domain' | 'cross-domain';
  corpus: CorpusId;
  ours: Scores;
  peer: Scores | undefined;
}

interface Timing {
  split: string;
  trainRows: number;
  /** Wall and CPU seconds. */
  oursTrain: [number, number];
  /** Posts per wall second and per CPU second. */
  oursPredictRate: [number, number];
  peerTrain: [number, number] | undefined;
  peerGrid: [number, number] | undefined;
  peerC: number | undefined;
  peerPredictRate: [number, number] | undefined;
}

const pct = (x: number | undefined): string => (x === undefined ? '-' : (100 * x).toFixed(2));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-peer': { type: 'boolean', default: false },
      setting: { type: 'string', default: 'all' },
      corpus: { type: 'string' },
    },
  });
  if (!haveSentimentData()) {
    console.error('eval:sentiment needs ../shared/data (sentiment/ and lexicon/); it is missing');
    process.exit(2);
  }
  const python = values['no-peer'] ? undefined : findPython();
  if (!values['no-peer'] && python === undefined) {
    console.error(
      'eval:sentiment: no python3 with scikit-learn (apt-get install python3-sklearn, or set ' +
        'SENTIMENT_PEER_PYTHON); run with --no-peer for ours alone',
    );
    process.exit(2);
  }
  const wallStart = performance.now();
  const corpora = loadAllCorpora();
  const seeds = loadSeeds();
  const lexicon = loadLexiconTable();
  console.log(
    `corpora: ${[...corpora].map(([c, x]) => `${c} ${x.length}`).join(', ')}; seeds ${seeds.length}; ` +
      `lexicon ${lexicon.size} words`,
  );

  const splits: Split[] = [];
  if (values.setting !== 'cross') splits.push(inDomainSplit(corpora, seeds));
  if (values.setting !== 'in') {
    for (const c of CORPORA) {
      if (values.corpus === undefined || values.corpus === c) {
        splits.push(crossDomainSplit(corpora, seeds, c));
      }
    }
  }

  const rows: Row[] = [];
  const timings: Timing[] = [];
  let peerC: number | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yuqing-sentiment-eval-'));
  try {
    for (const split of splits) {
      const trainFile = path.join(dir, 'train.jsonl');
      const testFiles = split.tests.map((t) => path.join(dir, `test-${t.corpus}.jsonl`));
      let peer: PeerRun | undefined;
      if (python !== undefined) {
        writeJsonl(trainFile, split.train, true);
        split.tests.forEach((t, i) => writeJsonl(testFiles[i]!, t.items, false));
        // C is chosen once, by the grid on the first split (the in-domain one), then kept.
        const options =
          peerC === undefined && split.name === 'in-domain'
            ? ['--grid']
            : ['--c', String(peerC ?? PEER_C_WITHOUT_GRID)];
        peer = startPeer(python, options, dir, trainFile, testFiles);
      }
      const ours = runOurs(split, lexicon);
      // The peer ran beside our training; its exit is seen now that the event loop turns again.
      const peerResult = peer === undefined ? undefined : await peer.wait();
      peerC ??= peerResult?.C;
      const setting = split.name === 'in-domain' ? 'in-domain' : 'cross-domain';
      const oursPredict = [0, 0];
      const peerPredict = [0, 0];
      let predicted = 0;
      split.tests.forEach((test, i) => {
        const polarityOnly = POLARITY_ONLY.has(test.corpus);
        const proba = peerResult?.tests[i]?.proba;
        const peerScores =
          proba === undefined
            ? undefined
            : score(
                test.items.map((x) => x.label),
                proba.map((p) => decide(p, polarityOnly)),
              );
        rows.push({ setting, corpus: test.corpus, ours: ours.tests[i]!.scores, peer: peerScores });
        oursPredict[0]! += ours.tests[i]!.predictSeconds;
        oursPredict[1]! += ours.tests[i]!.predictCpuSeconds;
        peerPredict[0]! += peerResult?.tests[i]?.predict_seconds ?? 0;
        peerPredict[1]! += peerResult?.tests[i]?.predict_cpu_seconds ?? 0;
        predicted += test.items.length;
      });
      timings.push({
        split: split.name,
        trainRows: split.train.length,
        oursTrain: [ours.trainSeconds, ours.trainCpuSeconds],
        oursPredictRate: [predicted / oursPredict[0]!, predicted / oursPredict[1]!],
        peerTrain:
          peerResult === undefined
            ? undefined
            : [peerResult.train_seconds, peerResult.train_cpu_seconds],
        peerGrid:
          peerResult === undefined || peerResult.grid.length === 0
            ? undefined
            : [
                peerResult.grid.reduce((sum, g) => sum + g.seconds, 0),
                peerResult.grid.reduce((sum, g) => sum + g.cpu_seconds, 0),
              ],
        peerC: peerResult?.C,
        peerPredictRate:
          peerResult === undefined
            ? undefined
            : [predicted / peerPredict[0]!, predicted / peerPredict[1]!],
      });
      const last = rows.slice(-split.tests.length);
      console.log(
        `${split.name}: ` +
          last
            .map((r) => `${r.corpus} ours ${pct(r.ours.accuracy)} peer ${pct(r.peer?.accuracy)}`)
            .join('; ') +
          ` (ours ${ours.trainSeconds.toFixed(1)} s` +
          (peerResult === undefined
            ? ')'
            : `, peer ${peerResult.train_seconds.toFixed(1)} s, C=${peerResult.C}` +
              (peerResult.grid.length === 0
                ? ')'
                : `; grid ${peerResult.grid.map((g) => `C=${g.C} dev ${pct(g.dev_accuracy)}`).join(', ')})`)),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTables(rows, timings, (performance.now() - wallStart) / 1000);
}

function printTables(rows: Row[], timings: Timing[], wallSeconds: number): void {
  console.log('');
  console.log('| setting | dataset | n | ours acc | peer acc | ours macro-F1 | peer macro-F1 |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const setting of ['in-domain', 'cross-domain'] as const) {
    const mine = rows.filter((r) => r.setting === setting);
    if (mine.length === 0) continue;
    for (const r of mine) {
      const kind = POLARITY_ONLY.has(r.corpus) ? 'pos/neg' : '3-class';
      console.log(
        `| ${setting} | ${r.corpus} (${kind}) | ${r.ours.n} | ${pct(r.ours.accuracy)} | ` +
          `${pct(r.peer?.accuracy)} | ${pct(r.ours.macroF1)} | ${pct(r.peer?.macroF1)} |`,
      );
    }
    const mean = (f: (r: Row) => number | undefined): number | undefined => {
      const xs = mine.map(f);
      if (xs.some((x) => x === undefined)) return undefined;
      return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
    };
    console.log(
      `| ${setting} | **mean** | | **${pct(mean((r) => r.ours.accuracy))}** | ` +
        `**${pct(mean((r) => r.peer?.accuracy))}** | ${pct(mean((r) => r.ours.macroF1))} | ` +
        `${pct(mean((r) => r.peer?.macroF1))} |`,
    );
  }
  console.log('');
  console.log(
    'pos/neg sets: the likelier of negative and positive (neutral is not an answer there); ' +
      '3-class sets: argmax of the three. Same rule for both models.',
  );
  console.log('');
  console.log(
    '| split | train rows | ours train s (wall/cpu) | ours predict posts/s (wall/cpu) | ' +
      'peer train s (wall/cpu) | peer C-grid s (wall/cpu) | peer C | peer predict posts/s (wall/cpu) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const pair = (x: [number, number] | undefined, digits: number): string =>
    x === undefined ? '-' : `${x[0].toFixed(digits)} / ${x[1].toFixed(digits)}`;
  for (const t of timings) {
    console.log(
      `| ${t.split} | ${t.trainRows} | ${pair(t.oursTrain, 1)} | ${pair(t.oursPredictRate, 0)} | ` +
        `${pair(t.peerTrain, 1)} | ${pair(t.peerGrid, 1)} | ${t.peerC ?? '-'} | ` +
        `${pair(t.peerPredictRate, 0)} |`,
    );
  }
  console.log(`\nwall time ${(wallSeconds / 60).toFixed(1)} min`);
}

await main();
