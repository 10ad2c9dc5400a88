// The case library (典型案例, [P17]): search and read (every member of staff but informants),
// write, attach and withdraw (the office).
import type { Router, Services } from '../app.ts';
import {
  caseAttachmentParams,
  caseAttachmentSchema,
  caseCreateBody,
  caseDetailQuery,
  caseDetailSchema,
  caseFileBody,
  caseListQuery,
  caseListSchema,
  casePatchBody,
  caseTagsQuery,
  caseTagsSchema,
  caseWithdrawBody,
} from '../case-schemas.ts';
import { idParams } from '../schemas.ts';

export function registerCaseRoutes(route: Router, s: Services): void {
  const tag = 'cases';
  route(
    {
      method: 'GET',
      url: '/api/v1/cases',
      summary:
        'Cases: found by full-text search in Chinese (ranked, matches marked) or newest first; by tag, kind and incident grade',
      tag,
      access: 'signed-in',
      query: caseListQuery,
      response: caseListSchema,
    },
    async ({ actor, query }) => s.cases.search(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/tags',
      summary: 'The tags in use, most used first (suggestions)',
      tag,
      access: 'signed-in',
      query: caseTagsQuery,
      response: caseTagsSchema,
    },
    async ({ actor, query }) => s.cases.tags(actor, query),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases',
      summary:
        'A new case (the office): by hand, or {fromIncident} copying its approved review; a secret incident needs a declassification with a reason (else 409)',
      tag,
      access: 'signed-in',
      body: caseCreateBody,
      status: 201,
      response: caseDetailSchema,
    },
    async ({ actor, body }) => s.cases.create(actor, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id',
      summary: 'One case with its attachments and every version of its text',
      tag,
      access: 'signed-in',
      params: idParams,
      query: caseDetailQuery,
      response: caseDetailSchema,
    },
    async ({ actor, params, query }) => s.cases.get(actor, params.id, query.q),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/cases/:id',
      summary: 'Edit a case (the office): a new version; the earlier texts stay',
      tag,
      access: 'signed-in',
      params: idParams,
      body: casePatchBody,
      response: caseDetailSchema,
    },
    async ({ actor, params, body }) => s.cases.update(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/withdraw',
      summary: 'Withdraw a case (the office): gone from search and lists, kept with the reason',
      tag,
      access: 'signed-in',
      params: idParams,
      body: caseWithdrawBody,
      response: caseDetailSchema,
    },
    async ({ actor, params, body }) => s.cases.withdraw(actor, params.id, body.reason),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/attachments',
      summary:
        'Attach an image or document (PNG, JPEG, WebP, GIF, PDF, DOCX, XLSX; at most 10 MiB; base64), checked against its type',
      tag,
      access: 'signed-in',
      params: idParams,
      body: caseFileBody,
      bodyLimit: 15 * 1024 * 1024,
      status: 201,
      response: caseAttachmentSchema,
    },
    async ({ actor, params, body }) => s.cases.attach(actor, params.id, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/attachments/:attId',
      summary: 'An attachment, with its stored type, as a download',
      tag,
      access: 'signed-in',
      params: caseAttachmentParams,
    },
    async ({ actor, params, reply }) => {
      const file = await s.cases.attachment(actor, params.id, params.attId);
      void reply
        .type(file.type)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        );
      return file.data;
    },
  );
}
