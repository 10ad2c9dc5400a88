// Measures exact and near-duplicate detection (src/analysis/near-duplicates.ts) on real data
// from ../shared/data (see its README): labelled pairs built from THUCNews titles (where the
// threshold is chosen) and TNEWS sentences (held out), the DuplicateIndex end to end, its
// throughput on the real COVID-19 Weibo stream, and how it groups the real Weibo repost threads
// of the rumour dataset (Ma et al., IJCAI 2016). `npm run eval:dedup`.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import {
  type Headline,
  type Pair,
  type PairFeatures,
  type PairKind,
  type Score,
  buildPairSet,
  EDIT_DESCRIPTIONS,
  EDIT_KINDS,
  jaccard,
  minhashPairSimilarity,
  pairFeatures,
  readThucnews,
  readTnews,
  scoreDecisions,
  simhash,
  simhashSimilarity,
} from '../src/analysis/near-duplicates-eval.ts';
import {
  DuplicateIndex,
  fingerprint,
  LSH_BANDS,
  LSH_ROWS,
  MIN_NEAR_KEY_CHARS,
  MINHASH_SIZE,
  NEAR_THRESHOLD,
  NUMBER_MISMATCH_THRESHOLD,
  SHINGLE_SIZE,
  signatureOf,
} from '../src/analysis/near-duplicates.ts';
import { analysisText, contentHash } from '../src/analysis/normalise.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data');
const THUCNEWS = path.join(DATA, 'news/thucnews_titles_dev.txt');
const TNEWS = path.join(DATA, 'news/tnews_dev.json');
const WEIBO_DIR = path.join(DATA, 'stream/covid19_weibo_daily');
const THREADS = path.join(DATA, 'events/rumdect_threads.jsonl');

const SEED = 20240611;
const PER_KIND = 1000;

if (!existsSync(THUCNEWS)) {
  console.error(`${THUCNEWS} is missing: the evaluation needs ../shared/data (see its README).`);
  process.exit(1);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const lpad = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uFFDC]/u.test(ch) ? 2 : 1;
  return w;
}
const started = performance.now();

/** Wall-clock and CPU (this process) milliseconds of a run: the machine may be shared. */
function measure(fn: () => void): { wall: number; cpu: number } {
  const w = performance.now();
  const c = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - w, cpu: (used.user + used.system) / 1000 };
}

