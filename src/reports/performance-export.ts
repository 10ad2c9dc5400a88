// The export of people's performance for the annual assessment (年度考核, [P17]): per person and
// year, every incident with the roles held (taken and left), the acknowledgement and reporting
// times against their limits, the tasks, the documents signed and how long each waited, what
// the record does not hold, and the decided commendation and accountability proposals. One
// ReportDocument (rendered to DOCX by docx-render.ts) and one CSV (UTF-8 with BOM, so Excel and
// WPS read the Chinese). Names and units only: no contact details. Pure.
import { DOCUMENT_TYPE_LABELS } from '../domain/approvals.ts';
import { REPORT_KIND_LABELS } from '../domain/incident-actions.ts';
import type { ClockStatus } from '../domain/incident-clocks.ts';
import {
  PERFORMANCE_GAP_LABELS,
  PERFORMANCE_ROLE_LABELS,
  type AlertFact,
  type IncidentPerformance,
  type NoteFact,
  type PersonPerformance,
  type ReportFact,
  type RoleHeld,
  type SignatureFact,
  type TaskOutcome,
} from '../domain/performance.ts';
import { PROPOSAL_KIND_LABELS, type Proposal } from '../domain/performance-proposals.ts';
import { facts, h, list, p, table, type Block, type ReportDocument } from './document.ts';

export const PERFORMANCE_TITLE = '网络舆情处置人员表现';

export interface ExportPerson {
  facts: PersonPerformance;
  /** The person's decided proposals of the year (approved or rejected). */
  proposals: readonly Proposal[];
}

export interface PerformanceExportInput {
  year: number;
  generatedAt: string;
  /** The issuing body, e.g. 省统计局网络舆情处置工作领导小组办公室. */
  issuer: string;
  people: readonly ExportPerson[];
  unitNames: ReadonlyMap<string, string>;
  /** Person id -> name, for who signed on whose behalf and who decided a proposal. */
  names: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Words

export const TASK_OUTCOME_LABELS: Record<TaskOutcome, string> = {
  on_time: '按期办结',
  late: '逾期办结',
  open_overdue: '超期未办结',
  open: '办理中',
  stopped: '未办结（事件已归档）',
  closed_overdue: '超期未办结（事件已归档）',
};

const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  met: '按时',
  breached: '超时',
  running: '计时中',
  stopped: '已停止计时',
};

const ENDED_BY_LABELS: Record<NonNullable<RoleHeld['endedBy']>, string> = {
  replaced: '另有人员接任',
  archived: '事件归档',
  position_ended: '职务变动',
};

const DECISION_LABELS = { approve: '批准', reject: '不同意', return: '退回修改' } as const;
const CHAIN_ROLE_LABELS: Record<string, string> = {
  on_duty: '值班人员',
  office_head: '办公室负责人',
  leader_in_charge: '分管负责同志',
  leadership_group: '领导小组',
};
const SEVERITY_LABELS: Record<string, string> = { major: '重大', high: '较高', normal: '一般' };
const NOTE_LABELS: Record<NoteFact['kind'], string> = {
  facts: '查明事实',
  plan: '处置方案',
  progress: '进展报告',
};
const GRADE_LABELS = { major: '重大舆情', general: '一般舆情' } as const;

const SHANGHAI_MS = 8 * 3_600_000;

/** 2026-11-28 14:05 (Asia/Shanghai). */
export function shanghaiTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + SHANGHAI_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Milliseconds as minutes, to a tenth where it is not whole. */
export function minutes(ms: number | null): string {
  if (ms === null) return '';
  const m = Math.round(ms / 6_000) / 10;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

/** 95 分钟 / 3 小时 5 分钟 / 2 天 1 小时. */
export function duration(ms: number | null): string {
  if (ms === null) return '';
  const total = Math.round(ms / 60_000);
  if (total < 60) return `${total} 分钟`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days) return `${days} 天${hours ? ` ${hours} 小时` : ''}`;
  return `${hours} 小时${mins ? ` ${mins} 分钟` : ''}`;
}

