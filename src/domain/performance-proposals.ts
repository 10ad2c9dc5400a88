// Commendation and accountability proposals (表彰/问责建议, [P17]): the office proposes one for a
// person, tied to an incident or not, with its reasons and the facts it cites; the leadership
// group (its head or a deputy head, the `leadership_group` signer rule of approvals.ts) approves,
// rejects or returns it with a comment. Like an incident's documents, each version is sealed:
// its content hash (SHA-256 of canonical JSON) is fixed at submission, a decision adds a seal
// hash over the content hash and the decision; an edit is a new version, nothing is deleted.
// Pure (hashing with node:crypto is computation): the service stores what these rules answer.
import { z } from 'zod';
import type { Principal } from './access.ts';
import {
  canonicalJson,
  DECISIONS,
  hashJson,
  resolveSigners,
  type Decision,
  type LeadershipGroup,
  type SignerRule,
} from './approvals.ts';
import { fail, ok, type Outcome } from './rule-outcome.ts';

export const PROPOSAL_KINDS = ['commendation', 'accountability'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  commendation: '表彰建议',
  accountability: '问责建议',
};

export const PROPOSAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'returned',
  'superseded',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '不同意',
  returned: '退回修改',
  superseded: '已被新版本替代',
};

/** Final decisions: the person concerned may read the proposal from then on. */
export const DECIDED: readonly ProposalStatus[] = ['approved', 'rejected'];

/** Who signs a proposal: the group's head or any deputy head ([P2]; as approvals.ts defines). */
export const PROPOSAL_SIGNER_RULE: SignerRule = 'leadership_group';

const id = z.string().trim().min(1).max(128);

/** `POST /api/v1/performance/proposals`. */
export const proposalInputSchema = z
  .object({
    kind: z.enum(PROPOSAL_KINDS),
    /** The person concerned (a person id as the performance list gives it). */
    personId: id,
    /** The incident it concerns; null or absent: not tied to one. */
    incidentId: id.nullable().optional(),
    /** The assessment year (年度考核) it goes to. */
    year: z.number().int().min(2000).max(2100),
    reasons: z.string().trim().min(2).max(10_000),
    /** Refs of the person's facts (GET /api/v1/performance/people/:personId), cited as they read. */
    factRefs: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
    /** The latest version's id: this submission is its next version (an edit). */
    revises: id.optional(),
  })
  .strict();
export type ProposalInput = z.output<typeof proposalInputSchema>;

export const proposalDecisionSchema = z
  .object({
    decision: z.enum(DECISIONS),
    comment: z.string().trim().max(4000).default(''),
  })
  .strict();
export type ProposalDecisionInput = z.input<typeof proposalDecisionSchema>;

export interface CitedFact {
  ref: string;
  /** The fact as it read when cited (sealed with the proposal). */
  text: string;
}

/** Everything submitted in one version: what the content hash covers. */
export interface ProposalContent {
  id: string;
  /** All versions of a proposal share it. */
  documentId: string;
  version: number;
  kind: ProposalKind;
  personId: string;
  personName: string;
  unitId: string | null;
  incidentId: string | null;
  incidentTitle: string | null;
  year: number;
  reasons: string;
  facts: CitedFact[];
  /** Who may decide, resolved when submitted. */
  signer: { rule: SignerRule; userIds: string[] };
  submittedBy: string;
  submittedAt: string;
}

export interface ProposalDecision {
  decision: Decision;
  comment: string;
  decidedBy: string;
  decidedAt: string;
  /** SHA-256 over the content hash and this decision. */
  sealHash: string;
}

export interface Proposal extends ProposalContent {
  contentHash: string;
  status: ProposalStatus;
  decision: ProposalDecision | null;
  /** Superseded: when, by whom, by which version. */
  closure: { at: string; by: string; supersededBy: string } | null;
}

const STATUS_OF: Record<Decision, ProposalStatus> = {
  approve: 'approved',
  reject: 'rejected',
  return: 'returned',
};

