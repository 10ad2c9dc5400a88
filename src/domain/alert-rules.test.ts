import { describe, expect, it } from 'vitest';
import {
  ackDueAt,
  coverageReasons,
  DEFAULT_ALERT_SETTINGS as S,
  DEFAULT_CONDITIONS,
  eventQualifies,
  firstStep,
  grewEnough,
  maxSeverity,
  mentionQualifies,
  nextStep,
  parseClock,
  quietEnd,
  releaseAt,
  type AlertConditions,
  type EscalationStep,
  type MentionFacts,
} from './alert-rules.ts';

const cond = (c: Partial<AlertConditions>): AlertConditions => ({ ...DEFAULT_CONDITIONS, ...c });
const mention = (m: Partial<MentionFacts>): MentionFacts => ({
  schemeIds: [],
  sentiment: 'neutral',
  riskCategories: [],
  regionCodes: [],
  ...m,
});
/** A Beijing wall-clock time as a Date. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('mention conditions', () => {
  it('an empty rule takes every mention', () => {
    expect(mentionQualifies(DEFAULT_CONDITIONS, mention({}))).toBe(true);
  });
  it('schemes, risk categories and regions each need one of their values', () => {
    const c = cond({ schemeIds: ['s1', 's2'], riskCategories: ['fraud'], regions: ['620100'] });
    const ok = mention({
      schemeIds: ['s2'],
      riskCategories: ['fraud'],
      regionCodes: ['62', '620100'],
    });
    expect(mentionQualifies(c, ok)).toBe(true);
    expect(mentionQualifies(c, { ...ok, schemeIds: ['s3'] })).toBe(false);
    expect(mentionQualifies(c, { ...ok, riskCategories: [] })).toBe(false);
    expect(mentionQualifies(c, { ...ok, regionCodes: ['62', '620200'] })).toBe(false);
  });
  it('sentiment: negative only, or anything but positive', () => {
    const neg = cond({ sentiment: 'negative' });
    const notPos = cond({ sentiment: 'not_positive' });
    expect(mentionQualifies(neg, mention({ sentiment: 'negative' }))).toBe(true);
    expect(mentionQualifies(neg, mention({ sentiment: 'neutral' }))).toBe(false);
    expect(mentionQualifies(notPos, mention({ sentiment: 'neutral' }))).toBe(true);
    expect(mentionQualifies(notPos, mention({ sentiment: 'positive' }))).toBe(false);
  });
});

describe('event conditions', () => {
  const event = {
    heat: 65,
    bursting: false,
    authorityTier: 'provincial',
    suggestedGrade: 'general' as const,
  };
  it('needs the minimum volume of qualifying mentions', () => {
    expect(eventQualifies(cond({ minVolume: 3 }), event, 2).ok).toBe(false);
    expect(eventQualifies(cond({ minVolume: 3 }), event, 3)).toEqual({
      ok: true,
      reasons: ['3 条相关信息'],
    });
    // A minimum below one still needs a mention.
    expect(eventQualifies(cond({ minVolume: 0 }), event, 0).ok).toBe(false);
  });
  it('heat, burst, authority and suggested grade, with their reasons', () => {
    expect(eventQualifies(cond({ minHeat: 70 }), event, 1).ok).toBe(false);
    expect(eventQualifies(cond({ minHeat: 60 }), event, 1).reasons).toContain('热度 65 ≥ 60');
    expect(eventQualifies(cond({ burst: true }), event, 1).ok).toBe(false);
    expect(
      eventQualifies(cond({ burst: true }), { ...event, bursting: true }, 1).reasons,
    ).toContain('声量突增');
    expect(eventQualifies(cond({ authorityTiers: ['central'] }), event, 1).ok).toBe(false);
    expect(eventQualifies(cond({ authorityTiers: ['central', 'provincial'] }), event, 1).ok).toBe(
      true,
    );
    expect(
      eventQualifies(cond({ authorityTiers: ['central'] }), { ...event, authorityTier: null }, 1)
        .ok,
    ).toBe(false);
    expect(eventQualifies(cond({ suggestedMajor: true }), event, 1).ok).toBe(false);
    expect(
      eventQualifies(cond({ suggestedMajor: true }), { ...event, suggestedGrade: 'major' }, 1)
        .reasons,
    ).toContain('建议定级为重大');
  });
});

describe('severity, deadlines and the chain', () => {
  it('orders severities', () => {
    expect(maxSeverity('normal', 'major')).toBe('major');
    expect(maxSeverity('high', 'normal')).toBe('high');
  });
  it('acknowledgement deadline per severity', () => {
    const at = new Date('2026-11-29T00:00:00Z');
    expect(ackDueAt('major', at, S).toISOString()).toBe('2026-11-29T00:10:00.000Z');
    expect(ackDueAt('normal', at, S).toISOString()).toBe('2026-11-29T02:00:00.000Z');
  });
  it('skips empty steps', () => {
    const p = { personId: 'p', name: 'n', userId: null, email: null, phone: null };
    const chain: EscalationStep[] = [
      { role: 'on_duty', people: [] },
      { role: 'office_head', people: [p] },
      { role: 'leader_in_charge', people: [] },
    ];
    expect(firstStep(chain)).toBe(1);
    expect(nextStep(chain, 1)).toBeNull();
    expect(nextStep(chain, 0)).toBe(1);
    expect(firstStep([{ role: 'on_duty', people: [] }])).toBe(0);
  });
  it('re-notifies on growth by severity', () => {
    expect(grewEnough('major', 10, 14, S)).toBe(false);
    expect(grewEnough('major', 10, 15, S)).toBe(true);
    expect(grewEnough('high', 10, 19, S)).toBe(false);
    expect(grewEnough('high', 10, 20, S)).toBe(true);
    expect(grewEnough('normal', 0, 3, S)).toBe(true);
  });
});

describe('quiet hours and debouncing', () => {
  const night = { from: '22:00', to: '07:00' };
  const lunch = { from: '12:00', to: '13:30' };
  it('parses clock times', () => {
    expect(parseClock('07:05')).toBe(425);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('7:00')).toBeNull();
  });
  it('a window past midnight ends the next morning, or this morning', () => {
    expect(quietEnd(night, bj('2026-11-29T23:15:00')).toISOString()).toBe(
      bj('2026-11-30T07:00:00').toISOString(),
    );
    expect(quietEnd(night, bj('2026-11-30T03:00:00')).toISOString()).toBe(
      bj('2026-11-30T07:00:00').toISOString(),
    );
    expect(quietEnd(night, bj('2026-11-30T22:00:00')).toISOString()).toBe(
      bj('2026-12-01T07:00:00').toISOString(),
    );
    // The end itself and the day are outside.
    const seven = bj('2026-11-30T07:00:00');
    expect(quietEnd(night, seven)).toBe(seven);
    const noon = bj('2026-11-30T12:00:00');
    expect(quietEnd(night, noon)).toBe(noon);
  });
  it('a window within the day', () => {
    expect(quietEnd(lunch, bj('2026-11-30T12:00:00')).toISOString()).toBe(
      bj('2026-11-30T13:30:00').toISOString(),
    );
    const before = bj('2026-11-30T11:59:00');
    expect(quietEnd(lunch, before)).toBe(before);
  });
  it('never holds back a major alert', () => {
    const at = bj('2026-11-29T23:15:00');
    const rule = { quietHours: night, debounceSeconds: 300 };
    expect(releaseAt('major', rule, at)).toBe(at);
    expect(releaseAt('high', rule, at).toISOString()).toBe(bj('2026-11-30T07:00:00').toISOString());
    // Debounce, then quiet hours: 21:58 + 5 min falls in them.
    expect(releaseAt('normal', rule, bj('2026-11-29T21:58:00')).toISOString()).toBe(
      bj('2026-11-30T07:00:00').toISOString(),
    );
    expect(releaseAt('normal', rule, bj('2026-11-29T10:00:00')).toISOString()).toBe(
      bj('2026-11-29T10:05:00').toISOString(),
    );
  });
});

describe('coverage check', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const base = {
    status: 'open' as const,
    severity: 'high' as const,
    lookedMajor: false,
    firedAt: '2026-11-29T11:00:00.000Z',
    ackDueAt: '2026-11-29T11:30:00.000Z',
  };
  it('lists late, dismissed-major and long-open alerts', () => {
    expect(coverageReasons(base, now, S)).toEqual(['overdue']);
    expect(coverageReasons({ ...base, ackDueAt: '2026-11-29T12:30:00.000Z' }, now, S)).toEqual([]);
    expect(coverageReasons({ ...base, status: 'acknowledged' }, now, S)).toEqual([]);
    expect(coverageReasons({ ...base, status: 'dismissed' }, now, S)).toEqual([]);
    expect(coverageReasons({ ...base, status: 'dismissed', lookedMajor: true }, now, S)).toEqual([
      'dismissed_major',
    ]);
    expect(coverageReasons({ ...base, status: 'dismissed', severity: 'major' }, now, S)).toEqual([
      'dismissed_major',
    ]);
    expect(
      coverageReasons(
        { ...base, status: 'acknowledged', firedAt: '2026-11-28T11:00:00.000Z' },
        now,
        S,
      ),
    ).toEqual(['open_too_long']);
    expect(
      coverageReasons({ ...base, status: 'linked', firedAt: '2026-11-20T11:00:00.000Z' }, now, S),
    ).toEqual([]);
  });
});
