// `yuqing analyze`: NDJSON posts in, one NDJSON result per post out, in the same order,
// streaming (one line in memory at a time; the near-duplicate memory is bounded).
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { z } from 'zod';
import { AnalysisPipeline } from '../analysis/pipeline.ts';
import type { RiskLexicon } from '../analysis/risk-terms.ts';

const postLine = z.object({
  id: z.union([z.string().min(1).max(200), z.number()]).optional(),
  text: z.string().min(1, 'must not be empty'),
  title: z.string().optional().nullable(),
  author: z.string().optional().nullable(),
  source: z.string().optional().nullable(),
  region: z.string().optional().nullable(),
});

/** A scheme file: a JSON array or NDJSON of `{id, query, name?}`. */
const schemeLine = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  query: z.string().min(1),
  name: z.string().optional(),
});

export function parseSchemeFile(text: string, file: string): { id: string; query: string }[] {
  const trimmed = text.trim();
  let values: { value: unknown; where: string }[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, {
        cause: e,
      });
    }
    if (!Array.isArray(parsed)) throw new Error(`${file}: expected an array of schemes`);
    values = (parsed as unknown[]).map((value, i) => ({ value, where: `item ${i}` }));
  } else {
    values = [];
    trimmed.split(/\r?\n/u).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push({ value: JSON.parse(line) as unknown, where: `line ${i + 1}` });
      } catch {
        throw new Error(`${file} line ${i + 1}: not valid JSON`);
      }
    });
  }
  return values.map(({ value, where }) => {
    const r = schemeLine.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(
        `${file} ${where}: ${issue ? `${issue.path.join('.') || '(scheme)'} ${issue.message}` : 'not a scheme'}`,
      );
    }
    return { id: r.data.id, query: r.data.query };
  });
}

export interface AnalyzeOptions {
  schemes: readonly { id: string; query: string }[];
  risk?: RiskLexicon | undefined;
  userWords?: readonly string[] | undefined;
  /** How many earlier posts the near-duplicate check remembers. */
  memory?: number | undefined;
}

export interface AnalyzeSummary {
  posts: number;
  errors: number;
  /** Schemes that did not compile (they match nothing), with why. */
  schemeErrors: { id: string; error: string }[];
}

/**
 * Analyses each non-empty line. A line that is not a post is answered in place with
 * `{line, error}`, so results stay one per input line and nothing after it is lost.
 */
export async function runAnalyze(
  input: Readable,
  output: Writable,
  opts: AnalyzeOptions,
): Promise<AnalyzeSummary> {
  const pipeline = new AnalysisPipeline({
    schemes: opts.schemes,
    risk: opts.risk,
    userWords: opts.userWords,
    maxDuplicateEntries: opts.memory,
  });
  const summary: AnalyzeSummary = {
    posts: 0,
    errors: 0,
    schemeErrors: [...pipeline.schemeErrors].map(([id, error]) => ({ id, error })),
  };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/u, '') : raw;
    if (line.trim() === '') continue;
    let out: unknown;
    let value: unknown;
    let parseError: string | null = null;
    try {
      value = JSON.parse(line);
    } catch {
      parseError = 'not valid JSON';
    }
    const post = parseError === null ? postLine.safeParse(value) : null;
    if (!post?.success) {
      const issue = post?.error.issues[0];
      summary.errors++;
      out = {
        line: lineNo,
        error:
          parseError ??
          (issue ? `${issue.path.join('.') || '(post)'}: ${issue.message}` : 'not a post'),
      };
    } else {
      const p = post.data;
      const id = p.id === undefined ? `line-${lineNo}` : String(p.id);
      const a = pipeline.analyse({
        id,
        text: p.text,
        title: p.title,
        author: p.author,
        source: p.source,
        region: p.region,
      });
      summary.posts++;
      out = {
        id,
        sentiment: { label: a.sentiment.label, score: round(a.sentiment.score) },
        dup_of: a.dup.dupOf,
        dup_kind: a.dup.kind,
        group: a.dup.groupId,
        regions: a.regions.map((r) => ({ adcode: r.adcode, name: r.name, level: r.level })),
        risk: { score: round(a.risk.score), categories: a.risk.categories.map((c) => c.id) },
        schemes: a.schemes,
        keywords: a.keywords,
      };
    }
    if (!output.write(`${JSON.stringify(out)}\n`)) await once(output, 'drain');
  }
  return summary;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
