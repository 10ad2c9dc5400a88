// `yuqing cluster`: NDJSON posts in, in stream order; one NDJSON line `{id, event}` per post out
// as soon as it is read. Memory stays bounded by the clusterer's window: idle events are closed
// as the stream's clock moves on.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { EventClusterer } from '../analysis/event-cluster.ts';
import { epochMs } from '../analysis/event-time.ts';
import { analysisText } from '../analysis/normalise.ts';

const postLine = z.object({
  id: z.union([z.string().min(1).max(200), z.number()]).optional(),
  text: z.string().min(1, 'must not be empty'),
  title: z.string().optional().nullable(),
  time: z
    .union([z.number(), z.string()])
    .optional()
    .nullable()
    .refine((t) => t === undefined || t === null || epochMs(t) !== undefined, {
      message: 'must be seconds or milliseconds since the epoch, or ISO 8601 text',
    }),
  parentId: z.union([z.string(), z.number()]).optional().nullable(),
  dupGroup: z.union([z.string(), z.number()]).optional().nullable(),
});

/** Posts between two closings of idle events. */
const EXPIRE_EVERY = 1000;

export interface ClusterCommandOptions {
  windowMs?: number | undefined;
}

export interface ClusterSummary {
  posts: number;
  errors: number;
  events: number;
}

type ParsedLine<T> = { line: number; post: T } | { line: number; error: string };

/**
 * The non-empty lines of an NDJSON stream, each parsed with the schema or answered with why not
 * (a BOM on the first line is ignored). Lines are read one at a time.
 */
export async function* ndjsonLines<T>(
  input: Readable,
  schema: z.ZodType<T>,
): AsyncGenerator<ParsedLine<T>> {
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/u, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, error: 'not valid JSON' };
      continue;
    }
    const r = schema.safeParse(value);
    if (r.success) yield { line, post: r.data };
    else {
      const issue = r.error.issues[0];
      yield {
        line,
        error: issue ? `${issue.path.join('.') || '(post)'}: ${issue.message}` : 'not a post',
      };
    }
  }
}

/**
 * Clusters each non-empty line. A line that is not a post is answered in place with
 * `{line, error}` and the run goes on.
 */
export async function runCluster(
  input: Readable,
  output: Writable,
  opts: ClusterCommandOptions = {},
): Promise<ClusterSummary> {
  const clusterer = new EventClusterer(
    opts.windowMs === undefined ? {} : { windowMs: opts.windowMs },
  );
  const summary: ClusterSummary = { posts: 0, errors: 0, events: 0 };
  let clock = -Infinity;
  for await (const parsed of ndjsonLines(input, postLine)) {
    let out: unknown;
    if ('error' in parsed) {
      summary.errors++;
      out = parsed;
    } else {
      const p = parsed.post;
      const id = p.id === undefined ? `line-${parsed.line}` : String(p.id);
      const time = p.time === undefined || p.time === null ? undefined : epochMs(p.time);
      if (time !== undefined && time > clock) clock = time;
      const r = clusterer.add({
        id,
        text: analysisText({ text: p.text, title: p.title ?? undefined }),
        time,
        parentId: p.parentId === undefined || p.parentId === null ? null : String(p.parentId),
        dupGroup: p.dupGroup === undefined || p.dupGroup === null ? null : String(p.dupGroup),
      });
      summary.posts++;
      if (r.created) summary.events++;
      if (summary.posts % EXPIRE_EVERY === 0 && clock > -Infinity) clusterer.expire(clock);
      out = { id, event: r.event };
    }
    if (!output.write(`${JSON.stringify(out)}\n`)) await once(output, 'drain');
  }
  return summary;
}
