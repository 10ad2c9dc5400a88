import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import type { EscalationStep } from './alert-rules.ts';
import type { Approval, Delegation, LeadershipGroup } from './approvals.ts';
import { DEFAULT_CLOCK_SETTINGS } from './incident-clocks.ts';
import type { TimelineEntry } from './incident-timeline.ts';
import {
  apply,
  decideApproval,
  DEFAULT_INCIDENT_SETTINGS,
  newIncidentRecord,
  openIncident,
  type Applied,
  type Incident,
  type IncidentContext,
} from './incident.ts';
import type { IncidentAction } from './incident-actions.ts';
import {
  factRefs,
  performanceFacts,
  shanghaiYear,
  yearSpan,
  type AlertRecord,
  type DivisionHeadTerm,
  type IncidentRecord,
  type PersonPerformance,
  type PersonRef,
} from './performance.ts';
import type { Outcome } from './rule-outcome.ts';
import { userPrincipal } from './test-principals.ts';

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const MIN = 60_000;
const t = (m: number) => new Date(T0 + m * MIN);
const iso = (m: number) => t(m).toISOString();

const HS = 'unit-hs'; // the handling division (核算处)
const ZH = 'unit-zh'; // the office's division (综合处)
const CITY = 'unit-city';

const office = userPrincipal('u-office', ['office'], ZH);
const head = userPrincipal('u-head', ['leader']);
const deputy = userPrincipal('u-deputy', ['leader']);
const deputy2 = userPrincipal('u-deputy2', ['leader']);
const inv = userPrincipal('u-inv', ['investigator']);
const div = userPrincipal('u-div', ['division'], HS);

const group: LeadershipGroup = {
  headId: 'u-head',
  deputyHeadIds: ['u-deputy', 'u-deputy2'],
  memberIds: [],
};

const person = (id: string, name: string, unitId: string | null, userIds: string[]): PersonRef => ({
  id,
  name,
  unitId,
  userIds,
});
const PEOPLE: PersonRef[] = [
  person('p-office', '办公室甲', ZH, ['u-office']),
  person('p-head', '局长', 'bureau', ['u-head']),
  person('p-deputy', '副局长甲', 'bureau', ['u-deputy']),
  person('p-deputy2', '副局长乙', 'bureau', ['u-deputy2']),
  person('p-inv', '调查员', 'unit-zf', ['u-inv']),
  person('p-mem', '组员', 'unit-zf', ['u-mem']),
  person('p-div', '核算处副处长', HS, ['u-div']),
  // No account: known from positions and the duty roster only.
  person('p-divhead', '核算处处长', HS, []),
  person('p-duty', '值班员', ZH, []),
];
const HEADS: DivisionHeadTerm[] = [
  { personId: 'p-divhead', unitId: HS, since: '2020-01-01T00:00:00.000Z', until: iso(100) },
  { personId: 'p-div', unitId: HS, since: iso(100), until: null },
];

/** Drives one incident through the real rules (incident.ts) with a clock the test sets. */
class Run {
  inc!: Incident;
  timeline: TimelineEntry[] = [];
  approvals: Approval[] = [];
  delegations: Delegation[] = [];
  private n = 0;

  constructor(
    readonly id: string,
    minute: number,
    title = '网传某县统计数据造假',
  ) {
    this.take(
      openIncident(
        {
          title,
          unitId: ZH,
          source: { kind: 'manual', refId: null },
          mentionIds: [],
          eventIds: [],
        },
        office,
        t(minute),
        { id, suggested: null, newId: () => this.newId() },
      ),
    );
  }

  private newId(): string {
    return `${this.id}-x${++this.n}`;
  }

  ctx(): IncidentContext {
    return {
      group,
      approvals: this.approvals,
      delegations: this.delegations,
      timeline: this.timeline,
      settings: DEFAULT_INCIDENT_SETTINGS,
      newId: () => this.newId(),
    };
  }

  private take(out: Outcome<Applied>): void {
    if (!out.ok) throw new Error(JSON.stringify(out.error));
    this.inc = out.value.incident;
    this.timeline.push(...out.value.entries);
    for (const a of out.value.approvals) {
      const i = this.approvals.findIndex((x) => x.id === a.id);
      if (i >= 0) this.approvals[i] = a;
      else this.approvals.push(a);
    }
  }

  step(p: Principal, minute: number, action: IncidentAction): this {
    this.take(apply(this.inc, action, p, t(minute), this.ctx()));
    return this;
  }

