// What each step of incident response does (incident.ts's `apply` runs them): who takes it,
// in which states, on what further condition, and the change it makes. One spec per action
// type; the shared helpers build timeline entries, notices and approval requests.
// Internal to incident.ts: services call apply / decideApproval there, not these.
import type { Principal, Role } from './access.ts';
import {
  createApproval,
  currentApproval,
  delegationActive,
  delegationProblems,
  DOCUMENT_TYPE_LABELS,
  latestVersion,
  resolveSigners,
  reviseApproval,
  SIGNER_RULE_LABELS,
  signerRuleFor,
  withdrawApproval,
  type Approval,
  type DocumentType,
  type JsonObject,
  type LeadershipGroup,
  type SignerRule,
} from './approvals.ts';
import type { Grade } from './grading.ts';
import {
  EMERGENCY_LEVELS,
  EMERGENCY_LEVEL_LABELS,
  REPORT_KIND_LABELS,
  type ActionOf,
  type EmergencyLevel,
  type IncidentActionType,
} from './incident-actions.ts';
import { readAccess } from './incident-access.ts';
import { clockByKey, gradeAt, incidentClocks } from './incident-clocks.ts';
import {
  DECLARABLE_KINDS,
  effectiveDeclaredAt,
  type TimelineEntry,
  type TimelineKind,
} from './incident-timeline.ts';
import type {
  Applied,
  BreachExplanation,
  Confidentiality,
  GradeChange,
  Handler,
  Incident,
  IncidentContext,
  IncidentState,
  InvestigationNote,
  LevelSettings,
  Notice,
  NoticeTopic,
  OutsideContact,
  Receipt,
  Recipient,
  Release,
  ResponseAdjustment,
  Task,
  TaskFeedback,
  UpwardReport,
} from './incident.ts';
import {
  foreignFields,
  planInForce,
  planOf,
  planPayload,
  pointsPayload,
  releaseContentOf,
  type ReleaseFieldsInput,
} from './release-rules.ts';
import { fail, ok, type Outcome } from './rule-outcome.ts';
import {
  foreignReviewFields,
  latestReview,
  reviewInForce,
  reviewPayload,
  type ReviewFieldsInput,
} from './review-rules.ts';
import { RELEASE_CHANNEL_LABELS } from '../publish/types.ts';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

// ---------------------------------------------------------------------------------------------
// Who is who

export const has = (p: UserPrincipal, r: Role) => p.roles.includes(r);
/** The office's steps need the role province-wide (the office sits in 综合处, [P3]). */
export const isOffice = (p: UserPrincipal) => has(p, 'office') && p.scope.kind === 'province';
/** The group's head or a deputy head, acting for the group ([P2]). */
const isGroupLeader = (p: UserPrincipal, g: LeadershipGroup) =>
  has(p, 'leader') && (p.id === g.headId || g.deputyHeadIds.includes(p.id));
const isPrincipalLeader = (p: UserPrincipal, g: LeadershipGroup) =>
  has(p, 'leader') && g.headId !== null && p.id === g.headId;
const isTeamLeader = (p: UserPrincipal, inc: Incident) =>
  inc.handler?.kind === 'team' && inc.handler.leaderId === p.id;
/** A member of the investigation team, or of the handling division with the division role. */
const isHandler = (p: UserPrincipal, inc: Incident) =>
  inc.handler?.kind === 'team'
    ? inc.handler.leaderId === p.id || inc.handler.memberIds.includes(p.id)
    : inc.handler?.kind === 'division' && has(p, 'division') && p.unitId === inc.handler.unitId;
const WORKING_ROLES: readonly Role[] = ['office', 'division', 'investigator'];
const isWorking = (p: UserPrincipal) => WORKING_ROLES.some((r) => has(p, r));

// ---------------------------------------------------------------------------------------------
// The step builder

export class Change {
  readonly entries: TimelineEntry[] = [];
  readonly notices: Notice[] = [];
  readonly approvals: Approval[] = [];
  readonly at: string;

  constructor(
    readonly inc: Incident,
    readonly p: UserPrincipal,
    readonly now: Date,
    readonly ctx: IncidentContext,
  ) {
    this.at = now.toISOString();
  }

  entry(
    kind: TimelineKind,
    summary: string,
    data: JsonObject,
    declaredAt: string | null = null,
  ): TimelineEntry {
    const e: TimelineEntry = {
      id: this.ctx.newId(),
      incidentId: this.inc.id,
      kind,
      at: this.at,
      declaredAt,
      actorId: this.p.id,
      actorName: this.p.displayName,
      summary,
      data,
    };
    this.entries.push(e);
    return e;
  }

  notify(to: Recipient, topic: NoticeTopic, entry: TimelineEntry, urgent = false): void {
    this.notices.push({ to, topic, urgent, incidentId: this.inc.id, entryId: entry.id });
  }

  done(next: Incident): Outcome<Applied> {
    return ok({
      incident: { ...next, revision: this.inc.revision + 1, updatedAt: this.at },
      entries: this.entries,
      notices: this.notices,
      approvals: this.approvals,
    });
  }
}

/** A declared time given with a step: a valid instant, not in the future; normalised to UTC. */
export function declared(
  value: string | undefined,
  now: Date,
  path = 'declaredAt',
): Outcome<string | null> {
  if (value === undefined) return ok(null);
  const t = Date.parse(value);
  if (Number.isNaN(t))
    return fail('invalid_input', 'not a time', [{ path, message: 'not a time' }]);
  if (t > now.getTime()) {
    return fail('invalid_input', 'a declared time cannot be in the future', [
      { path, message: 'in the future' },
    ]);
  }
  return ok(new Date(t).toISOString());
}

const forbidden = (message: string) => fail<Applied>('forbidden', message);
export const conflict = (message: string) => fail<Applied>('invalid_state', message);
const invalid = (message: string, path?: string) =>
  fail<Applied>('invalid_input', message, path ? [{ path, message }] : undefined);

// ---------------------------------------------------------------------------------------------
// Documents

/** Documents whose approval moves the incident (enacted on approval by decideApproval). */
export const ENACTED_DOCUMENTS: readonly DocumentType[] = [
  'response_activation',
  'response_adjustment',
  'response_termination',
  'grade_lowering',
];
const RESPONSE_DOCUMENTS: readonly DocumentType[] = [
  'response_activation',
  'response_adjustment',
  'response_termination',
];

