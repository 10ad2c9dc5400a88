// Informant reports (报送).
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import { idParams, listQuery, page, reportBody, reportSchema } from '../schemas.ts';

export function registerReportRoutes(route: Router, s: Services): void {
  const tag = 'reports';
  route(
    {
      method: 'POST',
      url: '/api/v1/reports',
      summary: 'Report what you saw (any member of staff): link, text, note, a screenshot or file',
      tag,
      access: 'signed-in',
      body: reportBody,
      bodyLimit: 8 * 1024 * 1024,
      status: 201,
      response: reportSchema,
    },
    async ({ actor, body }) => s.reports.create(actor, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/reports',
      summary: 'Reports: your own (mine=1), or all in your scope (admin, leader, office)',
      tag,
      access: 'signed-in',
      query: listQuery.extend({
        mine: z
          .enum(['0', '1'])
          .default('1')
          .transform((v) => v === '1'),
      }),
      response: page(reportSchema),
    },
    async ({ actor, query }) => s.reports.list(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/reports/:id/attachment',
      summary: 'The file attached to a report',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params, reply }) => {
      const file = await s.reports.attachment(actor, params.id);
      void reply
        .type(file.type)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        );
      return file.data;
    },
  );
}
