// The briefing's content on a fixture whose figures were worked out by hand: the summary says
// them right, the tables hold them, the charts carry the series, and nothing private leaks.
import { describe, expect, it } from 'vitest';
import {
  acknowledgedLate,
  briefingDocument,
  change,
  percent,
  periodicSummary,
  specialSummary,
  trendWord,
  type AlertFigures,
  type PeriodicFigures,
  type SpecialFigures,
} from './briefing-content.ts';
import { documentText, type Block } from './document.ts';

const hours = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse('2026-11-27T16:00:00Z') + i * 3600e3).toISOString(),
  );

function alert(over: Partial<AlertFigures>): AlertFigures {
  return {
    id: 'a',
    title: '预警',
    kind: 'event',
    severity: 'normal',
    status: 'open',
    firedAt: '2026-11-28T02:00:00.000Z',
    ackDueAt: '2026-11-28T04:00:00.000Z',
    acknowledgedAt: null,
    closedAt: null,
    closeReason: null,
    incidentTitle: null,
    ...over,
  };
}

// 2026-11-28 (Shanghai): 40 mentions: 10 negative, 25 neutral, 5 positive; 32 the day before.
const counts = new Array<number>(24).fill(0);
const negative = new Array<number>(24).fill(0);
const positive = new Array<number>(24).fill(0);
counts[9] = 12; // 09时
counts[14] = 20; // 14时: the peak
counts[20] = 8;
negative[14] = 10;
positive[9] = 5;

const DAILY: PeriodicFigures = {
  kind: 'daily',
  issueNo: 12,
  year: 2026,
  scopeName: '甘肃省统计局',
  unitId: null,
  generatedAt: '2026-11-29T00:00:05.000Z',
  period: {
    start: '2026-11-27T16:00:00.000Z',
    end: '2026-11-28T16:00:00.000Z',
    text: '2026年11月28日',
  },
  previous: { text: '前一日', total: 32 },
  volume: { res: 'hour', starts: hours(24), counts, negative, positive },
  sentiment: { negative: 10, neutral: 25, positive: 5 },
  sources: [
    { name: '微博', count: 30, negative: 9 },
    { name: '新闻网站', count: 10, negative: 1 },
  ],
  hotEvents: [
    {
      id: 'e1',
      title: '青石县统计数据造假传言',
      heat: 78,
      mentions: 25,
      previousMentions: 10,
      negative: 10,
      suggestedGrade: 'major',
      firstSeen: '2026-11-28T01:00:00.000Z',
      lastSeen: '2026-11-28T12:00:00.000Z',
    },
    {
      id: 'e2',
      title: '七里河区暴雨',
      heat: 40,
      mentions: 15,
      previousMentions: 15,
      negative: 0,
      suggestedGrade: 'general',
      firstSeen: '2026-11-28T01:00:00.000Z',
      lastSeen: '2026-11-28T12:00:00.000Z',
    },
  ],
  prefectures: [
    { name: '兰州市', count: 15, negative: 2 },
    { name: '天水市', count: 5, negative: 5 },
    { name: '酒泉市', count: 0, negative: 0 },
  ],
  alerts: [
    // Acknowledged on time (10 min before the deadline).
    alert({
      id: 'a1',
      title: '造假传言预警',
      severity: 'major',
      status: 'linked',
      ackDueAt: '2026-11-28T02:10:00.000Z',
      acknowledgedAt: '2026-11-28T02:00:30.000Z',
      incidentTitle: '青石县数据造假传言处置',
    }),
    // Acknowledged 20 minutes late.
    alert({
      id: 'a2',
      title: '暴雨预警',
      severity: 'high',
      status: 'acknowledged',
      ackDueAt: '2026-11-28T02:30:00.000Z',
      acknowledgedAt: '2026-11-28T02:50:00.000Z',
    }),
    // Dismissed with a reason.
    alert({
      id: 'a3',
      title: '重复转载预警',
      severity: 'major',
      status: 'dismissed',
      closeReason: '与已处置事件重复',
    }),
    // Still open past its deadline when the briefing was made.
    alert({ id: 'a4', title: '信源采集失败：县政府网', kind: 'coverage', severity: 'high' }),
  ],
  incidents: [
    {
      id: 'i1',
      title: '青石县数据造假传言处置',
      stateLabel: '应急响应中',
      grade: 'major',
      openedAt: '2026-11-28T02:05:00.000Z',
      clocks: [
        {
          label: '首报时限',
          status: 'met',
          targetAt: '2026-11-28T03:05:00.000Z',
          doneAt: '2026-11-28T02:40:00.000Z',
          overdueMinutes: null,
          explained: false,
        },
        {
          label: '首次权威发布时限',
          status: 'breached',
          targetAt: '2026-11-28T04:00:00.000Z',
          doneAt: '2026-11-28T05:30:00.000Z',
          overdueMinutes: 90,
          explained: true,
        },
        {
          label: '续报时限',
          status: 'running',
          targetAt: '2026-11-29T02:40:00.000Z',
          doneAt: null,
          overdueMinutes: null,
          explained: false,
        },
      ],
    },
  ],
  incidentsWithheld: 1,
  coverage: {
    sources: [
      { name: '县政府网', status: 'failing', reason: '采集失败（the last 3 polls failed）' },
    ],
    coverageAlerts: [
      { title: '信源采集失败：县政府网', firedAt: '2026-11-28T02:00:00.000Z', status: 'open' },
    ],
    check: {
      at: '2026-11-29T00:00:05.000Z',
      overdue: 1,
      dismissedMajor: 1,
      openTooLong: 0,
      clocksBreached: 1,
      clocksUnexplained: 0,
    },
    hourlyChecks: { count: 24, withFindings: 3 },
    openTooLongHours: 24,
  },
};