  decide(p: Principal, minute: number, approvalId: string, decision = 'approve' as const): this {
    this.take(
      decideApproval(this.inc, approvalId, { decision, comment: '同意' }, p, t(minute), this.ctx()),
    );
    return this;
  }

  pending(docType: string): Approval {
    const a = this.approvals.find((x) => x.docType === docType && x.status === 'pending');
    if (!a) throw new Error(`no pending ${docType}`);
    return a;
  }

  record(): IncidentRecord {
    return { incident: this.inc, timeline: this.timeline, approvals: this.approvals };
  }
}

/** The major incident every test below reads (minutes from T0). */
function majorIncident(): Run {
  const r = new Run('inc-major', 0);
  r.step(office, 1, { type: 'start_assessment' })
    .step(office, 2, { type: 'set_leader_in_charge', userId: 'u-deputy' })
    .step(office, 3, { type: 'grade', grade: 'major', reason: '涉及数据真实性' })
    .step(head, 5, {
      type: 'assign_handler',
      handler: { kind: 'team', name: '调查督办小组', leaderId: 'u-inv', memberIds: ['u-mem'] },
    })
    .step(head, 6, { type: 'record_commander', userId: 'u-head' })
    .step(inv, 20, { type: 'record_facts', text: '经核实，数据无误' })
    // Recorded at 30, said to have been made at 25: the first report's clock counts 25.
    .step(office, 30, {
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报',
      declaredAt: iso(25),
    })
    .step(office, 40, {
      type: 'submit_document',
      document: { docType: 'handling_opinion', title: '处置意见', body: '正文' },
    })
    .step(office, 50, {
      type: 'add_task',
      unitId: HS,
      title: '核实数据',
      deadline: iso(110),
    })
    .step(office, 60, {
      type: 'add_task',
      unitId: HS,
      title: '起草说明',
      deadline: iso(300),
    })
    .step(office, 70, { type: 'set_leader_in_charge', userId: 'u-deputy2' })
    .step(head, 80, { type: 'assign_handler', handler: { kind: 'division', unitId: HS } })
    .step(div, 90, { type: 'report_progress', text: '进展' });
  const task1 = r.inc.tasks[0]!;
  r.step(div, 150, { type: 'task_feedback', taskId: task1.id, note: '已核实', complete: true });
  // The handling opinion was asked of the first leader in charge (u-deputy): signed at 200,
  // 160 minutes after it was submitted, past its clock (graded at 3 + 120).
  r.decide(deputy, 200, r.pending('handling_opinion').id);
  r.step(office, 210, {
    type: 'submit_document',
    document: {
      docType: 'release_plan',
      title: '发布方案',
      body: '正文',
      channels: ['website'],
    },
  });
  r.step(office, 220, { type: 'propose_response_activation', title: '启动', body: '正文' });
  // The principal leader away: the second deputy signs for him under a delegation.
  r.delegations.push({
    id: 'dlg-1',
    fromUserId: 'u-head',
    toUserId: 'u-deputy2',
    docTypes: null,
    from: iso(0),
    until: null,
    revokedAt: null,
    reason: '出差',
  });
  r.decide(deputy2, 230, r.pending('response_activation').id);
  // The follow-up report: 24 h after the first (declared 25) was due at 1465; made at 1500.
  r.step(office, 1500, {
    type: 'record_report',
    kind: 'follow_up',
    recipient: '国家统计局',
    summary: '续报',
  });
  return r;
}

const chain = (...steps: [EscalationStep['role'], [string, string | null][]][]) =>
  steps.map(([role, people]) => ({
    role,
    people: people.map(([personId, userId]) => ({
      personId,
      name: personId,
      userId,
      email: null,
      phone: null,
    })),
  }));

function alert(over: Partial<AlertRecord> & { id: string; firedAt: string }): AlertRecord {
  return {
    kind: 'event',
    severity: 'major',
    title: `预警 ${over.id}`,
    unitId: ZH,
    ackDueAt: new Date(Date.parse(over.firedAt) + 10 * MIN).toISOString(),
    status: 'open',
    acknowledgedAt: null,
    acknowledgedBy: null,
    chain: [],
    escalations: [],
    incidentId: null,
    ...over,
  };
}