/** The approvals that have moved the incident. */
export function enactedApprovalIds(inc: Incident): Set<string> {
  const ids = new Set<string>();
  if (inc.response.activationApprovalId) ids.add(inc.response.activationApprovalId);
  if (inc.response.terminationApprovalId) ids.add(inc.response.terminationApprovalId);
  for (const a of inc.response.adjustments) ids.add(a.approvalId);
  for (const g of inc.gradeHistory) if (g.approvalId) ids.add(g.approvalId);
  return ids;
}

/**
 * Documents of these kinds still in play: latest version pending or returned (awaiting a
 * decision or a revision). An approved one of an enacted kind has already moved the incident.
 */
function openDocuments(
  inc: Incident,
  approvals: readonly Approval[],
  types: readonly DocumentType[],
): Approval[] {
  const out: Approval[] = [];
  const seen = new Set<string>();
  for (const a of approvals) {
    if (a.incidentId !== inc.id || !types.includes(a.docType) || seen.has(a.documentId)) continue;
    seen.add(a.documentId);
    const latest = latestVersion(approvals, a.documentId);
    if (latest && (latest.status === 'pending' || latest.status === 'returned')) out.push(latest);
  }
  return out;
}

/** Why this kind of document cannot be submitted (or revised) now, or null. */
function documentNotNow(docType: DocumentType, inc: Incident): string | null {
  const active = inc.state === 'graded' || inc.state === 'responding';
  switch (docType) {
    case 'handling_opinion':
      if (inc.grade !== 'major')
        return 'a handling opinion is drafted for a major incident ([P10])';
      return active ? null : `no handling opinion while the incident is ${inc.state}`;
    case 'response_activation':
      return inc.state === 'graded'
        ? null
        : `a response is proposed once graded, not while ${inc.state}`;
    case 'response_adjustment':
    case 'response_termination':
      return inc.state === 'responding'
        ? null
        : 'only an active response is adjusted or terminated';
    case 'grade_lowering':
      if (inc.grade !== 'major') return 'only a major incident can be lowered';
      return active ? null : `the grade is not changed while the incident is ${inc.state}`;
    case 'release_plan':
    case 'talking_points':
      return active
        ? null
        : `no ${DOCUMENT_TYPE_LABELS[docType]} while the incident is ${inc.state}`;
    case 'review_report':
      return inc.state === 'under_review'
        ? null
        : 'the review report is written once the review has started ([P17])';
  }
}

/** The level a response takes: the one named if the grade allows it, else the grade's default. */
function levelFor(
  s: LevelSettings,
  grade: Grade,
  wanted: EmergencyLevel | null | undefined,
): Outcome<EmergencyLevel | null> {
  if (!s.enabled) {
    return wanted
      ? fail('invalid_input', 'emergency levels are not in use', [
          { path: 'level', message: 'not in use' },
        ])
      : ok(null);
  }
  if (!wanted) return ok(s.defaults[grade]);
  if (!s[grade].includes(wanted)) {
    return fail('invalid_input', `a ${grade} incident takes level ${s[grade].join(' or ')}`, [
      { path: 'level', message: 'not a level of this grade' },
    ]);
  }
  return ok(wanted);
}

/** The current level if the new grade allows it, else the new grade's default. */
function levelAfterRegrade(
  s: LevelSettings,
  grade: Grade,
  current: EmergencyLevel | null,
): EmergencyLevel | null {
  if (!s.enabled || current === null) return current;
  return s[grade].includes(current) ? current : s.defaults[grade];
}

function payloadFor(
  docType: DocumentType,
  inc: Incident,
  s: LevelSettings,
  input: { level?: EmergencyLevel | null | undefined } & ReleaseFieldsInput & ReviewFieldsInput,
  previous: JsonObject | null,
): Outcome<JsonObject> {
  const grade = inc.grade ?? 'general';
  const takesLevel = docType === 'response_activation' || docType === 'response_adjustment';
  if (!takesLevel && input.level !== undefined && input.level !== null) {
    return fail('invalid_input', `a ${DOCUMENT_TYPE_LABELS[docType]} names no emergency level`, [
      { path: 'level', message: 'not taken' },
    ]);
  }
  const foreign = foreignFields(docType, DOCUMENT_TYPE_LABELS[docType], input);
  if (!foreign.ok) return foreign;
  if (docType !== 'review_report') {
    const notReview = foreignReviewFields(DOCUMENT_TYPE_LABELS[docType], input);
    if (!notReview.ok) return notReview;
  }
  switch (docType) {
    case 'response_activation': {
      const level = levelFor(s, grade, input.level);
      return level.ok ? ok({ level: level.value }) : level;
    }
    case 'response_adjustment': {
      if (input.level === undefined) {
        const kept =
          previous && typeof previous.level === 'string'
            ? (previous.level as EmergencyLevel)
            : inc.response.level;
        return ok({ level: kept });
      }
      const level = levelFor(s, grade, input.level);
      return level.ok ? ok({ level: level.value }) : level;
    }
    case 'release_plan':
      return planPayload(input, previous);
    case 'talking_points':
      return pointsPayload(input, previous);
    case 'review_report':
      return ok(reviewPayload(input, previous));
    case 'grade_lowering':
      return ok({ to: 'general' });
    case 'handling_opinion':
    case 'response_termination':
      return ok({});
  }
}

/** The release and review fields of a document draft or revision, as payloadFor takes them. */
function documentFields(
  x: ReleaseFieldsInput & ReviewFieldsInput,
): ReleaseFieldsInput & ReviewFieldsInput {
  return {
    successes: x.successes,
    problems: x.problems,
    improvements: x.improvements,
    channels: x.channels,
    aim: x.aim,
    audience: x.audience,
    timing: x.timing,
    spokesperson: x.spokesperson,
    pointsKind: x.pointsKind,
    qa: x.qa,
    claim: x.claim,
    facts: x.facts,
    factSource: x.factSource,
  };
}

function signersFor(
  docType: DocumentType,
  inc: Incident,
  ctx: IncidentContext,
): Outcome<{ rule: SignerRule; userIds: string[] }> {
  const rule = signerRuleFor(ctx.settings.approvals, docType, inc.grade ?? 'general');
  const userIds = resolveSigners(rule, ctx.group, inc.leaderInChargeId);
  if (userIds.length === 0) {
    return fail(
      'invalid_state',
      `no one holds the position that signs a ${DOCUMENT_TYPE_LABELS[docType]} (${SIGNER_RULE_LABELS[rule]}): appoint the leadership group first`,
    );
  }
  return ok({ rule, userIds });
}

