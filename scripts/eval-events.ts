// `npm run eval:events`: the online event clusterer (src/analysis/event-cluster.ts) on the
// event-clustering dev sets of ../shared/data/events-eval (see its README): B-cubed precision,
// recall and F1 per file and their mean, beside two references computed in the same run:
// everything in one cluster, and scikit-learn MiniBatchKMeans on character-bigram TF-IDF told
// the true number of clusters (scripts/peer/kmeans_peer.py, run with Debian's /usr/bin/python3
// or EVENTS_PEER_PYTHON). Exits non-zero when our mean F1 does not beat the peer's.
//
// Options: --no-peer; --files REGEX (only matching file names); --batch N (posts per
// addBatch call; default 1: add() post by post, as the ingest service and yuqing cluster do); --set NAME=VALUE (a
// clusterer option, repeatable, for trying parameters; the committed defaults are what
// docs/EVENTS.md reports).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bcubed, type BCubed } from '../src/analysis/event-bcubed.ts';
import {
  DEFAULT_CLUSTER_OPTIONS,
  EventClusterer,
  type ClusterOptions,
  type ClusterPost,
} from '../src/analysis/event-cluster.ts';
import { epochMs } from '../src/analysis/event-time.ts';
import { analysisText } from '../src/analysis/normalise.ts';
import { defaultSegmenter } from '../src/analysis/segment.ts';

const DIR = path.resolve(import.meta.dirname, '../../shared/data/events-eval');
const PEER = path.resolve(import.meta.dirname, 'peer/kmeans_peer.py');
/** Posts between two calls of expire(), as a long-running consumer would do it. */
const EXPIRE_EVERY = 500;

interface Row {
  id: string;
  text: string;
  time: number | undefined;
  gold: string;
}

const { values } = parseArgs({
  options: {
    'no-peer': { type: 'boolean', default: false },
    files: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
    batch: { type: 'string', default: '1' },
  },
});

if (!existsSync(DIR)) {
  console.log(`${DIR} is missing: the evaluation needs ../shared/data (see its README); skipped.`);
  process.exit(0);
}

const overrides: Record<string, number | string> = {};
for (const s of values.set) {
  const [name, value] = s.split('=');
  const known = name !== undefined && name in DEFAULT_CLUSTER_OPTIONS;
  const ok =
    known &&
    value !== undefined &&
    (name === 'model' ? /^(?:dmm|tfidf)$/u.test(value) : Number.isFinite(+value));
  if (!ok) {
    const names = Object.keys(DEFAULT_CLUSTER_OPTIONS).join(', ');
    console.error(`--set ${s}: expected NAME=VALUE, NAME one of ${names} (model: dmm or tfidf)`);
    process.exit(2);
  }
  overrides[name] = name === 'model' ? value : Number(value);
}
const options = { ...DEFAULT_CLUSTER_OPTIONS, ...overrides } as Omit<
  ClusterOptions,
  'newId' | 'segmenter'
>;

const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error(`--batch ${values.batch}: expected a whole number of posts, at least 1`);
  process.exit(2);
}

const filter = values.files === undefined ? undefined : new RegExp(values.files, 'u');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ndjson') && (!filter || filter.test(f)))
  .sort();

function readRows(file: string): Row[] {
  return readFileSync(path.join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { id: string; text: string; time?: number | string; gold: string };
      return {
        id: String(r.id),
        text: analysisText({ text: r.text }),
        time: r.time === undefined ? undefined : epochMs(r.time),
        gold: String(r.gold),
      };
    });
}