function rate(n: number, t: { wall: number; cpu: number }): string {
  return (
    `${Math.round(n / (t.cpu / 1000))}/s by CPU time (${((t.cpu * 1000) / n).toFixed(1)} µs each; ` +
    `${Math.round(n / (t.wall / 1000))}/s wall-clock)`
  );
}
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`;

// ---------------------------------------------------------------------------------------------
// Methods compared

interface Method {
  name: string;
  /** Similarity of a pair in [0, 1]; exact-hash pairs always count as duplicates. */
  similarity: (f: PairFeatures) => number;
  /** Thresholds swept. */
  thresholds: number[];
  /** Use the near-eligibility rule (short articles only match exactly). */
  eligibility: boolean;
  /**
   * The similarity a pair whose numbers differ must reach (see numbersTag); undefined: no
   * numbers rule.
   */
  numbersRule?: number;
}

const SWEEP = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
const SIMHASH_SWEEP = [0.7, 0.75, 0.8, 0.8125, 0.828, 0.844, 0.86, 0.875, 0.89, 0.9, 0.95];
/** SimHash similarity roughly matching Jaccard 0.8 (the MinHash numbers rule) on headlines. */
const SIMHASH_NUMBERS_RULE = 0.85;

const cache = new WeakMap<PairFeatures, Map<string, number>>();
function memo(f: PairFeatures, name: string, compute: () => number): number {
  let m = cache.get(f);
  if (m === undefined) cache.set(f, (m = new Map<string, number>()));
  let v = m.get(name);
  if (v === undefined) m.set(name, (v = compute()));
  return v;
}

const SHIPPED = `MinHash-${MINHASH_SIZE} char ${SHINGLE_SIZE}-grams (shipped)`;
const METHODS: Method[] = [
  {
    name: SHIPPED,
    similarity: (f) => memo(f, 'mh64', () => minhashPairSimilarity(f, MINHASH_SIZE, SHINGLE_SIZE)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'MinHash-64 char 2-grams, no numbers rule',
    similarity: (f) => memo(f, 'mh64', () => minhashPairSimilarity(f, MINHASH_SIZE, SHINGLE_SIZE)),
    thresholds: SWEEP,
    eligibility: true,
  },
  {
    name: 'MinHash-32 char 2-grams',
    similarity: (f) => memo(f, 'mh32', () => minhashPairSimilarity(f, 32, 2)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'MinHash-128 char 2-grams',
    similarity: (f) => memo(f, 'mh128', () => minhashPairSimilarity(f, 128, 2)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'MinHash-64 char 3-grams',
    similarity: (f) => memo(f, 'mh64t', () => minhashPairSimilarity(f, 64, 3)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'exact Jaccard char 2-grams (oracle)',
    similarity: (f) => memo(f, 'j2', () => jaccard(f.keyA, f.keyB, 2)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'exact Jaccard 2-grams, whole text (no article extraction)',
    similarity: (f) => memo(f, 'j2plain', () => jaccard(f.plainA, f.plainB, 2)),
    thresholds: SWEEP,
    eligibility: true,
    numbersRule: NUMBER_MISMATCH_THRESHOLD,
  },
  {
    name: 'SimHash-64 char 2-grams (1 - Hamming/64)',
    similarity: (f) =>
      memo(f, 'sh2', () => simhashSimilarity(simhash(f.keyA, 2), simhash(f.keyB, 2))),
    thresholds: SIMHASH_SWEEP,
    eligibility: true,
    numbersRule: SIMHASH_NUMBERS_RULE,
  },
  {
    name: 'SimHash-64 char 3-grams (1 - Hamming/64)',
    similarity: (f) =>
      memo(f, 'sh3', () => simhashSimilarity(simhash(f.keyA, 3), simhash(f.keyB, 3))),
    thresholds: SIMHASH_SWEEP,
    eligibility: true,
    numbersRule: SIMHASH_NUMBERS_RULE,
  },
];

function decide(method: Method, threshold: number, f: PairFeatures): boolean {
  if (f.exact) return true;
  if (method.eligibility && !f.nearEligible) return false;
  const mismatch = f.tagA !== 0 && f.tagB !== 0 && f.tagA !== f.tagB;
  const required =
    mismatch && method.numbersRule !== undefined
      ? Math.max(threshold, method.numbersRule)
      : threshold;
  return method.similarity(f) >= required;
}

function score(features: PairFeatures[], predict: (f: PairFeatures) => boolean) {
  return scoreDecisions(features.map((f) => ({ pair: f.pair, predicted: predict(f) })));
}

// ---------------------------------------------------------------------------------------------
// Printing

const KIND_ROWS: PairKind[] = [...EDIT_KINDS];

function printKindTable(
  title: string,
  columns: { name: string; result: ReturnType<typeof score> }[],
): void {
  console.log(`\n${title}`);
  const header =
    pad('kind', 16) +
    lpad('n', 6) +
    columns.map((c) => ' | ' + pad(c.name, 22)).join('') +
    '\n' +
    ' '.repeat(22) +
    columns.map(() => ' | ' + pad('  P      R      F1', 22)).join('');
  console.log(header);
  const row = (kind: string, n: number, scores: (Score | undefined)[]): void => {
    console.log(
      pad(kind, 16) +
        lpad(String(n), 6) +
        scores
          .map((s) =>
            s === undefined
              ? ' | ' + pad('', 22)
              : ' | ' + pad(`${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}`, 22),
          )
          .join(''),
    );
  };
  for (const kind of KIND_ROWS) {
    const first = columns[0]?.result.byKind.get(kind);
    const n = first === undefined ? 0 : first.tp + first.fn;
    row(
      kind,
      n,
      columns.map((c) => c.result.byKind.get(kind)),
    );
  }
  const first = columns[0]?.result.overall;
  row(
    'ALL positives',
    first === undefined ? 0 : first.tp + first.fn,
    columns.map((c) => c.result.overall),
  );
  for (const kind of ['hard-negative', 'random-negative'] as const) {
    const cells = columns.map((c) => {
      const s = c.result.byKind.get(kind);
      return s === undefined ? '' : `false merges ${s.fp}/${s.fp + s.tn}`;
    });
    const s0 = columns[0]?.result.byKind.get(kind);
    console.log(
      pad(kind, 16) +
        lpad(String(s0 === undefined ? 0 : s0.fp + s0.tn), 6) +
        cells.map((c) => ' | ' + pad(c, 22)).join(''),
    );
  }
}

/** F1 within this of the best counts as a tie; ties go to the higher threshold (fewer merges). */
const F1_TIE = 0.002;

/**
 * The threshold a sweep chooses: the highest one whose F1 is within {@link F1_TIE} of the best.
 * Wrongly merged stories hide news from the people monitoring, a missed copy only shows one
 * article twice, so among equals the stricter threshold wins.
 */
function chooseThreshold(rows: { t: number; f1: number }[]): number {
  const bestF1 = Math.max(...rows.map((r) => r.f1));
  return Math.max(...rows.filter((r) => r.f1 >= bestF1 - F1_TIE).map((r) => r.t));
}

function sweepRows(features: PairFeatures[], m: Method) {
  return m.thresholds.map((t) => ({ t, r: score(features, (f) => decide(m, t, f)) }));
}

function printSweep(features: PairFeatures[], methods: Method[]): Map<string, number> {
  const chosen = new Map<string, number>();
  for (const m of methods) {
    console.log(`\n  ${m.name}`);
    console.log('    threshold   precision  recall   F1      hard-neg merges  random-neg merges');
    const rows = sweepRows(features, m);
    for (const { t, r } of rows) {
      const hard = r.byKind.get('hard-negative');
      const rand = r.byKind.get('random-negative');
      const mark = m.name === SHIPPED && Math.abs(t - NEAR_THRESHOLD) < 1e-9 ? '  <- shipped' : '';
      console.log(
        `    ${lpad(t.toFixed(3), 9)}   ${f3(r.overall.precision)}      ${f3(r.overall.recall)}    ${f3(r.overall.f1)}   ` +
          `${lpad(String(hard?.fp ?? 0), 6)}           ${lpad(String(rand?.fp ?? 0), 6)}${mark}`,
      );
    }
    const bestF1 = Math.max(...rows.map((x) => x.r.overall.f1));
    const pick = chooseThreshold(rows.map((x) => ({ t: x.t, f1: x.r.overall.f1 })));
    chosen.set(m.name, pick);
    console.log(
      `    best F1 ${f3(bestF1)}; chosen (highest threshold within ${F1_TIE} F1 of it) ${pick.toFixed(3)}`,
    );
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// End to end through DuplicateIndex

function endToEnd(name: string, headlines: Headline[], pairs: Pair[]): void {
  const index = new DuplicateIndex({ maxEntries: 200_000 });
  const groupOfText = new Map<string, string>();
  let merged = 0;
  let exact = 0;
  const examples: string[] = [];
  headlines.forEach((h, i) => {
    const analysis = analysisText({ text: h.text });
    const r = index.add(`h${i}`, analysis);
    if (r.kind !== null) {
      merged++;
      if (r.kind === 'exact') exact++;
      else if (examples.length < 6) {
        const j = Number((r.dupOf ?? 'h0').slice(1));
        examples.push(`    ${f3(r.similarity ?? 0)}  ${h.text}  ~  ${headlines[j]?.text ?? ''}`);
      }
    }
    if (!groupOfText.has(h.text)) groupOfText.set(h.text, r.groupId);
  });
  console.log(
    `\n${name}: DuplicateIndex end to end. All ${headlines.length} headlines added: ` +
      `${merged} grouped with an earlier one (${exact} exact copies in the corpus, ` +
      `${merged - exact} near). Near merges among real headlines, for inspection:`,
  );
  for (const e of examples) console.log(e);
  const found = new Map<string, { tp: number; n: number }>();
  for (const p of pairs) {
    if (!p.positive) continue;
    const r = index.match(analysisText({ text: p.b }));
    const k = found.get(p.kind) ?? { tp: 0, n: 0 };
    k.n++;
    if (r.kind !== null && r.groupId === groupOfText.get(p.a)) k.tp++;
    found.set(p.kind, k);
  }
  let tp = 0;
  let n = 0;
  const cells: string[] = [];
  for (const [kind, k] of found) {
    tp += k.tp;
    n += k.n;
    cells.push(`${kind} ${f3(k.tp / k.n)}`);
  }
  console.log(
    `  edited copies matched into their original's group (recall, with ${headlines.length} ` +
      `headlines in the index, LSH candidates included): ${f3(tp / n)}\n    ${cells.join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Real streams

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readWeibo(): string[] {
  if (!existsSync(WEIBO_DIR)) return [];
  const texts: string[] = [];
  for (const file of readdirSync(WEIBO_DIR).sort()) {
    if (!file.endsWith('.csv')) continue;
    const rows = parseCsv(readFileSync(path.join(WEIBO_DIR, file), 'utf8'));
    for (const row of rows.slice(1)) if (row[1] !== undefined) texts.push(row[1]);
  }
  return texts;
}

interface ThreadPost {
  eid: string;
  mid: string;
  parent: string | null;
  t: number;
  text: string;
}

function readThreads(): ThreadPost[] {
  if (!existsSync(THREADS)) return [];
  return readFileSync(THREADS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ThreadPost);
}

// ---------------------------------------------------------------------------------------------

function buildFeatures(headlines: Headline[]): {
  pairs: Pair[];
  features: PairFeatures[];
  ms: number;
} {
  const t0 = performance.now();
  const pairs = buildPairSet(headlines, { seed: SEED, perKind: PER_KIND });
  const features = pairs.map(pairFeatures);
  return { pairs, features, ms: performance.now() - t0 };
}

function pairSection(
  name: string,
  headlines: Headline[],
  built: { pairs: Pair[]; features: PairFeatures[]; ms: number },
  heldOut: boolean,
  chosen: number,
): void {
  const { pairs, features } = built;
  const pos = pairs.filter((p) => p.positive).length;
  console.log(
    `\n=== [${elapsed()}] ${name}: ${headlines.length} headlines; ${pos} positive pairs (${PER_KIND} per edit kind), ` +
      `${pairs.length - pos} negative pairs (half each headline's most bigram-similar other headline ` +
      `of its class, half a random one of its class)${heldOut ? ' — HELD OUT: thresholds were chosen on THUCNews' : ' — thresholds are chosen here'} ` +
      `(built in ${(built.ms / 1000).toFixed(1)}s)`,
  );
  const shipped = METHODS[0] as Method;
  const simhash2 = METHODS.find((m) => m.name.startsWith('SimHash-64 char 2')) as Method;
  const exactOnly = score(features, (f) => f.exact);
  const near = score(features, (f) => decide(shipped, NEAR_THRESHOLD, f));
  const sh = score(features, (f) => decide(simhash2, chosen, f));
  printKindTable('Per edit kind (P computed against negatives in proportion to the kind):', [
    { name: '(a) exact hash only', result: exactOnly },
    { name: `(b) MinHash-64 ≥ ${NEAR_THRESHOLD}`, result: near },
    { name: `(c) SimHash-64 ≥ ${chosen.toFixed(3)}`, result: sh },
  ]);
  if (!heldOut) {
    console.log('\nThreshold sweep (overall; exact-hash pairs always count as duplicates):');
    const chosen = printSweep(features, METHODS);
    const pick = chosen.get(SHIPPED);
    console.log(
      `\nShipped: MinHash-64 over char 2-grams at ${NEAR_THRESHOLD}; this sweep chooses ` +
        `${pick?.toFixed(2)}${pick !== undefined && Math.abs(pick - NEAR_THRESHOLD) < 1e-9 ? ' (agrees)' : ' — DISAGREES with the shipped threshold'}.`,
    );
  } else {
    console.log('\nHeld-out sweep of the shipped method (not used to choose anything):');
    printSweep(features, [shipped]);
  }
  const fps = features.filter((f) => !f.pair.positive && decide(shipped, NEAR_THRESHOLD, f));
  console.log(`\nFalse merges of the shipped method (${fps.length}; up to 10 shown):`);
  for (const f of fps.slice(0, 10)) {
    console.log(
      `  ${f3(minhashPairSimilarity(f, MINHASH_SIZE, SHINGLE_SIZE))} ${f.exact ? '(exact) ' : ''}${f.pair.a}  ~  ${f.pair.b}`,
    );
  }
  const fns = features.filter((f) => f.pair.positive && !decide(shipped, NEAR_THRESHOLD, f));
  console.log(`Missed copies of the shipped method (${fns.length}; up to 10 shown):`);
  for (const f of fns.slice(0, 10)) {
    console.log(
      `  ${f.pair.kind} ${f3(minhashPairSimilarity(f, MINHASH_SIZE, SHINGLE_SIZE))}${f.nearEligible ? '' : ' (short)'}  ${f.pair.a}  →  ${f.pair.b}`,
    );
  }
  endToEnd(name, headlines, pairs);
}

