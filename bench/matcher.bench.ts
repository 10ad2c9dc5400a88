// `npx tsx bench/matcher.bench.ts` (also the last part of `npm run bench:analysis`): throughput of
// the scheme matcher (src/analysis/scheme-matcher.ts) on one core, on the real daily Weibo stream
// of ../shared/data/stream/covid19_weibo_daily (COVID-19-Weibo-data, all 16 day files), with
// 10,000 and 1,000 generated schemes whose terms are real words of that stream. In the same run
// the naive peer (scheme-matcher-naive.ts: every scheme walked on every post with indexOf; trees
// parsed and terms folded beforehand, so only evaluation is timed) on a subset of the posts,
// with its figures extrapolated; both must find the same matches there.
//
// Throughput counts UTF-8 bytes of post text per CPU second of this single-threaded process
// (wall-clock figures are printed beside them; they are lower when the machine is shared).
// Folding the posts (prepareDoc: full-width, script, case) is measured once, apart: it does not
// depend on the schemes.
//
// Env: BENCH_NAIVE_POSTS (default 1000) posts for the naive peer, BENCH_SEED (default 1),
// BENCH_MATCH_SECONDS (default 30) bound of each timed matcher pass.
import fs from 'node:fs';
import os from 'node:os';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { compileSchemes, prepareDoc, type PreparedDoc } from '../src/analysis/scheme-matcher.ts';
import { foldScheme, naiveEvaluate } from '../src/analysis/scheme-matcher-naive.ts';
import { parseScheme, type SchemeNode } from '../src/domain/scheme-language.ts';
import { loadStreamPosts, rng, STREAM, type StreamPost } from './analysis-data.ts';

const DIR = STREAM;
const NAIVE_POSTS = Number(process.env.BENCH_NAIVE_POSTS ?? 1000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
/** Bound of one timed matcher pass, so a slow machine still finishes in a few minutes. */
const MATCH_SECONDS = Number(process.env.BENCH_MATCH_SECONDS ?? 30);

type Post = StreamPost;

function loadPosts(): Post[] {
  if (!fs.existsSync(DIR)) {
    console.error(`bench: ${DIR} is missing; the matcher benchmark needs ../shared/data`);
    process.exit(2);
  }
  return loadStreamPosts();
}

interface Vocabulary {
  /** Words (jieba) of a sample of posts, most frequent first. */
  words: string[];
  /** Two words that follow each other in a post, together at least four characters. */
  phrases: string[];
}

const WORD = /^(?:\p{Script=Han}{2,8}|[A-Za-z][A-Za-z0-9]{1,11})$/u;

/** What analysts would type: real words of the stream, and real two-word phrases. */
function vocabulary(posts: readonly Post[], random: () => number): Vocabulary {
  const jieba = Jieba.withDict(dict);
  const counts = new Map<string, number>();
  const phrases = new Set<string>();
  for (let k = 0; k < 20_000; k++) {
    const post = posts[Math.floor(random() * posts.length)]!;
    const tokens = jieba.cut(post.text, true);
    tokens.forEach((w, i) => {
      if (!WORD.test(w)) return;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      const next = tokens[i + 1];
      if (next !== undefined && WORD.test(next) && w.length + next.length >= 4 && random() < 0.1) {
        phrases.add(w + next);
      }
    });
  }
  const words = [...counts.entries()]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  return { words, phrases: [...phrases].sort() };
}

/**
 * Schemes shaped like real ones: a specific part (a less common word, an OR of such words, a
 * real two-word phrase, a NEAR of two words, a title-scoped group), usually narrowed by context
 * words (any frequency: 武汉, 肺炎 are in many schemes, as they would be), often with an
 * exclusion, sometimes with an alternative branch. Clauses are shuffled, so the matcher cannot
 * rely on the specific part coming first.
 */
function generateSchemes(count: number, vocab: Vocabulary, random: () => number): string[] {
  const { words, phrases } = vocab;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  /** Rank 150 and below: specific enough to monitor. */
  const specific = () => words[150 + Math.floor(random() * Math.min(8000, words.length - 150))]!;
  /** Log-uniform rank: frequent words often, rare ones too. */
  const context = () => words[Math.floor(Math.exp(random() * Math.log(3000)))]!;
  const group = (n: number, w: () => string) =>
    `(${[...new Set(Array.from({ length: n }, w))].join(' | ')})`;
  const anchor = (): string => {
    const r = random();
    if (r < 0.4) return specific();
    if (r < 0.65) return group(2 + Math.floor(random() * 3), specific);
    if (r < 0.8) return `"${pick(phrases)}"`;
    if (r < 0.92) return `NEAR/${pick([2, 3, 5, 10, 20])}(${context()}, ${specific()})`;
    return `title:${group(2, specific)}`;
  };
  const clauses = (): string => {
    const parts = [anchor()];
    const extra = random() < 0.6 ? 1 + Math.floor(random() * 2) : 0;
    for (let i = 0; i < extra; i++) {
      parts.push(random() < 0.7 ? context() : group(2 + Math.floor(random() * 2), context));
    }
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    }
    return parts.join(' ');
  };
  const schemes: string[] = [];
  while (schemes.length < count) {
    let q = clauses();
    if (random() < 0.1) q = `(${q}) | (${clauses()})`;
    if (random() < 0.3) q += ` -${random() < 0.6 ? specific() : group(2, specific)}`;
    if (random() < 0.05) q += ' -source:广告';
    if (parseScheme(q).ok) schemes.push(q);
  }
  return schemes;
}

