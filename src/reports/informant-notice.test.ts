import { describe, expect, it } from 'vitest';
import { readDocx } from '../../test/docx-reader.ts';
import { FIXTURE_REPORTS, PERSON_UNIT, UNIT_ORDER } from '../../test/fixtures/informant-ranking.ts';
import {
  DEFAULT_SCORING_SETTINGS,
  parsePeriod,
  rankPeople,
  rankUnits,
  reportsInPeriod,
  scoreReport,
  tally,
  type Period,
  type ReportFact,
} from '../domain/informant-scoring.ts';
import { documentText } from './document.ts';
import { renderDocx } from './docx-render.ts';
import { informantNotice, leadText, percent, type NoticeInput } from './informant-notice.ts';

const UNIT_NAMES: Record<string, string> = {
  Z: '综合处',
  H: '国民经济核算处',
  L: '兰州市统计局',
  W: '白银市统计局',
  T: '天水市统计局',
};
const PERSON_NAMES: Record<string, string> = {
  A: '王明远',
  B: '李晓东',
  C: '张静怡',
  D: '刘志诚',
  E: '陈雨桐',
  G: '杨建国',
};

const minutesAfter = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const FACTS: ReportFact[] = FIXTURE_REPORTS.map((r) => {
  const after = r.link?.machineAfterMinutes ?? null;
  return {
    id: r.key,
    createdAt: r.createdAt,
    reporterId: r.person,
    reporterName: PERSON_NAMES[r.person] ?? r.person,
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
const UNITS = UNIT_ORDER.map((u, i) => ({ id: u, name: UNIT_NAMES[u] ?? u, sortOrder: i }));

function noticeInput(periodText: string): NoticeInput {
  const period = parsePeriod(periodText) as Period;
  const facts = reportsInPeriod(FACTS, period);
  const s = DEFAULT_SCORING_SETTINGS;
  return {
    period,
    generatedAt: '2026-12-01T01:00:00.000Z',
    issuer: '甘肃省统计局网络舆情处置工作领导小组办公室',
    settings: s,
    totals: tally(facts, s),
    units: rankUnits(facts, UNITS, s),
    people: rankPeople(facts, UNITS, s),
    adopted: facts.flatMap((f) => {
      const score = scoreReport(f, s);
      if (score.status !== 'adopted' || !score.level) return [];
      return [
        {
          createdAt: f.createdAt,
          unitName: UNIT_NAMES[f.unitId] ?? '',
          reporterName: f.reporterName,
          text: `报送内容${f.id}：网传统计数据有误`,
          level: score.level,
          lead: score.lead,
          points: score.points.total,
        },
      ];
    }),
  };
}

describe('the notice of reports and adoptions (报送及采用情况通报)', () => {
  it('says the period, the totals, the unit and person tables and the adopted reports', () => {
    const doc = informantNotice(noticeInput('2026-11'));
    expect(doc.title).toBe('网络舆情信息报送及采用情况通报');
    expect(doc.subtitle).toBe('2026年11月');
    const text = documentText(doc);
    expect(text).toContain(
      '2026年11月，全省共报送舆情信息10条，经审核采用6条，采用率60.0%；其中日报采用4条、专报采用1条、领导批示1条。',
    );
    expect(text).toContain('先于系统监测发现并被采用4条，有系统比对的平均领先264分钟');
    expect(text).toContain('不采用2条，系统已先行发现1条，待审核1条。');

    const tables = doc.blocks.filter((b) => b.kind === 'table');
    expect(tables.map((t) => t.caption)).toEqual([
      '表1 2026年11月各单位报送及采用情况',
      '表2 2026年11月信息员报送及采用情况',
      '表3 2026年11月采用信息目录',
    ]);
    const [units, people, adopted] = tables;
    expect(units?.rows).toEqual([
      [1, '综合处', 1, 1, '100.0%', 1, 10],
      [2, '天水市统计局', 2, 1, '50.0%', 1, 8],
      [3, '白银市统计局', 2, 2, '100.0%', 0, 6],
      [4, '国民经济核算处', 1, 1, '100.0%', 1, 6],
      [4, '兰州市统计局', 4, 1, '25.0%', 1, 6],
    ]);
    expect(people?.rows).toEqual([
      [1, '张静怡', '综合处', 1, 1, '100.0%', 1, 10],
      [2, '李晓东', '天水市统计局', 2, 1, '50.0%', 1, 8],
      [3, '杨建国', '白银市统计局', 2, 2, '100.0%', 0, 6],
      [4, '刘志诚', '国民经济核算处', 1, 1, '100.0%', 1, 6],
      [4, '王明远', '兰州市统计局', 3, 1, '33.3%', 1, 6],
      [6, '陈雨桐', '兰州市统计局', 1, 0, '0.0%', 0, 0],
    ]);
    // Oldest first, in Shanghai time; r6 at 23:59 on 30 November is November's last.
    expect(adopted?.rows.map((r) => [r[1], r[3], r[5], r[6], r[7]])).toEqual([
      ['11月3日 10:00', '王明远', '日报采用', '领先250分钟', 6],
      ['11月5日 12:00', '杨建国', '日报采用', '—', 3],
      ['11月6日 12:00', '杨建国', '日报采用', '—', 3],
      ['11月12日 11:00', '李晓东', '专报采用', '系统未发现', 8],
      ['11月15日 08:00', '张静怡', '领导批示', '领先300分钟', 10],
      ['11月30日 23:59', '刘志诚', '日报采用', '领先241分钟', 6],
    ]);
    const charts = doc.blocks.filter((b) => b.kind === 'chart');
    expect(charts).toHaveLength(1);
    expect(charts[0]?.kind === 'chart' && charts[0].chart.title).toBe('2026年11月各单位积分');
    expect(text).toContain(
      '每条采用信息计1分；按采用层级另计：日报采用2分，专报采用4分，领导批示6分。',
    );
  });

  it('names a quarter as such', () => {
    const doc = informantNotice(noticeInput('2026-Q4'));
    expect(doc.subtitle).toBe('2026年第四季度');
    expect(documentText(doc)).toContain('2026年第四季度，全省共报送舆情信息12条，经审核采用8条');
  });

  it('says so when nobody reported', () => {
    const doc = informantNotice(noticeInput('2026-01'));
    const text = documentText(doc);
    expect(text).toContain('全省共报送舆情信息0条');
    expect(text).toContain('采用率—');
    expect(text).toContain('本期各单位均无报送。');
    expect(text).toContain('本期无采用信息。');
    expect(doc.blocks.some((b) => b.kind === 'chart')).toBe(false);
  });

  it('writes small helpers plainly', () => {
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(null)).toBe('—');
    expect(leadText({ kind: 'machine_first', machineAt: 'x' })).toBe('系统先发现');
  });

  it('opens as a Word document with the text, the tables and the chart', async () => {
    const docx = await readDocx(await renderDocx(informantNotice(noticeInput('2026-11'))));
    expect(docx.text).toContain('网络舆情信息报送及采用情况通报');
    expect(docx.text).toContain('全省共报送舆情信息10条，经审核采用6条，采用率60.0%');
    expect(docx.text).toContain('表1 2026年11月各单位报送及采用情况');
    // The unit table's first row, cell by cell.
    expect(docx.text).toContain('1综合处11100.0%110');
    expect(docx.text).toContain('王明远兰州市统计局');
    expect(docx.tables).toBeGreaterThanOrEqual(4);
    expect(docx.media.some((m) => m.endsWith('.png'))).toBe(true);
  }, 60_000);
});
