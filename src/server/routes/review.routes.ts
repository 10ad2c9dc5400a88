// The after-action review (总结评估, [P17]) of an incident: the document generated from its record
// with the office's assessment, as JSON (the page), DOCX (Word/WPS) and HTML (browser, print).
// Writing and approving the review report are incident steps (submit_document with docType
// review_report, then POST /api/v1/approvals/{id}/decision); archiving needs the approval.
import { z } from 'zod';
import { htmlReportHeaders } from '../../reports/html-render.ts';
import type { ReviewView } from '../../services/review.service.ts';
import type { Router, Services } from '../app.ts';
import { idParams } from '../schemas.ts';

const tag = 'incidents';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const reviewSchema = z.looseObject({
  incidentId: z.string(),
  state: z.string(),
  review: z.looseObject({
    latest: z.looseObject({ approvalId: z.string(), version: z.number() }).nullable(),
    approvedApprovalId: z.string().nullable(),
  }),
  document: z.looseObject({
    title: z.string(),
    blocks: z.array(z.looseObject({ kind: z.string() })),
  }),
}) as unknown as z.ZodType<ReviewView>;

export function registerReviewRoutes(route: Router, s: Services): void {
  route(
    {
      method: 'GET',
      url: '/api/v1/incidents/:id/review',
      summary:
        'The after-action review: generated from the record (clocks, reports, statements and curves, tasks) with the office’s assessment',
      tag,
      access: 'signed-in',
      params: idParams,
      response: reviewSchema,
    },
    async ({ actor, params }) => s.reviews.get(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/incidents/:id/review.docx',
      summary: 'The after-action review as a Word document (DOCX)',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params, reply }) => {
      const file = await s.reviews.docx(actor, params.id);
      void reply.type(DOCX_TYPE).header('content-disposition', attachment(file.name));
      return file.bytes;
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/incidents/:id/review.html',
      summary: 'The after-action review as one HTML page (charts as SVG; prints on A4)',
      tag,
      access: 'signed-in',
      params: idParams,
      query: z.object({ download: z.enum(['0', '1']).default('0') }),
    },
    async ({ actor, params, query, reply }) => {
      const file = await s.reviews.html(actor, params.id);
      for (const [k, v] of Object.entries(htmlReportHeaders(file.html))) void reply.header(k, v);
      if (query.download === '1') void reply.header('content-disposition', attachment(file.name));
      return file.html;
    },
  );
}
