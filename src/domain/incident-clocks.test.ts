import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import { createApproval, type Approval, type LeadershipGroup } from './approvals.ts';
import {
  clockByKey,
  clockFindings,
  clockSettingsSchema,
  DEFAULT_CLOCK_SETTINGS as S,
  incidentClocks,
  type Clock,
  type ClockSettings,
} from './incident-clocks.ts';
import {
  apply,
  DEFAULT_INCIDENT_SETTINGS,
  newIncidentRecord,
  type GradeChange,
  type Release,
  type Incident,
  type Task,
  type UpwardReport,
} from './incident.ts';

const T0 = Date.parse('2025-06-01T02:00:00.000Z');
const MIN = 60_000;
const t = (minutes: number, ms = 0) => new Date(T0 + minutes * MIN + ms);
const iso = (minutes: number, ms = 0) => t(minutes, ms).toISOString();

const gradeChange = (grade: 'major' | 'general', minutes: number): GradeChange => ({
  grade,
  at: iso(minutes),
  by: 'u-office',
  reason: null,
  approvalId: grade === 'general' && minutes > 0 ? `low-${minutes}` : null,
  entryId: `g-${minutes}`,
});

/** An incident graded at T0 with nothing else done; override what a test needs. */
function buildIncident(over: Partial<Incident> = {}): Incident {
  return {
    ...newIncidentRecord({
      id: 'inc-1',
      title: 't',
      unitId: 'gs',
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      suggested: null,
      confidentiality: { level: 'open', userIds: [], roles: [] },
      openedBy: 'u-office',
      openedAt: iso(-10),
      discoveredAt: null,
      updatedAt: iso(0),
    }),
    state: 'graded',
    grade: 'major',
    gradeHistory: [gradeChange('major', 0)],
    ...over,
  };
}

const report = (kind: UpwardReport['kind'], minutes: number, declared?: number): UpwardReport => ({
  id: `r-${kind}-${minutes}`,
  kind,
  recipient: '国家统计局',
  channel: null,
  summary: 's',
  at: iso(minutes),
  declaredAt: declared === undefined ? null : iso(declared),
  by: 'u-office',
  entryId: `e-${kind}-${minutes}`,
  receipt: null,
});

const responding = (
  activated: number,
  terminated: number | null = null,
): Pick<Incident, 'response' | 'state'> => ({
  state: terminated === null ? 'responding' : 'terminated',
  response: {
    level: 'II',
    activatedAt: iso(activated),
    activationApprovalId: 'act',
    adjustments: [],
    terminatedAt: terminated === null ? null : iso(terminated),
    terminationApprovalId: terminated === null ? null : 'term',
  },
});

const opinion = (
  decidedMinutes: number | null,
  status: Approval['status'] = 'approved',
): Approval => {
  const a = createApproval({
    id: `op-${decidedMinutes}-${status}`,
    incidentId: 'inc-1',
    documentId: 'op',
    version: 1,
    docType: 'handling_opinion',
    grade: 'major',
    title: 't',
    body: 'b',
    payload: {},
    signer: { rule: 'leader_in_charge', userIds: ['u-deputy'] },
    submittedBy: 'u-office',
    submittedAt: iso(1),
  });
  if (decidedMinutes === null) return a;
  return {
    ...a,
    status,
    decision: {
      decision: status === 'approved' ? 'approve' : 'reject',
      comment: '',
      decidedBy: 'u-deputy',
      onBehalfOf: null,
      delegationId: null,
      decidedAt: iso(decidedMinutes),
      sealHash: 'x',
    },
  };
};

const clocks = (inc: Incident, now: Date, approvals: Approval[] = [], s: ClockSettings = S) =>
  incidentClocks(inc, approvals, now, s);
const clock = (
  inc: Incident,
  key: string,
  now: Date,
  approvals: Approval[] = [],
  s: ClockSettings = S,
): Clock => {
  const c = clockByKey(clocks(inc, now, approvals, s), key);
  if (!c) throw new Error(`no clock ${key}`);
  return c;
};
const brief = (c: Clock) => ({
  status: c.status,
  remainingMs: c.remainingMs,
  overdueMs: c.overdueMs,
});

