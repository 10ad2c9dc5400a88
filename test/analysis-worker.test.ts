// The analysis worker (src/analysis/prepare-worker.ts): real posts ingested with the worker
// thread preparing their analysis (and the clusterer in a thread of its own, cluster-worker.ts)
// give exactly the stored analyses and event assignments of the main-thread path, settings
// changed midway included; a crashed worker loses nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterWorker } from '../src/analysis/cluster-worker.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { createServices } from '../src/server/app.ts';
import { SYSTEM } from '../src/services/context.ts';
import { OrgRepository } from '../src/store/org.repository.ts';
import type { Store } from '../src/store/db.ts';
import { ADMIN_PASSWORD, openTestStore, testDeps } from './helpers.ts';
import { sharedData } from './shared-data.ts';

const STREAM = sharedData('stream/covid19_weibo_daily', 'analysis-worker.test.ts');
const BATCH = 50;

/** Posts of the daily COVID-19 Weibo stream, with ids, some replying to earlier ones. */
function realPosts(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of fs.readdirSync(STREAM!).sort()) {
    const lines = fs.readFileSync(path.join(STREAM!, file), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const comma = line.indexOf(',');
      const text = line.slice(comma + 1).trim();
      if (comma <= 0 || !text) continue;
      const i = out.length;
      out.push({
        source: i % 7 === 0 ? 'toutiao' : 'weibo',
        id: `p${i}`,
        author: line.slice(0, comma),
        text,
        ...(i % 5 === 0 ? { title: text.slice(0, 12) } : {}),
        ...(i % 3 === 0 ? { region: '湖北 武汉' } : {}),
        ...(i % 11 === 0 && i > 0 ? { parent_id: `p${i - 7}` } : {}),
        published_at: new Date(Date.UTC(2020, 0, 20) + i * 60_000).toISOString(),
      });
      if (out.length >= n) return out;
    }
  }
  return out;
}

interface Setup {
  store: Store;
  services: ReturnType<typeof createServices>;
  unitId: string;
}

async function setup(worker: boolean): Promise<Setup> {
  const store = await openTestStore('sqlite');
  const deps = testDeps(store, () => new Date('2020-03-01T00:00:00Z'));
  await bootstrap(deps, { adminPassword: ADMIN_PASSWORD, demo: false });
  const unitId = (await new OrgRepository(store.db).rootUnit())!.id;
  const services = createServices(deps);
  await services.schemes.create(SYSTEM, { name: '武汉', query: '武汉 | 口罩', unit_id: unitId });
  await services.schemes.create(SYSTEM, {
    name: '来源',
    query: 'source:toutiao (疫情 | 武汉)',
    unit_id: unitId,
  });
  await services.analysis.ready();
  if (worker) {
    services.analysis.startWorker();
    const w = services.analysis.prepareWorker!;
    for (let i = 0; i < 600 && !w.alive; i++) await new Promise((r) => setTimeout(r, 50));
    expect(w.alive).toBe(true);
    // And the event clusterer in its own thread, as `serve` runs it.
    services.analysis.events.useClusterWorker((o) => ClusterWorker.start(o));
  }
  return { store, services, unitId };
}

/** Everything stored about the mentions, with mention ids replaced by the posts' own ids. */
async function stored(s: Setup) {
  const db = s.store.db;
  const mentions = await db.selectFrom('mentions').select(['id', 'external_id']).execute();
  const ext = new Map(mentions.map((m) => [m.id, m.external_id]));
  const name = (id: string | null) => (id === null ? null : (ext.get(id) ?? `?${id}`));
  const analyses = (await db.selectFrom('mention_analysis').selectAll().execute())
    .map(({ mention_id, analysed_at: _at, group_id, dup_of, ...rest }) => ({
      post: name(mention_id),
      group: name(group_id),
      dupOf: name(dup_of),
      ...rest,
    }))
    .sort((a, b) => String(a.post).localeCompare(String(b.post)));
  const matches = (
    await db
      .selectFrom('mention_schemes as ms')
      .innerJoin('schemes as s', 's.id', 'ms.scheme_id')
      .select(['ms.mention_id', 's.name'])
      .execute()
  )
    .map((r) => `${name(r.mention_id)} ${r.name}`)
    .sort();
  // Events by their posts (event ids are made fresh in each store).
  const links = await db.selectFrom('mention_events').select(['mention_id', 'event_id']).execute();
  const byEvent = new Map<string, string[]>();
  for (const l of links) {
    const list = byEvent.get(l.event_id) ?? [];
    list.push(String(name(l.mention_id)));
    byEvent.set(l.event_id, list);
  }
  const events = [...byEvent.values()].map((l) => l.sort().join(' ')).sort();
  return { mentions: mentions.length, analyses, matches, events };
}

async function ingestAll(s: Setup, posts: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < posts.length; start += BATCH) {
    if (start === posts.length / 2) {
      // Settings changed midway: the worker is sent them, and nothing is prepared under old ones.
      await s.services.analysis.setUserWords(SYSTEM, ['武汉肺炎', '口罩告急']);
      await s.services.schemes.create(SYSTEM, {
        name: '医院',
        query: '医院 | 发热',
        unit_id: s.unitId,
      });
    }
    const items = posts.slice(start, start + BATCH).map((value, i) => ({ index: i, value }));
    const r = await s.services.ingest.ingest(SYSTEM, items, { channel: 'api', unitId: s.unitId });
    expect(r.rejected).toEqual([]);
  }
}

