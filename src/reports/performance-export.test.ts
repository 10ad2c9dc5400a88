import { describe, expect, it } from 'vitest';
import { readDocx } from '../../test/docx-reader.ts';
import {
  summarise,
  type IncidentPerformance,
  type PersonPerformance,
} from '../domain/performance.ts';
import type { Proposal } from '../domain/performance-proposals.ts';
import { documentText } from './document.ts';
import { renderDocx } from './docx-render.ts';
import {
  csvField,
  CSV_COLUMNS,
  duration,
  factDescriptions,
  minutes,
  performanceCsv,
  performanceDocument,
  shanghaiTime,
  type PerformanceExportInput,
} from './performance-export.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const iso = (m: number) => new Date(T0 + m * MIN).toISOString();

const incident: IncidentPerformance = {
  incidentId: 'inc-1',
  title: '网传某县统计数据造假',
  unitId: 'u-zh',
  grade: 'major',
  state: 'responding',
  openedAt: iso(0),
  archivedAt: null,
  roles: [
    {
      ref: `role:inc-1:leader_in_charge:${iso(2)}`,
      role: 'leader_in_charge',
      since: iso(2),
      until: iso(70),
      endedBy: 'replaced',
      teamName: null,
      unitId: null,
      standIn: false,
      documents: [],
      entryId: 'e1',
    },
    {
      ref: `role:inc-1:signer:${iso(200)}`,
      role: 'signer',
      since: iso(200),
      until: iso(200),
      endedBy: null,
      teamName: null,
      unitId: null,
      standIn: false,
      documents: ['handling_opinion'],
      entryId: null,
    },
  ],
  reports: [
    {
      ref: 'report:r1',
      reportId: 'r1',
      kind: 'first',
      recipient: '国家统计局',
      at: iso(30),
      declaredAt: iso(25),
      happenedAt: iso(25),
      basis: 'declared',
      receiptAt: null,
      clocks: [
        {
          key: 'first_report',
          label: '首报时限',
          targetAt: iso(63),
          status: 'met',
          overdueMs: null,
          explanation: null,
        },
      ],
    },
  ],
  notes: [],
  tasks: [
    {
      ref: 'task:t1',
      taskId: 't1',
      unitId: 'u-hs',
      title: '核实数据, 并报告',
      createdAt: iso(50),
      deadline: iso(110),
      completedAt: iso(150),
      completedBasis: 'system',
      outcome: 'late',
      overdueMs: 40 * MIN,
      explanation: '数据量大',
      relation: ['unit_head'],
      feedbackCount: 0,
    },
  ],
  signatures: [
    {
      ref: 'approval:a1',
      approvalId: 'a1',
      documentId: 'd1',
      docType: 'handling_opinion',
      version: 1,
      title: '处置意见',
      status: 'approved',
      submittedAt: iso(40),
      decision: 'approve',
      decidedAt: iso(200),
      waitedMs: 160 * MIN,
      onBehalfOf: null,
      signedBy: null,
    },
  ],
  alerts: [
    {
      ref: 'alert:al1',
      alertId: 'al1',
      kind: 'event',
      severity: 'major',
      title: '=SUM(A1) 数据造假预警',
      unitId: 'u-zh',
      incidentId: 'inc-1',
      firedAt: iso(-10),
      ackDueAt: iso(0),
      acknowledgedAt: iso(2),
      acknowledgedByThem: true,
      ackMs: 12 * MIN,
      withinDeadline: false,
      onDuty: false,
      passed: [],
    },
  ],
  gaps: ['tasks_to_units'],
};

const person: PersonPerformance = {
  person: { id: 'p-1', name: '张三', unitId: 'u-bureau', userIds: ['u1'] },
  incidents: [incident],
  alerts: [],
  summary: summarise([incident], []),
};

const proposal: Proposal = {
  id: 'pr-1',
  documentId: 'doc-1',
  version: 2,
  kind: 'commendation',
  personId: 'p-1',
  personName: '张三',
  unitId: 'u-bureau',
  incidentId: 'inc-1',
  incidentTitle: '网传某县统计数据造假',
  year: 2026,
  reasons: '首报及时，处置得当',
  facts: [],
  signer: { rule: 'leadership_group', userIds: ['u-head'] },
  submittedBy: 'u-office',
  submittedAt: iso(3000),
  contentHash: 'x',
  status: 'approved',
  decision: {
    decision: 'approve',
    comment: '同意表彰',
    decidedBy: 'p-head',
    decidedAt: iso(3100),
    sealHash: 'y',
  },
  closure: null,
};

