// The after-action review (总结评估, [P17]) as a document: generated from the incident's record
// (facts, timeline, every clock against its target, reports upward, statements with the volume
// and sentiment of its events before and after the first one, tasks), with the office's
// assessment (what worked, what did not, what changes) from the review report's latest version
// and its approval. Pure: the review service gathers the inputs.
import type { Approval } from '../domain/approvals.ts';
import { DOCUMENT_TYPE_LABELS, SIGNER_RULE_LABELS } from '../domain/approvals.ts';
import type { Clock } from '../domain/incident-clocks.ts';
import { EMERGENCY_LEVEL_LABELS, REPORT_KIND_LABELS } from '../domain/incident-actions.ts';
import type { TimelineItem } from '../domain/incident-timeline.ts';
import { INCIDENT_STATE_LABELS, type Incident } from '../domain/incident.ts';
import { reviewContentOf } from '../domain/review-rules.ts';
import { formatShanghaiTime } from '../publish/public-page.ts';
import { RELEASE_CHANNEL_LABELS } from '../publish/types.ts';
import { lineChartOption } from './charts.ts';
import { chart, facts, h, list, p, table, type Block, type ReportDocument } from './document.ts';

/** One event's mentions around the first statement (hourly buckets), as the release effect gives. */
export interface ReviewCurve {
  eventId: string;
  title: string;
  series: { at: string; mentions: number; negative: number }[];
  before: { mentions: number; negative: number; meanScore: number | null };
  after: { mentions: number; negative: number; meanScore: number | null };
}

export interface ReviewInput {
  incident: Incident;
  timeline: readonly TimelineItem[];
  clocks: readonly Clock[];
  approvals: readonly Approval[];
  /** Display names: user id -> name, unit id -> name. */
  people: Readonly<Record<string, string>>;
  units: Readonly<Record<string, string>>;
  /** The first statement's time and its events' curves (empty without a statement). */
  statementAt: string | null;
  curves: readonly ReviewCurve[];
  /** The issuing body on the masthead. */
  issuer: string;
  generatedAt: string;
}

const GRADE_LABELS = { major: '重大舆情', general: '一般舆情' } as const;
const CLOCK_STATUS_LABELS: Record<Clock['status'], string> = {
  met: '按时完成',
  running: '进行中',
  breached: '超时',
  stopped: '已停止',
};
const APPROVAL_STATUS_LABELS: Record<Approval['status'], string> = {
  pending: '待签批',
  approved: '已批准',
  rejected: '未批准',
  returned: '退回修改',
  superseded: '已被新版本取代',
  withdrawn: '已撤回',
};
const TODO = '（待舆情处置办公室填写）';

const time = (iso: string | null | undefined) => (iso ? formatShanghaiTime(iso) : '—');