const nameOf = (names: ReadonlyMap<string, string>, id: string | null) =>
  id ? (names.get(id) ?? id) : '';
const unitOf = (units: ReadonlyMap<string, string>, id: string | null) =>
  id ? (units.get(id) ?? id) : '未记载';

function roleText(r: RoleHeld, units: ReadonlyMap<string, string>): string {
  const label = PERFORMANCE_ROLE_LABELS[r.role];
  const extra = [
    r.teamName ?? '',
    r.role === 'division_head' && r.unitId ? unitOf(units, r.unitId) : '',
    r.standIn ? '受委托' : '',
    r.documents.length ? r.documents.map((d) => DOCUMENT_TYPE_LABELS[d] ?? d).join('、') : '',
  ].filter(Boolean);
  return extra.length ? `${label}（${extra.join('，')}）` : label;
}

function roleUntil(r: RoleHeld): string {
  if (r.until) return shanghaiTime(r.until);
  return r.since ? '至今（记录截止）' : '未记载';
}

/** 2026-03-02 10:02 至 11:10 / 2026-03-02 10:02 起至今 / 任职时间未记载. */
function roleSpan(r: RoleHeld): string {
  if (!r.since) return '任职时间未记载';
  return r.until
    ? `${shanghaiTime(r.since)} 至 ${shanghaiTime(r.until)}`
    : `${shanghaiTime(r.since)} 起至今`;
}

function reportResult(r: ReportFact): string {
  if (!r.clocks.length) return '未设时限';
  return r.clocks
    .map(
      (c) =>
        `${c.label}${CLOCK_STATUS_LABELS[c.status]}${c.overdueMs ? `（超出 ${duration(c.overdueMs)}）` : ''}`,
    )
    .join('；');
}

function ackResult(a: AlertFact): string {
  if (!a.acknowledgedByThem)
    return a.acknowledgedAt ? '由他人确认' : a.passed.length ? '未确认，已升级' : '未确认';
  return a.withinDeadline ? '按时确认' : '超时确认';
}

function passedText(a: AlertFact): string {
  return a.passed
    .map((x) => `${shanghaiTime(x.at)} 升级至${CHAIN_ROLE_LABELS[x.toRole] ?? x.toRole}`)
    .join('；');
}

function signatureResult(s: SignatureFact, names: ReadonlyMap<string, string>): string {
  const d = s.decision ? DECISION_LABELS[s.decision] : s.status === 'pending' ? '待签批' : '未决定';
  if (s.onBehalfOf) return `${d}（受托代 ${nameOf(names, s.onBehalfOf)} 签批）`;
  if (s.signedBy) return `${d}（由 ${nameOf(names, s.signedBy)} 受托代签）`;
  return d;
}

const docLabel = (s: SignatureFact) =>
  `${DOCUMENT_TYPE_LABELS[s.docType] ?? s.docType}（第 ${s.version} 版）：${s.title}`;

// ---------------------------------------------------------------------------------------------
// One line per fact (what a proposal cites, sealed with it)

