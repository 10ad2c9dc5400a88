// Incident response (舆情处置, [P7]-[P15]) as a pure state machine: reported -> assessing ->
// graded (major | general) -> responding (adjusted any number of times) -> terminated ->
// under_review -> archived. `apply` takes the incident, one action, the actor, the clock and
// the context (leadership group, approvals, delegations, timeline, settings) and returns either
// a RuleError or the new incident with the timeline entries, notices and approval records to
// store. Response activation, adjustment, termination and grade lowering move only when their
// document is approved: `decideApproval` records the signer's decision and enacts it.
// What each step does lives in incident-steps.ts.
import { z } from 'zod';
import type { Principal, Role } from './access.ts';
import {
  approvalSettingsSchema,
  decide,
  DEFAULT_APPROVAL_SETTINGS,
  DOCUMENT_TYPE_LABELS,
  type Approval,
  type DecisionInput,
  type Delegation,
  type LeadershipGroup,
} from './approvals.ts';
import type { Grade, SuggestedGrade } from './grading.ts';
import {
  EMERGENCY_LEVELS,
  incidentActionSchema,
  INCIDENT_ACTION_TYPES,
  openIncidentSchema,
  type ConfidentialityLevel,
  type EmergencyLevel,
  type HandlerInput,
  type IncidentAction,
  type IncidentActionType,
  type IncidentSource,
  type OpenIncidentInput,
  type ReportKind,
} from './incident-actions.ts';
import { readAccess } from './incident-access.ts';
import { clockSettingsSchema, DEFAULT_CLOCK_SETTINGS } from './incident-clocks.ts';
import {
  Change,
  conflict,
  declared,
  ENACTED_DOCUMENTS,
  enact,
  has,
  isOffice,
  SPECS,
  type Spec,
  type UserPrincipal,
} from './incident-steps.ts';
import type { ContactKind } from './organisation.ts';
import type { ReleaseChannel, ReleaseContent, ReleaseStatus } from '../publish/types.ts';
import type { TimelineEntry } from './incident-timeline.ts';
import { fail, ok, type Outcome, type RuleError } from './rule-outcome.ts';

export { ENACTED_DOCUMENTS, enactedApprovalIds } from './incident-steps.ts';

// ---------------------------------------------------------------------------------------------
// States and the record

export const INCIDENT_STATES = [
  'reported',
  'assessing',
  'graded',
  'responding',
  'terminated',
  'under_review',
  'archived',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
  reported: '已报告',
  assessing: '研判中',
  graded: '已定级',
  responding: '应急响应中',
  terminated: '响应已终止',
  under_review: '总结评估中',
  archived: '已归档',
};

export interface GradeChange {
  grade: Grade;
  at: string;
  by: string;
  reason: string | null;
  /** The approved grade_lowering document, for a lowering; null otherwise. */
  approvalId: string | null;
  entryId: string;
}

/** The handling division's report that a general incident is about to change ([P10]). */
export interface RegradeRequest {
  by: string;
  unitId: string;
  at: string;
  declaredAt: string | null;
  reason: string;
  entryId: string;
}

/** Who handles it: a division, or (major) an investigation team (调查督办小组, [P13]). */
export type Handler = HandlerInput;

export interface ResponseAdjustment {
  approvalId: string;
  at: string;
  level: EmergencyLevel | null;
  entryId: string;
}

export interface ResponseRecord {
  level: EmergencyLevel | null;
  activatedAt: string | null;
  activationApprovalId: string | null;
  adjustments: ResponseAdjustment[];
  terminatedAt: string | null;
  terminationApprovalId: string | null;
}

export interface Receipt {
  receivedBy: string;
  reference: string | null;
  at: string;
  declaredAt: string | null;
  by: string;
  entryId: string;
}

/** A report to the superior authority (首报/续报/终报), with its receipt when it comes. */
export interface UpwardReport {
  id: string;
  kind: ReportKind;
  recipient: string;
  channel: string | null;
  summary: string;
  at: string;
  declaredAt: string | null;
  by: string;
  entryId: string;
  receipt: Receipt | null;
}

