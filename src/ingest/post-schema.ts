// The shape of an incoming post (SPEC "API surface", POST /api/v1/ingest), shared by the push
// API and file import. Each problem names its field; nulls count as absent; unknown fields
// are ignored rather than fatal, since exporters add their own.
import { z } from 'zod';

/** U+FFFD is what invalid UTF-8 decodes to: such text was damaged before it reached us. */
const REPLACEMENT = '\uFFFD';

const str = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes(REPLACEMENT), 'contains invalid UTF-8');

const idLike = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v).trim())
  .pipe(str(200).min(1, 'must not be empty'));

const count = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(1e13, 'is implausibly large');

export const MAX_TEXT = 200_000;

export const incomingPostSchema = z.object({
  id: idLike.optional(),
  source: str(100).trim().min(1, 'must not be empty'),
  url: str(4096).optional(),
  author: str(200).optional(),
  title: str(2000).optional(),
  text: str(MAX_TEXT).refine((s) => s.trim().length > 0, 'must not be empty'),
  published_at: z.union([str(100), z.number()]).optional(),
  lang: str(20).optional(),
  parent_id: idLike.optional(),
  metrics: z
    .object({
      reposts: count.optional(),
      comments: count.optional(),
      likes: count.optional(),
      views: count.optional(),
      /** The author's follower count as published (reach; an account's audience, not a profile). */
      followers: count.optional(),
    })
    .optional(),
  region: str(100).optional(),
});

export type IncomingPostInput = z.output<typeof incomingPostSchema>;

export interface FieldError {
  field: string;
  message: string;
}

/** Drops null-valued keys (exporters write null for "absent"). */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

export function validateIncomingPost(
  value: unknown,
): { ok: true; post: IncomingPostInput } | { ok: false; errors: FieldError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: '(item)', message: 'must be a JSON object' }] };
  }
  const r = incomingPostSchema.safeParse(withoutNulls(value));
  if (r.success) return { ok: true, post: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({
      field: i.path.length ? i.path.map(String).join('.') : '(item)',
      message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
    })),
  };
}

export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
