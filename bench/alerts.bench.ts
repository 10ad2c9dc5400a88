// `npm run bench:alerts`: the time from a post's ingest request to its alert's webhook.
//
// A load generator pushes real Weibo posts (the COVID-19 daily stream, repeated with new ids when
// it runs out) through POST /api/v1/ingest at BENCH_RATE posts/s (default 1,000) in requests of
// BENCH_BATCH posts (default 50, so one request every 50 ms, open loop: a request does not wait
// for the one before; at most 64 in flight, a batch due beyond that is skipped and counted), for
// BENCH_SECONDS (default 300). The server runs in its own process (bench/alerts-server.ts) on a
// fresh embedded SQLite store in a temp folder, set up over the API as admin: an ingest token, a
// scheme `yqbench`, a signed webhook channel to the receiver, one rule on that scheme.
//
// BENCH_MATCH_SHARE of the posts (default 0.01: one in every other request of 50) are matching
// posts: `YQBENCH<n> ` before a real story of its own (a rumour-event source post of the Weibo
// rumour dataset, then weibo_senti_dev posts; retold versions of one story left out), so each
// starts a new event and fires its own alert, titled by it. The webhook receiver (loopback, in
// this process) checks every signature, takes the marker from the title (or, for an alert of an
// event the post joined, from the alert's evidence via GET /api/v1/alerts/:id), and the latency
// is arrival - the time the request carrying the post was sent (performance.now(), here). A
// matching post that joined an event already alerted gets no webhook of its own (one alert per
// event): counted as merged, not as lost; the store says why each missing one is missing.
//
// The peer, in the same run: the same load against a second fresh server whose dispatcher sends
// only on its 1-second timer (`wakeOnIngest: false`: the polling design of most alerting tools),
// for BENCH_PEER_SECONDS (default 60; 0 skips it); the table also gives both over their first
// BENCH_PEER_SECONDS; BENCH_PEER_FIRST=1 runs the peer first. The first BENCH_WARMUP_SECONDS
// (default 3) of each phase carry no matching post and are not counted. BENCH_CPU_PROF=/dir
// (outside the repo) writes V8 CPU profiles of the servers there and prints their top functions.
// Nothing is written into the repo; the temp folders go at the end, on Ctrl-C too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { verifyWebhookSignature } from '../src/notify/signing.ts';
import type { BenchMessage, ServerMessage, ServerStats } from './alerts-server.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data');
const SERVER = path.resolve(import.meta.dirname, 'alerts-server.ts');
const env = (name: string, fallback: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`bench: ${name} must be a number >= 0 (got ${v})`);
    process.exit(2);
  }
  return n;
};
const SECONDS = env('BENCH_SECONDS', 300);
const PEER_SECONDS = env('BENCH_PEER_SECONDS', 60);
const RATE = env('BENCH_RATE', 1000);
const BATCH = Math.max(1, Math.round(env('BENCH_BATCH', 50)));
const SHARE = env('BENCH_MATCH_SHARE', 0.01);
const WARMUP = env('BENCH_WARMUP_SECONDS', 3);
/** BENCH_PEER_FIRST=1: the peer runs first (to see whether the order matters on a busy box). */
const PEER_FIRST = process.env.BENCH_PEER_FIRST === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const REPO = path.resolve(import.meta.dirname, '..');
if (CPU_PROF && !path.relative(REPO, CPU_PROF).startsWith('..')) {
  console.error(`bench: BENCH_CPU_PROF must be outside the repository (${REPO})`);
  process.exit(2);
}
const TARGET_MS = 1000;
/** Own words a matching post's story needs at least (longer posts start their own event). */
const STORY_MIN_CHARS = 40;
/** Share of character bigrams a story may share with an earlier one (more: the same story). */
const STORY_OVERLAP = 0.25;
/** Requests in flight at most; a batch due while that many wait is skipped (and counted). */
const MAX_IN_FLIGHT = 64;
/** After the load: how long to wait for webhooks still to come. */
const DRAIN_QUIET_MS = 10_000;
const DRAIN_MAX_MS = 60_000;
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const SECRET = randomBytes(24).toString('base64url');
const MARKER = /yqbench(\d+)/i;

// ---------------------------------------------------------------------------------------------
// Cleanup: child servers and temp folders go on every exit, Ctrl-C included.