/** `1小时05分`, `35分`, `2天3小时`: a duration in minutes as the office writes it. */
export function durationText(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d}天${hours}小时${m ? `${String(m).padStart(2, '0')}分` : ''}`;
  if (hours > 0) return `${hours}小时${String(m).padStart(2, '0')}分`;
  return `${m}分`;
}

/** One clock as the review's table row: what, target, done, result, by how much, why. */
export function clockRow(c: Clock): string[] {
  const took = c.doneAt ? durationText(Date.parse(c.doneAt) - Date.parse(c.startAt)) : '—';
  const budget = durationText(Date.parse(c.targetAt) - Date.parse(c.startAt));
  const late = c.overdueMs ? `超时 ${durationText(c.overdueMs)}` : '';
  return [
    c.label,
    `${time(c.startAt)} 起 ${budget}内`,
    c.doneAt ? `${time(c.doneAt)}${c.doneBasis === 'declared' ? '（申报时间）' : ''}` : '—',
    took,
    [CLOCK_STATUS_LABELS[c.status], late].filter(Boolean).join('，'),
    c.explanation?.reason ?? '',
  ];
}

function nameOf(input: ReviewInput, id: string | null | undefined): string {
  if (!id) return '—';
  return input.people[id] ?? input.units[id] ?? id;
}

function handlerText(input: ReviewInput): string {
  const h = input.incident.handler;
  if (!h) return '—';
  if (h.kind === 'division') return `承办处室：${nameOf(input, h.unitId)}`;
  const members = h.memberIds.map((m) => nameOf(input, m)).join('、');
  return `${h.name}（组长 ${nameOf(input, h.leaderId)}；成员 ${members}）`;
}

function basics(input: ReviewInput): Block[] {
  const inc = input.incident;
  const r = inc.response;
  const level = r.level ? EMERGENCY_LEVEL_LABELS[r.level] : '—';
  return [
    h(1, '一、基本情况'),
    facts([
      ['舆情事件', inc.title],
      ['责任单位', nameOf(input, inc.unitId)],
      ['等级', inc.grade ? GRADE_LABELS[inc.grade] : '未定级'],
      ['当前状态', INCIDENT_STATE_LABELS[inc.state]],
      ['发现时间', time(inc.discoveredAt ?? inc.openedAt)],
      ['登记时间', time(inc.openedAt)],
      ['启动应急响应', r.activatedAt ? `${time(r.activatedAt)}（${level}）` : '未启动'],
      ['终止应急响应', time(r.terminatedAt)],
      ['分管负责同志', nameOf(input, inc.leaderInChargeId)],
      ['指挥', nameOf(input, inc.commanderId)],
      ['承办', handlerText(input)],
      ['关联舆情信息', `${inc.mentionIds.length} 条；关联舆情事件 ${inc.eventIds.length} 个`],
    ]),
  ];
}

function course(input: ReviewInput): Block[] {
  const rows = input.timeline
    .filter((e) => e.kind !== 'pin')
    .map((e) => [
      time(e.at),
      e.effectiveDeclaredAt ? time(e.effectiveDeclaredAt) : '',
      e.summary + (e.pinned ? '（要点）' : ''),
      e.actorName,
    ]);
  return [
    h(1, '二、处置经过'),
    p(
      `自登记至今共记录处置步骤 ${rows.length} 项。系统时间由服务器记录，不可修改；申报时间为当事人填报并经审计的时间。`,
    ),
    table(['系统时间', '申报时间', '步骤', '经办人'], rows, {
      caption: '表1 处置时间线',
      widths: [22, 18, 44, 16],
    }),
  ];
}

function clocks(input: ReviewInput): Block[] {
  const all = [...input.clocks];
  const count = (s: Clock['status']) => all.filter((c) => c.status === s).length;
  return [
    h(1, '三、时限执行情况'),
    p(
      all.length
        ? `共 ${all.length} 项时限：按时完成 ${count('met')} 项，超时 ${count('breached')} 项，进行中 ${count('running')} 项，已停止 ${count('stopped')} 项。`
        : '本事件未产生时限要求。',
    ),
    ...(all.length
      ? [
          table(['时限', '要求', '完成时间', '用时', '结果', '超时原因'], all.map(clockRow), {
            caption: '表2 各项时限对照',
            widths: [16, 24, 18, 10, 16, 16],
          }),
        ]
      : []),
  ];
}

function reports(input: ReviewInput): Block[] {
  const rs = input.incident.reports;
  return [
    h(1, '四、向上级报告'),
    rs.length
      ? table(
          ['类别', '报送对象', '报送时间', '回执'],
          rs.map((r) => [
            REPORT_KIND_LABELS[r.kind],
            r.recipient,
            time(r.declaredAt ?? r.at),
            r.receipt
              ? `${r.receipt.receivedBy} ${time(r.receipt.declaredAt ?? r.receipt.at)}`
              : '未收到',
          ]),
          { caption: '表3 向上级报告', widths: [14, 30, 28, 28] },
        )
      : p('本事件未向上级报告。'),
  ];
}

function releases(input: ReviewInput): Block[] {
  const rs = input.incident.releases;
  const out: Block[] = [h(1, '五、信息发布与舆情走势')];
  if (!rs.length) {
    out.push(p('本事件未发布权威信息。'));
  } else {
    out.push(
      table(
        ['发布时间', '标题', '渠道', '状态'],
        rs.map((r) => [
          time(r.at),
          r.content.title,
          r.channels.map((c) => RELEASE_CHANNEL_LABELS[c]).join('、'),
          r.status === 'published' ? '已发布' : r.status === 'corrected' ? '已更正' : '已撤回',
        ]),
        { caption: '表4 权威信息发布', widths: [22, 38, 24, 16] },
      ),
    );
  }
  if (!input.statementAt || !input.curves.length) {
    if (input.statementAt) out.push(p('关联舆情事件在首次发布前后无舆情信息。'));
    return out;
  }
  out.push(
    p(
      `以首次发布（${time(input.statementAt)}）为界，关联舆情事件发布前后各 24 小时的信息量与负面信息如下。`,
    ),
  );
  const rows: (string | number)[][] = [];
  input.curves.forEach((c, i) => {
    const hourOf = (iso: string) => formatShanghaiTime(iso).slice(-5);
    const categories = c.series.map((b) => hourOf(b.at));
    const mark = categories[Math.floor(c.series.length / 2)];
    out.push(
      chart({
        title: `图${i + 1} ${c.title}：发布前后信息量（每小时）`,
        alt: `${c.title}：发布前 ${c.before.mentions} 条，发布后 ${c.after.mentions} 条`,
        option: lineChartOption({
          categories,
          series: [
            { name: '信息量', data: c.series.map((b) => b.mentions) },
            { name: '负面', data: c.series.map((b) => b.negative) },
          ],
          ...(mark ? { markLine: { at: mark, label: '发布' } } : {}),
        }),
      }),
    );
    const share = (w: ReviewCurve['before']) =>
      w.mentions ? `${Math.round((100 * w.negative) / w.mentions)}%` : '—';
    const score = (w: ReviewCurve['before']) =>
      w.meanScore === null ? '—' : w.meanScore.toFixed(2);
    rows.push([
      c.title,
      c.before.mentions,
      share(c.before),
      score(c.before),
      c.after.mentions,
      share(c.after),
      score(c.after),
    ]);
  });
  out.push(
    table(
      [
        '舆情事件',
        '发布前信息量',
        '发布前负面占比',
        '发布前情感均值',
        '发布后信息量',
        '发布后负面占比',
        '发布后情感均值',
      ],
      rows,
      { caption: '表5 发布前后对比（各 24 小时）' },
    ),
  );
  return out;
}

function tasks(input: ReviewInput): Block[] {
  const ts = input.incident.tasks;
  if (!ts.length) return [h(1, '六、处置任务'), p('本事件未布置处置任务。')];
  const result = (t: Incident['tasks'][number]) => {
    const done = t.completedDeclaredAt ?? t.completedAt;
    if (!done) return '未完成';
    return Date.parse(done) <= Date.parse(t.deadline) ? '按时完成' : '逾期完成';
  };
  return [
    h(1, '六、处置任务'),
    table(
      ['承办单位', '任务', '期限', '完成时间', '结果'],
      ts.map((t) => [
        nameOf(input, t.unitId),
        t.title,
        time(t.deadline),
        time(t.completedDeclaredAt ?? t.completedAt),
        result(t),
      ]),
      { caption: '表6 处置任务', widths: [18, 34, 18, 18, 12] },
    ),
  ];
}

function assessment(review: Approval | null): Block[] {
  const content = review ? reviewContentOf(review) : null;
  const items = (xs: string[] | undefined) => (xs?.length ? list(xs, true) : p(TODO));
  return [
    h(1, '七、总体评价'),
    p(content?.body.trim() ? content.body : TODO),
    h(2, '（一）经验做法'),
    items(content?.successes),
    h(2, '（二）存在问题'),
    items(content?.problems),
    h(2, '（三）改进措施'),
    items(content?.improvements),
  ];
}

function approval(input: ReviewInput, review: Approval | null): Block[] {
  if (!review) return [h(1, '八、审定情况'), p('总结评估报告尚未提交领导小组审定。')];
  const d = review.decision;
  return [
    h(1, '八、审定情况'),
    facts([
      ['文件', `${DOCUMENT_TYPE_LABELS[review.docType]}（第 ${review.version} 版）`],
      ['提交', `${nameOf(input, review.submittedBy)} ${time(review.submittedAt)}`],
      ['签批', SIGNER_RULE_LABELS[review.signer.rule]],
      ['状态', APPROVAL_STATUS_LABELS[review.status]],
      [
        '审定',
        d
          ? `${nameOf(input, d.decidedBy)}${d.onBehalfOf ? `（代 ${nameOf(input, d.onBehalfOf)}）` : ''} ${time(d.decidedAt)}${d.comment ? `：${d.comment}` : ''}`
          : '—',
      ],
      ['内容哈希', review.contentHash],
    ]),
  ];
}

/** The latest version of the incident's review report, if the office has written one. */
function latestReviewOf(input: ReviewInput): Approval | null {
  let best: Approval | null = null;
  for (const a of input.approvals) {
    if (a.incidentId !== input.incident.id || a.docType !== 'review_report') continue;
    if (!best || a.version > best.version) best = a;
  }
  return best;
}

/** The review document: generated parts from the record, the office's parts from its report. */
export function reviewDocument(input: ReviewInput): ReportDocument {
  const review = latestReviewOf(input);
  const approved = review?.status === 'approved';
  return {
    title: `关于“${input.incident.title}”舆情处置的总结评估报告`,
    subtitle: approved ? '（经领导小组审定）' : '（草稿，待领导小组审定）',
    issuer: input.issuer,
    marking: input.incident.confidentiality.level === 'open' ? '内部资料' : '内部资料 注意保密',
    generatedAt: input.generatedAt,
    blocks: [
      ...basics(input),
      ...course(input),
      ...clocks(input),
      ...reports(input),
      ...releases(input),
      ...tasks(input),
      ...assessment(review),
      ...approval(input, review),
    ],
  };
}