function withSigners(inc: Incident, ids: readonly string[]): string[] {
  return [...new Set([...inc.signerIds, ...ids])];
}

/** A first version: the approval record, its entry and the notice to the signers. */
function submitDocument(
  c: Change,
  kind: TimelineKind,
  docType: DocumentType,
  title: string,
  body: string,
  payload: JsonObject,
): Outcome<Applied> {
  const { inc, ctx } = c;
  const signer = signersFor(docType, inc, ctx);
  if (!signer.ok) return signer;
  const approval = createApproval({
    id: ctx.newId(),
    incidentId: inc.id,
    documentId: ctx.newId(),
    version: 1,
    docType,
    grade: inc.grade ?? 'general',
    title,
    body,
    payload,
    signer: signer.value,
    submittedBy: c.p.id,
    submittedAt: c.at,
  });
  c.approvals.push(approval);
  const e = c.entry(
    kind,
    `提交${DOCUMENT_TYPE_LABELS[docType]}（第 1 版）待${SIGNER_RULE_LABELS[signer.value.rule]}签批`,
    {
      approvalId: approval.id,
      documentId: approval.documentId,
      docType,
      version: 1,
      contentHash: approval.contentHash,
      signer: signer.value.rule,
    },
  );
  c.notify(
    { kind: 'users', userIds: signer.value.userIds },
    'approval_requested',
    e,
    docType !== 'talking_points',
  );
  return c.done({ ...inc, signerIds: withSigners(inc, signer.value.userIds) });
}

// ---------------------------------------------------------------------------------------------
// The steps

export interface Step<A> {
  inc: Incident;
  a: A;
  p: UserPrincipal;
  now: Date;
  ctx: IncidentContext;
  c: Change;
}

export interface Spec<T extends IncidentActionType> {
  /** Who takes this step, in words, for the 403 message. */
  whoText: string;
  /** Coarse: whether the actor may take this kind of step on this incident at all. */
  who: (inc: Incident, p: UserPrincipal, ctx: IncidentContext) => boolean;
  states: readonly IncidentState[];
  /** A further condition on the incident (grade, pending request...), as the 409 message. */
  when?: (inc: Incident, ctx: IncidentContext) => string | null;
  run: (s: Step<ActionOf<T>>) => Outcome<Applied>;
}

const ACTIVE: readonly IncidentState[] = ['graded', 'responding'];
const NOT_ARCHIVED: readonly IncidentState[] = [
  'reported',
  'assessing',
  'graded',
  'responding',
  'terminated',
  'under_review',
];
const byOffice = {
  whoText: 'the office ([P10], [P11])',
  who: (_: Incident, p: UserPrincipal) => isOffice(p),
};
const byGroup = {
  whoText: 'the leadership group (its head or a deputy head, [P2], [P10])',
  who: (_: Incident, p: UserPrincipal, ctx: IncidentContext) => isGroupLeader(p, ctx.group),
};
const byHandler = {
  whoText: 'the investigation team or the handling division ([P13])',
  who: (inc: Incident, p: UserPrincipal) => isHandler(p, inc),
};

function investigationStep(
  kind: InvestigationNote['kind'],
): Spec<'record_facts' | 'record_plan' | 'report_progress'> {
  return {
    ...byHandler,
    states: ['graded', 'responding', 'terminated'],
    run: ({ inc, a, now, c }) => {
      const d = declared('declaredAt' in a ? a.declaredAt : undefined, now);
      if (!d.ok) return d;
      const labels = { facts: '查明事实', plan: '处置方案', progress: '进展报告' };
      const e = c.entry(
        a.type,
        `${labels[kind]}：${a.text.slice(0, 60)}`,
        { text: a.text },
        d.value,
      );
      if (kind === 'progress') c.notify({ kind: 'leadership_group' }, 'progress_reported', e);
      const note: InvestigationNote = {
        kind,
        text: a.text,
        at: c.at,
        declaredAt: d.value,
        by: c.p.id,
        entryId: e.id,
      };
      return c.done({ ...inc, investigation: [...inc.investigation, note] });
    },
  };
}

type ProposalType =
  | 'propose_response_activation'
  | 'propose_adjustment'
  | 'propose_termination'
  | 'propose_grade_lowering';

function proposal<T extends ProposalType>(
  docType: DocumentType,
  states: readonly IncidentState[],
  blocking: readonly DocumentType[],
  when?: (inc: Incident) => string | null,
): Spec<T> {
  return {
    ...byOffice,
    states,
    when: (inc, ctx) => {
      const w = when?.(inc) ?? null;
      if (w) return w;
      const open = openDocuments(inc, ctx.approvals, blocking)[0];
      return open
        ? `a ${DOCUMENT_TYPE_LABELS[open.docType]} (version ${open.version}) is ${open.status}: revise or withdraw it first`
        : null;
    },
    run: ({ inc, a: action, ctx, c }) => {
      const a = action as ActionOf<ProposalType>;
      const payload = payloadFor(
        docType,
        inc,
        ctx.settings.levels,
        { level: 'level' in a ? a.level : undefined },
        null,
      );
      if (!payload.ok) return payload;
      return submitDocument(c, a.type, docType, a.title, a.body, payload.value);
    },
  };
}