describe('status at the boundaries', () => {
  const inc = buildIncident();

  it('running until the target; exactly at the target still running with nothing left', () => {
    expect(clock(inc, 'first_report', t(0))).toMatchObject({
      startAt: iso(0),
      targetAt: iso(60),
      status: 'running',
      remainingMs: 60 * MIN,
    });
    expect(brief(clock(inc, 'first_report', t(59, 59_999)))).toEqual({
      status: 'running',
      remainingMs: 1,
      overdueMs: null,
    });
    expect(brief(clock(inc, 'first_report', t(60)))).toEqual({
      status: 'running',
      remainingMs: 0,
      overdueMs: null,
    });
  });

  it('breached one millisecond after the target, and the overdue time grows with now', () => {
    expect(brief(clock(inc, 'first_report', t(60, 1)))).toEqual({
      status: 'breached',
      remainingMs: null,
      overdueMs: 1,
    });
    expect(clock(inc, 'first_report', t(90)).overdueMs).toBe(30 * MIN);
  });

  it('done exactly at the target is met; a millisecond later is a breach that stays that size', () => {
    const atTarget = buildIncident({ reports: [report('first', 60)] });
    expect(brief(clock(atTarget, 'first_report', t(500)))).toEqual({
      status: 'met',
      remainingMs: null,
      overdueMs: null,
    });
    const late = buildIncident({ reports: [{ ...report('first', 60), at: iso(60, 1) }] });
    expect(brief(clock(late, 'first_report', t(500)))).toEqual({
      status: 'breached',
      remainingMs: null,
      overdueMs: 1,
    });
    expect(clock(late, 'first_report', t(5000)).overdueMs).toBe(1);
  });

  it('due soon within the configured minutes of the target', () => {
    expect(clock(inc, 'first_report', t(45)).dueSoon).toBe(true);
    expect(clock(inc, 'first_report', t(44, 999)).dueSoon).toBe(false);
    expect(clock(inc, 'first_report', t(61)).dueSoon).toBe(false);
  });
});

describe('the major path’s clocks', () => {
  it('the first report counts by its declared time, and says so', () => {
    const inc = buildIncident({ reports: [report('first', 75, 50)] });
    expect(clock(inc, 'first_report', t(80))).toMatchObject({
      status: 'met',
      doneAt: iso(50),
      doneBasis: 'declared',
    });
    const system = buildIncident({ reports: [report('first', 50)] });
    expect(clock(system, 'first_report', t(80)).doneBasis).toBe('system');
  });

  it('the handling opinion is met by the signature; a pending or rejected one is not', () => {
    expect(clock(buildIncident(), 'handling_opinion', t(10))).toMatchObject({
      targetAt: iso(120),
      status: 'running',
    });
    expect(clock(buildIncident(), 'handling_opinion', t(130), [opinion(100)])).toMatchObject({
      status: 'met',
      doneAt: iso(100),
    });
    expect(clock(buildIncident(), 'handling_opinion', t(130), [opinion(null)]).status).toBe(
      'breached',
    );
    expect(
      clock(buildIncident(), 'handling_opinion', t(130), [opinion(100, 'rejected')]).status,
    ).toBe('breached');
    expect(clock(buildIncident(), 'handling_opinion', t(200), [opinion(150)])).toMatchObject({
      status: 'breached',
      overdueMs: 30 * MIN,
    });
  });

  it('stops at termination before its target; after it, the breach is kept at its size then', () => {
    const early = buildIncident(responding(10, 100));
    expect(clock(early, 'handling_opinion', t(300))).toMatchObject({
      status: 'stopped',
      stoppedAt: iso(100),
      overdueMs: null,
    });
    const late = buildIncident(responding(10, 150));
    expect(clock(late, 'handling_opinion', t(300))).toMatchObject({
      status: 'breached',
      stoppedAt: iso(150),
      overdueMs: 30 * MIN,
    });
    expect(clock(early, 'handling_opinion', t(50)).status).toBe('running');
  });

  it('a lowering stops what was not yet due and keeps what was already breached; raising resumes from the first grading', () => {
    const lowEarly = buildIncident({
      grade: 'general',
      gradeHistory: [gradeChange('major', 0), gradeChange('general', 30)],
    });
    expect(clock(lowEarly, 'first_report', t(100))).toMatchObject({
      status: 'stopped',
      stoppedAt: iso(30),
    });
    const lowLate = buildIncident({
      grade: 'general',
      gradeHistory: [gradeChange('major', 0), gradeChange('general', 90)],
    });
    expect(clock(lowLate, 'first_report', t(100))).toMatchObject({
      status: 'breached',
      overdueMs: 30 * MIN,
    });
    const again = buildIncident({
      gradeHistory: [
        gradeChange('major', 0),
        gradeChange('general', 30),
        gradeChange('major', 200),
      ],
    });
    expect(clock(again, 'first_report', t(210))).toMatchObject({
      startAt: iso(0),
      status: 'breached',
      overdueMs: 150 * MIN,
    });
  });

  it('an incident never major has no report or opinion clocks', () => {
    const general = buildIncident({
      grade: 'general',
      gradeHistory: [gradeChange('general', 0)],
      ...responding(10),
    });
    expect(clocks(general, t(100)).map((c) => c.key)).toEqual(['first_statement']);
    expect(
      clocks(buildIncident({ state: 'assessing', grade: null, gradeHistory: [] }), t(100)),
    ).toEqual([]);
  });

  it('follow-ups: one clock per interval from the first report, each closed by the next report', () => {
    const inc = buildIncident({
      ...responding(5),
      reports: [
        report('first', 10),
        report('follow_up', 10 + 20 * 60),
        report('follow_up', 10 + 50 * 60),
      ],
    });
    const now = t(10 + 60 * 60);
    const fus = clocks(inc, now).filter((c) => c.kind === 'follow_up');
    expect(fus.map((c) => [c.key, c.startAt, c.targetAt, c.status])).toEqual([
      ['follow_up:1', iso(10), iso(10 + 24 * 60), 'met'],
      ['follow_up:2', iso(10 + 20 * 60), iso(10 + 44 * 60), 'breached'],
      ['follow_up:3', iso(10 + 50 * 60), iso(10 + 74 * 60), 'running'],
    ]);
    expect(fus[1]!.overdueMs).toBe(6 * 60 * MIN);
    expect(fus[2]!.label).toBe('续报时限（第 3 次）');
  });

  it('follow-ups end with the final report, stop at termination, and can be switched off', () => {
    const closed = buildIncident({
      ...responding(5, 100),
      reports: [report('first', 10), report('final', 200)],
    });
    expect(
      clocks(closed, t(3000))
        .filter((c) => c.kind === 'follow_up')
        .map((c) => c.status),
    ).toEqual(['met']);
    const open = buildIncident({ ...responding(5, 100), reports: [report('first', 10)] });
    expect(clock(open, 'follow_up:1', t(3000))).toMatchObject({
      status: 'stopped',
      stoppedAt: iso(100),
    });
    expect(
      clocks(open, t(3000), [], { ...S, followUpMinutes: null }).some(
        (c) => c.kind === 'follow_up',
      ),
    ).toBe(false);
    expect(clocks(buildIncident(), t(3000)).some((c) => c.kind === 'follow_up')).toBe(false);
  });

  it('the final report: due after termination of a response that was major then', () => {
    const inc = buildIncident(responding(5, 100));
    expect(clock(inc, 'final_report', t(100 + 24 * 60))).toMatchObject({
      startAt: iso(100),
      status: 'running',
      remainingMs: 0,
    });
    expect(
      clock(
        { ...inc, reports: [report('first', 10), report('final', 300)] },
        'final_report',
        t(5000),
      ).status,
    ).toBe('met');
    const lowered = buildIncident({
      ...responding(5, 100),
      grade: 'general',
      gradeHistory: [gradeChange('major', 0), gradeChange('general', 50)],
    });
    expect(clockByKey(clocks(lowered, t(200)), 'final_report')).toBeNull();
  });
});

