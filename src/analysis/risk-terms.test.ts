import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { sharedData } from '../../test/shared-data.ts';
import { analysisText } from './normalise.ts';
import {
  compileRisk,
  DEFAULT_RISK_LEXICON,
  riskLexiconSchema,
  type RiskLexicon,
} from './risk-terms.ts';

const risk = compileRisk(DEFAULT_RISK_LEXICON);
const ids = (text: string) => risk.assess(text).categories.map((c) => c.id);

function lexicon(...categories: Partial<RiskLexicon['categories'][number]>[]): RiskLexicon {
  return {
    categories: categories.map((c, i) => ({
      id: `c${i}`,
      name: `类${i}`,
      nameEn: `C${i}`,
      weight: 0.5,
      terms: ['词'],
      ...c,
    })),
  };
}

/** Issue paths of a lexicon that fails validation, joined with dots. */
function issuePaths(value: unknown): string[] {
  const result = riskLexiconSchema.safeParse(value);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('DEFAULT_RISK_LEXICON', () => {
  it('is valid, with the required categories and 15-45 terms each', () => {
    expect(riskLexiconSchema.parse(DEFAULT_RISK_LEXICON)).toEqual(DEFAULT_RISK_LEXICON);
    const byId = new Map(DEFAULT_RISK_LEXICON.categories.map((c) => [c.id, c]));
    for (const id of [
      'data_falsification',
      'corruption',
      'casualties',
      'staff_misconduct',
      'mass_incident',
      'privacy_leak',
      'violence',
      'statistics_distrust',
    ]) {
      expect(byId.has(id), id).toBe(true);
    }
    for (const c of DEFAULT_RISK_LEXICON.categories) {
      expect(c.terms.length, c.id).toBeGreaterThanOrEqual(15);
      expect(c.terms.length, c.id).toBeLessThanOrEqual(45);
      expect(new Set(c.terms).size, c.id).toBe(c.terms.length);
    }
    expect(byId.get('data_falsification')?.terms).toEqual(
      expect.arrayContaining(['造假', '注水', '数据打架', '弄虚作假', '虚报', '瞒报', '失实']),
    );
  });
});

describe('riskLexiconSchema', () => {
  it('accepts a minimal lexicon and trims terms', () => {
    const parsed = riskLexiconSchema.parse(lexicon({ terms: [' 造假 '], exclude: ['打假'] }));
    expect(parsed.categories[0]?.terms).toEqual(['造假']);
  });

  it('rejects bad values with the path of the offending field', () => {
    expect(issuePaths({ categories: [] })).toEqual(['categories']);
    expect(issuePaths({})).toEqual(['categories']);
    expect(issuePaths(lexicon({ id: 'Data Falsification' }))).toEqual(['categories.0.id']);
    expect(issuePaths(lexicon({}, { weight: 1.5 }))).toEqual(['categories.1.weight']);
    expect(issuePaths(lexicon({ weight: -0.1 }))).toEqual(['categories.0.weight']);
    expect(issuePaths(lexicon({ terms: [] }))).toEqual(['categories.0.terms']);
    expect(issuePaths(lexicon({ terms: ['好', '  ', 'x'.repeat(51)] }))).toEqual([
      'categories.0.terms.1',
      'categories.0.terms.2',
    ]);
    expect(issuePaths(lexicon({ terms: Array.from({ length: 2001 }, (_, i) => `t${i}`) }))).toEqual(
      ['categories.0.terms'],
    );
    expect(issuePaths(lexicon({ exclude: [''] }))).toEqual(['categories.0.exclude.0']);
    expect(issuePaths(lexicon({ name: '' }))).toEqual(['categories.0.name']);
    const many = lexicon(...Array.from({ length: 201 }, () => ({})));
    expect(issuePaths(many)).toEqual(['categories']);
  });

  it('rejects duplicate ids at the later one', () => {
    const dup = lexicon({ id: 'a' }, { id: 'b' }, { id: 'a' });
    expect(issuePaths(dup)).toEqual(['categories.2.id']);
    const message = riskLexiconSchema.safeParse(dup).error?.issues[0]?.message;
    expect(message).toMatch(/"a".*category 0/);
  });

  it('makes compileRisk throw the ZodError', () => {
    expect(() => compileRisk(lexicon({ weight: 2 }))).toThrow(ZodError);
  });
});

describe('compileRisk', () => {
  it('scores 1 - Π(1 - weight) over matched categories', () => {
    const r = compileRisk(
      lexicon(
        { id: 'a', weight: 0.9, terms: ['造假'] },
        { id: 'b', weight: 0.6, terms: ['投诉'] },
        { id: 'c', weight: 0, terms: ['天气'] },
      ),
    );
    expect(r.assess('今天很好')).toEqual({ score: 0, categories: [] });
    expect(r.assess('造假').score).toBeCloseTo(0.9, 12);
    expect(r.assess('造假造假又造假').score).toBeCloseTo(0.9, 12);
    const both = r.assess('投诉统计造假，天气不错');
    expect(both.score).toBeCloseTo(1 - 0.1 * 0.4, 12);
    expect(both.categories).toEqual([
      { id: 'a', weight: 0.9, terms: ['造假'] },
      { id: 'b', weight: 0.6, terms: ['投诉'] },
      { id: 'c', weight: 0, terms: ['天气'] },
    ]);
  });

  it('reports distinct terms as written, the longest where terms nest', () => {
    const r = compileRisk(lexicon({ terms: ['造假', '数据造假', 'GDP注水', '瞒报', '瞒报'] }));
    expect(r.assess('数据造假，瞒报，再瞒报，又造假').categories[0]?.terms).toEqual([
      '数据造假',
      '瞒报',
      '造假',
    ]);
    // Folded at compile (traditional, width, case) and case-folded in the text.
    expect(r.assess('gdp注水').categories[0]?.terms).toEqual(['GDP注水']);
    const traditional = compileRisk(lexicon({ terms: ['數據造假'] }));
    expect(traditional.assess('被指数据造假').categories[0]?.terms).toEqual(['數據造假']);
    expect(traditional.assess(analysisText({ text: '被指數據造假' })).score).toBe(0.5);
    expect(compileRisk(lexicon({ terms: ['ＣＰＩ造假'] })).assess('CPI造假').score).toBe(0.5);
  });

  it('drops matches inside an exclusion of the same category only', () => {
    const r = compileRisk(
      lexicon(
        { id: 'casualty', terms: ['死亡', '作风粗暴'], exclude: ['死亡率', '工作作风'] },
        { id: 'other', terms: ['死亡'] },
      ),
    );
    expect(r.assess('人口死亡率下降').categories.map((c) => c.id)).toEqual(['other']);
    expect(r.assess('死亡率下降，一人死亡').categories.map((c) => c.id)).toEqual([
      'casualty',
      'other',
    ]);
    // An exclusion that only overlaps a term leaves it.
    expect(r.assess('工作作风粗暴').categories[0]?.terms).toEqual(['作风粗暴']);
  });

  it('ignores negation: the topic counts whatever its polarity', () => {
    expect(ids('统计局称不存在数据造假')).toEqual(['data_falsification']);
  });
});

describe('the default lexicon on examples', () => {
  it('finds the categories of typical posts', () => {
    expect(ids('兰州新区统计局被指数据打架，GDP注水')).toEqual(['data_falsification']);
    expect(ids('某局长涉嫌受贿被留置')).toEqual(['corruption']);
    expect(ids('事故造成3人死亡、5人受伤')).toEqual(['casualties', 'accident_disaster']);
    expect(ids('村民聚集在县政府门口上访')).toEqual(['mass_incident']);
    expect(ids('调查员态度恶劣，吃拿卡要')).toEqual(['staff_misconduct']);
    expect(ids('普查员泄露住户信息')).toEqual(['privacy_leak']);
    expect(ids('男子持刀伤人')).toEqual(['violence']);
    expect(ids('我的工资又被平均了，统计局又在拖后腿')).toEqual(['statistics_distrust']);
    expect(ids('实名举报村干部')).toEqual(['complaint_exposure']);
  });

  it('does not flag the harmless uses it knows', () => {
    const harmless = [
      '2023年全省人口死亡率为7.8‰，出生率下降',
      '请大家避免聚集，聚集性疫情要防范',
      '加强作风建设，转变工作作风',
      '我喜欢余华的写作风格',
      '打开盒子，包装完好',
      '致兄弟城市旅游行业同仁的一封信',
      '请勿道德绑架',
      '看着火锅店开门了',
      '到处分享好消息',
      '相机的曝光补偿很好用',
      '这是非暴力的抗争', // 抗争 is not a term
    ];
    expect(harmless.map((t) => `${t}: ${ids(t).join(',')}`)).toEqual(harmless.map((t) => `${t}: `));
  });

  const weibo = sharedData('sentiment/weibo_senti_dev.tsv', 'risk-terms');
  it.skipIf(weibo === undefined)('runs over real Weibo posts in one pass each', () => {
    const posts = readFileSync(weibo!, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.slice(line.indexOf('\t') + 1))
      .filter((t) => t !== '')
      .map((text) => analysisText({ text }));
    const t0 = performance.now();
    const scores = posts.map((p) => risk.assess(p).score);
    const ms = performance.now() - t0;
    const chars = posts.reduce((n, p) => n + p.length, 0);
    const flagged = scores.filter((s) => s > 0).length;
    expect(scores.every((s) => s >= 0 && s < 1)).toBe(true);
    console.log(
      `risk: ${posts.length} posts, ${flagged} flagged, ${chars} chars in ${ms.toFixed(0)} ms ` +
        `(${((chars / ms) * 1000).toFixed(0)} chars/s)`,
    );
    // Everyday posts: a few per cent touch a risk category, far from all.
    expect(flagged).toBeGreaterThan(posts.length * 0.01);
    expect(flagged).toBeLessThan(posts.length * 0.2);
  });

  it('compiles the default lexicon quickly', () => {
    const t0 = performance.now();
    compileRisk(DEFAULT_RISK_LEXICON);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
