// What the incident's documents say about release, read in the browser: a release plan's
// channels, talking points' content (as a statement would carry it), the plan in force, the
// talking points that may be published now, and the plain text a version is compared by. The
// server's own rules (src/domain/release-rules.ts) decide; these only choose what to offer.
import type { Approval, Incident } from '../../api/incidents.ts';
import {
  planOf,
  releaseContentOf,
  type ReleasePlan,
} from '../../../../src/publish/release-content.ts';
import { releaseHeading, releaseText } from '../../../../src/publish/release-text.ts';
import type { ReleaseChannel, ReleaseContent } from '../../../../src/publish/types.ts';

/** A release plan's channels (what is not a known channel is left out). */
export const planChannels = (a: Pick<Approval, 'payload'>): ReleaseChannel[] =>
  planOf(a.payload).channels;

/** A release plan's other parts. */
export function planParts(a: Pick<Approval, 'payload'>): Omit<ReleasePlan, 'channels'> {
  const { channels: _, ...parts } = planOf(a.payload);
  return parts;
}

/** Talking points as the statement would carry them (kind, title, body and parts). */
export const pointsContent = (a: Pick<Approval, 'title' | 'body' | 'payload'>): ReleaseContent =>
  releaseContentOf(a);

/** A version the server flags as changed outside the rules is never relied on. */
const sound = (a: Approval & { problems?: readonly string[] }) => !a.problems?.length;

/** The newest version of a document. */
function latestOf(approvals: readonly Approval[], documentId: string): Approval | null {
  let best: Approval | null = null;
  for (const a of approvals) {
    if (a.documentId === documentId && (!best || a.version > best.version)) best = a;
  }
  return best;
}

/**
 * The release plan in force: the newest approved plan of the incident's grade that is still
 * its document's latest version (as the server's planInForce).
 */
export function planInForce(
  approvals: readonly Approval[],
  grade: Incident['grade'],
): Approval | null {
  let best: Approval | null = null;
  const at = (a: Approval) => a.decision?.decidedAt ?? a.submittedAt;
  for (const a of approvals) {
    if (a.docType !== 'release_plan' || a.status !== 'approved' || a.grade !== grade) continue;
    if (!sound(a)) continue;
    if (latestOf(approvals, a.documentId)?.id !== a.id) continue;
    if (!best || at(a) > at(best)) best = a;
  }
  return best;
}

/**
 * Talking points that may be published: approved, their document's latest version, approved
 * at the incident's grade, and not published yet.
 */
export function publishablePoints(inc: Incident, approvals: readonly Approval[]): Approval[] {
  const published = new Set(inc.releases.map((r) => r.approvalId));
  return approvals.filter(
    (a) =>
      a.docType === 'talking_points' &&
      a.status === 'approved' &&
      a.grade === inc.grade &&
      sound(a) &&
      !published.has(a.id) &&
      latestOf(approvals, a.documentId)?.id === a.id,
  );
}

/** A statement's or a version's words as one plain text: the heading, then the text. */
export function contentText(c: ReleaseContent): string {
  return `${releaseHeading(c)}\n\n${releaseText(c)}`;
}

/** The talking-points documents of an incident, each with its versions, newest first. */
export function pointsDocuments(approvals: readonly Approval[]): Approval[][] {
  const docs = new Map<string, Approval[]>();
  for (const a of approvals) {
    if (a.docType !== 'talking_points') continue;
    docs.set(a.documentId, [...(docs.get(a.documentId) ?? []), a]);
  }
  return [...docs.values()]
    .map((versions) => [...versions].sort((x, y) => y.version - x.version))
    .sort((x, y) => (y[0]?.submittedAt ?? '').localeCompare(x[0]?.submittedAt ?? ''));
}