describe('the first statement and tasks', () => {
  it('runs from activation with the target of the grade in force then', () => {
    const s = { ...S, firstStatementMinutes: { major: 60, general: 120 } };
    const general = buildIncident({
      grade: 'general',
      gradeHistory: [gradeChange('general', 0)],
      ...responding(10),
    });
    expect(clock(general, 'first_statement', t(11), [], s)).toMatchObject({
      startAt: iso(10),
      targetAt: iso(130),
    });
    const raisedLater = {
      ...general,
      grade: 'major' as const,
      gradeHistory: [gradeChange('general', 0), gradeChange('major', 20)],
    };
    expect(clock(raisedLater, 'first_statement', t(21), [], s).targetAt).toBe(iso(130));
    expect(clock(buildIncident(responding(10)), 'first_statement', t(11), [], s).targetAt).toBe(
      iso(70),
    );
  });

  it('is met by the first release (its system time: the public page has it from then), and stops at termination', () => {
    const release = (id: string, at: number): Release => ({
      id,
      approvalId: `tp-${id}`,
      documentId: 'doc',
      version: 1,
      contentHash: 'h',
      planApprovalId: 'plan',
      content: {
        kind: 'statement',
        title: 't',
        body: 'b',
        qa: [],
        claim: null,
        facts: null,
        factSource: null,
      },
      channels: ['weibo'],
      status: 'published',
      corrects: null,
      correctedBy: null,
      withdrawal: null,
      at: iso(at),
      declaredAt: null,
      by: 'u-office',
      entryId: 'e',
    });
    const inc = buildIncident({
      ...responding(10),
      releases: [release('b', 95), release('a', 65)],
    });
    expect(clock(inc, 'first_statement', t(90))).toMatchObject({
      status: 'met',
      doneAt: iso(65),
      doneBasis: 'system',
    });
    expect(clock(buildIncident(responding(10, 50)), 'first_statement', t(200)).status).toBe(
      'stopped',
    );
    expect(clock(buildIncident(responding(10, 80)), 'first_statement', t(200))).toMatchObject({
      status: 'breached',
      overdueMs: 10 * MIN,
    });
  });

  it('each task runs to its deadline; completion counts by its declared time; archiving stops open ones', () => {
    const task = (over: Partial<Task>): Task => ({
      id: 'k1',
      unitId: 'hs',
      title: 't',
      detail: null,
      deadline: iso(120),
      createdAt: iso(5),
      createdBy: 'u-office',
      feedback: [],
      completedAt: null,
      completedDeclaredAt: null,
      ...over,
    });
    const inc = buildIncident({
      tasks: [
        task({}),
        task({ id: 'k2', completedAt: iso(130), completedDeclaredAt: iso(118) }),
        task({ id: 'k3', completedAt: iso(121) }),
      ],
    });
    const now = t(125);
    expect(clock(inc, 'task:k1', now)).toMatchObject({
      taskId: 'k1',
      startAt: iso(5),
      targetAt: iso(120),
      status: 'breached',
      overdueMs: 5 * MIN,
    });
    expect(clock(inc, 'task:k2', now)).toMatchObject({ status: 'met', doneBasis: 'declared' });
    expect(clock(inc, 'task:k3', now)).toMatchObject({ status: 'breached', overdueMs: MIN });
    const archived = { ...inc, review: { startedAt: iso(60), summary: 's', archivedAt: iso(100) } };
    expect(clock(archived, 'task:k1', now)).toMatchObject({
      status: 'stopped',
      stoppedAt: iso(100),
    });
  });
});