function findPython(): string | undefined {
  for (const candidate of [process.env.EVENTS_PEER_PYTHON, '/usr/bin/python3']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['-c', 'import sklearn'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** Runs the peer on all files in the background (it uses the other core); labels per file. */
function startPeer(python: string): Promise<Map<string, number[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [PEER, ...files.map((f) => path.join(DIR, f))], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PYTHONWARNINGS: 'ignore' },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the k-means peer exited with ${code}`));
      const labels = new Map<string, number[]>();
      for (const line of out.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { path: string; labels: number[] };
        labels.set(path.basename(r.path), r.labels);
      }
      resolve(labels);
    });
  });
}

const python = values['no-peer'] ? undefined : findPython();
if (!values['no-peer'] && python === undefined) {
  console.log(
    'the k-means peer is skipped: /usr/bin/python3 has no scikit-learn (python3-sklearn)',
  );
}
const peerRun = python === undefined ? undefined : startPeer(python);

// Jieba's dictionary loads once per process; not part of the clustering time.
defaultSegmenter();

interface FileResult {
  file: string;
  posts: number;
  gold: number;
  events: number;
  ours: BCubed;
  one: BCubed;
  peer: BCubed | undefined;
}

const results: FileResult[] = [];
let clusterCpuMs = 0;
let clusterWallMs = 0;
let totalPosts = 0;
for (const file of files) {
  const rows = readRows(file);
  const clusterer = new EventClusterer(options);
  const predicted: string[] = [];
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const posts = batch.map((r) => ({ id: r.id, text: r.text, time: r.time }));
    const decided =
      batchSize === 1 ? [clusterer.add(posts[0] as ClusterPost)] : clusterer.addBatch(posts);
    for (const d of decided) predicted.push(d.event);
    const end = start + batch.length;
    const last = batch[batch.length - 1]?.time;
    if (last !== undefined && Math.floor(end / EXPIRE_EVERY) > Math.floor(start / EXPIRE_EVERY)) {
      clusterer.expire(last);
    }
  }
  const used = process.cpuUsage(cpu);
  clusterCpuMs += (used.user + used.system) / 1000;
  clusterWallMs += performance.now() - wall;
  totalPosts += rows.length;
  const gold = rows.map((r) => r.gold);
  results.push({
    file,
    posts: rows.length,
    gold: new Set(gold).size,
    events: new Set(predicted).size,
    ours: bcubed(predicted, gold),
    one: bcubed(
      rows.map(() => 'all'),
      gold,
    ),
    peer: undefined,
  });
}

const peerLabels = peerRun ? await peerRun : undefined;
if (peerLabels) {
  for (const r of results) {
    const labels = peerLabels.get(r.file);
    if (!labels) continue;
    const gold = readFileSync(path.join(DIR, r.file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => String((JSON.parse(l) as { gold: string }).gold));
    r.peer = bcubed(labels.map(String), gold);
  }
}

const f3 = (x: number) => x.toFixed(3);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

console.log(
  `batch=${batchSize} options: ${Object.entries(options)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')}`,
);
console.log(
  `${pad('file', 24)}${lpad('posts', 6)}${lpad('gold', 5)}${lpad('events', 7)}   ` +
    `${lpad('P', 6)}${lpad('R', 6)}${lpad('F1', 6)}   ${lpad('one', 6)}${lpad('k-means', 8)}`,
);
for (const r of results) {
  console.log(
    `${pad(r.file, 24)}${lpad(String(r.posts), 6)}${lpad(String(r.gold), 5)}${lpad(String(r.events), 7)}   ` +
      `${lpad(f3(r.ours.precision), 6)}${lpad(f3(r.ours.recall), 6)}${lpad(f3(r.ours.f1), 6)}   ` +
      `${lpad(f3(r.one.f1), 6)}${lpad(r.peer ? f3(r.peer.f1) : '-', 8)}`,
  );
}

function summary(label: string, rs: FileResult[]): number {
  const ours = mean(rs.map((r) => r.ours.f1));
  const peers = rs.map((r) => r.peer?.f1).filter((x): x is number => x !== undefined);
  console.log(
    `${pad(`mean (${label}, ${rs.length})`, 42)}   ` +
      `${lpad(f3(mean(rs.map((r) => r.ours.precision))), 6)}` +
      `${lpad(f3(mean(rs.map((r) => r.ours.recall))), 6)}${lpad(f3(ours), 6)}   ` +
      `${lpad(f3(mean(rs.map((r) => r.one.f1))), 6)}` +
      `${lpad(peers.length === rs.length ? f3(mean(peers)) : '-', 8)}`,
  );
  return ours;
}
const days = results.filter((r) => r.file.startsWith('day-'));
const threads = results.filter((r) => r.file.startsWith('threads-'));
if (days.length > 0) summary('day files', days);
if (threads.length > 0) summary('threads files', threads);
const oursMean = summary('all', results);
console.log(
  `throughput: ${Math.round(totalPosts / (clusterCpuMs / 1000))} posts/s by CPU time, ` +
    `${Math.round(totalPosts / (clusterWallMs / 1000))} posts/s wall-clock (${totalPosts} posts, ` +
    'one process; segmentation included, text normalisation not)',
);

if (peerLabels && results.every((r) => r.peer)) {
  const peerMean = mean(results.map((r) => (r.peer as BCubed).f1));
  if (oursMean <= peerMean) {
    console.error(`our mean F1 ${f3(oursMean)} does not beat the k-means peer's ${f3(peerMean)}`);
    process.exit(1);
  }
  console.log(`ours beats the k-means peer: ${f3(oursMean)} > ${f3(peerMean)}`);
}