/** Each citable fact of a person as one line of Chinese, by ref. */
export function factDescriptions(
  person: PersonPerformance,
  units: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  const inIncident = (i: IncidentPerformance, s: string) => `「${i.title}」${s}`;
  const alertLine = (a: AlertFact) =>
    `预警「${a.title}」${shanghaiTime(a.firedAt)} 发出，${ackResult(a)}${
      a.ackMs !== null ? `，用时 ${duration(a.ackMs)}` : ''
    }${a.passed.length ? `，${passedText(a)}` : ''}`;
  for (const i of person.incidents) {
    for (const r of i.roles) out.set(r.ref, inIncident(i, `${roleText(r, units)}，${roleSpan(r)}`));
    for (const r of i.reports)
      out.set(
        r.ref,
        inIncident(
          i,
          `${REPORT_KIND_LABELS[r.kind]}（报${r.recipient}）${shanghaiTime(r.happenedAt)}${
            r.basis === 'declared' ? '（申报时间）' : ''
          }，${reportResult(r)}`,
        ),
      );
    for (const n of i.notes)
      out.set(n.ref, inIncident(i, `${NOTE_LABELS[n.kind]} ${shanghaiTime(n.declaredAt ?? n.at)}`));
    for (const t of i.tasks)
      out.set(
        t.ref,
        inIncident(
          i,
          `任务「${t.title}」期限 ${shanghaiTime(t.deadline)}，${TASK_OUTCOME_LABELS[t.outcome]}${
            t.overdueMs ? `（超出 ${duration(t.overdueMs)}）` : ''
          }`,
        ),
      );
    for (const s of i.signatures)
      out.set(
        s.ref,
        inIncident(
          i,
          `签批${docLabel(s)}，${signatureResult(s, names)}，等待 ${duration(s.waitedMs)}`,
        ),
      );
    for (const a of i.alerts) out.set(a.ref, inIncident(i, alertLine(a)));
  }
  for (const a of person.alerts) out.set(a.ref, alertLine(a));
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

export const CSV_COLUMNS = [
  '年度',
  '姓名',
  '单位',
  '事件',
  '事件登记时间',
  '类别',
  '事项',
  '开始时间',
  '结束或完成时间',
  '时限',
  '结果',
  '用时（分钟）',
  '超时（分钟）',
  '说明',
] as const;

/**
 * One field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is
 * prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function csvField(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

function rowsOf(input: PerformanceExportInput, ep: ExportPerson): Row[] {
  const { unitNames: units, names, year } = input;
  const person = ep.facts.person;
  const rows: Row[] = [];
  const base = (i: IncidentPerformance | null): Row => ({
    年度: String(year),
    姓名: person.name,
    单位: unitOf(units, person.unitId),
    事件: i ? i.title : '',
    事件登记时间: i ? shanghaiTime(i.openedAt) : '',
    类别: '',
    事项: '',
    开始时间: '',
    结束或完成时间: '',
    时限: '',
    结果: '',
    '用时（分钟）': '',
    '超时（分钟）': '',
    说明: '',
  });
  const alertRow = (i: IncidentPerformance | null, a: AlertFact): Row => ({
    ...base(i),
    类别: '预警接收',
    事项: `${a.title}（${SEVERITY_LABELS[a.severity] ?? a.severity}）${a.onDuty ? '，当时值班' : ''}`,
    开始时间: shanghaiTime(a.firedAt),
    结束或完成时间: shanghaiTime(a.acknowledgedAt),
    时限: shanghaiTime(a.ackDueAt),
    结果: ackResult(a),
    '用时（分钟）': minutes(a.ackMs),
    '超时（分钟）':
      a.acknowledgedByThem && a.acknowledgedAt && !a.withinDeadline
        ? minutes(Date.parse(a.acknowledgedAt) - Date.parse(a.ackDueAt))
        : '',
    说明: passedText(a),
  });
  for (const i of ep.facts.incidents) {
    for (const r of i.roles)
      rows.push({
        ...base(i),
        类别: '角色',
        事项: roleText(r, units),
        开始时间: r.since ? shanghaiTime(r.since) : '未记载',
        结束或完成时间: roleUntil(r),
        结果: r.endedBy ? ENDED_BY_LABELS[r.endedBy] : '',
      });
    for (const r of i.reports)
      rows.push({
        ...base(i),
        类别: '向上级报告',
        事项: `${REPORT_KIND_LABELS[r.kind]}（${r.recipient}）`,
        开始时间: shanghaiTime(r.happenedAt),
        结束或完成时间: r.receiptAt ? `上级收到 ${shanghaiTime(r.receiptAt)}` : '',
        时限: r.clocks.map((c) => shanghaiTime(c.targetAt)).join('；'),
        结果: reportResult(r),
        '超时（分钟）': r.clocks
          .filter((c) => c.overdueMs)
          .map((c) => minutes(c.overdueMs))
          .join('；'),
        说明: [
          r.basis === 'declared' ? `申报时间（系统记录 ${shanghaiTime(r.at)}）` : '',
          ...r.clocks.filter((c) => c.explanation).map((c) => `超时说明：${c.explanation}`),
        ]
          .filter(Boolean)
          .join('；'),
      });
    for (const n of i.notes)
      rows.push({
        ...base(i),
        类别: '调查处置记录',
        事项: NOTE_LABELS[n.kind],
        开始时间: shanghaiTime(n.declaredAt ?? n.at),
        说明: '未设时限',
      });
    for (const t of i.tasks)
      rows.push({
        ...base(i),
        类别: '处置任务',
        事项: `${t.title}（${unitOf(units, t.unitId)}）`,
        开始时间: shanghaiTime(t.createdAt),
        结束或完成时间: shanghaiTime(t.completedAt),
        时限: shanghaiTime(t.deadline),
        结果: TASK_OUTCOME_LABELS[t.outcome],
        '超时（分钟）': minutes(t.overdueMs),
        说明: [
          t.relation
            .map((x) => ({ unit_head: '单位负责人', feedback: '反馈人', completed: '办结人' })[x])
            .join('、'),
          t.explanation ? `超时说明：${t.explanation}` : '',
        ]
          .filter(Boolean)
          .join('；'),
      });
    for (const s of i.signatures)
      rows.push({
        ...base(i),
        类别: '签批',
        事项: docLabel(s),
        开始时间: shanghaiTime(s.submittedAt),
        结束或完成时间: shanghaiTime(s.decidedAt),
        结果: signatureResult(s, names),
        '用时（分钟）': minutes(s.waitedMs),
      });
    for (const a of i.alerts) rows.push(alertRow(i, a));
    for (const g of i.gaps)
      rows.push({ ...base(i), 类别: '记录说明', 事项: PERFORMANCE_GAP_LABELS[g] });
  }
  for (const a of ep.facts.alerts) rows.push(alertRow(null, a));
  for (const pr of ep.proposals)
    rows.push({
      ...base(null),
      事件: pr.incidentTitle ?? '',
      类别: '表彰/问责建议',
      事项: `${PROPOSAL_KIND_LABELS[pr.kind]}（第 ${pr.version} 版）`,
      开始时间: shanghaiTime(pr.submittedAt),
      结束或完成时间: shanghaiTime(pr.decision?.decidedAt ?? null),
      结果: pr.decision
        ? `${DECISION_LABELS[pr.decision.decision]}（${nameOf(names, pr.decision.decidedBy)}）`
        : '',
      说明: [pr.reasons, pr.decision?.comment ? `审批意见：${pr.decision.comment}` : '']
        .filter(Boolean)
        .join('；'),
    });
  return rows;
}

/** The CSV: UTF-8 with a byte-order mark, CRLF lines, one row per fact. */
export function performanceCsv(input: PerformanceExportInput): string {
  const lines = [CSV_COLUMNS.map(csvField).join(',')];
  for (const ep of input.people)
    for (const r of rowsOf(input, ep)) lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// The document

function summaryRow(ep: ExportPerson, units: ReadonlyMap<string, string>): (string | number)[] {
  const s = ep.facts.summary;
  const approved = ep.proposals.filter((x) => x.status === 'approved');
  return [
    ep.facts.person.name,
    unitOf(units, ep.facts.person.unitId),
    s.incidents,
    `${s.acks.count}（超时 ${s.acks.late}）`,
    s.escalationsPast,
    `${s.reports.count}（超时 ${s.reports.breached}）`,
    `${s.tasks.on_time + s.tasks.late}（逾期 ${s.tasks.late}，超期未办 ${s.tasks.open_overdue + s.tasks.closed_overdue}）`,
    `${s.signatures.decided}（中位等待 ${duration(s.signatures.medianWaitMs) || '—'}）`,
    approved.filter((x) => x.kind === 'commendation').length,
    approved.filter((x) => x.kind === 'accountability').length,
  ];
}

function incidentBlocks(
  i: IncidentPerformance,
  units: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): Block[] {
  const out: Block[] = [
    h(
      3,
      `${i.title}（${shanghaiTime(i.openedAt)} 登记${i.grade ? `，${GRADE_LABELS[i.grade]}` : ''}）`,
    ),
  ];
  if (i.roles.length)
    out.push(
      table(
        ['角色', '任职', '离任', '说明'],
        i.roles.map((r) => [
          roleText(r, units),
          r.since ? shanghaiTime(r.since) : '未记载',
          roleUntil(r),
          r.endedBy ? ENDED_BY_LABELS[r.endedBy] : '',
        ]),
        { caption: '担任角色', widths: [3, 2, 2, 2] },
      ),
    );
  if (i.reports.length)
    out.push(
      table(
        ['报告', '报告时间', '时限', '结果'],
        i.reports.map((r) => [
          `${REPORT_KIND_LABELS[r.kind]}（${r.recipient}）`,
          `${shanghaiTime(r.happenedAt)}${r.basis === 'declared' ? '（申报）' : ''}`,
          r.clocks.map((c) => shanghaiTime(c.targetAt)).join('；') || '未设时限',
          reportResult(r),
        ]),
        { caption: '向上级报告', widths: [2, 2, 2, 3] },
      ),
    );
  if (i.tasks.length)
    out.push(
      table(
        ['任务', '承办单位', '期限', '完成', '结果'],
        i.tasks.map((t) => [
          t.title,
          unitOf(units, t.unitId),
          shanghaiTime(t.deadline),
          shanghaiTime(t.completedAt) || '—',
          `${TASK_OUTCOME_LABELS[t.outcome]}${t.overdueMs ? `（超出 ${duration(t.overdueMs)}）` : ''}`,
        ]),
        { caption: '处置任务', widths: [3, 2, 2, 2, 2] },
      ),
    );
  if (i.signatures.length)
    out.push(
      table(
        ['文书', '提交', '决定', '结果', '等待'],
        i.signatures.map((s) => [
          docLabel(s),
          shanghaiTime(s.submittedAt),
          shanghaiTime(s.decidedAt) || '—',
          signatureResult(s, names),
          duration(s.waitedMs),
        ]),
        { caption: '签批', widths: [3, 2, 2, 2, 1] },
      ),
    );
  if (i.alerts.length) out.push(alertTable(i.alerts, '预警接收与确认'));
  if (i.notes.length)
    out.push(
      p(
        `调查处置记录：${i.notes
          .map((n) => `${NOTE_LABELS[n.kind]} ${shanghaiTime(n.declaredAt ?? n.at)}`)
          .join('；')}（未设时限）。`,
      ),
    );
  if (i.gaps.length) out.push(list(i.gaps.map((g) => `记录说明：${PERFORMANCE_GAP_LABELS[g]}`)));
  return out;
}

function alertTable(alerts: readonly AlertFact[], caption: string): Block {
  return table(
    ['预警', '发出', '确认时限', '确认', '结果'],
    alerts.map((a) => [
      `${a.title}${a.onDuty ? '（值班）' : ''}`,
      shanghaiTime(a.firedAt),
      shanghaiTime(a.ackDueAt),
      a.acknowledgedByThem
        ? `${shanghaiTime(a.acknowledgedAt)}（${duration(a.ackMs)}）`
        : shanghaiTime(a.acknowledgedAt) || '—',
      [ackResult(a), passedText(a)].filter(Boolean).join('；'),
    ]),
    { caption, widths: [3, 2, 2, 2, 3] },
  );
}

/** The annual assessment document: a table of everyone, then each person in turn. */
export function performanceDocument(input: PerformanceExportInput): ReportDocument {
  const { year, unitNames: units, names } = input;
  const blocks: Block[] = [
    p(
      `本材料依据处置记录（时间线、签批、任务和向上级报告）、预警记录和组织记录生成，列出 ${year} 年度登记的舆情处置事件中各人员担任的角色及任离时间、预警确认和报告时间、任务办理、签批等待，以及已作出决定的表彰和问责建议。时间均为北京时间；记录中没有的事项如实注明，不作推断。`,
    ),
  ];
  if (!input.people.length) {
    blocks.push(p('本年度没有可列出的记录。'));
  } else {
    blocks.push(
      h(1, '一、总体情况'),
      table(
        [
          '姓名',
          '单位',
          '参与事件',
          '确认预警',
          '被越级升级',
          '向上级报告',
          '办结任务',
          '签批',
          '表彰',
          '问责',
        ],
        input.people.map((ep) => summaryRow(ep, units)),
        { caption: `${year} 年度人员表现汇总`, widths: [2, 3, 1, 2, 1, 2, 3, 2, 1, 1] },
      ),
      h(1, '二、逐人情况'),
    );
    for (const ep of input.people) {
      const f = ep.facts;
      const s = f.summary;
      blocks.push(
        h(2, `${f.person.name}（${unitOf(units, f.person.unitId)}）`),
        facts([
          ['参与事件', `${s.incidents} 起`],
          [
            '预警确认',
            s.acks.count
              ? `${s.acks.count} 次，按时 ${s.acks.withinDeadline} 次，超时 ${s.acks.late} 次，中位用时 ${duration(s.acks.medianMs)}`
              : '无',
          ],
          ['被越级升级', `${s.escalationsPast} 次`],
          [
            '向上级报告',
            s.reports.count
              ? `${s.reports.count} 次，按时 ${s.reports.met} 次，超时 ${s.reports.breached} 次，未设时限 ${s.reports.noTarget} 次`
              : '无',
          ],
          [
            '处置任务',
            `按期 ${s.tasks.on_time}，逾期 ${s.tasks.late}，超期未办 ${s.tasks.open_overdue + s.tasks.closed_overdue}，办理中 ${s.tasks.open}`,
          ],
          [
            '签批',
            s.signatures.decided || s.signatures.pending
              ? `已签批 ${s.signatures.decided} 件，中位等待 ${duration(s.signatures.medianWaitMs) || '—'}，最长 ${duration(s.signatures.maxWaitMs) || '—'}；待签批 ${s.signatures.pending} 件`
              : '无',
          ],
        ]),
      );
      for (const i of f.incidents) blocks.push(...incidentBlocks(i, units, names));
      if (f.alerts.length) {
        blocks.push(h(3, '未关联事件的预警'), alertTable(f.alerts, '预警接收与确认'));
      }
      if (ep.proposals.length) {
        blocks.push(
          h(3, '表彰和问责建议'),
          table(
            ['建议', '事件', '理由', '决定'],
            ep.proposals.map((pr) => [
              `${PROPOSAL_KIND_LABELS[pr.kind]}（第 ${pr.version} 版）`,
              pr.incidentTitle ?? '不涉及具体事件',
              pr.reasons,
              pr.decision
                ? `${DECISION_LABELS[pr.decision.decision]}（${nameOf(names, pr.decision.decidedBy)}，${shanghaiTime(pr.decision.decidedAt)}）${pr.decision.comment ? `：${pr.decision.comment}` : ''}`
                : '',
            ]),
            { caption: '已作出决定的建议', widths: [2, 3, 4, 3] },
          ),
        );
      }
    }
  }
  return {
    title: `${year} 年度${PERFORMANCE_TITLE}`,
    subtitle: '年度考核材料',
    issuer: input.issuer,
    marking: '内部资料 注意保存',
    generatedAt: input.generatedAt,
    blocks,
  };
}