const tables = (blocks: Block[]) =>
  blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
const charts = (blocks: Block[]) =>
  blocks.filter((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart');

describe('figures in words', () => {
  it('percentages, changes and trends', () => {
    expect(percent(10, 40)).toBe('25.0%');
    expect(percent(1, 3)).toBe('33.3%');
    expect(percent(0, 0)).toBe('0%');
    expect(change(40, 32)).toBe('增加 25.0%');
    expect(change(24, 32)).toBe('减少 25.0%');
    expect(change(5, 0)).toBe('新增');
    expect(change(0, 0)).toBe('持平');
    expect(trendWord(25, 10)).toBe('上升');
    expect(trendWord(15, 15)).toBe('平稳');
    expect(trendWord(5, 10)).toBe('下降');
    expect(trendWord(3, 0)).toBe('新出现');
  });

  it('an acknowledgement after its deadline is late, at it or before is not', () => {
    expect(acknowledgedLate(DAILY.alerts[0]!)).toBe(false);
    expect(acknowledgedLate(DAILY.alerts[1]!)).toBe(true);
    expect(acknowledgedLate(DAILY.alerts[2]!)).toBeNull();
    expect(
      acknowledgedLate(
        alert({ ackDueAt: '2026-11-28T04:00:00.000Z', acknowledgedAt: '2026-11-28T04:00:00.000Z' }),
      ),
    ).toBe(false);
  });
});

describe('a daily briefing', () => {
  const doc = briefingDocument(DAILY);
  const text = documentText(doc);

  it('has the masthead: title, issue and day, issuer, marking', () => {
    expect(doc.title).toBe('甘肃省统计局网络舆情日报');
    expect(doc.subtitle).toBe('第 12 期 · 2026年11月28日');
    expect(doc.issuer).toBe('甘肃省统计局网络舆情处置工作领导小组办公室');
    expect(doc.marking).toBe('内部资料 注意保存');
    expect(doc.generatedAt).toBe(DAILY.generatedAt);
  });

  it('says the figures in its summary', () => {
    expect(periodicSummary(DAILY)).toBe(
      '2026年11月28日，共监测到与我局工作相关的网络舆情信息 40 条，较前一日（32 条）增加 25.0%。' +
        '其中负面 10 条（占 25.0%），中性 25 条，正面 5 条。' +
        '信息主要来自微博（30 条）、新闻网站（10 条）。' +
        '本期活跃事件 2 个，热度最高的是“青石县统计数据造假传言”（热度 78，本期 25 条）。' +
        '共触发预警 4 条（其中重大 2 条），逾期确认 1 条，超时未确认 1 条。' +
        '在办舆情处置 2 起，处置时限超时 1 项。' +
        // 1 failing source + 1 late ack + overdue 1 + dismissed major 1 + clocks breached 1
        '监测覆盖检查发现问题 5 项，详见第九部分。',
    );
  });

  it('has every section in order', () => {
    const headings = doc.blocks.filter((b) => b.kind === 'heading' && b.level === 1);
    expect(headings.map((b) => (b as { text: string }).text)).toEqual([
      '一、总体情况',
      '二、舆情走势',
      '三、情感倾向',
      '四、信息来源',
      '五、热点事件',
      '六、地域分布',
      '七、预警及处置情况',
      '八、舆情处置及时限',
      '九、监测覆盖检查',
    ]);
    expect(text).toContain('信息量峰值出现在11月28日 14时，共 20 条。');
  });

  it('charts: the hourly curve, the sentiment pie, the events bar, the Gansu map', () => {
    const cs = charts(doc.blocks);
    expect(cs.map((c) => c.chart.title)).toEqual([
      '分时段信息量走势',
      '情感倾向分布',
      '热点事件信息量',
      '全省各市州信息量分布',
    ]);
    const line = cs[0]!.chart.option as {
      xAxis: { data: string[] };
      series: { name: string; data: number[] }[];
    };
    expect(line.xAxis.data).toHaveLength(24);
    expect(line.xAxis.data[14]).toBe('14时');
    expect(line.series.map((s) => s.name)).toEqual(['信息总量', '负面', '中性', '正面']);
    expect(line.series[0]!.data[14]).toBe(20);
    // neutral = total - negative - positive, hour by hour
    expect(line.series[2]!.data[9]).toBe(7);
    const map = cs[3]!.chart.option as { series: { map: string; data: unknown[] }[] };
    expect(map.series[0]!.map).toBe('gansu');
    expect(map.series[0]!.data).toContainEqual({ name: '兰州市', value: 15 });
    for (const c of cs) expect(c.chart.alt.length).toBeGreaterThan(4);
  });

  it('tables: sentiment, sources, hot events, regions, alerts by severity, clocks', () => {
    const ts = tables(doc.blocks);
    const by = (caption: string) => ts.find((t) => t.caption === caption)!;
    expect(by('情感倾向分布').rows).toEqual([
      ['负面', 10, '25.0%'],
      ['中性', 25, '62.5%'],
      ['正面', 5, '12.5%'],
      ['合计', 40, '100%'],
    ]);
    expect(by('主要信息来源').rows).toEqual([
      [1, '微博', 30, 9, '75.0%'],
      [2, '新闻网站', 10, 1, '25.0%'],
    ]);
    expect(by('热点事件（按热度）').rows).toEqual([
      [1, '青石县统计数据造假传言', 78, 25, '上升（上期 10）', '40.0%', '重大'],
      [2, '七里河区暴雨', 40, 15, '平稳（上期 15）', '0.0%', '一般'],
    ]);
    expect(by('各市州信息量').rows).toEqual([
      ['兰州市', 15, 2],
      ['天水市', 5, 5],
      ['酒泉市', 0, 0],
    ]);
    // [level, fired, on time, late, overdue, dismissed, linked]
    expect(by('预警处置情况（按级别）').rows).toEqual([
      ['重大', 2, 1, 0, 0, 1, 1],
      ['重要', 2, 0, 1, 1, 0, 0],
      ['一般', 0, 0, 0, 0, 0, 0],
      ['合计', 4, 1, 1, 1, 1, 1],
    ]);
    expect(by('预警明细').rows[0]).toEqual([
      '11月28日 10:00',
      '重大',
      '造假传言预警',
      '11月28日 10:00',
      '转处置：青石县数据造假传言处置',
    ]);
    expect(by('预警明细').rows[1]![3]).toBe('11月28日 10:50（逾期）');
    expect(by('预警明细').rows[2]![4]).toBe('排除：与已处置事件重复');
    expect(by('预警明细').rows[3]![3]).toBe('超时未确认');
    expect(by('在办舆情处置').rows).toEqual([
      [
        '青石县数据造假传言处置',
        '应急响应中',
        '重大',
        '11月28日 10:05',
        '按时 1，进行中 1，超时 1',
      ],
    ]);
    expect(by('“青石县数据造假传言处置”各项时限').rows).toEqual([
      ['首报时限', '11月28日 11:05', '11月28日 10:40', '按时完成'],
      ['首次权威发布时限', '11月28日 12:00', '11月28日 13:30', '已超时（1 小时 30 分钟，已说明）'],
      ['续报时限', '11月29日 10:40', '—', '进行中'],
    ]);
    expect(by('采集异常的信源').rows).toEqual([
      ['县政府网', '采集失败', '采集失败（the last 3 polls failed）'],
    ]);
    expect(by('逾期确认或超时未确认的预警').rows.map((r) => r[0])).toEqual([
      '暴雨预警',
      '信源采集失败：县政府网',
    ]);
  });

  it('says what it withheld and the coverage check with the hourly checks', () => {
    expect(text).toContain('另有 1 起因知悉范围限制未列明细。');
    expect(text).toContain(
      '截至2026年11月29日 08:00，预警覆盖检查结果：超过确认时限仍未确认 1 条，近 30 日排除的重大（或疑似重大）预警 1 条，超过 24 小时仍未办结 0 条；处置时限超时 1 项（未说明原因 0 项）。',
    );
    expect(text).toContain('本期系统每小时自动检查共 24 次，其中 3 次发现问题。');
    expect(text).toContain('【重大】重复转载预警：与已处置事件重复');
  });

  it('an empty day says so instead of empty tables', () => {
    const empty = briefingDocument({
      ...DAILY,
      volume: {
        ...DAILY.volume,
        counts: new Array(24).fill(0),
        negative: new Array(24).fill(0),
        positive: new Array(24).fill(0),
      },
      previous: { text: '前一日', total: 0 },
      sentiment: { negative: 0, neutral: 0, positive: 0 },
      sources: [],
      hotEvents: [],
      prefectures: DAILY.prefectures.map((p) => ({ ...p, count: 0, negative: 0 })),
      alerts: [],
      incidents: [],
      incidentsWithheld: 0,
      coverage: {
        ...DAILY.coverage,
        sources: [],
        coverageAlerts: [],
        check: { ...DAILY.coverage.check, overdue: 0, dismissedMajor: 0, clocksBreached: 0 },
      },
    });
    const t = documentText(empty);
    expect(t).toContain('共监测到与我局工作相关的网络舆情信息 0 条，较前一日（0 条）持平。');
    expect(t).toContain('本期未触发预警。');
    expect(t).toContain('本期无需确认的预警。');
    expect(t).toContain('本期无在办舆情处置。');
    expect(t).toContain('监测覆盖检查未发现问题。');
    expect(t).toContain('本期相关信息未涉及省内具体市州。');
    expect(charts(empty.blocks).map((c) => c.chart.title)).toEqual(['分时段信息量走势']);
  });

  it('a city bureau’s briefing is titled and issued as the bureau', () => {
    const city = briefingDocument({ ...DAILY, unitId: 'u-lz', scopeName: '兰州市统计局' });
    expect(city.title).toBe('兰州市统计局网络舆情日报');
    expect(city.issuer).toBe('兰州市统计局');
    expect(documentText(city)).toContain('共监测到兰州市统计局监测范围内的网络舆情信息 40 条');
  });

  it('a weekly briefing draws one point per day', () => {
    const starts = Array.from({ length: 7 }, (_, i) =>
      new Date(Date.parse('2026-11-22T16:00:00Z') + i * 86400e3).toISOString(),
    );
    const weekly = briefingDocument({
      ...DAILY,
      kind: 'weekly',
      period: {
        start: starts[0]!,
        end: '2026-11-29T16:00:00.000Z',
        text: '2026年11月23日至11月29日',
      },
      previous: { text: '上一周', total: 40 },
      volume: {
        res: 'day',
        starts,
        counts: [1, 2, 3, 4, 5, 6, 19],
        negative: [0, 0, 0, 0, 0, 0, 10],
        positive: [0, 0, 0, 0, 0, 0, 5],
      },
    });
    expect(weekly.title).toBe('甘肃省统计局网络舆情周报');
    const line = charts(weekly.blocks)[0]!;
    expect(line.chart.title).toBe('逐日信息量走势');
    expect((line.chart.option as { xAxis: { data: string[] } }).xAxis.data).toEqual([
      '11月23日',
      '11月24日',
      '11月25日',
      '11月26日',
      '11月27日',
      '11月28日',
      '11月29日',
    ]);
    expect(documentText(weekly)).toContain('较上一周（40 条）持平');
    expect(documentText(weekly)).toContain('信息量峰值出现在11月29日，共 19 条。');
  });
});

describe('a special report (专报)', () => {
  const SPECIAL: SpecialFigures = {
    kind: 'special',
    issueNo: 3,
    year: 2026,
    scopeName: '甘肃省统计局',
    unitId: null,
    generatedAt: '2026-11-29T03:00:00.000Z',
    subject: 'incident',
    subjectTitle: '青石县数据造假传言处置',
    facts: [
      ['事件名称', '青石县数据造假传言处置'],
      ['定级', '重大舆情'],
    ],
    timeline: [
      { at: '2026-11-28T02:05:00.000Z', text: '办公室登记舆情' },
      { at: '2026-11-28T05:30:00.000Z', text: '发布情况说明' },
    ],
    volume: { res: 'hour', starts: hours(24), counts, negative, positive },
    mark: { at: '2026-11-28T06:10:00.000Z', label: '首次权威发布' },
    sentiment: { negative: 10, neutral: 25, positive: 5 },
    prefectures: [
      { name: '兰州市', count: 3, negative: 1 },
      { name: '天水市', count: 7, negative: 4 },
    ],
    sources: [{ name: '微博', count: 40 }],
    events: [{ title: '青石县统计数据造假传言', mentions: 40, heat: 78, negative: 10 }],
    clocks: DAILY.incidents[0]!.clocks,
  };
  const doc = briefingDocument(SPECIAL);

  it('is titled for its subject and numbered in its year', () => {
    expect(doc.title).toBe('网络舆情专报：青石县数据造假传言处置');
    expect(doc.subtitle).toBe('2026年第 3 期 · 2026年11月29日');
    expect(specialSummary(SPECIAL)).toBe(
      '关于舆情处置“青石县数据造假传言处置”，共监测到相关信息 40 条，其中负面 10 条（占 25.0%），中性 25 条，正面 5 条。' +
        '涉及省内2个市州，以天水市（7 条）为多。各项处置时限中按时完成 1 项、超时 1 项。',
    );
  });

  it('has facts, timeline, the curve marked at the statement, regions, events and clocks', () => {
    const text = documentText(doc);
    expect(text).toContain('11月28日 10:05　办公室登记舆情');
    const line = charts(doc.blocks)[0]!.chart.option as {
      series: { markLine?: { data: { xAxis: string }[] } }[];
    };
    // 06:10 UTC is 14:10 in Shanghai: the 14时 bucket.
    expect(line.series[0]!.markLine?.data).toEqual([{ xAxis: '14时' }]);
    expect(charts(doc.blocks)[0]!.chart.alt).toContain('首次权威发布：14时');
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading' && b.level === 1)
      .map((b) => (b as { text: string }).text);
    expect(headings).toEqual([
      '一、基本情况',
      '二、事件经过',
      '三、舆情走势',
      '四、情感倾向',
      '五、地域分布',
      '六、信息来源',
      '七、关联舆情事件',
      '八、处置时限',
    ]);
    expect(tables(doc.blocks).find((t) => t.caption === '关联舆情事件')?.rows).toEqual([
      ['青石县统计数据造假传言', 40, 78, '25.0%'],
    ]);
    expect(doc.blocks.find((b) => b.kind === 'facts')).toEqual({
      kind: 'facts',
      items: SPECIAL.facts,
    });
    // Read in full: no word of limits.
    expect(text).not.toContain('只统计了其中');
    expect(text).not.toContain('未计入走势图');
  });

  it('says when the mentions were capped and when the curve stops before the last mention', () => {
    const text = documentText(
      briefingDocument({
        ...SPECIAL,
        volume: {
          res: 'day',
          starts: Array.from({ length: 90 }, (_, i) =>
            new Date(Date.parse('2026-07-31T16:00:00.000Z') + i * 86_400_000).toISOString(),
          ),
          counts: new Array<number>(90).fill(0),
          negative: new Array<number>(90).fill(0),
          positive: new Array<number>(90).fill(0),
        },
        limits: {
          mentionCap: 100_000,
          curveEnd: '2026-10-29T16:00:00.000Z',
          afterCurve: 4,
        },
      }),
    );
    expect(text).toContain(
      '相关信息超过 100000 条，本专报的信息量、走势、情感倾向和信息来源只统计了其中 100000 条。',
    );
    expect(text).toContain(
      '走势图只显示至2026年10月29日（共 90 天）；此后的 4 条相关信息未计入走势图',
    );
  });
});
