import { describe, expect, it } from 'vitest';
import { AhoCorasick, type AcMatch } from './aho-corasick.ts';

/** The obvious way: indexOf for every pattern at every position. */
function naive(patterns: readonly string[], text: string): AcMatch[] {
  const found: AcMatch[] = [];
  patterns.forEach((p, pattern) => {
    if (p === '') return;
    for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + 1)) {
      found.push({ pattern, start: at, end: at + p.length });
    }
  });
  return found;
}

const order = (a: AcMatch, b: AcMatch) => a.end - b.end || a.pattern - b.pattern;

/** Small deterministic PRNG so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns with their positions', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(ac.findAll('ushers')).toEqual([
      { pattern: 1, start: 1, end: 4 },
      { pattern: 0, start: 2, end: 4 },
      { pattern: 3, start: 2, end: 6 },
    ]);
  });

  it('matches Chinese terms, duplicates and prefixes of each other', () => {
    const patterns = ['统计', '统计局', '数据造假', '造假', '统计'];
    const ac = new AhoCorasick(patterns);
    const text = '某县统计局被指数据造假，统计数据';
    expect(ac.findAll(text).sort(order)).toEqual(naive(patterns, text).sort(order));
  });

  it('never matches an empty pattern and copes with an empty text', () => {
    const ac = new AhoCorasick(['', 'a']);
    expect(ac.findAll('aa').map((m) => m.pattern)).toEqual([1, 1]);
    expect(ac.findAll('')).toEqual([]);
    expect(new AhoCorasick([]).findAll('abc')).toEqual([]);
  });

  it('agrees with the naive search on random patterns and texts', () => {
    const alphabet = ['a', 'b', 'c', '统', '计', '假'];
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const word = (max: number) =>
        Array.from({ length: 1 + Math.floor(r() * max) }, () => alphabet[Math.floor(r() * 6)]).join(
          '',
        );
      const patterns = Array.from({ length: 1 + Math.floor(r() * 12) }, () => word(4));
      const text = word(60);
      const ac = new AhoCorasick(patterns);
      expect(ac.findAll(text).sort(order), `seed ${seed}`).toEqual(
        naive(patterns, text).sort(order),
      );
    }
  });

  it('agrees with the naive search with thousands of patterns over a wide alphabet', () => {
    // Many nodes with many edges each: the edge table is crowded and probed far.
    const r = rng(7);
    const char = () => String.fromCharCode(0x4e00 + Math.floor(r() * 40));
    const word = (max: number) => Array.from({ length: 1 + Math.floor(r() * max) }, char).join('');
    const patterns = Array.from({ length: 3000 }, () => word(5));
    const ac = new AhoCorasick(patterns);
    for (let k = 0; k < 20; k++) {
      const text = word(400);
      expect(ac.findAll(text).sort(order)).toEqual(naive(patterns, text).sort(order));
    }
  });
});