function main(): void {
  console.log(
    `Near-duplicate evaluation. Shipped: exact = contentHash(analysisText); near = MinHash ` +
      `(${MINHASH_SIZE} hashes, 16-bit values) over char ${SHINGLE_SIZE}-grams of the article key, ` +
      `LSH ${LSH_BANDS} bands × ${LSH_ROWS} rows, estimated Jaccard ≥ ${NEAR_THRESHOLD}; articles ` +
      `< ${MIN_NEAR_KEY_CHARS} letters/digits match exactly only. Seed ${SEED}.`,
  );
  console.log('Edit kinds:');
  for (const k of EDIT_KINDS) console.log(`  ${pad(k, 14)} ${EDIT_DESCRIPTIONS[k]}`);

  const thuc = readThucnews(THUCNEWS);
  const thucBuilt = buildFeatures(thuc);
  // SimHash threshold for column (c): its best F1 on THUCNews, as in the sweep below.
  const simhashChosen = chooseSimhash(thucBuilt.features);
  pairSection('THUCNews titles (dev, 10 classes)', thuc, thucBuilt, false, simhashChosen);
  if (existsSync(TNEWS)) {
    const tnews = readTnews(TNEWS);
    pairSection('TNEWS (dev, 15 classes)', tnews, buildFeatures(tnews), true, simhashChosen);
  }
  const threadPosts = readThreads();
  const threadTexts = threadPosts.map((p) => analysisText({ text: p.text }));
  throughput(thuc, threadTexts);
  threads(threadPosts, threadTexts);
  console.log(`\nTotal time ${elapsed()}.`);
}

