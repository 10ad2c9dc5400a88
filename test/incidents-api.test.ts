// Incident response through the HTTP API on a real server (SQLite, and PostgreSQL when
// DATABASE_URL is set), with the demo organisation's people in their roles and a clock the test
// moves: a major incident from alert to termination; no role takes another role's step (403,
// nothing written); nothing moves without its signed approval; an approved document never
// changes; clocks and breaches under the moved clock, feeding the coverage check; a restricted
// read is audited; and `GET /api/v1/audit/verify` names an incident, approval, timeline or
// report row edited directly in the database.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';
import { AuditService } from '../src/services/audit.service.ts';

const T0 = Date.parse('2026-11-29T02:00:00.000Z');
const MIN = 60_000;

interface Me {
  id: string;
  unitId: string;
}
interface View {
  incident: {
    id: string;
    state: string;
    grade: string | null;
    revision: number;
    tasks: { id: string; unitId: string; completedAt: string | null }[];
    reports: { id: string; kind: string; receipt: unknown }[];
    handler: { kind: string } | null;
    source: { kind: string; refId: string | null };
    eventIds: string[];
    mentionIds: string[];
  };
  approvals: {
    id: string;
    docType: string;
    status: string;
    version: number;
    documentId: string;
    contentHash: string;
    body: string;
    signer: { userIds: string[] };
  }[];
  clocks: {
    key: string;
    kind: string;
    status: string;
    overdueMs: number | null;
    explanation: { reason: string } | null;
  }[];
  timeline: { kind: string; at: string; summary: string }[];
  actions: string[];
  access: { basis: string | null; audited: boolean };
}

const text = { title: '处置文书', body: '正文' };

