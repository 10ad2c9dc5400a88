// The analysis over HTTP against a real server: every pushed post is analysed on arrival
// (sentiment, regions, risk, schemes, similar-article groups), the feed filters by each and
// folds copies, schemes are checked (422 with the position), tested against history before
// saving, re-matched after a change, and the settings re-analyse history. Roles are enforced.
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

const ORIGINAL =
  '网传七里河区统计局GDP数据造假，增速注水三成，群众质疑数据打架，要求一查到底，还大家一个真实的统计数据';

const POSTS = [
  { id: 'a1', source: 'weibo', author: '陇上观察', text: ORIGINAL },
  // A repost of the same text and a copy with a tail: one similar-article group of three.
  { id: 'a2', source: 'weibo', author: '某网友', text: `转发微博 //@陇上观察:${ORIGINAL}` },
  { id: 'a3', source: 'news-site', author: '某网', text: `${ORIGINAL}（来源：网络）` },
  {
    id: 'b1',
    source: 'news-site',
    title: '甘肃省统计局发布前三季度全省经济运行情况',
    text: '省统计局今天发布前三季度全省经济运行情况，地区生产总值同比增长5.8%。',
  },
  // Traditional characters: found by a simplified scheme.
  {
    id: 'c1',
    source: 'weibo',
    author: '港澳觀察',
    text: '天水市統計局回應數據質疑，稱數據真實可靠',
  },
  {
    id: 'd1',
    source: 'weibo',
    author: '旅行者',
    text: '今天去敦煌看了月牙泉，风景太美了，强烈推荐大家去玩！',
  },
];