const ALERTS: AlertRecord[] = [
  // Linked to the incident: on duty p-duty, escalated to the office head at 0, acknowledged at 2.
  alert({
    id: 'a1',
    firedAt: iso(-10),
    ackDueAt: iso(0),
    incidentId: 'inc-major',
    chain: chain(['on_duty', [['p-duty', null]]], ['office_head', [['p-office', 'u-office']]]),
    escalations: [{ at: iso(0), step: 1 }],
    acknowledgedAt: iso(2),
    acknowledgedBy: 'u-office',
    status: 'linked',
  }),
  // Tied to no incident: the deputy acknowledges within the deadline.
  alert({
    id: 'a2',
    firedAt: iso(500),
    ackDueAt: iso(530),
    severity: 'high',
    acknowledgedAt: iso(505),
    acknowledgedBy: 'u-deputy',
    status: 'acknowledged',
  }),
  // Never acknowledged: it passes the on-duty person, then the office head.
  alert({
    id: 'a3',
    firedAt: iso(600),
    chain: chain(
      ['on_duty', [['p-duty', null]]],
      ['office_head', [['p-office', 'u-office']]],
      ['leader_in_charge', [['p-deputy', 'u-deputy']]],
    ),
    escalations: [
      { at: iso(620), step: 2 },
      { at: iso(610), step: 1 },
    ],
  }),
  // Acknowledged before an escalation by hand: nobody was passed by it.
  alert({
    id: 'a4',
    firedAt: iso(700),
    chain: chain(['on_duty', [['p-duty', null]]], ['office_head', [['p-office', 'u-office']]]),
    acknowledgedAt: iso(703),
    acknowledgedBy: 'u-office',
    escalations: [{ at: iso(705), step: 1 }],
    status: 'acknowledged',
  }),
];

function facts(records: IncidentRecord[], alerts = ALERTS, now = t(2000)): PersonPerformance[] {
  return performanceFacts({
    people: PEOPLE,
    divisionHeads: HEADS,
    incidents: records,
    alerts,
    clockSettings: DEFAULT_CLOCK_SETTINGS,
    now,
  });
}

const of = (all: PersonPerformance[], id: string): PersonPerformance => {
  const p = all.find((x) => x.person.id === id);
  if (!p) throw new Error(`no facts for ${id}: ${all.map((x) => x.person.id).join(', ')}`);
  return p;
};
const roles = (p: PersonPerformance) =>
  p.incidents.flatMap((i) =>
    i.roles.map((r) => ({ role: r.role, since: r.since, until: r.until, endedBy: r.endedBy })),
  );

