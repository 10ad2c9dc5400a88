// `npm run bench:analysis` (first half): posts per second of the whole per-post pipeline
// (normalise, segment, 1,000 schemes, near-duplicates, sentiment, regions, risk, keywords) on
// one core, on two corpora of real Weibo posts, with each stage timed alone, and in the same run
// the Python peer pipeline (python3-jieba + scikit-learn TF-IDF logistic regression) on the same
// posts. Peak memory of both.
//
// The two corpora, printed side by side at the end:
//   - reposts: the first 50,000 posts of ../shared/data/events/rumdect_threads.jsonl, repost
//     threads, mostly bare reposts (median analysis text 7 characters);
//   - posts: the first 50,000 posts of the daily COVID-19 stream
//     (../shared/data/stream/covid19_weibo_daily, day files in date order), ordinary posts
//     (median analysis text about 60 characters), the length most monitored posts have.
// Each corpus gets schemes made the same way from its own words (makeSchemes), a fresh pipeline
// and the same stages, in a process of its own (so its peak memory is its own, and neither JIT
// state nor heap carries over); the peer runs on the same posts.
//
// Figures per wall second and per CPU second (of this process; the peer's of its process): on a
// shared machine the wall figure drops with the load, the CPU one much less, so the 1-minute load
// average is printed at the start and the end. The whole pipeline runs BENCH_PASSES times
// (default 3), each with a fresh pipeline; the median pass (by CPU time) is reported.
// Env: BENCH_POSTS (default 50,000 a corpus), BENCH_SCHEMES (default 1,000), BENCH_PASSES,
// BENCH_CORPUS (default `rumdect,covid`; one of them alone to run only that), BENCH_PEER=0 skips
// the peer.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analysisText, contentHash } from '../src/analysis/normalise.ts';
import { DuplicateIndex, fingerprint } from '../src/analysis/near-duplicates.ts';
import { AnalysisPipeline, keywordsOf } from '../src/analysis/pipeline.ts';
import { compileRegions } from '../src/analysis/regions.ts';
import { compileRisk, DEFAULT_RISK_LEXICON } from '../src/analysis/risk-terms.ts';
import { compileSchemes, prepareDoc } from '../src/analysis/scheme-matcher.ts';
import { createSegmenter } from '../src/analysis/segment.ts';
import { sentiment } from '../src/analysis/sentiment.ts';
import {
  DATA,
  loadStreamPosts,
  loadThreadPosts,
  makeSchemes,
  STREAM,
  textLengths,
  THREADS,
} from './analysis-data.ts';

const SENTI = path.join(DATA, 'sentiment/weibo_senti_dev.tsv');
const LIMIT = Number(process.env.BENCH_POSTS ?? 50_000);
const SCHEMES = Number(process.env.BENCH_SCHEMES ?? 1000);
const PASSES = Math.max(1, Number(process.env.BENCH_PASSES ?? 3));
/** The target of issue 4, in posts per second on one core. */
const TARGET = 20_000;
/** How many times the peer's per-post figure the pipeline should reach. */
const PEER_FACTOR = 10;

interface Corpus {
  key: string;
  /** What the posts are, for the output. */
  kind: string;
  source: string;
  load(): { id: string; text: string }[];
}

const CORPORA: Corpus[] = [
  {
    key: 'rumdect',
    kind: 'reposts',
    source: 'rumdect threads',
    load: () => loadThreadPosts(LIMIT),
  },
  {
    key: 'covid',
    kind: 'posts',
    source: 'COVID-19 stream',
    load: () => loadStreamPosts(LIMIT).map((p, i) => ({ id: `covid-${i}`, text: p.text })),
  },
];
const wanted = (process.env.BENCH_CORPUS ?? 'rumdect,covid').split(',').map((s) => s.trim());
const corpora = CORPORA.filter((c) => wanted.includes(c.key));
if (corpora.length === 0) {
  console.error(`bench: BENCH_CORPUS names no corpus (rumdect, covid): ${wanted.join(',')}`);
  process.exit(2);
}
for (const missing of [
  SENTI,
  ...(wanted.includes('rumdect') ? [THREADS] : []),
  ...(wanted.includes('covid') ? [STREAM] : []),
]) {
  if (!fs.existsSync(missing)) {
    console.error(`bench: ${missing} is missing; the analysis benchmark needs ../shared/data`);
    process.exit(2);
  }
}