function utf8Bytes(posts: readonly Post[]): number {
  let bytes = 0;
  for (const p of posts) bytes += Buffer.byteLength(p.text, 'utf8');
  return bytes;
}

/**
 * CPU seconds of this process since `from`. Throughput is computed from CPU time rather than
 * wall time: the machine may be shared (CI, other jobs), and waiting for a core is not the
 * matcher's cost. The work is single-threaded; wall time is reported beside it.
 */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Row {
  schemes: number;
  compileMs: number;
  terms: number;
  nodes: number;
  /** Posts of the timed pass (all, unless it was cut short). */
  posts: number;
  /** Per CPU second. */
  postsPerSec: number;
  /** Per wall-clock second, for comparison (lower when the machine is shared). */
  wallPostsPerSec: number;
  naiveWallPostsPerSec: number;
  mbPerSec: number;
  matchesPerPost: number;
  naiveCompileMs: number;
  naivePostsPerSec: number;
  naiveMbPerSec: number;
  subsetMatches: number;
  naiveSubsetMatches: number;
  agree: boolean;
}

function run(
  queries: readonly string[],
  docs: readonly PreparedDoc[],
  bytesOf: readonly number[],
  subset: readonly number[],
  subsetBytes: number,
): Row {
  const schemes = queries.map((query, i) => ({ id: String(i), query }));
  let t = performance.now();
  const compiled = compileSchemes(schemes);
  const compileMs = performance.now() - t;
  if (compiled.errors.size > 0) throw new Error('generated schemes must all be valid');

  // Warm-up, then one timed pass over every post (cut short after MATCH_SECONDS).
  for (let i = 0; i < 5000 && i < docs.length; i++) compiled.match(docs[i]!);
  let matches = 0;
  let done = 0;
  let doneBytes = 0;
  t = performance.now();
  let cpu = process.cpuUsage();
  for (const d of docs) {
    matches += compiled.match(d).length;
    doneBytes += bytesOf[done]!;
    done++;
    if ((done & 1023) === 0 && performance.now() - t > MATCH_SECONDS * 1000) break;
  }
  const matchSec = cpuSeconds(cpu);
  const matchWallSec = (performance.now() - t) / 1000;

  // The naive peer: trees parsed and terms folded once, then every scheme on every post.
  t = performance.now();
  const trees: SchemeNode[] = queries.map((q) => {
    const r = parseScheme(q);
    if (!r.ok) throw new Error(q);
    return foldScheme(r.ast);
  });
  const naiveCompileMs = performance.now() - t;
  const naiveIds: string[][] = [];
  let naiveMatches = 0;
  t = performance.now();
  cpu = process.cpuUsage();
  for (const k of subset) {
    const d = docs[k]!;
    const ids: string[] = [];
    for (let s = 0; s < trees.length; s++) if (naiveEvaluate(trees[s]!, d)) ids.push(String(s));
    naiveMatches += ids.length;
    naiveIds.push(ids);
  }
  const naiveSec = cpuSeconds(cpu);
  const naiveWallSec = (performance.now() - t) / 1000;
  let subsetMatches = 0;
  let agree = true;
  subset.forEach((k, i) => {
    const ids = compiled.match(docs[k]!);
    subsetMatches += ids.length;
    if (ids.join() !== naiveIds[i]!.join()) agree = false;
  });

  return {
    schemes: queries.length,
    compileMs,
    terms: compiled.termCount,
    nodes: compiled.automatonSize,
    posts: done,
    wallPostsPerSec: done / matchWallSec,
    naiveWallPostsPerSec: subset.length / naiveWallSec,
    postsPerSec: done / matchSec,
    mbPerSec: doneBytes / 1e6 / matchSec,
    matchesPerPost: matches / done,
    naiveCompileMs,
    naivePostsPerSec: subset.length / naiveSec,
    naiveMbPerSec: subsetBytes / 1e6 / naiveSec,
    subsetMatches,
    naiveSubsetMatches: naiveMatches,
    agree,
  };
}

