// People's performance ([P17]: how each person performed goes into their assessment). Pure: from
// the incident records (the record, its timeline and its approvals), the alerts (who was told,
// who acknowledged and when, the escalations) and the organisation (who is who, who headed which
// division when) to per-person facts, per incident: the roles they held with when they took and
// left them, their acknowledgement times, the reports upward they recorded against the clocks,
// the investigation's notes, the tasks of their unit, the documents they signed and how long
// each waited. Nothing is guessed: where the record does not hold a fact, the incident's `gaps`
// say so. Imports only types from approvals.ts and incident.ts (node:crypto stays out of the
// web UI, which reads the types).
import type { Severity, EscalationStep } from './alert-rules.ts';
import { firstStep } from './alert-rules.ts';
import type { Approval, Decision, DocumentType } from './approvals.ts';
import type { Grade } from './grading.ts';
import type { ReportKind } from './incident-actions.ts';
import {
  incidentClocks,
  type Clock,
  type ClockSettings,
  type ClockStatus,
} from './incident-clocks.ts';
import type { TimelineEntry } from './incident-timeline.ts';
import type { Incident, IncidentState, InvestigationNote } from './incident.ts';

// ---------------------------------------------------------------------------------------------
// Input

/**
 * A person as the organisation knows them: a person record (people table) with the accounts
 * that act for them, or an account without a person record (its id stands for the person).
 * Names and units only: no contact details.
 */
export interface PersonRef {
  id: string;
  name: string;
  unitId: string | null;
  userIds: readonly string[];
}

/** A term as head of a division (the leadership group's member position, [P2]). */
export interface DivisionHeadTerm {
  personId: string;
  unitId: string;
  since: string;
  until: string | null;
}

export interface IncidentRecord {
  incident: Incident;
  /** The timeline in recorded order (empty for a placeholder made by alert linking). */
  timeline: readonly TimelineEntry[];
  approvals: readonly Approval[];
}

/** An alert as the performance facts read it (the alerts table and its escalation history). */
export interface AlertRecord {
  id: string;
  kind: string;
  severity: Severity;
  title: string;
  unitId: string;
  firedAt: string;
  /** The first acknowledgement deadline. */
  ackDueAt: string;
  status: string;
  acknowledgedAt: string | null;
  /** The account that acknowledged it. */
  acknowledgedBy: string | null;
  /** The escalation chain as resolved when it fired (who was on duty then, and after them). */
  chain: readonly EscalationStep[];
  /** Each escalation: when, and the step it moved to (from the audit log). */
  escalations: readonly { at: string; step: number }[];
  incidentId: string | null;
}

export interface PerformanceInput {
  people: readonly PersonRef[];
  divisionHeads: readonly DivisionHeadTerm[];
  incidents: readonly IncidentRecord[];
  alerts: readonly AlertRecord[];
  clockSettings: ClockSettings;
  /** Running clocks (open tasks, pending signatures) are measured to this instant. */
  now: Date;
}

// ---------------------------------------------------------------------------------------------
// Output

export const PERFORMANCE_ROLES = [
  'commander',
  'leader_in_charge',
  'team_leader',
  'team_member',
  'division_head',
  'signer',
  'on_duty',
  'report_recorder',
] as const;
export type PerformanceRole = (typeof PERFORMANCE_ROLES)[number];

/** Chinese labels (the export; the web UI has its own dictionary entries). */
export const PERFORMANCE_ROLE_LABELS: Record<PerformanceRole, string> = {
  commander: '指挥（主要负责同志）',
  leader_in_charge: '分管负责同志',
  team_leader: '调查督办小组组长',
  team_member: '调查督办小组成员',
  division_head: '承办处室负责人',
  signer: '签批',
  on_duty: '值班（接收预警）',
  report_recorder: '向上级报告（办公室）',
};

/**
 * What the record does not hold, said instead of guessed:
 * - no_timeline: a placeholder made by alert linking, no step recorded yet;
 * - role_time_unknown: a role on the record with no timeline entry saying when it was taken;
 * - tasks_to_units: tasks are given to units, not to persons (shown to the unit's head in
 *   post and to whoever reported on them);
 * - unit_head_unknown: a task's unit had no head on record (e.g. a city bureau);
 * - notes_no_target: the investigation's notes and progress reports have no time limit;
 * - reports_no_target: reports upward of a general incident run against no clock.
 */
export const PERFORMANCE_GAPS = [
  'no_timeline',
  'role_time_unknown',
  'tasks_to_units',
  'unit_head_unknown',
  'notes_no_target',
  'reports_no_target',
] as const;
export type PerformanceGap = (typeof PERFORMANCE_GAPS)[number];