interface Timing {
  label: string;
  /** Per wall second. */
  perSecond: number;
  /** Per CPU second of this process (user + system). */
  perCpuSecond: number;
}

function time<T>(label: string, n: number, fn: () => T): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { label, perSecond: n / s, perCpuSecond: n / ((cpu.user + cpu.system) / 1e6) };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const load1 = () => os.loadavg()[0]!.toFixed(2);

/**
 * Peak resident memory of this process in MB. On Linux VmHWM: maxRSS (getrusage) keeps the
 * high-water mark of the process this one was spawned from.
 */
function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/mu.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux: getrusage below.
  }
  return process.resourceUsage().maxRSS / 1024;
}

interface PeerResult {
  posts: number;
  stream_posts: number;
  stream_posts_per_s: number;
  stream_posts_per_cpu_s: number;
  batch_posts_per_s: number;
  batch_posts_per_cpu_s: number;
  peak_rss_mb: number;
}

/** The peer: trained on weibo_senti_dev (not timed), then its per-post pipeline timed. */
function runPeer(posts: readonly { text: string }[]): PeerResult | null {
  if (process.env.BENCH_PEER === '0') return null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-bench-'));
  try {
    // The peer's training set (weibo_senti_dev), the same for both corpora.
    const train = fs
      .readFileSync(SENTI, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [label, ...rest] = l.split('\t');
        return JSON.stringify({ text: rest.join('\t'), label: Number(label) });
      });
    fs.writeFileSync(path.join(tmp, 'train.jsonl'), train.join('\n'));
    fs.writeFileSync(
      path.join(tmp, 'posts.jsonl'),
      posts.map((p) => JSON.stringify({ text: p.text })).join('\n'),
    );
    // Debian's python3 holds python3-sklearn and python3-jieba; another python3 may come first.
    const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(
      python,
      [
        path.join(import.meta.dirname, 'peer_pipeline.py'),
        path.join(tmp, 'train.jsonl'),
        path.join(tmp, 'posts.jsonl'),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, OMP_NUM_THREADS: '1' },
      },
    );
    return JSON.parse(out.trim().split('\n').at(-1)!) as PeerResult;
  } catch (e) {
    console.error(
      `peer not measured (needs Debian's python3-sklearn and python3-jieba): ${e instanceof Error ? e.message : String(e)}`,
    );
    return null;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface CorpusResult {
  name: string;
  posts: number;
  lengths: { median: number; mean: number; max: number };
  whole: Timing;
  passes: number;
  stages: Timing[];
  matched: number;
  peer: PeerResult | null;
  /** Peak RSS of the corpus' process after the first pass and the stages. */
  rssMb: number;
}

function benchCorpus(corpus: Corpus): CorpusResult {
  const posts = corpus.load();
  const texts = posts.map((p) => analysisText({ text: p.text }));
  const lengths = textLengths(texts);
  const name = `${corpus.kind} (${corpus.source}, median ${lengths.median} chars)`;
  const schemes = makeSchemes(posts, SCHEMES);
  console.log('');
  console.log(
    `## ${name}: ${fmt(posts.length)} real Weibo posts, analysis text median ${lengths.median}, ` +
      `mean ${lengths.mean.toFixed(1)}, longest ${fmt(lengths.max)} characters; ` +
      `${fmt(schemes.length)} schemes from their words (load average ${load1()})`,
  );

  // Warm up (dictionary, model, JIT) on a slice, with a pipeline of its own.
  const warm = new AnalysisPipeline({ schemes });
  for (const p of posts.slice(0, 2000)) warm.analyse(p);

  let matched = 0;
  /** One pass of the whole pipeline over the posts, with a pipeline of its own. */
  const wholePass = (): Timing => {
    const pipeline = new AnalysisPipeline({ schemes });
    matched = 0;
    return time('whole pipeline', posts.length, () => {
      for (const p of posts) matched += pipeline.analyse(p).schemes.length > 0 ? 1 : 0;
    });
  };
  const passes = [wholePass()];

  // Each stage alone over the same posts (inputs prepared outside the timing where a stage
  // needs an earlier stage's output).
  const seg = createSegmenter();
  const compiled = compileSchemes(schemes);
  const docs = texts.map((t) => prepareDoc({ text: t }));
  const tokens = texts.map((t) => seg.cut(t));
  const regions = compileRegions();
  const risk = compileRisk(DEFAULT_RISK_LEXICON);
  const dups = new DuplicateIndex();
  const stages = [
    time('normalise (analysisText)', posts.length, () => {
      for (const p of posts) analysisText({ text: p.text });
    }),
    time('segment (jieba + domain dictionary)', posts.length, () => {
      for (const t of texts) seg.cut(t);
    }),
    time(`schemes (${schemes.length}, one automaton)`, posts.length, () => {
      for (const d of docs) compiled.match(d);
    }),
    time('near-duplicates (fingerprint + index)', posts.length, () => {
      posts.forEach((p, i) => dups.add(p.id, texts[i]!, fingerprint(texts[i]!)));
    }),
    time('sentiment', posts.length, () => {
      for (const t of texts) sentiment(t);
    }),
    time('regions', posts.length, () => {
      for (const t of texts) regions.detect(t);
    }),
    time('risk terms', posts.length, () => {
      for (const t of texts) risk.assess(t);
    }),
    time('keywords (of the segmented words)', posts.length, () => {
      for (const t of tokens) keywordsOf(t);
    }),
    time('content hash', posts.length, () => {
      for (const t of texts) contentHash(t);
    }),
  ];
  // Peak memory with what the first pass and the stages hold (further passes only add garbage).
  const rssMb = peakRssMb();
  while (passes.length < PASSES) passes.push(wholePass());
  const whole = [...passes].sort((a, b) => a.perCpuSecond - b.perCpuSecond)[
    Math.floor(passes.length / 2)
  ]!;
  const peer = runPeer(posts);

  console.log('');
  console.log('| what | posts/s (one core, wall) | posts per CPU second |');
  console.log('|---|---:|---:|');
  console.log(
    `| **Yuqing: whole per-post pipeline** (median of ${passes.length} passes) | **${fmt(whole.perSecond)}** | **${fmt(whole.perCpuSecond)}** |`,
  );
  for (const s of stages) {
    console.log(
      `| &nbsp;&nbsp;stage alone: ${s.label} | ${fmt(s.perSecond)} | ${fmt(s.perCpuSecond)} |`,
    );
  }
  if (peer) {
    console.log(
      `| Python peer, per post (jieba.lcut + TF-IDF LR predict), first ${fmt(peer.stream_posts)} posts | ${fmt(peer.stream_posts_per_s)} | ${fmt(peer.stream_posts_per_cpu_s)} |`,
    );
    console.log(
      `| Python peer, batched (jieba.lcut each, one vectorise + predict call) | ${fmt(peer.batch_posts_per_s)} | ${fmt(peer.batch_posts_per_cpu_s)} |`,
    );
  }
  console.log('');
  console.log(`posts matching at least one scheme: ${fmt(matched)} of ${fmt(posts.length)}`);
  return {
    name,
    posts: posts.length,
    lengths,
    whole,
    passes: passes.length,
    stages,
    matched,
    peer,
    rssMb,
  };
}

// A corpus' own process: measure it, hand the figures back in a file.
const resultFile = process.env.BENCH_RESULT_FILE;
if (resultFile !== undefined) {
  fs.writeFileSync(resultFile, JSON.stringify(benchCorpus(corpora[0]!)));
  process.exit(0);
}

const loadStart = load1();
console.log(
  `bench:analysis on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), ` +
    `Node ${process.version}; ${fmt(SCHEMES)} schemes a corpus; ` +
    `1-minute load average at start ${loadStart}`,
);
const results = corpora.map((corpus): CorpusResult => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-bench-'));
  try {
    const file = path.join(tmp, 'result.json');
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_CORPUS: corpus.key, BENCH_RESULT_FILE: file },
    });
    if (child.status !== 0 || !fs.existsSync(file)) {
      console.error(
        `bench: the ${corpus.key} corpus failed (exit ${child.status ?? child.signal})`,
      );
      process.exit(1);
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusResult;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
const loadEnd = load1();

// Side by side.
const ratio = (a: number, b: number | undefined) =>
  b === undefined ? '-' : `${(a / b).toFixed(1)}x`;
const verdict = (ok: boolean) => (ok ? 'holds' : 'does NOT hold');
console.log('');
console.log('## Side by side');
console.log('');
console.log(`| | ${results.map((r) => r.name).join(' | ')} |`);
console.log(`|---|${results.map(() => '---:').join('|')}|`);
const row = (label: string, cells: string[]) => console.log(`| ${label} | ${cells.join(' | ')} |`);
row(
  'analysis text length, median / mean (characters)',
  results.map((r) => `${r.lengths.median} / ${r.lengths.mean.toFixed(1)}`),
);
row(
  '**whole pipeline, posts per CPU second**',
  results.map((r) => `**${fmt(r.whole.perCpuSecond)}**`),
);
row(
  'whole pipeline, posts/s wall',
  results.map((r) => fmt(r.whole.perSecond)),
);
for (let i = 0; i < (results[0]?.stages.length ?? 0); i++) {
  row(
    `stage alone: ${results[0]!.stages[i]!.label}, per CPU second`,
    results.map((r) => fmt(r.stages[i]!.perCpuSecond)),
  );
}
if (results.every((r) => r.peer)) {
  row(
    'Python peer per post, posts per CPU second / wall',
    results.map(
      (r) => `${fmt(r.peer!.stream_posts_per_cpu_s)} / ${fmt(r.peer!.stream_posts_per_s)}`,
    ),
  );
  row(
    'Python peer batched, posts per CPU second / wall',
    results.map((r) => `${fmt(r.peer!.batch_posts_per_cpu_s)} / ${fmt(r.peer!.batch_posts_per_s)}`),
  );
  row(
    'Yuqing / peer per post (CPU to CPU; wall to wall)',
    results.map(
      (r) =>
        `${ratio(r.whole.perCpuSecond, r.peer!.stream_posts_per_cpu_s)}; ${ratio(r.whole.perSecond, r.peer!.stream_posts_per_s)}`,
    ),
  );
  row(
    'Yuqing / peer batched (CPU to CPU; wall to wall)',
    results.map(
      (r) =>
        `${ratio(r.whole.perCpuSecond, r.peer!.batch_posts_per_cpu_s)}; ${ratio(r.whole.perSecond, r.peer!.batch_posts_per_s)}`,
    ),
  );
}
row(
  'posts matching at least one scheme',
  results.map((r) => `${fmt(r.matched)} of ${fmt(r.posts)}`),
);
row(
  'peak memory (RSS), Yuqing / the peer',
  results.map((r) => `${fmt(r.rssMb)} MB / ${r.peer ? `${fmt(r.peer.peak_rss_mb)} MB` : '-'}`),
);
console.log('');
for (const r of results) {
  const parts = [
    `${fmt(TARGET)} posts per CPU second ${verdict(r.whole.perCpuSecond >= TARGET)} ` +
      `(${fmt(r.whole.perCpuSecond)})`,
    `${fmt(TARGET)} posts/s wall ${verdict(r.whole.perSecond >= TARGET)} (${fmt(r.whole.perSecond)})`,
  ];
  if (r.peer) {
    const x = r.whole.perCpuSecond / r.peer.stream_posts_per_cpu_s;
    const xb = r.whole.perCpuSecond / r.peer.batch_posts_per_cpu_s;
    parts.push(
      `${PEER_FACTOR}x the peer per post (CPU) ${verdict(x >= PEER_FACTOR)} (${x.toFixed(1)}x)`,
      `${PEER_FACTOR}x the peer batched (CPU) ${verdict(xb >= PEER_FACTOR)} (${xb.toFixed(1)}x)`,
    );
  }
  console.log(`target on ${r.name}: ${parts.join('; ')}`);
}
console.log(`1-minute load average: ${loadStart} at start, ${loadEnd} at end`);