describe('breaches, reasons and findings', () => {
  const explained = buildIncident({
    breachExplanations: [
      {
        clockKey: 'first_report',
        reason: '上级值班电话占线',
        at: iso(70),
        by: 'u-office',
        entryId: 'x1',
      },
      {
        clockKey: 'first_report',
        reason: '上级值班电话占线，已改为传真',
        at: iso(75),
        by: 'u-office',
        entryId: 'x2',
      },
    ],
  });

  it('a breach carries the latest reason a person gave', () => {
    expect(clock(explained, 'first_report', t(80)).explanation?.reason).toBe(
      '上级值班电话占线，已改为传真',
    );
    expect(clock(explained, 'handling_opinion', t(130)).explanation).toBeNull();
  });

  it('feeds the coverage check: breached, unexplained, running, due soon', () => {
    expect(clockFindings(clocks(explained, t(130)))).toEqual({
      breached: 2,
      unexplained: 1,
      running: 0,
      dueSoon: 0,
    });
    expect(clockFindings(clocks(explained, t(110)))).toEqual({
      breached: 1,
      unexplained: 0,
      running: 1,
      dueSoon: 1,
    });
  });

  it('a person explains only a breached clock, through the incident', () => {
    const office: Principal = {
      kind: 'user',
      id: 'u-office',
      username: 'o',
      displayName: 'o',
      roles: ['office'],
      leaderKind: null,
      unitId: 'zh',
      scope: { kind: 'province' },
    };
    const group: LeadershipGroup = { headId: 'h', deputyHeadIds: [], memberIds: [] };
    let n = 0;
    const ctx = {
      group,
      approvals: [],
      delegations: [],
      timeline: [],
      settings: DEFAULT_INCIDENT_SETTINGS,
      newId: () => `n${++n}`,
    };
    const explain = (now: Date) =>
      apply(
        buildIncident(),
        { type: 'explain_breach', clockKey: 'first_report', reason: '原因' },
        office,
        now,
        ctx,
      );
    expect(explain(t(60))).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const r = explain(t(61));
    expect(r.ok && r.value.incident.breachExplanations).toMatchObject([
      { clockKey: 'first_report', reason: '原因', at: iso(61) },
    ]);
    const missing = apply(
      buildIncident(),
      { type: 'explain_breach', clockKey: 'follow_up:9', reason: 'x' },
      office,
      t(61),
      ctx,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('settings', () => {
  it('defaults are valid; every limit is a positive whole number of minutes', () => {
    expect(clockSettingsSchema.parse(S)).toEqual(S);
    expect(S.firstStatementMinutes).toEqual({ major: 60, general: 60 });
    expect(clockSettingsSchema.safeParse({ ...S, firstReportMinutes: 0 }).success).toBe(false);
    expect(clockSettingsSchema.safeParse({ ...S, firstReportMinutes: 1.5 }).success).toBe(false);
    expect(
      clockSettingsSchema.safeParse({ ...S, firstStatementMinutes: { major: 60 } }).success,
    ).toBe(false);
    expect(
      clockSettingsSchema.safeParse({ ...S, followUpMinutes: null, finalReportMinutes: null })
        .success,
    ).toBe(true);
    expect(clockSettingsSchema.safeParse({ ...S, unknown: 1 }).success).toBe(false);
  });

  it('a configured limit moves the target', () => {
    expect(
      clock(buildIncident(), 'first_report', t(0), [], { ...S, firstReportMinutes: 30 }).targetAt,
    ).toBe(iso(30));
  });
});
