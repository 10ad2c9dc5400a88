import { describe, expect, it } from 'vitest';
import {
  effectiveDeclaredAt,
  timelineProblems,
  timelineView,
  type TimelineEntry,
} from './incident-timeline.ts';

const entry = (id: string, minutes: number, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id,
  incidentId: 'inc-1',
  kind: 'record_report',
  at: new Date(Date.UTC(2025, 5, 1, 2, minutes)).toISOString(),
  declaredAt: null,
  actorId: 'u-office',
  actorName: '办公室',
  summary: 's',
  data: {},
  ...over,
});

const correction = (
  id: string,
  minutes: number,
  entryId: string,
  before: string | null,
  after: string,
): TimelineEntry =>
  entry(id, minutes, {
    kind: 'correct_declared_time',
    data: { entryId, before, after, reason: '核对' },
  });

const D1 = '2025-06-01T01:30:00.000Z';
const D2 = '2025-06-01T01:20:00.000Z';

describe('the timeline as read', () => {
  it('orders by system time and folds corrections into the effective declared time', () => {
    const entries = [
      correction('c2', 20, 'r1', D1, D2),
      entry('r1', 5, { declaredAt: null }),
      correction('c1', 10, 'r1', null, D1),
      entry('o', 0, { kind: 'opened', declaredAt: D2 }),
    ];
    const view = timelineView(entries, ['r1']);
    expect(view.map((e) => e.id)).toEqual(['o', 'r1', 'c1', 'c2']);
    const r1 = view[1]!;
    expect(r1).toMatchObject({ declaredAt: null, effectiveDeclaredAt: D2, pinned: true });
    expect(r1.corrections.map((c) => [c.before, c.after])).toEqual([
      [null, D1],
      [D1, D2],
    ]);
    expect(view[0]).toMatchObject({ effectiveDeclaredAt: D2, corrections: [], pinned: false });
    expect(effectiveDeclaredAt(entries, 'r1')).toBe(D2);
    expect(effectiveDeclaredAt(entries, 'o')).toBe(D2);
    expect(effectiveDeclaredAt(entries, 'missing')).toBeNull();
    expect(timelineProblems(entries)).toEqual([]);
  });

  it('keeps the recorded order of entries made in the same step', () => {
    const same = [entry('b', 1), entry('a', 1), entry('c', 1)];
    expect(timelineView(same).map((e) => e.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('a timeline edited outside the rules shows it', () => {
  it('a correction whose before is not what was in force', () => {
    const entries = [entry('r1', 5, { declaredAt: D1 }), correction('c1', 10, 'r1', D2, D1)];
    expect(timelineProblems(entries)).toEqual([
      `correction c1 says the time was ${D2}, but it was ${D1}`,
    ]);
  });

  it('a changed declared time on the entry itself breaks the chain of corrections', () => {
    const honest = [entry('r1', 5, { declaredAt: D1 }), correction('c1', 10, 'r1', D1, D2)];
    expect(timelineProblems(honest)).toEqual([]);
    const edited = [{ ...honest[0]!, declaredAt: D2 }, honest[1]!];
    expect(timelineProblems(edited)).toHaveLength(1);
  });

  it('duplicate ids, unknown targets, targets that take no declared time, bad system times', () => {
    const problems = timelineProblems([
      entry('x', 1),
      entry('x', 2),
      entry('g', 3, { kind: 'grade' }),
      correction('c1', 4, 'nope', null, D1),
      correction('c2', 5, 'g', null, D1),
      entry('bad', 6, { at: 'yesterday' }),
    ]);
    expect(problems).toEqual([
      'entry x appears twice',
      'entry bad has no valid system time',
      'correction c1 names no entry of this timeline',
      'correction c2 corrects grade, which takes no declared time',
    ]);
  });
});
