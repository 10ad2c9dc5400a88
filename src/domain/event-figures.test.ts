import { describe, expect, it } from 'vitest';
import {
  addMention,
  emptyAggregate,
  gradingInput,
  heatFigures,
  type MentionFacts,
} from './event-figures.ts';

const base: MentionFacts = {
  time: Date.parse('2026-11-28T08:00:00Z'),
  sentiment: 'neutral',
  interactions: 0,
  followers: 0,
  authority: null,
  risk: 0,
  riskCategories: [],
  regions: [],
};

describe('event figures', () => {
  it('folds mentions: times, sentiment, reach, the highest authority, risk counts', () => {
    const agg = emptyAggregate();
    addMention(agg, {
      ...base,
      sentiment: 'negative',
      interactions: 10,
      followers: 500,
      risk: 0.4,
      riskCategories: ['corruption'],
    });
    addMention(agg, {
      ...base,
      time: base.time - 60_000,
      interactions: 5,
      followers: 9000,
      authority: { tier: 'provincial', name: '甘肃日报' },
      risk: 0.9,
      riskCategories: ['corruption', 'casualties'],
    });
    addMention(agg, {
      ...base,
      time: base.time + 60_000,
      sentiment: 'positive',
      authority: { tier: 'media', name: '某报' },
    });
    addMention(agg, { ...base, authority: { tier: 'central', name: '新华社' }, interactions: -3 });
    expect(agg).toMatchObject({
      first: base.time - 60_000,
      last: base.time + 60_000,
      mentions: 4,
      negative: 1,
      neutral: 2,
      positive: 1,
      interactions: 15,
      maxFollowers: 9000,
      authority: { tier: 'central', name: '新华社' },
      maxRisk: 0.9,
      riskCategories: { corruption: 2, casualties: 1 },
    });
  });

  it('keeps the 市州 of Gansu named (counties lead to theirs) and notes places outside', () => {
    const agg = emptyAggregate();
    addMention(agg, {
      ...base,
      regions: [
        { adcode: '620500', level: 'prefecture', path: ['620000'] },
        { adcode: '620502', level: 'county', path: ['620000', '620500'] },
        { adcode: '620702', level: 'county', path: ['620000', '620700'] },
        { adcode: '620000', level: 'province', path: [] },
      ],
    });
    expect(agg.prefectures).toEqual(['620500', '620700']);
    expect(agg.outsideProvince).toBe(false);
    addMention(agg, { ...base, regions: [{ adcode: '110000', level: 'province', path: [] }] });
    expect(agg.outsideProvince).toBe(true);
    expect(gradingInput(agg, 42)).toMatchObject({
      heat: 42,
      mentions: 2,
      prefectures: ['620500', '620700'],
      outsideProvince: true,
    });
    expect(heatFigures(agg, 7)).toMatchObject({ mentions: 2, lastHour: 7 });
  });
});