/** A contact with an outside body ([P8] one voice: the office only). */
export interface OutsideContact {
  id: string;
  contactKind: ContactKind;
  organisation: string;
  person: string | null;
  shared: string;
  at: string;
  declaredAt: string | null;
  by: string;
  entryId: string;
}

/** A statement taken back: it stays on the public record, marked, with the reason. */
export interface ReleaseWithdrawal {
  at: string;
  by: string;
  reason: string;
  entryId: string;
}

/**
 * An official statement ([P9], [P14]): approved talking points published, byte for byte, under
 * the release plan in force, on the public page (GET /releases) and the plan's channels.
 */
export interface Release {
  id: string;
  /** The approved talking points version published. */
  approvalId: string;
  documentId: string;
  version: number;
  /** Its content hash when approved: what the public record carries must hash to it. */
  contentHash: string;
  /** The release plan in force when it was published. */
  planApprovalId: string;
  content: ReleaseContent;
  channels: ReleaseChannel[];
  status: ReleaseStatus;
  /** The statement this one corrects, and the one that corrected this. */
  corrects: string | null;
  correctedBy: string | null;
  withdrawal: ReleaseWithdrawal | null;
  /** System time of publication (the public page carries it from this moment). */
  at: string;
  declaredAt: null;
  by: string;
  entryId: string;
}

export interface TaskFeedback {
  note: string;
  complete: boolean;
  at: string;
  declaredAt: string | null;
  by: string;
  entryId: string;
}

/** A task (处置任务) for a unit, with its deadline and the unit's feedback. */
export interface Task {
  id: string;
  unitId: string;
  title: string;
  detail: string | null;
  deadline: string;
  createdAt: string;
  createdBy: string;
  feedback: TaskFeedback[];
  completedAt: string | null;
  completedDeclaredAt: string | null;
}

/** The investigation's record ([P13]): facts found, the handling plan, progress reports. */
export interface InvestigationNote {
  kind: 'facts' | 'plan' | 'progress';
  text: string;
  at: string;
  declaredAt: string | null;
  by: string;
  entryId: string;
}

export interface Confidentiality {
  level: ConfidentialityLevel;
  /** Named readers (restricted, secret). */
  userIds: string[];
  /** Named roles (restricted only). */
  roles: Role[];
}

/** Why a clock was breached, as a person states it (latest counts). */
export interface BreachExplanation {
  clockKey: string;
  reason: string;
  at: string;
  by: string;
  entryId: string;
}

