import { describe, expect, it } from 'vitest';
import {
  EXPECTED,
  FIXTURE_REPORTS,
  PERSON_UNIT,
  UNIT_ORDER,
  type FixturePerson,
  type FixtureUnit,
} from '../../test/fixtures/informant-ranking.ts';
import {
  DEFAULT_SCORING_SETTINGS,
  currentReview,
  dateInPeriod,
  fenToYuan,
  leadOf,
  parsePeriod,
  periodKey,
  periodLabel,
  periodOf,
  periodRange,
  rankPeople,
  rankUnits,
  reportsInPeriod,
  scoreReport,
  settingsProblems,
  tally,
  yuanToFen,
  type Period,
  type RankedUnit,
  type ReportFact,
} from './informant-scoring.ts';

const minutesAfter = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The fixture as the service hands it to the rules. */
const FACTS: ReportFact[] = FIXTURE_REPORTS.map((r) => {
  const after = r.link?.machineAfterMinutes ?? null;
  return {
    id: r.key,
    createdAt: r.createdAt,
    reporterId: r.person,
    reporterName: r.person,
    unitId: PERSON_UNIT[r.person],
    hasLink: r.link !== null,
    machineFoundAt: after !== null && after < 0 ? minutesAfter(r.createdAt, after) : null,
    reviews: r.reviews.map((review, i) => ({
      version: i + 1,
      decision: review.decision,
      level: review.level ?? null,
      machineLaterAt: after !== null && after > 0 ? minutesAfter(r.createdAt, after) : null,
    })),
  };
});

/** The fixture's units in the organisation's order, and two more that report nothing. */
const UNITS: RankedUnit[] = [
  ...UNIT_ORDER.map((u, i) => ({ id: u, name: `unit ${u}`, sortOrder: i + 1 })),
  { id: 'X1', name: 'unit X1', sortOrder: 10 },
  { id: 'X2', name: 'unit X2', sortOrder: 11 },
];

const period = (text: string): Period => {
  const p = parsePeriod(text);
  if (!p) throw new Error(`bad period ${text}`);
  return p;
};

