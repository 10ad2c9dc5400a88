// The rules of the after-action review (总结评估, [P17]) over approved documents: the parts a
// review report carries besides its title and body, and which review is in force. Pure:
// incident-steps.ts applies them.
import type { Approval, JsonObject } from './approvals.ts';
import { currentApproval, latestVersion } from './approvals.ts';
import type { ReviewContent } from './review.ts';
import { fail, ok, type Outcome } from './rule-outcome.ts';

/** The review fields of a step (all optional: a revision keeps what it does not name). */
export interface ReviewFieldsInput {
  successes?: readonly string[] | undefined;
  problems?: readonly string[] | undefined;
  improvements?: readonly string[] | undefined;
}

export const REVIEW_FIELDS = ['successes', 'problems', 'improvements'] as const;

/** Refuses review fields on any other kind of document (400 at the field). */
export function foreignReviewFields(label: string, input: ReviewFieldsInput): Outcome<null> {
  for (const f of REVIEW_FIELDS) {
    if (input[f] !== undefined) {
      return fail('invalid_input', `a ${label} takes no ${f}`, [{ path: f, message: 'not taken' }]);
    }
  }
  return ok(null);
}

const tidy = (items: readonly string[]) => items.map((s) => s.trim()).filter((s) => s !== '');

/** A review report's parts from the step, keeping the previous version's where not given. */
export function reviewPayload(input: ReviewFieldsInput, previous: JsonObject | null): JsonObject {
  const before = previous ? reviewPartsOf(previous) : null;
  const pick = (k: (typeof REVIEW_FIELDS)[number]) => {
    const given = input[k];
    return given !== undefined ? tidy(given) : (before?.[k] ?? []);
  };
  return {
    successes: pick('successes'),
    problems: pick('problems'),
    improvements: pick('improvements'),
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The lists of a review version's payload (missing ones are empty). */
export function reviewPartsOf(payload: JsonObject): Omit<ReviewContent, 'body'> {
  return {
    successes: strings(payload.successes),
    problems: strings(payload.problems),
    improvements: strings(payload.improvements),
  };
}

/** A review version's content: its body and its lists. */
export function reviewContentOf(a: Approval): ReviewContent {
  return { body: a.body, ...reviewPartsOf(a.payload) };
}

/** The incident's review document: the latest version of its (only) review report, or null. */
export function latestReview(approvals: readonly Approval[], incidentId: string): Approval | null {
  const first = approvals.find((a) => a.incidentId === incidentId && a.docType === 'review_report');
  return first ? latestVersion(approvals, first.documentId) : null;
}

/** The approved review in force: the review's latest version, approved and sound; else null. */
export function reviewInForce(approvals: readonly Approval[], incidentId: string): Approval | null {
  const latest = latestReview(approvals, incidentId);
  if (!latest || latest.status !== 'approved') return null;
  return currentApproval(approvals, latest.id).ok ? latest : null;
}