export interface Incident {
  id: string;
  title: string;
  unitId: string;
  source: { kind: IncidentSource; refId: string | null };
  mentionIds: string[];
  eventIds: string[];
  state: IncidentState;
  /** +1 per applied step: the store writes with compare-and-set on it. */
  revision: number;
  /** The machine's suggestion when opened (grading.ts); a person grades. */
  suggested: SuggestedGrade | null;
  grade: Grade | null;
  gradeHistory: GradeChange[];
  leaderInChargeId: string | null;
  regradeRequest: RegradeRequest | null;
  handler: Handler | null;
  commanderId: string | null;
  response: ResponseRecord;
  reports: UpwardReport[];
  contacts: OutsideContact[];
  releases: Release[];
  tasks: Task[];
  investigation: InvestigationNote[];
  /** Pinned timeline entries, in pin order. */
  pinned: string[];
  confidentiality: Confidentiality;
  /** Everyone ever asked to sign one of its documents (they read it, incident-access.ts). */
  signerIds: string[];
  breachExplanations: BreachExplanation[];
  review: { startedAt: string | null; summary: string | null; archivedAt: string | null };
  openedBy: string;
  openedAt: string;
  /** When it was noticed, as declared (the opened entry's effective declared time). */
  discoveredAt: string | null;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Settings

export const levelSettingsSchema = z
  .object({
    /** Whether responses carry one of the four emergency levels at all. */
    enabled: z.boolean(),
    /** The levels a response of each grade may take. */
    major: z.array(z.enum(EMERGENCY_LEVELS)).min(1).max(4),
    general: z.array(z.enum(EMERGENCY_LEVELS)).min(1).max(4),
    /** The level proposed when none is named. */
    defaults: z
      .object({ major: z.enum(EMERGENCY_LEVELS), general: z.enum(EMERGENCY_LEVELS) })
      .strict(),
  })
  .strict()
  .refine((s) => s.major.includes(s.defaults.major) && s.general.includes(s.defaults.general), {
    path: ['defaults'],
    message: "each grade's default level must be one of its levels",
  });
export type LevelSettings = z.output<typeof levelSettingsSchema>;

/** Major maps to Ⅰ-Ⅱ (default Ⅱ), general to Ⅲ-Ⅳ (default Ⅳ); Ⅰ is named on purpose. */
export const DEFAULT_LEVEL_SETTINGS: LevelSettings = {
  enabled: true,
  major: ['I', 'II'],
  general: ['III', 'IV'],
  defaults: { major: 'II', general: 'IV' },
};

export const incidentSettingsSchema = z
  .object({
    clocks: clockSettingsSchema,
    approvals: approvalSettingsSchema,
    levels: levelSettingsSchema,
  })
  .strict();
export type IncidentSettings = z.output<typeof incidentSettingsSchema>;

export const DEFAULT_INCIDENT_SETTINGS: IncidentSettings = {
  clocks: DEFAULT_CLOCK_SETTINGS,
  approvals: DEFAULT_APPROVAL_SETTINGS,
  levels: DEFAULT_LEVEL_SETTINGS,
};

// ---------------------------------------------------------------------------------------------
// Context, results, notices

/** What a step may need to know besides the incident. The service loads it. */
export interface IncidentContext {
  /** The leadership group as in force (user ids). */
  group: LeadershipGroup;
  /** Every approval record (all versions) of this incident. */
  approvals: readonly Approval[];
  /** Delegations of signing (all; inactive ones are ignored). */
  delegations: readonly Delegation[];
  /** The incident's timeline so far (pins and corrections refer to it). */
  timeline: readonly TimelineEntry[];
  settings: IncidentSettings;
  /** A new unique id (entries, approvals, tasks, reports...). */
  newId: () => string;
}

export const NOTICE_TOPICS = [
  'major_incident',
  'grade_raised',
  'grade_lowered',
  'regrade_requested',
  'regrade_declined',
  'approval_requested',
  'approval_decided',
  'response_activated',
  'response_adjusted',
  'response_terminated',
  'handler_named',
  'commander_recorded',
  'task_assigned',
  'task_feedback',
  'progress_reported',
] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

export type Recipient =
  | { kind: 'leadership_group' }
  | { kind: 'office' }
  | { kind: 'users'; userIds: string[] }
  | { kind: 'unit'; unitId: string };

/** Someone to tell, through the alert channels ([P10]: the group is told at once). */
export interface Notice {
  to: Recipient;
  topic: NoticeTopic;
  /** Sent at once, never held by quiet hours or debouncing. */
  urgent: boolean;
  incidentId: string;
  /** The timeline entry it is about. */
  entryId: string;
}

export interface Applied {
  incident: Incident;
  /** To append to the timeline, in order. */
  entries: TimelineEntry[];
  notices: Notice[];
  /** Approval records to insert (new id) or update (check approvalUpdateProblem first). */
  approvals: Approval[];
}

// ---------------------------------------------------------------------------------------------
// Public API

function gate(inc: Incident, actor: Principal): Outcome<UserPrincipal> {
  if (actor.kind !== 'user') return fail('forbidden', 'machine tokens do not act on incidents');
  const access = readAccess(inc, actor);
  if (!access.allowed) return fail('forbidden', access.reason);
  return ok(actor);
}

function parseError(issues: readonly { path: PropertyKey[]; message: string }[]): RuleError {
  const details = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return {
    code: 'invalid_input',
    status: 400,
    message: `invalid ${details.map((d) => d.path || 'input').join(', ')}`,
    details,
  };
}

/**
 * Applies one step. Checks, in order: the action's shape (400), that the actor may read the
 * incident and takes this kind of step (403), that the incident's state allows it (409), then
 * the step's own rules (400, 403, 404, 409). On success: the incident with revision + 1, the
 * timeline entries (system time = now), notices and approval records to store.
 */
export function apply(
  inc: Incident,
  action: IncidentAction,
  actor: Principal,
  now: Date,
  ctx: IncidentContext,
): Outcome<Applied> {
  const parsed = incidentActionSchema.safeParse(action);
  if (!parsed.success) return { ok: false, error: parseError(parsed.error.issues) };
  const a = parsed.data;
  const g = gate(inc, actor);
  if (!g.ok) return g;
  const p = g.value;
  const spec = SPECS[a.type] as unknown as Spec<IncidentActionType>;
  if (!spec.who(inc, p, ctx)) return fail('forbidden', `${a.type} is a step for ${spec.whoText}`);
  if (!spec.states.includes(inc.state)) {
    return conflict(
      `${a.type} is not possible while the incident is ${inc.state} (${INCIDENT_STATE_LABELS[inc.state]})`,
    );
  }
  const why = spec.when?.(inc, ctx);
  if (why) return conflict(why);
  const c = new Change(inc, p, now, ctx);
  return spec.run({ inc, a: a, p, now, ctx, c });
}

/**
 * The kinds of step this actor may take now (for the page's buttons): role, state and the
 * incident's conditions, without any input. A listed step can still fail on its input.
 */
export function availableActions(
  inc: Incident,
  actor: Principal,
  ctx: IncidentContext,
): IncidentActionType[] {
  const g = gate(inc, actor);
  if (!g.ok) return [];
  return INCIDENT_ACTION_TYPES.filter((type) => {
    const spec = SPECS[type] as unknown as Spec<IncidentActionType>;
    return spec.who(inc, g.value, ctx) && spec.states.includes(inc.state) && !spec.when?.(inc, ctx);
  });
}

/** The roles that can ever take a kind of step (documentation and the UI's hints). */
export function stepTakers(type: IncidentActionType): string {
  return (SPECS[type] as unknown as Spec<IncidentActionType>).whoText;
}

/** A just-opened ('reported') incident: nothing graded, assigned or recorded yet. */
export function newIncidentRecord(
  f: Pick<
    Incident,
    | 'id'
    | 'title'
    | 'unitId'
    | 'source'
    | 'mentionIds'
    | 'eventIds'
    | 'suggested'
    | 'confidentiality'
    | 'openedBy'
    | 'openedAt'
    | 'discoveredAt'
  > & { revision?: number; updatedAt?: string },
): Incident {
  return {
    ...f,
    state: 'reported',
    revision: f.revision ?? 1,
    grade: null,
    gradeHistory: [],
    leaderInChargeId: null,
    regradeRequest: null,
    handler: null,
    commanderId: null,
    response: {
      level: null,
      activatedAt: null,
      activationApprovalId: null,
      adjustments: [],
      terminatedAt: null,
      terminationApprovalId: null,
    },
    reports: [],
    contacts: [],
    releases: [],
    tasks: [],
    investigation: [],
    pinned: [],
    signerIds: [],
    breachExplanations: [],
    review: { startedAt: null, summary: null, archivedAt: null },
    updatedAt: f.updatedAt ?? f.openedAt,
  };
}

/**
 * Opens an incident (state reported) from an alert, an event, an informant's report or by hand.
 * The office, a leader or a division opens one, within its unit scope; the service passes the
 * machine's suggested grade of the event (grading.ts), if any.
 */
export function openIncident(
  input: OpenIncidentInput,
  actor: Principal,
  now: Date,
  opts: { id: string; suggested: SuggestedGrade | null; newId: () => string },
): Outcome<Applied> {
  const parsed = openIncidentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parseError(parsed.error.issues) };
  const v = parsed.data;
  if (actor.kind !== 'user') return fail('forbidden', 'machine tokens do not open incidents');
  if (!(isOffice(actor) || has(actor, 'leader') || has(actor, 'division'))) {
    return fail(
      'forbidden',
      'the office, a leader or a division opens an incident; others report to them ([P16])',
    );
  }
  if (actor.scope.kind === 'unit' && actor.scope.unitId !== v.unitId) {
    return fail('forbidden', 'this unit is outside your scope');
  }
  const d = declared(v.declaredAt, now);
  if (!d.ok) return d;
  const at = now.toISOString();
  const conf = v.confidentiality ?? { level: 'open' as const, userIds: [], roles: [] };
  const entryId = opts.newId();
  const incident = newIncidentRecord({
    id: opts.id,
    title: v.title,
    unitId: v.unitId,
    source: v.source,
    mentionIds: [...new Set(v.mentionIds)],
    eventIds: [...new Set(v.eventIds)],
    suggested: opts.suggested,
    confidentiality:
      conf.level === 'open'
        ? { level: 'open', userIds: [], roles: [] }
        : {
            level: conf.level,
            userIds: [...new Set(conf.userIds)],
            roles: conf.level === 'secret' ? [] : [...new Set(conf.roles)],
          },
    openedBy: actor.id,
    openedAt: at,
    discoveredAt: d.value,
  });
  const entry: TimelineEntry = {
    id: entryId,
    incidentId: incident.id,
    kind: 'opened',
    at,
    declaredAt: d.value,
    actorId: actor.id,
    actorName: actor.displayName,
    summary: `登记舆情处置：${v.title}`,
    data: { source: v.source, suggested: opts.suggested?.grade ?? null },
  };
  return ok({ incident, entries: [entry], notices: [], approvals: [] });
}

