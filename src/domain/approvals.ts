// Approvals (签批, [P9], [P10], [P14]): a document of an incident goes to the signer the rules
// name, who approves, rejects or returns it. Each version is a record sealed by hashes: the
// content hash fixes what was submitted, the seal hash fixes the decision on it, so an approved
// version cannot change unnoticed; an edit is a new version that needs its own decision.
// Pure: the service stores the records, this module says what a record may become (hashing
// with node:crypto is computation, not I/O).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from './access.ts';
import type { Grade } from './grading.ts';
import { fail, ok, type Outcome } from './rule-outcome.ts';

// ---------------------------------------------------------------------------------------------
// Canonical JSON and hashing

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * One text for one JSON value: object keys sorted by UTF-16 code units (as RFC 8785 does), no
 * whitespace, numbers and strings as JSON.stringify writes them. A property whose value is
 * `undefined` is left out and an `undefined` array item is null, as in JSON.stringify, so a
 * value hashes the same before and after a JSON round trip through the store. Anything JSON
 * cannot carry faithfully (NaN, Infinity, bigint, functions, symbols, class instances such as
 * Date) is a programming error and throws a TypeError.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`not a JSON number: ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('not a plain JSON object');
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`not a JSON value: ${typeof value}`);
  }
  throw new TypeError('not a JSON value');
}

/**
 * Lower-case hex SHA-256 of a text's UTF-8 bytes (node:crypto, as the audit chain uses; the web
 * UI takes labels from the server, not from this module).
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of a value's canonical JSON. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

// ---------------------------------------------------------------------------------------------
// Documents and who signs them

export const DOCUMENT_TYPES = [
  'handling_opinion',
  'response_activation',
  'response_adjustment',
  'response_termination',
  'grade_lowering',
  'release_plan',
  'talking_points',
  'review_report',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  handling_opinion: '处置意见',
  response_activation: '启动应急响应',
  response_adjustment: '调整应急响应',
  response_termination: '终止应急响应',
  grade_lowering: '降低舆情等级',
  release_plan: '信息发布方案',
  talking_points: '口径',
  review_report: '总结评估报告',
};

/**
 * Who signs: the leader in charge (分管负责同志: the incident's named one, else any deputy head),
 * the principal leader (主要负责同志: the group's head), or the leadership group (its head or
 * any deputy head signs for the group; the group's members are division heads and do not sign
 * alone).
 */
export const SIGNER_RULES = ['leader_in_charge', 'principal_leader', 'leadership_group'] as const;
export type SignerRule = (typeof SIGNER_RULES)[number];

export const SIGNER_RULE_LABELS: Record<SignerRule, string> = {
  leader_in_charge: '分管负责同志',
  principal_leader: '主要负责同志',
  leadership_group: '领导小组',
};

const byGrade = z.object({ major: z.enum(SIGNER_RULES), general: z.enum(SIGNER_RULES) }).strict();

export const approvalSettingsSchema = z
  .object({
    /** The signer of each kind of document, by the incident's grade when it is submitted. */
    signers: z
      .object({
        handling_opinion: byGrade,
        response_activation: byGrade,
        response_adjustment: byGrade,
        response_termination: byGrade,
        grade_lowering: byGrade,
        release_plan: byGrade,
        talking_points: byGrade,
        /** Added with the after-action review: settings stored before it read the default. */
        review_report: byGrade.default({ major: 'leadership_group', general: 'leadership_group' }),
      })
      .strict(),
  })
  .strict();
export type ApprovalSettings = z.output<typeof approvalSettingsSchema>;

/**
 * Defaults: the leader in charge signs the handling opinion ([P10]); the principal leader, who
 * commands a major incident in person, signs its response steps and any lowering of its grade;
 * the leader in charge signs a general incident's; the group agrees a release plan ([P14]) and a
 * major incident's talking points.
 */
export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = {
  signers: {
    handling_opinion: { major: 'leader_in_charge', general: 'leader_in_charge' },
    response_activation: { major: 'principal_leader', general: 'leader_in_charge' },
    response_adjustment: { major: 'principal_leader', general: 'leader_in_charge' },
    response_termination: { major: 'principal_leader', general: 'leader_in_charge' },
    grade_lowering: { major: 'principal_leader', general: 'principal_leader' },
    release_plan: { major: 'leadership_group', general: 'leadership_group' },
    talking_points: { major: 'leadership_group', general: 'leader_in_charge' },
    // [P17]: the group approves the office's summary and evaluation.
    review_report: { major: 'leadership_group', general: 'leadership_group' },
  },
};

/**
 * The leadership group as in force (领导小组, [P2]), as user ids: the service resolves the
 * positions of organisation.ts to the accounts of the people holding them.
 */
export interface LeadershipGroup {
  /** 组长: the principal leader; null while vacant. */
  headId: string | null;
  /** 副组长: the leaders in charge. */
  deputyHeadIds: readonly string[];
  /** 成员: the head of every division. */
  memberIds: readonly string[];
}

export function signerRuleFor(
  settings: ApprovalSettings,
  docType: DocumentType,
  grade: Grade,
): SignerRule {
  return settings.signers[docType][grade];
}

/** The accounts that may sign under a rule (empty when the positions are vacant). */
export function resolveSigners(
  rule: SignerRule,
  group: LeadershipGroup,
  leaderInChargeId: string | null,
): string[] {
  switch (rule) {
    case 'principal_leader':
      return group.headId ? [group.headId] : [];
    case 'leader_in_charge':
      return leaderInChargeId ? [leaderInChargeId] : [...new Set(group.deputyHeadIds)];
    case 'leadership_group':
      return [...new Set([...(group.headId ? [group.headId] : []), ...group.deputyHeadIds])];
  }
}

// ---------------------------------------------------------------------------------------------
// Approval records

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'returned',
  'superseded',
  'withdrawn',
] as const;
/**
 * pending: awaits its signer. approved / rejected / returned: decided (returned = send back for
 * changes, so a new version may follow; rejected = refused, the document ends there).
 * superseded: a newer version replaced it before anyone decided. withdrawn: the submitter
 * took it back before anyone decided.
 */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const DECISIONS = ['approve', 'reject', 'return'] as const;
export type Decision = (typeof DECISIONS)[number];

const STATUS_OF_DECISION: Record<Decision, ApprovalStatus> = {
  approve: 'approved',
  reject: 'rejected',
  return: 'returned',
};

export interface ApprovalDecision {
  decision: Decision;
  comment: string;
  /** The account that decided. */
  decidedBy: string;
  /** The signer it decided for under a delegation; null when it signed as itself. */
  onBehalfOf: string | null;
  delegationId: string | null;
  decidedAt: string;
  /** SHA-256 over the content hash and this decision: the decision cannot change unnoticed. */
  sealHash: string;
}

export interface ApprovalClosure {
  at: string;
  by: string;
  reason: string;
  /** The version that replaced it (superseded only). */
  supersededBy: string | null;
}

/** What is submitted: one version of one document, before any decision. */
export interface NewApproval {
  id: string;
  incidentId: string;
  /** All versions of a document share it. */
  documentId: string;
  /** 1, 2, ... */
  version: number;
  docType: DocumentType;
  /** The incident's grade when submitted (it chose the signer). */
  grade: Grade;
  title: string;
  body: string;
  /** What the document decides, by kind (emergency level, channels, ...); see incident.ts. */
  payload: JsonObject;
  /** Who may sign, resolved when submitted. */
  signer: { rule: SignerRule; userIds: string[] };
  submittedBy: string;
  submittedAt: string;
}

/** One version of one document with its approval. */
export interface Approval extends NewApproval {
  /** SHA-256 of the canonical JSON of every field of NewApproval. */
  contentHash: string;
  status: ApprovalStatus;
  decision: ApprovalDecision | null;
  closure: ApprovalClosure | null;
}

/** The content hash of a version: everything submitted, nothing decided. */
export function contentHashOf(a: NewApproval): string {
  return hashJson({
    id: a.id,
    incidentId: a.incidentId,
    documentId: a.documentId,
    version: a.version,
    docType: a.docType,
    grade: a.grade,
    title: a.title,
    body: a.body,
    payload: a.payload,
    signer: { rule: a.signer.rule, userIds: a.signer.userIds },
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt,
  });
}

function sealHashOf(contentHash: string, d: Omit<ApprovalDecision, 'sealHash'>): string {
  return hashJson({
    contentHash,
    decision: d.decision,
    comment: d.comment,
    decidedBy: d.decidedBy,
    onBehalfOf: d.onBehalfOf,
    delegationId: d.delegationId,
    decidedAt: d.decidedAt,
  });
}

/** A pending version, hashed. */
export function createApproval(input: NewApproval): Approval {
  const record: NewApproval = {
    ...input,
    payload: input.payload,
    signer: { rule: input.signer.rule, userIds: [...input.signer.userIds] },
  };
  return {
    ...record,
    contentHash: contentHashOf(record),
    status: 'pending',
    decision: null,
    closure: null,
  };
}

/**
 * What is wrong with a stored record, if anything: a content or seal hash that does not match
 * (an edit made outside these rules), or a status that does not fit its decision. Empty: sound.
 */
export function approvalProblems(a: Approval): string[] {
  const out: string[] = [];
  if (contentHashOf(a) !== a.contentHash) out.push('content does not match its content hash');
  const decided = a.status === 'approved' || a.status === 'rejected' || a.status === 'returned';
  if (decided) {
    if (!a.decision) out.push(`status ${a.status} without a decision`);
    else {
      if (STATUS_OF_DECISION[a.decision.decision] !== a.status)
        out.push(`status ${a.status} does not fit the decision ${a.decision.decision}`);
      if (sealHashOf(a.contentHash, a.decision) !== a.decision.sealHash)
        out.push('decision does not match its seal hash');
    }
  } else if (a.decision) out.push(`status ${a.status} with a decision`);
  const closed = a.status === 'superseded' || a.status === 'withdrawn';
  if (closed !== (a.closure !== null)) out.push(`status ${a.status} does not fit its closure`);
  if (a.status === 'superseded' && !a.closure?.supersededBy)
    out.push('superseded without the version that replaced it');
  return out;
}

/**
 * Whether a store may replace `before` with `after`: only a pending record may change, only by
 * a decision or a closure, never in its content. A decided or closed record never changes.
 * Returns the problem, or null when the update is allowed. Repositories call it before writing.
 */
export function approvalUpdateProblem(before: Approval, after: Approval): string | null {
  if (after.id !== before.id) return 'an update cannot change the id';
  if (before.status !== 'pending') {
    return canonicalJson(before) === canonicalJson(after)
      ? null
      : `version ${before.version} is ${before.status} and cannot change`;
  }
  if (after.contentHash !== before.contentHash || contentHashOf(after) !== before.contentHash)
    return 'the content of a submitted version cannot change: submit a new version';
  const problems = approvalProblems(after);
  return problems.length ? (problems[0] ?? null) : null;
}

/** The newest version of a document among the records, or null when there is none. */
export function latestVersion(approvals: readonly Approval[], documentId: string): Approval | null {
  let best: Approval | null = null;
  for (const a of approvals) {
    if (a.documentId === documentId && (!best || a.version > best.version)) best = a;
  }
  return best;
}

/**
 * The approval if it is in force: approved, sound, and the newest version of its document
 * (an edit after approval makes a new version that must be approved in turn).
 */
export function currentApproval(
  approvals: readonly Approval[],
  approvalId: string,
): Outcome<Approval> {
  const a = approvals.find((x) => x.id === approvalId);
  if (!a) return fail('not_found', `approval ${approvalId} not found for this incident`);
  if (approvalProblems(a).length) {
    return fail(
      'invalid_state',
      `approval ${a.id} fails its hash check: it was changed outside the rules`,
    );
  }
  if (a.status !== 'approved') {
    return fail(
      'approval_required',
      `${DOCUMENT_TYPE_LABELS[a.docType]} version ${a.version} is ${a.status}, not approved`,
    );
  }
  const latest = latestVersion(approvals, a.documentId);
  if (latest && latest.version !== a.version) {
    return fail(
      'approval_required',
      `${DOCUMENT_TYPE_LABELS[a.docType]} version ${a.version} was approved but version ${latest.version} replaces it and is ${latest.status}`,
    );
  }
  return ok(a);
}

/**
 * A new version of a document: its latest version must be pending, returned or approved (a
 * rejected or withdrawn document ends; submit a new one). A pending latest version is
 * superseded; an approved one stays approved and immutable, the new one needs its own approval.
 * The caller gives the signer resolved for the incident as it is now.
 */
export function reviseApproval(
  approvals: readonly Approval[],
  approvalId: string,
  edit: {
    id: string;
    grade: Grade;
    title: string;
    body: string;
    payload: JsonObject;
    signer: { rule: SignerRule; userIds: string[] };
    by: string;
    now: Date;
  },
): Outcome<{ created: Approval; superseded: Approval | null }> {
  const target = approvals.find((x) => x.id === approvalId);
  if (!target) return fail('not_found', `approval ${approvalId} not found for this incident`);
  const latest = latestVersion(approvals, target.documentId) ?? target;
  if (latest.id !== target.id) {
    return fail(
      'invalid_state',
      `revise the latest version (${latest.version}), not ${target.version}`,
    );
  }
  if (
    target.status === 'rejected' ||
    target.status === 'withdrawn' ||
    target.status === 'superseded'
  ) {
    return fail(
      'invalid_state',
      `version ${target.version} is ${target.status}: this document ends here, submit a new one`,
    );
  }
  if (
    target.title === edit.title &&
    target.body === edit.body &&
    canonicalJson(target.payload) === canonicalJson(edit.payload)
  ) {
    return fail('invalid_input', 'nothing changed: a new version must differ from the last');
  }
  const at = edit.now.toISOString();
  const created = createApproval({
    id: edit.id,
    incidentId: target.incidentId,
    documentId: target.documentId,
    version: latest.version + 1,
    docType: target.docType,
    grade: edit.grade,
    title: edit.title,
    body: edit.body,
    payload: edit.payload,
    signer: edit.signer,
    submittedBy: edit.by,
    submittedAt: at,
  });
  const superseded: Approval | null =
    target.status === 'pending'
      ? {
          ...target,
          status: 'superseded',
          closure: { at, by: edit.by, reason: 'revised', supersededBy: created.id },
        }
      : null;
  return ok({ created, superseded });
}

/** The submitter takes a pending version back (a stale proposal, a mistake). */
export function withdrawApproval(
  approval: Approval,
  by: string,
  reason: string,
  now: Date,
): Outcome<Approval> {
  if (approval.status !== 'pending') {
    return fail('invalid_state', `version ${approval.version} is ${approval.status}, not pending`);
  }
  if (!reason.trim())
    return fail('invalid_input', 'say why it is withdrawn', [
      { path: 'reason', message: 'required' },
    ]);
  return ok({
    ...approval,
    status: 'withdrawn',
    closure: { at: now.toISOString(), by, reason: reason.trim(), supersededBy: null },
  });
}

// ---------------------------------------------------------------------------------------------
// Delegation and deciding

/**
 * A signer lets another leader sign for them for a while (e.g. the head away: 主持工作的副局长).
 * Only the signer named on an approval can be stood in for; a delegate cannot pass it on.
 */
export interface Delegation {
  id: string;
  fromUserId: string;
  toUserId: string;
  /** The kinds of document it covers; null: every kind. */
  docTypes: readonly DocumentType[] | null;
  /** ISO; active from (inclusive) until (exclusive; null: until revoked). */
  from: string;
  until: string | null;
  revokedAt: string | null;
  reason: string;
}

export function delegationProblems(d: Delegation): string[] {
  const out: string[] = [];
  if (d.fromUserId === d.toUserId) out.push('a person cannot delegate to themselves');
  if (Number.isNaN(Date.parse(d.from))) out.push('from is not a time');
  if (d.until !== null && !(Date.parse(d.until) > Date.parse(d.from)))
    out.push('until must be after from');
  if (!d.reason.trim()) out.push('a delegation needs a reason');
  if (d.docTypes !== null && d.docTypes.length === 0)
    out.push('cover at least one kind of document, or all');
  return out;
}

export function delegationActive(d: Delegation, now: Date, docType?: DocumentType): boolean {
  const t = now.getTime();
  if (Date.parse(d.from) > t) return false;
  if (d.until !== null && Date.parse(d.until) <= t) return false;
  if (d.revokedAt !== null && Date.parse(d.revokedAt) <= t) return false;
  return docType === undefined || d.docTypes === null || d.docTypes.includes(docType);
}

/** How a principal may decide an approval: as a signer, or for one under a delegation. */
export type DeciderStanding =
  | { ok: true; onBehalfOf: string | null; delegationId: string | null }
  | { ok: false; reason: string };

/**
 * Whether a principal may decide a pending approval, and as whom. Only an account with the
 * leader role signs; never the one who submitted the version (no one approves their own draft).
 */
export function deciderStanding(
  approval: Approval,
  p: Principal,
  delegations: readonly Delegation[],
  now: Date,
): DeciderStanding {
  if (p.kind !== 'user' || !p.roles.includes('leader'))
    return { ok: false, reason: 'only a leader signs documents' };
  if (p.id === approval.submittedBy)
    return { ok: false, reason: 'the person who submitted a document cannot decide it' };
  if (approval.signer.userIds.includes(p.id))
    return { ok: true, onBehalfOf: null, delegationId: null };
  for (const signer of approval.signer.userIds) {
    const d = delegations.find(
      (x) =>
        x.fromUserId === signer &&
        x.toUserId === p.id &&
        delegationProblems(x).length === 0 &&
        delegationActive(x, now, approval.docType),
    );
    if (d) return { ok: true, onBehalfOf: signer, delegationId: d.id };
  }
  return {
    ok: false,
    reason: `this ${DOCUMENT_TYPE_LABELS[approval.docType]} is for ${SIGNER_RULE_LABELS[approval.signer.rule]} to sign, and no delegation names you`,
  };
}

export const decisionInputSchema = z
  .object({
    decision: z.enum(DECISIONS),
    comment: z.string().trim().max(4000).default(''),
  })
  .strict();
export type DecisionInput = z.input<typeof decisionInputSchema>;

/**
 * The decision on a pending version. A rejection or a return needs a comment saying why.
 * A record that fails its hash check is never decided.
 */
export function decide(
  approval: Approval,
  input: DecisionInput,
  actor: Principal,
  now: Date,
  delegations: readonly Delegation[],
): Outcome<Approval> {
  const parsed = decisionInputSchema.safeParse(input);
  if (!parsed.success) {
    return fail(
      'invalid_input',
      'decision must be approve, reject or return, with a comment',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const { decision, comment } = parsed.data;
  const standing = deciderStanding(approval, actor, delegations, now);
  if (!standing.ok) return fail('forbidden', standing.reason);
  if (approvalProblems(approval).length) {
    return fail(
      'invalid_state',
      `version ${approval.version} fails its hash check: it was changed outside the rules`,
    );
  }
  if (approval.status !== 'pending') {
    return fail('invalid_state', `version ${approval.version} is already ${approval.status}`);
  }
  if (decision !== 'approve' && !comment) {
    return fail('invalid_input', `say why you ${decision} it`, [
      { path: 'comment', message: 'required to reject or return' },
    ]);
  }
  const d = {
    decision,
    comment,
    decidedBy: actor.id,
    onBehalfOf: standing.onBehalfOf,
    delegationId: standing.delegationId,
    decidedAt: now.toISOString(),
  };
  return ok({
    ...approval,
    status: STATUS_OF_DECISION[decision],
    decision: { ...d, sealHash: sealHashOf(approval.contentHash, d) },
  });
}

export interface InboxItem {
  approval: Approval;
  /** Set when the principal would sign for someone else. */
  onBehalfOf: string | null;
  delegationId: string | null;
}

/** What awaits this person: pending versions they may decide, oldest first. */
export function inbox(
  approvals: readonly Approval[],
  p: Principal,
  delegations: readonly Delegation[],
  now: Date,
): InboxItem[] {
  const out: InboxItem[] = [];
  for (const a of approvals) {
    if (a.status !== 'pending') continue;
    const s = deciderStanding(a, p, delegations, now);
    if (s.ok) out.push({ approval: a, onBehalfOf: s.onBehalfOf, delegationId: s.delegationId });
  }
  return out.sort(
    (x, y) =>
      Date.parse(x.approval.submittedAt) - Date.parse(y.approval.submittedAt) ||
      (x.approval.id < y.approval.id ? -1 : x.approval.id > y.approval.id ? 1 : 0),
  );
}
