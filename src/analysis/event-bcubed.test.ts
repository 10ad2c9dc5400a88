import { describe, expect, it } from 'vitest';
import { bcubed } from './event-bcubed.ts';

describe('bcubed', () => {
  it('matches a hand-computed example', () => {
    // Gold: a a a b b; predicted: x x y y y.
    // Precision per item: x holds a,a -> 1, 1; y holds a,b,b -> 1/3, 2/3, 2/3. Mean 11/15.
    // Recall per item: a's 3 split 2+1 -> 2/3, 2/3, 1/3; b's 2 together -> 1, 1. Mean 11/15.
    const r = bcubed(['x', 'x', 'y', 'y', 'y'], ['a', 'a', 'a', 'b', 'b']);
    expect(r.precision).toBeCloseTo(11 / 15, 12);
    expect(r.recall).toBeCloseTo(11 / 15, 12);
    expect(r.f1).toBeCloseTo(11 / 15, 12);
  });

  it('gives precision 1 to singletons and recall 1 to one cluster', () => {
    const gold = ['a', 'a', 'b', 'c'];
    const singletons = bcubed(['1', '2', '3', '4'], gold);
    expect(singletons.precision).toBe(1);
    expect(singletons.recall).toBeCloseTo((0.5 + 0.5 + 1 + 1) / 4, 12);
    const one = bcubed(['x', 'x', 'x', 'x'], gold);
    expect(one.recall).toBe(1);
    // Precision: a items 2/4 each, b and c 1/4 each -> (0.5 + 0.5 + 0.25 + 0.25) / 4.
    expect(one.precision).toBeCloseTo(0.375, 12);
    expect(one.f1).toBeCloseTo((2 * 0.375) / 1.375, 12);
  });

  it('is perfect on a relabelled copy of the gold and rejects mismatched lengths', () => {
    expect(bcubed(['p', 'q', 'p'], ['a', 'b', 'a']).f1).toBe(1);
    expect(() => bcubed(['p'], ['a', 'b'])).toThrow(RangeError);
  });
});