const input: PerformanceExportInput = {
  year: 2026,
  generatedAt: iso(4000),
  issuer: '省统计局网络舆情处置工作领导小组办公室',
  people: [{ facts: person, proposals: [proposal] }],
  unitNames: new Map([
    ['u-bureau', '甘肃省统计局'],
    ['u-hs', '国民经济核算处'],
  ]),
  names: new Map([['p-head', '局长']]),
};

describe('the performance export', () => {
  it('formats times in Beijing and durations in words', () => {
    expect(shanghaiTime(iso(0))).toBe('2026-03-02 10:00');
    expect(shanghaiTime(null)).toBe('');
    expect(minutes(12 * MIN)).toBe('12');
    expect(minutes(7.5 * MIN)).toBe('7.5');
    expect(duration(95 * MIN)).toBe('1 小时 35 分钟');
    expect(duration(49 * 60 * MIN)).toBe('2 天 1 小时');
    expect(duration(30 * MIN)).toBe('30 分钟');
  });

  it('a CSV with a BOM, one row per fact, fields quoted and formulas defused', () => {
    const csv = performanceCsv(input);
    expect(csv.startsWith('\uFEFF年度,姓名,单位,事件')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    // 2 roles + 1 report + 1 task + 1 signature + 1 alert + 1 gap + 1 proposal.
    expect(lines.length).toBe(1 + 8);
    expect(csv).toContain('"核实数据, 并报告（国民经济核算处）"');
    expect(csv).toContain("'=SUM(A1) 数据造假预警（重大）");
    expect(csv).toContain('分管负责同志');
    expect(csv).toContain('另有人员接任');
    expect(csv).toContain('首报时限按时');
    expect(csv).toContain('逾期办结');
    expect(csv).toContain('超时确认');
    expect(csv).toContain('表彰建议（第 2 版）');
    expect(csv).toContain('批准（局长）');
    // Nothing personal beyond names and units.
    expect(csv).not.toMatch(/@|\b1\d{10}\b/);
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('-1')).toBe("'-1");
  });

  it('a document with the summary table and each person’s incidents', () => {
    const doc = performanceDocument(input);
    const text = documentText(doc);
    expect(doc.title).toBe('2026 年度网络舆情处置人员表现');
    for (const s of [
      '张三（甘肃省统计局）',
      '网传某县统计数据造假',
      '分管负责同志',
      '签批（处置意见）',
      '首报（国家统计局）',
      '逾期办结（超出 40 分钟）',
      '处置意见（第 1 版）：处置意见',
      '2 小时 40 分钟',
      '超时确认',
      '表彰建议（第 2 版）',
      '记录说明：处置任务交办给单位而非个人',
    ])
      expect(text, s).toContain(s);
    const empty = documentText(performanceDocument({ ...input, people: [] }));
    expect(empty).toContain('本年度没有可列出的记录。');
  });

  it('renders to a DOCX holding the Chinese text and its tables', async () => {
    const docx = await readDocx(await renderDocx(performanceDocument(input)));
    expect(docx.text).toContain('2026 年度网络舆情处置人员表现');
    expect(docx.text).toContain('张三（甘肃省统计局）');
    expect(docx.text).toContain('逾期办结');
    expect(docx.tables).toBeGreaterThanOrEqual(6);
  });

  it('one line per citable fact, as a proposal seals it', () => {
    const lines = factDescriptions(person, input.unitNames, input.names);
    expect([...lines.keys()].sort()).toEqual(
      [
        'alert:al1',
        'approval:a1',
        `role:inc-1:leader_in_charge:${iso(2)}`,
        `role:inc-1:signer:${iso(200)}`,
        'report:r1',
        'task:t1',
      ].sort(),
    );
    expect(lines.get('task:t1')).toBe(
      '「网传某县统计数据造假」任务「核实数据, 并报告」期限 2026-03-02 11:50，逾期办结（超出 40 分钟）',
    );
    expect(lines.get(`role:inc-1:leader_in_charge:${iso(2)}`)).toBe(
      '「网传某县统计数据造假」分管负责同志，2026-03-02 10:02 至 2026-03-02 11:10',
    );
    expect(lines.get('report:r1')).toContain(
      '首报（报国家统计局）2026-03-02 10:25（申报时间），首报时限按时',
    );
  });
});
