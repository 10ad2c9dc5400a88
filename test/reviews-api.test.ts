// The after-action review (总结评估, [P17]) through the HTTP API on a real server (SQLite, and
// PostgreSQL when DATABASE_URL is set): the drill runs a whole major incident from a real alert
// with its review; the review generated from the record lists every clock of the incident with
// its result, the reports upward, the statement with its events' curves and the tasks; the
// office's assessment and the group's approval; archiving waits for that approval; the DOCX
// opens with the Chinese text, its tables and the chart as a picture; the HTML carries the chart
// as SVG under its own Content-Security-Policy.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrill, type DrillOutput } from '../src/cli/drill-command.ts';
import { readDocx } from './docx-reader.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';

const quiet: DrillOutput = { write: () => undefined };

interface ClockView {
  key: string;
  label: string;
  status: string;
}

async function bytes(server: TestServer, client: Client, path: string) {
  const res = await fetch(server.url + path, { headers: { cookie: client.cookie ?? '' } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe.each(DIALECTS)('after-action review (%s)', { timeout: 180_000 }, (dialect) => {
  let server: TestServer;
  let office: Client;
  let incidentId: string;
  let steps: string[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    // Posts about the demo's made-up county fire one real alert; the drill takes it.
    const machine = await collectorClient(server);
    const ingested = await machine.post(
      '/api/v1/ingest',
      [1, 2, 3, 4, 5].map((i) => ({
        id: `review-${i}`,
        source: 'weibo',
        author: `网友${i}`,
        text: `${RUMOUR}（${i}）`,
        url: `https://weibo.example/review-${i}`,
      })),
    );
    expect(ingested.body.accepted).toBe(5);
    const result = await runDrill(
      { url: server.url, password: DEMO_PASSWORD_FOR_TESTS, fromAlert: 'any', review: true },
      quiet,
    );
    expect(result.failure).toBeNull();
    incidentId = result.incidentId!;
    steps = result.steps.map((s) => `${s.actor}:${s.step}`);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
  });
  afterAll(async () => server?.close());

  it('the drill writes the review, the group approves it, and only then is it archived', async () => {
    expect(steps.slice(-5)).toEqual([
      'office:start_review',
      'office:submit_document review_report',
      'leader:approve review_report',
      'office:check_review',
      'office:archive',
    ]);
    const view = (await office.get(`/api/v1/incidents/${incidentId}`)).body;
    expect(view.incident.state).toBe('archived');
    const review = view.approvals.find((a: { docType: string }) => a.docType === 'review_report');
    expect(review).toMatchObject({ status: 'approved', version: 1 });
    expect(review.signer.rule).toBe('leadership_group');
    const archived = view.timeline.find((e: { kind: string }) => e.kind === 'archive');
    expect(archived.data.reviewApprovalId).toBe(review.id);
    expect(archived.data.reviewContentHash).toBe(review.contentHash);
    expect((await office.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('lists every clock of the drill’s incident with its target and result', async () => {
    const view = (await office.get(`/api/v1/incidents/${incidentId}`)).body;
    const clocks = view.clocks as ClockView[];
    // The drill meets every clock: first report, signed opinion, statement, follow-up, final.
    expect(clocks.map((c) => c.key)).toEqual(
      expect.arrayContaining([
        'first_report',
        'handling_opinion',
        'first_statement',
        'final_report',
      ]),
    );
    expect(clocks.every((c) => c.status === 'met')).toBe(true);

    const r = await office.get(`/api/v1/incidents/${incidentId}/review`);
    expect(r.status).toBe(200);
    expect(r.body.review.approvedApprovalId).toBe(r.body.review.latest.approvalId);
    expect(r.body.document.subtitle).toBe('（经领导小组审定）');
    const blocks = r.body.document.blocks as {
      kind: string;
      caption?: string;
      rows?: string[][];
      text?: string;
      items?: string[];
      chart?: { title: string };
    }[];
    const clockTable = blocks.find((b) => b.kind === 'table' && b.caption === '表2 各项时限对照');
    expect(clockTable?.rows?.map((row) => [row[0], row[4]])).toEqual(
      clocks.map((c) => [c.label, '按时完成']),
    );
    // Each row says when it was done, within the target it had.
    for (const row of clockTable?.rows ?? []) {
      expect(row[1]).toMatch(/起 .+内$/u);
      expect(row[2]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/u);
    }
    const summary = blocks.find(
      (b) => b.kind === 'paragraph' && JSON.stringify(b).includes('项时限'),
    );
    expect(JSON.stringify(summary)).toContain(
      `共 ${clocks.length} 项时限：按时完成 ${clocks.length} 项，超时 0 项`,
    );

    // Reports upward, the statement and its events' curve, the task, the office's assessment.
    const reports = blocks.find((b) => b.kind === 'table' && b.caption === '表3 向上级报告');
    expect(reports?.rows?.map((row) => row[0])).toEqual(['首报', '续报', '终报']);
    const statements = blocks.find((b) => b.kind === 'table' && b.caption === '表4 权威信息发布');
    expect(statements?.rows?.[0]?.[2]).toBe('新闻发布会');
    const charts = blocks.filter((b) => b.kind === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    const effect = blocks.find((b) => b.kind === 'table' && b.caption?.startsWith('表5'));
    // The drill's posts came before the statement: all five counted before, none after.
    expect(effect?.rows?.[0]?.slice(1, 2)).toEqual([5]);
    const tasks = blocks.find((b) => b.kind === 'table' && b.caption === '表6 处置任务');
    expect(tasks?.rows?.[0]?.[4]).toBe('按时完成');
    const lists = blocks.filter((b) => b.kind === 'list').flatMap((b) => b.items ?? []);
    expect(lists).toEqual([
      '启动响应后一小时内发布权威信息',
      '首报、续报、终报按时报送',
      '演练中未发现问题',
      '定期开展应急演练',
    ]);
  });

  it('downloads as a Word document with the Chinese text, its tables and the chart as a picture', async () => {
    const r = await bytes(server, office, `/api/v1/incidents/${incidentId}/review.docx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml.document');
    expect(r.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const docx = await readDocx(r.body);
    for (const text of [
      '总结评估报告',
      '一、基本情况',
      '三、时限执行情况',
      '首报时限',
      '按时完成',
      '启动响应后一小时内发布权威信息',
      '经领导小组审定',
    ])
      expect(docx.text, text).toContain(text);
    expect(docx.tables).toBeGreaterThanOrEqual(6);
    expect(docx.documentXml).toContain('w:eastAsia=');
    const png = docx.media.find((m) => m.endsWith('.png'));
    expect(png).toBeDefined();
    const image = PNG.sync.read((await docx.bytes(png!))!);
    expect(image.width).toBeGreaterThan(300);
  });

  it('serves the HTML with the chart as SVG under a policy that allows only its own style', async () => {
    const r = await bytes(server, office, `/api/v1/incidents/${incidentId}/review.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; style-src 'sha256-/,
    );
    const html = r.body.toString('utf8');
    expect(html).toContain('三、时限执行情况');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).not.toContain('<script');
  });

  it('refuses what the roles may not do, and archiving without an approved review', async () => {
    // A reader outside the office cannot write a review; the viewer reads it (open incident).
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    expect((await viewer.get(`/api/v1/incidents/${incidentId}/review`)).status).toBe(200);
    expect(
      (await new Client(server.url).get(`/api/v1/incidents/${incidentId}/review`)).status,
    ).toBe(401);
    expect((await office.get('/api/v1/incidents/nope/review')).status).toBe(404);

    // A fresh incident taken to the review by hand: archive refused until the group approves.
    const me = (await office.get('/api/v1/auth/me')).body;
    const opened = await office.post('/api/v1/incidents', {
      title: '复盘测试',
      unitId: me.unit.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id: string = opened.body.incident.id;
    const act = (c: Client, action: unknown) =>
      c.post(`/api/v1/incidents/${id}/actions`, { action });
    expect((await act(office, { type: 'start_assessment' })).status).toBe(200);
    expect((await act(office, { type: 'grade', grade: 'general' })).status).toBe(200);
    const tooEarly = await act(office, {
      type: 'submit_document',
      document: { docType: 'review_report', title: '总结', body: '早' },
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toContain('review has started');
    // Review fields on another kind of document: 400 at the field.
    const foreign = await act(office, {
      type: 'submit_document',
      document: { docType: 'handling_opinion', title: 't', body: 'b', successes: ['x'] },
    });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body.error.details)).toContain('successes');

    // Through a general response to the review: archive refused until the group approves.
    const deputy = await new Client(server.url).login('deputy', DEMO_PASSWORD_FOR_TESTS);
    const leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    const deputyId: string = (await deputy.get('/api/v1/auth/me')).body.id;
    expect((await act(office, { type: 'set_leader_in_charge', userId: deputyId })).status).toBe(
      200,
    );
    const pendingOf = (
      v: { approvals: { id: string; docType: string; status: string }[] },
      t: string,
    ) => v.approvals.find((a) => a.docType === t && a.status === 'pending')!.id;
    const decide = (c: Client, approvalId: string) =>
      c.post(`/api/v1/approvals/${approvalId}/decision`, { decision: 'approve', comment: '同意' });
    let v = (
      await act(office, { type: 'propose_response_activation', title: '启动', body: '启动' })
    ).body;
    expect((await decide(deputy, pendingOf(v, 'response_activation'))).status).toBe(200);
    v = (await act(office, { type: 'propose_termination', title: '终止', body: '终止' })).body;
    expect((await decide(deputy, pendingOf(v, 'response_termination'))).status).toBe(200);
    expect((await act(office, { type: 'start_review' })).status).toBe(200);
    const early = await act(office, { type: 'archive', summary: '归档' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('approves the review report first');
    v = (
      await act(office, {
        type: 'submit_document',
        document: { docType: 'review_report', title: '总结', body: '评价', problems: ['慢'] },
      })
    ).body;
    const reviewId = pendingOf(v, 'review_report');
    // The group signs a review ([P17]): the leader in charge of a general incident alone does not.
    expect((await decide(office, reviewId)).status).toBe(403);
    expect((await act(office, { type: 'archive', summary: '归档' })).status).toBe(409);
    // A second review document is refused: the office revises the one there is.
    const second = await act(office, {
      type: 'submit_document',
      document: { docType: 'review_report', title: '另一份', body: '评价' },
    });
    expect(second.status).toBe(409);
    expect((await decide(leader, reviewId)).status).toBe(200);
    // Revised after approval: a new version that needs its own approval before archiving.
    v = (
      await act(office, {
        type: 'revise_document',
        approvalId: reviewId,
        title: '总结（修改）',
        body: '评价',
        successes: ['快'],
      })
    ).body;
    expect((await act(office, { type: 'archive', summary: '归档' })).status).toBe(409);
    const revised = pendingOf(v, 'review_report');
    const draft = (await office.get(`/api/v1/incidents/${id}/review`)).body;
    expect(draft.document.subtitle).toBe('（草稿，待领导小组审定）');
    expect(draft.review.latest).toMatchObject({ version: 2, successes: ['快'], problems: ['慢'] });
    expect((await decide(leader, revised)).status).toBe(200);
    // Restricted to the office: the review is read as the incident is, and no further.
    const viewerReads = await viewer.get(`/api/v1/incidents/${id}/review`);
    expect(viewerReads.status).toBe(200);
    const restricted = await act(office, {
      type: 'set_confidentiality',
      level: 'restricted',
      userIds: [],
      roles: ['office'],
      reason: '涉及个人信息',
    });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    expect((await viewer.get(`/api/v1/incidents/${id}/review`)).status).toBe(403);
    expect((await bytes(server, viewer, `/api/v1/incidents/${id}/review.docx`)).status).toBe(403);
    expect((await office.get(`/api/v1/incidents/${id}/review`)).status).toBe(200);
    const done = await act(office, { type: 'archive', summary: '归档' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.incident.state).toBe('archived');
  });
});
