// Mentions (信息流) and the quarantine of rejected input.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import {
  idParams,
  mentionQuery,
  mentionSchema,
  page,
  quarantineSchema,
  reprocessResultSchema,
} from '../schemas.ts';

export function registerMentionRoutes(route: Router, s: Services): void {
  route(
    {
      method: 'GET',
      url: '/api/v1/mentions',
      summary: 'Mentions, newest first (q: text search, simplified/traditional-insensitive)',
      tag: 'mentions',
      access: 'signed-in',
      query: mentionQuery,
      response: page(mentionSchema),
    },
    async ({ actor, query }) => s.mentions.list(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/mentions/:id',
      summary: 'One mention',
      tag: 'mentions',
      access: 'signed-in',
      params: idParams,
      response: mentionSchema,
    },
    async ({ actor, params }) => s.mentions.get(actor, params.id),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/quarantine',
      summary: 'Rejected input with its reasons (admin, office)',
      tag: 'ingest',
      access: 'signed-in',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        open_only: z
          .enum(['0', '1'])
          .default('1')
          .transform((v) => v === '1'),
      }),
      response: page(quarantineSchema),
    },
    async ({ actor, query }) => ({
      items: (await s.mentions.listQuarantine(actor, query)).map((r) => ({
        ...r,
        errors: JSON.parse(r.errors) as { field: string; message: string }[],
      })),
      next_cursor: null,
    }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/quarantine/:id/reprocess',
      summary: 'Ingest a quarantined item again, as stored or corrected (admin, office)',
      tag: 'ingest',
      access: 'signed-in',
      params: idParams,
      body: z.object({ item: z.unknown().optional() }),
      response: reprocessResultSchema,
    },
    async ({ actor, params, body }) => s.mentions.reprocess(actor, params.id, body.item),
  );
}