describe('people’s performance from an incident driven through the rules', () => {
  const run = majorIncident();
  const all = facts([run.record()]);

  it('names everyone who had a part, and only them', () => {
    expect(all.map((p) => p.person.id).sort()).toEqual(
      [
        'p-deputy',
        'p-deputy2',
        'p-div',
        'p-divhead',
        'p-duty',
        'p-head',
        'p-inv',
        'p-mem',
        'p-office',
      ].sort(),
    );
  });

  it('the leader in charge: taken at the step, left when another was named', () => {
    expect(roles(of(all, 'p-deputy'))).toEqual([
      { role: 'leader_in_charge', since: iso(2), until: iso(70), endedBy: 'replaced' },
      { role: 'signer', since: iso(200), until: iso(200), endedBy: null },
    ]);
    expect(roles(of(all, 'p-deputy2'))).toEqual([
      { role: 'leader_in_charge', since: iso(70), until: null, endedBy: null },
      { role: 'signer', since: iso(230), until: iso(230), endedBy: null },
    ]);
  });

  it('the commander, and the team until a division took over', () => {
    expect(roles(of(all, 'p-head'))).toEqual([
      { role: 'commander', since: iso(6), until: null, endedBy: null },
    ]);
    const leader = of(all, 'p-inv').incidents[0]!.roles;
    expect(leader).toEqual([
      expect.objectContaining({
        role: 'team_leader',
        since: iso(5),
        until: iso(80),
        endedBy: 'replaced',
        teamName: '调查督办小组',
      }),
    ]);
    expect(roles(of(all, 'p-mem'))).toEqual([
      { role: 'team_member', since: iso(5), until: iso(80), endedBy: 'replaced' },
    ]);
  });

  it('the handling division’s head from the positions, split when the head changed', () => {
    expect(roles(of(all, 'p-divhead'))).toEqual([
      { role: 'division_head', since: iso(80), until: iso(100), endedBy: 'position_ended' },
    ]);
    expect(roles(of(all, 'p-div'))).toEqual([
      { role: 'division_head', since: iso(100), until: null, endedBy: null },
    ]);
  });

  it('reports upward against their clocks, by the declared time when one was given', () => {
    const o = of(all, 'p-office');
    const reports = o.incidents[0]!.reports;
    expect(reports.map((r) => [r.kind, r.happenedAt, r.basis])).toEqual([
      ['first', iso(25), 'declared'],
      ['follow_up', iso(1500), 'system'],
    ]);
    expect(reports[0]!.clocks).toEqual([
      expect.objectContaining({ key: 'first_report', targetAt: iso(63), status: 'met' }),
    ]);
    expect(reports[1]!.clocks).toEqual([
      expect.objectContaining({
        key: 'follow_up:1',
        targetAt: iso(25 + 1440),
        status: 'breached',
        overdueMs: 35 * MIN,
      }),
    ]);
    expect(o.summary.reports).toEqual({ count: 2, met: 1, breached: 1, noTarget: 0 });
    expect(roles(o)).toContainEqual({
      role: 'report_recorder',
      since: iso(30),
      until: iso(1500),
      endedBy: null,
    });
  });

  it('tasks: the unit’s head when given and whoever reported; late, and open past the deadline', () => {
    const headTasks = of(all, 'p-divhead').incidents[0]!.tasks;
    expect(headTasks.map((x) => [x.title, x.outcome, x.overdueMs, x.relation])).toEqual([
      ['核实数据', 'late', 40 * MIN, ['unit_head']],
      ['起草说明', 'open_overdue', 1700 * MIN, ['unit_head']],
    ]);
    const reporter = of(all, 'p-div').incidents[0]!;
    expect(reporter.tasks).toEqual([
      expect.objectContaining({
        title: '核实数据',
        outcome: 'late',
        completedAt: iso(150),
        completedBasis: 'system',
        relation: ['feedback', 'completed'],
        feedbackCount: 1,
      }),
    ]);
    expect(reporter.gaps).toEqual(expect.arrayContaining(['tasks_to_units', 'notes_no_target']));
    expect(of(all, 'p-divhead').summary.tasks).toMatchObject({ late: 1, open_overdue: 1 });
  });

  it('signatures: how long each waited, pending ones to now, and on whose behalf', () => {
    const d = of(all, 'p-deputy');
    const sig = d.incidents[0]!.signatures;
    expect(sig.find((s) => s.docType === 'handling_opinion')).toMatchObject({
      decision: 'approve',
      decidedAt: iso(200),
      waitedMs: 160 * MIN,
    });
    // The release plan awaits the group: every head and deputy head, waiting since 210.
    for (const id of ['p-head', 'p-deputy', 'p-deputy2']) {
      const plan = of(all, id).incidents[0]!.signatures.find((s) => s.docType === 'release_plan');
      expect(plan, id).toMatchObject({ status: 'pending', decision: null, waitedMs: 1790 * MIN });
    }
    const d2 = of(all, 'p-deputy2').incidents[0]!.signatures.find(
      (s) => s.docType === 'response_activation',
    );
    expect(d2).toMatchObject({ onBehalfOf: 'p-head', signedBy: null, waitedMs: 10 * MIN });
    const h = of(all, 'p-head').incidents[0]!.signatures.find(
      (s) => s.docType === 'response_activation',
    );
    expect(h).toMatchObject({ onBehalfOf: null, signedBy: 'p-deputy2' });
    // Signed for him: not his own signature in the counts.
    expect(of(all, 'p-head').summary.signatures).toMatchObject({ decided: 0, pending: 1 });
    expect(d.summary.signatures).toEqual({
      decided: 1,
      pending: 1,
      medianWaitMs: 160 * MIN,
      maxWaitMs: 160 * MIN,
    });
    expect(
      of(all, 'p-deputy').incidents[0]!.roles.find((r) => r.role === 'signer')?.documents,
    ).toEqual(['handling_opinion']);
  });

  it('the investigation’s notes, with no time limit said', () => {
    expect(of(all, 'p-inv').incidents[0]!.notes).toEqual([
      expect.objectContaining({ kind: 'facts', at: iso(20), declaredAt: null }),
    ]);
    expect(of(all, 'p-div').incidents[0]!.notes.map((n) => n.kind)).toEqual(['progress']);
    expect(of(all, 'p-inv').incidents[0]!.gaps).toContain('notes_no_target');
  });

  it('acknowledgements: minutes from firing, within the deadline or not', () => {
    const o = of(all, 'p-office');
    const a1 = o.incidents[0]!.alerts.find((a) => a.alertId === 'a1');
    expect(a1).toMatchObject({
      acknowledgedByThem: true,
      ackMs: 12 * MIN,
      withinDeadline: false,
      onDuty: false,
      passed: [],
    });
    const a4 = o.alerts.find((a) => a.alertId === 'a4');
    expect(a4).toMatchObject({ acknowledgedByThem: true, ackMs: 3 * MIN, withinDeadline: true });
    // a2 is the deputy's, inside its deadline.
    expect(of(all, 'p-deputy').alerts).toEqual([
      expect.objectContaining({ alertId: 'a2', ackMs: 5 * MIN, withinDeadline: true }),
    ]);
    expect(o.summary.acks).toEqual({
      count: 2,
      withinDeadline: 1,
      late: 1,
      medianMs: 7.5 * MIN,
      maxMs: 12 * MIN,
    });
  });

  it('escalations past a person, in time order, only before anyone acknowledged', () => {
    const duty = of(all, 'p-duty');
    expect(roles(duty)).toEqual([
      { role: 'on_duty', since: iso(-10), until: iso(2), endedBy: null },
    ]);
    expect(duty.incidents[0]!.alerts).toEqual([
      expect.objectContaining({
        alertId: 'a1',
        acknowledgedByThem: false,
        onDuty: true,
        passed: [{ at: iso(0), fromRole: 'on_duty', toRole: 'office_head' }],
      }),
    ]);
    expect(duty.alerts.map((a) => [a.alertId, a.passed.length])).toEqual([['a3', 1]]);
    const a3 = of(all, 'p-office').alerts.find((a) => a.alertId === 'a3');
    expect(a3?.passed).toEqual([
      { at: iso(620), fromRole: 'office_head', toRole: 'leader_in_charge' },
    ]);
    expect(duty.summary.escalationsPast).toBe(2);
    // a4's escalation came after the acknowledgement: it passed no one.
    expect(duty.alerts.some((a) => a.alertId === 'a4')).toBe(false);
  });

  it('every fact has a ref, unique within the person', () => {
    for (const p of all) {
      const list = p.incidents.flatMap((i) => [
        ...i.roles,
        ...i.reports,
        ...i.notes,
        ...i.tasks,
        ...i.signatures,
        ...i.alerts,
      ]);
      expect(new Set(list.map((x) => x.ref)).size, p.person.id).toBe(list.length);
      expect(factRefs(p).size).toBe(list.length + p.alerts.length);
    }
  });
});