export const SPECS: { [T in IncidentActionType]: Spec<T> } = {
  start_assessment: {
    ...byOffice,
    states: ['reported'],
    run: ({ inc, a, c }) => {
      c.entry('start_assessment', '开始研判', { note: a.note ?? null });
      return c.done({ ...inc, state: 'assessing' });
    },
  },

  grade: {
    whoText: 'the office ([P10]: the office grades at once)',
    who: (_, p) => isOffice(p),
    states: ['assessing'],
    run: ({ inc, a, c }) => {
      const reason = a.reason ?? null;
      if (inc.suggested && inc.suggested.grade !== a.grade && !reason) {
        return invalid(
          `the suggested grade is ${inc.suggested.grade}: say why you grade it ${a.grade}`,
          'reason',
        );
      }
      const e = c.entry('grade', a.grade === 'major' ? '定级为重大舆情' : '定级为一般舆情', {
        grade: a.grade,
        suggested: inc.suggested?.grade ?? null,
        reason,
      });
      if (a.grade === 'major') c.notify({ kind: 'leadership_group' }, 'major_incident', e, true);
      const change: GradeChange = {
        grade: a.grade,
        at: c.at,
        by: c.p.id,
        reason,
        approvalId: null,
        entryId: e.id,
      };
      return c.done({
        ...inc,
        state: 'graded',
        grade: a.grade,
        gradeHistory: [...inc.gradeHistory, change],
      });
    },
  },

  // Documents already submitted keep the signers resolved then; revise one to re-route it.
  set_leader_in_charge: {
    ...byOffice,
    states: ['reported', 'assessing', 'graded', 'responding'],
    run: ({ inc, a, ctx, c }) => {
      if (!ctx.group.deputyHeadIds.includes(a.userId)) {
        return invalid(
          'the leader in charge is one of the deputy heads of the leadership group',
          'userId',
        );
      }
      if (inc.leaderInChargeId === a.userId)
        return invalid('already the leader in charge', 'userId');
      c.entry('set_leader_in_charge', '明确分管负责同志', {
        userId: a.userId,
        before: inc.leaderInChargeId,
      });
      return c.done({ ...inc, leaderInChargeId: a.userId });
    },
  },

  request_regrade: {
    whoText: 'the handling division ([P10]: it reports to the office)',
    who: (inc, p) =>
      inc.handler?.kind === 'division' && has(p, 'division') && p.unitId === inc.handler.unitId,
    states: ACTIVE,
    when: (inc) =>
      inc.grade !== 'general'
        ? 'only a general incident is re-graded on the division’s report'
        : inc.regradeRequest
          ? 'a re-grading report is already waiting for the office'
          : null,
    run: ({ inc, a, now, c }) => {
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const e = c.entry(
        'request_regrade',
        '承办处室报告舆情可能发生重大变化，建议重新定级',
        { reason: a.reason },
        d.value,
      );
      c.notify({ kind: 'office' }, 'regrade_requested', e, true);
      return c.done({
        ...inc,
        regradeRequest: {
          by: c.p.id,
          unitId: c.p.unitId,
          at: c.at,
          declaredAt: d.value,
          reason: a.reason,
          entryId: e.id,
        },
      });
    },
  },

  decline_regrade: {
    ...byOffice,
    states: ACTIVE,
    when: (inc) => (inc.regradeRequest ? null : 'no re-grading report is waiting'),
    run: ({ inc, a, c }) => {
      const by = inc.regradeRequest?.by;
      const e = c.entry('decline_regrade', '维持一般舆情等级', { reason: a.reason });
      if (by) c.notify({ kind: 'users', userIds: [by] }, 'regrade_declined', e);
      return c.done({ ...inc, regradeRequest: null });
    },
  },

  raise_grade: {
    whoText: 'the office ([P10]: raising needs no approval, never delay a major item)',
    who: (_, p) => isOffice(p),
    states: ACTIVE,
    when: (inc) => (inc.grade === 'general' ? null : 'only a general incident can be raised'),
    run: ({ inc, a, ctx, c }) => {
      const e = c.entry('raise_grade', '升级为重大舆情', {
        reason: a.reason,
        regradeRequest: inc.regradeRequest?.entryId ?? null,
      });
      c.notify({ kind: 'leadership_group' }, 'grade_raised', e, true);
      const change: GradeChange = {
        grade: 'major',
        at: c.at,
        by: c.p.id,
        reason: a.reason,
        approvalId: null,
        entryId: e.id,
      };
      return c.done({
        ...inc,
        grade: 'major',
        gradeHistory: [...inc.gradeHistory, change],
        regradeRequest: null,
        response: {
          ...inc.response,
          level: levelAfterRegrade(ctx.settings.levels, 'major', inc.response.level),
        },
      });
    },
  },

  assign_handler: {
    ...byGroup,
    states: ACTIVE,
    run: ({ inc, a, c }) => {
      let handler: Handler = a.handler;
      if (handler.kind === 'team') {
        if (inc.grade !== 'major') {
          return invalid(
            'a general incident is handled by a division the group names ([P10])',
            'handler.kind',
          );
        }
        handler = { ...handler, memberIds: [...new Set([handler.leaderId, ...handler.memberIds])] };
      }
      if (JSON.stringify(handler) === JSON.stringify(inc.handler))
        return invalid('this handler is already named', 'handler');
      const e = c.entry(
        'assign_handler',
        handler.kind === 'team' ? `成立调查督办小组：${handler.name}` : '明确承办处室',
        {
          handler: handler,
          before: inc.handler ?? null,
        },
      );
      c.notify(
        handler.kind === 'team'
          ? { kind: 'users', userIds: handler.memberIds }
          : { kind: 'unit', unitId: handler.unitId },
        'handler_named',
        e,
        inc.grade === 'major',
      );
      return c.done({ ...inc, handler });
    },
  },

  record_commander: {
    whoText: 'the office or the principal leader ([P10])',
    who: (_, p, ctx) => isOffice(p) || isPrincipalLeader(p, ctx.group),
    states: ACTIVE,
    when: (inc) => (inc.grade === 'major' ? null : 'a commander is recorded for a major incident'),
    run: ({ inc, a, now, ctx, c }) => {
      const head = ctx.group.headId;
      const standIn =
        head !== null &&
        ctx.delegations.some(
          (d) =>
            d.fromUserId === head &&
            d.toUserId === a.userId &&
            delegationProblems(d).length === 0 &&
            delegationActive(d, now),
        );
      if (a.userId !== head && !standIn) {
        return invalid(
          'the principal leader commands in person ([P10]), or whoever stands in for them by delegation',
          'userId',
        );
      }
      if (inc.commanderId === a.userId) return invalid('already recorded as commander', 'userId');
      const e = c.entry(
        'record_commander',
        a.userId === head ? '主要负责同志亲自指挥' : '受委托同志指挥',
        {
          userId: a.userId,
          standIn,
        },
      );
      c.notify({ kind: 'leadership_group' }, 'commander_recorded', e);
      return c.done({ ...inc, commanderId: a.userId });
    },
  },

  submit_document: {
    whoText:
      'the office ([P10] drafts the handling opinion, [P14] the release plan and talking points)',
    who: (_, p) => isOffice(p),
    states: [...ACTIVE, 'under_review'],
    run: ({ inc, a, ctx, c }) => {
      const doc = a.document;
      const notNow = documentNotNow(doc.docType, inc);
      if (notNow) return conflict(notNow);
      if (doc.docType === 'review_report' && latestReview(ctx.approvals, inc.id)) {
        return conflict('this incident has a review report: revise it instead');
      }
      if (doc.docType === 'handling_opinion') {
        const existing = ctx.approvals.find(
          (x) =>
            x.incidentId === inc.id &&
            x.docType === 'handling_opinion' &&
            ['pending', 'returned', 'approved'].includes(
              latestVersion(ctx.approvals, x.documentId)?.status ?? '',
            ),
        );
        if (existing) return conflict('this incident has a handling opinion: revise it instead');
      }
      const payload = payloadFor(
        doc.docType,
        inc,
        ctx.settings.levels,
        documentFields(doc as ReleaseFieldsInput & ReviewFieldsInput),
        null,
      );
      if (!payload.ok) return payload;
      return submitDocument(c, 'submit_document', doc.docType, doc.title, doc.body, payload.value);
    },
  },

  propose_response_activation: proposal('response_activation', ['graded'], RESPONSE_DOCUMENTS),
  propose_adjustment: proposal('response_adjustment', ['responding'], RESPONSE_DOCUMENTS),
  propose_termination: proposal('response_termination', ['responding'], RESPONSE_DOCUMENTS),
  propose_grade_lowering: proposal('grade_lowering', ACTIVE, ['grade_lowering'], (inc) =>
    inc.grade === 'major' ? null : 'only a major incident can be lowered',
  ),

  revise_document: {
    ...byOffice,
    states: [...ACTIVE, 'under_review'],
    run: ({ inc, a, ctx, c }) => {
      const target = ctx.approvals.find((x) => x.id === a.approvalId && x.incidentId === inc.id);
      if (!target) return fail('not_found', `approval ${a.approvalId} not found for this incident`);
      if (enactedApprovalIds(inc).has(target.id)) {
        return conflict(
          `this ${DOCUMENT_TYPE_LABELS[target.docType]} has been carried out; propose a new step instead`,
        );
      }
      const notNow = documentNotNow(target.docType, inc);
      if (notNow) return conflict(notNow);
      const payload = payloadFor(
        target.docType,
        inc,
        ctx.settings.levels,
        { level: a.level, ...documentFields(a) },
        target.payload,
      );
      if (!payload.ok) return payload;
      const signer = signersFor(target.docType, inc, ctx);
      if (!signer.ok) return signer;
      const revised = reviseApproval(ctx.approvals, target.id, {
        id: ctx.newId(),
        grade: inc.grade ?? 'general',
        title: a.title,
        body: a.body,
        payload: payload.value,
        signer: signer.value,
        by: c.p.id,
        now: c.now,
      });
      if (!revised.ok) return revised;
      const { created, superseded } = revised.value;
      if (superseded) c.approvals.push(superseded);
      c.approvals.push(created);
      const e = c.entry(
        'revise_document',
        `修改${DOCUMENT_TYPE_LABELS[created.docType]}（第 ${created.version} 版）待签批`,
        {
          approvalId: created.id,
          documentId: created.documentId,
          docType: created.docType,
          version: created.version,
          contentHash: created.contentHash,
          replaces: target.id,
        },
      );
      c.notify(
        { kind: 'users', userIds: signer.value.userIds },
        'approval_requested',
        e,
        created.docType !== 'talking_points',
      );
      return c.done({ ...inc, signerIds: withSigners(inc, signer.value.userIds) });
    },
  },

  withdraw_document: {
    ...byOffice,
    // Under review only the review report can be pending: the review starts with none.
    states: ['graded', 'responding', 'terminated', 'under_review'],
    run: ({ inc, a, ctx, c }) => {
      const target = ctx.approvals.find((x) => x.id === a.approvalId && x.incidentId === inc.id);
      if (!target) return fail('not_found', `approval ${a.approvalId} not found for this incident`);
      const w = withdrawApproval(target, c.p.id, a.reason, c.now);
      if (!w.ok) return w;
      c.approvals.push(w.value);
      c.entry(
        'withdraw_document',
        `撤回${DOCUMENT_TYPE_LABELS[target.docType]}（第 ${target.version} 版）`,
        {
          approvalId: target.id,
          docType: target.docType,
          version: target.version,
          reason: a.reason,
        },
      );
      return c.done(inc);
    },
  },

  record_report: {
    whoText: 'the office ([P10]: it reports to the superior authority)',
    who: (_, p) => isOffice(p),
    states: ['graded', 'responding', 'terminated'],
    run: ({ inc, a, now, c }) => {
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const hasFirst = inc.reports.some((r) => r.kind === 'first');
      const hasFinal = inc.reports.some((r) => r.kind === 'final');
      if (hasFinal) return conflict('the final report has been made: nothing follows it');
      if (a.kind === 'first' && hasFirst)
        return conflict('the first report has been recorded; this is a follow-up');
      if (a.kind !== 'first' && !hasFirst) return conflict('record the first report first');
      if (a.kind === 'final' && inc.state !== 'terminated')
        return conflict('the final report is made when the response has been terminated');
      const said = {
        kind: a.kind,
        recipient: a.recipient,
        channel: a.channel ?? null,
        summary: a.summary,
      };
      const e = c.entry(
        'record_report',
        `向上级报告：${REPORT_KIND_LABELS[a.kind]}`,
        said,
        d.value,
      );
      const report: UpwardReport = {
        id: c.ctx.newId(),
        ...said,
        at: c.at,
        declaredAt: d.value,
        by: c.p.id,
        entryId: e.id,
        receipt: null,
      };
      return c.done({ ...inc, reports: [...inc.reports, report] });
    },
  },

  record_receipt: {
    ...byOffice,
    states: ['graded', 'responding', 'terminated', 'under_review'],
    run: ({ inc, a, now, c }) => {
      const report = inc.reports.find((r) => r.id === a.reportId);
      if (!report) return fail('not_found', `report ${a.reportId} not found for this incident`);
      if (report.receipt)
        return conflict('this report’s receipt is recorded; correct its time if it was wrong');
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const e = c.entry(
        'record_receipt',
        `上级已收到${REPORT_KIND_LABELS[report.kind]}`,
        {
          reportId: report.id,
          receivedBy: a.receivedBy,
          reference: a.reference ?? null,
        },
        d.value,
      );
      const receipt: Receipt = {
        receivedBy: a.receivedBy,
        reference: a.reference ?? null,
        at: c.at,
        declaredAt: d.value,
        by: c.p.id,
        entryId: e.id,
      };
      return c.done({
        ...inc,
        reports: inc.reports.map((r) => (r.id === report.id ? { ...r, receipt } : r)),
      });
    },
  },

  log_contact: {
    whoText: 'the office ([P8]: one voice to the outside)',
    who: (_, p) => isOffice(p),
    states: NOT_ARCHIVED,
    run: ({ inc, a, now, c }) => {
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const said = {
        contactKind: a.contactKind,
        organisation: a.organisation,
        person: a.person ?? null,
        shared: a.shared,
      };
      const e = c.entry('log_contact', `对外联系：${a.organisation}`, said, d.value);
      const contact: OutsideContact = {
        id: c.ctx.newId(),
        ...said,
        at: c.at,
        declaredAt: d.value,
        by: c.p.id,
        entryId: e.id,
      };
      return c.done({ ...inc, contacts: [...inc.contacts, contact] });
    },
  },

  publish_release: {
    whoText: 'the office ([P8], [P14]: only the office publishes)',
    who: (_, p) => isOffice(p),
    states: ACTIVE,
    run: ({ inc, a, ctx, c }) => {
      const mine = ctx.approvals.filter((x) => x.incidentId === inc.id);
      const current = currentApproval(mine, a.approvalId);
      if (!current.ok) return current;
      const points = current.value;
      if (points.docType !== 'talking_points')
        return invalid('a statement publishes approved talking points (口径)', 'approvalId');
      if (points.grade !== inc.grade)
        return fail(
          'approval_required',
          `these talking points were approved when the incident was ${points.grade}: submit a new version`,
        );
      const plan = planInForce(mine, inc.grade);
      if (!plan)
        return fail(
          'approval_required',
          'a statement is published under an approved release plan (信息发布方案): none is in force',
        );
      const allowed = planOf(plan.payload).channels;
      const outside = a.channels.filter((ch) => !allowed.includes(ch));
      if (outside.length)
        return invalid(`not a channel of the approved plan: ${outside.join(', ')}`, 'channels');
      if (inc.releases.some((r) => r.approvalId === points.id))
        return conflict(
          'this version has been published: revise the talking points for a correction',
        );
      let corrected: Release | null = null;
      if (a.corrects !== undefined) {
        corrected = inc.releases.find((r) => r.id === a.corrects) ?? null;
        if (!corrected) return invalid('no statement of this incident has this id', 'corrects');
        if (corrected.status !== 'published')
          return conflict(`that statement is ${corrected.status}: only one in force is corrected`);
      }
      const content = releaseContentOf(points);
      const id = ctx.newId();
      const channels = [...new Set(a.channels)];
      const e = c.entry(
        'publish_release',
        `${corrected ? '发布更正' : '发布权威信息'}：${content.title}（${channels.map((ch) => RELEASE_CHANNEL_LABELS[ch]).join('、')}）`,
        {
          releaseId: id,
          approvalId: points.id,
          version: points.version,
          contentHash: points.contentHash,
          planApprovalId: plan.id,
          channels,
          corrects: corrected?.id ?? null,
        },
      );
      const release: Release = {
        id,
        approvalId: points.id,
        documentId: points.documentId,
        version: points.version,
        contentHash: points.contentHash,
        planApprovalId: plan.id,
        content,
        channels,
        status: 'published',
        corrects: corrected?.id ?? null,
        correctedBy: null,
        withdrawal: null,
        at: c.at,
        declaredAt: null,
        by: c.p.id,
        entryId: e.id,
      };
      const releases = inc.releases.map((r) =>
        r.id === corrected?.id ? { ...r, status: 'corrected' as const, correctedBy: id } : r,
      );
      return c.done({ ...inc, releases: [...releases, release] });
    },
  },

  withdraw_release: {
    whoText: 'the office ([P8], [P14]: only the office publishes)',
    who: (_, p) => isOffice(p),
    states: ['graded', 'responding', 'terminated', 'under_review'],
    run: ({ inc, a, c }) => {
      const target = inc.releases.find((r) => r.id === a.releaseId);
      if (!target) return fail('not_found', `statement ${a.releaseId} not found for this incident`);
      if (target.status === 'withdrawn') return conflict('this statement has been withdrawn');
      const e = c.entry('withdraw_release', `撤回权威信息：${target.content.title}`, {
        releaseId: target.id,
        reason: a.reason,
      });
      const withdrawal = { at: c.at, by: c.p.id, reason: a.reason, entryId: e.id };
      return c.done({
        ...inc,
        releases: inc.releases.map((r) =>
          r.id === target.id ? { ...r, status: 'withdrawn' as const, withdrawal } : r,
        ),
      });
    },
  },

  add_task: {
    whoText: 'the office, the leadership group or the investigation team’s leader ([P11], [P13])',
    who: (inc, p, ctx) => isOffice(p) || isGroupLeader(p, ctx.group) || isTeamLeader(p, inc),
    states: ACTIVE,
    run: ({ inc, a, now, ctx, c }) => {
      const deadline = Date.parse(a.deadline);
      if (!(deadline > now.getTime()))
        return invalid('a task’s deadline is in the future', 'deadline');
      const task: Task = {
        id: ctx.newId(),
        unitId: a.unitId,
        title: a.title,
        detail: a.detail ?? null,
        deadline: new Date(deadline).toISOString(),
        createdAt: c.at,
        createdBy: c.p.id,
        feedback: [],
        completedAt: null,
        completedDeclaredAt: null,
      };
      const e = c.entry('add_task', `交办任务：${a.title}`, {
        taskId: task.id,
        unitId: a.unitId,
        title: a.title,
        deadline: task.deadline,
      });
      c.notify({ kind: 'unit', unitId: a.unitId }, 'task_assigned', e, inc.grade === 'major');
      return c.done({ ...inc, tasks: [...inc.tasks, task] });
    },
  },

  task_feedback: {
    whoText: 'the unit the task was given to',
    who: (inc, p) => isWorking(p) && inc.tasks.some((t) => t.unitId === p.unitId),
    states: ['graded', 'responding', 'terminated'],
    run: ({ inc, a, now, c }) => {
      const task = inc.tasks.find((t) => t.id === a.taskId);
      if (!task) return fail('not_found', `task ${a.taskId} not found for this incident`);
      if (task.unitId !== c.p.unitId)
        return forbidden('only the unit the task was given to reports on it');
      if (task.completedAt) return conflict('this task is done');
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const e = c.entry(
        'task_feedback',
        a.complete ? `任务办结：${task.title}` : `任务反馈：${task.title}`,
        {
          taskId: task.id,
          note: a.note,
          complete: a.complete,
        },
        d.value,
      );
      c.notify({ kind: 'office' }, 'task_feedback', e);
      const fb: TaskFeedback = {
        note: a.note,
        complete: a.complete,
        at: c.at,
        declaredAt: d.value,
        by: c.p.id,
        entryId: e.id,
      };
      const next: Task = {
        ...task,
        feedback: [...task.feedback, fb],
        completedAt: a.complete ? c.at : null,
        completedDeclaredAt: a.complete ? d.value : null,
      };
      return c.done({ ...inc, tasks: inc.tasks.map((t) => (t.id === task.id ? next : t)) });
    },
  },

  record_facts: investigationStep('facts') as Spec<'record_facts'>,
  record_plan: investigationStep('plan') as Spec<'record_plan'>,
  report_progress: investigationStep('progress') as Spec<'report_progress'>,

  pin: {
    whoText: 'the office or the leadership group',
    who: (_, p, ctx) => isOffice(p) || isGroupLeader(p, ctx.group),
    states: NOT_ARCHIVED,
    run: ({ inc, a, ctx, c }) => {
      if (!ctx.timeline.some((e) => e.id === a.entryId && e.incidentId === inc.id)) {
        return fail('not_found', `entry ${a.entryId} not found in this timeline`);
      }
      const pinned = inc.pinned.includes(a.entryId);
      if (pinned === a.pinned) return invalid(a.pinned ? 'already pinned' : 'not pinned', 'pinned');
      c.entry('pin', a.pinned ? '置顶' : '取消置顶', { entryId: a.entryId, pinned: a.pinned });
      return c.done({
        ...inc,
        pinned: a.pinned ? [...inc.pinned, a.entryId] : inc.pinned.filter((x) => x !== a.entryId),
      });
    },
  },

  correct_declared_time: {
    whoText: 'the person who recorded the entry, or the office',
    // Coarse: the office, or anyone who has recorded an entry that takes a declared time.
    who: (inc, p, ctx) =>
      isOffice(p) ||
      ctx.timeline.some(
        (e) => e.incidentId === inc.id && e.actorId === p.id && DECLARABLE_KINDS.includes(e.kind),
      ),
    states: NOT_ARCHIVED,
    run: ({ inc, a, now, ctx, c }) => {
      const target = ctx.timeline.find((e) => e.id === a.entryId && e.incidentId === inc.id);
      if (!target) return fail('not_found', `entry ${a.entryId} not found in this timeline`);
      if (target.actorId !== c.p.id && !isOffice(c.p))
        return forbidden('only the person who recorded it, or the office, corrects its time');
      if (!DECLARABLE_KINDS.includes(target.kind))
        return invalid(
          `a ${target.kind} entry takes no declared time: its system time is the record`,
          'entryId',
        );
      const d = declared(a.declaredAt, now);
      if (!d.ok) return d;
      const after = d.value ?? '';
      const before = effectiveDeclaredAt(ctx.timeline, target.id);
      if (before !== null && Date.parse(before) === Date.parse(after))
        return invalid('that is already its declared time', 'declaredAt');
      c.entry('correct_declared_time', '更正时间', {
        entryId: target.id,
        before,
        after,
        reason: a.reason,
      });
      return c.done(withDeclaredTime(inc, target, after));
    },
  },

  explain_breach: {
    whoText: 'the office, or for a task the unit it was given to',
    who: (inc, p) => isOffice(p) || (isWorking(p) && inc.tasks.some((t) => t.unitId === p.unitId)),
    states: NOT_ARCHIVED,
    run: ({ inc, a, now, ctx, c }) => {
      const clock = clockByKey(
        incidentClocks(inc, ctx.approvals, now, ctx.settings.clocks),
        a.clockKey,
      );
      if (!clock) return fail('not_found', `this incident has no clock ${a.clockKey}`);
      const task = clock.taskId ? inc.tasks.find((t) => t.id === clock.taskId) : undefined;
      if (!isOffice(c.p) && task?.unitId !== c.p.unitId)
        return forbidden('only the office, or for a task its unit, explains a breach');
      if (clock.status !== 'breached')
        return conflict(`${clock.label} is ${clock.status}, not breached`);
      const e = c.entry('explain_breach', `说明超时原因：${clock.label}`, {
        clockKey: a.clockKey,
        reason: a.reason,
      });
      const x: BreachExplanation = {
        clockKey: a.clockKey,
        reason: a.reason,
        at: c.at,
        by: c.p.id,
        entryId: e.id,
      };
      return c.done({ ...inc, breachExplanations: [...inc.breachExplanations, x] });
    },
  },

  set_confidentiality: {
    whoText: 'the office or the leadership group ([P15])',
    who: (_, p, ctx) => isOffice(p) || isGroupLeader(p, ctx.group),
    states: NOT_ARCHIVED,
    run: ({ inc, a, c }) => {
      const next: Confidentiality =
        a.level === 'open'
          ? { level: 'open', userIds: [], roles: [] }
          : {
              level: a.level,
              userIds: [...new Set(a.userIds)],
              roles: a.level === 'secret' ? [] : [...new Set(a.roles)],
            };
      if (JSON.stringify(next) === JSON.stringify(inc.confidentiality))
        return invalid('nothing changes', 'level');
      const after = { ...inc, confidentiality: next };
      if (!readAccess(after, c.p).allowed)
        return invalid(
          'you would no longer be able to read this incident: name yourself',
          'userIds',
        );
      c.entry(
        'set_confidentiality',
        `密级调整为${{ open: '公开', restricted: '限定范围', secret: '涉密' }[next.level]}`,
        {
          before: inc.confidentiality as unknown as JsonObject,
          after: next as unknown as JsonObject,
          reason: a.reason,
        },
      );
      return c.done(after);
    },
  },

  link_items: {
    whoText: 'the office, the leadership group or a division',
    who: (_, p, ctx) => isOffice(p) || isGroupLeader(p, ctx.group) || has(p, 'division'),
    states: NOT_ARCHIVED,
    run: ({ inc, a, c }) => {
      const mentions = a.mentionIds.filter((x) => !inc.mentionIds.includes(x));
      const events = a.eventIds.filter((x) => !inc.eventIds.includes(x));
      if (!mentions.length && !events.length) return invalid('nothing new to link', 'mentionIds');
      c.entry('link_items', `关联 ${mentions.length} 条信息、${events.length} 个事件`, {
        mentionIds: mentions,
        eventIds: events,
      });
      return c.done({
        ...inc,
        mentionIds: [...inc.mentionIds, ...new Set(mentions)],
        eventIds: [...inc.eventIds, ...new Set(events)],
      });
    },
  },

  start_review: {
    whoText: 'the office ([P17]: it writes the summary and evaluation)',
    who: (_, p) => isOffice(p),
    states: ['terminated'],
    when: (inc, ctx) => {
      // A response that ended major is closed towards the superior with the final report.
      const terminatedAt = inc.response.terminatedAt ? Date.parse(inc.response.terminatedAt) : null;
      if (
        terminatedAt !== null &&
        gradeAt(inc, terminatedAt) === 'major' &&
        !inc.reports.some((r) => r.kind === 'final')
      ) {
        return 'record the final report to the superior first';
      }
      const pending = ctx.approvals.find((x) => x.incidentId === inc.id && x.status === 'pending');
      return pending
        ? `${DOCUMENT_TYPE_LABELS[pending.docType]} version ${pending.version} awaits a decision: decide or withdraw it first`
        : null;
    },
    run: ({ inc, a, c }) => {
      c.entry('start_review', '开始总结评估', { note: a.note ?? null });
      return c.done({ ...inc, state: 'under_review', review: { ...inc.review, startedAt: c.at } });
    },
  },

  archive: {
    ...byOffice,
    states: ['under_review'],
    when: (inc, ctx) =>
      reviewInForce(ctx.approvals, inc.id)
        ? null
        : 'the leadership group approves the review report first ([P17])',
    run: ({ inc, a, ctx, c }) => {
      const review = reviewInForce(ctx.approvals, inc.id);
      c.entry('archive', '归档', {
        summary: a.summary,
        reviewApprovalId: review?.id ?? null,
        reviewContentHash: review?.contentHash ?? null,
      });
      return c.done({
        ...inc,
        state: 'archived',
        review: { ...inc.review, summary: a.summary, archivedAt: c.at },
      });
    },
  },
};

