// `npx tsx bench/analysis-pipeline.ts`: only the whole per-post pipeline of
// bench/analysis.bench.ts (same posts, same schemes), several passes, each with a fresh pipeline,
// reported per wall second and per CPU second of this process. Quicker than the full benchmark
// for comparing two versions of a stage on a shared machine, and the script to profile:
// `node --import tsx --cpu-prof bench/analysis-pipeline.ts`.
// Env: BENCH_POSTS (default 50,000), BENCH_PASSES (default 5), BENCH_CORPUS (`rumdect`, the
// default: the repost threads; `covid`: the ordinary posts of the daily COVID-19 stream).
import { AnalysisPipeline } from '../src/analysis/pipeline.ts';
import { loadStreamPosts, loadThreadPosts, makeSchemes } from './analysis-data.ts';

const limit = Number(process.env.BENCH_POSTS ?? 50_000);
const corpus = process.env.BENCH_CORPUS ?? 'rumdect';
if (corpus !== 'rumdect' && corpus !== 'covid') {
  console.error(`bench: BENCH_CORPUS is rumdect or covid, not ${corpus}`);
  process.exit(2);
}
const posts =
  corpus === 'covid'
    ? loadStreamPosts(limit).map((p, i) => ({ id: `covid-${i}`, text: p.text }))
    : loadThreadPosts(limit);
const schemes = makeSchemes(posts, 1000);
const passes = Number(process.env.BENCH_PASSES ?? 5);

const warm = new AnalysisPipeline({ schemes });
for (const p of posts.slice(0, 2000)) warm.analyse(p);

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const cpuRates: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  const pipeline = new AnalysisPipeline({ schemes });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const p of posts) pipeline.analyse(p);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  cpuRates.push(posts.length / cpu);
  console.log(
    `pass ${pass + 1}: ${fmt(posts.length / wall)} posts/s wall, ${fmt(posts.length / cpu)} per CPU second`,
  );
}
cpuRates.sort((a, b) => a - b);
console.log(`median per CPU second: ${fmt(cpuRates[Math.floor(cpuRates.length / 2)]!)}`);
