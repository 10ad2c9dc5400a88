// Events are assigned in a second transaction after the ingest batch's (src/services/event.service.ts,
// "On arrival"): the batch waits in event_queue until then. A failed assignment loses nothing:
// it is tried again in the same process, and a batch a stopped process left queued is assigned
// first on the next start, with the analysis read back from the store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterWorker } from '../src/analysis/cluster-worker.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { createServices } from '../src/server/app.ts';
import { SYSTEM } from '../src/services/context.ts';
import type { TouchedEvent } from '../src/services/event.service.ts';
import { openStore, type Dialect, type Store } from '../src/store/db.ts';
import { OrgRepository } from '../src/store/org.repository.ts';
import { ADMIN_PASSWORD, DIALECTS, openTestStore, testDeps } from './helpers.ts';

const NOW = new Date('2026-03-02T08:00:00Z');

const POSTS = [
  { id: 'q1', text: '兰州市统计局发布一季度经济数据，地区生产总值同比增长5.8%，网友质疑数据注水' },
  { id: 'q2', text: '网友质疑兰州一季度统计数据注水，统计局回应称数据真实可靠', parent_id: 'q1' },
  { id: 'q3', text: '今天兰州的天气很好，适合去黄河边散步' },
];

type Started = Awaited<ReturnType<typeof services>>;

let dir = '';
const open: Store[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A process's services over the store (the first one sets the store up). */
async function services(store: Store, first: boolean, now = NOW) {
  const deps = testDeps(store, () => now);
  if (first) await bootstrap(deps, { adminPassword: ADMIN_PASSWORD, demo: false });
  const unitId = (await new OrgRepository(store.db).rootUnit())!.id;
  const made = createServices(deps);
  if (first) {
    await made.schemes.create(SYSTEM, { name: '注水', query: '注水 | 造假', unit_id: unitId });
  }
  return { store, services: made, unitId };
}

/** A fresh store: SQLite in a file (so a restart can open it again), or a PostgreSQL schema. */
async function startFirst(dialect: Dialect): Promise<Started> {
  let store: Store;
  if (dialect === 'sqlite') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuqing-queue-'));
    store = await openStore({ sqliteFile: path.join(dir, 'store.db') });
  } else store = await openTestStore(dialect);
  open.push(store);
  return services(store, true);
}

/**
 * The next process: SQLite's file closed and opened again; on PostgreSQL the same schema with
 * new services (nothing of the first process's memory is kept either way).
 */
async function restart(dialect: Dialect, before: Started): Promise<Started> {
  await before.services.analysis.events.close();
  if (dialect !== 'sqlite') return services(before.store, false);
  await before.store.close();
  open.splice(open.indexOf(before.store), 1);
  const store = await openStore({ sqliteFile: path.join(dir, 'store.db') });
  open.push(store);
  return services(store, false);
}

async function ingest(s: Started, suffix = '') {
  return s.services.ingest.ingest(
    SYSTEM,
    POSTS.map((p, index) => ({
      index,
      value: {
        source: 'weibo',
        published_at: '2026-03-02T07:00:00Z',
        ...p,
        id: `${p.id}${suffix}`,
        ...(p.parent_id ? { parent_id: `${p.parent_id}${suffix}` } : {}),
      },
    })),
    { channel: 'api', unitId: s.unitId },
  );
}

async function counts(store: Store) {
  const n = async (table: 'mention_events' | 'event_queue' | 'mentions') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    mentions: await n('mentions'),
    linked: await n('mention_events'),
    queued: await n('event_queue'),
  };
}

/** Waits (a retry comes after half a second) until every mention has its event. */
async function allAssigned(store: Store, mentions = 3): Promise<void> {
  await expect
    .poll(() => counts(store), { timeout: 10_000 })
    .toEqual({ mentions, linked: mentions, queued: 0 });
}