/** The incident with a corrected declared time carried to the record the entry made. */
function withDeclaredTime(inc: Incident, entry: TimelineEntry, t: string): Incident {
  const fix = <X extends { entryId: string; declaredAt: string | null }>(x: X): X =>
    x.entryId === entry.id ? { ...x, declaredAt: t } : x;
  return {
    ...inc,
    discoveredAt: entry.kind === 'opened' ? t : inc.discoveredAt,
    regradeRequest: inc.regradeRequest ? fix(inc.regradeRequest) : null,
    reports: inc.reports.map((r) => {
      const fixed = fix(r);
      return fixed.receipt ? { ...fixed, receipt: fix(fixed.receipt) } : fixed;
    }),
    contacts: inc.contacts.map(fix),
    investigation: inc.investigation.map(fix),
    tasks: inc.tasks.map((task) => {
      const feedback = task.feedback.map(fix);
      const completing = feedback.find((f) => f.complete);
      return {
        ...task,
        feedback,
        completedDeclaredAt: completing ? completing.declaredAt : task.completedDeclaredAt,
      };
    }),
  };
}

/** Carries out an approved response step or grade lowering. */
export function enact(inc: Incident, a: Approval, c: Change): Outcome<Incident> {
  const stale = (why: string) =>
    fail<Incident>(
      'invalid_state',
      `this ${DOCUMENT_TYPE_LABELS[a.docType]} no longer applies (${why}): return or reject it`,
    );
  if (a.grade !== inc.grade)
    return stale(
      `it was submitted when the incident was ${a.grade}; it is now ${inc.grade ?? 'ungraded'}`,
    );
  const notNow = documentNotNow(a.docType, inc);
  if (notNow) return stale(notNow);
  const level =
    typeof a.payload.level === 'string' &&
    (EMERGENCY_LEVELS as readonly string[]).includes(a.payload.level)
      ? (a.payload.level as EmergencyLevel)
      : null;
  const levelText = level ? `（${EMERGENCY_LEVEL_LABELS[level]}）` : '';
  const group = (e: TimelineEntry, topic: NoticeTopic) => {
    c.notify({ kind: 'leadership_group' }, topic, e, true);
    if (inc.handler)
      c.notify(
        inc.handler.kind === 'team'
          ? { kind: 'users', userIds: inc.handler.memberIds }
          : { kind: 'unit', unitId: inc.handler.unitId },
        topic,
        e,
        true,
      );
  };
  switch (a.docType) {
    case 'response_activation': {
      const e = c.entry('response_activated', `启动应急响应${levelText}`, {
        approvalId: a.id,
        level,
      });
      group(e, 'response_activated');
      return ok({
        ...inc,
        state: 'responding',
        response: { ...inc.response, level, activatedAt: c.at, activationApprovalId: a.id },
      });
    }
    case 'response_adjustment': {
      const e = c.entry('response_adjusted', `调整应急响应${levelText}`, {
        approvalId: a.id,
        level,
        before: inc.response.level,
      });
      group(e, 'response_adjusted');
      const adj: ResponseAdjustment = { approvalId: a.id, at: c.at, level, entryId: e.id };
      return ok({
        ...inc,
        response: { ...inc.response, level, adjustments: [...inc.response.adjustments, adj] },
      });
    }
    case 'response_termination': {
      const e = c.entry('response_terminated', '终止应急响应', { approvalId: a.id });
      group(e, 'response_terminated');
      return ok({
        ...inc,
        state: 'terminated',
        response: { ...inc.response, terminatedAt: c.at, terminationApprovalId: a.id },
      });
    }
    case 'grade_lowering': {
      const e = c.entry('grade_lowered', '经批准降为一般舆情', { approvalId: a.id });
      group(e, 'grade_lowered');
      const change: GradeChange = {
        grade: 'general',
        at: c.at,
        by: c.p.id,
        reason: a.body,
        approvalId: a.id,
        entryId: e.id,
      };
      return ok({
        ...inc,
        grade: 'general',
        gradeHistory: [...inc.gradeHistory, change],
        response: {
          ...inc.response,
          level: levelAfterRegrade(c.ctx.settings.levels, 'general', inc.response.level),
        },
      });
    }
    case 'handling_opinion':
    case 'release_plan':
    case 'talking_points':
    case 'review_report':
      return ok(inc);
  }
}