function main(): void {
  const started = performance.now();
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${os.platform()} ${os.arch()}, ` +
      `Node ${process.version}; one core used`,
  );

  let t = performance.now();
  const posts = loadPosts();
  const bytesOf = posts.map((p) => Buffer.byteLength(p.text, 'utf8'));
  const bytes = bytesOf.reduce((a, b) => a + b, 0);
  console.log(
    `corpus: ${fmt(posts.length)} posts, ${fmt(bytes / 1e6, 1)} MB UTF-8 text ` +
      `(covid19_weibo_daily, 16 days), read in ${fmt(performance.now() - t)} ms`,
  );

  const prepCpu = process.cpuUsage();
  const docs = posts.map((p) =>
    prepareDoc({ text: p.text, author: p.userid, source: '新浪微博', region: '' }),
  );
  const prepSec = cpuSeconds(prepCpu);
  console.log(
    `prepareDoc (fold width, script, case; once per post): ${fmt(posts.length / prepSec)} posts/s, ` +
      `${fmt(bytes / 1e6 / prepSec, 1)} MB/s`,
  );

  const random = rng(SEED);
  t = performance.now();
  const vocab = vocabulary(posts, random);
  const queries = generateSchemes(10_000, vocab, random);
  console.log(
    `schemes: 10,000 generated from ${fmt(vocab.words.length)} real words and ` +
      `${fmt(vocab.phrases.length)} phrases in ` +
      `${fmt(performance.now() - t)} ms, e.g.\n  ${queries.slice(0, 6).join('\n  ')}`,
  );

  // The naive subset: posts spread evenly over the days.
  const step = Math.max(1, Math.floor(posts.length / NAIVE_POSTS));
  const subset = Array.from({ length: Math.min(NAIVE_POSTS, posts.length) }, (_, i) => i * step);
  const subsetBytes = utf8Bytes(subset.map((k) => posts[k]!));

  const rows = [
    run(queries, docs, bytesOf, subset, subsetBytes),
    run(queries.slice(0, 1000), docs, bytesOf, subset, subsetBytes),
  ];

  const header = [
    'schemes',
    'compile ms',
    'terms',
    'AC nodes',
    'posts/s',
    'MB/s',
    'matches/post',
    `naive posts/s*`,
    'naive MB/s*',
    'speed-up',
    `subset matches (compiled / naive)`,
  ];
  const table = rows.map((r) => [
    fmt(r.schemes),
    fmt(r.compileMs),
    fmt(r.terms),
    fmt(r.nodes),
    fmt(r.postsPerSec),
    fmt(r.mbPerSec, 2),
    fmt(r.matchesPerPost, 2),
    fmt(r.naivePostsPerSec),
    fmt(r.naiveMbPerSec, 3),
    `${fmt(r.postsPerSec / r.naivePostsPerSec)}x`,
    `${fmt(r.subsetMatches)} / ${fmt(r.naiveSubsetMatches)} ${r.agree ? 'same' : 'DIFFERENT'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log(
    `\n* naive peer on ${fmt(subset.length)} of the posts (${fmt(subsetBytes / 1e6, 2)} MB), ` +
      `extrapolated; its parse+fold of the schemes beforehand took ` +
      `${rows.map((r) => `${fmt(r.naiveCompileMs)} ms`).join(' / ')}, not counted.`,
  );
  console.log(
    `posts/s and MB/s per CPU second of this (single-threaded) process; per wall-clock ` +
      `second: ${rows.map((r) => `${fmt(r.wallPostsPerSec)} / naive ${fmt(r.naiveWallPostsPerSec)}`).join(', ')} ` +
      `posts/s (load average ${os
        .loadavg()
        .map((x) => fmt(x, 1))
        .join(' ')} on ${cpus.length} CPUs).\n` +
      `matcher timings: one pass over ${rows.map((r) => fmt(r.posts)).join(' / ')} of the ` +
      `${fmt(posts.length)} prepared posts after a warm-up; ` +
      `peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB; ` +
      `total ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  if (!rows.every((r) => r.agree)) {
    console.error('bench: the compiled and the naive matcher disagree on the subset');
    process.exitCode = 1;
  }
}

main();
