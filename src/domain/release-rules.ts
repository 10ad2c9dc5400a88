// The rules of official information release ([P9], [P14]) over approved documents: what a
// release plan (信息发布方案) and talking points (口径) carry besides their title and body, which
// plan is in force, and the content a statement publishes, copied from the approved version.
// Pure: incident-steps.ts applies them.
import type { Approval, JsonObject } from './approvals.ts';
import { currentApproval, latestVersion } from './approvals.ts';
import type { Grade } from './grading.ts';
import { fail, ok, type Outcome } from './rule-outcome.ts';
import { planOf, releaseContentOf, type ReleasePlan } from '../publish/release-content.ts';
import { type QaPair, type ReleaseChannel, type TalkingPointKind } from '../publish/types.ts';

export { planOf, releaseContentOf, type ReleasePlan };

/** The fields a release plan or talking points may carry, as a step gives them (all optional). */
export interface ReleaseFieldsInput {
  channels?: readonly ReleaseChannel[] | undefined;
  aim?: string | undefined;
  audience?: string | undefined;
  timing?: string | undefined;
  spokesperson?: string | undefined;
  pointsKind?: TalkingPointKind | undefined;
  qa?: readonly QaPair[] | undefined;
  claim?: string | undefined;
  facts?: string | undefined;
  factSource?: string | undefined;
}

const PLAN_FIELDS = ['channels', 'aim', 'audience', 'timing', 'spokesperson'] as const;
const POINTS_FIELDS = ['pointsKind', 'qa', 'claim', 'facts', 'factSource'] as const;
const ALL_FIELDS = [...PLAN_FIELDS, ...POINTS_FIELDS] as const;

const notTaken = (what: string, path: string) =>
  fail('invalid_input', `${what} takes no ${path}`, [{ path, message: 'not taken' }]);
const required = (message: string, path: string) =>
  fail('invalid_input', message, [{ path, message: 'required' }]);

/** Refuses fields that belong to the other kind of document. */
export function foreignFields(
  docType: string,
  label: string,
  input: ReleaseFieldsInput,
): Outcome<null> {
  const allowed: readonly string[] =
    docType === 'release_plan' ? PLAN_FIELDS : docType === 'talking_points' ? POINTS_FIELDS : [];
  for (const f of ALL_FIELDS) {
    if (input[f] !== undefined && !allowed.includes(f)) return notTaken(`a ${label}`, f);
  }
  return ok(null);
}

/** A plan's payload from the step's fields, keeping the previous version's where not given. */
export function planPayload(
  input: ReleaseFieldsInput,
  previous: JsonObject | null,
): Outcome<JsonObject> {
  const before = previous ? planOf(previous) : null;
  const channels = input.channels ? [...new Set(input.channels)] : (before?.channels ?? []);
  if (!channels.length) return required('a release plan names its channels', 'channels');
  const pick = (k: 'aim' | 'audience' | 'timing' | 'spokesperson') =>
    input[k] ?? before?.[k] ?? null;
  return ok({
    channels,
    aim: pick('aim'),
    audience: pick('audience'),
    timing: pick('timing'),
    spokesperson: pick('spokesperson'),
  });
}

/**
 * Talking points' payload: a statement is text only; a Q&A (答问) has at least one pair; a
 * clarification (辟谣) states the claim, the facts and where the facts come from, and may add
 * Q&A pairs. Fields not given keep the previous version's.
 */
export function pointsPayload(
  input: ReleaseFieldsInput,
  previous: JsonObject | null,
): Outcome<JsonObject> {
  const before = previous ? releaseContentOf({ title: '', body: '', payload: previous }) : null;
  const kind = input.pointsKind ?? before?.kind ?? 'statement';
  // A part the new kind does not take is not carried over from the previous version (a
  // clarification revised into a statement drops its claim, facts and source).
  const keep = <T>(v: T | undefined, takes: boolean): T | null => (takes ? (v ?? null) : null);
  const isClar = kind === 'clarification';
  const qa = input.qa
    ? input.qa.map((p) => ({ ...p }))
    : (keep(before?.qa, kind !== 'statement') ?? []);
  const claim = input.claim ?? keep(before?.claim, isClar);
  const facts = input.facts ?? keep(before?.facts, isClar);
  const factSource = input.factSource ?? keep(before?.factSource, isClar);
  if (kind === 'qa' && !qa.length) return required('a Q&A (答问) has at least one question', 'qa');
  if (kind === 'statement' && qa.length) return notTaken('a statement (声明)', 'qa');
  if (kind === 'clarification') {
    if (!claim) return required('a clarification (辟谣) states the claim it answers', 'claim');
    if (!facts) return required('a clarification (辟谣) states the facts', 'facts');
    if (!factSource)
      return required('a clarification (辟谣) names the source of its facts', 'factSource');
  } else {
    for (const [k, v] of [
      ['claim', claim],
      ['facts', facts],
      ['factSource', factSource],
    ] as const) {
      if (v !== null) return notTaken(kind === 'qa' ? 'a Q&A (答问)' : 'a statement (声明)', k);
    }
  }
  return ok({
    kind,
    qa: qa.map((p) => ({ question: p.question, answer: p.answer })),
    claim,
    facts,
    factSource,
  });
}

/**
 * The release plan in force for an incident of this grade: the newest approved plan whose
 * latest version is that approved one and whose grade is the incident's. Null when none is.
 */
export function planInForce(approvals: readonly Approval[], grade: Grade | null): Approval | null {
  let best: Approval | null = null;
  for (const a of approvals) {
    if (a.docType !== 'release_plan' || a.status !== 'approved' || a.grade !== grade) continue;
    if (latestVersion(approvals, a.documentId)?.id !== a.id) continue;
    if (!currentApproval(approvals, a.id).ok) continue;
    const at = a.decision?.decidedAt ?? a.submittedAt;
    const bestAt = best ? (best.decision?.decidedAt ?? best.submittedAt) : '';
    if (!best || at > bestAt) best = a;
  }
  return best;
}