describe('people’s performance from hand-made records', () => {
  const entry = (
    id: string,
    kind: TimelineEntry['kind'],
    minute: number,
    actorId: string,
    data: TimelineEntry['data'],
  ): TimelineEntry => ({
    id,
    incidentId: 'inc-h',
    kind,
    at: iso(minute),
    declaredAt: null,
    actorId,
    actorName: actorId,
    summary: kind,
    data,
  });
  const base = (over: Partial<Incident> = {}): Incident => ({
    ...newIncidentRecord({
      id: 'inc-h',
      title: '一般舆情',
      unitId: ZH,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      suggested: null,
      confidentiality: { level: 'open', userIds: [], roles: [] },
      openedBy: 'u-office',
      openedAt: iso(0),
      discoveredAt: null,
    }),
    ...over,
  });

  it('roles end when the incident is archived; a general incident’s reports have no clock', () => {
    const inc = base({
      state: 'archived',
      grade: 'general',
      gradeHistory: [
        {
          grade: 'general',
          at: iso(1),
          by: 'u-office',
          reason: null,
          approvalId: null,
          entryId: 'g',
        },
      ],
      leaderInChargeId: 'u-deputy',
      handler: { kind: 'division', unitId: HS },
      reports: [
        {
          id: 'r1',
          kind: 'first',
          recipient: '国家统计局',
          channel: null,
          summary: 's',
          at: iso(10),
          declaredAt: null,
          by: 'u-office',
          entryId: 'e-r1',
          receipt: null,
        },
      ],
      review: { startedAt: iso(200), summary: '总结', archivedAt: iso(300) },
    });
    const timeline = [
      entry('e1', 'set_leader_in_charge', 2, 'u-office', { userId: 'u-deputy', before: null }),
      entry('e2', 'assign_handler', 3, 'u-head', {
        handler: { kind: 'division', unitId: HS },
        before: null,
      }),
      // Naming the same division again changes nothing for its head.
      entry('e3', 'assign_handler', 4, 'u-head', {
        handler: { kind: 'division', unitId: HS },
        before: { kind: 'division', unitId: HS },
      }),
    ];
    const all = facts([{ incident: inc, timeline, approvals: [] }], []);
    expect(roles(of(all, 'p-deputy'))).toEqual([
      { role: 'leader_in_charge', since: iso(2), until: iso(300), endedBy: 'archived' },
    ]);
    expect(roles(of(all, 'p-divhead'))).toEqual([
      { role: 'division_head', since: iso(3), until: iso(100), endedBy: 'position_ended' },
    ]);
    expect(roles(of(all, 'p-div'))).toEqual([
      { role: 'division_head', since: iso(100), until: iso(300), endedBy: 'archived' },
    ]);
    const o = of(all, 'p-office');
    expect(o.incidents[0]!.reports[0]!.clocks).toEqual([]);
    expect(o.incidents[0]!.gaps).toContain('reports_no_target');
    expect(o.summary.reports).toEqual({ count: 1, met: 0, breached: 0, noTarget: 1 });
  });

  it('a role on the record without its timeline entry is shown with no time, and said', () => {
    const inc = base({ leaderInChargeId: 'u-deputy2', commanderId: 'u-head' });
    const all = facts([{ incident: inc, timeline: [], approvals: [] }], []);
    expect(roles(of(all, 'p-deputy2'))).toEqual([
      { role: 'leader_in_charge', since: null, until: null, endedBy: null },
    ]);
    expect(of(all, 'p-head').incidents[0]!.gaps).toEqual(['no_timeline', 'role_time_unknown']);
  });

  it('a task of a unit with no head on record goes to no one but its reporters, and says so', () => {
    const inc = base({
      state: 'graded',
      grade: 'general',
      gradeHistory: [
        {
          grade: 'general',
          at: iso(1),
          by: 'u-office',
          reason: null,
          approvalId: null,
          entryId: 'g',
        },
      ],
      tasks: [
        {
          id: 'tk',
          unitId: CITY,
          title: '市州核实',
          detail: null,
          deadline: iso(60),
          createdAt: iso(10),
          createdBy: 'u-office',
          // Done by the unit, declared at 55 though recorded at 70: on time by its declared time.
          feedback: [
            {
              note: '进行中',
              complete: false,
              at: iso(20),
              declaredAt: null,
              by: 'u-city',
              entryId: 'f1',
            },
            {
              note: '完成',
              complete: true,
              at: iso(70),
              declaredAt: iso(55),
              by: 'u-city',
              entryId: 'f2',
            },
          ],
          completedAt: iso(70),
          completedDeclaredAt: iso(55),
        },
      ],
    });
    const all = facts(
      [{ incident: inc, timeline: [entry('o', 'opened', 0, 'u-office', {})], approvals: [] }],
      [],
    );
    // u-city has no person record: the account stands for the person.
    const city = of(all, 'u-city');
    expect(city.person).toEqual({
      id: 'u-city',
      name: 'u-city',
      unitId: null,
      userIds: ['u-city'],
    });
    expect(city.incidents[0]!.tasks).toEqual([
      expect.objectContaining({
        outcome: 'on_time',
        completedAt: iso(55),
        completedBasis: 'declared',
        relation: ['feedback', 'completed'],
        feedbackCount: 2,
      }),
    ]);
    expect(city.incidents[0]!.gaps).toEqual(
      expect.arrayContaining(['tasks_to_units', 'unit_head_unknown']),
    );
    expect(all.some((p) => p.person.id === 'p-divhead')).toBe(false);
  });

  it('an alert nobody acknowledged nor escalated is nobody’s fact; an empty input gives nobody', () => {
    expect(facts([], [alert({ id: 'lonely', firedAt: iso(0) })])).toEqual([]);
    expect(facts([], [])).toEqual([]);
  });
});

describe('the assessment year in Asia/Shanghai', () => {
  it('starts and ends at Beijing midnight', () => {
    expect(yearSpan(2026)).toEqual({
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(shanghaiYear('2025-12-31T16:00:00.000Z')).toBe(2026);
    expect(shanghaiYear('2025-12-31T15:59:59.999Z')).toBe(2025);
  });
});
