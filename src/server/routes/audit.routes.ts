// The audit log and its verification.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import { auditEntrySchema, auditVerifySchema, id, page } from '../schemas.ts';

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
      response: page(auditEntrySchema),
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
      response: auditVerifySchema,
    },
    async ({ actor }) => s.audit.verify(actor),
  );
}