export function proposalContentHash(c: ProposalContent): string {
  return hashJson({
    id: c.id,
    documentId: c.documentId,
    version: c.version,
    kind: c.kind,
    personId: c.personId,
    personName: c.personName,
    unitId: c.unitId,
    incidentId: c.incidentId,
    incidentTitle: c.incidentTitle,
    year: c.year,
    reasons: c.reasons,
    facts: c.facts.map((f) => ({ ref: f.ref, text: f.text })),
    signer: { rule: c.signer.rule, userIds: c.signer.userIds },
    submittedBy: c.submittedBy,
    submittedAt: c.submittedAt,
  });
}

function sealOf(contentHash: string, d: Omit<ProposalDecision, 'sealHash'>): string {
  return hashJson({
    contentHash,
    decision: d.decision,
    comment: d.comment,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
  });
}

/** The signers of a proposal now: the group's head and deputy heads. */
export function proposalSigners(group: LeadershipGroup): string[] {
  return resolveSigners(PROPOSAL_SIGNER_RULE, group, null);
}

/** A pending version, sealed by its content hash. */
export function createProposal(content: ProposalContent): Proposal {
  const c: ProposalContent = {
    ...content,
    facts: content.facts.map((f) => ({ ref: f.ref, text: f.text })),
    signer: { rule: content.signer.rule, userIds: [...content.signer.userIds] },
  };
  return {
    ...c,
    contentHash: proposalContentHash(c),
    status: 'pending',
    decision: null,
    closure: null,
  };
}

/** What does not fit in a stored version (an edit outside these rules). Empty: sound. */
export function proposalProblems(p: Proposal): string[] {
  const out: string[] = [];
  if (proposalContentHash(p) !== p.contentHash) out.push('content does not match its content hash');
  const decided = p.status === 'approved' || p.status === 'rejected' || p.status === 'returned';
  if (decided) {
    if (!p.decision) out.push(`status ${p.status} without a decision`);
    else {
      if (STATUS_OF[p.decision.decision] !== p.status)
        out.push(`status ${p.status} does not fit the decision ${p.decision.decision}`);
      if (sealOf(p.contentHash, p.decision) !== p.decision.sealHash)
        out.push('decision does not match its seal hash');
    }
  } else if (p.decision) out.push(`status ${p.status} with a decision`);
  if ((p.status === 'superseded') !== (p.closure !== null))
    out.push(`status ${p.status} does not fit its closure`);
  return out;
}

/**
 * Whether a store may replace `before` with `after`: only a pending version changes, by a
 * decision or by being superseded, never in its content. A decided version never changes.
 */
export function proposalUpdateProblem(before: Proposal, after: Proposal): string | null {
  if (before.id !== after.id) return 'an update cannot change the id';
  if (before.status !== 'pending')
    return canonicalJson(before) === canonicalJson(after)
      ? null
      : `version ${before.version} is ${before.status} and cannot change`;
  if (after.contentHash !== before.contentHash || proposalContentHash(after) !== before.contentHash)
    return 'the content of a submitted version cannot change: submit a new version';
  return proposalProblems(after)[0] ?? null;
}

/** The newest version of a proposal among the records. */
export function latestProposal(all: readonly Proposal[], documentId: string): Proposal | null {
  let best: Proposal | null = null;
  for (const p of all)
    if (p.documentId === documentId && (!best || p.version > best.version)) best = p;
  return best;
}

/**
 * The next version of a proposal: its latest version must be pending (superseded now) or
 * returned; an approved or rejected proposal ends there (propose anew). The person concerned
 * stays the same.
 */
