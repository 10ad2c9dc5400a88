// Official information release through the HTTP API on a real server (SQLite, and PostgreSQL
// when DATABASE_URL is set), with a clock the test moves and a real webhook receiver on
// loopback: an approved statement is published and read back from the public page and the
// Atom feed (parsed by an XML parser); unapproved or edited-after-approval talking points are
// refused; only the office publishes; a correction and a withdrawal stay on the record; a failing
// channel is retried with back-off and alerts; a manual channel is proven with a screenshot; the
// share kit's QR code decodes to the statement's page; the statement clock and its breach.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDocument } from 'htmlparser2';
import { getElementsByTagName, textContent, getAttributeValue } from 'domutils';
import type { Element } from 'domhandler';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/notify/signing.ts';
import { parseFeed } from '../src/ingest/feed-parser.ts';
import { releaseText } from '../src/publish/release-text.ts';
import type { ReleaseContent } from '../src/publish/types.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

// jsqr is CommonJS with `exports.default`: its types describe the module, not the function.
const jsQR = jsQRModule as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const T0 = Date.parse('2026-11-29T02:00:00.000Z');
const MIN = 60_000;
const SECRET = 'release-webhook-secret-0123456789';
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Approval {
  id: string;
  docType: string;
  status: string;
  version: number;
  contentHash: string;
  title: string;
  body: string;
}
interface View {
  incident: {
    id: string;
    state: string;
    revision: number;
    eventIds: string[];
    releases: { id: string; approvalId: string; status: string; content: ReleaseContent }[];
  };
  approvals: Approval[];
  clocks: {
    key: string;
    status: string;
    targetAt: string;
    remainingMs: number | null;
    overdueMs: number | null;
    explanation: { reason: string } | null;
  }[];
}
interface Publication {
  id: string;
  channel: string;
  adapter: string;
  status: string;
  attempts: number;
  dueAt: string | null;
  lastError: string | null;
  url: string | null;
  proof: { sha256: string } | null;
}
interface ReleaseItem {
  id: string;
  status: string;
  contentHash: string;
  content: ReleaseContent;
  pageUrl: string;
  publications: Publication[];
}

