// Inputs of the analysis benchmarks, shared by bench/analysis.bench.ts,
// bench/analysis-pipeline.ts, bench/analysis-equivalence.ts and bench/matcher.bench.ts: the real
// Weibo posts of the two corpora and the generated schemes.
import fs from 'node:fs';
import path from 'node:path';
import { analysisText } from '../src/analysis/normalise.ts';
import { createSegmenter } from '../src/analysis/segment.ts';
import { seededRng } from '../src/analysis/near-duplicates-eval.ts';

export const DATA = path.resolve(import.meta.dirname, '../../shared/data');
export const THREADS = path.join(DATA, 'events/rumdect_threads.jsonl');
/** The real daily Weibo stream (COVID-19-Weibo-data): 16 day files of `userid,text`. */
export const STREAM = path.join(DATA, 'stream/covid19_weibo_daily');

/** Deterministic PRNG (mulberry32), the one the evaluations use. */
export const rng = seededRng;

/** The first `limit` non-empty posts of the rumdect threads, in file order. */
export function loadThreadPosts(limit: number): { id: string; text: string }[] {
  const posts: { id: string; text: string }[] = [];
  for (const line of fs.readFileSync(THREADS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { mid: string; text: string };
    if (!r.text?.trim()) continue;
    posts.push({ id: r.mid, text: r.text });
    if (posts.length >= limit) break;
  }
  return posts;
}

export interface StreamPost {
  userid: string;
  text: string;
}

/** `userid,text` records of one file (RFC 4180 quoting; quoted fields are rare here). */
function readCsv(file: string, into: StreamPost[], limit: number): void {
  const content = fs.readFileSync(file, 'utf8');
  let i = content.indexOf('\n') + 1; // header
  const n = content.length;
  const field = (): string => {
    if (content[i] !== '"') {
      let end = i;
      while (end < n && content[end] !== ',' && content[end] !== '\n' && content[end] !== '\r') {
        end++;
      }
      const value = content.slice(i, end);
      i = end;
      return value;
    }
    let value = '';
    i++;
    for (;;) {
      const q = content.indexOf('"', i);
      if (q < 0) {
        value += content.slice(i);
        i = n;
        return value;
      }
      value += content.slice(i, q);
      if (content[q + 1] === '"') {
        value += '"';
        i = q + 2;
      } else {
        i = q + 1;
        return value;
      }
    }
  };
  while (i < n && into.length < limit) {
    const userid = field();
    let text = '';
    if (content[i] === ',') {
      i++;
      text = field();
    }
    // Anything else on the line (there should be nothing) is skipped.
    while (i < n && content[i] !== '\n') i++;
    i++;
    if (userid !== '' && text.trim() !== '') into.push({ userid, text });
  }
}

/**
 * The first `limit` non-empty posts of the daily COVID-19 stream, day files in date order and
 * each in file order (as the stream arrived). Ordinary posts, not reposts: their analysis text
 * is about nine times as long as the rumdect threads'.
 */
export function loadStreamPosts(limit = Infinity): StreamPost[] {
  const posts: StreamPost[] = [];
  for (const f of fs
    .readdirSync(STREAM)
    .filter((x) => x.endsWith('.csv'))
    .sort()) {
    if (posts.length >= limit) break;
    readCsv(path.join(STREAM, f), posts, limit);
  }
  return posts;
}

/** Median, mean and longest length (UTF-16 code units, as the docs count) of the analysis texts. */
export function textLengths(texts: readonly string[]): {
  median: number;
  mean: number;
  max: number;
} {
  const l = texts.map((t) => t.length).sort((a, b) => a - b);
  return {
    median: l.length === 0 ? 0 : l[Math.floor(l.length / 2)]!,
    mean: l.length === 0 ? 0 : l.reduce((a, b) => a + b, 0) / l.length,
    max: l.at(-1) ?? 0,
  };
}

/** Realistic schemes: words that occur in the posts, in the shapes people write. */
export function makeSchemes(
  posts: readonly { text: string }[],
  n: number,
): { id: string; query: string }[] {
  const seg = createSegmenter();
  const counts = new Map<string, number>();
  for (const p of posts.slice(0, 5000)) {
    for (const w of seg.cut(analysisText({ text: p.text }))) {
      if (w.length >= 2 && /\p{Script=Han}/u.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  // Skip the 50 commonest words (nobody monitors 我们); keep the next few thousand.
  const vocab = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(50, 4000)
    .map(([w]) => w);
  const r = rng(42);
  const w = () => vocab[Math.floor(r() * vocab.length)]!;
  const schemes: { id: string; query: string }[] = [];
  for (let i = 0; i < n; i++) {
    const shape = i % 5;
    const query =
      shape === 0
        ? `(${w()} | ${w()} | ${w()}) (${w()} | ${w()}) -${w()}`
        : shape === 1
          ? `${w()} ${w()}`
          : shape === 2
            ? `"${w()}${w()}" | NEAR/10(${w()}, ${w()})`
            : shape === 3
              ? `title:${w()} | (${w()} & !${w()})`
              : `(${w()} | ${w()}) ${w()} -(${w()} | ${w()})`;
    schemes.push({ id: `s${i}`, query });
  }
  return schemes;
}
