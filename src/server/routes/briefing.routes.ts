// Briefings (简报): the list, generating one now, one briefing with its document, its DOCX and
// HTML renderings (of the stored document), and the schedule with its subscribers. Who may
// read and make which is the briefing service's (province-wide: office, leadership, admins;
// a city bureau's staff: their bureau's; informants: none).
import { z } from 'zod';
import { htmlReportHeaders } from '../../reports/html-render.ts';
import type { Router, Services } from '../app.ts';
import {
  briefingDetailSchema,
  briefingListQuery,
  briefingPageSchema,
  briefingSettingsViewSchema,
  generateBriefingBody,
} from '../briefing-schemas.ts';
import { idParams } from '../schemas.ts';

const tag = 'briefings';

const disposition = (kind: 'attachment' | 'inline', name: string) =>
  `${kind}; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerBriefingRoutes(route: Router, s: Services): void {
  route(
    {
      method: 'GET',
      url: '/api/v1/briefings',
      summary: 'Briefings (日报/周报/月报/专报) you may read, newest first',
      tag,
      access: 'signed-in',
      query: briefingListQuery,
      response: briefingPageSchema,
    },
    async ({ actor, query }) => s.briefings.list(actor, query),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/briefings',
      summary:
        'Generate a briefing now: {kind: daily|weekly|monthly, date} or {kind: special, incidentId | eventId}; unitId for a city bureau’s own',
      tag,
      access: 'signed-in',
      body: generateBriefingBody,
      status: 201,
      response: briefingDetailSchema,
    },
    async ({ actor, body }) => s.briefings.generate(actor, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/briefings/settings',
      summary: 'The briefing schedule, its subscribers and e-mail channel, and the latest runs',
      tag,
      access: 'signed-in',
      response: briefingSettingsViewSchema,
    },
    async ({ actor }) => s.briefings.getSettings(actor),
  );

  route(
    {
      method: 'PUT',
      url: '/api/v1/briefings/settings',
      summary: 'Replace the briefing schedule and subscribers (null: the defaults)',
      tag,
      access: 'signed-in',
      // The service validates (null: the defaults again), naming each field in error.
      body: z.unknown(),
      response: briefingSettingsViewSchema,
    },
    async ({ actor, body }) => s.briefings.putSettings(actor, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/briefings/:id',
      summary: 'One briefing with its document (and its e-mail deliveries, for those who manage)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: briefingDetailSchema,
    },
    async ({ actor, params }) => s.briefings.get(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/briefings/:id/docx',
      summary: 'The briefing as a Word file (DOCX), rendered from the stored document',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params, reply }) => {
      const file = await s.briefings.docx(actor, params.id);
      void reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', disposition('attachment', file.name));
      return file.data;
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/briefings/:id/html',
      summary: 'The briefing as one HTML page (no scripts), rendered from the stored document',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params, reply }) => {
      const page = await s.briefings.html(actor, params.id);
      void reply
        .headers(htmlReportHeaders(page.html))
        .header('content-disposition', disposition('inline', page.name));
      return page.html;
    },
  );
}