export const PERFORMANCE_GAP_LABELS: Record<PerformanceGap, string> = {
  no_timeline: '该事件尚无处置记录（由预警关联生成的占位记录），无法确定角色和时间',
  role_time_unknown: '记录中有该角色，但时间线中没有任职时间的记载',
  tasks_to_units: '处置任务交办给单位而非个人：按任职记录归于单位负责人，并归于反馈人',
  unit_head_unknown: '任务承办单位在组织记录中没有负责人，任务未归于个人',
  notes_no_target: '调查核实、处置方案和进展报告未设时限，只记录时间',
  reports_no_target: '一般舆情的向上级报告未设时限，只记录时间',
};

export interface RoleHeld {
  /** Stable within the person's facts (proposals cite it). */
  ref: string;
  role: PerformanceRole;
  /** When it was taken (system time of the step); null: not recorded. */
  since: string | null;
  /** When it was left; null: held to the end of the record. */
  until: string | null;
  /** replaced: another step named someone else; archived: the incident closed; position_ended. */
  endedBy: 'replaced' | 'archived' | 'position_ended' | null;
  /** The team's name (team roles); the division (division head); standing in (commander). */
  teamName: string | null;
  unitId: string | null;
  standIn: boolean;
  /** Signer: the kinds of document signed. */
  documents: DocumentType[];
  /** Timeline entry that gave the role, if any. */
  entryId: string | null;
}

export interface ClockFact {
  key: string;
  label: string;
  targetAt: string;
  status: ClockStatus;
  overdueMs: number | null;
  explanation: string | null;
}

export interface ReportFact {
  ref: string;
  reportId: string;
  kind: ReportKind;
  recipient: string;
  /** System time it was recorded. */
  at: string;
  declaredAt: string | null;
  /** When it counts as made: the declared time if one was given, else the system time. */
  happenedAt: string;
  basis: 'system' | 'declared';
  receiptAt: string | null;
  /** The clocks it met or missed (first report, follow-up n, final report); empty: none ran. */
  clocks: ClockFact[];
}

export interface NoteFact {
  ref: string;
  entryId: string;
  kind: InvestigationNote['kind'];
  at: string;
  declaredAt: string | null;
}

export type TaskOutcome =
  'on_time' | 'late' | 'open_overdue' | 'open' | 'stopped' | 'closed_overdue';

export interface TaskFact {
  ref: string;
  taskId: string;
  unitId: string;
  title: string;
  createdAt: string;
  deadline: string;
  /** When it was done (the declared time when given). */
  completedAt: string | null;
  completedBasis: 'system' | 'declared' | null;
  outcome: TaskOutcome;
  /** Late: fixed once done; open and overdue: grows with `now`. */
  overdueMs: number | null;
  explanation: string | null;
  /** How the task is this person's: head of its unit when given, reported on it, completed it. */
  relation: ('unit_head' | 'feedback' | 'completed')[];
  feedbackCount: number;
}

export interface SignatureFact {
  ref: string;
  approvalId: string;
  documentId: string;
  docType: DocumentType;
  version: number;
  title: string;
  status: Approval['status'];
  submittedAt: string;
  decision: Decision | null;
  decidedAt: string | null;
  /** Submission to decision; pending: to `now`; closed undecided: to the closure. */
  waitedMs: number;
  /** Signed for someone else under a delegation: their person id. */
  onBehalfOf: string | null;
  /** Someone else signed for this person under a delegation: the delegate's person id. */
  signedBy: string | null;
}

export interface EscalationPast {
  at: string;
  /** The step passed (this person's) and the one it moved to. */
  fromRole: string;
  toRole: string;
}

export interface AlertFact {
  ref: string;
  alertId: string;
  kind: string;
  severity: Severity;
  title: string;
  unitId: string;
  incidentId: string | null;
  firedAt: string;
  ackDueAt: string;
  acknowledgedAt: string | null;
  /** Whether this person acknowledged it (else they were passed by an escalation). */
  acknowledgedByThem: boolean;
  /** Firing to acknowledgement, when they acknowledged it. */
  ackMs: number | null;
  /** Acknowledged by the first deadline (exactly at it counts as within). */
  withinDeadline: boolean | null;
  /** On duty when it fired (the chain's on_duty step named them). */
  onDuty: boolean;
  /** Escalations that moved past this person's step before anyone acknowledged. */
  passed: EscalationPast[];
}

export interface IncidentPerformance {
  incidentId: string;
  title: string;
  unitId: string;
  grade: Grade | null;
  state: IncidentState;
  openedAt: string;
  archivedAt: string | null;
  roles: RoleHeld[];
  reports: ReportFact[];
  notes: NoteFact[];
  tasks: TaskFact[];
  signatures: SignatureFact[];
  alerts: AlertFact[];
  gaps: PerformanceGap[];
}

export interface PerformanceSummary {
  incidents: number;
  roles: Record<PerformanceRole, number>;
  acks: {
    count: number;
    withinDeadline: number;
    late: number;
    medianMs: number | null;
    maxMs: number | null;
  };
  escalationsPast: number;
  reports: { count: number; met: number; breached: number; noTarget: number };
  notes: number;
  tasks: Record<TaskOutcome, number>;
  signatures: {
    decided: number;
    pending: number;
    medianWaitMs: number | null;
    maxWaitMs: number | null;
  };
}