/**
 * The signer's decision on one of the incident's documents
 * (`POST /api/v1/approvals/{id}/decision`). Approving a response activation, adjustment,
 * termination or grade lowering carries it out at once (propose -> approved -> active); if the
 * incident has moved on so that it no longer applies (another step came first, or the grade
 * changed since it was submitted, so the wrong signer was asked), approving it is refused:
 * return or reject it.
 */
export function decideApproval(
  inc: Incident,
  approvalId: string,
  input: DecisionInput,
  actor: Principal,
  now: Date,
  ctx: IncidentContext,
): Outcome<Applied> {
  const g = gate(inc, actor);
  if (!g.ok) return g;
  const p = g.value;
  const approval = ctx.approvals.find((x) => x.id === approvalId && x.incidentId === inc.id);
  if (!approval) return fail('not_found', `approval ${approvalId} not found for this incident`);
  if (inc.state === 'archived') return conflict('the incident is archived');
  const decided = decide(approval, input, p, now, ctx.delegations);
  if (!decided.ok) return decided;
  const d = decided.value;
  const decision = d.decision;
  if (!decision) return conflict('no decision was recorded');
  const c = new Change(inc, p, now, ctx);
  c.approvals.push(d);
  const verb = { approve: '批准', reject: '不同意', return: '退回修改' }[decision.decision];
  const e = c.entry(
    'approval_decided',
    `${verb}${DOCUMENT_TYPE_LABELS[d.docType]}（第 ${d.version} 版）`,
    {
      approvalId: d.id,
      docType: d.docType,
      version: d.version,
      decision: decision.decision,
      comment: decision.comment,
      onBehalfOf: decision.onBehalfOf,
      delegationId: decision.delegationId,
      sealHash: decision.sealHash,
    },
  );
  c.notify({ kind: 'users', userIds: [d.submittedBy] }, 'approval_decided', e);
  if (decision.decision !== 'approve' || !ENACTED_DOCUMENTS.includes(d.docType)) return c.done(inc);
  const enacted = enact(inc, d, c);
  return enacted.ok ? c.done(enacted.value) : enacted;
}