const children = new Set<ChildProcess>();
const temps = new Set<string>();
function cleanup(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  temps.clear();
}
process.on('exit', cleanup);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}: stopping the servers and removing the temp folders`);
    process.exit(code);
  });
}

// ---------------------------------------------------------------------------------------------
// Real posts

interface Post {
  id: string;
  source: string;
  author: string;
  text: string;
}

/** The background: the daily COVID-19 Weibo stream, every post as published. */
function streamPosts(): { author: string; text: string }[] {
  const dir = path.join(DATA, 'stream/covid19_weibo_daily');
  const out: { author: string; text: string }[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const comma = line.indexOf(',');
      const text = line.slice(comma + 1).trim();
      if (comma > 0 && text) out.push({ author: line.slice(0, comma), text });
    }
  }
  return out;
}

/** A post's own words: before the first repost marker, without URLs and hashtags. */
function ownWords(text: string): string {
  const cut = text.search(/\/\/\s?@/u);
  return (cut >= 0 ? text.slice(0, cut) : text)
    .replace(/https?:\/\/\S+/giu, ' ')
    .replace(/#[^#\n]{1,60}#/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Character bigrams of a text's letters, digits and Han characters. */
function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')];
  const out = new Set<string>();
  for (let i = 1; i < chars.length; i++) out.add(chars[i - 1]! + chars[i]!);
  return out;
}

/**
 * Stories of their own for the matching posts: the source posts of the 3,178 rumour events
 * (news-like stories far from the epidemic stream), then posts of weibo_senti_dev; own words
 * (no repost chain, URL or hashtag) of at least STORY_MIN_CHARS characters, and no story sharing
 * STORY_OVERLAP of its character bigrams with one kept before (the rumour set holds the same
 * rumour, retold, under several event ids, and the clusterer rightly makes those one event).
 */
function storyTexts(): { author: string; text: string }[] {
  const out: { author: string; text: string }[] = [];
  const index = new Map<string, number[]>();
  const sizes: number[] = [];
  const add = (author: string, raw: string) => {
    const text = ownWords(raw);
    if ([...text].length < STORY_MIN_CHARS || text.includes('?')) return;
    const grams = bigrams(text);
    const shared = new Map<number, number>();
    for (const g of grams)
      for (const j of index.get(g) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, n] of shared) if (n >= STORY_OVERLAP * Math.min(grams.size, sizes[j]!)) return;
    const id = sizes.length;
    sizes.push(grams.size);
    for (const g of grams) {
      const list = index.get(g);
      if (list) list.push(id);
      else index.set(g, [id]);
    }
    out.push({ author, text });
  };
  for (const line of fs
    .readFileSync(path.join(DATA, 'events/rumdect_events.jsonl'), 'utf8')
    .split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { source?: { uid?: number; text?: string } };
    add(String(r.source?.uid ?? 'unknown'), r.source?.text ?? '');
  }
  const senti = fs
    .readFileSync(path.join(DATA, 'sentiment/weibo_senti_dev.tsv'), 'utf8')
    .split('\n');
  senti.slice(1).forEach((line, i) => add(`senti-${i}`, line.slice(line.indexOf('\t') + 1)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pct(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${Math.round(v)}`);

async function api(
  base: string,
  method: string,
  url: string,
  auth: { cookie?: string; bearer?: string },
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  const res = await fetch(base + url, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    headers: res.headers,
  };
}

function must<T>(r: { status: number; json: unknown }, want: number, what: string): T {
  if (r.status !== want) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as T;
}

// ---------------------------------------------------------------------------------------------
// The server child

interface Server {
  child: ChildProcess;
  base: string;
  dataDir: string;
  stats(): Promise<ServerStats>;
  reset(): void;
  stop(): Promise<void>;
}

