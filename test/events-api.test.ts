// Events over HTTP against a real server: pushed posts join stories on arrival (text, repost
// chains, copies), the list ranks them by heat with the factors and a suggested grade, one event
// shows its breakdowns and propagation, people merge and split events (audited, and clustering
// follows), the state survives the clusterer being rebuilt from the store, and the trends count
// every mention. Roles are enforced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';
import { FLOOD, POSTS } from './event-posts.ts';

interface Summary {
  id: string;
  title: string;
  mention_count: number;
  heat: number;
  suggested_grade: string;
  status: string;
  sentiment: { negative: number; neutral: number; positive: number };
  authority: { tier: string; name: string } | null;
  trend: { start: string; counts: number[] };
}

describe.each(DIALECTS)('events over HTTP on %s', (dialect) => {
  let server: TestServer;
  let office: Client;
  let viewer: Client;
  let collector: Client;

  const events = async (): Promise<Summary[]> => {
    const r = await office.get('/api/v1/events?limit=100');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as Summary[];
  };
  const eventOf = async (externalId: string): Promise<string> => {
    const r = await office.get(`/api/v1/mentions?limit=500`);
    const m = (r.body.items as { id: string; external_id: string }[]).find(
      (x) => x.external_id === externalId,
    );
    expect(m, externalId).toBeDefined();
    const all = await events();
    for (const e of all) {
      const members = await office.get(`/api/v1/mentions?limit=500&event=${e.id}`);
      if ((members.body.items as { id: string }[]).some((x) => x.id === m!.id)) return e.id;
    }
    throw new Error(`no event holds ${externalId}`);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    collector = await collectorClient(server, 'events test');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.body, JSON.stringify(pushed.body)).toMatchObject({ accepted: POSTS.length });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('clusters the stories on arrival and ranks them by heat, with factors and a grade', async () => {
    const rumour = await eventOf('r1');
    expect(await eventOf('r2')).toBe(rumour);
    expect(await eventOf('r3')).toBe(rumour);
    expect(await eventOf('r4')).toBe(rumour);
    const flood = await eventOf('f1');
    expect(flood).not.toBe(rumour);
    expect(await eventOf('f3')).toBe(flood);

    const list = await events();
    const r = list.find((e) => e.id === rumour)!;
    expect(r.mention_count).toBe(4);
    expect(r.status).toBe('open');
    expect(r.authority).toEqual({ tier: 'central', name: '人民日报' });
    // Covered by central media and about data falsification: the machine suggests major.
    expect(r.suggested_grade).toBe('major');
    expect(r.trend.counts.reduce((a, b) => a + b, 0)).toBe(4);
    // Hottest first.
    const heats = list.map((e) => e.heat);
    expect([...heats].sort((a, b) => b - a)).toEqual(heats);

    const detail = await office.get(`/api/v1/events/${rumour}`);
    expect(detail.status).toBe(200);
    const d = detail.body as {
      heat: number;
      heat_factors: { key: string; points: number; zh: string }[];
      grade_reasons: { rule: string; met: boolean }[];
      sources: { name: string; count: number }[];
      top_authors: { author: string; interactions: number }[];
      propagation: {
        edges: { from: string; to: string }[];
        key_spreaders: { id: string; reposts: number }[];
      };
      risk_categories: Record<string, number>;
    };
    expect(Math.abs(d.heat_factors.reduce((a, f) => a + f.points, 0) - d.heat)).toBeLessThan(1);
    expect(d.heat_factors.find((f) => f.key === 'authority')!.zh).toBe('中央媒体：人民日报');
    expect(d.grade_reasons.filter((g) => g.met).map((g) => g.rule)).toContain('authority');
    expect(d.sources.reduce((a, s) => a + s.count, 0)).toBe(4);
    expect(d.top_authors[0]).toMatchObject({ author: '陇上观察', interactions: 120 });
    // The repost chain r3 -> r2 -> r1.
    expect(d.propagation.edges).toHaveLength(2);
    expect(d.propagation.key_spreaders.map((k) => k.reposts)).toEqual([1, 1]);
    expect(d.risk_categories.data_falsification).toBeGreaterThanOrEqual(3);
    // The timeline: where it started, where it spread, the latest mention.
    const timeline = (detail.body as { timeline: { kind: string; detail: string }[] }).timeline;
    expect(timeline[0]).toMatchObject({ kind: 'first' });
    expect(timeline[0]!.detail).toMatch(/^weibo：/);
    expect(timeline.filter((t) => t.kind === 'source').map((t) => t.detail)).toEqual([
      expect.stringMatching(/^news-site：/),
    ]);
    expect(timeline.at(-1)).toMatchObject({ kind: 'last' });
  });

  it('counts every mention in the trends, per event and in all', async () => {
    const all = await office.get('/api/v1/trends?kind=all&res=minute');
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect((all.body.counts as number[]).reduce((a, b) => a + b, 0)).toBe(POSTS.length);
    const hourly = await office.get('/api/v1/trends?kind=all&res=day');
    expect((hourly.body.counts as number[]).reduce((a, b) => a + b, 0)).toBe(POSTS.length);
    const rumour = await eventOf('r1');
    const ev = await office.get(`/api/v1/trends?kind=event&key=${rumour}&res=hour`);
    expect((ev.body.counts as number[]).reduce((a, b) => a + b, 0)).toBe(4);
    expect((await office.get('/api/v1/trends?kind=event&res=hour')).status).toBe(400);
  });

  it('lets the office merge and split events, audited, and clustering follows them', async () => {
    const rumour = await eventOf('r1');
    const flood = await eventOf('f1');
    // A viewer may read but not change events.
    expect((await viewer.get(`/api/v1/events/${rumour}`)).status).toBe(200);
    expect((await viewer.post(`/api/v1/events/${rumour}/merge`, { from: [flood] })).status).toBe(
      403,
    );

    const merged = await office.post(`/api/v1/events/${rumour}/merge`, { from: [flood] });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.mention_count).toBe(7);
    expect(
      (merged.body as { timeline: { kind: string; detail: string }[] }).timeline.filter(
        (t) => t.kind === 'merge',
      ),
    ).toEqual([expect.objectContaining({ detail: expect.any(String) })]);
    const gone = await office.get(`/api/v1/events/${flood}`);
    expect(gone.body).toMatchObject({ status: 'merged', merged_into: rumour });
    expect((await events()).map((e) => e.id)).not.toContain(flood);
    // A new flood post joins the merged event, not a new one.
    await collector.post('/api/v1/ingest', [
      { id: 'f4', source: 'weibo', text: `${FLOOD}，愿平安` },
    ]);
    expect(await eventOf('f4')).toBe(rumour);

    // Split the flood posts back out.
    const members = (await office.get(`/api/v1/mentions?limit=500&event=${rumour}`)).body.items as {
      id: string;
      external_id: string;
    }[];
    const floodIds = members.filter((m) => m.external_id.startsWith('f')).map((m) => m.id);
    expect(floodIds).toHaveLength(4);
    const split = await office.post(`/api/v1/events/${rumour}/split`, { mention_ids: floodIds });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body.mention_count).toBe(4);
    const newFlood = split.body.id as string;
    expect((await office.get(`/api/v1/events/${rumour}`)).body.mention_count).toBe(4);
    // Bad splits say what is wrong.
    const foreign = await office.post(`/api/v1/events/${rumour}/split`, { mention_ids: ['nope'] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('mention_ids');

    // The clusterer is rebuilt from the store (as after a restart): it still keeps them apart.
    server.app.services.analysis.invalidate();
    await collector.post('/api/v1/ingest', [
      { id: 'f5', source: 'weibo', text: '七里河区暴雨洪水，村庄被淹，受灾群众已转移' },
      { id: 'r5', source: 'weibo', text: '青石县统计局篡改农民收入数据，数据造假必须彻查' },
    ]);
    expect(await eventOf('f5')).toBe(newFlood);
    expect(await eventOf('r5')).toBe(rumour);

    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const audit = (await admin.get('/api/v1/audit?object_type=event')).body.items as {
      action: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['event.merge', 'event.split']),
    );
  });

  it('counts a scheme’s trend from history when it is saved, and again when it is paused', async () => {
    const created = await office.post('/api/v1/schemes', { name: '青石县', query: '青石县' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const sum = async () => {
      const r = await office.get(`/api/v1/trends?kind=scheme&key=${id}&res=hour`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.counts as number[]).reduce((a, b) => a + b, 0);
    };
    expect(await sum()).toBe(created.body.matches);
    expect(created.body.matches).toBeGreaterThanOrEqual(4);
    await office.patch(`/api/v1/schemes/${id}`, { enabled: false });
    expect(await sum()).toBe(0);
    // Every region count is a count of stored mentions naming it (or a place within it).
    const gansu = await office.get('/api/v1/trends?kind=region&key=620000&res=day');
    const named = await office.get('/api/v1/mentions?limit=500&region=620000');
    expect((gansu.body.counts as number[]).reduce((a, b) => a + b, 0)).toBe(
      named.body.items.length,
    );
  });

  it('serves the dashboard in one read, and signals new mentions over SSE', async () => {
    const r = await office.get('/api/v1/dashboard?range=24h');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body as {
      volume: { counts: number[]; negative: number[]; positive: number[] };
      sentiment: { negative: number; neutral: number; positive: number };
      prefectures: { adcode: string; name: string; count: number }[];
      hot_events: { id: string; heat: number }[];
      words: { word: string; weight: number }[];
      sources: { name: string; count: number }[];
      alerts: unknown;
    };
    const stored = (await office.get('/api/v1/mentions?limit=500')).body.items.length as number;
    const total = d.volume.counts.reduce((a, b) => a + b, 0);
    expect(total).toBe(stored);
    expect(d.sentiment.negative + d.sentiment.neutral + d.sentiment.positive).toBe(total);
    expect(d.sentiment.negative).toBe(d.volume.negative.reduce((a, b) => a + b, 0));
    expect(d.sources.reduce((a, s) => a + s.count, 0)).toBe(total);
    expect(d.prefectures).toHaveLength(14);
    expect(d.prefectures.find((p) => p.adcode === '620100')).toMatchObject({ name: '兰州市' });
    expect(d.prefectures.find((p) => p.adcode === '620100')!.count).toBeGreaterThan(0);
    expect(d.hot_events.length).toBeGreaterThan(0);
    expect(d.words.map((w) => w.word)).toContain('七里河区');
    // The alert counts are those of the alerts API (the demo's rules fire on these posts); an
    // informant, who may not read alerts, gets none at all.
    const counts = (await office.get('/api/v1/alerts/counts')).body;
    expect(d.alerts).toEqual(counts);
    expect(Object.keys(counts).sort()).toEqual([
      'acknowledged',
      'dismissed_major',
      'open',
      'open_major',
      'open_too_long',
      'overdue',
    ]);
    const informant = await new Client(server.url).login('informant', 'yuqing-demo');
    expect((await informant.get('/api/v1/dashboard?range=24h')).body.alerts).toBeNull();
    expect((await office.get('/api/v1/dashboard?range=1y')).status).toBe(400);

    // Live: a pushed post becomes an SSE signal.
    const controller = new AbortController();
    const live = await fetch(`${server.url}/api/v1/live`, {
      headers: { cookie: office.cookie! },
      signal: controller.signal,
    });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const reader = live.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const seen = (async () => {
      while (!text.includes('event: mentions')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    })();
    await collector.post('/api/v1/ingest', [
      { id: 'live1', source: 'weibo', text: '实时推送测试一条新信息' },
    ]);
    expect(await seen).toMatch(/event: mentions\ndata: \{"accepted":1,/);
    controller.abort();
    // Without a session there is no stream.
    expect((await fetch(`${server.url}/api/v1/live`)).status).toBe(401);
  });

  it('lets the office change the grading rules and the authority list, audited, and rescores', async () => {
    const before = await office.get('/api/v1/events/settings');
    expect(before.status).toBe(200);
    expect(before.body.defaults).toEqual({ heat: true, grading: true, authority: true });
    const flood = await eventOf('f1');
    const floodBefore = (await office.get(`/api/v1/events/${flood}`)).body as {
      suggested_grade: string;
      authority: unknown;
    };
    expect(floodBefore.authority).toMatchObject({ tier: 'provincial' });
    // Provincial coverage now makes an event look major.
    const rules = { ...before.body.grading, majorAuthority: ['central', 'provincial'] };
    expect((await viewer.put('/api/v1/events/settings', { grading: rules })).status).toBe(403);
    const bad = await office.put('/api/v1/events/settings', {
      grading: { ...rules, majorHeat: 200 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('grading.majorHeat');
    const changed = await office.put('/api/v1/events/settings', { grading: rules });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.defaults.grading).toBe(false);
    expect((await office.get(`/api/v1/events/${flood}`)).body.suggested_grade).toBe('major');
    // Without 每日甘肃 on the authority list the flood has no listed outlet.
    const list = (before.body.authority as { name: string }[]).filter((e) => e.name !== '甘肃日报');
    expect((await office.put('/api/v1/events/settings', { authority: list })).status).toBe(200);
    const after = (await office.get(`/api/v1/events/${flood}`)).body as {
      authority: unknown;
      suggested_grade: string;
    };
    expect(after.authority).toBeNull();
    // Back to the defaults.
    const reset = await office.put('/api/v1/events/settings', { grading: null, authority: null });
    expect(reset.body.defaults).toEqual({ heat: true, grading: true, authority: true });
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const audit = (await admin.get('/api/v1/audit?object_type=setting')).body.items as {
      action: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'events.grading.update',
        'events.authority.update',
        'events.grading.reset',
      ]),
    );
  });

  it('keeps an imported old story open across batches: the window runs on the posts’ time', async () => {
    // A server of its own: its clusterer has seen no live posts, only last decade's.
    const fresh = await startTestServer(dialect);
    try {
      const push = await collectorClient(fresh, 'history import');
      const reader = await new Client(fresh.url).login('office', DEMO_PASSWORD_FOR_TESTS);
      const old = '2011年5月3日兰州市城关区自来水苯超标，市民抢购矿泉水，超市货架被搬空';
      await push.post('/api/v1/ingest', [
        { id: 'h1', source: 'weibo', text: old, published_at: '2011-05-03T08:00:00+08:00' },
      ]);
      await push.post('/api/v1/ingest', [
        {
          id: 'h2',
          source: 'weibo',
          text: `${old}，自来水公司回应`,
          published_at: '2011-05-03T09:30:00+08:00',
        },
      ]);
      const list = (await reader.get('/api/v1/events?limit=10')).body.items as Summary[];
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ mention_count: 2, status: 'open' });
    } finally {
      await fresh.close();
    }
  });

  it('shows a city bureau only what its own sources took part in', async () => {
    // The demo informant works for the Lanzhou bureau; every post here came in through
    // provincial sources.
    const lanzhou = await new Client(server.url).login('informant', DEMO_PASSWORD_FOR_TESTS);
    expect((await lanzhou.get('/api/v1/events?limit=100')).body.items).toEqual([]);
    const rumour = await eventOf('r1');
    expect((await lanzhou.get(`/api/v1/events/${rumour}`)).status).toBe(404);
    expect((await lanzhou.get(`/api/v1/trends?kind=event&key=${rumour}`)).status).toBe(404);
    const own = await lanzhou.get('/api/v1/trends?kind=all&res=day');
    expect(own.status).toBe(200);
    expect((own.body.counts as number[]).reduce((a, b) => a + b, 0)).toBe(0);
    const region = await lanzhou.get('/api/v1/trends?kind=region&key=620100');
    expect(region.status).toBe(403);
    expect(region.body.error.code).toBe('out_of_scope');
    const all = await office.get('/api/v1/trends?kind=all&res=day');
    expect((all.body.counts as number[]).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('joins a repost to its parent pushed in an earlier batch, whatever its words', async () => {
    // Words of the flood story, but a reply to the rumour's first post: the link decides.
    await collector.post('/api/v1/ingest', [
      { id: 'r9', source: 'weibo', parent_id: 'r1', text: `${FLOOD}，这才是大事` },
    ]);
    expect(await eventOf('r9')).toBe(await eventOf('r1'));
  });
});