export interface PersonPerformance {
  person: PersonRef;
  incidents: IncidentPerformance[];
  /** Alerts not tied to any incident in the set. */
  alerts: AlertFact[];
  summary: PerformanceSummary;
}

// ---------------------------------------------------------------------------------------------
// Who is who

class Directory {
  private readonly byUser = new Map<string, PersonRef>();
  private readonly byPerson = new Map<string, PersonRef>();
  private readonly made = new Map<string, PersonRef>();

  constructor(people: readonly PersonRef[]) {
    for (const p of people) {
      this.byPerson.set(p.id, p);
      for (const u of p.userIds) this.byUser.set(u, p);
    }
  }

  /** The person behind an account; an unknown account stands for itself, named as recorded. */
  ofUser(userId: string, name?: string): PersonRef {
    const known = this.byUser.get(userId) ?? this.made.get(userId);
    if (known) return known;
    const p: PersonRef = { id: userId, name: name ?? userId, unitId: null, userIds: [userId] };
    this.made.set(userId, p);
    return p;
  }

  /** A person named by a person id (positions) or, in an alert's chain, a person or account. */
  ofPerson(personId: string, userId: string | null = null, name?: string): PersonRef {
    return (
      this.byPerson.get(personId) ??
      (userId ? this.ofUser(userId, name) : null) ??
      this.byUser.get(personId) ??
      this.made.get(personId) ??
      this.remember(personId, name)
    );
  }

