import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRADING_RULES,
  gradingRulesSchema,
  suggestGrade,
  type GradingInput,
} from './grading.ts';

const calm: GradingInput = {
  heat: 20,
  mentions: 12,
  authority: null,
  riskCategories: {},
  prefectures: ['620100'],
  outsideProvince: false,
};

describe('suggested grade', () => {
  it('is general when no rule is met, and lists every rule it checked', () => {
    const s = suggestGrade(calm);
    expect(s.grade).toBe('general');
    expect(s.reasons.map((r) => r.rule).sort()).toEqual(
      [
        'authority',
        'casualties',
        'heat',
        'outside_province',
        'prefectures',
        'risk',
        'volume',
      ].sort(),
    );
    expect(s.reasons.every((r) => !r.met)).toBe(true);
  });

  it.each([
    ['heat', { heat: 70 }],
    ['authority', { authority: { tier: 'central' as const, name: '新华社' } }],
    ['risk', { riskCategories: { data_falsification: 3 } }],
    ['casualties', { riskCategories: { casualties: 1 } }],
    ['prefectures', { prefectures: ['620100', '620500', '620800'] }],
    ['volume', { mentions: 1000 }],
  ] as const)('is major when the %s rule is met, and says so first', (rule, change) => {
    const s = suggestGrade({ ...calm, ...change });
    expect(s.grade).toBe('major');
    expect(s.reasons[0]).toMatchObject({ rule, met: true });
    expect(s.reasons.filter((r) => r.met)).toHaveLength(1);
  });

  it('stays general just below each threshold', () => {
    expect(suggestGrade({ ...calm, heat: 69 }).grade).toBe('general');
    expect(suggestGrade({ ...calm, riskCategories: { data_falsification: 2 } }).grade).toBe(
      'general',
    );
    expect(suggestGrade({ ...calm, riskCategories: { privacy_leak: 50 } }).grade).toBe('general');
    expect(
      suggestGrade({ ...calm, authority: { tier: 'provincial', name: '甘肃日报' } }).grade,
    ).toBe('general');
    expect(suggestGrade({ ...calm, outsideProvince: true }).grade).toBe('general');
  });

  it('follows configured rules', () => {
    const rules = gradingRulesSchema.parse({
      ...DEFAULT_GRADING_RULES,
      majorAuthority: ['central', 'provincial'],
      majorOutsideProvince: true,
    });
    expect(
      suggestGrade({ ...calm, authority: { tier: 'provincial', name: '甘肃日报' } }, rules).grade,
    ).toBe('major');
    const outside = suggestGrade({ ...calm, outsideProvince: true }, rules);
    expect(outside.grade).toBe('major');
    expect(outside.reasons[0]!.zh).toBe('涉及省外地区');
    expect(() => gradingRulesSchema.parse({ ...DEFAULT_GRADING_RULES, majorHeat: 120 })).toThrow();
  });
});