describe('informant scoring: one report', () => {
  const base: ReportFact = {
    id: 'x',
    createdAt: '2026-11-03T02:00:00.000Z',
    reporterId: 'p',
    reporterName: 'p',
    unitId: 'u',
    hasLink: true,
    machineFoundAt: null,
    reviews: [],
  };
  const adopted = (machineLaterAt: string | null, level: 'daily' | 'special' = 'daily') => ({
    ...base,
    reviews: [{ version: 1, decision: 'adopted' as const, level, machineLaterAt }],
  });

  it('gives the band a lead reaches, counting whole minutes', () => {
    const s = DEFAULT_SCORING_SETTINGS;
    const at = (m: number) => minutesAfter(base.createdAt, m);
    expect(scoreReport(adopted(at(9.99)), s).points).toEqual({
      report: 1,
      level: 2,
      lead: 0,
      total: 3,
    });
    expect(scoreReport(adopted(at(10)), s).points.lead).toBe(1);
    expect(scoreReport(adopted(at(59)), s).points.lead).toBe(1);
    expect(scoreReport(adopted(at(60)), s).points.lead).toBe(2);
    expect(scoreReport(adopted(at(240)), s).points.lead).toBe(3);
    expect(scoreReport(adopted(at(240)), s).lead).toEqual({
      kind: 'lead',
      minutes: 240,
      machineAt: at(240),
    });
    // Never collected by a monitored source: the unmatched bonus.
    expect(scoreReport(adopted(null, 'special'), s)).toMatchObject({
      first: true,
      points: { report: 1, level: 4, lead: 3, total: 8 },
    });
  });

  it('gives nothing for not adopted, for the machine’s finds and while waiting', () => {
    const s = DEFAULT_SCORING_SETTINGS;
    expect(scoreReport(base, s)).toMatchObject({ status: 'pending', points: { total: 0 } });
    const notAdopted = {
      ...base,
      reviews: [
        { version: 1, decision: 'not_adopted' as const, level: null, machineLaterAt: null },
      ],
    };
    expect(scoreReport(notAdopted, s)).toMatchObject({ status: 'not_adopted', first: false });
    expect(scoreReport(notAdopted, s).points.total).toBe(0);
    // Adopted although a monitored source had it first: counted as adopted, worth nothing.
    const machineFirst = { ...adopted(null), machineFoundAt: '2026-11-03T01:00:00.000Z' };
    expect(scoreReport(machineFirst, s)).toMatchObject({
      status: 'adopted',
      first: false,
      lead: { kind: 'machine_first' },
      points: { total: 0 },
    });
    // Without a link there is nothing to be ahead of.
    expect(scoreReport({ ...adopted(null), hasLink: false }, s)).toMatchObject({
      first: false,
      lead: { kind: 'no_link' },
      points: { total: 3 },
    });
  });

  it('follows the settings', () => {
    const s = {
      report_points: 0,
      level_points: { daily: 1, special: 10, instruction: 20 },
      lead_bands: [{ min_minutes: 0, points: 5 }],
      unmatched_points: 0,
    };
    expect(scoreReport(adopted(minutesAfter(base.createdAt, 1), 'special'), s).points.total).toBe(
      15,
    );
    expect(scoreReport(adopted(null), s).points.total).toBe(1);
    expect(settingsProblems(s)).toEqual([]);
    expect(
      settingsProblems({
        ...s,
        lead_bands: [
          { min_minutes: 30, points: 1 },
          { min_minutes: 30, points: 2 },
        ],
      }),
    ).toEqual([
      { path: 'lead_bands.1.min_minutes', message: 'must be more than the band before (30)' },
    ]);
  });

  it('takes the highest version of a changed review', () => {
    expect(
      currentReview([
        { version: 2, decision: 'not_adopted' },
        { version: 1, decision: 'adopted' },
      ]),
    ).toEqual({ version: 2, decision: 'not_adopted' });
    expect(currentReview([])).toBeNull();
  });

  it('says where the informant stood against the machine', () => {
    expect(
      leadOf({
        createdAt: '2026-11-03T02:00:00Z',
        hasLink: true,
        machineFoundAt: '2026-11-03T01:00:00Z',
        machineLaterAt: null,
      }),
    ).toEqual({ kind: 'machine_first', machineAt: '2026-11-03T01:00:00Z' });
    expect(
      leadOf({
        createdAt: '2026-11-03T02:00:00Z',
        hasLink: true,
        machineFoundAt: null,
        machineLaterAt: '2026-11-03T02:45:30Z',
      }),
    ).toEqual({ kind: 'lead', minutes: 45, machineAt: '2026-11-03T02:45:30Z' });
  });
});

describe('informant scoring: periods of the Asia/Shanghai calendar', () => {
  it('parses months, quarters and years, and refuses anything else', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', year: 2026, month: 11 });
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026 });
    for (const bad of ['2026-13', '2026-Q5', '2026-1', '26-11', '2026-11-01', 'Q4', '']) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
    expect(periodKey(period('2026-Q4'))).toBe('2026-Q4');
    expect(periodLabel(period('2026-11'))).toBe('2026年11月');
    expect(periodLabel(period('2026-Q4'))).toBe('2026年第四季度');
  });

  it('starts and ends at midnight in Shanghai (16:00 UTC the day before)', () => {
    expect(periodRange(period('2026-11'))).toEqual({
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-30T16:00:00.000Z',
    });
    expect(periodRange(period('2026-12'))).toEqual({
      start: '2026-11-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(periodRange(period('2026-Q4'))).toEqual({
      start: '2026-09-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(periodRange(period('2026'))).toEqual({
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(periodOf('2026-11-30T15:59:59.999Z', 'month')).toEqual(period('2026-11'));
    expect(periodOf('2026-11-30T16:00:00.000Z', 'month')).toEqual(period('2026-12'));
    expect(periodOf('2026-09-30T16:00:00.000Z', 'quarter')).toEqual(period('2026-Q4'));
    expect(dateInPeriod('2026-11-30', period('2026-Q4'))).toBe(true);
    expect(dateInPeriod('2026-09-30', period('2026-Q4'))).toBe(false);
  });

  it('keeps money exact in fen', () => {
    expect(yuanToFen('300')).toBe(30000);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(fenToYuan(7)).toBe('0.07');
  });
});

