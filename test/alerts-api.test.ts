// Early warning over HTTP on a real server with a clock the test moves: a rule fires one alert
// per event inside the ingest commit, the outbox delivers it to a signed webhook on loopback,
// the alert grows instead of duplicating, escalates along the chain copied when it fired,
// is acknowledged, dismissed (a reason; a major one only by the office head) or linked to a
// placeholder incident; a failing channel is retried with back-off and then raises its own
// alert; quiet hours hold back an ordinary alert but never a major one; the evidence outlives
// retention; the coverage check counts late alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/notify/signing.ts';
import { startReceiver, type Receiver } from '../src/notify/test-fixtures.ts';
import { RetentionService } from '../src/services/retention.service.ts';
import { Client, collectorClient, DIALECTS, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';
const SECRET = 'webhook-secret-for-tests-0123456789';
// Monday 30 November 2026, 10:00 in Beijing: the demo roster's day shift is on.
const START = Date.parse('2026-11-30T02:00:00.000Z');
const MIN = 60_000;

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';
const post = (id: string, text = RUMOUR, author = '陇上观察') => ({
  id,
  source: 'weibo',
  author,
  text,
  url: `https://weibo.example/${id}`,
});

describe.each(DIALECTS)('alerts over HTTP on %s', (dialect) => {
  let now = START;
  let server: TestServer;
  let office: Client;
  let collector: Client;
  let hook: Receiver;
  let broken: Receiver;
  let ruleId: string;
  let alertId: string;
  const services = () => server.app.services;
  const deliver = async () => {
    await services().alertDispatcher.sendDue();
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    office = await new Client(server.url).login('office', DEMO_PASSWORD);
    // The demo's rules (made from its schemes' alert settings) are switched off: each case
    // here makes the rules it is about.
    const demoRules = (await office.get('/api/v1/alert-rules')).body.items as {
      id: string;
      name: string;
    }[];
    expect(demoRules.map((r) => r.name).sort()).toEqual(['统计数据质量', '青石县（演示事件）']);
    for (const r of demoRules) {
      const off = await office.patch(`/api/v1/alert-rules/${r.id}`, { enabled: false });
      expect(off.status).toBe(200);
      // Switching off changes nothing else.
      expect(off.body).toEqual({ ...r, enabled: false, updated_at: off.body.updated_at });
    }
    collector = await collectorClient(server, 'alerts collector');
    hook = await startReceiver(() => ({ json: { ok: true } }));
    broken = await startReceiver(() => ({ status: 500, text: 'down' }));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('refuses without sign-in, and rules and channels to those who may not manage them', async () => {
    const anon = new Client(server.url);
    expect((await anon.get('/api/v1/alerts')).status).toBe(401);
    expect((await anon.post('/api/v1/alert-rules', {})).status).toBe(401);
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD);
    expect((await viewer.get('/api/v1/alerts')).status).toBe(200);
    const denied = await viewer.post('/api/v1/alert-rules', { name: 'x', severity: 'normal' });
    expect(denied.status).toBe(403);
    expect((await viewer.get('/api/v1/alert-channels')).status).toBe(403);
  });

  it('says what is wrong with a rule or a channel, and where', async () => {
    const badClock = await office.post('/api/v1/alert-rules', {
      name: '坏规则',
      severity: 'high',
      quiet_hours: { from: '25:00', to: '07:00' },
    });
    expect(badClock.status).toBe(400);
    expect(badClock.body.error.details[0].path).toBe('body.quiet_hours.from');
    const noScheme = await office.post('/api/v1/alert-rules', {
      name: '坏规则',
      severity: 'high',
      conditions: { schemeIds: ['no-such-scheme'] },
    });
    expect(noScheme.status).toBe(400);
    expect(noScheme.body.error.details[0].path).toBe('body.conditions.schemeIds.0');
    const noUnit = await office.post('/api/v1/alert-rules', {
      name: '坏规则',
      severity: 'high',
      unit_id: 'no-such-unit',
    });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details[0].path).toBe('body.unit_id');
    const shortSecret = await office.post('/api/v1/alert-channels', {
      name: '坏渠道',
      config: { kind: 'webhook', url: `${hook.base}/hook`, secret: 'short' },
    });
    expect(shortSecret.status).toBe(400);
    expect(shortSecret.body.error.details[0].path).toBe('body.config.secret');
  });

  it('fires one alert when the rule is met, delivered to a signed webhook', async () => {
    const channel = await office.post('/api/v1/alert-channels', {
      name: '值班群 webhook',
      config: { kind: 'webhook', url: `${hook.base}/hook`, secret: SECRET },
    });
    expect(channel.status).toBe(201);
    // The secret never comes back.
    expect(JSON.stringify(channel.body)).not.toContain(SECRET);
    const rule = await office.post('/api/v1/alert-rules', {
      name: '数据造假',
      severity: 'high',
      conditions: { riskCategories: ['data_falsification'], minVolume: 2 },
    });
    expect(rule.status).toBe(201);
    ruleId = rule.body.id as string;

    // One mention: below the rule's volume.
    expect((await collector.post('/api/v1/ingest', [post('a-1')])).status).toBe(200);
    expect((await office.get('/api/v1/alerts')).body.items).toEqual([]);

    now += MIN;
    await collector.post('/api/v1/ingest', [
      post('a-2', `太离谱了 //@陇上观察:${RUMOUR}`, '网友甲'),
    ]);
    const list = await office.get('/api/v1/alerts');
    expect(list.body.items).toHaveLength(1);
    const alert = list.body.items[0];
    alertId = alert.id as string;
    expect(alert).toMatchObject({
      kind: 'event',
      severity: 'high',
      status: 'open',
      mention_count: 2,
      rule_ids: [ruleId],
      ack_due_at: new Date(now + 30 * MIN).toISOString(),
    });
    expect(alert.summary).toContain('「数据造假」');

    // The evidence: both mentions as published.
    const detail = await office.get(`/api/v1/alerts/${alertId}`);
    expect(detail.body.evidence.map((e: { url: string }) => e.url).sort()).toEqual([
      'https://weibo.example/a-1',
      'https://weibo.example/a-2',
    ]);
    expect(detail.body.evidence[0].text).toContain('数据造假');
    // The chain as it stood: the person on duty, the office head, the leader in charge.
    expect(detail.body.chain.map((s: { role: string }) => s.role)).toEqual([
      'on_duty',
      'office_head',
      'leader_in_charge',
    ]);
    expect(detail.body.chain[2].people.length).toBeGreaterThan(0);
    // Its firing is the first line of its history (the audit log).
    expect(detail.body.history[0]).toMatchObject({ actor: 'system', action: 'alert.fire' });

    // The outbox: in-app and the webhook, sent when the dispatcher runs.
    expect(
      detail.body.deliveries.map((d: { channel_kind: string }) => d.channel_kind).sort(),
    ).toEqual(['in_app', 'webhook']);
    await deliver();
    expect(hook.received).toHaveLength(1);
    const got = hook.received[0]!;
    const ts = got.headers['x-yuqing-timestamp'] as string;
    expect(
      verifyWebhookSignature(
        SECRET,
        ts,
        got.body,
        got.headers['x-yuqing-signature'] as string,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ alertId, kind: 'fired', severity: 'high' });
    // A group webhook hears who was told, not their phone numbers or addresses.
    expect(body.recipients.length).toBeGreaterThan(0);
    for (const r of body.recipients) expect(r).toMatchObject({ email: null, phone: null });
    const sent = await office.get(`/api/v1/alerts/${alertId}`);
    expect(sent.body.deliveries.every((d: { status: string }) => d.status === 'sent')).toBe(true);
  });

  it('updates the same alert as the event grows, and tells again only when it grew enough', async () => {
    now += MIN;
    await collector.post('/api/v1/ingest', [post('a-3', `转发 //@陇上观察:${RUMOUR}`, '网友乙')]);
    await deliver();
    let list = await office.get('/api/v1/alerts');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].mention_count).toBe(3);
    // 3 < 2 × 2: no new message.
    expect(hook.received).toHaveLength(1);
    now += MIN;
    await collector.post('/api/v1/ingest', [post('a-4', `再转 //@陇上观察:${RUMOUR}`, '网友丙')]);
    await deliver();
    list = await office.get('/api/v1/alerts');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].mention_count).toBe(4);
    expect(hook.received).toHaveLength(2);
    expect(JSON.parse(hook.received[1]!.body)).toMatchObject({ alertId, kind: 'grown' });
  });

  it('escalates along the chain it fired with, when the deadline passes unacknowledged', async () => {
    // Changing who heads the office now does not rewrite the alert's chain.
    const before = (await office.get(`/api/v1/alerts/${alertId}`)).body;
    const step0 = before.escalation_step as number;
    expect(await services().alerts.escalateDue()).toBe(0);
    now = Date.parse(before.ack_due_at as string) + 1000;
    expect(await services().alerts.escalateDue()).toBe(1);
    await deliver();
    const after = (await office.get(`/api/v1/alerts/${alertId}`)).body;
    expect(after.escalation_step).toBeGreaterThan(step0);
    expect(after.coverage_reasons).toEqual(['overdue']);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({ kind: 'escalated' });
    expect(after.history.map((h: { action: string }) => h.action)).toContain('alert.escalate');
    expect(after.chain).toEqual(before.chain);
    const coverage = await office.get('/api/v1/alerts/coverage');
    expect(coverage.body.overdue).toBe(1);
    expect(coverage.body.items[0].id).toBe(alertId);
  });

  it('acknowledge, then dismiss with a reason; nothing is deleted', async () => {
    const noAckYet = await office.post(`/api/v1/alerts/${alertId}/dismiss`, {
      reason: '已核实为旧闻',
    });
    expect(noAckYet.status).toBe(409);
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD);
    expect((await viewer.post(`/api/v1/alerts/${alertId}/ack`)).status).toBe(403);
    const ack = await office.post(`/api/v1/alerts/${alertId}/ack`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', next_escalation_at: null });
    expect(ack.body.acknowledged_name).toBeTruthy();
    // Acknowledged: no more escalation, however late.
    now += 120 * MIN;
    expect(await services().alerts.escalateDue()).toBe(0);
    const noReason = await office.post(`/api/v1/alerts/${alertId}/dismiss`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('body.reason');
    const dismissed = await office.post(`/api/v1/alerts/${alertId}/dismiss`, {
      reason: '已核实：系旧闻转发，无新情况',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      close_reason: '已核实：系旧闻转发，无新情况',
    });
    expect(
      (await office.get('/api/v1/alerts?status=all')).body.items.map((a: { id: string }) => a.id),
    ).toContain(alertId);
    expect((await office.request('DELETE', `/api/v1/alerts/${alertId}`)).status).toBe(404);
  });

  it('never holds back a major alert in quiet hours; an ordinary one waits for their end', async () => {
    // 23:00 in Beijing: quiet from 22:00 to 07:00.
    now = Date.parse('2026-11-30T15:00:00.000Z');
    const quiet = { from: '22:00', to: '07:00' };
    const normal = await office.post('/api/v1/alert-rules', {
      name: '停水投诉',
      severity: 'normal',
      conditions: { regions: ['620100'] },
      quiet_hours: quiet,
    });
    expect(normal.status).toBe(201);
    const major = await office.post('/api/v1/alert-rules', {
      name: '群体性事件',
      severity: 'major',
      conditions: { riskCategories: ['mass_incident'] },
      quiet_hours: quiet,
    });
    expect(major.status).toBe(201);
    const sentBefore = hook.received.length;
    await collector.post('/api/v1/ingest', [
      post('q-1', '兰州市七里河区停水三天，居民反映无人回应，自来水公司电话打不通'),
    ]);
    await deliver();
    const waiting = (await office.get('/api/v1/alerts')).body.items.find(
      (a: { severity: string }) => a.severity === 'normal',
    );
    expect(waiting).toBeDefined();
    const detail = (await office.get(`/api/v1/alerts/${waiting.id}`)).body;
    expect(
      detail.deliveries.every(
        (d: { status: string; due_at: string }) =>
          d.status === 'pending' && d.due_at === '2026-11-30T23:00:00.000Z',
      ),
    ).toBe(true);
    expect(hook.received.length).toBe(sentBefore);

    await collector.post('/api/v1/ingest', [
      post('q-2', '某县数百名群众聚集在县政府门口集体上访，现场发生冲突，有人受伤', '现场目击'),
    ]);
    const risks = await office.get('/api/v1/alerts');
    const urgent = risks.body.items.find((a: { severity: string }) => a.severity === 'major');
    expect(
      urgent,
      JSON.stringify(
        risks.body.items.map((a: { title: string; severity: string }) => [a.title, a.severity]),
      ),
    ).toBeDefined();
    await deliver();
    expect(hook.received.length).toBe(sentBefore + 1);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({
      severity: 'major',
      alertId: urgent.id,
    });

    // At 07:00 the ordinary one goes.
    now = Date.parse('2026-11-30T23:00:00.000Z');
    await deliver();
    expect(hook.received.length).toBe(sentBefore + 2);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({ alertId: waiting.id });
  });

  it('a major alert is dismissed only by the office head; linking makes a placeholder incident', async () => {
    const urgent = (await office.get('/api/v1/alerts')).body.items.find(
      (a: { severity: string }) => a.severity === 'major',
    );
    const division = await new Client(server.url).login('division', DEMO_PASSWORD);
    expect((await division.post(`/api/v1/alerts/${urgent.id}/ack`)).status).toBe(200);
    const refused = await division.post(`/api/v1/alerts/${urgent.id}/dismiss`, {
      reason: '不是本处的事',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('office head');
    const linked = await division.post(`/api/v1/alerts/${urgent.id}/link`, {
      title: '某县群众聚集事件',
    });
    expect(linked.status).toBe(200);
    expect(linked.body.status).toBe('linked');
    expect(linked.body.incident_id).toBeTruthy();
    const again = await office.post(`/api/v1/alerts/${urgent.id}/dismiss`, { reason: '已处置' });
    expect(again.status).toBe(409);
  });

  it('reopens a dismissed alert that turns major; retries a failing channel with back-off, then raises an alert of its own', async () => {
    const bad = await office.post('/api/v1/alert-channels', {
      name: '坏掉的短信网关',
      min_severity: 'major',
      config: { kind: 'webhook', url: `${broken.base}/hook`, secret: SECRET },
    });
    expect(bad.status).toBe(201);
    const majorRule = await office.post('/api/v1/alert-rules', {
      name: '重大：统计造假被央媒报道',
      severity: 'major',
      conditions: {
        schemeIds: [],
        riskCategories: ['data_falsification'],
        minVolume: 1,
        regions: ['620200'],
      },
    });
    await collector.post('/api/v1/ingest', [
      post('f-1', `嘉峪关这边也传开了 //@陇上观察:${RUMOUR}`, '雄关网友'),
    ]);
    const fired = (await office.get('/api/v1/alerts')).body.items.find(
      (a: { rule_ids: string[] }) => a.rule_ids.includes(majorRule.body.id as string),
    );
    // A repost in the dismissed story meets the major rule: the same alert opens again, major.
    expect(fired).toMatchObject({
      id: alertId,
      status: 'open',
      severity: 'major',
      close_reason: null,
    });
    const history = (await office.get(`/api/v1/alerts/${alertId}`)).body.history;
    expect(history.map((h: { action: string }) => h.action)).toContain('alert.reopen');
    const tries = () => broken.received.length;
    await deliver();
    expect(tries()).toBe(1);
    // Not again before its back-off has passed.
    await deliver();
    expect(tries()).toBe(1);
    for (const wait of [5_000, 30_000, 120_000, 600_000, 1_800_000]) {
      now += wait;
      await deliver();
    }
    expect(tries()).toBe(6);
    const detail = (await office.get(`/api/v1/alerts/${fired.id}`)).body;
    const failed = detail.deliveries.find(
      (d: { channel_name: string }) => d.channel_name === '坏掉的短信网关',
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 6 });
    expect(failed.last_error).toContain('500');
    const failure = (await office.get('/api/v1/alerts?kind=delivery')).body.items[0];
    expect(failure.title).toContain('坏掉的短信网关');
    expect(failure.severity).toBe('major');
    // Told through the other channels, not the broken one.
    await deliver();
    expect(tries()).toBe(6);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({
      kind: 'failure',
      alertId: failure.id,
    });
  });

  it('keeps the evidence past retention', async () => {
    const evidence = await server.store.db
      .selectFrom('alert_evidence')
      .select('mention_id')
      .where('alert_id', '=', alertId)
      .execute();
    expect(evidence.length).toBe(5);
    now += 400 * 86_400_000;
    await new RetentionService(server.deps, 180).purge();
    const left = await server.store.db.selectFrom('mentions').select('id').execute();
    const kept = new Set(left.map((m) => m.id));
    for (const e of evidence) expect(kept.has(e.mention_id!)).toBe(true);
    // Mentions nothing refers to are gone.
    expect(left.length).toBeLessThan(8);
  });
});
