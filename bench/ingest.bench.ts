// `npm run bench:ingest`: posts per second into SQLite for file import and for the push API,
// on real Weibo posts (the rumour threads of ../shared/data/events), each post analysed and
// clustered into events on arrival as in production, with a reference
// measured in the same run: the same rows written by bare better-sqlite3 in one transaction
// (storage alone: no parsing, validation, normalisation or dedupe).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import SQLite from 'better-sqlite3';
import { bootstrap } from '../src/bootstrap.ts';
import { importFile } from '../src/ingest/file-import.ts';
import { IngestService } from '../src/ingest/ingest.service.ts';
import { AnalysisService } from '../src/services/analysis.service.ts';
import { buildApp } from '../src/server/app.ts';
import { SYSTEM } from '../src/services/context.ts';
import { TokenService } from '../src/services/token.service.ts';
import { openStore } from '../src/store/db.ts';
import { OrgRepository } from '../src/store/org.repository.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data/events/rumdect_threads.jsonl');
const LIMIT = Number(process.env.BENCH_POSTS ?? 100_000);

interface Thread {
  mid: string;
  parent: string | null;
  t: number;
  uid: number;
  text: string;
  reposts_count: number;
  comments_count: number;
}

function loadPosts(): Record<string, unknown>[] {
  if (!fs.existsSync(DATA)) {
    console.error(`bench: ${DATA} is missing; the ingest benchmark needs ../shared/data`);
    process.exit(2);
  }
  const posts: Record<string, unknown>[] = [];
  for (const line of fs.readFileSync(DATA, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Thread;
    if (!r.text?.trim()) continue;
    posts.push({
      id: r.mid,
      source: 'weibo',
      author: String(r.uid),
      text: r.text,
      published_at: String(r.t),
      parent_id: r.parent ?? undefined,
      metrics: { reposts: r.reposts_count, comments: r.comments_count },
    });
    if (posts.length >= LIMIT) break;
  }
  return posts;
}

async function freshStore(dir: string) {
  const store = await openStore({ sqliteFile: path.join(dir, 'yuqing.db') });
  const deps = { store, now: () => new Date(), sessionHours: 12 };
  await bootstrap(deps, { adminPassword: 'bench-admin-password', demo: false });
  const root = await new OrgRepository(store.db).rootUnit();
  if (!root) throw new Error('no root unit');
  return { store, deps, unitId: root.id };
}

async function benchImport(posts: Record<string, unknown>[], base: string) {
  const dir = fs.mkdtempSync(path.join(base, 'import-'));
  const file = path.join(dir, 'posts.ndjson');
  fs.writeFileSync(file, posts.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const { store, deps, unitId } = await freshStore(dir);
  const t0 = performance.now();
  const s = await importFile(
    store.db,
    new IngestService(deps, new AnalysisService(deps)),
    SYSTEM,
    file,
    {
      unitId,
      batchSize: 1000,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  return { seconds, accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejected };
}

async function benchPush(posts: Record<string, unknown>[], base: string) {
  const dir = fs.mkdtempSync(path.join(base, 'push-'));
  const { store, deps, unitId } = await freshStore(dir);
  const app = await buildApp({
    deps,
    cookieSecure: false,
    logLevel: 'silent',
    ingestMaxBytes: 64 * 1024 * 1024,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/ingest`;
  const admin = await store.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const { token } = await new TokenService(deps).create(SYSTEM, {
    name: 'bench',
    scopes: ['ingest'],
    unit_id: unitId,
    created_by: admin.id,
  });
  const batch = 1000;
  let accepted = 0;
  const t0 = performance.now();
  for (let i = 0; i < posts.length; i += batch) {
    const body = posts
      .slice(i, i + batch)
      .map((p) => JSON.stringify(p))
      .join('\n');
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const summary = (await res.json()) as { accepted: number };
    accepted += summary.accepted;
  }
  const seconds = (performance.now() - t0) / 1000;
  await app.close();
  await store.close();
  return { seconds, accepted };
}

function benchBareSqlite(posts: Record<string, unknown>[], base: string) {
  const dir = fs.mkdtempSync(path.join(base, 'bare-'));
  const db = new SQLite(path.join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'create table m (id text primary key, natural_key text unique, author text, text text, published text, metrics text)',
  );
  const insert = db.prepare('insert into m values (?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < posts.length; i += 1000) {
    db.transaction((rows: Record<string, unknown>[]) => {
      for (const p of rows)
        insert.run(
          String(p.id),
          `k${String(p.id)}`,
          String(p.author),
          String(p.text),
          String(p.published_at),
          JSON.stringify(p.metrics),
        );
    })(posts.slice(i, i + 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { seconds };
}

const posts = loadPosts();
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-bench-'));
try {
  console.log(
    `ingest benchmark: ${posts.length} real Weibo posts (rumdect threads), SQLite WAL synchronous=FULL, ${os.cpus().length} cores, Node ${process.version}`,
  );
  const bare = benchBareSqlite(posts, base);
  const imp = await benchImport(posts, base);
  const push = await benchPush(posts, base);
  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
  console.log('');
  console.log('| path | posts | seconds | posts/s |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| yuqing import (NDJSON file, batches of 1000) | ${posts.length} | ${imp.seconds.toFixed(2)} | ${rate(posts.length, imp.seconds)} |`,
  );
  console.log(
    `| push API (NDJSON over HTTP, batches of 1000) | ${posts.length} | ${push.seconds.toFixed(2)} | ${rate(posts.length, push.seconds)} |`,
  );
  console.log(
    `| reference: bare better-sqlite3 inserts, same rows | ${posts.length} | ${bare.seconds.toFixed(2)} | ${rate(posts.length, bare.seconds)} |`,
  );
  console.log('');
  console.log(
    `import stored ${imp.accepted} (duplicates ${imp.duplicates}, rejected ${imp.rejected}); push stored ${push.accepted}`,
  );
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
