// `npm run bench:dashboard`: loads BENCH_MENTIONS (default 1,000,000) real Weibo posts through
// the whole arrival path (normalise, analyse, cluster into events, count the volume buckets) into
// an embedded SQLite store, spread over the last 30 days, then measures the latency of the
// dashboard API over HTTP on loopback (p50, p99 of sequential requests). The peer, measured in
// the same run on the same store: the same dashboard figures computed straight from the mention
// tables with GROUP BY (what a store without the volume buckets would have to do).
// BENCH_DB=/path/yuqing.db keeps the loaded store there and, when it already holds the mentions,
// measures again without loading (to compare code changes on the same data).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { bootstrap } from '../src/bootstrap.ts';
import { IngestService } from '../src/ingest/ingest.service.ts';
import { buildApp } from '../src/server/app.ts';
import { AnalysisService } from '../src/services/analysis.service.ts';
import { SYSTEM } from '../src/services/context.ts';
import type { ServiceDeps } from '../src/services/context.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { OrgRepository } from '../src/store/org.repository.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data');
const TOTAL = Number(process.env.BENCH_MENTIONS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const DAY = 86_400_000;

interface Post {
  id: string;
  source: string;
  author?: string;
  text: string;
  parent_id?: string;
  metrics?: { reposts?: number; comments?: number; followers?: number };
}

/** Real posts: the rumour threads (with repost trees) and the daily COVID-19 Weibo stream. */
function realPosts(): Post[] {
  const threads = path.join(DATA, 'events/rumdect_threads.jsonl');
  const stream = path.join(DATA, 'stream/covid19_weibo_daily');
  if (!fs.existsSync(threads) || !fs.existsSync(stream)) {
    console.error(`bench: ${DATA} is missing; the dashboard benchmark needs ../shared/data`);
    process.exit(2);
  }
  const posts: Post[] = [];
  for (const line of fs.readFileSync(threads, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      mid: string;
      parent: string | null;
      uid: number;
      text: string;
      reposts_count: number;
      comments_count: number;
      followers_count: number;
    };
    if (!r.text?.trim()) continue;
    posts.push({
      id: r.mid,
      source: 'weibo',
      author: String(r.uid),
      text: r.text,
      ...(r.parent ? { parent_id: r.parent } : {}),
      metrics: {
        reposts: r.reposts_count,
        comments: r.comments_count,
        followers: r.followers_count,
      },
    });
  }
  for (const file of fs.readdirSync(stream).sort()) {
    const lines = fs.readFileSync(path.join(stream, file), 'utf8').split('\n').slice(1);
    lines.forEach((line, i) => {
      const comma = line.indexOf(',');
      const text = line.slice(comma + 1).trim();
      if (comma < 0 || !text) return;
      posts.push({ id: `${file}-${i}`, source: 'weibo-stream', text });
    });
  }
  return posts;
}

async function timed(n: number, f: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main() {
  const keep = process.env.BENCH_DB;
  const base = keep ? path.dirname(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'yuqing-dash-'));
  const store = await openStore({ sqliteFile: keep ?? path.join(base, 'yuqing.db') });
  const deps = { store, now: () => new Date(), sessionHours: 12 };
  await bootstrap(deps, { adminPassword: 'bench-admin-password', demo: false });
  const root = await new OrgRepository(store.db).rootUnit();
  if (!root) throw new Error('no root unit');
  const stored = await store.db
    .selectFrom('mentions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(stored.n) >= TOTAL) {
    console.log(`store ${keep ?? ''} holds ${Number(stored.n)} mentions already: not loading`);
    await measure(store, deps);
    return;
  }
  await load(store, deps, root.id);
  await measure(store, deps);
  if (!keep) fs.rmSync(base, { recursive: true, force: true });
}

async function load(store: Store, deps: ServiceDeps, unitId: string) {
  const now = Date.now();

  const posts = realPosts();
  console.log(`posts: ${posts.length} real, repeated to ${TOTAL} mentions over 30 days`);
  const ingest = new IngestService(deps, new AnalysisService(deps));
  const t0 = performance.now();
  const batch = 1000;
  for (let start = 0; start < TOTAL; start += batch) {
    const items = [];
    for (let i = start; i < Math.min(TOTAL, start + batch); i++) {
      const p = posts[i % posts.length]!;
      const round = Math.floor(i / posts.length);
      const published = new Date(now - 30 * DAY + (i / TOTAL) * 30 * DAY).toISOString();
      const value = {
        ...p,
        id: round === 0 ? p.id : `${p.id}~${round}`,
        ...(p.parent_id && round > 0 ? { parent_id: `${p.parent_id}~${round}` } : {}),
        published_at: published,
      };
      items.push({ index: i - start, value });
    }
    await ingest.ingest(SYSTEM, items, { channel: 'import', unitId });
    if ((start / batch) % 50 === 0) {
      const s = (performance.now() - t0) / 1000;
      console.log(`  loaded ${start + items.length} in ${s.toFixed(0)} s`);
    }
  }
  const loadS = (performance.now() - t0) / 1000;
  const counts = await store.db
    .selectFrom('mentions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const events = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `loaded ${Number(counts.n)} mentions, ${Number(events.n)} events in ${loadS.toFixed(0)} s (${(Number(counts.n) / loadS).toFixed(0)} mentions/s through the whole arrival path)`,
  );
}

async function measure(store: Store, deps: ServiceDeps) {
  const now = Date.now();

  const app = await buildApp({ deps, cookieSecure: false, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const get = async (p: string) => {
    const r = await fetch(`${url}${p}`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  const hottest = (await (
    await fetch(`${url}/api/v1/events?limit=1`, { headers: { cookie } })
  ).json()) as {
    items: { id: string }[];
  };
  const eventId = hottest.items[0]?.id ?? '';

  const rows: [string, { p50: number; p99: number }][] = [];
  for (const range of ['24h', '7d', '30d']) {
    rows.push([
      `GET /api/v1/dashboard?range=${range}`,
      await timed(REQUESTS, () => get(`/api/v1/dashboard?range=${range}`)),
    ]);
  }
  rows.push([
    'GET /api/v1/events?limit=50',
    await timed(REQUESTS, () => get('/api/v1/events?limit=50')),
  ]);
  rows.push([
    'GET /api/v1/trends?kind=all&res=hour (7 days)',
    await timed(REQUESTS, () => get('/api/v1/trends?kind=all&res=hour')),
  ]);
  if (eventId) {
    rows.push([
      `GET /api/v1/events/{hottest}`,
      await timed(Math.min(REQUESTS, 50), () => get(`/api/v1/events/${eventId}`)),
    ]);
  }

  // The peer: the same 7-day figures from the mention tables, no buckets.
  const since = new Date(now - 7 * DAY).toISOString();
  const peer = await timed(Math.min(REQUESTS, 20), async () => {
    await sql`select substr(coalesce(published_at, collected_at), 1, 13) as h, count(*) as n
      from mentions where coalesce(published_at, collected_at) >= ${since} group by h`.execute(
      store.db,
    );
    await sql`select a.sentiment, count(*) as n from mentions m join mention_analysis a on a.mention_id = m.id
      where coalesce(m.published_at, m.collected_at) >= ${since} group by a.sentiment`.execute(
      store.db,
    );
    await sql`select r.adcode, count(*) as n from mentions m join mention_regions r on r.mention_id = m.id
      where coalesce(m.published_at, m.collected_at) >= ${since} group by r.adcode`.execute(
      store.db,
    );
    await sql`select source_id, count(*) as n from mentions
      where coalesce(published_at, collected_at) >= ${since} group by source_id`.execute(store.db);
  });
  rows.push(['peer: 7-day figures by GROUP BY over mentions (SQL only, no HTTP)', peer]);

  console.log(
    `\nlatency, ${REQUESTS} sequential requests each (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}):`,
  );
  console.log('| request | p50 ms | p99 ms |\n|---|---:|---:|');
  for (const [name, r] of rows)
    console.log(`| ${name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
  await app.close();
  await store.close();
}

await main();
