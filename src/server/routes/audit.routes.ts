// The audit log and its verification.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import { id, page } from '../schemas.ts';

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string().nullable() }),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
});

export function registerAuditRoutes(route: Router, s: Services): void {
  const tag = 'audit';
  route(
    {
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'Audit entries, newest first',
      tag,
      access: 'signed-in',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().regex(/^\d+$/, 'a cursor from this list').optional(),
        object_type: z.string().max(50).optional(),
        object_id: id.optional(),
        actor_id: id.optional(),
      }),
      response: page(entrySchema),
    },
    async ({ actor, query }) =>
      s.audit.list(actor, {
        ...query,
        cursor: query.cursor === undefined ? undefined : Number(query.cursor),
      }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/audit/verify',
      summary: 'Walk the hash chain; reports the first entry where it breaks',
      tag,
      access: 'signed-in',
      response: z.object({
        ok: z.boolean(),
        entries: z.number(),
        head: z.string(),
        problem: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).nullable(),
      }),
    },
    async ({ actor }) => s.audit.verify(actor),
  );
}