describe.each(DIALECTS)('incidents through the API on %s', (dialect) => {
  let server: TestServer;
  let now = T0;
  const as: Record<string, Client> = {};
  const me: Record<string, Me> = {};
  const USERS = ['office', 'leader', 'deputy', 'division', 'investigator', 'viewer', 'informant'];

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    for (const u of USERS) {
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
      const b = (await as[u].get('/api/v1/auth/me')).body as { id: string; unit: { id: string } };
      me[u] = { id: b.id, unitId: b.unit.id };
    }
  }, 60_000);
  afterAll(async () => server?.close());

  const c = (u: string): Client => {
    const client = as[u];
    if (!client) throw new Error(`no client ${u}`);
    return client;
  };
  const id = (u: string): string => {
    const m = me[u];
    if (!m) throw new Error(`no user ${u}`);
    return m.id;
  };

  async function open(title: string, by = 'office'): Promise<View> {
    const r = await c(by).post('/api/v1/incidents', {
      title,
      unitId: me.office!.unitId,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as View;
  }
  async function step(u: string, incidentId: string, action: object, status = 200) {
    const r = await c(u).post(`/api/v1/incidents/${incidentId}/actions`, { action });
    expect(r.status, `${u} ${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(status);
    return r.body as View;
  }
  async function decide(u: string, approvalId: string, decision = 'approve', status = 200) {
    const r = await c(u).post(`/api/v1/approvals/${approvalId}/decision`, {
      decision,
      comment: decision === 'approve' ? '同意' : '请修改',
    });
    expect(r.status, `${u} decides: ${JSON.stringify(r.body)}`).toBe(status);
    return r.body as View;
  }
  const pending = (v: View, docType: string) => {
    const a = v.approvals.find((x) => x.docType === docType && x.status === 'pending');
    if (!a) throw new Error(`no pending ${docType}`);
    return a;
  };
  async function view(incidentId: string, u = 'office'): Promise<View> {
    const r = await c(u).get(`/api/v1/incidents/${incidentId}`);
    expect(r.status).toBe(200);
    return r.body as View;
  }
  async function gradedMajor(title: string): Promise<string> {
    const v = await open(title);
    const iid = v.incident.id;
    await step('office', iid, { type: 'start_assessment' });
    await step('office', iid, { type: 'set_leader_in_charge', userId: id('deputy') });
    await step('office', iid, { type: 'grade', grade: 'major', reason: '涉及统计数据真实性' });
    return iid;
  }

  it('a major incident from an alert to termination: every step by its role, on the record', async () => {
    // An alert from a real push: the office links it, which opens the incident from it.
    const rule = await c('office').post('/api/v1/alert-rules', {
      name: '数据造假',
      severity: 'major',
      conditions: { riskCategories: ['data_falsification'], minVolume: 1 },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const collector = await collectorClient(server, 'incidents collector');
    const pushed = await collector.post('/api/v1/ingest', [
      {
        source: 'weibo',
        external_id: 'inc-1',
        url: 'https://weibo.example/inc-1',
        author: '网友甲',
        title: null,
        text: '网传某县统计局篡改GDP数据，统计数据造假，要求彻查',
        published_at: new Date(now - 5 * MIN).toISOString(),
      },
    ]);
    expect(pushed.status).toBe(200);
    const alerts = (await c('office').get('/api/v1/alerts?status=active')).body as {
      items: { id: string; status: string; kind: string }[];
    };
    const alert = alerts.items.find((a) => a.kind === 'event');
    if (!alert) throw new Error(`no event alert fired: ${JSON.stringify(alerts.items)}`);
    expect((await c('office').post(`/api/v1/alerts/${alert.id}/ack`)).status).toBe(200);
    const linked = await c('office').post(`/api/v1/alerts/${alert.id}/link`, {
      title: '某县统计数据造假传言',
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const iid = (linked.body as { incident_id: string }).incident_id;
    const opened = await view(iid);
    expect(opened.incident.source).toEqual({ kind: 'alert', refId: alert.id });
    expect(opened.incident.eventIds.length).toBe(1);
    expect(opened.incident.mentionIds.length).toBeGreaterThanOrEqual(1);
    expect(opened.incident.state).toBe('reported');

    await step('office', iid, { type: 'start_assessment' });
    await step('office', iid, { type: 'set_leader_in_charge', userId: id('deputy') });
    let v = await step('office', iid, { type: 'grade', grade: 'major', reason: '涉及数据真实性' });
    expect(v.incident.state).toBe('graded');
    // [P10]: the leadership group is told at once, through the alert channels.
    const told = (await c('leader').get('/api/v1/alerts?kind=incident')).body as {
      items: { severity: string; title: string }[];
    };
    expect(told.items.some((a) => a.severity === 'major' && a.title.includes('重大舆情'))).toBe(
      true,
    );

    await step('leader', iid, {
      type: 'assign_handler',
      handler: {
        kind: 'team',
        name: '调查督办小组',
        leaderId: id('investigator'),
        memberIds: [id('investigator')],
      },
    });
    await step('leader', iid, { type: 'record_commander', userId: id('leader') });
    now += 20 * MIN;
    v = await step('office', iid, {
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报',
    });
    const first = v.incident.reports.find((r) => r.kind === 'first')!;
    await step('office', iid, {
      type: 'record_receipt',
      reportId: first.id,
      receivedBy: '国家统计局值班室',
    });
    v = await step('office', iid, {
      type: 'submit_document',
      document: { docType: 'handling_opinion', ...text },
    });
    const opinion = pending(v, 'handling_opinion');
    expect(opinion.signer.userIds).toEqual([id('deputy')]);
    const inbox = (await c('deputy').get('/api/v1/approvals/inbox')).body as {
      items: { approval: { id: string } }[];
    };
    expect(inbox.items.map((i) => i.approval.id)).toContain(opinion.id);
    await decide('deputy', opinion.id);
    v = await step('office', iid, {
      type: 'add_task',
      unitId: me.division!.unitId,
      title: '核实数据',
      deadline: new Date(now + 120 * MIN).toISOString(),
    });
    const task = v.incident.tasks[0]!;
    await step('division', iid, {
      type: 'task_feedback',
      taskId: task.id,
      note: '已核实',
      complete: true,
    });
    await step('investigator', iid, { type: 'record_facts', text: '经核实，数据无误' });
    await step('investigator', iid, { type: 'report_progress', text: '进展' });
    v = await step('office', iid, {
      type: 'submit_document',
      document: { docType: 'release_plan', ...text, channels: ['weibo'] },
    });
    await decide('leader', pending(v, 'release_plan').id);
    v = await step('office', iid, { type: 'propose_response_activation', ...text });
    expect(v.incident.state).toBe('graded');
    v = await decide('leader', pending(v, 'response_activation').id);
    expect(v.incident.state).toBe('responding');
    await step('office', iid, {
      type: 'log_contact',
      contactKind: 'media',
      organisation: '甘肃日报',
      shared: '口径',
    });
    v = await step('office', iid, { type: 'propose_termination', ...text });
    v = await decide('leader', pending(v, 'response_termination').id);
    expect(v.incident.state).toBe('terminated');
    v = await step('office', iid, {
      type: 'record_report',
      kind: 'final',
      recipient: '国家统计局',
      summary: '终报',
    });
    const clock = (kind: string) => v.clocks.find((x) => x.kind === kind);
    expect(clock('first_report')?.status).toBe('met');
    expect(clock('handling_opinion')?.status).toBe('met');
    expect(v.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['opened', 'grade', 'approval_decided', 'response_activated']),
    );
    // Every step's system time is the server's clock.
    expect(new Set(v.timeline.map((e) => e.at)).has(new Date(T0).toISOString())).toBe(true);
    const audit = (await c('office').get('/api/v1/audit/verify')).body as {
      ok: boolean;
      records: { checked: number; problems: unknown[] };
    };
    expect(audit.records.problems).toEqual([]);
    expect(audit.ok).toBe(true);
    expect(audit.records.checked).toBeGreaterThanOrEqual(5);
  });

  it('no role takes another role’s step: 403, and nothing is written', async () => {
    const iid = await gradedMajor('角色检查');
    const before = await view(iid);
    const tries: [string, object][] = [
      ['leader', { type: 'grade', grade: 'general', reason: 'x' }],
      ['division', { type: 'record_report', kind: 'first', recipient: '国家统计局', summary: 's' }],
      ['viewer', { type: 'log_contact', contactKind: 'media', organisation: 'm', shared: 's' }],
      ['investigator', { type: 'propose_response_activation', ...text }],
      [
        'office',
        { type: 'assign_handler', handler: { kind: 'division', unitId: me.division!.unitId } },
      ],
      ['informant', { type: 'submit_document', document: { docType: 'talking_points', ...text } }],
      ['deputy', { type: 'log_contact', contactKind: 'media', organisation: 'm', shared: 's' }],
    ];
    for (const [u, action] of tries) {
      const r = await c(u).post(`/api/v1/incidents/${iid}/actions`, { action });
      expect(r.status, `${u} ${JSON.stringify(action)}`).toBe(403);
      expect((r.body as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const after = await view(iid);
    expect(after.incident.revision).toBe(before.incident.revision);
    expect(after.timeline.length).toBe(before.timeline.length);
    // The viewer reads it but is offered no step; the office is offered its own.
    expect((await view(iid, 'viewer')).actions).toEqual([]);
    expect(after.actions).toContain('record_report');
    expect(after.actions).not.toContain('assign_handler');
    // A step the state does not allow is 409; a malformed one 400 naming the field.
    expect(
      (
        await c('office').post(`/api/v1/incidents/${iid}/actions`, {
          action: { type: 'archive', summary: 's' },
        })
      ).status,
    ).toBe(409);
    const bad = await c('office').post(`/api/v1/incidents/${iid}/actions`, {
      action: { type: 'add_task', unitId: 'x', title: '', deadline: 'tomorrow' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('deadline');
    // Opening from, or linking, what does not exist: 400 naming the field.
    const ghost = await c('office').post('/api/v1/incidents', {
      title: '不存在的事件',
      unitId: me.office!.unitId,
      source: { kind: 'event', refId: 'no-such-event' },
      mentionIds: [],
      eventIds: [],
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details[0].path).toBe('body.source.refId');
    const link = await c('office').post(`/api/v1/incidents/${iid}/actions`, {
      action: { type: 'link_items', mentionIds: ['no-such-mention'], eventIds: [] },
    });
    expect(link.status).toBe(400);
    expect(link.body.error.details[0].path).toBe('body.action.mentionIds.0');
    // A step on a revision the person has not seen is refused.
    const stale = await c('office').post(`/api/v1/incidents/${iid}/actions`, {
      action: { type: 'pin', entryId: after.timeline[0]!.summary, pinned: true },
      expectedRevision: after.incident.revision - 1,
    });
    expect(stale.status).toBe(409);
  });

  it('nothing moves without its signed approval; the office cannot sign its own proposal', async () => {
    const iid = await gradedMajor('审批检查');
    let v = await step('office', iid, { type: 'propose_response_activation', ...text });
    const proposal = pending(v, 'response_activation');
    // Not the signer: refused, and the state stays.
    await decide('office', proposal.id, 'approve', 403);
    await decide('deputy', proposal.id, 'approve', 403);
    expect((await view(iid)).incident.state).toBe('graded');
    // Returned: still graded; a new version goes to the signer again.
    v = await decide('leader', proposal.id, 'return');
    expect(v.incident.state).toBe('graded');
    v = await step('office', iid, {
      type: 'revise_document',
      approvalId: proposal.id,
      title: '启动应急响应（修改）',
      body: '修改后',
    });
    const v2 = pending(v, 'response_activation');
    expect(v2.version).toBe(2);
    expect(v2.documentId).toBe(proposal.documentId);
    v = await decide('leader', v2.id);
    expect(v.incident.state).toBe('responding');
    // Deciding again is refused: an approved version is final.
    await decide('leader', v2.id, 'reject', 409);
  });

  it('an approved document never changes: an edit is a new version; a database edit is caught', async () => {
    const iid = await gradedMajor('不可更改');
    let v = await step('office', iid, {
      type: 'submit_document',
      document: { docType: 'talking_points', ...text },
    });
    const tp = pending(v, 'talking_points');
    v = await decide('leader', tp.id);
    const approved = v.approvals.find((a) => a.id === tp.id)!;
    expect(approved.status).toBe('approved');
    // Revising an approved version: a new pending version; the approved one stays as it was.
    v = await step('office', iid, {
      type: 'revise_document',
      approvalId: tp.id,
      title: '口径（更新）',
      body: '新口径',
    });
    const next = v.approvals.find((a) => a.documentId === tp.documentId && a.version === 2)!;
    expect(next.status).toBe('pending');
    const old = v.approvals.find((a) => a.id === tp.id)!;
    expect(old.body).toBe(approved.body);
    expect(old.contentHash).toBe(approved.contentHash);

    expect(((await c('office').get('/api/v1/audit/verify')).body as { ok: boolean }).ok).toBe(true);
    await server.store.db
      .updateTable('approvals')
      .set({ body: '被篡改的口径' })
      .where('id', '=', tp.id)
      .execute();
    const report = (await c('office').get('/api/v1/audit/verify')).body as {
      ok: boolean;
      records: { problems: { type: string; id: string; message: string }[] };
    };
    expect(report.ok).toBe(false);
    expect(report.records.problems).toContainEqual(
      expect.objectContaining({ type: 'approval', id: tp.id }),
    );
    // The incident page shows it as edited outside Yuqing, and the rules no longer rely on it.
    const shown = (await view(iid)).approvals.find((a) => a.id === tp.id) as unknown as {
      problems: string[];
    };
    expect(shown.problems).toContain('content does not match its content hash');
    await server.store.db
      .updateTable('approvals')
      .set({ body: approved.body })
      .where('id', '=', tp.id)
      .execute();
  });

  it('audit verify names an incident, a timeline entry or a report edited in the database', async () => {
    const verify = async () =>
      (await c('office').get('/api/v1/audit/verify')).body as {
        ok: boolean;
        records: { problems: { type: string; id: string; message: string }[] };
      };
    const base = await verify();
    const known = new Set(base.records.problems.map((p) => p.id));
    const iid = await gradedMajor('篡改检查');
    const r = await c('informant').post('/api/v1/reports', {
      text: '有人在网上说统计数据造假',
      link: 'https://weibo.example/x',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const reportId = (r.body as { id: string }).id;
    expect((await verify()).records.problems.filter((p) => !known.has(p.id))).toEqual([]);

    const db = server.store.db;
    const fresh = async () => (await verify()).records.problems.filter((p) => !known.has(p.id));
    // 1. The incident's title.
    await db.updateTable('incidents').set({ title: '改过的标题' }).where('id', '=', iid).execute();
    expect(await fresh()).toContainEqual(expect.objectContaining({ type: 'incident', id: iid }));
    await db.updateTable('incidents').set({ title: '篡改检查' }).where('id', '=', iid).execute();
    expect(await fresh()).toEqual([]);
    // 2. A timeline entry's system time.
    const entry = await db
      .selectFrom('incident_entries')
      .select(['id', 'at'])
      .where('incident_id', '=', iid)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('incident_entries')
      .set({ at: new Date(T0 - 60 * MIN).toISOString() })
      .where('id', '=', entry.id)
      .execute();
    const timeline = await fresh();
    expect(timeline.some((p) => p.type === 'incident' && p.id === iid)).toBe(true);
    await db
      .updateTable('incident_entries')
      .set({ at: entry.at })
      .where('id', '=', entry.id)
      .execute();
    // 3. The informant's report.
    await db
      .updateTable('reports')
      .set({ text: '改过的报告' })
      .where('id', '=', reportId)
      .execute();
    expect(await fresh()).toContainEqual(expect.objectContaining({ type: 'report', id: reportId }));
    await db
      .updateTable('reports')
      .set({ text: '有人在网上说统计数据造假' })
      .where('id', '=', reportId)
      .execute();
    expect(await fresh()).toEqual([]);
    // 4. A row inserted behind Yuqing's back has no audit record.
    await sql`update incidents set revision = revision + 1 where id = ${iid}`.execute(db);
    expect(await fresh()).toContainEqual(expect.objectContaining({ type: 'incident', id: iid }));
    await sql`update incidents set revision = revision - 1 where id = ${iid}`.execute(db);
    expect(await fresh()).toEqual([]);
  });

  it('clocks and breaches under a moved clock, explained, and counted by the coverage check', async () => {
    const iid = await gradedMajor('时钟检查');
    let v = await view(iid);
    expect(v.clocks.find((x) => x.kind === 'first_report')?.status).toBe('running');
    now += 61 * MIN;
    v = await view(iid);
    const breach = v.clocks.find((x) => x.kind === 'first_report')!;
    expect(breach.status).toBe('breached');
    expect(breach.overdueMs).toBe(1 * MIN);
    const cov = (await c('office').get('/api/v1/alerts/coverage')).body as {
      incident_clocks: { breached: number; unexplained: number };
    };
    expect(cov.incident_clocks.breached).toBeGreaterThanOrEqual(1);
    const unexplained = cov.incident_clocks.unexplained;
    v = await step('office', iid, {
      type: 'explain_breach',
      clockKey: breach.key,
      reason: '上级值班电话占线',
    });
    expect(v.clocks.find((x) => x.key === breach.key)?.explanation?.reason).toBe(
      '上级值班电话占线',
    );
    const cov2 = (await c('office').get('/api/v1/alerts/coverage')).body as {
      incident_clocks: { unexplained: number };
    };
    expect(cov2.incident_clocks.unexplained).toBe(unexplained - 1);
    // Reported late: the breach stays, fixed at how late it was.
    now += 10 * MIN;
    v = await step('office', iid, {
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报',
    });
    now += 30 * MIN;
    v = await view(iid);
    const done = v.clocks.find((x) => x.kind === 'first_report')!;
    expect(done.status).toBe('breached');
    expect(done.overdueMs).toBe(11 * MIN);
  });

  it('an overdue task raises one alert; a restricted incident’s reads are audited', async () => {
    const iid = await gradedMajor('任务与保密');
    await step('office', iid, {
      type: 'add_task',
      unitId: me.division!.unitId,
      title: '提供原始数据',
      deadline: new Date(now + 30 * MIN).toISOString(),
    });
    const svc = server.app.services.incidents;
    expect(await svc.alertOverdueTasks()).toBe(0);
    now += 31 * MIN;
    expect(await svc.alertOverdueTasks()).toBe(1);
    expect(await svc.alertOverdueTasks()).toBe(0);
    const alerts = (await c('office').get('/api/v1/alerts?kind=incident')).body as {
      items: { title: string }[];
    };
    expect(alerts.items.some((a) => a.title.includes('提供原始数据'))).toBe(true);

    await step('office', iid, {
      type: 'set_confidentiality',
      level: 'restricted',
      userIds: [],
      roles: [],
      reason: '涉及个人信息',
    });
    expect((await c('viewer').get(`/api/v1/incidents/${iid}`)).status).toBe(403);
    const read = await view(iid, 'office');
    // The office opened it: it reads as a participant, and the read is audited.
    expect(read.access).toEqual({ basis: 'participant', audited: true });
    const log = (await c('office').get(`/api/v1/audit?object_type=incident_read&object_id=${iid}`))
      .body as { items: { action: string; actor: { id: string } }[] };
    expect(log.items.some((e) => e.action === 'incident.read' && e.actor.id === id('office'))).toBe(
      true,
    );
    expect(log.items.some((e) => e.action === 'incident.read_refused')).toBe(true);
    // The board does not list it to the viewer.
    const board = (await c('viewer').get('/api/v1/incidents')).body as { items: { id: string }[] };
    expect(board.items.map((i) => i.id)).not.toContain(iid);
  });

  it('a delegation lets the deputy sign for the head, recorded; revoked, it no longer does', async () => {
    const iid = await gradedMajor('委托签批');
    const refused = await c('viewer').post('/api/v1/delegations', {
      toUserId: id('deputy'),
      from: new Date(now).toISOString(),
      reason: '出差',
    });
    expect(refused.status).toBe(400);
    const notLeader = await c('leader').post('/api/v1/delegations', {
      toUserId: id('office'),
      from: new Date(now).toISOString(),
      reason: '出差',
    });
    expect(notLeader.status).toBe(400);
    expect(JSON.stringify(notLeader.body)).toContain('body.toUserId');
    const made = await c('leader').post('/api/v1/delegations', {
      toUserId: id('deputy'),
      docTypes: ['response_activation', 'response_termination'],
      from: new Date(now).toISOString(),
      until: new Date(now + 24 * 60 * MIN).toISOString(),
      reason: '出差，由分管副局长代签',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const delegationId = (made.body as { id: string }).id;
    // A major incident's response is the principal leader's to sign: the deputy signs for him.
    let v = await step('office', iid, { type: 'propose_response_activation', ...text });
    const activation = pending(v, 'response_activation');
    expect(activation.signer.userIds).toEqual([id('leader')]);
    const inbox = (await c('deputy').get('/api/v1/approvals/inbox')).body as {
      items: { approval: { id: string }; onBehalfOf: string | null }[];
    };
    expect(inbox.items.find((i) => i.approval.id === activation.id)?.onBehalfOf).toBe(id('leader'));
    const item = inbox.items.find((i) => i.approval.id === activation.id) as unknown as {
      submittedByName: string | null;
      onBehalfOfName: string | null;
    };
    expect(item.submittedByName).toBeTruthy();
    expect(item.onBehalfOfName).toBeTruthy();
    // The staff directory names people for the pickers: name, unit, roles, nothing more.
    const dir = (await c('viewer').get('/api/v1/directory')).body as {
      items: Record<string, unknown>[];
    };
    const deputyEntry = dir.items.find((u) => u.id === id('deputy'));
    expect(Object.keys(deputyEntry ?? {}).sort()).toEqual(['displayName', 'id', 'roles', 'unitId']);
    expect((await new Client(server.url).get('/api/v1/directory')).status).toBe(401);
    v = await decide('deputy', activation.id);
    expect(v.incident.state).toBe('responding');
    const decided = v.approvals.find((a) => a.id === activation.id) as unknown as {
      status: string;
      decision: { decidedBy: string; onBehalfOf: string; delegationId: string };
    };
    expect(decided.status).toBe('approved');
    expect(decided.decision).toMatchObject({
      decidedBy: id('deputy'),
      onBehalfOf: id('leader'),
      delegationId,
    });
    // Revoked: the termination waits for the head again.
    expect((await c('deputy').post(`/api/v1/delegations/${delegationId}/revoke`)).status).toBe(403);
    expect((await c('leader').post(`/api/v1/delegations/${delegationId}/revoke`)).status).toBe(200);
    v = await step('office', iid, { type: 'propose_termination', ...text });
    const termination = pending(v, 'response_termination');
    await decide('deputy', termination.id, 'approve', 403);
    v = await decide('leader', termination.id);
    expect(v.incident.state).toBe('terminated');
    const listed = (await c('office').get('/api/v1/delegations')).body as {
      items: { id: string; revokedAt: string | null; fromName: string | null }[];
    };
    expect(listed.items.find((d) => d.id === delegationId)?.revokedAt).not.toBeNull();
  });

  it('a step is taken as SPEC writes it, {type, ...}, and as {action: {type, ...}}; a bad field is named where it was sent', async () => {
    const v0 = await open('两种写法');
    const iid = v0.incident.id;
    const post = (body: unknown) => c('office').post(`/api/v1/incidents/${iid}/actions`, body);
    // The flat form: the step itself, with the revision the person saw beside its fields.
    let r = await post({ type: 'start_assessment', expectedRevision: v0.incident.revision });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    let v = r.body as View;
    expect(v.incident.state).toBe('assessing');
    expect(v.timeline.map((e) => e.kind)).toContain('start_assessment');
    // A revision the person has not seen is refused in the flat form too.
    r = await post({ type: 'set_leader_in_charge', userId: id('deputy'), expectedRevision: 1 });
    expect(r.status).toBe(409);
    r = await post({ type: 'set_leader_in_charge', userId: id('deputy') });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The wrapped form (the web UI and the drill) still works.
    v = r.body as View;
    r = await post({
      action: { type: 'grade', grade: 'general', reason: '影响有限' },
      expectedRevision: v.incident.revision,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as View).incident.grade).toBe('general');
    const revision = (r.body as View).incident.revision;

    type Problem = { error: { code: string; details: { path: string; message: string }[] } };
    const paths = (b: unknown) => (b as Problem).error.details.map((d) => d.path);
    // A bad field in the flat form: 400 naming it where it was sent.
    const task = { type: 'add_task', unitId: me.division!.unitId, title: '核实', deadline: '明天' };
    r = await post(task);
    expect(r.status).toBe(400);
    expect((r.body as Problem).error.code).toBe('invalid_input');
    expect(paths(r.body)).toEqual(['body.deadline']);
    // ... and in the wrapped form, under action.
    const { type: _type, ...fields } = task;
    r = await post({ action: { type: 'add_task', ...fields } });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['body.action.deadline']);
    // An unknown step, a field the step does not have, no step at all, both forms at once.
    r = await post({ type: 'fly_away' });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['body.type']);
    r = await post({ type: 'start_assessment', colour: 'red' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('colour');
    r = await post({ expectedRevision: revision });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['body.type']);
    r = await post({ type: 'start_assessment', action: { type: 'start_assessment' } });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['body.type']);
    r = await post({ type: 'pin', entryId: 'x', pinned: true, expectedRevision: 0 });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['body.expectedRevision']);
    // None of them wrote anything.
    expect((await view(iid)).incident.revision).toBe(revision);

    // The OpenAPI document describes both forms.
    const doc = (await new Client(server.url).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>;
    };
    const schema = doc.paths['/api/v1/incidents/{id}/actions']!.post!.requestBody.content[
      'application/json'
    ] as {
      schema: {
        oneOf: { oneOf?: { properties: Record<string, unknown> }[]; required?: string[] }[];
      };
    };
    const [flat, wrapped] = schema.schema.oneOf;
    expect(flat!.oneOf!.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(flat!.oneOf![0]!.properties)).toEqual(
      expect.arrayContaining(['type', 'expectedRevision']),
    );
    expect(wrapped!.required).toEqual(['action']);
  });

  it('an incident opened from an event and from an informant’s report links them and names its source', async () => {
    // An event, from a real push.
    const collector = await collectorClient(server, 'incident sources collector');
    const url = `https://weibo.example/src-${dialect}`;
    const pushed = await collector.post('/api/v1/ingest', [
      {
        source: 'weibo',
        external_id: `src-${dialect}`,
        url,
        author: '网友乙',
        title: null,
        text: '有网友称某市统计局公布的居民人均可支配收入数据与实际感受不符',
        published_at: new Date(now - 10 * MIN).toISOString(),
      },
    ]);
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    const db = server.store.db;
    const mention = await db
      .selectFrom('mentions')
      .select('id')
      .where('url', '=', url)
      .executeTakeFirstOrThrow();
    const { event_id: eventId } = await db
      .selectFrom('mention_events')
      .select('event_id')
      .where('mention_id', '=', mention.id)
      .executeTakeFirstOrThrow();
    const event = (await c('office').get(`/api/v1/events/${eventId}`)).body as {
      id: string;
      title: string;
      suggested_grade: string;
    };
    expect(event.id).toBe(eventId);

    const fromEvent = await c('office').post('/api/v1/incidents', {
      title: event.title,
      unitId: me.office!.unitId,
      source: { kind: 'event', refId: eventId },
      mentionIds: [mention.id],
      eventIds: [],
    });
    expect(fromEvent.status, JSON.stringify(fromEvent.body)).toBe(201);
    const ev = fromEvent.body as View & {
      links: { kind: string; targetId: string }[];
      incident: { suggested: { grade: string } | null };
      timeline: { kind: string; summary: string }[];
    };
    expect(ev.incident.source).toEqual({ kind: 'event', refId: eventId });
    expect(ev.incident.state).toBe('reported');
    // The machine's suggested grade of the event comes with it; a person grades.
    expect(ev.incident.suggested?.grade).toBe(event.suggested_grade);
    expect(ev.incident.grade).toBeNull();
    expect(ev.links.map((l) => `${l.kind}:${l.targetId}`).sort()).toEqual(
      [`event:${eventId}`, `mention:${mention.id}`].sort(),
    );
    expect(ev.timeline[0]?.kind).toBe('opened');

    // An informant's report: the informant reports, the office opens the incident from it.
    const report = await c('informant').post('/api/v1/reports', {
      text: '本地论坛有帖子质疑我局发布的失业率数据',
      link: 'https://bbs.example/t/1',
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const reportId = (report.body as { id: string }).id;
    const body = {
      title: '论坛质疑失业率数据',
      unitId: me.informant!.unitId,
      source: { kind: 'informant_report', refId: reportId },
      mentionIds: [],
      eventIds: [],
    };
    // The informant reports; the office opens ([P16]). A viewer cannot either.
    for (const u of ['informant', 'viewer']) {
      const r = await c(u).post('/api/v1/incidents', body);
      expect(r.status, `${u}: ${JSON.stringify(r.body)}`).toBe(403);
    }
    const fromReport = await c('office').post('/api/v1/incidents', body);
    expect(fromReport.status, JSON.stringify(fromReport.body)).toBe(201);
    const rv = fromReport.body as View & { links: { kind: string; targetId: string }[] };
    expect(rv.incident.source).toEqual({ kind: 'informant_report', refId: reportId });
    expect(rv.links.map((l) => `${l.kind}:${l.targetId}`)).toEqual([`report:${reportId}`]);
    // Both are on the board, and the record with its links passes the audit check.
    const board = (await c('office').get('/api/v1/incidents?limit=500')).body as {
      items: { id: string }[];
    };
    expect(board.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([ev.incident.id, rv.incident.id]),
    );
    const audit = (await c('office').get('/api/v1/audit/verify')).body as {
      records: { problems: { id: string }[] };
    };
    const mine = new Set([ev.incident.id, rv.incident.id, reportId]);
    expect(audit.records.problems.filter((p) => mine.has(p.id))).toEqual([]);
  });

  it('the board and the approvals inbox page with ?limit=&cursor=, skipping what the reader may not read', async () => {
    type Page<T> = { items: T[]; next_cursor: string | null };
    async function all<T>(u: string, path: string, limit: number): Promise<T[][]> {
      const pages: T[][] = [];
      let cursor: string | null = null;
      do {
        const q: string = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await c(u).get(q);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const p = r.body as Page<T>;
        pages.push(p.items);
        cursor = p.next_cursor;
        expect(pages.length).toBeLessThan(100);
      } while (cursor);
      return pages;
    }
    // Three new incidents, a secret one among them, each with a handling opinion for the deputy.
    const ids: string[] = [];
    for (const title of ['分页一', '分页二', '分页三']) {
      const iid = await gradedMajor(title);
      await step('office', iid, {
        type: 'submit_document',
        document: { docType: 'handling_opinion', ...text },
      });
      ids.push(iid);
    }
    await step('office', ids[1]!, {
      type: 'set_confidentiality',
      level: 'secret',
      userIds: [],
      roles: [],
      reason: '涉密',
    });

    const whole = (await c('office').get('/api/v1/incidents?limit=500')).body as Page<{
      id: string;
    }>;
    expect(whole.next_cursor).toBeNull();
    const pages = await all<{ id: string }>('office', '/api/v1/incidents', 2);
    // Every page but the last is full; together they are the whole board, newest first.
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(pages.flat().map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
    expect(whole.items.slice(0, 3).map((i) => i.id)).toEqual([...ids].reverse());
    // With a state filter too.
    const graded = await all<{ id: string; state: string }>(
      'office',
      '/api/v1/incidents?state=graded',
      1,
    );
    expect(graded.flat().every((i) => i.state === 'graded')).toBe(true);
    expect(graded.flat().map((i) => i.id)).toEqual(expect.arrayContaining(ids));
    // The viewer may not read the secret one: their pages are still full, and never show it.
    const viewerWhole = (await c('viewer').get('/api/v1/incidents?limit=500')).body as Page<{
      id: string;
    }>;
    expect(viewerWhole.items.map((i) => i.id)).not.toContain(ids[1]);
    const viewerPages = await all<{ id: string }>('viewer', '/api/v1/incidents', 1);
    expect(viewerPages.slice(0, -1).every((p) => p.length === 1)).toBe(true);
    expect(viewerPages.flat().map((i) => i.id)).toEqual(viewerWhole.items.map((i) => i.id));

    // The deputy's inbox, oldest first, page by page.
    const inbox = (await c('deputy').get('/api/v1/approvals/inbox?limit=500')).body as Page<{
      approval: { id: string; incidentId: string; submittedAt: string };
    }>;
    expect(inbox.next_cursor).toBeNull();
    expect(inbox.items.map((i) => i.approval.incidentId)).toEqual(expect.arrayContaining(ids));
    const submitted = inbox.items.map((i) => i.approval.submittedAt);
    expect([...submitted].sort()).toEqual(submitted);
    const inboxPages = await all<{ approval: { id: string } }>(
      'deputy',
      '/api/v1/approvals/inbox',
      2,
    );
    expect(inboxPages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(inboxPages.flat().map((i) => i.approval.id)).toEqual(
      inbox.items.map((i) => i.approval.id),
    );
    // Without limit: the first 200, as before.
    const plain = (await c('deputy').get('/api/v1/approvals/inbox')).body as Page<unknown>;
    expect(plain.items.length).toBe(inbox.items.length);
    // A cursor this list did not give: 400 naming it; a limit out of range likewise.
    for (const path of ['/api/v1/incidents', '/api/v1/approvals/inbox']) {
      const bad = await c('office').get(`${path}?cursor=not-a-cursor`);
      expect(bad.status).toBe(400);
      expect((bad.body as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe(
        'query.cursor',
      );
      const big = await c('office').get(`${path}?limit=501`);
      expect(big.status).toBe(400);
      expect(JSON.stringify(big.body)).toContain('query.limit');
    }
  });

  it('audit verify names a delegation, an approval’s signers, an incident’s links or its record edited in the database', async () => {
    type Problem = { type: string; id: string; message: string };
    const verify = async () =>
      (await c('office').get('/api/v1/audit/verify')).body as {
        ok: boolean;
        records: { problems: Problem[] };
      };
    const known = new Set((await verify()).records.problems.map((p) => `${p.type}:${p.id}`));
    const fresh = async () =>
      (await verify()).records.problems.filter((p) => !known.has(`${p.type}:${p.id}`));
    const db = server.store.db;

    // A delegation, revoked: a database edit that un-revokes or extends it is named.
    const made = await c('leader').post('/api/v1/delegations', {
      toUserId: id('deputy'),
      from: new Date(now).toISOString(),
      until: new Date(now + 60 * MIN).toISOString(),
      reason: '外出开会',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const did = (made.body as { id: string }).id;
    expect((await c('leader').post(`/api/v1/delegations/${did}/revoke`)).status).toBe(200);
    expect(await fresh()).toEqual([]);
    const row = await db
      .selectFrom('delegations')
      .selectAll()
      .where('id', '=', did)
      .executeTakeFirstOrThrow();
    await db.updateTable('delegations').set({ revoked_at: null }).where('id', '=', did).execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({
        type: 'delegation',
        id: did,
        message: expect.stringContaining('edited outside Yuqing'),
      }),
    ]);
    await db
      .updateTable('delegations')
      .set({
        revoked_at: row.revoked_at,
        valid_until: new Date(now + 365 * 24 * 60 * MIN).toISOString(),
      })
      .where('id', '=', did)
      .execute();
    expect(await fresh()).toContainEqual(expect.objectContaining({ type: 'delegation', id: did }));
    await db
      .updateTable('delegations')
      .set({ valid_until: row.valid_until })
      .where('id', '=', did)
      .execute();
    expect(await fresh()).toEqual([]);
    // One written behind Yuqing's back has no audit record.
    await db
      .insertInto('delegations')
      .values({ ...row, id: `${did}-forged`, revoked_at: null, revoked_by: null })
      .execute();
    expect(await fresh()).toContainEqual(
      expect.objectContaining({
        type: 'delegation',
        id: `${did}-forged`,
        message: expect.stringContaining('no audit record'),
      }),
    );
    await db.deleteFrom('delegations').where('id', '=', `${did}-forged`).execute();
    expect(await fresh()).toEqual([]);

    // Who may sign a pending approval: a signer added or removed in the database is named.
    const iid = await gradedMajor('签批人篡改');
    const v = await step('office', iid, {
      type: 'submit_document',
      document: { docType: 'handling_opinion', ...text },
    });
    const opinion = pending(v, 'handling_opinion');
    await db
      .insertInto('approval_signers')
      .values({ approval_id: opinion.id, user_id: id('viewer') })
      .execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({
        type: 'approval_signers',
        id: opinion.id,
        message: expect.stringContaining(`added ${id('viewer')}`),
      }),
    ]);
    await db.deleteFrom('approval_signers').where('approval_id', '=', opinion.id).execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({
        type: 'approval_signers',
        id: opinion.id,
        message: expect.stringContaining(`removed ${id('deputy')}`),
      }),
    ]);
    await db
      .insertInto('approval_signers')
      .values({ approval_id: opinion.id, user_id: id('deputy') })
      .execute();
    expect(await fresh()).toEqual([]);

    // An incident's links: moved in time, deleted, or added behind Yuqing's back.
    const linked = await step('office', iid, {
      type: 'link_items',
      mentionIds: [],
      eventIds: [
        (await db.selectFrom('events').select('id').orderBy('id').executeTakeFirstOrThrow()).id,
      ],
    });
    expect(linked.timeline.map((e) => e.kind)).toContain('link_items');
    expect(await fresh()).toEqual([]);
    const link = await db
      .selectFrom('incident_links')
      .selectAll()
      .where('incident_id', '=', iid)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('incident_links')
      .set({ linked_at: new Date(T0 - 24 * 60 * MIN).toISOString() })
      .where('id', '=', link.id)
      .execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({ type: 'incident_link', id: link.id }),
    ]);
    await db.deleteFrom('incident_links').where('id', '=', link.id).execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({
        type: 'incident_link',
        id: iid,
        message: expect.stringContaining(`lost its link to event ${link.event_id}`),
      }),
    ]);
    await db.insertInto('incident_links').values(link).execute();
    expect(await fresh()).toEqual([]);
    const otherMention = await db.selectFrom('mentions').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('incident_links')
      .values({
        ...link,
        id: `${link.id}-forged`,
        kind: 'mention',
        event_id: null,
        mention_id: otherMention.id,
      })
      .execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({ type: 'incident_link', id: `${link.id}-forged` }),
    ]);
    await db.deleteFrom('incident_links').where('id', '=', `${link.id}-forged`).execute();
    expect(await fresh()).toEqual([]);

    // The incident's record itself (the JSON beside the indexed columns): the leader in charge
    // changed inside it is named, though no indexed column moved.
    const stored = await db
      .selectFrom('incidents')
      .select('record')
      .where('id', '=', iid)
      .executeTakeFirstOrThrow();
    const record = JSON.parse(stored.record!) as { leaderInChargeId: string };
    expect(record.leaderInChargeId).toBe(id('deputy'));
    await db
      .updateTable('incidents')
      .set({ record: JSON.stringify({ ...record, leaderInChargeId: id('office') }) })
      .where('id', '=', iid)
      .execute();
    expect(await fresh()).toEqual([
      expect.objectContaining({
        type: 'incident',
        id: iid,
        message: expect.stringContaining('edited outside Yuqing'),
      }),
    ]);
    await db
      .updateTable('incidents')
      .set({ record: stored.record })
      .where('id', '=', iid)
      .execute();
    expect(await fresh()).toEqual([]);
  });

  it('delegations written before they were sealed are anchored once; one written after is not', async () => {
    const db = server.store.db;
    const known = async () =>
      new Set(
        (
          (await c('office').get('/api/v1/audit/verify')).body as {
            records: { problems: { type: string; id: string }[] };
          }
        ).records.problems.map((p) => `${p.type}:${p.id}`),
      );
    const before = await known();
    const base = {
      from_user_id: id('leader'),
      to_user_id: id('deputy'),
      doc_types: null,
      valid_from: new Date(now).toISOString(),
      valid_until: null,
      revoked_at: null,
      revoked_by: null,
      reason: '升级前的委托',
      created_by: id('leader'),
      created_at: new Date(now).toISOString(),
    };
    // As an older Yuqing left it: the row, its audit entry without a seal, not yet anchored.
    await db
      .insertInto('delegations')
      .values({ ...base, id: `legacy-${dialect}` })
      .execute();
    await db
      .deleteFrom('settings')
      .where('key', '=', 'audit.seals_anchored_at.delegation')
      .execute();
    expect(await known()).toContain(`delegation:legacy-${dialect}`);
    const audit = new AuditService(server.deps);
    expect(await audit.anchorUnsealedOnce()).toBe(1);
    expect(await known()).not.toContain(`delegation:legacy-${dialect}`);
    expect(await audit.anchorUnsealedOnce()).toBe(0);
    // From then on, one written behind Yuqing's back stays named.
    await db
      .insertInto('delegations')
      .values({ ...base, id: `later-${dialect}` })
      .execute();
    expect(await audit.anchorUnsealedOnce()).toBe(0);
    expect(await known()).toContain(`delegation:later-${dialect}`);
    await db.deleteFrom('delegations').where('id', '=', `later-${dialect}`).execute();
    const after = await known();
    expect([...after].filter((k) => !before.has(k))).toEqual([]);
  });
});
