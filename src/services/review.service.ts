// The after-action review (总结评估, [P17]): the document generated from an incident's record
// with the office's assessment, as JSON for the page and as DOCX and HTML for Word/WPS and the
// browser; and the approved review the case library copies. Reading follows the incident's
// confidentiality (IncidentService.get audits a restricted read).
import type { Approval } from '../domain/approvals.ts';
import { reviewContentOf, reviewInForce, latestReview } from '../domain/review-rules.ts';
import type { ApprovedReview } from '../domain/review.ts';
import type { ReportDocument } from '../reports/document.ts';
import { renderDocx } from '../reports/docx-render.ts';
import { renderHtml } from '../reports/html-render.ts';
import { reviewDocument, type ReviewCurve } from '../reports/incident-review.ts';
import type { Actor, ServiceDeps } from './context.ts';
import type { IncidentService, IncidentView } from './incident.service.ts';
import type { ReleaseService } from './release.service.ts';

/** Hours either side of the first statement the review's curves cover. */
export const REVIEW_CURVE_HOURS = 24;

export interface ReviewStatus {
  /** The latest version of the review report, or null while the office has written none. */
  latest: {
    approvalId: string;
    version: number;
    status: Approval['status'];
    title: string;
    body: string;
    successes: string[];
    problems: string[];
    improvements: string[];
    submittedAt: string;
  } | null;
  /** The approved version in force (archiving needs it). */
  approvedApprovalId: string | null;
}

export interface ReviewView {
  incidentId: string;
  state: IncidentView['incident']['state'];
  review: ReviewStatus;
  document: ReportDocument;
}

export class ReviewService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly incidents: IncidentService,
    private readonly releases: ReleaseService,
  ) {}

  /** The review as it stands: generated from the record now, with the office's latest text. */
  async get(actor: Actor, incidentId: string): Promise<ReviewView> {
    const view = await this.incidents.get(actor, incidentId);
    const inc = view.incident;
    const latest = latestReview(view.approvals, inc.id);
    const inForce = reviewInForce(view.approvals, inc.id);
    return {
      incidentId: inc.id,
      state: inc.state,
      review: {
        latest: latest
          ? {
              approvalId: latest.id,
              version: latest.version,
              status: latest.status,
              title: latest.title,
              submittedAt: latest.submittedAt,
              ...reviewContentOf(latest),
            }
          : null,
        approvedApprovalId: inForce?.id ?? null,
      },
      document: await this.documentOf(view),
    };
  }

  async docx(actor: Actor, incidentId: string): Promise<{ name: string; bytes: Buffer }> {
    const { document } = await this.get(actor, incidentId);
    return { name: fileName(document, 'docx'), bytes: await renderDocx(document) };
  }

  async html(actor: Actor, incidentId: string): Promise<{ name: string; html: string }> {
    const { document } = await this.get(actor, incidentId);
    return { name: fileName(document, 'html'), html: await renderHtml(document) };
  }

  /** The approved review in force, for the case library; null when there is none. */
  async approved(actor: Actor, incidentId: string): Promise<ApprovedReview | null> {
    const view = await this.incidents.get(actor, incidentId);
    const inc = view.incident;
    const a = reviewInForce(view.approvals, inc.id);
    if (!a?.decision) return null;
    return {
      incidentId: inc.id,
      incidentTitle: inc.title,
      grade: inc.grade,
      confidentiality: inc.confidentiality.level,
      openedAt: inc.openedAt,
      terminatedAt: inc.response.terminatedAt,
      title: a.title,
      approvalId: a.id,
      version: a.version,
      approvedAt: a.decision.decidedAt,
      ...reviewContentOf(a),
    };
  }

  private async documentOf(view: IncidentView): Promise<ReportDocument> {
    const inc = view.incident;
    const first = [...inc.releases].sort((a, b) => a.at.localeCompare(b.at))[0] ?? null;
    let curves: ReviewCurve[] = [];
    if (first) {
      // Whoever may read the incident reads its curves (IncidentService.get checked that).
      const effect = await this.releases.effectForIncidentReader(
        first,
        inc.eventIds,
        REVIEW_CURVE_HOURS,
      );
      curves = effect.events.map((e) => ({
        eventId: e.eventId,
        title: e.title,
        series: e.series,
        before: e.before,
        after: e.after,
      }));
    }
    const db = this.deps.store.db;
    const units = await db
      .selectFrom('units')
      .select(['id', 'name', 'kind', 'sort_order'])
      .execute();
    const root = [...units]
      .filter((u) => u.kind === 'bureau')
      .sort((a, b) => a.sort_order - b.sort_order)[0];
    return reviewDocument({
      incident: inc,
      timeline: view.timeline,
      clocks: view.clocks,
      approvals: view.approvals,
      people: view.people,
      units: Object.fromEntries(units.map((u) => [u.id, u.name])),
      statementAt: first?.at ?? null,
      curves,
      issuer: `${root?.name ?? ''}网络舆情处置工作领导小组办公室`,
      generatedAt: this.deps.now().toISOString(),
    });
  }
}

/** A download name: the title's characters that file systems accept, and the extension. */
function fileName(doc: ReportDocument, ext: 'docx' | 'html'): string {
  const base = doc.title.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 60) || 'review';
  return `${base}.${ext}`;
}
