// People's performance ([P17]) through the HTTP API on a real server (SQLite, and PostgreSQL when
// DATABASE_URL is set), after driving a real incident through the API with a clock the test
// moves: an alert acknowledged late after an escalation, the incident's notice acknowledged in
// time, roles taken and left (leader in charge, commander, the team until a division took over,
// the division's head from the positions), a first report in time, a handling opinion signed
// late, a task done late. Then the proposals: the office proposes citing the facts, the wrong
// signer gets 403, each version is sealed by its content hash, a return makes a new version,
// the person concerned reads it once decided; and the export as CSV and DOCX.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposalContentHash, type Proposal } from '../src/domain/performance-proposals.ts';
import { readDocx } from './docx-reader.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

// 10:00 in Beijing on a Monday of 2026.
const T0 = Date.parse('2026-05-11T02:00:00.000Z');
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

interface Me {
  userId: string;
  personId: string;
  unitId: string;
  name: string;
}

interface RoleFact {
  ref: string;
  role: string;
  since: string | null;
  until: string | null;
  endedBy: string | null;
  teamName: string | null;
  documents: string[];
}
interface IncidentFacts {
  incidentId: string;
  title: string;
  roles: RoleFact[];
  reports: { ref: string; kind: string; clocks: { key: string; status: string }[] }[];
  tasks: {
    ref: string;
    outcome: string;
    overdueMs: number | null;
    relation: string[];
  }[];
  signatures: {
    ref: string;
    docType: string;
    waitedMs: number;
    decision: string | null;
  }[];
  alerts: {
    ref: string;
    alertId: string;
    kind: string;
    acknowledgedByThem: boolean;
    ackMs: number | null;
    withinDeadline: boolean | null;
    passed: unknown[];
  }[];
  gaps: string[];
}
interface PersonView {
  person: { id: string; name: string; unitId: string | null };
  incidents: IncidentFacts[];
  alerts: IncidentFacts['alerts'];
  summary: { escalationsPast: number; acks: { count: number; late: number } };
  factTexts: Record<string, string>;
  names: Record<string, string>;
  proposals: (Proposal & { problems: string[]; mayDecide: boolean })[];
}