/** A webhook receiver that checks our signature and answers as the test tells it. */
class Receiver {
  server: Server | null = null;
  received: { body: Record<string, unknown>; signed: boolean }[] = [];
  status = 200;

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const signed = verifyWebhookSignature(
          SECRET,
          req.headers['x-yuqing-timestamp'] as string | undefined,
          raw,
          req.headers['x-yuqing-signature'] as string | undefined,
          Math.floor(Date.now() / 1000),
        );
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        this.received.push({ body, signed });
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(
          this.status === 200
            ? JSON.stringify({
                url: `https://www.gansu.example/xxgk/${String(body.releaseId)}.html`,
                id: 'cms-1',
              })
            : JSON.stringify({ error: 'unavailable' }),
        );
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describe.each(DIALECTS)('official information release through the API on %s', (dialect) => {
  let server: TestServer;
  let now = T0;
  const receiver = new Receiver();
  let hookUrl = '';
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let unitId = '';
  const USERS = ['office', 'leader', 'deputy', 'viewer', 'division'];

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    hookUrl = await receiver.start();
    for (const u of USERS) {
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
      const b = (await as[u].get('/api/v1/auth/me')).body as { id: string; unit: { id: string } };
      ids[u] = b.id;
      if (u === 'office') unitId = b.unit.id;
    }
    const saved = await c('office').put('/api/v1/releases/settings', {
      siteTitle: '甘肃省统计局权威信息发布',
      publicBaseUrl: 'https://tjj.gansu.example',
      adapters: { website: { kind: 'webhook', url: hookUrl, secret: SECRET } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver.stop();
  });

  const c = (u: string): Client => {
    const client = as[u];
    if (!client) throw new Error(`no client ${u}`);
    return client;
  };
  async function step(u: string, iid: string, action: object, status = 200) {
    const r = await c(u).post(`/api/v1/incidents/${iid}/actions`, { action });
    expect(r.status, `${u} ${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(status);
    return r.body as View & {
      error?: { code: string; message: string; details?: { path: string }[] };
    };
  }
  async function approve(approvalId: string, u = 'leader') {
    const r = await c(u).post(`/api/v1/approvals/${approvalId}/decision`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as View;
  }
  const pending = (v: View, docType: string): Approval => {
    const a = v.approvals.find((x) => x.docType === docType && x.status === 'pending');
    if (!a) throw new Error(`no pending ${docType}`);
    return a;
  };
  async function view(iid: string): Promise<View> {
    return (await c('office').get(`/api/v1/incidents/${iid}`)).body as View;
  }
  async function release(id: string): Promise<ReleaseItem> {
    const r = await c('office').get(`/api/v1/releases/${id}`);
    expect(r.status).toBe(200);
    return r.body as ReleaseItem;
  }
  /** Opens a major incident, agrees a release plan, and activates the response. */
  async function responding(title: string, channels: string[], incident?: string): Promise<string> {
    let iid = incident;
    if (!iid) {
      const opened = await c('office').post('/api/v1/incidents', {
        title,
        unitId,
        source: { kind: 'manual', refId: null },
        mentionIds: [],
        eventIds: [],
      });
      expect(opened.status).toBe(201);
      iid = (opened.body as View).incident.id;
    }
    await step('office', iid, { type: 'start_assessment' });
    await step('office', iid, { type: 'set_leader_in_charge', userId: ids.deputy });
    await step('office', iid, { type: 'grade', grade: 'major', reason: '涉及数据真实性' });
    const planned = await step('office', iid, {
      type: 'submit_document',
      document: {
        docType: 'release_plan',
        title: '信息发布方案',
        body: '一小时内在官方网站发布情况说明，同步在新闻发布会上通报。',
        channels,
        aim: '澄清网传数据',
        audience: '公众与媒体',
        timing: '响应启动后一小时内',
        spokesperson: '新闻发言人',
      },
    });
    await approve(pending(planned, 'release_plan').id);
    const proposed = await step('office', iid, {
      type: 'propose_response_activation',
      title: '启动应急响应',
      body: '建议启动重大舆情应急响应。',
    });
    const active = await approve(pending(proposed, 'response_activation').id);
    expect(active.incident.state).toBe('responding');
    return iid;
  }
  async function points(iid: string, document: object): Promise<Approval> {
    const v = await step('office', iid, {
      type: 'submit_document',
      document: { docType: 'talking_points', ...document },
    });
    return pending(v, 'talking_points');
  }

  it('publishes approved talking points byte for byte: public page, Atom feed, signed webhook, proof; a correction and a withdrawal stay on the record', async () => {
    const iid = await responding('某市GDP数据造假传言', ['website', 'press_conference']);
    const clarification = {
      title: '关于网传某市GDP数据的说明',
      body: '近日，网传某市GDP数据“造假”。经核实，情况如下：\n\n该市数据由国家统计局统一核算，<b>依法</b>发布 & 可查。',
      pointsKind: 'clarification',
      claim: '网传某市2025年GDP数据造假',
      facts: '该市地区生产总值由国家统计局统一核算，与公布数据一致。',
      factSource: '国家统计局甘肃调查总队',
      qa: [{ question: '数据如何核算？', answer: '按照统一核算制度，由上级统计机构核定。' }],
    };
    const tp = await points(iid, clarification);

    // Not approved yet: refused, and nobody but the office may publish.
    const early = await step(
      'office',
      iid,
      { type: 'publish_release', approvalId: tp.id, channels: ['website'] },
      409,
    );
    expect(early.error?.code).toBe('approval_required');
    await approve(tp.id);
    for (const u of ['leader', 'deputy', 'viewer', 'division']) {
      await step(
        u,
        iid,
        { type: 'publish_release', approvalId: tp.id, channels: ['website'] },
        403,
      );
    }
    // A channel outside the approved plan is refused at the field.
    const outside = await step(
      'office',
      iid,
      { type: 'publish_release', approvalId: tp.id, channels: ['weibo'] },
      400,
    );
    expect(outside.error?.details?.[0]?.path).toMatch(/channels/);

    // Edited after approval: the new version needs its own approval, and the approved one is
    // no longer the one in force.
    const edited = await step('office', iid, {
      type: 'revise_document',
      approvalId: tp.id,
      title: clarification.title,
      body: `${clarification.body}（修改）`,
    });
    const v2 = pending(edited, 'talking_points');
    expect(
      (
        await step(
          'office',
          iid,
          { type: 'publish_release', approvalId: tp.id, channels: ['website'] },
          409,
        )
      ).error?.code,
    ).toBe('approval_required');
    expect(
      (
        await step(
          'office',
          iid,
          { type: 'publish_release', approvalId: v2.id, channels: ['website'] },
          409,
        )
      ).error?.code,
    ).toBe('approval_required');
    await approve(v2.id);
    const published = await step('office', iid, {
      type: 'publish_release',
      approvalId: v2.id,
      channels: ['website', 'press_conference'],
    });
    const first = published.incident.releases[0]!;
    expect(first.approvalId).toBe(v2.id);

    // Byte for byte: what the record carries is the approved version's text, hash and parts.
    const item = await release(first.id);
    expect(item.content.body).toBe(v2.body);
    expect(item.content.title).toBe(v2.title);
    expect(item.contentHash).toBe(v2.contentHash);
    expect(item.content).toMatchObject({
      kind: 'clarification',
      claim: clarification.claim,
      facts: clarification.facts,
      factSource: clarification.factSource,
      qa: clarification.qa,
    });
    expect(item.pageUrl).toBe(`https://tjj.gansu.example/releases/${first.id}`);

    // The public page, without signing in.
    const page = await fetch(`${server.url}/releases`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(`data-release-id="${first.id}"`);
    expect(html).toContain('&lt;b&gt;依法&lt;/b&gt;发布 &amp; 可查');
    expect(html).not.toContain('<b>依法</b>');
    const one = await fetch(`${server.url}/releases/${first.id}`);
    expect(one.status).toBe(200);
    expect(await one.text()).toContain(clarification.claim);
    expect((await fetch(`${server.url}/releases/no-such-statement`)).status).toBe(404);

    // The Atom feed: well-formed to our strict feed reader and to an XML parser.
    const feedRes = await fetch(`${server.url}/releases/feed.xml`);
    expect(feedRes.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const xml = await feedRes.text();
    const parsed = parseFeed(xml);
    expect(parsed.errors).toEqual([]);
    expect(parsed.bozo).toBe(false);
    expect(parsed.entries.some((e) => e.content?.includes('依法'))).toBe(true);
    const doc = parseDocument(xml, { xmlMode: true });
    const feed = getElementsByTagName('feed', doc, true)[0] as Element;
    expect(getAttributeValue(feed, 'xmlns')).toBe('http://www.w3.org/2005/Atom');
    const entries = getElementsByTagName('entry', doc, true);
    const entry = entries.find((e) =>
      textContent(getElementsByTagName('id', e, true)[0]!).includes(first.id),
    );
    if (!entry) throw new Error('the statement is not in the feed');
    expect(textContent(getElementsByTagName('title', entry, true)[0]!)).toContain(v2.title);
    const content = textContent(getElementsByTagName('content', entry, true)[0]!);
    expect(content).toContain('&lt;b&gt;依法&lt;/b&gt;发布 &amp; 可查');
    expect(textContent(getElementsByTagName('name', entry, true)[0]!)).toBeTruthy();

    // The website's CMS got a signed push of the same words; the press conference awaits a
    // person's proof.
    await server.app.services.releases.idle();
    await server.app.services.releases.sendDue();
    const hook = receiver.received.find((r) => r.body.releaseId === first.id);
    expect(hook?.signed).toBe(true);
    expect(hook?.body.body).toBe(v2.body);
    expect(hook?.body.text).toBe(releaseText(item.content));
    let pubs = (await release(first.id)).publications;
    const website = pubs.find((p) => p.channel === 'website')!;
    expect(website).toMatchObject({
      adapter: 'webhook',
      status: 'published',
      attempts: 1,
      url: `https://www.gansu.example/xxgk/${first.id}.html`,
    });
    const press = pubs.find((p) => p.channel === 'press_conference')!;
    expect(press).toMatchObject({ adapter: 'manual', status: 'awaiting_proof' });
    const proofUrl = `/api/v1/publications/${press.id}/proof`;
    const proof = {
      url: 'https://www.gansu.example/xwfb/2026-11-29.html',
      screenshot: { name: 'shot.png', type: 'image/png', data: PNG_1x1.toString('base64') },
    };
    expect((await c('viewer').post(proofUrl, proof)).status).toBe(403);
    expect((await c('leader').post(proofUrl, proof)).status).toBe(403);
    const noShot = await c('office').post(proofUrl, { url: proof.url });
    expect(noShot.status).toBe(400);
    expect(JSON.stringify(noShot.body)).toContain('body.screenshot');
    const fake = await c('office').post(proofUrl, {
      ...proof,
      screenshot: { ...proof.screenshot, data: Buffer.from('not a png').toString('base64') },
    });
    expect(fake.status).toBe(400);
    expect((await c('office').post(proofUrl, proof)).status).toBe(200);
    pubs = (await release(first.id)).publications;
    expect(pubs.find((p) => p.id === press.id)).toMatchObject({
      status: 'published',
      url: proof.url,
    });
    const shot = await fetch(server.url + proofUrl, {
      headers: { cookie: c('viewer').cookie ?? '' },
    });
    expect(shot.status).toBe(200);
    expect(Buffer.from(await shot.arrayBuffer()).equals(PNG_1x1)).toBe(true);

    // The share kit: attributed wording with the page link, and a QR code of that link.
    const kit = (await c('viewer').get(`/api/v1/releases/${first.id}/share-kit`)).body as {
      text: string;
      qaText: string;
      pageUrl: string;
      qrPng: string;
      qrSvg: string;
    };
    expect(kit.text).toContain(v2.body);
    expect(kit.text).toContain(kit.pageUrl);
    expect(kit.qaText).toContain('数据如何核算？');
    expect(kit.qrSvg).toMatch(/^<svg/);
    const png = PNG.sync.read(
      Buffer.from(kit.qrPng.replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(kit.pageUrl);

    // A correction: the office publishes a new approved version that corrects the first.
    const corr = await step('office', iid, {
      type: 'revise_document',
      approvalId: v2.id,
      title: `${clarification.title}（更正）`,
      body: '更正：该市数据经国家统计局核定，与公布数据一致。',
    });
    const v3 = pending(corr, 'talking_points');
    await approve(v3.id);
    const corrected = await step('office', iid, {
      type: 'publish_release',
      approvalId: v3.id,
      channels: ['website'],
      corrects: first.id,
    });
    const second = corrected.incident.releases.find((r) => r.approvalId === v3.id)!;
    expect((await release(first.id)).status).toBe('corrected');
    const history = await (await fetch(`${server.url}/releases/${first.id}`)).text();
    expect(history).toContain(`/releases/${second.id}`);
    const feed2 = await (await fetch(`${server.url}/releases/feed.xml`)).text();
    expect(feed2).toContain('【已更正】');

    // A withdrawal: only the office, with a reason; it stays listed, marked, with the reason.
    await step(
      'leader',
      iid,
      { type: 'withdraw_release', releaseId: second.id, reason: '口径有误' },
      403,
    );
    await step('office', iid, {
      type: 'withdraw_release',
      releaseId: second.id,
      reason: '口径有误',
    });
    const list = await (await fetch(`${server.url}/releases`)).text();
    expect(list).toContain(`data-release-id="${second.id}"`);
    expect(list).toMatch(
      new RegExp(
        `data-release-id="${second.id}"[^>]*data-status="withdrawn"|data-status="withdrawn"[^>]*data-release-id="${second.id}"`,
      ),
    );
    expect(list).toContain('口径有误');
    expect((await c('viewer').get(`/api/v1/releases/${second.id}/share-kit`)).status).toBe(409);

    // The public record cannot be rewritten unnoticed: an edit in the database shows in the
    // audit check, naming the statement.
    const verify = async () =>
      (await c('leader').get('/api/v1/audit/verify')).body as {
        records: { problems: { type: string; id: string }[] };
      };
    expect((await verify()).records.problems.filter((p) => p.type === 'release')).toEqual([]);
    const row = await server.store.db
      .selectFrom('releases')
      .select('content')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const tampered = { ...(JSON.parse(row.content) as ReleaseContent), body: '篡改的正文' };
    await server.store.db
      .updateTable('releases')
      .set({ content: JSON.stringify(tampered) })
      .where('id', '=', first.id)
      .execute();
    expect((await verify()).records.problems).toContainEqual(
      expect.objectContaining({ type: 'release', id: first.id }),
    );
    await server.store.db
      .updateTable('releases')
      .set({ content: row.content })
      .where('id', '=', first.id)
      .execute();
  }, 60_000);

  it('a failing channel is retried with back-off, then raises an alert; a person retries it', async () => {
    const iid = await responding('网传统计数据失实', ['website']);
    const tp = await points(iid, { title: '情况说明', body: '经核实，网传数据失实。' });
    await approve(tp.id);
    receiver.status = 503;
    const published = await step('office', iid, {
      type: 'publish_release',
      approvalId: tp.id,
      channels: ['website'],
    });
    const rid = published.incident.releases[0]!.id;
    await server.app.services.releases.idle();
    const delays = [30, 120, 600, 1800];
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (attempt > 1) {
        // Not yet due one second before its time; due at it.
        now += delays[attempt - 2]! * 1000 - 1000;
        expect(await server.app.services.releases.sendDue()).toBe(0);
        now += 1000;
        expect(await server.app.services.releases.sendDue()).toBe(1);
      }
      const pub = (await release(rid)).publications[0]!;
      expect(pub.attempts).toBe(attempt);
      expect(pub.lastError).toMatch(/503/);
      expect(pub.status).toBe(attempt < 5 ? 'pending' : 'failed');
    }
    const alerts = (await c('office').get('/api/v1/alerts?status=active&limit=100')).body as {
      items: { title: string; summary: string; kind: string; severity: string }[];
    };
    expect(alerts.items.filter((a) => a.title.includes('权威信息发布失败'))).toMatchObject([
      { kind: 'incident', severity: 'major', summary: expect.stringContaining('《情况说明》') },
    ]);
    // A person retries once the receiver is back.
    receiver.status = 200;
    const pub = (await release(rid)).publications[0]!;
    expect((await c('leader').post(`/api/v1/publications/${pub.id}/retry`)).status).toBe(403);
    expect((await c('office').post(`/api/v1/publications/${pub.id}/retry`)).status).toBe(200);
    await server.app.services.releases.idle();
    await server.app.services.releases.sendDue();
    expect((await release(rid)).publications[0]).toMatchObject({
      status: 'published',
      attempts: 1,
    });
  }, 60_000);

  it('the first statement is due an hour after activation: met, or breached with its reason', async () => {
    // Met: published 40 minutes after the response was activated.
    const met = await responding('按时发布', ['press_conference']);
    const tpMet = await points(met, { title: '声明', body: '按时发布的声明。' });
    await approve(tpMet.id);
    now += 40 * MIN;
    await step('office', met, {
      type: 'publish_release',
      approvalId: tpMet.id,
      channels: ['press_conference'],
    });
    expect((await view(met)).clocks.find((k) => k.key === 'first_statement')).toMatchObject({
      status: 'met',
    });

    // Breached: still running at 59 minutes, breached at 61, explained, then published late.
    const late = await responding('迟发布', ['press_conference']);
    const activatedAt = now;
    now = activatedAt + 59 * MIN;
    let clock = (await view(late)).clocks.find((k) => k.key === 'first_statement')!;
    expect(clock).toMatchObject({ status: 'running', remainingMs: MIN });
    expect(clock.targetAt).toBe(new Date(activatedAt + 60 * MIN).toISOString());
    now = activatedAt + 61 * MIN;
    clock = (await view(late)).clocks.find((k) => k.key === 'first_statement')!;
    expect(clock).toMatchObject({ status: 'breached', overdueMs: MIN, explanation: null });
    await step('office', late, {
      type: 'explain_breach',
      clockKey: 'first_statement',
      reason: '待上级核定数据',
    });
    const tp = await points(late, { title: '声明', body: '迟到的声明。' });
    await approve(tp.id);
    now = activatedAt + 90 * MIN;
    await step('office', late, {
      type: 'publish_release',
      approvalId: tp.id,
      channels: ['press_conference'],
    });
    clock = (await view(late)).clocks.find((k) => k.key === 'first_statement')!;
    expect(clock).toMatchObject({
      status: 'breached',
      overdueMs: 30 * MIN,
      explanation: { reason: '待上级核定数据' },
    });
  }, 60_000);

  it('shows the linked event’s volume before and after the statement', async () => {
    const rule = await c('office').post('/api/v1/alert-rules', {
      name: '数据造假（发布效果）',
      severity: 'major',
      conditions: { riskCategories: ['data_falsification'], minVolume: 1 },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const collector = await collectorClient(server, 'release effect collector');
    const post = (n: number, minutesAgo: number) => ({
      source: 'weibo',
      external_id: `effect-${n}`,
      url: `https://weibo.example/effect-${n}`,
      author: `网友${n}`,
      title: null,
      text: `网传临夏州统计局篡改工业增加值数据，统计数据造假，要求彻查 ${n}`,
      published_at: new Date(now - minutesAgo * MIN).toISOString(),
    });
    expect(
      (await collector.post('/api/v1/ingest', [post(1, 50), post(2, 40), post(3, 30)])).status,
    ).toBe(200);
    const alerts = (await c('office').get('/api/v1/alerts?status=active&limit=100')).body as {
      items: { id: string; kind: string; title: string; incident_id: string | null }[];
    };
    const alert = alerts.items.find((a) => a.kind === 'event' && !a.incident_id);
    if (!alert) throw new Error('no event alert');
    await c('office').post(`/api/v1/alerts/${alert.id}/ack`);
    const linked = await c('office').post(`/api/v1/alerts/${alert.id}/link`, {
      title: '临夏数据传言',
    });
    const iid = (linked.body as { incident_id: string }).incident_id;
    await responding('', ['press_conference'], iid);
    const tp = await points(iid, { title: '说明', body: '临夏州数据依法核算。' });
    await approve(tp.id);
    const published = await step('office', iid, {
      type: 'publish_release',
      approvalId: tp.id,
      channels: ['press_conference'],
    });
    const rid = published.incident.releases[0]!.id;
    const eventId = published.incident.eventIds[0]!;
    now += 20 * MIN;
    expect((await collector.post('/api/v1/ingest', [post(4, 5)])).status).toBe(200);

    const effect = (await c('viewer').get(`/api/v1/releases/${rid}/effect?hours=2`)).body as {
      events: {
        eventId: string;
        before: { mentions: number };
        after: { mentions: number };
        series: { mentions: number }[];
      }[];
    };
    const e = effect.events.find((x) => x.eventId === eventId);
    expect(e?.before.mentions).toBe(3);
    expect(e?.after.mentions).toBe(1);
    expect(e?.series).toHaveLength(4);
    expect(e?.series.reduce((s, b) => s + b.mentions, 0)).toBe(4);
    const byEvent = (await c('viewer').get(`/api/v1/events/${eventId}/release-effect?hours=2`))
      .body as {
      items: { releaseId: string }[];
    };
    expect(byEvent.items.map((x) => x.releaseId)).toEqual([rid]);
  }, 60_000);
});
