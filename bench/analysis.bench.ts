// `npm run bench:analysis` (first half): posts per second of the whole per-post pipeline
// (normalise, segment, 1,000 schemes, near-duplicates, sentiment, regions, risk, keywords) on
// one core, on real Weibo posts (../shared/data/events/rumdect_threads.jsonl), with each stage
// timed alone, and in the same run the Python peer pipeline (python3-jieba + scikit-learn TF-IDF
// logistic regression) on the same posts. Peak memory of both.
//
// Figures per wall second and per CPU second of this process: on a shared machine the wall
// figure drops with the load, the CPU one much less. The whole pipeline runs BENCH_PASSES times
// (default 3), each with a fresh pipeline; the median pass (by CPU time) is reported.
// Env: BENCH_POSTS (default 50,000), BENCH_SCHEMES (default 1,000), BENCH_PEER=0 skips the peer.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analysisText, contentHash } from '../src/analysis/normalise.ts';
import { DuplicateIndex, fingerprint } from '../src/analysis/near-duplicates.ts';
import { AnalysisPipeline } from '../src/analysis/pipeline.ts';
import { compileRegions } from '../src/analysis/regions.ts';
import { compileRisk, DEFAULT_RISK_LEXICON } from '../src/analysis/risk-terms.ts';
import { compileSchemes, prepareDoc } from '../src/analysis/scheme-matcher.ts';
import { createSegmenter } from '../src/analysis/segment.ts';
import { sentiment } from '../src/analysis/sentiment.ts';
import { DATA, loadThreadPosts, makeSchemes, THREADS } from './analysis-data.ts';

const SENTI = path.join(DATA, 'sentiment/weibo_senti_dev.tsv');
const LIMIT = Number(process.env.BENCH_POSTS ?? 50_000);
const SCHEMES = Number(process.env.BENCH_SCHEMES ?? 1000);
const PASSES = Math.max(1, Number(process.env.BENCH_PASSES ?? 3));

if (!fs.existsSync(THREADS) || !fs.existsSync(SENTI)) {
  console.error(`bench: ${DATA} is missing; the analysis benchmark needs ../shared/data`);
  process.exit(2);
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

const posts = loadThreadPosts(LIMIT);
const schemes = makeSchemes(posts, SCHEMES);
console.log(
  `bench:analysis on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), ` +
    `Node ${process.version}; ${fmt(posts.length)} real Weibo posts (rumdect threads), ` +
    `${fmt(schemes.length)} schemes`,
);

// Warm up (dictionary, model, JIT) on a slice, with a pipeline of its own.
const warm = new AnalysisPipeline({ schemes });
for (const p of posts.slice(0, 2000)) warm.analyse(p);

let matched = 0;
/** One pass of the whole pipeline over the posts, with a pipeline of its own. */
function wholePass(): Timing {
  const pipeline = new AnalysisPipeline({ schemes });
  matched = 0;
  return time('whole pipeline', posts.length, () => {
    for (const p of posts) matched += pipeline.analyse(p).schemes.length > 0 ? 1 : 0;
  });
}
const passes = [wholePass()];

// Each stage alone over the same posts (inputs prepared outside the timing where a stage needs
// an earlier stage's output).
const texts = posts.map((p) => analysisText({ text: p.text }));
const seg = createSegmenter();
const compiled = compileSchemes(schemes);
const docs = texts.map((t) => prepareDoc({ text: t }));
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
  time('content hash', posts.length, () => {
    for (const t of texts) contentHash(t);
  }),
];
// Peak memory with what the first pass and the stages hold (the further passes only add garbage).
const ourRss = process.resourceUsage().maxRSS / 1024;
while (passes.length < PASSES) passes.push(wholePass());
const whole = [...passes].sort((a, b) => a.perCpuSecond - b.perCpuSecond)[
  Math.floor(passes.length / 2)
]!;

// The peer: train on weibo_senti_dev (not timed), then time its per-post pipeline.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-bench-'));
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
interface PeerResult {
  posts: number;
  stream_posts: number;
  stream_posts_per_s: number;
  batch_posts_per_s: number;
  peak_rss_mb: number;
}
let peer = null as PeerResult | null;
if (process.env.BENCH_PEER !== '0') {
  try {
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
    peer = JSON.parse(out.trim().split('\n').at(-1)!) as PeerResult;
  } catch (e) {
    console.error(
      `peer not measured (needs Debian's python3-sklearn and python3-jieba): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
fs.rmSync(tmp, { recursive: true, force: true });

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
    `| Python peer, per post (jieba.lcut + TF-IDF LR predict), first ${fmt(peer.stream_posts)} posts | ${fmt(peer.stream_posts_per_s)} | |`,
  );
  console.log(
    `| Python peer, batched (jieba.lcut each, one vectorise + predict call) | ${fmt(peer.batch_posts_per_s)} | |`,
  );
}
console.log('');
console.log(`posts matching at least one scheme: ${fmt(matched)} of ${fmt(posts.length)}`);
if (peer) {
  console.log(
    `ratio (wall to wall): ${(whole.perSecond / peer.stream_posts_per_s).toFixed(1)}x the peer per post, ` +
      `${(whole.perSecond / peer.batch_posts_per_s).toFixed(1)}x the peer batched`,
  );
}
console.log(
  `peak memory (max RSS): Yuqing ${fmt(ourRss)} MB (this whole benchmark process)` +
    (peer ? `, Python peer ${fmt(peer.peak_rss_mb)} MB` : ''),
);