describe('informant ranking on the hand-made fixture', () => {
  const standing = (row: {
    rank: number;
    reports: number;
    adopted: number;
    firsts: number;
    points: number;
  }) => [row.rank, row.reports, row.adopted, row.firsts, row.points];

  for (const expected of EXPECTED) {
    it(`ranks people and units for ${expected.period} as worked out by hand`, () => {
      const p = period(expected.period);
      const inPeriod = reportsInPeriod(FACTS, p);
      const s = DEFAULT_SCORING_SETTINGS;

      const people = rankPeople(inPeriod, UNITS, s);
      expect(
        people.map((r) => [r.rank, r.person?.id, r.reports, r.adopted, r.firsts, r.points]),
      ).toEqual(expected.people);
      for (const row of people) {
        expect(row.unit.id).toBe(PERSON_UNIT[row.person?.id as FixturePerson]);
      }

      const units = rankUnits(inPeriod, UNITS, s);
      const listed = units.slice(0, expected.units.length);
      expect(
        listed.map((r) => [r.rank, r.unit.id, r.reports, r.adopted, r.firsts, r.points]),
      ).toEqual(expected.units);
      // Every other unit: zeros, sharing the last rank, in the organisation's order.
      const others = units.slice(expected.units.length);
      const otherIds = [...UNIT_ORDER, 'X1', 'X2'].filter(
        (u) => !expected.units.some((e) => e[1] === (u as FixtureUnit)),
      );
      expect(others.map((r) => r.unit.id)).toEqual(otherIds);
      for (const row of others) expect(standing(row)).toEqual([expected.othersRank, 0, 0, 0, 0]);

      const t = tally(inPeriod, s);
      expect({
        reports: t.reports,
        reviewed: t.reviewed,
        pending: t.pending,
        adopted: t.adopted,
        notAdopted: t.notAdopted,
        machineFound: t.machineFound,
        firsts: t.firsts,
        points: t.points,
      }).toEqual(expected.totals);
    });
  }

  it('shows the adoption rate and the levels in November', () => {
    const nov = reportsInPeriod(FACTS, period('2026-11'));
    expect(nov.map((r) => r.id).sort()).toEqual(
      ['r1', 'r11', 'r12', 'r2', 'r3', 'r4', 'r5', 'r6', 'r8', 'r9'].sort(),
    );
    const t = tally(nov, DEFAULT_SCORING_SETTINGS);
    expect(t.adoptionRate).toBe(0.6);
    expect(t.byLevel).toEqual({ daily: 4, special: 1, instruction: 1 });
    const units = rankUnits(nov, UNITS, DEFAULT_SCORING_SETTINGS);
    expect(units.find((u) => u.unit.id === 'L')?.adoptionRate).toBe(0.25);
    expect(units.find((u) => u.unit.id === 'X1')?.adoptionRate).toBeNull();
  });

  it('counts a changed review as changed: r8 was worth 5 before it was not adopted', () => {
    const r8 = FACTS.find((r) => r.id === 'r8');
    if (!r8) throw new Error('r8 missing');
    const first = { ...r8, reviews: r8.reviews.slice(0, 1) };
    expect(scoreReport(first, DEFAULT_SCORING_SETTINGS).points.total).toBe(5);
    expect(scoreReport(r8, DEFAULT_SCORING_SETTINGS)).toMatchObject({
      status: 'not_adopted',
      points: { total: 0 },
    });
    // Had the first review stood, 兰州 (L: r1 6 + r8 5) would lead the units in November.
    const before = FACTS.map((r) => (r.id === 'r8' ? first : r));
    const units = rankUnits(
      reportsInPeriod(before, period('2026-11')),
      UNITS,
      DEFAULT_SCORING_SETTINGS,
    );
    expect(
      units.slice(0, 5).map((r) => [r.rank, r.unit.id, r.adopted, r.firsts, r.points]),
    ).toEqual([
      [1, 'L', 2, 2, 11],
      [2, 'Z', 1, 1, 10],
      [3, 'T', 1, 1, 8],
      [4, 'W', 2, 0, 6],
      [5, 'H', 1, 1, 6],
    ]);
  });
});