describe.each(DIALECTS)('analysis over HTTP on %s', (dialect) => {
  let server: TestServer;
  let office: Client;
  let viewer: Client;
  let division: Client;
  let informant: Client;
  let admin: Client;
  let ids: Record<string, string> = {};

  const feed = async (query: string) => {
    const r = await office.get(`/api/v1/mentions?limit=100&${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as {
      id: string;
      external_id: string;
      analysis: {
        sentiment: { label: string; score: number };
        regions: { adcode: string; name: string; path: string[] }[];
        risk: { score: number; categories: { id: string; terms: string[] }[] };
        schemes: { id: string; name: string }[];
        keywords: string[];
        group: { id: string; size: number; dup_of: string | null; dup_kind: string | null };
      } | null;
    }[];
  };
  const externalIds = (items: { external_id: string }[]) => items.map((m) => m.external_id).sort();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    division = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    informant = await new Client(server.url).login('informant', DEMO_PASSWORD_FOR_TESTS);
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const collector = await collectorClient(server, 'analysis test');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.body).toMatchObject({ accepted: POSTS.length, rejected: [] });
    ids = Object.fromEntries((await feed('')).map((m) => [m.external_id, m.id]));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('analyses every stored post in the same transaction as it is stored', async () => {
    const db = server.store.db;
    const mentions = await db.selectFrom('mentions').select('id').execute();
    const analysed = await db.selectFrom('mention_analysis').select('mention_id').execute();
    expect(new Set(analysed.map((a) => a.mention_id))).toEqual(new Set(mentions.map((m) => m.id)));
    const items = await feed('');
    expect(items.every((m) => m.analysis !== null)).toBe(true);
  });

  it('reads sentiment, regions with their adcode path, risk and keywords', async () => {
    const byId = Object.fromEntries((await feed('')).map((m) => [m.external_id, m.analysis!]));
    expect(byId.a1!.sentiment.label).toBe('negative');
    expect(byId.a1!.sentiment.score).toBeLessThan(0);
    expect(byId.d1!.sentiment.label).toBe('positive');
    expect(byId.b1!.sentiment.label).toBe('neutral');
    // 七里河区 is a district of Lanzhou in Gansu.
    const qilihe = byId.a1!.regions.find((r) => r.name === '七里河区');
    expect(qilihe).toMatchObject({ adcode: '620103' });
    expect(qilihe!.path).toEqual(expect.arrayContaining(['620000', '620100']));
    expect(byId.c1!.regions.map((r) => r.adcode)).toContain('620500');
    const risk = byId.a1!.risk;
    expect(risk.score).toBeGreaterThan(0);
    const terms = risk.categories.flatMap((c) => c.terms);
    expect(terms).toEqual(expect.arrayContaining(['注水', '数据打架']));
    expect(terms.some((t) => t.includes('造假'))).toBe(true);
    expect(byId.d1!.risk.categories).toEqual([]);
    expect(byId.a1!.keywords.length).toBeGreaterThan(0);
  });

  it('groups copies of one article and folds them into one row with the count', async () => {
    const byId = Object.fromEntries((await feed('')).map((m) => [m.external_id, m.analysis!]));
    expect(byId.a2!.group.id).toBe(ids.a1);
    expect(byId.a3!.group.id).toBe(ids.a1);
    expect(byId.a1!.group).toMatchObject({ id: ids.a1, size: 3, dup_of: null });
    // The copy it is closest to: the original or the repost.
    expect([ids.a1, ids.a2]).toContain(byId.a3!.group.dup_of);
    expect(byId.b1!.group.size).toBe(1);
    const folded = await feed('fold=1');
    expect(externalIds(folded)).toEqual(['a1', 'b1', 'c1', 'd1']);
    expect(folded.find((m) => m.external_id === 'a1')!.analysis!.group.size).toBe(3);
  });

  it('filters the feed by sentiment, region (a prefecture includes its counties) and risk', async () => {
    const positive = externalIds(await feed('sentiment=positive'));
    expect(positive).toContain('d1');
    expect(positive).not.toContain('a1');
    expect(externalIds(await feed('sentiment=negative'))).toContain('a1');
    expect(externalIds(await feed('region=620100'))).toEqual(['a1', 'a2', 'a3']);
    expect(externalIds(await feed('region=620500'))).toEqual(['c1']);
    const a1 = (await feed('')).find((m) => m.external_id === 'a1')!;
    const category = a1.analysis!.risk.categories[0]!.id;
    expect(externalIds(await feed(`risk=${encodeURIComponent(category)}`))).toEqual(
      expect.arrayContaining(['a1', 'a2', 'a3']),
    );
    expect(externalIds(await feed(`risk=${encodeURIComponent(category)}`))).not.toContain('d1');
    const bad = await office.get('/api/v1/mentions?region=lanzhou');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.region');
  });

  it('searches words (all must occur; -word must not), traditional or simplified', async () => {
    expect(externalIds(await feed(`q=${encodeURIComponent('统计局 數據')}`))).toEqual([
      'a1',
      'a2',
      'a3',
      'c1',
    ]);
    expect(externalIds(await feed(`q=${encodeURIComponent('统计局 -造假')}`))).toEqual([
      'b1',
      'c1',
    ]);
    // LIKE wildcards are literal.
    expect(await feed(`q=${encodeURIComponent('统计_局')}`)).toEqual([]);
    expect(externalIds(await feed(`q=${encodeURIComponent('5.8%')}`))).toEqual(['b1']);
  });

  it('answers a syntax error with 422 and its position, on test and on save', async () => {
    const t = await office.post('/api/v1/schemes/test', { query: '(统计 造假' });
    expect(t.status).toBe(422);
    expect(t.body.error.details[0]).toMatchObject({ path: 'body.query', start: 0 });
    expect(typeof t.body.error.details[0].message_zh).toBe('string');
    const s = await office.post('/api/v1/schemes', { name: '坏方案', query: '统计 | ' });
    expect(s.status).toBe(422);
    expect(s.body.error.details[0].start).toBeGreaterThanOrEqual(3);
  });

  it('tests a query against stored history with the hit positions, before saving', async () => {
    const r = await office.post('/api/v1/schemes/test', { query: '統計局 (造假 | 質疑)' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.matched).toBe(4);
    expect(r.body.scanned).toBe(POSTS.length);
    const c1 = r.body.samples.find((s: { id: string }) => s.id === ids.c1);
    expect(c1).toBeDefined();
    const spans = c1.hits.map((h: { start: number; end: number }) =>
      (c1.text as string).slice(h.start, h.end),
    );
    expect(spans).toEqual(expect.arrayContaining(['统计局', '质疑']));
    const scoped = await office.post('/api/v1/schemes/test', { query: 'title:统计局' });
    expect(scoped.body.matched).toBe(1);
    expect(scoped.body.samples[0].id).toBe(ids.b1);
  });

  it('keeps schemes: matches new and stored posts, re-matches after an edit, archives', async () => {
    const created = await office.post('/api/v1/schemes', {
      name: '数据质疑',
      query: '统计局 (造假 | 质疑) -敦煌',
      alert: { severity: 'high', min_volume: 3, negative_only: true },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    // History was matched when the scheme was saved.
    expect(created.body.matches).toBe(4);
    expect(externalIds(await feed(`scheme=${id}`))).toEqual(['a1', 'a2', 'a3', 'c1']);
    // A new post is matched on arrival.
    const collector = await collectorClient(server, 'analysis test 2');
    await collector.post('/api/v1/ingest', [
      { id: 'e1', source: 'weibo', text: '有人质疑白银市统计局的数据' },
    ]);
    expect(externalIds(await feed(`scheme=${id}`))).toContain('e1');
    const mention = (await feed('')).find((m) => m.external_id === 'e1')!;
    expect(mention.analysis!.schemes).toEqual(expect.arrayContaining([{ id, name: '数据质疑' }]));
    // An edit re-matches history.
    const edited = await office.patch(`/api/v1/schemes/${id}`, { query: 'region:天水 统计局' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, matches: 1 });
    expect(externalIds(await feed(`scheme=${id}`))).toEqual(['c1']);
    const archived = await office.post(`/api/v1/schemes/${id}/archive`);
    expect(archived.body).toMatchObject({ matches: 0 });
    expect(archived.body.archived_at).not.toBeNull();
    const listed = (await office.get('/api/v1/schemes')).body.items as { id: string }[];
    expect(listed.map((s) => s.id)).not.toContain(id);
    const audit = (await admin.get(`/api/v1/audit?object_type=scheme&object_id=${id}`)).body
      .items as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['scheme.create', 'scheme.update', 'scheme.archive']),
    );
  });

  it('lists the demo schemes to every member of staff, and lets only some change them', async () => {
    const list = await viewer.get('/api/v1/schemes');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { name: string }) => s.name)).toContain('统计数据质量');
    const demo = list.body.items[0] as { id: string };
    expect((await viewer.post('/api/v1/schemes', { name: 'x', query: '统计' })).status).toBe(403);
    expect((await viewer.patch(`/api/v1/schemes/${demo.id}`, { name: 'x' })).status).toBe(403);
    // A division keeps its own unit's schemes, not the office's.
    expect((await division.patch(`/api/v1/schemes/${demo.id}`, { name: 'x' })).status).toBe(403);
    const own = await division.post('/api/v1/schemes', { name: '核算处方案', query: 'GDP 核算' });
    expect(own.status).toBe(201);
    expect(
      (await division.patch(`/api/v1/schemes/${own.body.id}`, { enabled: false })).status,
    ).toBe(200);
    // An informant in Lanzhou reads schemes but keeps none.
    expect((await informant.post('/api/v1/schemes', { name: 'x', query: '统计' })).status).toBe(
      403,
    );
  });

  it('edits the risk lexicon and the user words (office only) and re-analyses history', async () => {
    const settings = await office.get('/api/v1/analysis/settings');
    expect(settings.status).toBe(200);
    expect(settings.body.risk_lexicon_is_default).toBe(true);
    const lexicon = settings.body.risk_lexicon;
    lexicon.categories.push({
      id: 'tourism',
      name: '旅游投诉',
      nameEn: 'Tourism complaints',
      weight: 0.3,
      terms: ['月牙泉'],
    });
    expect((await viewer.put('/api/v1/analysis/risk-lexicon', { lexicon })).status).toBe(403);
    expect((await division.put('/api/v1/analysis/risk-lexicon', { lexicon })).status).toBe(403);
    const bad = await office.put('/api/v1/analysis/risk-lexicon', {
      lexicon: { categories: [{ id: 'x', name: 'x', nameEn: 'x', weight: 2, terms: ['a'] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^body\.lexicon\.categories\.0\.weight/);
    const put = await office.put('/api/v1/analysis/risk-lexicon', { lexicon });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.risk_lexicon_is_default).toBe(false);
    // Stored posts keep their analysis until history is analysed again.
    expect(await feed('risk=tourism')).toEqual([]);
    const started = await office.post('/api/v1/analysis/reanalyze', { stale_only: false });
    expect(started.status).toBe(202);
    expect(started.body.running).toBe(true);
    await server.app.services.analysis.idle();
    const status = (await office.get('/api/v1/analysis/status')).body;
    expect(status.running).toBe(false);
    expect(status.last).toMatchObject({ error: null, done: status.last.total });
    expect(status.last.total).toBeGreaterThanOrEqual(POSTS.length);
    expect(externalIds(await feed('risk=tourism'))).toEqual(['d1']);
    // Groups are rebuilt the same way from the first mention.
    const a1 = (await feed('')).find((m) => m.external_id === 'a1')!;
    expect(a1.analysis!.group).toMatchObject({ id: ids.a1, size: 3 });

    const words = await office.put('/api/v1/analysis/user-words', { words: ['青石发布', '陇上'] });
    expect(words.status).toBe(200);
    expect(words.body.user_words).toEqual(['青石发布', '陇上']);
    const badWords = await office.put('/api/v1/analysis/user-words', { words: ['a b'] });
    expect(badWords.status).toBe(400);
    expect(badWords.body.error.details[0].path).toBe('body.words.0');
  });

  it('analyses a text on request without storing it', async () => {
    const before = await server.store.db.selectFrom('mentions').select('id').execute();
    const r = await viewer.post('/api/v1/analyze', { text: '酒泉市统计局被曝瞒报数据，太失望了' });
    expect(r.status).toBe(200);
    expect(r.body.sentiment.label).toBe('negative');
    expect(r.body.regions.map((x: { adcode: string }) => x.adcode)).toContain('620900');
    const after = await server.store.db.selectFrom('mentions').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});