function chooseSimhash(features: PairFeatures[]): number {
  const m = METHODS.find((x) => x.name.startsWith('SimHash-64 char 2')) as Method;
  return chooseThreshold(sweepRows(features, m).map((x) => ({ t: x.t, f1: x.r.overall.f1 })));
}

function throughput(thuc: Headline[], threadTexts: string[]): void {
  const weibo = readWeibo();
  if (weibo.length === 0) {
    console.log('\nThroughput: the Weibo stream is missing; skipped.');
    return;
  }
  let weiboA: string[] = [];
  const tAnalysis = measure(() => {
    weiboA = weibo.map((text) => analysisText({ text }));
  });
  const fillers = [...threadTexts, ...thuc.map((h) => analysisText({ text: h.text }))];
  const fillerFps = fillers.map((a) => fingerprint(a));
  const fillerHashes = fillers.map((a) => contentHash(a));
  const chars = weiboA.reduce((s, t) => s + [...t].length, 0) / weiboA.length;
  console.log(
    `\n=== [${elapsed()}] Throughput on the real COVID-19 Weibo stream: ${weibo.length} posts, mean ` +
      `${chars.toFixed(0)} characters of analysis text. One core; CPU time is the figure to read ` +
      `when the machine is shared (load average now ${loadavg()[0]?.toFixed(1)}; 10^8 additions ` +
      `in a loop take ${calibrate().toFixed(0)} ms of CPU here, about 100 on an idle modern core).\n` +
      `  analysisText (its own stage, not part of the index): ${rate(weibo.length, tAnalysis)}`,
  );
  let fps: string[] = [];
  const tFp = measure(() => {
    fps = weiboA.map((a) => fingerprint(a));
  });
  console.log(`  fingerprint(): ${rate(weibo.length, tFp)}`);
  let hashes: string[] = [];
  const tHash = measure(() => {
    hashes = weiboA.map((a) => contentHash(a));
  });
  console.log(`  contentHash() (normalise.ts, the exact key): ${rate(weibo.length, tHash)}`);

  // One index: the rumour-thread posts and headlines, then the Weibo stream in order. Once it is
  // full (200,000), half of the remaining posts are timed with fingerprint and hash precomputed
  // (the index alone), the other half with everything computed inside add().
  const max = 200_000;
  const gc = collector();
  gc();
  const before = process.memoryUsage();
  const index = new DuplicateIndex({ maxEntries: max });
  fillers.forEach((a, i) => index.add(`f${i}`, a, fillerFps[i], fillerHashes[i]));
  const fillFromWeibo = Math.max(0, max - fillers.length);
  const kinds: (string | null)[] = [];
  const dupOf: (string | null)[] = [];
  const addWeibo = (i: number, precomputed: boolean): void => {
    const r = precomputed
      ? index.add(`w${i}`, weiboA[i] ?? '', fps[i], hashes[i])
      : index.add(`w${i}`, weiboA[i] ?? '');
    kinds[i] = r.kind;
    dupOf[i] = r.dupOf;
  };
  for (let i = 0; i < fillFromWeibo && i < weiboA.length; i++) addWeibo(i, true);
  if (index.size !== max) throw new Error(`index not full: ${index.size}`);
  const mid = fillFromWeibo + Math.floor((weiboA.length - fillFromWeibo) / 2);
  const pre = measure(() => {
    for (let i = fillFromWeibo; i < mid; i++) addWeibo(i, true);
  });
  const full = measure(() => {
    for (let i = mid; i < weiboA.length; i++) addWeibo(i, false);
  });
  gc();
  const after = process.memoryUsage();
  const mb =
    (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20;
  console.log(
    `  DuplicateIndex with the index full (${max} entries: ${fillers.length} rumour-thread posts ` +
      `and headlines, then ${fillFromWeibo} Weibo posts), every further add evicting the oldest:\n` +
      `    add(id, analysis), fingerprint and contentHash computed inside, ` +
      `${weiboA.length - mid} posts: ${rate(weiboA.length - mid, full)}\n` +
      `    add(id, analysis, fp, hash) with both already computed (the index alone), ` +
      `${mid - fillFromWeibo} posts: ${rate(mid - fillFromWeibo, pre)}\n` +
      `    memory of the full index (the id strings included): about ` +
      `${mb.toFixed(0)} MB, ${((mb * 2 ** 20) / index.size).toFixed(0)} bytes an entry`,
  );

  const c = { exact: 0, near: 0 };
  const nearExamples: string[] = [];
  kinds.forEach((k, i) => {
    if (k === 'exact') c.exact++;
    if (k !== 'near') return;
    c.near++;
    const j = dupOf[i] ?? '';
    if (i % 97 === 0 && nearExamples.length < 8 && j.startsWith('w')) {
      nearExamples.push(
        `    ${clip(weibo[i] ?? '')}\n         ~ ${clip(weibo[Number(j.slice(1))] ?? '')}`,
      );
    }
  });
  console.log(
    `  How the stream groups (${weibo.length} posts in order): ${pct(c.exact / weibo.length)} ` +
      `exact copies, ${pct(c.near / weibo.length)} near copies of an earlier post. Near ` +
      `examples (every 97th post, for inspection):`,
  );
  for (const e of nearExamples) console.log(e);
}

/** CPU milliseconds of 10^8 additions in a loop: how fast this machine is right now. */
function calibrate(): number {
  return measure(() => {
    let x = 0;
    for (let i = 0; i < 1e8; i++) x = (x + (i & 7)) | 0;
    if (x === 42) console.log('');
  }).cpu;
}

/** A full garbage collection, so heap figures measure what is kept. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length > 70 ? `${flat.slice(0, 70)}…` : flat;
}

function threads(posts: ThreadPost[], texts: string[]): void {
  if (posts.length === 0) {
    console.log('\nRumour threads are missing; skipped.');
    return;
  }
  const order = posts.map((_, i) => i).sort((a, b) => (posts[a]?.t ?? 0) - (posts[b]?.t ?? 0));
  const byMid = new Map(posts.map((p) => [p.mid, p]));
  const index = new DuplicateIndex();
  const counts = { exact: 0, near: 0, none: 0 };
  let empty = 0;
  let eligible = 0;
  let eligibleExact = 0;
  let eligibleNear = 0;
  let nearSameEvent = 0;
  let eligibleExactSameEvent = 0;
  const exactTexts = new Map<string, number>();
  const examples: string[] = [];
  const t = measure(() => {
    for (const i of order) {
      const p = posts[i] as ThreadPost;
      const a = texts[i] ?? '';
      const r = index.add(p.mid, a);
      counts[r.kind ?? 'none']++;
      if (a.trim() === '') empty++;
      const isEligible = signatureOf(a) !== null;
      if (isEligible) eligible++;
      if (r.kind === null || r.dupOf === null) continue;
      const same = byMid.get(r.dupOf)?.eid === p.eid;
      if (r.kind === 'exact') {
        exactTexts.set(a, (exactTexts.get(a) ?? 0) + 1);
        if (isEligible) {
          eligibleExact++;
          if (same) eligibleExactSameEvent++;
        }
      } else {
        if (same) nearSameEvent++;
        if (isEligible) eligibleNear++;
        if (examples.length < 8 && counts.near % 40 === 1) {
          examples.push(
            `    ${f3(r.similarity ?? 0)}  ${clip(p.text)}\n           ~ ${clip(byMid.get(r.dupOf)?.text ?? '')}`,
          );
        }
      }
    }
  });
  const n = posts.length;
  const withChain = texts.filter((t) => /\/\/\s*@/u.test(t)).length;
  const top = [...exactTexts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([text, c]) => `${JSON.stringify(text)} ${c}`)
    .join(', ');
  console.log(
    `\n=== [${elapsed()}] Rumour repost threads (rumdect_threads.jsonl): ${n} posts of ` +
      `${new Set(posts.map((p) => p.eid)).size} events, added in time order: ${rate(n, t)}\n` +
      `  These threads store a repost's own words only, never the reposted text (${withChain} ` +
      `posts carry a //@ chain), so a repost is a copy only when its own words are.\n` +
      `  grouped: ${pct((counts.exact + counts.near) / n)} of all posts (exact ${pct(counts.exact / n)}, ` +
      `near ${pct(counts.near / n)}); ${pct(empty / n)} are empty and match nothing.\n` +
      `  Most copied exact texts: ${top}.\n` +
      `  Posts whose article has ≥ ${MIN_NEAR_KEY_CHARS} letters/digits (near-eligible): ${eligible} ` +
      `(${pct(eligible / n)}); of them ${pct(eligibleExact / Math.max(1, eligible))} exact and ` +
      `${pct(eligibleNear / Math.max(1, eligible))} near copies.\n` +
      `  Sanity: near copies whose best match is in the same event ` +
      `${pct(nearSameEvent / Math.max(1, counts.near))}; exact copies of eligible posts in the ` +
      `same event ${pct(eligibleExactSameEvent / Math.max(1, eligibleExact))}. Near examples:`,
  );
  for (const e of examples) console.log(e);
}

main();
