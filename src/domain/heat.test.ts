import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEAT_CONFIG,
  heatConfigSchema,
  heatOf,
  saturate,
  type EventFigures,
} from './heat.ts';

const quiet: EventFigures = {
  mentions: 1,
  lastHour: 0,
  interactions: 0,
  maxFollowers: 0,
  authority: null,
  negative: 0,
  maxRisk: 0,
  riskCategories: {},
};

describe('heat index', () => {
  it('saturates: 0 at 0, 1 at the full mark and beyond, rising in between', () => {
    expect(saturate(0, 100)).toBe(0);
    expect(saturate(-5, 100)).toBe(0);
    expect(saturate(100, 100)).toBe(1);
    expect(saturate(10_000, 100)).toBe(1);
    expect(saturate(10, 100)).toBeGreaterThan(saturate(5, 100));
    expect(saturate(Number.NaN, 100)).toBe(0);
  });

  it('a lone neutral post is cold; every factor is listed with what it measured', () => {
    const h = heatOf(quiet);
    expect(h.score).toBeLessThan(5);
    expect(h.factors.map((f) => f.key)).toEqual([
      'volume',
      'velocity',
      'reach',
      'authority',
      'negativity',
      'risk',
    ]);
    expect(h.factors.find((f) => f.key === 'volume')!.zh).toBe('共 1 条信息');
    expect(h.factors.find((f) => f.key === 'authority')!.value).toBe(0);
  });

  it('the score is the sum of the factors’ points, within 0..100', () => {
    const hot: EventFigures = {
      mentions: 5000,
      lastHour: 900,
      interactions: 3_000_000,
      maxFollowers: 80_000_000,
      authority: { tier: 'central', name: '人民日报' },
      negative: 5000,
      maxRisk: 1,
      riskCategories: { data_falsification: 40 },
    };
    const h = heatOf(hot);
    expect(h.score).toBe(100);
    const sum = h.factors.reduce((a, f) => a + f.points, 0);
    expect(Math.abs(sum - h.score)).toBeLessThan(0.01);
    expect(h.factors.find((f) => f.key === 'authority')!.zh).toBe('中央媒体：人民日报');
    expect(h.factors.find((f) => f.key === 'risk')!.zh).toContain('data_falsification×40');
  });

  it('each factor raises the score on its own (monotone)', () => {
    const base = heatOf({ ...quiet, mentions: 20 }).score;
    const raised: Partial<EventFigures>[] = [
      { mentions: 400 },
      { lastHour: 50 },
      { interactions: 50_000 },
      { authority: { tier: 'provincial', name: '甘肃日报' } },
      { negative: 18 },
      { maxRisk: 0.8, riskCategories: { corruption: 2 } },
    ];
    for (const r of raised) {
      expect(heatOf({ ...quiet, mentions: 20, ...r }).score, JSON.stringify(r)).toBeGreaterThan(
        base,
      );
    }
  });

  it('damps the negative share of a handful of posts', () => {
    const one = heatOf({ ...quiet, mentions: 1, negative: 1 });
    const many = heatOf({ ...quiet, mentions: 10, negative: 10 });
    const neg = (h: typeof one) => h.factors.find((f) => f.key === 'negativity')!.value;
    expect(neg(one)).toBeCloseTo(0.2);
    expect(neg(many)).toBe(1);
  });

  it('reads its weights from the configuration, normalised to 100 points', () => {
    const onlyVolume = heatConfigSchema.parse({
      ...DEFAULT_HEAT_CONFIG,
      weights: { volume: 1, velocity: 0, reach: 0, authority: 0, negativity: 0, risk: 0 },
    });
    const h = heatOf({ ...quiet, mentions: 2000, negative: 2000, maxRisk: 1 }, onlyVolume);
    expect(h.score).toBe(100);
    expect(h.factors.find((f) => f.key === 'risk')!.points).toBe(0);
    expect(() =>
      heatConfigSchema.parse({
        ...DEFAULT_HEAT_CONFIG,
        weights: { volume: 0, velocity: 0, reach: 0, authority: 0, negativity: 0, risk: 0 },
      }),
    ).toThrow(/at least one weight/);
  });
});
