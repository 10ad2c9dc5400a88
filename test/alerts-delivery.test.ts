// Early warning, the rest of the path: in-app delivery over the live SSE stream (to those whose
// scope holds the alert), debouncing that turns a storm into one message carrying the latest
// figures, a failing source raising a coverage alert once, and the page of a web mention kept
// as fetched when its alert fired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../src/notify/test-fixtures.ts';
import { serveLoopback, type LoopbackServer } from './loopback.ts';
import { Client, collectorClient, DIALECTS, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';
const SECRET = 'webhook-secret-for-tests-0123456789';
const START = Date.parse('2026-11-30T02:00:00.000Z');

/** Reads server-sent events from the live stream until `want` of the given type arrived. */
async function readEvents(
  client: Client,
  type: string,
  want: number,
  during: () => Promise<void>,
  maxWaitMs = 10_000,
): Promise<unknown[]> {
  const controller = new AbortController();
  const res = await fetch(`${client.base}/api/v1/live`, {
    headers: { cookie: client.cookie ?? '' },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const got: unknown[] = [];
  let buffer = '';
  const reading = (async () => {
    while (got.length < want) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event === type && data) got.push(JSON.parse(data));
      }
    }
  })();
  await during();
  await Promise.race([reading, new Promise((r) => setTimeout(r, maxWaitMs))]);
  controller.abort();
  return got;
}

