// Inputs of the analysis benchmark, shared by bench/analysis.bench.ts and
// bench/analysis-equivalence.ts: the real Weibo posts and the 1,000 generated schemes.
import fs from 'node:fs';
import path from 'node:path';
import { analysisText } from '../src/analysis/normalise.ts';
import { createSegmenter } from '../src/analysis/segment.ts';
import { seededRng } from '../src/analysis/near-duplicates-eval.ts';

export const DATA = path.resolve(import.meta.dirname, '../../shared/data');
export const THREADS = path.join(DATA, 'events/rumdect_threads.jsonl');

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
