// `npx tsx bench/cluster-stream.ts`: the event clusterer on the real daily Weibo stream as ingest
// feeds it (one `add` a post, in order, with its near-duplicate group), printing the CPU per post
// every 25,000 posts with the open events and postings, the process's CPU, and a hash of every
// assignment: a speed-up of the clusterer that must not change its decisions is checked by
// running this before and after and comparing the hashes (docs/ALERTS.md § Latency).
// Env: BENCH_POSTS (default 150,000); BENCH_CLUSTERER, a path to another copy of
// event-cluster.ts to load instead (put it beside the original so its imports resolve).
// The posts' analysis (near-duplicate groups) and terms are prepared first, untimed, and kept in
// /tmp/yuqing-cluster-stream-N.json for the next run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as original from '../src/analysis/event-cluster.ts';
import { prepareClusterPost, type ClusterPost } from '../src/analysis/event-cluster.ts';
import { AnalysisPipeline } from '../src/analysis/pipeline.ts';
import { loadStreamPosts } from './analysis-data.ts';

const { EventClusterer } = (await import(
  process.env.BENCH_CLUSTERER
    ? path.resolve(process.env.BENCH_CLUSTERER)
    : '../src/analysis/event-cluster.ts'
)) as typeof original;

const N = Number(process.env.BENCH_POSTS ?? 150_000);
interface Prepared {
  id: string;
  text: string;
  group: string;
  prepared: ReturnType<typeof prepareClusterPost>;
}
const cache = path.join(os.tmpdir(), `yuqing-cluster-stream-${N}.json`);
let posts: Prepared[];
if (fs.existsSync(cache)) posts = JSON.parse(fs.readFileSync(cache, 'utf8')) as Prepared[];
else {
  const pipeline = new AnalysisPipeline({ schemes: [] });
  posts = loadStreamPosts(N).map((p, i) => {
    const a = pipeline.analyse({ id: `p${i}`, text: p.text });
    const prepared = prepareClusterPost({ text: a.analysis });
    return { id: `p${i}`, text: a.analysis, group: a.dup.groupId, prepared };
  });
  fs.writeFileSync(cache, JSON.stringify(posts));
}

const clusterer = new EventClusterer();
const t0 = 1_700_000_000_000;
const hash = createHash('sha256');
let cpu = process.cpuUsage();
const start = process.cpuUsage();
for (let i = 0; i < posts.length; i++) {
  const p = posts[i]!;
  const post: ClusterPost = {
    id: p.id,
    text: p.text,
    time: t0 + i,
    dupGroup: p.group,
    prepared: p.prepared,
  };
  const r = clusterer.add(post);
  hash.update(`${r.event}${r.created ? '+' : ''}\n`);
  if ((i + 1) % 25_000 === 0) {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    console.log(
      `${i + 1} posts: ${Math.round((used.user + used.system) / 25_000)} µs of CPU a post, ` +
        `${clusterer.openEvents} open events`,
    );
  }
}
const used = process.cpuUsage(start);
console.log(`clustering CPU: ${((used.user + used.system) / 1e6).toFixed(1)} s`);
console.log(`assignments hash: ${hash.digest('hex').slice(0, 16)}`);