export function reviseProposal(
  versions: readonly Proposal[],
  targetId: string,
  next: Omit<ProposalContent, 'documentId' | 'version'>,
): Outcome<{ created: Proposal; superseded: Proposal | null }> {
  const target = versions.find((p) => p.id === targetId);
  if (!target)
    return fail('invalid_input', `proposal ${targetId} not found`, [
      { path: 'body.revises', message: 'not found' },
    ]);
  const latest = latestProposal(versions, target.documentId) ?? target;
  if (latest.id !== target.id)
    return fail(
      'invalid_state',
      `revise the latest version (${latest.version}), not ${target.version}`,
    );
  if (target.status !== 'pending' && target.status !== 'returned')
    return fail(
      'invalid_state',
      `version ${target.version} is ${target.status}: this proposal ends here, propose anew`,
    );
  if (next.personId !== target.personId)
    return fail('invalid_input', 'a new version concerns the same person', [
      { path: 'body.personId', message: 'differs from the proposal revised' },
    ]);
  if (
    next.kind === target.kind &&
    next.reasons === target.reasons &&
    next.incidentId === target.incidentId &&
    next.year === target.year &&
    canonicalJson(next.facts) === canonicalJson(target.facts)
  )
    return fail('invalid_input', 'nothing changed: a new version must differ from the last', [
      { path: 'body.reasons', message: 'unchanged' },
    ]);
  const created = createProposal({
    ...next,
    documentId: target.documentId,
    version: latest.version + 1,
  });
  const superseded: Proposal | null =
    target.status === 'pending'
      ? {
          ...target,
          status: 'superseded',
          closure: { at: next.submittedAt, by: next.submittedBy, supersededBy: created.id },
        }
      : null;
  return ok({ created, superseded });
}

/**
 * The group's decision on a pending version. Only a leader named as its signer decides; never
 * the person concerned (`subjectUserIds`: their accounts), never its submitter. A rejection or
 * a return says why. A version that fails its hash check is never decided.
 */
export function decideProposal(
  p: Proposal,
  input: ProposalDecisionInput,
  actor: Principal,
  subjectUserIds: readonly string[],
  now: Date,
): Outcome<Proposal> {
  const parsed = proposalDecisionSchema.safeParse(input);
  if (!parsed.success)
    return fail(
      'invalid_input',
      'decision must be approve, reject or return, with a comment',
      parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })),
    );
  const { decision, comment } = parsed.data;
  if (actor.kind !== 'user' || !actor.roles.includes('leader'))
    return fail('forbidden', 'the leadership group (its head or a deputy head) decides a proposal');
  if (subjectUserIds.includes(actor.id))
    return fail('forbidden', 'no one decides a proposal about themselves');
  if (actor.id === p.submittedBy)
    return fail('forbidden', 'the person who submitted a proposal cannot decide it');
  if (!p.signer.userIds.includes(actor.id))
    return fail(
      'forbidden',
      'this proposal is for the leadership group’s head or a deputy head to decide',
    );
  if (proposalProblems(p).length)
    return fail(
      'invalid_state',
      `version ${p.version} fails its hash check: it was changed outside the rules`,
    );
  if (p.status !== 'pending')
    return fail('invalid_state', `version ${p.version} is already ${p.status}`);
  if (decision !== 'approve' && !comment)
    return fail('invalid_input', `say why you ${decision} it`, [
      { path: 'body.comment', message: 'required to reject or return' },
    ]);
  const d = { decision, comment, decidedBy: actor.id, decidedAt: now.toISOString() };
  return ok({
    ...p,
    status: STATUS_OF[decision],
    decision: { ...d, sealHash: sealOf(p.contentHash, d) },
  });
}

/** How much of the performance record a reader sees. */
export type PerformanceScope = { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'own' };

/**
 * admin, the office and leaders province-wide: everyone; division staff and city bureaus'
 * staff: their unit; everyone else (informants, viewers, investigators): themselves.
 */
export function performanceScope(p: Principal): PerformanceScope | null {
  if (p.kind !== 'user') return null;
  const broad = p.roles.some((r) => r === 'admin' || r === 'office' || r === 'leader');
  if (broad && p.scope.kind === 'province') return { kind: 'all' };
  if (broad || p.roles.includes('division')) return { kind: 'unit', unitId: p.unitId };
  return { kind: 'own' };
}

/**
 * Whether a reader sees a proposal: all of them with the `all` scope; a signer the pending ones
 * asked of them; once decided (approved or rejected), the person concerned and their unit's staff.
 */
export function canReadProposal(
  p: Proposal,
  reader: { scope: PerformanceScope; personId: string; userId: string },
): boolean {
  if (reader.scope.kind === 'all') return true;
  if (p.status === 'pending' && p.signer.userIds.includes(reader.userId)) return true;
  if (!DECIDED.includes(p.status)) return false;
  if (p.personId === reader.personId) return true;
  return reader.scope.kind === 'unit' && p.unitId === reader.scope.unitId;
}
