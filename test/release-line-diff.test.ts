// The line diff the 信息发布 page shows between two versions of talking points
// (web/src/pages/releases/line-diff.ts; the web folder has no test runner of its own).
import { describe, expect, it } from 'vitest';
import {
  diffStats,
  lineDiff,
  MAX_CELLS,
  splitLines,
  type DiffLine,
} from '../web/src/pages/releases/line-diff.ts';

const ops = (lines: DiffLine[]) =>
  lines.map((l) => `${l.op === 'same' ? ' ' : l.op === 'added' ? '+' : '-'}${l.text}`);

/** The old text is the kept and removed lines; the new text the kept and added ones. */
function sides(lines: DiffLine[]): { before: string[]; after: string[] } {
  return {
    before: lines.filter((l) => l.op !== 'added').map((l) => l.text),
    after: lines.filter((l) => l.op !== 'removed').map((l) => l.text),
  };
}

describe('lineDiff', () => {
  it('keeps equal texts whole', () => {
    const d = lineDiff('一\n二\n三', '一\n二\n三');
    expect(ops(d)).toEqual([' 一', ' 二', ' 三']);
    expect(d.map((l) => [l.oldLine, l.newLine])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(diffStats(d)).toEqual({ added: 0, removed: 0 });
  });

  it('says a changed line as removed then added, with the line numbers of each side', () => {
    const d = lineDiff(
      '标题\n网传数据造假\n来源：统计局',
      '标题\n网传数据系口径不同\n来源：统计局',
    );
    expect(ops(d)).toEqual([' 标题', '-网传数据造假', '+网传数据系口径不同', ' 来源：统计局']);
    expect(d[1]).toMatchObject({ oldLine: 2, newLine: null });
    expect(d[2]).toMatchObject({ oldLine: null, newLine: 2 });
    expect(d[3]).toMatchObject({ oldLine: 3, newLine: 3 });
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it('finds lines added and removed in the middle and at the ends', () => {
    const d = lineDiff('a\nb\nc\nd', 'x\na\nc\nd\ne');
    expect(ops(d)).toEqual(['+x', ' a', '-b', ' c', ' d', '+e']);
    expect(sides(d)).toEqual({ before: ['a', 'b', 'c', 'd'], after: ['x', 'a', 'c', 'd', 'e'] });
  });

  it('keeps the longest common run of lines', () => {
    const before = ['1', '2', '3', '4', '5', '6'].join('\n');
    const after = ['0', '2', '3', '9', '5', '6', '7'].join('\n');
    const d = lineDiff(before, after);
    expect(d.filter((l) => l.op === 'same').map((l) => l.text)).toEqual(['2', '3', '5', '6']);
    expect(sides(d)).toEqual({ before: splitLines(before), after: splitLines(after) });
  });

  it('treats empty texts and line endings', () => {
    expect(lineDiff('', '')).toEqual([]);
    expect(ops(lineDiff('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(ops(lineDiff('a\r\nb', 'a\nb'))).toEqual([' a', ' b']);
    expect(ops(lineDiff('a\n', 'a'))).toEqual([' a', '-']);
  });

  it('rebuilds both sides of random edits', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
      const b = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
      const d = lineDiff(a.join('\n'), b.join('\n'));
      const s = sides(d);
      expect(s.before.join('\n')).toBe(a.join('\n'));
      expect(s.after.join('\n')).toBe(b.join('\n'));
      // Numbers run 1, 2, 3... on each side.
      expect(d.flatMap((l) => (l.oldLine ? [l.oldLine] : []))).toEqual(
        s.before.map((_, i) => i + 1),
      );
      expect(d.flatMap((l) => (l.newLine ? [l.newLine] : []))).toEqual(
        s.after.map((_, i) => i + 1),
      );
    }
  });

  it('compares very long texts as replaced without building the table', () => {
    const side = Math.ceil(Math.sqrt(MAX_CELLS)) + 10;
    const a = Array.from({ length: side }, (_, i) => `a${i}`);
    const b = Array.from({ length: side }, (_, i) => `b${i}`);
    const d = lineDiff(['same', ...a].join('\n'), ['same', ...b].join('\n'));
    expect(d[0]).toMatchObject({ op: 'same', text: 'same' });
    expect(diffStats(d)).toEqual({ added: side, removed: side });
  });
});