describe.skipIf(!STREAM)('analysis worker on real posts', () => {
  const posts = STREAM ? realPosts(1200) : [];
  let plain: Setup;
  let threaded: Setup;

  beforeAll(async () => {
    plain = await setup(false);
    threaded = await setup(true);
  }, 120_000);

  afterAll(async () => {
    await threaded?.services.analysis.stopWorker();
    await threaded?.services.analysis.events.close();
    await plain?.store.close();
    await threaded?.store.close();
  });

  it('stores the same analyses, matches and events as the main-thread path', async () => {
    await ingestAll(plain, posts);
    await ingestAll(threaded, posts);
    // The worker did the work (all but the batches prepared under settings just replaced).
    const counts = threaded.services.analysis.preparedStats;
    expect(counts.worker).toBeGreaterThan(posts.length * 0.8);
    expect(plain.services.analysis.preparedStats.worker).toBe(0);
    const a = await stored(plain);
    const b = await stored(threaded);
    expect(a.mentions).toBe(posts.length);
    expect(b.mentions).toBe(a.mentions);
    expect(b.analyses).toEqual(a.analyses);
    expect(b.matches).toEqual(a.matches);
    expect(a.matches.some((m) => m.endsWith(' 医院'))).toBe(true);
    expect(a.matches.some((m) => m.endsWith(' 来源'))).toBe(true);
    expect(b.events).toEqual(a.events);
    // Not one event per post: the clustering had something to decide.
    expect(a.events.length).toBeLessThan(posts.length * 0.9);
  }, 300_000);
});

describe('analysis worker protocol', () => {
  const posts = [
    {
      source: 'weibo',
      id: 'a1',
      author: '甲',
      text: '武汉肺炎 口罩告急，医院发热门诊排长队 #武汉加油#',
    },
    {
      source: 'weibo',
      id: 'a2',
      author: '乙',
      text: '转发微博//@甲: 武汉肺炎 口罩告急，医院发热门诊排长队',
    },
    { source: 'toutiao', id: 'a3', author: '丙', text: '疫情期间 统计局 数据 http://t.cn/abc' },
  ];

  it('prepares under the settings it was last sent, and says which', async () => {
    const s = await setup(true);
    try {
      const w = s.services.analysis.prepareWorker!;
      const input = {
        title: null,
        text: posts[0]!.text,
        author: '甲',
        source: 'weibo',
        region: null,
        analysisText: posts[0]!.text,
      };
      w.setConfig(100, { schemes: [{ id: 'x', query: '口罩' }] });
      const first = w.prepare([input]);
      w.setConfig(101, { schemes: [{ id: 'y', query: '医院' }], userWords: ['口罩告急'] });
      const second = w.prepare([input]);
      const [a, b] = await Promise.all([first, second]);
      expect(a!.version).toBe(100);
      expect(a!.posts[0]!.analysis.result.schemes).toEqual(['x']);
      expect(a!.posts[0]!.analysis.result.keywords).not.toContain('口罩告急');
      expect(b!.version).toBe(101);
      expect(b!.posts[0]!.analysis.result.schemes).toEqual(['y']);
      expect(b!.posts[0]!.analysis.result.keywords).toContain('口罩告急');
    } finally {
      await s.services.analysis.stopWorker();
      await s.store.close();
    }
  }, 60_000);

  it('analyses in-thread what was prepared under settings changed since', async () => {
    const plain = await setup(false);
    const s = await setup(true);
    try {
      const analysis = s.services.analysis;
      const prepareBatch = analysis.prepareBatch.bind(analysis);
      // The settings change between the batch's preparation and its transaction.
      analysis.prepareBatch = async (inputs) => {
        const r = await prepareBatch(inputs);
        expect(r).not.toBeNull();
        await analysis.setUserWords(SYSTEM, ['口罩告急']);
        return r;
      };
      await plain.services.analysis.setUserWords(SYSTEM, ['口罩告急']);
      const items = posts.map((value, index) => ({ index, value }));
      for (const x of [plain, s]) {
        await x.services.ingest.ingest(SYSTEM, items, { channel: 'api', unitId: x.unitId });
      }
      expect(analysis.preparedStats).toEqual({ worker: 0, inThread: 3 });
      const got = await stored(s);
      expect(got.analyses).toEqual((await stored(plain)).analyses);
      expect(got.analyses.find((a) => a.post === 'a1')!.keywords).toContain('口罩告急');
    } finally {
      await s.services.analysis.stopWorker();
      await s.store.close();
      await plain.store.close();
    }
  }, 60_000);

  it('loses nothing when the worker crashes, and goes on in-thread', async () => {
    const plain = await setup(false);
    const s = await setup(true);
    try {
      const analysis = s.services.analysis;
      const w = analysis.prepareWorker!;
      // Asked while the thread is going down: answered null when it has gone.
      w.crashForTest();
      const pending = w.prepare([
        { title: null, text: 'x', author: null, source: 'weibo', region: null, analysisText: 'x' },
      ]);
      expect(await pending).toBeNull();
      expect(w.alive).toBe(false);
      const items = posts.map((value, index) => ({ index, value }));
      for (const x of [plain, s]) {
        const r = await x.services.ingest.ingest(SYSTEM, items, {
          channel: 'api',
          unitId: x.unitId,
        });
        expect(r.accepted).toBe(3);
      }
      expect(analysis.preparedStats).toEqual({ worker: 0, inThread: 3 });
      const [a, b] = [await stored(plain), await stored(s)];
      expect(b.analyses).toEqual(a.analyses);
      expect(b.events).toEqual(a.events);
    } finally {
      await s.services.analysis.stopWorker();
      await s.store.close();
      await plain.store.close();
    }
  }, 60_000);
});