describe.each(DIALECTS)('events assigned after the ingest commit on %s', (dialect) => {
  it('keeps a batch whose events failed, and assigns it on the next start', async () => {
    const first = await startFirst(dialect);
    first.services.analysis.onEventsTouched = () => Promise.reject(new Error('disk full'));
    const errors: unknown[] = [];
    first.services.analysis.events.useLog({ error: (obj) => errors.push(obj) });

    const r = await ingest(first);
    // The posts are stored and acknowledged; their events are not, and the batch waits.
    expect(r.accepted).toBe(3);
    expect(await counts(first.store)).toEqual({ mentions: 3, linked: 0, queued: 1 });
    expect(errors).toHaveLength(1);
    expect(first.services.analysis.events.queuedBatches).toBe(1);

    // Started again: the queued batch is assigned before anything else, with the analysis as
    // stored (the scheme it matched, its sentiment), and the alerts are asked of its events.
    const second = await restart(dialect, first);
    const touched: TouchedEvent[] = [];
    second.services.analysis.onEventsTouched = (_trx, t) => {
      touched.push(...t);
      return Promise.resolve();
    };
    await second.services.analysis.events.resume();
    expect(await counts(second.store)).toEqual({ mentions: 3, linked: 3, queued: 0 });
    const mentions = touched.flatMap((t) => t.mentions);
    expect(mentions.map((m) => m.mention.external_id).sort()).toEqual(['q1', 'q2', 'q3']);
    const q1 = mentions.find((m) => m.mention.external_id === 'q1')!;
    const [scheme] = await second.services.schemes.list(SYSTEM);
    expect(q1.analysis.schemes).toEqual([scheme!.id]);
    const stored = await second.store.db
      .selectFrom('mention_analysis')
      .select(['sentiment', 'sentiment_score', 'risk_score'])
      .where('mention_id', '=', q1.mention.id)
      .executeTakeFirstOrThrow();
    expect(q1.analysis.sentiment).toEqual({
      label: stored.sentiment,
      score: stored.sentiment_score,
    });
    expect(q1.analysis.risk.score).toBe(stored.risk_score);
    expect(q1.analysis.risk.score).toBeGreaterThan(0);
    // The reply joined its parent's event (the parent found in the store after the restart).
    const links = await second.store.db
      .selectFrom('mention_events as me')
      .innerJoin('mentions as m', 'm.id', 'me.mention_id')
      .select(['m.external_id', 'me.event_id'])
      .execute();
    const eventOf = new Map(links.map((l) => [l.external_id, l.event_id]));
    expect(eventOf.get('q2')).toBe(eventOf.get('q1'));
    await second.services.analysis.events.close();
  }, 60_000);

  it('tries a failed assignment again in the same process', async () => {
    const s = await startFirst(dialect);
    let failures = 1;
    s.services.analysis.onEventsTouched = () =>
      failures-- > 0 ? Promise.reject(new Error('busy')) : Promise.resolve();
    s.services.analysis.events.useLog({ error: () => undefined });
    expect((await ingest(s)).accepted).toBe(3);
    expect(await counts(s.store)).toMatchObject({ linked: 0, queued: 1 });
    await allAssigned(s.store);
    expect(s.services.analysis.events.queuedBatches).toBe(0);
    await s.services.analysis.events.close();
  }, 60_000);

  it('loses nothing when the clusterer’s thread dies: a new one is made from the store', async () => {
    const s = await startFirst(dialect);
    const threads: ClusterWorker[] = [];
    s.services.analysis.events.useClusterWorker(async (o) => {
      const w = await ClusterWorker.start(o);
      threads.push(w);
      return w;
    });
    s.services.analysis.events.useLog({ error: () => undefined });
    await s.services.analysis.events.resume();
    expect(threads).toHaveLength(1);
    threads[0]!.crashForTest('exit');
    expect((await ingest(s)).accepted).toBe(3);
    await allAssigned(s.store);
    expect(threads).toHaveLength(2);
    await s.services.analysis.events.close();
  }, 60_000);

  it('assigns a batch of its own once, though the queue was read before its commit returned', async () => {
    const s = await startFirst(dialect);
    const errors: unknown[] = [];
    s.services.analysis.events.useLog({ error: (obj) => errors.push(obj) });
    // The first batch's commit returns late: the second's assignment reads the queue (the first
    // reading of this process, which looks for batches an earlier process left) meanwhile.
    const analysis = s.services.analysis;
    const assign = analysis.assignQueued.bind(analysis);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    analysis.assignQueued = async (batch) => {
      if (calls++ === 0) await held;
      return assign(batch);
    };
    const first = ingest(s, '-a');
    await expect.poll(() => counts(s.store)).toMatchObject({ mentions: 3, queued: 1 });
    expect((await ingest(s, '-b')).accepted).toBe(3);
    expect(await counts(s.store)).toEqual({ mentions: 6, linked: 3, queued: 1 });
    release();
    expect((await first).accepted).toBe(3);
    await allAssigned(s.store, 6);
    expect(errors).toEqual([]);
    await s.services.analysis.events.close();
  }, 60_000);

  it('leaves a batch another process assigned meanwhile, and stores it once', async () => {
    const a = await startFirst(dialect);
    let failing = true;
    a.services.analysis.onEventsTouched = () =>
      failing ? Promise.reject(new Error('busy')) : Promise.resolve();
    const errors: unknown[] = [];
    a.services.analysis.events.useLog({ error: (obj) => errors.push(obj) });
    expect((await ingest(a)).accepted).toBe(3);
    expect(a.services.analysis.events.queuedBatches).toBe(1);
    // Another process over the same store takes the batch it finds queued.
    const b = await services(a.store, false);
    await b.services.analysis.events.resume();
    expect(await counts(a.store)).toEqual({ mentions: 3, linked: 3, queued: 0 });
    // The first one's retry finds the batch gone: it lets it be, without an error.
    failing = false;
    await expect.poll(() => a.services.analysis.events.queuedBatches, { timeout: 10_000 }).toBe(0);
    expect(await counts(a.store)).toEqual({ mentions: 3, linked: 3, queued: 0 });
    expect(errors).toHaveLength(1);
    await a.services.analysis.events.close();
    await b.services.analysis.events.close();
  }, 60_000);

  it('takes up a batch another process left queued for five minutes, without a restart', async () => {
    const server = await startFirst(dialect);
    await server.services.analysis.events.resume();
    // An import beside it stores a batch, fails to assign it, and ends.
    const importer = await services(server.store, false);
    importer.services.analysis.onEventsTouched = () => Promise.reject(new Error('busy'));
    importer.services.analysis.events.useLog({ error: () => undefined });
    expect((await ingest(importer)).accepted).toBe(3);
    await importer.services.analysis.events.close();
    expect(await counts(server.store)).toEqual({ mentions: 3, linked: 0, queued: 1 });
    // Four minutes on, the server leaves it (its importer may still be at it); ten on, it takes it.
    const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    const at4 = await services(server.store, false, later(4));
    at4.services.analysis.events.adoptStale(60_000, 5 * 60_000);
    await at4.services.analysis.events.settled();
    expect(await counts(server.store)).toMatchObject({ linked: 0, queued: 1 });
    await at4.services.analysis.events.close();
    const at10 = await services(server.store, false, later(10));
    at10.services.analysis.events.adoptStale(60_000, 5 * 60_000);
    await allAssigned(server.store);
    await at10.services.analysis.events.close();
    await server.services.analysis.events.close();
  }, 60_000);
});