  private remember(id: string, name?: string): PersonRef {
    const p: PersonRef = { id, name: name ?? id, unitId: null, userIds: [] };
    this.made.set(id, p);
    return p;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ms = (iso: string) => Date.parse(iso);
const isoOf = (t: number) => new Date(t).toISOString();

/** Entries in system-time order; ties keep their recorded order. */
function ordered(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => ms(a.e.at) - ms(b.e.at) || a.i - b.i)
    .map((x) => x.e);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Per person id, in first-seen order. */
class Bucket<T> {
  readonly map = new Map<string, T[]>();
  add(personId: string, item: T): void {
    const list = this.map.get(personId);
    if (list) list.push(item);
    else this.map.set(personId, [item]);
  }
  get(personId: string): T[] {
    return this.map.get(personId) ?? [];
  }
}

// ---------------------------------------------------------------------------------------------
// Roles from the timeline

interface OpenRole {
  person: PersonRef;
  role: PerformanceRole;
  since: string;
  teamName: string | null;
  unitId: string | null;
  standIn: boolean;
  entryId: string;
}

interface HandlerSpan {
  unitId: string;
  start: string;
  end: string | null;
  endedBy: RoleHeld['endedBy'];
}

/** Unique within one person's facts: a person takes a role once at any one instant. */
function roleRef(incidentId: string, role: PerformanceRole, since: string | null): string {
  return `role:${incidentId}:${role}:${since ?? 'unrecorded'}`;
}

/**
 * The roles named by steps: leader in charge, commander, the investigation team's leader and
 * members, the handling division (its head comes from the positions). Each ends when a later
 * step names someone else, or when the incident is archived.
 */
function timelineRoles(
  rec: IncidentRecord,
  dir: Directory,
  heads: readonly DivisionHeadTerm[],
  out: Bucket<RoleHeld>,
  gaps: Set<PerformanceGap>,
): void {
  const inc = rec.incident;
  const open: OpenRole[] = [];
  const spans: HandlerSpan[] = [];
  const close = (o: OpenRole, until: string, endedBy: RoleHeld['endedBy']) => {
    out.add(o.person.id, {
      ref: roleRef(inc.id, o.role, o.since),
      role: o.role,
      since: o.since,
      until,
      endedBy,
      teamName: o.teamName,
      unitId: o.unitId,
      standIn: o.standIn,
      documents: [],
      entryId: o.entryId,
    });
  };
  const closeWhere = (f: (o: OpenRole) => boolean, at: string) => {
    for (let i = open.length - 1; i >= 0; i--) {
      const o = open[i] as OpenRole;
      if (f(o)) {
        close(o, at, 'replaced');
        open.splice(i, 1);
      }
    }
  };
  const take = (
    e: TimelineEntry,
    userId: string,
    role: PerformanceRole,
    extra: Partial<OpenRole> = {},
  ) => {
    open.push({
      person: dir.ofUser(userId),
      role,
      since: e.at,
      teamName: null,
      unitId: null,
      standIn: false,
      entryId: e.id,
      ...extra,
    });
  };
  const handling: { span: HandlerSpan | null } = { span: null };
  const endSpan = (at: string, endedBy: RoleHeld['endedBy']) => {
    const s = handling.span;
    if (s) spans.push({ ...s, end: at, endedBy });
    handling.span = null;
  };

  for (const e of ordered(rec.timeline)) {
    if (e.kind === 'set_leader_in_charge') {
      const userId = str(e.data.userId);
      if (!userId) continue;
      closeWhere((o) => o.role === 'leader_in_charge', e.at);
      take(e, userId, 'leader_in_charge');
    } else if (e.kind === 'record_commander') {
      const userId = str(e.data.userId);
      if (!userId) continue;
      closeWhere((o) => o.role === 'commander', e.at);
      take(e, userId, 'commander', { standIn: e.data.standIn === true });
    } else if (e.kind === 'assign_handler') {
      const h = e.data.handler;
      if (!h || typeof h !== 'object' || Array.isArray(h)) continue;
      if (h.kind === 'team') {
        const leaderId = str(h.leaderId);
        const members = Array.isArray(h.memberIds)
          ? h.memberIds.filter((m): m is string => typeof m === 'string')
          : [];
        const name = str(h.name);
        const want = new Map<string, PerformanceRole>();
        for (const m of members) want.set(m, 'team_member');
        if (leaderId) want.set(leaderId, 'team_leader');
        const personRole = new Map<string, PerformanceRole>();
        for (const [u, r] of want) personRole.set(dir.ofUser(u).id, r);
        // A member who stays in the same role of the same team keeps it; others end here.
        closeWhere(
          (o) =>
            (o.role === 'team_leader' || o.role === 'team_member') &&
            !(personRole.get(o.person.id) === o.role && o.teamName === name),
          e.at,
        );
        for (const [u, r] of want) {
          const p = dir.ofUser(u);
          if (!open.some((o) => o.person.id === p.id && o.role === r))
            take(e, u, r, { teamName: name });
        }
        endSpan(e.at, 'replaced');
      } else if (h.kind === 'division') {
        closeWhere((o) => o.role === 'team_leader' || o.role === 'team_member', e.at);
        const unitId = str(h.unitId);
        if (handling.span && handling.span.unitId === unitId) continue;
        endSpan(e.at, 'replaced');
        if (unitId) handling.span = { unitId, start: e.at, end: null, endedBy: null };
      }
    }
  }
  const archivedAt = inc.state === 'archived' ? inc.review.archivedAt : null;
  for (const o of open) {
    if (archivedAt) close(o, archivedAt, 'archived');
    else {
      out.add(o.person.id, {
        ref: roleRef(inc.id, o.role, o.since),
        role: o.role,
        since: o.since,
        until: null,
        endedBy: null,
        teamName: o.teamName,
        unitId: o.unitId,
        standIn: o.standIn,
        documents: [],
        entryId: o.entryId,
      });
    }
  }
  if (handling.span)
    spans.push({ ...handling.span, end: archivedAt, endedBy: archivedAt ? 'archived' : null });

  // The head of each handling division while it handled it (a change of head splits the term).
  for (const s of spans) {
    for (const term of heads) {
      if (term.unitId !== s.unitId) continue;
      const from = Math.max(ms(s.start), ms(term.since));
      const spanEnd = s.end === null ? Infinity : ms(s.end);
      const termEnd = term.until === null ? Infinity : ms(term.until);
      const to = Math.min(spanEnd, termEnd);
      if (!(from < to)) continue;
      const endedBy: RoleHeld['endedBy'] =
        to === Infinity ? null : termEnd < spanEnd ? 'position_ended' : s.endedBy;
      const p = dir.ofPerson(term.personId);
      out.add(p.id, {
        ref: roleRef(inc.id, 'division_head', isoOf(from)),
        role: 'division_head',
        since: isoOf(from),
        until: to === Infinity ? null : isoOf(to),
        endedBy,
        teamName: null,
        unitId: s.unitId,
        standIn: false,
        documents: [],
        entryId: null,
      });
    }
  }

  // On the record but not on the timeline (a record written before its timeline, or edited):
  // shown, with no time, and said.
  const named: [string | null, PerformanceRole][] = [
    [inc.leaderInChargeId, 'leader_in_charge'],
    [inc.commanderId, 'commander'],
  ];
  if (inc.handler?.kind === 'team') {
    named.push([inc.handler.leaderId, 'team_leader']);
    for (const m of inc.handler.memberIds)
      if (m !== inc.handler.leaderId) named.push([m, 'team_member']);
  }
  for (const [userId, role] of named) {
    if (!userId) continue;
    const p = dir.ofUser(userId);
    if (out.get(p.id).some((r) => r.role === role && r.ref.startsWith(`role:${inc.id}:`))) continue;
    gaps.add('role_time_unknown');
    out.add(p.id, {
      ref: roleRef(inc.id, role, null),
      role,
      since: null,
      until: null,
      endedBy: null,
      teamName: inc.handler?.kind === 'team' ? inc.handler.name : null,
      unitId: null,
      standIn: false,
      documents: [],
      entryId: null,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Clocks, reports, tasks, signatures

const happened = (x: { at: string; declaredAt: string | null }) => ({
  t: ms(x.declaredAt ?? x.at),
  basis: x.declaredAt ? ('declared' as const) : ('system' as const),
});

function clockFact(c: Clock): ClockFact {
  return {
    key: c.key,
    label: c.label,
    targetAt: c.targetAt,
    status: c.status,
    overdueMs: c.overdueMs,
    explanation: c.explanation?.reason ?? null,
  };
}

/** The clock keys a report could satisfy, by the same order incident-clocks.ts counts them. */
function reportClockKeys(inc: Incident): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  const reports = [...inc.reports].sort((a, b) => happened(a).t - happened(b).t);
  const first = reports.find((r) => r.kind === 'first');
  if (!first) return keys;
  keys.set(first.id, ['first_report']);
  const chain = reports.filter((r) => r.kind !== 'first' && happened(r).t >= happened(first).t);
  chain.forEach((r, i) => {
    keys.set(r.id, [`follow_up:${i + 1}`, ...(r.kind === 'final' ? ['final_report'] : [])]);
  });
  for (const r of reports)
    if (r.kind === 'final' && !keys.has(r.id)) keys.set(r.id, ['final_report']);
  return keys;
}

function taskOutcome(c: Clock | undefined, done: boolean): TaskOutcome {
  if (!c) return done ? 'on_time' : 'open';
  switch (c.status) {
    case 'met':
      return 'on_time';
    case 'running':
      return 'open';
    case 'stopped':
      return 'stopped';
    case 'breached':
      return done ? 'late' : c.stoppedAt ? 'closed_overdue' : 'open_overdue';
  }
}

function headOf(
  heads: readonly DivisionHeadTerm[],
  unitId: string,
  at: string,
): DivisionHeadTerm | null {
  const t = ms(at);
  return (
    heads.find(
      (h) => h.unitId === unitId && ms(h.since) <= t && (h.until === null || ms(h.until) > t),
    ) ?? null
  );
}

function emptySummary(): PerformanceSummary {
  return {
    incidents: 0,
    roles: Object.fromEntries(PERFORMANCE_ROLES.map((r) => [r, 0])) as Record<
      PerformanceRole,
      number
    >,
    acks: { count: 0, withinDeadline: 0, late: 0, medianMs: null, maxMs: null },
    escalationsPast: 0,
    reports: { count: 0, met: 0, breached: 0, noTarget: 0 },
    notes: 0,
    tasks: { on_time: 0, late: 0, open_overdue: 0, open: 0, stopped: 0, closed_overdue: 0 },
    signatures: { decided: 0, pending: 0, medianWaitMs: null, maxWaitMs: null },
  };
}

// ---------------------------------------------------------------------------------------------
// Alerts

function alertFacts(alerts: readonly AlertRecord[], dir: Directory, out: Bucket<AlertFact>): void {
  for (const a of alerts) {
    const ackAt = a.acknowledgedAt ? ms(a.acknowledgedAt) : null;
    const inChain = (step: number) =>
      (a.chain[step]?.people ?? []).map((p) => dir.ofPerson(p.personId, p.userId, p.name));
    const onDuty = new Set(
      a.chain.flatMap((s, i) => (s.role === 'on_duty' ? inChain(i).map((p) => p.id) : [])),
    );
    const passed = new Map<string, EscalationPast[]>();
    let current = firstStep(a.chain);
    for (const esc of [...a.escalations].sort((x, y) => ms(x.at) - ms(y.at))) {
      if (ackAt !== null && ms(esc.at) >= ackAt) break;
      const from = a.chain[current];
      const to = a.chain[esc.step];
      for (const p of inChain(current)) {
        const list = passed.get(p.id) ?? [];
        list.push({ at: esc.at, fromRole: from?.role ?? '', toRole: to?.role ?? '' });
        passed.set(p.id, list);
      }
      current = esc.step;
    }
    const acker = a.acknowledgedBy ? dir.ofUser(a.acknowledgedBy) : null;
    const fact = (personId: string, byThem: boolean): AlertFact => {
      const ackMs = byThem && ackAt !== null ? ackAt - ms(a.firedAt) : null;
      return {
        ref: `alert:${a.id}`,
        alertId: a.id,
        kind: a.kind,
        severity: a.severity,
        title: a.title,
        unitId: a.unitId,
        incidentId: a.incidentId,
        firedAt: a.firedAt,
        ackDueAt: a.ackDueAt,
        acknowledgedAt: a.acknowledgedAt,
        acknowledgedByThem: byThem,
        ackMs,
        withinDeadline: byThem && ackAt !== null ? ackAt <= ms(a.ackDueAt) : null,
        onDuty: onDuty.has(personId),
        passed: passed.get(personId) ?? [],
      };
    };
    if (acker) out.add(acker.id, fact(acker.id, true));
    for (const personId of passed.keys())
      if (personId !== acker?.id) out.add(personId, fact(personId, false));
  }
}

// ---------------------------------------------------------------------------------------------
// The facts

/**
 * Every person's facts: each person that appears in any incident or alert given, with the
 * incidents they had a part in (in the order given) and the alerts tied to none of them.
 */
export function performanceFacts(input: PerformanceInput): PersonPerformance[] {
  const dir = new Directory(input.people);
  const now = input.now;
  const byIncident = new Map<string, Map<string, IncidentPerformance>>();
  const order: string[] = [];
  const personOf = new Map<string, PersonRef>();
  const touch = (p: PersonRef, inc: IncidentRecord, gaps: Set<PerformanceGap>) => {
    personOf.set(p.id, p);
    if (!order.includes(p.id)) order.push(p.id);
    let m = byIncident.get(p.id);
    if (!m) {
      m = new Map<string, IncidentPerformance>();
      byIncident.set(p.id, m);
    }
    let ip = m.get(inc.incident.id);
    if (!ip) {
      const i = inc.incident;
      ip = {
        incidentId: i.id,
        title: i.title,
        unitId: i.unitId,
        grade: i.grade,
        state: i.state,
        openedAt: i.openedAt,
        archivedAt: i.review.archivedAt,
        roles: [],
        reports: [],
        notes: [],
        tasks: [],
        signatures: [],
        alerts: [],
        gaps: [],
      };
      m.set(i.id, ip);
    }
    for (const g of gaps) if (!ip.gaps.includes(g)) ip.gaps.push(g);
    return ip;
  };

  const incidentIds = new Set(input.incidents.map((r) => r.incident.id));
  const alertsByIncident = new Map<string, AlertRecord[]>();
  for (const a of input.alerts)
    if (a.incidentId && incidentIds.has(a.incidentId)) {
      const l = alertsByIncident.get(a.incidentId) ?? [];
      l.push(a);
      alertsByIncident.set(a.incidentId, l);
    }

  for (const rec of input.incidents) {
    const inc = rec.incident;
    const gaps = new Set<PerformanceGap>();
    if (rec.timeline.length === 0) gaps.add('no_timeline');
    const roles = new Bucket<RoleHeld>();
    timelineRoles(rec, dir, input.divisionHeads, roles, gaps);
    const clocks = incidentClocks(inc, rec.approvals, now, input.clockSettings);
    const clock = (key: string) => clocks.find((c) => c.key === key);

    // Reports upward and who recorded them.
    const reports = new Bucket<ReportFact>();
    const keys = reportClockKeys(inc);
    for (const r of inc.reports) {
      const h = happened(r);
      const facts = (keys.get(r.id) ?? [])
        .map(clock)
        .filter((c): c is Clock => !!c && c.doneAt !== null && ms(c.doneAt) === h.t)
        .map(clockFact);
      reports.add(dir.ofUser(r.by).id, {
        ref: `report:${r.id}`,
        reportId: r.id,
        kind: r.kind,
        recipient: r.recipient,
        at: r.at,
        declaredAt: r.declaredAt,
        happenedAt: isoOf(h.t),
        basis: h.basis,
        receiptAt: r.receipt ? (r.receipt.declaredAt ?? r.receipt.at) : null,
        clocks: facts,
      });
    }
    for (const [personId, list] of reports.map) {
      const times = list.map((r) => r.at).sort();
      roles.add(personId, {
        ref: roleRef(inc.id, 'report_recorder', times[0] ?? null),
        role: 'report_recorder',
        since: times[0] ?? null,
        until: times[times.length - 1] ?? null,
        endedBy: null,
        teamName: null,
        unitId: null,
        standIn: false,
        documents: [],
        entryId: null,
      });
    }

    // The investigation's notes.
    const notes = new Bucket<NoteFact>();
    for (const nte of inc.investigation)
      notes.add(dir.ofUser(nte.by).id, {
        ref: `note:${nte.entryId}`,
        entryId: nte.entryId,
        kind: nte.kind,
        at: nte.at,
        declaredAt: nte.declaredAt,
      });

    // Tasks: to the head of the unit when given, and to whoever reported on them.
    const tasks = new Bucket<TaskFact>();
    const taskGaps = new Set<PerformanceGap>(['tasks_to_units']);
    for (const t of inc.tasks) {
      const c = clock(`task:${t.id}`);
      const done = t.completedAt !== null;
      const who = new Map<string, Set<TaskFact['relation'][number]>>();
      const rel = (personId: string, r: TaskFact['relation'][number]) => {
        const s = who.get(personId) ?? new Set();
        s.add(r);
        who.set(personId, s);
      };
      const head = headOf(input.divisionHeads, t.unitId, t.createdAt);
      if (head) rel(dir.ofPerson(head.personId).id, 'unit_head');
      else taskGaps.add('unit_head_unknown');
      const counts = new Map<string, number>();
      for (const f of t.feedback) {
        const p = dir.ofUser(f.by).id;
        rel(p, 'feedback');
        counts.set(p, (counts.get(p) ?? 0) + 1);
        if (f.complete) rel(p, 'completed');
      }
      const completedBasis = done ? (t.completedDeclaredAt ? 'declared' : 'system') : null;
      for (const [personId, relation] of who) {
        tasks.add(personId, {
          ref: `task:${t.id}`,
          taskId: t.id,
          unitId: t.unitId,
          title: t.title,
          createdAt: t.createdAt,
          deadline: t.deadline,
          completedAt: done ? (t.completedDeclaredAt ?? t.completedAt) : null,
          completedBasis,
          outcome: taskOutcome(c, done),
          overdueMs: c?.overdueMs ?? null,
          explanation: c?.explanation?.reason ?? null,
          relation: (['unit_head', 'feedback', 'completed'] as const).filter((r) =>
            relation.has(r),
          ),
          feedbackCount: counts.get(personId) ?? 0,
        });
      }
    }

    // Signatures: every version this person decided (or that awaits them), and how long it waited.
    const sigs = new Bucket<SignatureFact>();
    for (const a of rec.approvals) {
      if (a.incidentId !== inc.id) continue;
      const submitted = ms(a.submittedAt);
      const base = {
        approvalId: a.id,
        documentId: a.documentId,
        docType: a.docType,
        version: a.version,
        title: a.title,
        status: a.status,
        submittedAt: a.submittedAt,
      };
      if (a.decision) {
        const d = a.decision;
        const decider = dir.ofUser(d.decidedBy);
        const forWhom = d.onBehalfOf ? dir.ofUser(d.onBehalfOf) : null;
        const fact: SignatureFact = {
          ref: `approval:${a.id}`,
          ...base,
          decision: d.decision,
          decidedAt: d.decidedAt,
          waitedMs: ms(d.decidedAt) - submitted,
          onBehalfOf: forWhom?.id ?? null,
          signedBy: null,
        };
        sigs.add(decider.id, fact);
        if (forWhom && forWhom.id !== decider.id)
          sigs.add(forWhom.id, { ...fact, onBehalfOf: null, signedBy: decider.id });
      } else {
        const until = a.closure ? ms(a.closure.at) : now.getTime();
        for (const u of new Set(a.signer.userIds.map((x) => dir.ofUser(x).id)))
          sigs.add(u, {
            ref: `approval:${a.id}`,
            ...base,
            decision: null,
            decidedAt: null,
            waitedMs: Math.max(0, until - submitted),
            onBehalfOf: null,
            signedBy: null,
          });
      }
    }
    for (const [personId, list] of sigs.map) {
      const decided = list.filter((s) => s.decidedAt && !s.signedBy);
      if (!decided.length) continue;
      const times = decided.map((s) => s.decidedAt as string).sort();
      roles.add(personId, {
        ref: roleRef(inc.id, 'signer', times[0] ?? null),
        role: 'signer',
        since: times[0] ?? null,
        until: times[times.length - 1] ?? null,
        endedBy: null,
        teamName: null,
        unitId: null,
        standIn: false,
        documents: [...new Set(decided.map((s) => s.docType))],
        entryId: null,
      });
    }

    // Alerts of this incident: who was on duty, who acknowledged.
    const alerts = new Bucket<AlertFact>();
    const linked = alertsByIncident.get(inc.id) ?? [];
    alertFacts(linked, dir, alerts);
    for (const a of linked) {
      const step = a.chain.findIndex((s) => s.role === 'on_duty');
      if (step < 0) continue;
      for (const cp of a.chain[step]?.people ?? []) {
        const p = dir.ofPerson(cp.personId, cp.userId, cp.name);
        roles.add(p.id, {
          ref: `role:${inc.id}:on_duty:${a.id}`,
          role: 'on_duty',
          since: a.firedAt,
          until: a.acknowledgedAt,
          endedBy: null,
          teamName: null,
          unitId: a.unitId,
          standIn: false,
          documents: [],
          entryId: null,
        });
        if (!alerts.get(p.id).some((f) => f.alertId === a.id))
          alerts.add(p.id, {
            ref: `alert:${a.id}`,
            alertId: a.id,
            kind: a.kind,
            severity: a.severity,
            title: a.title,
            unitId: a.unitId,
            incidentId: a.incidentId,
            firedAt: a.firedAt,
            ackDueAt: a.ackDueAt,
            acknowledgedAt: a.acknowledgedAt,
            acknowledgedByThem: false,
            ackMs: null,
            withinDeadline: null,
            onDuty: true,
            passed: [],
          });
      }
    }

    const everyone = new Set<string>([
      ...roles.map.keys(),
      ...reports.map.keys(),
      ...notes.map.keys(),
      ...tasks.map.keys(),
      ...sigs.map.keys(),
      ...alerts.map.keys(),
    ]);
    const majorEver = inc.gradeHistory.some((g) => g.grade === 'major');
    for (const personId of everyone) {
      const p = input.people.find((x) => x.id === personId) ?? dir.ofPerson(personId);
      const mine = new Set(gaps);
      if (notes.get(personId).length) mine.add('notes_no_target');
      if (tasks.get(personId).length) for (const g of taskGaps) mine.add(g);
      if (reports.get(personId).length && !majorEver) mine.add('reports_no_target');
      const ip = touch(p, rec, mine);
      ip.roles.push(...sortRoles(roles.get(personId)));
      ip.reports.push(...reports.get(personId));
      ip.notes.push(...notes.get(personId));
      ip.tasks.push(...tasks.get(personId));
      ip.signatures.push(...sigs.get(personId));
      ip.alerts.push(...alerts.get(personId));
    }
  }

  // Alerts tied to no incident of the set.
  const loose = new Bucket<AlertFact>();
  alertFacts(
    input.alerts.filter((a) => !(a.incidentId && incidentIds.has(a.incidentId))),
    dir,
    loose,
  );
  for (const personId of loose.map.keys()) {
    if (!order.includes(personId)) order.push(personId);
    if (!personOf.has(personId))
      personOf.set(personId, input.people.find((x) => x.id === personId) ?? dir.ofPerson(personId));
  }

  return order.map((personId) => {
    const incidents = [...(byIncident.get(personId)?.values() ?? [])];
    const alerts = loose.get(personId);
    const person = personOf.get(personId) as PersonRef;
    return { person, incidents, alerts, summary: summarise(incidents, alerts) };
  });
}

function sortRoles(roles: RoleHeld[]): RoleHeld[] {
  return [...roles].sort(
    (a, b) =>
      (a.since === null ? -Infinity : ms(a.since)) - (b.since === null ? -Infinity : ms(b.since)) ||
      PERFORMANCE_ROLES.indexOf(a.role) - PERFORMANCE_ROLES.indexOf(b.role),
  );
}

/** The counts of a person's facts (the list's columns and the export's totals). */
export function summarise(
  incidents: readonly IncidentPerformance[],
  looseAlerts: readonly AlertFact[],
): PerformanceSummary {
  const s = emptySummary();
  s.incidents = incidents.length;
  const acks: number[] = [];
  const waits: number[] = [];
  const alerts = [...incidents.flatMap((i) => i.alerts), ...looseAlerts];
  for (const a of alerts) {
    if (a.acknowledgedByThem && a.ackMs !== null) {
      acks.push(a.ackMs);
      s.acks.count++;
      if (a.withinDeadline) s.acks.withinDeadline++;
      else s.acks.late++;
    }
    s.escalationsPast += a.passed.length;
  }
  for (const i of incidents) {
    for (const r of i.roles) s.roles[r.role]++;
    for (const r of i.reports) {
      s.reports.count++;
      if (!r.clocks.length) s.reports.noTarget++;
      else if (r.clocks.some((c) => c.status === 'breached')) s.reports.breached++;
      else s.reports.met++;
    }
    s.notes += i.notes.length;
    for (const t of i.tasks) s.tasks[t.outcome]++;
    for (const g of i.signatures) {
      if (g.signedBy) continue;
      if (g.decidedAt) {
        s.signatures.decided++;
        waits.push(g.waitedMs);
      } else if (g.status === 'pending') s.signatures.pending++;
    }
  }
  s.acks.medianMs = median(acks);
  s.acks.maxMs = acks.length ? Math.max(...acks) : null;
  s.signatures.medianWaitMs = median(waits);
  s.signatures.maxWaitMs = waits.length ? Math.max(...waits) : null;
  return s;
}

/** Every citable fact of a person in one incident (each has a `ref`). */
export function incidentFacts(i: IncidentPerformance): { ref: string }[] {
  return [...i.roles, ...i.reports, ...i.notes, ...i.tasks, ...i.signatures, ...i.alerts];
}

/** Every citable fact's ref of a person (a proposal may cite only these). */
export function factRefs(p: PersonPerformance): Set<string> {
  const refs = new Set<string>();
  for (const i of p.incidents) for (const x of incidentFacts(i)) refs.add(x.ref);
  for (const a of p.alerts) refs.add(a.ref);
  return refs;
}

// ---------------------------------------------------------------------------------------------
// Years (Asia/Shanghai calendar)

const SHANGHAI_MS = 8 * 3_600_000;

/** The instants a calendar year spans in Asia/Shanghai: [start, end). */
export function yearSpan(year: number): { start: string; end: string } {
  return {
    start: isoOf(Date.UTC(year, 0, 1) - SHANGHAI_MS),
    end: isoOf(Date.UTC(year + 1, 0, 1) - SHANGHAI_MS),
  };
}

/** The Asia/Shanghai calendar year of an instant. */
export function shanghaiYear(iso: string): number {
  return new Date(ms(iso) + SHANGHAI_MS).getUTCFullYear();
}