describe.each(DIALECTS)('people’s performance through the API on %s', (dialect) => {
  let server: TestServer;
  let now = T0;
  const as: Record<string, Client> = {};
  const me: Record<string, Me> = {};
  const USERS = ['office', 'leader', 'deputy', 'division', 'investigator', 'viewer', 'informant'];
  let incidentId = '';
  let alertId = '';

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    for (const u of USERS) {
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
      const row = await server.store.db
        .selectFrom('users')
        .select(['id', 'person_id', 'unit_id', 'display_name'])
        .where('username', '=', u)
        .executeTakeFirstOrThrow();
      me[u] = {
        userId: row.id,
        personId: row.person_id ?? row.id,
        unitId: row.unit_id,
        name: row.display_name,
      };
    }
  }, 60_000);
  afterAll(async () => server?.close());

  const c = (u: string): Client => as[u]!;
  const m = (u: string): Me => me[u]!;

  async function step(u: string, action: object) {
    const r = await c(u).post(`/api/v1/incidents/${incidentId}/actions`, { action });
    expect(r.status, `${u} ${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body as {
      incident: { tasks: { id: string }[] };
      approvals: { id: string; docType: string; status: string }[];
    };
  }
  async function person(u: string, personId: string, status = 200): Promise<PersonView> {
    const r = await c(u).get(`/api/v1/performance/people/${personId}?year=2026`);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body as PersonView;
  }
  const ours = (v: PersonView): IncidentFacts => {
    const i = v.incidents.find((x) => x.incidentId === incidentId);
    if (!i) throw new Error(`no facts of the incident for ${v.person.name}`);
    return i;
  };

  it('drives a real incident: alert, escalation, grading, team, reports, signature, task', async () => {
    const services = server.app.services;
    const rule = await c('office').post('/api/v1/alert-rules', {
      name: '数据造假',
      severity: 'major',
      conditions: { riskCategories: ['data_falsification'], minVolume: 1 },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const collector = await collectorClient(server, 'performance collector');
    const pushed = await collector.post('/api/v1/ingest', [
      {
        source: 'weibo',
        external_id: 'perf-1',
        url: 'https://weibo.example/perf-1',
        author: '网友甲',
        text: '网传某县统计局篡改GDP数据，统计数据造假，要求彻查',
        published_at: at(-5),
      },
    ]);
    expect(pushed.status).toBe(200);
    const alerts = (await c('office').get('/api/v1/alerts?status=active')).body as {
      items: { id: string; kind: string; ack_due_at: string }[];
    };
    const alert = alerts.items.find((a) => a.kind === 'event');
    if (!alert) throw new Error(`no event alert fired: ${JSON.stringify(alerts.items)}`);
    alertId = alert.id;
    expect(alert.ack_due_at).toBe(at(10));
    // Nobody acknowledges it in its 10 minutes: it escalates past the first step at 11.
    now = T0 + 11 * MIN;
    expect(await services.alerts.escalateDue()).toBe(1);
    now = T0 + 13 * MIN;
    expect((await c('office').post(`/api/v1/alerts/${alertId}/ack`)).status).toBe(200);
    const linked = await c('office').post(`/api/v1/alerts/${alertId}/link`, {
      title: '某县统计数据造假传言',
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    incidentId = (linked.body as { incident_id: string }).incident_id;

    now = T0 + 14 * MIN;
    await step('office', { type: 'start_assessment' });
    await step('office', { type: 'set_leader_in_charge', userId: m('deputy').userId });
    now = T0 + 15 * MIN;
    await step('office', { type: 'grade', grade: 'major', reason: '涉及数据真实性' });
    // The group's notice is an alert: the principal leader acknowledges it in 2 minutes.
    const told = (await c('leader').get('/api/v1/alerts?kind=incident')).body as {
      items: { id: string; status: string; title: string }[];
    };
    const notice = told.items.find((a) => a.title.includes('某县统计数据造假传言'));
    if (!notice) throw new Error('the group was not told');
    now = T0 + 17 * MIN;
    expect((await c('leader').post(`/api/v1/alerts/${notice.id}/ack`)).status).toBe(200);
    await step('leader', {
      type: 'assign_handler',
      handler: {
        kind: 'team',
        name: '调查督办小组',
        leaderId: m('investigator').userId,
        memberIds: [m('investigator').userId],
      },
    });
    await step('leader', { type: 'record_commander', userId: m('leader').userId });
    now = T0 + 40 * MIN;
    await step('office', {
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报',
    });
    now = T0 + 45 * MIN;
    const v = await step('office', {
      type: 'submit_document',
      document: { docType: 'handling_opinion', title: '处置意见', body: '正文' },
    });
    const opinion = v.approvals.find((a) => a.docType === 'handling_opinion')!;
    now = T0 + 50 * MIN;
    const withTask = await step('office', {
      type: 'add_task',
      unitId: m('division').unitId,
      title: '核实数据',
      deadline: at(120),
    });
    const task = withTask.incident.tasks[0]!;
    now = T0 + 60 * MIN;
    await step('investigator', { type: 'record_facts', text: '经核实，数据无误' });
    now = T0 + 150 * MIN;
    await step('division', {
      type: 'task_feedback',
      taskId: task.id,
      note: '已核实',
      complete: true,
    });
    now = T0 + 160 * MIN;
    await step('leader', {
      type: 'assign_handler',
      handler: { kind: 'division', unitId: m('division').unitId },
    });
    now = T0 + 200 * MIN;
    const signed = await c('deputy').post(`/api/v1/approvals/${opinion.id}/decision`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    now = T0 + 300 * MIN;
  });

  it('roles with when they were taken and left', async () => {
    const deputyView = await person('office', m('deputy').personId);
    // Names and units only, and only the names the facts refer to (nobody signed for him).
    expect(deputyView.names).toEqual({});
    expect(JSON.stringify(deputyView)).not.toContain('@example.org');
    const deputy = ours(deputyView);
    expect(deputy.roles.map((r) => [r.role, r.since, r.until, r.endedBy])).toEqual([
      ['leader_in_charge', at(14), null, null],
      ['signer', at(200), at(200), null],
    ]);
    expect(deputy.roles[1]!.documents).toEqual(['handling_opinion']);
    const leader = ours(await person('office', m('leader').personId));
    expect(leader.roles.map((r) => [r.role, r.since])).toEqual([['commander', at(17)]]);
    const inv = ours(await person('office', m('investigator').personId));
    expect(inv.roles).toEqual([
      expect.objectContaining({
        role: 'team_leader',
        since: at(17),
        until: at(160),
        endedBy: 'replaced',
        teamName: '调查督办小组',
      }),
    ]);
    // The demo's division user heads 核算处 (the group's member position): from the handover on.
    const div = ours(await person('office', m('division').personId));
    expect(div.roles.map((r) => [r.role, r.since, r.until])).toEqual([
      ['division_head', at(160), null],
    ]);
    const office = ours(await person('office', m('office').personId));
    expect(office.roles.map((r) => r.role)).toContain('report_recorder');
  });

  it('acknowledgement times, the escalation past the first step, reports, signatures, a late task', async () => {
    const office = await person('office', m('office').personId);
    const ack = ours(office).alerts.find((a) => a.alertId === alertId);
    expect(ack).toMatchObject({ acknowledgedByThem: true, ackMs: 13 * MIN, withinDeadline: false });
    const leader = ours(await person('office', m('leader').personId));
    expect(leader.alerts).toEqual([
      expect.objectContaining({
        kind: 'incident',
        acknowledgedByThem: true,
        ackMs: 2 * MIN,
        withinDeadline: true,
      }),
    ]);
    // Whoever the chain named first (the person on duty) was passed at 11 minutes.
    const detail = (await c('office').get(`/api/v1/alerts/${alertId}`)).body as {
      chain: { role: string; people: string[] }[];
    };
    const first = detail.chain.find((s) => s.people.length);
    if (!first) throw new Error('the alert named no one');
    const list = (await c('office').get('/api/v1/performance?year=2026')).body as {
      items: { person: { name: string }; summary: { escalationsPast: number } }[];
    };
    for (const name of first.people) {
      const item = list.items.find((i) => i.person.name === name);
      expect(item?.summary.escalationsPast, name).toBe(1);
    }
    expect(ours(office).reports).toEqual([
      expect.objectContaining({
        kind: 'first',
        clocks: [expect.objectContaining({ key: 'first_report', status: 'met' })],
      }),
    ]);
    const deputy = ours(await person('office', m('deputy').personId));
    expect(deputy.signatures).toEqual([
      expect.objectContaining({
        docType: 'handling_opinion',
        decision: 'approve',
        waitedMs: 155 * MIN,
      }),
    ]);
    const div = ours(await person('office', m('division').personId));
    expect(div.tasks).toEqual([
      expect.objectContaining({
        outcome: 'late',
        overdueMs: 30 * MIN,
        relation: ['unit_head', 'feedback', 'completed'],
      }),
    ]);
    expect(div.gaps).toContain('tasks_to_units');
  });

  it('who reads whom: everyone for the office, the unit for a division, oneself for the rest', async () => {
    const all = (await c('office').get('/api/v1/performance?year=2026')).body as {
      year: number;
      items: { person: { id: string; unitId: string | null } }[];
    };
    expect(all.year).toBe(2026);
    const ids = all.items.map((i) => i.person.id);
    for (const u of ['office', 'leader', 'deputy', 'investigator', 'division'])
      expect(ids, u).toContain(m(u).personId);
    const unit = (await c('division').get('/api/v1/performance?year=2026')).body as typeof all;
    expect(unit.items.length).toBeGreaterThan(0);
    expect(unit.items.every((i) => i.person.unitId === m('division').unitId)).toBe(true);
    const other = await c('division').get(
      `/api/v1/performance?year=2026&unitId=${m('office').unitId}`,
    );
    expect(other.status).toBe(403);
    const own = (await c('investigator').get('/api/v1/performance?year=2026')).body as typeof all;
    expect(own.items.map((i) => i.person.id)).toEqual([m('investigator').personId]);
    await person('viewer', m('investigator').personId, 403);
    await person('informant', m('office').personId, 403);
    const self = await person('investigator', m('investigator').personId);
    expect(ours(self).roles[0]!.role).toBe('team_leader');
    const bad = await c('office').get('/api/v1/performance?year=1999');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.year');
  });

  let commendation: Proposal;

  it('the office proposes, citing the facts; the version is sealed by its content hash', async () => {
    const inv = await person('office', m('investigator').personId);
    const roleRef = ours(inv).roles[0]!.ref;
    const notes = Object.keys(inv.factTexts);
    expect(notes).toContain(roleRef);
    const body = {
      kind: 'commendation',
      personId: m('investigator').personId,
      incidentId,
      year: 2026,
      reasons: '调查核实及时，事实清楚',
      factRefs: [roleRef],
    };
    // Not the office: refused.
    expect((await c('division').post('/api/v1/performance/proposals', body)).status).toBe(403);
    expect((await c('leader').post('/api/v1/performance/proposals', body)).status).toBe(403);
    // A fact that is not this person's: 400 naming it.
    const wrong = await c('office').post('/api/v1/performance/proposals', {
      ...body,
      factRefs: [roleRef, 'task:nope'],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('body.factRefs.1');
    const noPerson = await c('office').post('/api/v1/performance/proposals', {
      ...body,
      personId: 'nobody',
    });
    expect(noPerson.status).toBe(400);
    expect(noPerson.body.error.details[0].path).toBe('body.personId');

    now = T0 + 400 * MIN;
    const r = await c('office').post('/api/v1/performance/proposals', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    commendation = r.body as Proposal;
    expect(commendation).toMatchObject({
      version: 1,
      status: 'pending',
      personName: m('investigator').name,
      incidentTitle: '某县统计数据造假传言',
      facts: [{ ref: roleRef, text: inv.factTexts[roleRef] }],
      problems: [],
    });
    expect(commendation.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(proposalContentHash(commendation)).toBe(commendation.contentHash);
    expect(commendation.signer.userIds.sort()).toEqual(
      [m('leader').userId, m('deputy').userId, ...commendation.signer.userIds]
        .filter((x, i, a) => a.indexOf(x) === i)
        .sort(),
    );
    expect(commendation.signer.userIds).toContain(m('leader').userId);
    expect(commendation.signer.userIds).toContain(m('deputy').userId);
  });

  it('the wrong signer gets 403; a return makes a new version; the old one stays as it was', async () => {
    const decide = (u: string, id: string, decision: string, comment = '') =>
      c(u).post(`/api/v1/performance/proposals/${id}/decision`, { decision, comment });
    for (const u of ['office', 'division', 'investigator', 'viewer'])
      expect((await decide(u, commendation.id, 'approve')).status, u).toBe(403);
    const noComment = await decide('leader', commendation.id, 'return');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details[0].path).toBe('body.comment');
    // Not yet decided: the person concerned does not see it.
    const mine = (await c('investigator').get('/api/v1/performance/proposals')).body as {
      items: Proposal[];
    };
    expect(mine.items).toEqual([]);
    const inbox = (await c('deputy').get('/api/v1/performance/proposals/inbox')).body as {
      items: Proposal[];
    };
    expect(inbox.items.map((p) => p.id)).toContain(commendation.id);

    now = T0 + 410 * MIN;
    const returned = await decide('leader', commendation.id, 'return', '请补充事实');
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', decision: { decision: 'return' } });
    const sealed = returned.body.decision.sealHash as string;
    expect(sealed).toMatch(/^[0-9a-f]{64}$/);
    expect((await decide('deputy', commendation.id, 'approve')).status).toBe(409);

    now = T0 + 420 * MIN;
    const v2 = await c('office').post('/api/v1/performance/proposals', {
      kind: 'commendation',
      personId: m('investigator').personId,
      incidentId,
      year: 2026,
      reasons: '调查核实及时，事实清楚；补充：按时报告进展',
      factRefs: commendation.facts.map((f) => f.ref),
      revises: commendation.id,
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body).toMatchObject({
      version: 2,
      documentId: commendation.documentId,
      status: 'pending',
    });
    // Revising an old version again is refused.
    const again = await c('office').post('/api/v1/performance/proposals', {
      kind: 'commendation',
      personId: m('investigator').personId,
      year: 2026,
      reasons: '再改',
      revises: commendation.id,
    });
    expect(again.status).toBe(409);

    now = T0 + 430 * MIN;
    const approved = await decide('deputy', v2.body.id as string, 'approve', '同意表彰');
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const versions = (
      await c('office').get(`/api/v1/performance/proposals?personId=${m('investigator').personId}`)
    ).body as { items: (Proposal & { problems: string[] })[] };
    const byVersion = versions.items
      .filter((p) => p.documentId === commendation.documentId)
      .map((p) => [p.version, p.status, p.contentHash]);
    expect(byVersion).toEqual([
      [1, 'returned', commendation.contentHash],
      [2, 'approved', v2.body.contentHash],
    ]);
    expect(versions.items.every((p) => p.problems.length === 0)).toBe(true);
    // Decided: the person concerned reads the approved version (not the returned one).
    const mineNow = (await c('investigator').get('/api/v1/performance/proposals')).body as {
      items: Proposal[];
    };
    expect(mineNow.items.map((p) => [p.version, p.status])).toEqual([[2, 'approved']]);
    expect((await c('viewer').get('/api/v1/performance/proposals')).body.items).toEqual([]);
  });

  it('no one decides a proposal about themselves; an accountability proposal is read by the unit', async () => {
    const r = await c('office').post('/api/v1/performance/proposals', {
      kind: 'commendation',
      personId: m('deputy').personId,
      year: 2026,
      reasons: '签批及时',
    });
    expect(r.status).toBe(201);
    const self = await c('deputy').post(`/api/v1/performance/proposals/${r.body.id}/decision`, {
      decision: 'approve',
    });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('themselves');

    const div = await person('office', m('division').personId);
    const taskRef = ours(div).tasks[0]!.ref;
    const acc = await c('office').post('/api/v1/performance/proposals', {
      kind: 'accountability',
      personId: m('division').personId,
      incidentId,
      year: 2026,
      reasons: '任务逾期办结',
      factRefs: [taskRef],
    });
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    expect(acc.body.facts[0].text).toContain('逾期办结');
    const rejected = await c('leader').post(
      `/api/v1/performance/proposals/${acc.body.id}/decision`,
      { decision: 'reject', comment: '逾期有正当理由' },
    );
    expect(rejected.status).toBe(200);
    const unit = (await c('division').get('/api/v1/performance/proposals')).body as {
      items: Proposal[];
    };
    expect(unit.items.map((p) => [p.kind, p.status])).toEqual([['accountability', 'rejected']]);
    // Every step is in the audit log, and the chain holds.
    const log = (await c('office').get('/api/v1/audit?object_type=performance_proposal&limit=500'))
      .body as { items: { action: string }[] };
    const actions = log.items.map((e) => e.action);
    expect(actions).toContain('performance.proposal.submit');
    expect(actions).toContain('performance.proposal.decide');
    const verify = (await c('office').get('/api/v1/audit/verify')).body as { ok: boolean };
    expect(verify.ok).toBe(true);
  });

  it('an edit in the database shows as a problem; a decided version is never changed', async () => {
    await server.store.db
      .updateTable('performance_proposals')
      .set({ comment: '被篡改的意见' })
      .where('id', '=', commendation.id)
      .execute();
    const list = (
      await c('office').get(`/api/v1/performance/proposals?personId=${m('investigator').personId}`)
    ).body as { items: (Proposal & { problems: string[] })[] };
    expect(list.items.find((p) => p.id === commendation.id)?.problems).toEqual([
      'decision does not match its seal hash',
    ]);
    await server.store.db
      .updateTable('performance_proposals')
      .set({ comment: '请补充事实' })
      .where('id', '=', commendation.id)
      .execute();
  });

  it('exports the year as CSV (BOM) and DOCX, with names and units only', async () => {
    const csv = await fetch(`${server.url}/api/v1/performance/export?year=2026&format=csv`, {
      headers: { cookie: c('office').cookie! },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('performance-2026.csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    for (const s of [
      '年度,姓名,单位,事件',
      m('investigator').name,
      '某县统计数据造假传言',
      '调查督办小组组长',
      '逾期办结',
      '首报',
      '表彰建议（第 2 版）',
      '不同意',
    ])
      expect(text, s).toContain(s);
    expect(text).not.toContain('@example.org');

    const docx = await fetch(
      `${server.url}/api/v1/performance/export?year=2026&format=docx&personId=${m('investigator').personId}`,
      { headers: { cookie: c('office').cookie! } },
    );
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const read = await readDocx(Buffer.from(await docx.arrayBuffer()));
    expect(read.text).toContain('2026 年度网络舆情处置人员表现');
    expect(read.text).toContain(m('investigator').name);
    expect(read.text).toContain('调查督办小组组长');
    expect(read.text).toContain('表彰建议（第 2 版）');
    expect(read.text).not.toContain(m('division').name);
    expect(read.tables).toBeGreaterThanOrEqual(2);

    // The viewer exports their own only; asking for someone else's is refused.
    const mineOnly = await c('viewer').get(
      `/api/v1/performance/export?year=2026&format=csv&personId=${m('office').personId}`,
    );
    expect(mineOnly.status).toBe(403);
    const bad = await c('office').get('/api/v1/performance/export?year=2026&format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.format');
    const log = (await c('office').get('/api/v1/audit?object_type=performance&limit=500')).body as {
      items: { action: string }[];
    };
    expect(log.items.filter((e) => e.action === 'performance.export').length).toBe(2);
  });

  // A restricted incident (no role named: the office and its participants read it) with a task
  // for the division's unit: the division's head has a fact in it but may not read it.
  const SECRET_TITLE = '内部核查：某处原始数据异常';
  const SECRET_TASK = '调取原始台账';
  let restrictedId = '';
  let taskAlertId = '';

  it('an overdue task’s alert of an incident the reader may not read keeps its time, not its title', async () => {
    now = T0 + 500 * MIN;
    const opened = await c('office').post('/api/v1/incidents', {
      title: SECRET_TITLE,
      unitId: m('office').unitId,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      confidentiality: { level: 'restricted', userIds: [], roles: [] },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    restrictedId = opened.body.incident.id as string;
    const act = async (action: object) => {
      const r = await c('office').post(`/api/v1/incidents/${restrictedId}/actions`, { action });
      expect(r.status, `${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    await act({ type: 'start_assessment' });
    await act({ type: 'grade', grade: 'general', reason: '内部核查' });
    await act({
      type: 'add_task',
      unitId: m('division').unitId,
      title: SECRET_TASK,
      deadline: at(530),
    });
    expect((await c('division').get(`/api/v1/incidents/${restrictedId}`)).status).toBe(403);
    expect((await c('leader').get(`/api/v1/incidents/${restrictedId}`)).status).toBe(403);

    now = T0 + 540 * MIN;
    expect(await server.app.services.incidents.alertOverdueTasks()).toBeGreaterThanOrEqual(1);
    const alerts = (await c('office').get('/api/v1/alerts?kind=incident')).body as {
      items: { id: string; title: string }[];
    };
    const overdue = alerts.items.find((a) => a.title.includes(SECRET_TASK));
    if (!overdue) throw new Error(`no overdue-task alert: ${JSON.stringify(alerts.items)}`);
    taskAlertId = overdue.id;
    now = T0 + 545 * MIN;
    expect((await c('office').post(`/api/v1/alerts/${taskAlertId}/ack`)).status).toBe(200);

    // The office reads the incident: the alert is its, with its title.
    const mine = await person('office', m('office').personId);
    const tied = mine.incidents.find((i) => i.incidentId === restrictedId);
    expect(tied?.alerts.map((a) => a.alertId)).toEqual([taskAlertId]);
    expect(JSON.stringify(mine)).toContain(SECRET_TASK);
    // The leader may not: the office's acknowledgement is there, its title withheld.
    const seen = await person('leader', m('office').personId);
    expect(seen.incidents.some((i) => i.incidentId === restrictedId)).toBe(false);
    const masked = seen.alerts.find((a) => a.alertId === taskAlertId);
    expect(masked).toMatchObject({ acknowledgedByThem: true, title: '（限定范围事件的预警）' });
    expect(JSON.stringify(seen)).not.toContain(SECRET_TASK);
    expect(JSON.stringify(seen)).not.toContain(SECRET_TITLE);
  });

  it('reading a restricted incident’s facts for performance is audited once per call', async () => {
    const reads = async () =>
      (
        (await c('office').get('/api/v1/audit?object_type=incident_read&limit=500')).body as {
          items: {
            action: string;
            actor: { id: string | null };
            object: { id: string | null };
            after: { via?: string; incidents?: string[] };
          }[];
        }
      ).items.filter((e) => e.after?.via === 'performance');
    const before = (await reads()).length;
    await person('office', m('division').personId);
    const after = await reads();
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({
      action: 'incident.read',
      actor: { id: m('office').userId },
      object: { id: null },
      after: { via: 'performance', incidents: [restrictedId] },
    });
    // The open incident is not listed; a reader who may not read it reads nothing of it.
    expect(after[0]!.after.incidents).not.toContain(incidentId);
    await person('leader', m('division').personId);
    expect((await reads()).length).toBe(before + 1);
  });

  it('a decided proposal of an incident the reader may not read withholds its title and facts', async () => {
    now = T0 + 600 * MIN;
    const div = await person('office', m('division').personId);
    const task = div.incidents.find((i) => i.incidentId === restrictedId)?.tasks[0];
    if (!task) throw new Error('the division’s head has no task in the restricted incident');
    expect(div.factTexts[task.ref]).toContain(SECRET_TITLE);
    // Its facts are cited only in a proposal tied to it (whose readers are checked against it).
    const untied = await c('office').post('/api/v1/performance/proposals', {
      kind: 'accountability',
      personId: m('division').personId,
      year: 2026,
      reasons: '任务超期未办结',
      factRefs: [task.ref],
    });
    expect(untied.status).toBe(400);
    expect(untied.body.error.details[0].path).toBe('body.factRefs.0');
    const proposed = await c('office').post('/api/v1/performance/proposals', {
      kind: 'accountability',
      personId: m('division').personId,
      incidentId: restrictedId,
      year: 2026,
      reasons: '任务超期未办结',
      factRefs: [task.ref],
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body.id as string;
    expect(proposed.body.incidentTitle).toBe(SECRET_TITLE);
    const approved = await c('leader').post(`/api/v1/performance/proposals/${id}/decision`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // The leader decides it without reading the incident: the decision's view withholds it too.
    expect(approved.body).toMatchObject({
      status: 'approved',
      incidentTitle: '（限定范围的事件）',
      facts: [{ ref: task.ref, text: '（限定范围事件的记录）' }],
      problems: [],
    });
    // Its submission audited the restricted read.
    const submitted = (
      (await c('office').get('/api/v1/audit?object_type=incident_read&limit=50')).body as {
        items: { after: { via?: string; incidents?: string[] } }[];
      }
    ).items[0];
    expect(submitted?.after).toEqual({ via: 'performance', year: 2026, incidents: [restrictedId] });

    // The person concerned (not named on the incident) reads it, without the title.
    const list = (await c('division').get('/api/v1/performance/proposals')).body as {
      items: (Proposal & { problems: string[] })[];
    };
    const theirs = list.items.find((p) => p.id === id);
    expect(theirs).toMatchObject({
      incidentId: restrictedId,
      incidentTitle: '（限定范围的事件）',
      facts: [{ ref: task.ref, text: '（限定范围事件的记录）' }],
      problems: [],
    });
    // The sealed content is unchanged: the hash check runs on it, not on the view.
    const stored = await server.store.db
      .selectFrom('performance_proposals')
      .select('content')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.content).toContain(SECRET_TITLE);
    const own = await person('division', m('division').personId);
    expect(own.proposals.find((p) => p.id === id)?.incidentTitle).toBe('（限定范围的事件）');
    for (const body of [list, own]) {
      expect(JSON.stringify(body)).not.toContain(SECRET_TITLE);
      expect(JSON.stringify(body)).not.toContain(SECRET_TASK);
    }
    // The office may read the incident: it sees the proposal as sealed.
    const office = (
      await c('office').get(`/api/v1/performance/proposals?personId=${m('division').personId}`)
    ).body as { items: Proposal[] };
    expect(office.items.find((p) => p.id === id)).toMatchObject({
      incidentTitle: SECRET_TITLE,
      facts: [{ ref: task.ref, text: div.factTexts[task.ref] }],
    });

    // The export: the division's staff get it without the title; the office with it.
    const exported = async (u: string, format: string) => {
      const r = await fetch(
        `${server.url}/api/v1/performance/export?year=2026&format=${format}&personId=${m('division').personId}`,
        { headers: { cookie: c(u).cookie! } },
      );
      expect(r.status).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    };
    const csv = (await exported('division', 'csv')).toString('utf8');
    expect(csv).toContain('问责建议（第 1 版）');
    expect(csv).toContain('（限定范围的事件）');
    expect(csv).not.toContain(SECRET_TITLE);
    expect(csv).not.toContain(SECRET_TASK);
    const docx = await readDocx(await exported('division', 'docx'));
    expect(docx.text).toContain('问责建议（第 1 版）');
    expect(docx.text).not.toContain(SECRET_TITLE);
    expect(docx.text).not.toContain(SECRET_TASK);
    expect((await exported('office', 'csv')).toString('utf8')).toContain(SECRET_TITLE);
  });
});