async function startServer(label: string, dir: string, timerOnly: boolean): Promise<Server> {
  const dataDir = path.join(dir, 'data');
  const execArgv = ['--import', 'tsx'];
  if (CPU_PROF) {
    // One profile per thread (the tsx loader has its own): the bench reads the largest.
    fs.mkdirSync(path.join(CPU_PROF, label), { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROF, label)}`);
  }
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    YUQING_DATA_DIR: dataDir,
    YUQING_ADMIN_PASSWORD: PASSWORD,
    YUQING_DEMO: '0',
    PORT: '0',
    YUQING_LOG_LEVEL: 'warn',
    YUQING_INGEST_MAX_MB: '10',
    BENCH_TEMP_DIR: dir,
  };
  delete childEnv.DATABASE_URL;
  // Links in the notices, as a deployment has them (the port is only known later).
  childEnv.YUQING_PUBLIC_URL = 'http://127.0.0.1';
  const child = spawn(
    process.execPath,
    [...execArgv, SERVER, ...(timerOnly ? ['--timer-only'] : [])],
    { env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} server: no ready in 120 s`)),
      120_000,
    );
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} server exited (${code}) before it was ready`));
    });
  });
  const send = (m: BenchMessage) => child.send(m);
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    reset: () => send({ type: 'reset' }),
    stats: () =>
      new Promise<ServerStats>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no stats from the server')), 10_000);
        const on = (m: ServerMessage) => {
          if (m.type !== 'stats') return;
          clearTimeout(timer);
          child.off('message', on);
          resolve(m.stats);
        };
        child.on('message', on);
        send({ type: 'stats' });
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The webhook receiver

interface Arrival {
  at: number;
  kind: string;
  title: string;
  alertId: string;
  signatureOk: boolean;
}

async function startReceiver(): Promise<{
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}> {
  const arrivals: Arrival[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks);
      const ts = req.headers['x-yuqing-timestamp'];
      const sig = req.headers['x-yuqing-signature'];
      const signatureOk = verifyWebhookSignature(
        SECRET,
        typeof ts === 'string' ? ts : null,
        body,
        typeof sig === 'string' ? sig : null,
        Math.floor(Date.now() / 1000),
      );
      let notice: { kind?: string; title?: string; alertId?: string } = {};
      try {
        notice = JSON.parse(body.toString('utf8')) as typeof notice;
      } catch {
        // counted as unattributed
      }
      arrivals.push({
        at,
        kind: notice.kind ?? '?',
        title: notice.title ?? '',
        alertId: notice.alertId ?? '',
        signatureOk,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// One phase: a fresh server, setup over the API, warm-up, the load, the drain, the figures.

interface Matching {
  seq: number;
  /** Position in its request's batch. */
  index: number;
  sentAt: number;
  accepted: boolean | null;
  arrivedAt: number | null;
}

interface Diagnosis {
  marker: string;
  reason: string;
  /**
   * It joined an event whose alert another post had fired and delivered: no webhook of its own,
   * by design (one alert per event), so not a lost alert.
   */
  merged: boolean;
}

interface PhaseResult {
  label: string;
  /** Date.now() when the phase began. */
  startedAt: number;
  timerOnly: boolean;
  seconds: number;
  posts: number;
  requests: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  httpErrors: number;
  skippedBatches: number;
  sendWindowS: number;
  matching: number;
  matchingAccepted: number;
  received: number;
  /** Of those, attributed by the marker in the alert title (the rest by the alert's evidence). */
  byTitle: number;
  latencies: number[];
  /** Latencies of the matching posts sent in the first BENCH_PEER_SECONDS of the load. */
  early: number[];
  ingestMs: number[];
  otherWebhooks: Record<string, number>;
  unattributed: number;
  repeated: number;
  badSignatures: number;
  missing: Diagnosis[];
  server: ServerStats;
  queuedToSent: number[];
  alertsInStore: number;
  deliveries: Record<string, number>;
  /** Webhook deliveries tried more than once (or with an error), by their last error. */
  retries: Record<string, number>;
  loadStart: string;
  loadEnd: string;
  benchLoopMs: { p99: number; max: number };
}

async function runPhase(
  label: string,
  seconds: number,
  timerOnly: boolean,
  background: readonly { author: string; text: string }[],
  stories: readonly { author: string; text: string }[],
): Promise<PhaseResult> {
  const startedAt = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yuqing-alerts-${label}-`));
  temps.add(dir);
  console.log(
    `\n[${label}] starting the server (${timerOnly ? 'dispatcher on its 1 s timer only' : 'dispatcher woken by each ingest commit, and its 1 s timer'}), data in ${dir}`,
  );
  const server = await startServer(label, dir, timerOnly);
  const receiver = await startReceiver();
  try {
    // Setup as admin: ingest token, scheme, webhook channel, rule.
    const login = await api(
      server.base,
      'POST',
      '/api/v1/auth/login',
      {},
      {
        username: 'admin',
        password: PASSWORD,
      },
    );
    must(login, 200, 'login');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const create = async <T>(url: string, body: unknown): Promise<T> =>
      must<T>(await api(server.base, 'POST', url, { cookie }, body), 201, `POST ${url}`);
    const { token } = await create<{ token: string }>('/api/v1/tokens', {
      name: 'alert bench',
      scopes: ['ingest'],
    });
    const scheme = await create<{ id: string }>('/api/v1/schemes', {
      name: '压测标记',
      query: 'yqbench',
    });
    await create('/api/v1/alert-channels', {
      name: 'bench webhook',
      config: { kind: 'webhook', url: receiver.url, secret: SECRET },
    });
    await create('/api/v1/alert-rules', {
      name: '压测：标记的新事件',
      severity: 'high',
      conditions: { schemeIds: [scheme.id] },
    });

    const ingestUrl = `${server.base}/api/v1/ingest`;
    let bgNext = 0;
    const nextBackground = (): Post => {
      const p = background[bgNext % background.length]!;
      return { id: `bg-${bgNext++}`, source: 'weibo', author: p.author, text: p.text };
    };
    const matching: Matching[] = [];
    const result = {
      posts: 0,
      requests: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      httpErrors: 0,
      skippedBatches: 0,
      ingestMs: [] as number[],
    };

    const drive = async (secs: number, share: number, counted: boolean) => {
      const interval = (BATCH / RATE) * 1000;
      const batches = Math.round((secs * RATE) / BATCH);
      const inFlight = new Set<Promise<void>>();
      let owed = 0;
      const t0 = performance.now();
      let lastReport = t0;
      for (let k = 0; k < batches; k++) {
        const wait = t0 + k * interval - performance.now();
        if (wait > 1) await sleep(wait);
        if (counted && performance.now() - lastReport >= 30_000) {
          lastReport = performance.now();
          const got = receiver.arrivals.filter((a) => a.kind === 'fired').length;
          console.log(
            `  [${label}] ${Math.round((lastReport - t0) / 1000)} s: ${result.posts} posts sent, ${result.accepted} accepted, ${inFlight.size} requests in flight, ${got} "fired" webhooks for ${matching.length} matching posts, load ${load()}`,
          );
        }
        if (inFlight.size >= MAX_IN_FLIGHT) {
          if (counted) result.skippedBatches++;
          continue;
        }
        const posts: Post[] = [];
        const marks: Matching[] = [];
        owed += BATCH * share;
        for (let i = 0; i < BATCH; i++) {
          if (owed >= 1 && i >= Math.floor(BATCH / 2) - 1) {
            owed -= 1;
            const seq = matching.length + marks.length;
            if (seq === stories.length)
              console.log(`  [${label}] ran out of distinct stories: repeating them now`);
            const s = stories[seq % stories.length]!;
            const marker = `YQBENCH${String(seq).padStart(6, '0')}`;
            posts.push({
              id: `match-${seq}`,
              source: 'weibo',
              author: s.author,
              text: `${marker} ${s.text}`,
            });
            marks.push({ seq, index: i, sentAt: 0, accepted: null, arrivedAt: null });
          } else posts.push(nextBackground());
        }
        const body = posts.map((p) => JSON.stringify(p)).join('\n');
        const sentAt = performance.now();
        for (const m of marks) {
          m.sentAt = sentAt;
          matching.push(m);
        }
        const p = (async () => {
          let rejectedAt: Set<number> | null = null;
          try {
            const res = await fetch(ingestUrl, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
              body,
            });
            const text = await res.text();
            if (counted) {
              result.ingestMs.push(performance.now() - sentAt);
              result.requests++;
              result.posts += posts.length;
            }
            if (res.status === 200) {
              const s = JSON.parse(text) as {
                accepted: number;
                duplicates: number;
                rejected: { index: number }[];
              };
              rejectedAt = new Set(s.rejected.map((x) => x.index));
              if (counted) {
                result.accepted += s.accepted;
                result.duplicates += s.duplicates;
                result.rejected += s.rejected.length;
              }
            } else if (counted) {
              result.httpErrors++;
              if (result.httpErrors <= 3)
                console.log(`  ingest: HTTP ${res.status} ${text.slice(0, 200)}`);
            }
          } catch (err: unknown) {
            if (counted) {
              result.httpErrors++;
              if (result.httpErrors <= 3) console.log(`  ingest failed: ${String(err)}`);
            }
          }
          for (const m of marks) m.accepted = rejectedAt !== null && !rejectedAt.has(m.index);
        })();
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      const sendWindow = (performance.now() - t0) / 1000;
      await Promise.all(inFlight);
      return sendWindow;
    };

    if (WARMUP > 0) {
      console.log(`[${label}] warm-up: ${WARMUP} s of background posts (not counted)`);
      await drive(WARMUP, 0, false);
      await sleep(500);
    }
    server.reset();
    // This process's own loop (generator and receiver): a late timer or a late 'end' event here
    // would count in the latency too.
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    benchLoop.enable();
    const loadStart = load();
    console.log(
      `[${label}] load: ${RATE} posts/s as ${BATCH} posts every ${((BATCH / RATE) * 1000).toFixed(0)} ms for ${seconds} s, ${(SHARE * 100).toFixed(1)} % matching; load average ${loadStart}`,
    );
    const loadStartAt = performance.now();
    const sendWindowS = await drive(seconds, SHARE, true);
    const loadEndAt = performance.now();
    const byMarker = new Map(matching.map((m) => [m.seq, m]));
    const attributed = new Set<number>();
    const otherWebhooks: Record<string, number> = {};
    const firedAlerts = new Set<string>();
    const byEvidence: Arrival[] = [];
    let byTitle = 0;
    let repeated = 0;
    let seen = 0;
    const attribute = (m: Matching, a: Arrival) => {
      attributed.add(m.seq);
      m.arrivedAt = a.at;
    };
    const absorb = () => {
      for (; seen < receiver.arrivals.length; seen++) {
        const a = receiver.arrivals[seen]!;
        if (a.kind !== 'fired') {
          otherWebhooks[a.kind] = (otherWebhooks[a.kind] ?? 0) + 1;
          continue;
        }
        // The same notice again (a retried delivery).
        if (firedAlerts.has(a.alertId)) {
          repeated++;
          continue;
        }
        firedAlerts.add(a.alertId);
        const hit = MARKER.exec(a.title);
        const m = hit ? byMarker.get(Number(hit[1])) : undefined;
        if (m && !attributed.has(m.seq)) {
          attribute(m, a);
          byTitle++;
        } else byEvidence.push(a);
      }
    };
    // Drain: until an alert per accepted matching post is in, or nothing more comes.
    const want = () => matching.filter((m) => m.accepted).length;
    for (;;) {
      absorb();
      const now = performance.now();
      const last = receiver.arrivals.at(-1)?.at ?? loadEndAt;
      if (firedAlerts.size >= want()) break;
      if (now - Math.max(last, loadEndAt) > DRAIN_QUIET_MS || now - loadEndAt > DRAIN_MAX_MS) break;
      await sleep(100);
    }
    absorb();
    // A matching post that joined an event of the background: the alert (titled by the event's
    // first post) is still the one its ingest fired; its evidence holds the post.
    let unattributed = 0;
    for (const a of byEvidence) {
      const detail = await api(server.base, 'GET', `/api/v1/alerts/${a.alertId}`, { cookie });
      const evidence = (detail.json.evidence ?? []) as { text: string }[];
      const seqs = evidence
        .map((e) => MARKER.exec(e.text))
        .filter((h): h is RegExpExecArray => h !== null)
        .map((h) => Number(h[1]))
        .filter((q) => byMarker.has(q) && !attributed.has(q))
        .sort((x, y) => x - y);
      if (seqs.length) attribute(byMarker.get(seqs[0]!)!, a);
      else unattributed++;
    }
    benchLoop.disable();
    const drainEnd = Date.now();
    const loadEnd = load();
    const stats = await server.stats();
    await server.stop();

    // From the store, after the server stopped: how the outbox went, and why a post is missing.
    const db = new SQLite(path.join(server.dataDir, 'yuqing.db'));
    const alertsInStore = (
      db.prepare(`select count(*) as n from alerts where kind = 'event'`).get() as { n: number }
    ).n;
    const deliveries: Record<string, number> = {};
    for (const r of db
      .prepare(
        `select status, count(*) as n from alert_deliveries where channel_kind = 'webhook' group by status`,
      )
      .all() as { status: string; n: number }[])
      deliveries[r.status] = r.n;
    const queuedToSent = (
      db
        .prepare(
          `select created_at, sent_at from alert_deliveries where channel_kind = 'webhook' and sent_at is not null`,
        )
        .all() as { created_at: string; sent_at: string }[]
    ).map((r) => Date.parse(r.sent_at) - Date.parse(r.created_at));
    const retried = db
      .prepare(
        `select attempts, last_error from alert_deliveries where channel_kind = 'webhook' and (attempts > 1 or last_error is not null)`,
      )
      .all() as { attempts: number; last_error: string | null }[];
    const retries: Record<string, number> = {};
    for (const r of retried) {
      const key = (r.last_error ?? '?').replace(/\d+ ms/, 'N ms');
      retries[key] = (retries[key] ?? 0) + 1;
    }
    const explain = db.prepare(
      `select m.id, me.event_id, e.title_mention_id, tm.external_id as title_post,
         a.id as alert_id, a.title as alert_title,
         (select count(*) from mention_schemes s where s.mention_id = m.id) as schemes,
         (select group_concat(d.notice_kind || ':' || d.status, ',') from alert_deliveries d
           where d.alert_id = a.id and d.channel_kind = 'webhook') as sent,
         (select group_concat(d.attempts || ' attempts, last error: ' || coalesce(d.last_error, 'none')
             || ', next try ' || d.due_at, '; ') from alert_deliveries d
           where d.alert_id = a.id and d.channel_kind = 'webhook' and d.status = 'pending') as waiting
       from mentions m
       left join mention_events me on me.mention_id = m.id
       left join events e on e.id = me.event_id
       left join mentions tm on tm.id = e.title_mention_id
       left join alerts a on a.key = 'event:' || me.event_id
       where m.external_id = ?`,
    );
    const missing: Diagnosis[] = [];
    for (const m of matching) {
      if (m.arrivedAt !== null) continue;
      const marker = `YQBENCH${String(m.seq).padStart(6, '0')}`;
      const r = explain.get(`match-${m.seq}`) as
        | {
            id: string;
            event_id: string | null;
            title_mention_id: string | null;
            title_post: string | null;
            alert_id: string | null;
            alert_title: string | null;
            schemes: number;
            sent: string | null;
            waiting: string | null;
          }
        | undefined;
      let reason: string;
      const delivered = (r?.sent ?? '').includes('fired:sent');
      let merged = false;
      if (!r) reason = m.accepted === false ? 'its ingest request failed' : 'not in the store';
      else if (r.schemes === 0) reason = 'stored, but the scheme did not match it';
      else if (!r.event_id) reason = 'stored, in no event';
      else if (r.title_mention_id !== r.id && r.title_post?.startsWith('match-')) {
        merged = delivered;
        reason = `joined the event of another matching post, YQBENCH${r.title_post.slice(6).padStart(6, '0')} (the same story; webhook of that alert: ${r.sent ?? 'none'})`;
      } else if (r.title_mention_id !== r.id) {
        merged = delivered;
        reason = `joined an event of the background ("${(r.alert_title ?? '').slice(0, 30)}") whose alert another matching post fired (webhook ${r.sent ?? 'none'})`;
      } else if (!r.alert_id) reason = 'started its event, but no alert fired';
      else
        reason = `alert fired; webhook deliveries ${r.sent ?? 'none'}${r.waiting ? ` (pending: ${r.waiting}; the drain ended ${new Date(drainEnd).toISOString()})` : ''}`;
      missing.push({ marker, reason, merged });
    }
    db.close();

    const arrived = matching.filter((m) => m.arrivedAt !== null);
    const latencies = arrived.map((m) => m.arrivedAt! - m.sentAt);
    // The same stretch for both servers: posts sent in the first BENCH_PEER_SECONDS of the load.
    const early = arrived
      .filter((m) => m.sentAt - loadStartAt < Math.min(seconds, PEER_SECONDS || seconds) * 1000)
      .map((m) => m.arrivedAt! - m.sentAt);
    return {
      label,
      startedAt,
      timerOnly,
      seconds,
      posts: result.posts,
      requests: result.requests,
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
      httpErrors: result.httpErrors,
      skippedBatches: result.skippedBatches,
      sendWindowS,
      matching: matching.length,
      matchingAccepted: want(),
      received: attributed.size,
      byTitle,
      latencies,
      early,
      ingestMs: result.ingestMs,
      otherWebhooks,
      unattributed,
      repeated,
      badSignatures: receiver.arrivals.filter((a) => !a.signatureOk).length,
      missing,
      server: stats,
      queuedToSent,
      alertsInStore,
      deliveries,
      retries,
      loadStart,
      loadEnd,
      benchLoopMs: { p99: benchLoop.percentile(99) / 1e6, max: benchLoop.max / 1e6 },
    };
  } finally {
    await receiver.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    temps.delete(dir);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function report(results: PhaseResult[]): void {
  const head = results.map((r) =>
    r.timerOnly
      ? 'peer: dispatcher on its 1 s timer only'
      : 'ours: dispatcher woken by each ingest commit',
  );
  const rows: [string, (r: PhaseResult) => string][] = [
    ['load, seconds', (r) => `${r.seconds}`],
    ['posts sent (requests)', (r) => `${r.posts} (${r.requests})`],
    ['achieved post rate, posts/s', (r) => (r.posts / r.sendWindowS).toFixed(0)],
    [
      'accepted / duplicates / rejected / HTTP errors',
      (r) => `${r.accepted} / ${r.duplicates} / ${r.rejected} / ${r.httpErrors}`,
    ],
    ['batches skipped (64 requests in flight)', (r) => `${r.skippedBatches}`],
    ['matching posts sent (accepted)', (r) => `${r.matching} (${r.matchingAccepted})`],
    [
      'alerts received (webhook "fired"): by title marker + by evidence',
      (r) => `${r.received}: ${r.byTitle} + ${r.received - r.byTitle}`,
    ],
    [
      'missing: merged into an event already alerted (by design) / lost',
      (r) => {
        const merged = r.missing.filter((d) => d.merged).length;
        return `${merged} / ${r.missing.length - merged}`;
      },
    ],
    [
      'other webhooks: unattributed / repeated / other kinds',
      (r) =>
        `${r.unattributed} / ${r.repeated} / ${
          Object.entries(r.otherWebhooks)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || '0'
        }`,
    ],
    ['bad signatures', (r) => `${r.badSignatures}`],
    [
      '**ingest request → webhook p50 / p95 / p99 ms**',
      (r) =>
        `**${ms(pct(r.latencies, 0.5))} / ${ms(pct(r.latencies, 0.95))} / ${ms(pct(r.latencies, 0.99))}**`,
    ],
    [
      `the same, posts sent in the first ${Math.min(SECONDS, PEER_SECONDS || SECONDS)} s only: p50 / p99 ms (n)`,
      (r) => `${ms(pct(r.early, 0.5))} / ${ms(pct(r.early, 0.99))} (${r.early.length})`,
    ],
    ['ingest request → webhook max ms', (r) => ms(pct(r.latencies, 1))],
    [
      `p99 ≤ ${TARGET_MS} ms`,
      (r) =>
        pct(r.latencies, 0.99) <= TARGET_MS && r.missing.every((d) => d.merged) ? 'yes' : 'NO',
    ],
    [
      'ingest request latency p50 / p99 ms',
      (r) => `${ms(pct(r.ingestMs, 0.5))} / ${ms(pct(r.ingestMs, 0.99))}`,
    ],
    [
      'server CPU, % of one core (user + system)',
      (r) => ((100 * (r.server.cpuUserMs + r.server.cpuSystemMs)) / r.server.wallMs).toFixed(0),
    ],
    [
      'server main thread busy, % (event-loop utilisation; CPU above counts every thread)',
      (r) => (100 * r.server.mainBusy).toFixed(0),
    ],
    [
      'posts analysed from the worker thread / in the main thread',
      (r) => `${r.server.analysed.worker} / ${r.server.analysed.inThread}`,
    ],
    [
      'bench process (generator, receiver) event-loop delay p99 / max ms',
      (r) => `${r.benchLoopMs.p99.toFixed(0)} / ${r.benchLoopMs.max.toFixed(0)}`,
    ],
    [
      'server CPU ms per accepted post',
      (r) => ((r.server.cpuUserMs + r.server.cpuSystemMs) / Math.max(1, r.accepted)).toFixed(2),
    ],
    [
      'server event-loop delay p50 / p99 / max ms',
      (r) =>
        `${r.server.loopDelayMs.p50.toFixed(0)} / ${r.server.loopDelayMs.p99.toFixed(0)} / ${r.server.loopDelayMs.max.toFixed(0)}`,
    ],
    [
      'server ingest call (waiting for the store included) p50 / p99 / max ms',
      (r) =>
        `${r.server.ingest.p50.toFixed(0)} / ${r.server.ingest.p99.toFixed(0)} / ${r.server.ingest.max.toFixed(0)}`,
    ],
    [
      '  of which alert firing p50 / p99 ms',
      (r) => `${r.server.firing.p50.toFixed(1)} / ${r.server.firing.p99.toFixed(1)}`,
    ],
    [
      'dispatcher sendDue runs, p50 / p99 ms, deliveries',
      (r) =>
        `${r.server.sendDue.count}, ${r.server.sendDue.p50.toFixed(0)} / ${r.server.sendDue.p99.toFixed(0)}, ${r.server.sendDue.attempted}`,
    ],
    [
      "1 s timer's escalateDue calls, p99 ms, most at once",
      (r) =>
        `${r.server.escalateDue.count}, ${r.server.escalateDue.p99.toFixed(0)}, ${r.server.escalateDue.maxConcurrent}`,
    ],
    [
      'webhook queued → sent p50 / p99 ms (server clock)',
      (r) => `${ms(pct(r.queuedToSent, 0.5))} / ${ms(pct(r.queuedToSent, 0.99))}`,
    ],
    [
      'event alerts in the store; webhook deliveries by status',
      (r) =>
        `${r.alertsInStore}; ${Object.entries(r.deliveries)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    ],
    [
      'webhook deliveries retried, by last error',
      (r) =>
        Object.entries(r.retries)
          .map(([k, n]) => `${n} × ${k}`)
          .join('; ') || '0',
    ],
    ['load average 1/5/15 min, start → end', (r) => `${r.loadStart} → ${r.loadEnd}`],
  ];
  console.log(`\n| | ${head.join(' | ')} |`);
  console.log(`|---|${head.map(() => '---:').join('|')}|`);
  for (const [name, f] of rows) console.log(`| ${name} | ${results.map(f).join(' | ')} |`);
  for (const r of results) {
    if (r.missing.length === 0) continue;
    const reasons = new Map<string, number>();
    for (const d of r.missing) {
      const key = d.reason
        .replace(/"[^"]*"/g, '"…"')
        .replace(/YQBENCH\d+/g, 'YQBENCH…')
        .replace(/ \(webhook[^)]*\)|; webhook of that alert[^)]*/g, '');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    console.log(`\n[${r.label}] missing ${r.missing.length}:`);
    for (const [reason, n] of reasons) console.log(`  ${n} × ${reason}`);
    for (const d of r.missing.slice(0, 10)) console.log(`  ${d.marker}: ${d.reason}`);
    if (r.missing.length > 10) console.log(`  … and ${r.missing.length - 10} more`);
  }
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * A V8 CPU profile of a server: the top functions by self time, and the longest stretches the
 * main thread spent without going idle (what held the event loop), with the functions of ours
 * (src/) that took most of each, inclusive.
 */
function profileSummary(file: string, top = 15): void {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const frame = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (f: CpuProfile['nodes'][number]['callFrame']) => {
    const where = f.url
      ? `${f.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map<string, number>();
  let total = 0;
  const runs: { start: number; end: number; at: number; ms: number }[] = [];
  let run: { start: number; end: number; at: number; ms: number } | null = null;
  let clock = 0;
  prof.samples.forEach((id, i) => {
    const f = frame.get(id);
    const dt = prof.timeDeltas[i] ?? 0;
    clock += dt;
    total += dt;
    if (!f) return;
    self.set(name(f), (self.get(name(f)) ?? 0) + dt);
    if (f.functionName === '(idle)') {
      if (run) runs.push(run);
      run = null;
    } else {
      run ??= { start: i, end: i, at: clock, ms: 0 };
      run.end = i;
      run.ms += dt;
    }
  });
  if (run) runs.push(run);
  console.log(`\nCPU profile ${file} (${(total / 1e6).toFixed(1)} s sampled), top self time:`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `  ${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${k}`,
    );
  // Inclusive time of our functions (and the SQLite driver) over the whole profile.
  const ours = (id: number | undefined) => {
    const names = new Set<string>();
    for (; id !== undefined; id = parent.get(id)) {
      const f = frame.get(id);
      if (f && /\/src\/|sqlite-driver|better-sqlite3/.test(f.url)) names.add(name(f));
    }
    return names;
  };
  const inclusiveAll = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    for (const n of ours(id))
      inclusiveAll.set(n, (inclusiveAll.get(n) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  console.log('top inclusive time, our functions and the SQLite driver:');
  for (const [k, t] of [...inclusiveAll].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `  ${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${k}`,
    );
  console.log(
    'longest busy stretches (no idle sample between tasks: the loop never waited), our functions in them:',
  );
  for (const r of runs.sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    const inclusive = new Map<string, number>();
    for (let i = r.start; i <= r.end; i++) {
      const dt = prof.timeDeltas[i] ?? 0;
      for (const n of ours(prof.samples[i])) inclusive.set(n, (inclusive.get(n) ?? 0) + dt);
    }
    console.log(`  ${(r.ms / 1e3).toFixed(0)} ms at ${(r.at / 1e6).toFixed(1)} s:`);
    for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`    ${((100 * t) / r.ms).toFixed(0).padStart(3)} %  ${k}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DATA, 'stream/covid19_weibo_daily'))) {
    console.error(`bench: ${DATA} is missing; the alert benchmark needs ../shared/data`);
    process.exit(2);
  }
  const background = streamPosts();
  const stories = storyTexts();
  const cpus = os.cpus();
  console.log(
    `alert latency benchmark: ${background.length} real posts of the COVID-19 Weibo stream (repeated as needed), ${stories.length} distinct stories for the matching posts (rumour-event sources, then weibo_senti_dev); ${cpus.length} cores (${cpus[0]?.model ?? '?'}), Node ${process.version}, embedded SQLite (WAL, synchronous=FULL); load average ${load()}`,
  );
  const ours = () => runPhase('ours', SECONDS, false, background, stories);
  const peer = () => runPhase('peer', PEER_SECONDS, true, background, stories);
  const results: PhaseResult[] = [];
  if (PEER_SECONDS > 0 && PEER_FIRST) results.push(await peer(), await ours());
  else {
    results.push(await ours());
    if (PEER_SECONDS > 0) results.push(await peer());
  }
  report(results.sort((a, b) => Number(a.timerOnly) - Number(b.timerOnly)));
  if (CPU_PROF) {
    for (const r of results) {
      // The main thread's profile of this run: the largest written since the phase started.
      const dir = path.join(CPU_PROF, r.label);
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => ({ file: path.join(dir, f), stat: fs.statSync(path.join(dir, f)) }))
        .filter((f) => f.stat.mtimeMs >= r.startedAt)
        .sort((a, b) => b.stat.size - a.stat.size);
      if (files[0]) profileSummary(files[0].file);
    }
  }
}

await main();
