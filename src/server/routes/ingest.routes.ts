// The push API (SPEC "API surface"): POST /api/v1/ingest with a JSON array or NDJSON body.
import { z } from 'zod';
import { errors } from '../../errors.ts';
import { jsonBatch, parseNdjson } from '../../ingest/batch-parser.ts';
import { incomingPostSchema } from '../../ingest/post-schema.ts';
import type { Router, Services } from '../app.ts';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

const summarySchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), error: z.string() })),
});

export function registerIngestRoutes(route: Router, s: Services, opts: { maxBytes: number }): void {
  const post = z.toJSONSchema(incomingPostSchema, { io: 'input', unrepresentable: 'any' });
  route(
    {
      method: 'POST',
      url: '/api/v1/ingest',
      summary:
        'Push posts (bearer token with the ingest scope). Good items land even when others are rejected; re-sent posts count as duplicates.',
      tag: 'ingest',
      access: 'signed-in',
      rawBody: {
        'application/json': { type: 'array', items: post },
        'application/x-ndjson': { description: 'one post (JSON object) per line', ...post },
      },
      bodyLimit: opts.maxBytes,
      response: summarySchema,
    },
    async ({ actor, principal, request }) => {
      if (!principal) throw errors.unauthenticated();
      const body: unknown = request.body;
      const items = Buffer.isBuffer(body) ? parseNdjson(body) : jsonBatch(body);
      if (!items) {
        throw errors.invalidInput('the body must be a JSON array of posts, or NDJSON', [
          { path: 'body', message: 'expected an array of objects' },
        ]);
      }
      const { accepted, duplicates, rejected } = await s.ingest.ingest(actor, items, {
        channel: 'api',
        unitId: principal.unitId,
      });
      return { accepted, duplicates, rejected };
    },
  );
}
