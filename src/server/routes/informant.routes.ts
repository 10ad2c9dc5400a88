// The informant network's assessment ([P4], [P16]): the review (审核) of each report, the queue
// of reports waiting for it, the ranking by unit and person per month or quarter, the notice
// (报送及采用情况通报) as DOCX or HTML, support records (保障记录) and the scoring settings.
import { z } from 'zod';
import { htmlReportHeaders } from '../../reports/html-render.ts';
import type { Router, Services } from '../app.ts';
import {
  assessmentQuery,
  assessmentSchema,
  networkSchema,
  noticeQuery,
  rankingQuery,
  rankingSchema,
  reportReviewSchema,
  reviewBody,
  reviewHistorySchema,
  scoringSettingsSchema,
  supportBody,
  supportListSchema,
  supportQuery,
  supportSchema,
  voidBody,
} from '../informant-schemas.ts';
import { idParams, page } from '../schemas.ts';

const tag = 'informants';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerInformantRoutes(route: Router, s: Services): void {
  route(
    {
      method: 'POST',
      url: '/api/v1/reports/:id/review',
      summary:
        'Review a report (office, admin; in scope): adopted at a level, not adopted with the reason, or already found by the machine. A second review changes it (a new version; history kept)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: reviewBody,
      status: 201,
      response: reportReviewSchema,
    },
    async ({ actor, params, body }) => s.informants.review(actor, params.id, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/reports/:id/reviews',
      summary:
        'Every version of a report’s review, oldest first (its reporter, or readers of all reports)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: reviewHistorySchema,
    },
    async ({ actor, params }) => s.informants.history(actor, params.id),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/assessments',
      summary:
        'Reports with their review: status=pending is the queue (oldest first, with its age and the lead over the machine), status=reviewed the reviewed ones',
      tag,
      access: 'signed-in',
      query: assessmentQuery,
      response: page(assessmentSchema),
    },
    async ({ actor, query }) => s.informants.assessments(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/ranking',
      summary:
        'Ranking of a month (2026-11), quarter (2026-Q4) or year by unit or person: reports, adopted, adoption rate, firsts, points, rank',
      tag,
      access: 'signed-in',
      query: rankingQuery,
      response: rankingSchema,
    },
    async ({ actor, query }) => s.informants.ranking(actor, query.period, query.by),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/notice',
      summary:
        'The notice of reports and adoptions (报送及采用情况通报) of a month or quarter, as DOCX or one HTML page',
      tag,
      access: 'signed-in',
      query: noticeQuery.extend({ download: z.enum(['0', '1']).default('0') }),
    },
    async ({ actor, query, reply }) => {
      const file = await s.informants.noticeFile(actor, query.period, query.format);
      if (file.docx) {
        void reply.type(DOCX_TYPE).header('content-disposition', attachment(file.name));
        return file.docx;
      }
      const html = file.html ?? '';
      for (const [k, v] of Object.entries(htmlReportHeaders(html))) void reply.header(k, v);
      if (query.download === '1') void reply.header('content-disposition', attachment(file.name));
      return html;
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/network',
      summary: 'The informants in post (one per unit) in your scope',
      tag,
      access: 'signed-in',
      response: networkSchema,
    },
    async ({ actor }) => s.informants.network(actor),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/support',
      summary:
        'Support records (duty allowance, equipment, data plan, training) with totals per person, unit and period: the office, admin and leaders in their scope; anyone else their own',
      tag,
      access: 'signed-in',
      query: supportQuery,
      response: supportListSchema,
    },
    async ({ actor, query }) => s.informants.support(actor, query),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/informants/support',
      summary:
        'Record support for a person (office, admin; in scope): money in yuan, training in hours',
      tag,
      access: 'signed-in',
      body: supportBody,
      status: 201,
      response: supportSchema,
    },
    async ({ actor, body }) => s.informants.addSupport(actor, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/informants/support/:id/void',
      summary: 'Void a wrong support record with the reason (kept, no longer counted)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: voidBody,
      response: supportSchema,
    },
    async ({ actor, params, body }) => s.informants.voidSupport(actor, params.id, body.reason),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/informants/scoring-settings',
      summary: 'The scoring rules: points per adopted report, per level, per lead-time band',
      tag,
      access: 'signed-in',
      response: scoringSettingsSchema,
    },
    async ({ actor }) => s.informants.getScoringSettings(actor),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/informants/scoring-settings',
      summary: 'Replace the scoring rules (office, admin; provincial staff; audited)',
      tag,
      access: 'signed-in',
      body: scoringSettingsSchema,
      response: scoringSettingsSchema,
    },
    async ({ actor, body }) => s.informants.putScoringSettings(actor, body),
  );
}