/**
 * What is inconsistent in an incident record (the rules never produce one; a store edit or a
 * bug might). Empty: sound. The property tests run it after every step.
 */
export function incidentProblems(inc: Incident): string[] {
  const out: string[] = [];
  const at = (s: IncidentState) => INCIDENT_STATES.indexOf(s);
  const st = at(inc.state);
  const graded = st >= at('graded');
  if (graded !== (inc.grade !== null))
    out.push(`state ${inc.state} with grade ${inc.grade ?? 'none'}`);
  const last = inc.gradeHistory[inc.gradeHistory.length - 1];
  if ((last?.grade ?? null) !== inc.grade) out.push('grade differs from the last grade change');
  inc.gradeHistory.forEach((g, i) => {
    const prev = inc.gradeHistory[i - 1];
    if (prev && prev.grade === 'major' && g.grade === 'general' && !g.approvalId)
      out.push('a lowering without its approval');
    if (prev && prev.grade === g.grade) out.push('a grade change that changes nothing');
  });
  const activated = st >= at('responding');
  if (
    activated !== (inc.response.activatedAt !== null && inc.response.activationApprovalId !== null)
  ) {
    out.push(`state ${inc.state} does not fit the response's activation`);
  }
  const terminated = st >= at('terminated');
  if (
    terminated !==
    (inc.response.terminatedAt !== null && inc.response.terminationApprovalId !== null)
  ) {
    out.push(`state ${inc.state} does not fit the response's termination`);
  }
  if (inc.response.adjustments.length && !inc.response.activatedAt)
    out.push('adjustments without an activation');
  if (st >= at('under_review') !== (inc.review.startedAt !== null))
    out.push(`state ${inc.state} does not fit the review`);
  if (
    (inc.state === 'archived') !==
    (inc.review.archivedAt !== null && inc.review.summary !== null)
  )
    out.push('archived does not fit the summary');
  if (inc.regradeRequest && inc.grade !== 'general')
    out.push('a re-grading report on an incident that is not general');
  if (inc.commanderId && !inc.gradeHistory.some((g) => g.grade === 'major'))
    out.push('a commander of an incident never major');
  const kinds = inc.reports.map((r) => r.kind);
  if (kinds.filter((k) => k === 'first').length > 1) out.push('two first reports');
  if (kinds.filter((k) => k === 'final').length > 1) out.push('two final reports');
  if (kinds.some((k) => k !== 'first') && !kinds.includes('first'))
    out.push('a follow-up or final report without a first');
  if (kinds.includes('final') && !inc.response.terminatedAt)
    out.push('a final report before termination');
  if (new Set(inc.releases.map((r) => r.approvalId)).size !== inc.releases.length)
    out.push('a version of talking points published twice');
  for (const r of inc.releases) {
    if ((r.status === 'withdrawn') !== (r.withdrawal !== null))
      out.push(`release ${r.id}: status ${r.status} does not fit its withdrawal`);
    if (r.correctedBy !== null && !inc.releases.some((x) => x.id === r.correctedBy))
      out.push(`release ${r.id}: corrected by an unknown statement`);
  }
  if (new Set(inc.pinned).size !== inc.pinned.length) out.push('an entry pinned twice');
  for (const t of inc.tasks) {
    if (t.completedAt && Date.parse(t.completedAt) < Date.parse(t.createdAt))
      out.push(`task ${t.id} done before it was given`);
    if (Boolean(t.completedAt) !== t.feedback.some((f) => f.complete))
      out.push(`task ${t.id} completion does not fit its feedback`);
  }
  if (
    inc.confidentiality.level === 'open' &&
    (inc.confidentiality.userIds.length || inc.confidentiality.roles.length)
  ) {
    out.push('an open incident with named readers');
  }
  if (inc.revision < 1) out.push('revision below 1');
  return out;
}