describe.each(DIALECTS)('alert delivery on %s', (dialect) => {
  let now = START;
  let server: TestServer;
  let office: Client;
  let collector: Client;
  let hook: Receiver;
  let site: LoopbackServer;
  let failing = true;

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    office = await new Client(server.url).login('office', DEMO_PASSWORD);
    // The demo's rules (made from its schemes' alert settings) are switched off: each case
    // here makes the rules it is about.
    const demoRules = (await office.get('/api/v1/alert-rules')).body.items as {
      id: string;
      name: string;
    }[];
    for (const r of demoRules) {
      expect((await office.patch(`/api/v1/alert-rules/${r.id}`, { enabled: false })).status).toBe(
        200,
      );
    }
    collector = await collectorClient(server, 'delivery collector');
    hook = await startReceiver(() => ({ json: { ok: true } }));
    expect(
      (
        await office.post('/api/v1/alert-channels', {
          name: '值班群',
          config: { kind: 'webhook', url: `${hook.base}/hook`, secret: SECRET },
        })
      ).status,
    ).toBe(201);
    site = await serveLoopback((req, res) => {
      if (req.url === '/feed.xml') {
        if (failing) res.writeHead(500).end('down');
        else
          res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(
              '<?xml version="1.0"?><rss version="2.0"><channel><title>县政府</title><item><title>通知</title><link>https://county.example/n/1</link><description>今日通知</description></item></channel></rss>',
            );
      } else if (req.url === '/list') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<html><body><ul><li><a href="/a/1">青石县统计数据造假调查</a></li></ul></body></html>',
        );
      } else if (req.url === '/a/1') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<html><head><title>青石县统计数据造假调查</title></head><body><article><h1>青石县统计数据造假调查</h1><p>记者调查发现，青石县统计局篡改农民人均可支配收入数据，数据造假严重。</p></article></body></html>',
        );
      } else res.writeHead(404).end();
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  it('in-app: the alert reaches the live stream at once, marked for those it is addressed to', async () => {
    // A rule of the provincial bureau, which keeps no roster of its own: the office's duty.
    const units = (await office.get('/api/v1/units')).body.items as { id: string; kind: string }[];
    const bureau = units.find((u) => u.kind === 'bureau')!;
    const rule = await office.post('/api/v1/alert-rules', {
      name: '停水',
      unit_id: bureau.id,
      severity: 'high',
      conditions: { regions: ['620100'] },
    });
    expect(rule.status).toBe(201);
    const informant = await new Client(server.url).login('informant', DEMO_PASSWORD);
    const [seen, unseen] = await Promise.all([
      readEvents(office, 'alert', 1, async () => {
        await collector.post('/api/v1/ingest', [
          { id: 'w-1', source: 'weibo', text: '兰州市城关区停水两天了，没有任何通知' },
        ]);
        await server.app.services.alertDispatcher.sendDue();
      }),
      // An informant may not read alerts: the stream tells them nothing.
      readEvents(informant, 'alert', 1, () => new Promise((r) => setTimeout(r, 1500)), 2000),
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      kind: 'fired',
      severity: 'high',
      title: '兰州市城关区停水两天了，没有任何通知',
    });
    expect(Object.keys(seen[0] as object).sort()).toEqual([
      'alertId',
      'at',
      'forMe',
      'kind',
      'severity',
      'title',
    ]);
    expect(unseen).toEqual([]);
    const alert = (await office.get(`/api/v1/alerts/${(seen[0] as { alertId: string }).alertId}`))
      .body;
    expect(alert.chain[0].role).toBe('on_duty');
    expect(alert.chain[0].people.length).toBeGreaterThan(0);
    expect(alert.escalation_role).toBe('on_duty');
  });

  it('debounce: a storm is one message, carrying the figures when it goes', async () => {
    await office.post('/api/v1/alert-rules', {
      name: '物价',
      severity: 'normal',
      conditions: { riskCategories: ['data_falsification'] },
      debounce_seconds: 300,
    });
    const before = hook.received.length;
    const text = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';
    await collector.post('/api/v1/ingest', [
      { id: 'd-1', source: 'weibo', author: '陇上观察', text },
    ]);
    await server.app.services.alertDispatcher.sendDue();
    expect(hook.received.length).toBe(before);
    // More of the same story within the five minutes: still nothing sent, the same waiting message.
    for (let i = 2; i <= 7; i++) {
      now += 20_000;
      await collector.post('/api/v1/ingest', [
        { id: `d-${i}`, source: 'weibo', author: `网友${i}`, text: `转发 //@陇上观察:${text}` },
      ]);
      await server.app.services.alertDispatcher.sendDue();
    }
    expect(hook.received.length).toBe(before);
    now = START + 6 * 60_000;
    await server.app.services.alertDispatcher.sendDue();
    const sent = hook.received
      .slice(before)
      .map((r) => JSON.parse(r.body) as { kind: string; summary: string });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.kind).toBe('fired');
    expect(sent[0]?.summary).toContain('共 7 条');
  });

  it('a failing source raises one coverage alert, which says when the source is back', async () => {
    const source = await office.post('/api/v1/sources', {
      key: 'county-feed',
      name: '县政府网站 RSS',
      type: 'feed',
      address: `${site.url}/feed.xml`,
      schedule: '*/10 * * * *',
    });
    expect(source.status).toBe(201);
    for (let i = 0; i < 3; i++) await office.post(`/api/v1/sources/${source.body.id}/run`);
    const dispatcher = server.app.services.alertDispatcher;
    expect(await dispatcher.checkSources()).toBe(1);
    expect(await dispatcher.checkSources()).toBe(0);
    const alerts = (await office.get('/api/v1/alerts?kind=coverage')).body.items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'coverage',
      severity: 'high',
      source_id: source.body.id,
    });
    expect(alerts[0].title).toContain('县政府网站 RSS');
    expect(alerts[0].summary).toContain('the last 3 polls failed');
    // Back: the alert stays for a person to close, and says the source recovered.
    failing = false;
    expect((await office.post(`/api/v1/sources/${source.body.id}/run`)).status).toBe(200);
    expect(await dispatcher.checkSources()).toBe(0);
    const after = (await office.get(`/api/v1/alerts/${alerts[0].id}`)).body;
    expect(after.status).toBe('open');
    expect(after.summary).toMatch(/^已恢复/);
  });

  it('keeps the page of a web mention as fetched when its alert fired', async () => {
    await office.post('/api/v1/alert-rules', {
      name: '网页造假报道',
      severity: 'high',
      conditions: { riskCategories: ['data_falsification'], minVolume: 1 },
    });
    const web = await office.post('/api/v1/sources', {
      key: 'county-news',
      name: '县新闻网',
      type: 'web',
      address: `${site.url}/list`,
      schedule: '*/10 * * * *',
      config: { itemSelector: 'li a' },
    });
    expect(web.status).toBe(201);
    const run = await office.post(`/api/v1/sources/${web.body.id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const all = (await office.get('/api/v1/alerts?status=all')).body.items as { id: string }[];
    let evidence: { id: string; url: string; html_status: string } | undefined;
    let alertId = '';
    for (const a of all) {
      const d = (await office.get(`/api/v1/alerts/${a.id}`)).body;
      const e = d.evidence.find((x: { url: string }) => x.url === `${site.url}/a/1`);
      if (e) {
        evidence = e;
        alertId = a.id;
      }
    }
    expect(evidence).toMatchObject({ html_status: 'pending' });
    expect(await server.app.services.alertDispatcher.fetchEvidencePages()).toBeGreaterThanOrEqual(
      1,
    );
    const page = await office.get(`/api/v1/alerts/${alertId}/evidence/${evidence!.id}/html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/plain');
    expect(page.body).toContain('<article><h1>青石县统计数据造假调查</h1>');
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD);
    expect(
      (await viewer.get(`/api/v1/alerts/${alertId}/evidence/${evidence!.id}/html`)).status,
    ).toBe(200);
    expect(
      (await new Client(server.url).get(`/api/v1/alerts/${alertId}/evidence/${evidence!.id}/html`))
        .status,
    ).toBe(401);
  });
});
