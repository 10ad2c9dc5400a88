// The content of a briefing (简报): from the figures the briefing service gathered to one
// ReportDocument. Daily, weekly and monthly briefings (日报/周报/月报) read the same way: the
// summary with the figures, volume over time, the sentiment mix, sources, hot events, the Gansu
// map, alerts and their handling, incidents and their clocks, and the coverage check ([P7]:
// nothing missed, late or concealed). A special report (专报) covers one incident or one event:
// its facts, timeline highlights, curves, regions and clocks. Pure: no I/O, no clock; every time
// shown is Asia/Shanghai.
import { barChartOption, gansuMapOption, lineChartOption, pieChartOption } from './charts.ts';
import { chart, facts, h, list, p, table, type Block, type ReportDocument } from './document.ts';
import { BRIEFING_KIND_LABELS, type PeriodicKind } from './briefing-period.ts';

export type Severity = 'major' | 'high' | 'normal';
export type ClockState = 'met' | 'running' | 'breached' | 'stopped';

export interface Sentiment {
  negative: number;
  neutral: number;
  positive: number;
}

/** Who the briefing is for and who issues it. */
export interface BriefingHeader {
  /** 第 N 期 in this year. */
  issueNo: number;
  year: number;
  /** The body the briefing covers: 甘肃省统计局, or a city bureau's name. */
  scopeName: string;
  /** Null: province-wide (the office's). */
  unitId: string | null;
  generatedAt: string;
}

export interface VolumeFigures {
  /** hour: one point per hour of a day; day: one per calendar day. */
  res: 'hour' | 'day';
  /** Start of each bucket, ISO UTC (shown as Asia/Shanghai). */
  starts: string[];
  counts: number[];
  negative: number[];
  positive: number[];
}

export interface HotEventFigures {
  id: string;
  title: string;
  heat: number;
  /** Mentions in the period, and in the period before. */
  mentions: number;
  previousMentions: number;
  negative: number;
  suggestedGrade: 'major' | 'general';
  firstSeen: string;
  lastSeen: string;
}

export interface AlertFigures {
  id: string;
  title: string;
  kind: 'event' | 'coverage' | 'delivery' | 'incident';
  severity: Severity;
  status: 'open' | 'acknowledged' | 'dismissed' | 'linked';
  firedAt: string;
  ackDueAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  /** Title of the incident it was linked to, when it was. */
  incidentTitle: string | null;
}

export interface ClockFigures {
  label: string;
  status: ClockState;
  targetAt: string;
  doneAt: string | null;
  /** Breached: minutes late (as of the briefing's time). */
  overdueMinutes: number | null;
  explained: boolean;
}

export interface IncidentFigures {
  id: string;
  title: string;
  stateLabel: string;
  grade: 'major' | 'general' | null;
  openedAt: string;
  clocks: ClockFigures[];
}

export interface CoverageFigures {
  /** Sources failing or silent when the briefing was made. */
  sources: { name: string; status: 'failing' | 'silent'; reason: string }[];
  /** Coverage alerts (a source failing or silent) raised in the period. */
  coverageAlerts: { title: string; firedAt: string; status: AlertFigures['status'] }[];
  /** The alerts coverage check as of the end of the period (or now, if sooner). */
  check: {
    at: string;
    overdue: number;
    dismissedMajor: number;
    openTooLong: number;
    clocksBreached: number;
    clocksUnexplained: number;
  };
  /** The hourly checks kept in the audit log during the period. */
  hourlyChecks: { count: number; withFindings: number };
  /** Hours an alert may stay open before the check lists it. */
  openTooLongHours: number;
}

/** Everything a daily, weekly or monthly briefing says. */
export interface PeriodicFigures extends BriefingHeader {
  kind: PeriodicKind;
  period: { start: string; end: string; text: string };
  previous: { text: string; total: number };
  volume: VolumeFigures;
  sentiment: Sentiment;
  sources: { name: string; count: number; negative: number }[];
  hotEvents: HotEventFigures[];
  /** Gansu's 14 市州 (every one, zero or not). */
  prefectures: { name: string; count: number; negative: number }[];
  alerts: AlertFigures[];
  incidents: IncidentFigures[];
  /** Restricted or secret incidents active in the period: counted, not described. */
  incidentsWithheld: number;
  coverage: CoverageFigures;
}

/** Limits a 专报's figures were read under; the document says so when they bite. */
export interface SpecialLimits {
  /** More mentions than this exist: the curve, sentiment and sources count only this many. */
  mentionCap: number | null;
  /** The curve (90 days at most) ends here (exclusive); null when every mention is on it. */
  curveEnd: string | null;
  /** Mentions after curveEnd: not on the curve, counted elsewhere. */
  afterCurve: number;
}

/** Everything a special report (专报) on one incident or one event says. */
export interface SpecialFigures extends BriefingHeader {
  kind: 'special';
  subject: 'incident' | 'event';
  subjectTitle: string;
  /** Label: value pairs of the basic facts. */
  facts: [string, string][];
  timeline: { at: string; text: string }[];
  volume: VolumeFigures;
  /** A moment marked on the curve (e.g. the first official statement). */
  mark: { at: string; label: string } | null;
  sentiment: Sentiment;
  prefectures: { name: string; count: number; negative: number }[];
  sources: { name: string; count: number }[];
  /** The incident's events (an incident's 专报), by mentions. */
  events: { title: string; mentions: number; heat: number; negative: number }[];
  clocks: ClockFigures[];
  /** Absent in 专报 stored before the limits were recorded. */
  limits?: SpecialLimits;
}

export type BriefingFigures = PeriodicFigures | SpecialFigures;

// ---- words and numbers ----------------------------------------------------------------------

const OFFSET_MS = 8 * 3_600_000;

function parts(iso: string) {
  const d = new Date(Date.parse(iso) + OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: String(d.getUTCHours()).padStart(2, '0'),
    mm: String(d.getUTCMinutes()).padStart(2, '0'),
  };
}

/** 11月28日 14:05 (Asia/Shanghai). */
export function shortTime(iso: string): string {
  const t = parts(iso);
  return `${t.m}月${t.d}日 ${t.hh}:${t.mm}`;
}

/** 2026年11月28日 14:05 (Asia/Shanghai). */
export function longTime(iso: string): string {
  const t = parts(iso);
  return `${t.y}年${t.m}月${t.d}日 ${t.hh}:${t.mm}`;
}

/** Share as a percentage with one decimal: 12.5%. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

/** How a figure moved against the one before: 增加 25.0%, 减少 10.0%, 持平, or 新增 (none before). */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '持平' : '新增';
  if (now === before) return '持平';
  const pct = (Math.round((Math.abs(now - before) / before) * 1000) / 10).toFixed(1);
  return `${now > before ? '增加' : '减少'} ${pct}%`;
}

/** The trend of an event's mentions in the period against the period before. */
export function trendWord(now: number, before: number): string {
  if (before === 0) return now > 0 ? '新出现' : '—';
  if (now >= before * 1.2) return '上升';
  if (now <= before * 0.8) return '下降';
  return '平稳';
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  major: '重大',
  high: '重要',
  normal: '一般',
};

export const ALERT_STATUS_LABELS: Record<AlertFigures['status'], string> = {
  open: '待确认',
  acknowledged: '已确认',
  dismissed: '已排除',
  linked: '已转处置',
};

export const CLOCK_STATUS_LABELS: Record<ClockState, string> = {
  met: '按时完成',
  running: '进行中',
  breached: '已超时',
  stopped: '已停止',
};

const GRADE_LABELS = { major: '重大', general: '一般' } as const;

const total = (s: Sentiment) => s.negative + s.neutral + s.positive;
const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);

/** Whether an alert was acknowledged after its deadline (null: not acknowledged). */
export function acknowledgedLate(a: AlertFigures): boolean | null {
  if (!a.acknowledgedAt) return null;
  return Date.parse(a.acknowledgedAt) > Date.parse(a.ackDueAt);
}

/** An alert still unacknowledged past its deadline at `at`. */
export function overdueAt(a: AlertFigures, at: string): boolean {
  return a.status === 'open' && !a.acknowledgedAt && Date.parse(a.ackDueAt) < Date.parse(at);
}

function minutesText(m: number): string {
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r ? `${h} 小时 ${r} 分钟` : `${h} 小时`;
}

function bucketLabel(iso: string, res: 'hour' | 'day'): string {
  const t = parts(iso);
  return res === 'hour' ? `${t.hh}时` : `${t.m}月${t.d}日`;
}

// ---- shared sections ------------------------------------------------------------------------

function volumeChart(v: VolumeFigures, title: string, mark: SpecialFigures['mark']): Block {
  const categories = v.starts.map((s) => bucketLabel(s, v.res));
  const neutral = v.counts.map((c, i) => c - (v.negative[i] ?? 0) - (v.positive[i] ?? 0));
  const at = mark ? markCategory(v, mark.at) : null;
  return chart({
    title,
    alt: `${title}：共 ${sum(v.counts)} 条，${v.res === 'hour' ? '按小时' : '按日'}统计${
      at ? `；${mark?.label}：${at}` : ''
    }`,
    option: lineChartOption({
      categories,
      series: [
        { name: '信息总量', data: v.counts },
        { name: '负面', data: v.negative },
        { name: '中性', data: neutral },
        { name: '正面', data: v.positive },
      ],
      ...(at && mark ? { markLine: { at, label: mark.label } } : {}),
    }),
    width: 640,
    height: 300,
  });
}

/** The category of the bucket holding a time, if the series covers it. */
function markCategory(v: VolumeFigures, iso: string): string | null {
  const t = Date.parse(iso);
  const step = v.res === 'hour' ? 3_600_000 : 86_400_000;
  for (const s of v.starts) {
    const start = Date.parse(s);
    if (t >= start && t < start + step) return bucketLabel(s, v.res);
  }
  return null;
}

function peakSentence(v: VolumeFigures): string {
  let peak = -1;
  v.counts.forEach((c, i) => {
    if (c > 0 && (peak < 0 || c > (v.counts[peak] ?? 0))) peak = i;
  });
  if (peak < 0) return '本期未监测到相关信息。';
  const start = v.starts[peak] ?? '';
  const t = parts(start);
  const when = v.res === 'hour' ? `${t.m}月${t.d}日 ${t.hh}时` : `${t.m}月${t.d}日`;
  return `信息量峰值出现在${when}，共 ${v.counts[peak]} 条。`;
}

function sentimentBlocks(s: Sentiment, title: string): Block[] {
  const all = total(s);
  const rows: [string, number][] = [
    ['负面', s.negative],
    ['中性', s.neutral],
    ['正面', s.positive],
  ];
  if (all === 0) return [p('本期无相关信息。')];
  return [
    chart({
      title,
      alt: `${title}：负面 ${s.negative} 条，中性 ${s.neutral} 条，正面 ${s.positive} 条`,
      option: pieChartOption({
        name: '情感倾向',
        // A share of nothing draws no slice (the table still lists it).
        data: rows.filter(([, value]) => value > 0).map(([name, value]) => ({ name, value })),
      }),
      width: 480,
      height: 280,
    }),
    table(
      ['情感倾向', '信息量（条）', '占比'],
      [...rows.map(([name, n]) => [name, n, percent(n, all)]), ['合计', all, '100%']],
      { caption: '情感倾向分布' },
    ),
  ];
}

function mapBlocks(
  prefectures: readonly { name: string; count: number; negative: number }[],
  title: string,
): Block[] {
  const all = sum(prefectures.map((x) => x.count));
  if (all === 0) return [p('本期相关信息未涉及省内具体市州。')];
  // Most first; ties keep the gazetteer's order (by adcode).
  const sorted = [...prefectures].sort((a, b) => b.count - a.count);
  const top = sorted.filter((x) => x.count > 0).slice(0, 3);
  return [
    p(
      `涉及省内市州的信息共 ${all} 条，主要集中在${top
        .map((x) => `${x.name}（${x.count} 条）`)
        .join('、')}。`,
    ),
    chart({
      title,
      alt: `${title}：${top.map((x) => `${x.name} ${x.count} 条`).join('，')}`,
      option: gansuMapOption({
        values: prefectures.map((x) => ({ name: x.name, value: x.count })),
        label: '信息量',
      }),
      width: 560,
      height: 420,
    }),
    table(
      ['市州', '信息量（条）', '其中负面（条）'],
      sorted.map((x) => [x.name, x.count, x.negative]),
      { caption: '各市州信息量' },
    ),
  ];
}

function clockRows(clocks: readonly ClockFigures[]): (string | number)[][] {
  return clocks.map((c) => [
    c.label,
    shortTime(c.targetAt),
    c.doneAt ? shortTime(c.doneAt) : '—',
    c.status === 'breached' && c.overdueMinutes !== null
      ? `${CLOCK_STATUS_LABELS.breached}（${minutesText(c.overdueMinutes)}${c.explained ? '，已说明' : ''}）`
      : CLOCK_STATUS_LABELS[c.status],
  ]);
}

const MARKING = '内部资料 注意保存';

function issuer(h: BriefingHeader): string {
  return h.unitId === null ? `${h.scopeName}网络舆情处置工作领导小组办公室` : h.scopeName;
}

/** 第 12 期 · 2026年11月28日 (the period), or 2026年第 3 期 · 2026年11月29日 (a 专报's day). */
function subtitle(h: BriefingHeader, period: string | null): string {
  if (period !== null) return `第 ${h.issueNo} 期 · ${period}`;
  const t = parts(h.generatedAt);
  return `${h.year}年第 ${h.issueNo} 期 · ${t.y}年${t.m}月${t.d}日`;
}

// ---- daily, weekly, monthly -----------------------------------------------------------------

/** The first paragraph: the period's figures in words. */
export function periodicSummary(f: PeriodicFigures): string {
  const all = total(f.sentiment);
  const unit = f.unitId === null ? '与我局工作相关的' : `${f.scopeName}监测范围内的`;
  const out: string[] = [];
  out.push(
    `${f.period.text}，共监测到${unit}网络舆情信息 ${all} 条，较${f.previous.text}（${f.previous.total} 条）${change(all, f.previous.total)}。`,
  );
  if (all > 0) {
    out.push(
      `其中负面 ${f.sentiment.negative} 条（占 ${percent(f.sentiment.negative, all)}），中性 ${f.sentiment.neutral} 条，正面 ${f.sentiment.positive} 条。`,
    );
    const top = f.sources.slice(0, 3);
    if (top.length)
      out.push(`信息主要来自${top.map((s) => `${s.name}（${s.count} 条）`).join('、')}。`);
  }
  const hottest = f.hotEvents[0];
  if (hottest)
    out.push(
      `本期活跃事件 ${f.hotEvents.length} 个，热度最高的是“${hottest.title}”（热度 ${hottest.heat}，本期 ${hottest.mentions} 条）。`,
    );
  const fired = f.alerts.length;
  const major = f.alerts.filter((a) => a.severity === 'major').length;
  const late = f.alerts.filter((a) => acknowledgedLate(a) === true).length;
  const overdue = f.alerts.filter((a) => overdueAt(a, f.coverage.check.at)).length;
  out.push(
    fired
      ? `共触发预警 ${fired} 条（其中重大 ${major} 条），逾期确认 ${late} 条，超时未确认 ${overdue} 条。`
      : '本期未触发预警。',
  );
  const breached = f.incidents.reduce(
    (n, i) => n + i.clocks.filter((c) => c.status === 'breached').length,
    0,
  );
  const incidents = f.incidents.length + f.incidentsWithheld;
  out.push(
    incidents
      ? `在办舆情处置 ${incidents} 起，处置时限超时 ${breached} 项。`
      : '本期无在办舆情处置。',
  );
  const problems = coverageProblemCount(f);
  out.push(
    problems ? `监测覆盖检查发现问题 ${problems} 项，详见第九部分。` : '监测覆盖检查未发现问题。',
  );
  return out.join('');
}

function coverageProblemCount(f: PeriodicFigures): number {
  const late = f.alerts.filter((a) => acknowledgedLate(a) === true).length;
  const c = f.coverage.check;
  return (
    f.coverage.sources.length +
    late +
    c.overdue +
    c.dismissedMajor +
    c.openTooLong +
    c.clocksBreached
  );
}

/** The document of a daily, weekly or monthly briefing. */
export function periodicDocument(f: PeriodicFigures): ReportDocument {
  const kindLabel = BRIEFING_KIND_LABELS[f.kind];
  const blocks: Block[] = [];
  const all = total(f.sentiment);

  blocks.push(h(1, '一、总体情况'), p(periodicSummary(f)));
  blocks.push(
    facts([
      ['统计时段', `${longTime(f.period.start)} 至 ${longTime(f.period.end)}`],
      ['信息总量', `${all} 条`],
      ['负面信息', `${f.sentiment.negative} 条（${percent(f.sentiment.negative, all)}）`],
      ['触发预警', `${f.alerts.length} 条`],
      ['在办处置', `${f.incidents.length + f.incidentsWithheld} 起`],
    ]),
  );

  blocks.push(h(1, '二、舆情走势'), p(peakSentence(f.volume)));
  blocks.push(
    volumeChart(f.volume, f.volume.res === 'hour' ? '分时段信息量走势' : '逐日信息量走势', null),
  );

  blocks.push(h(1, '三、情感倾向'), ...sentimentBlocks(f.sentiment, '情感倾向分布'));

  blocks.push(h(1, '四、信息来源'));
  if (f.sources.length === 0) blocks.push(p('本期无相关信息。'));
  else
    blocks.push(
      table(
        ['序号', '信息来源', '信息量（条）', '其中负面（条）', '占比'],
        f.sources.map((s, i) => [i + 1, s.name, s.count, s.negative, percent(s.count, all)]),
        { caption: '主要信息来源', widths: [1, 4, 2, 2, 2] },
      ),
    );

  blocks.push(h(1, '五、热点事件'));
  if (f.hotEvents.length === 0) blocks.push(p('本期无活跃的舆情事件。'));
  else {
    blocks.push(
      p(
        `按热度排列，本期活跃事件共 ${f.hotEvents.length} 个，其中机器建议定为重大的 ${
          f.hotEvents.filter((e) => e.suggestedGrade === 'major').length
        } 个。`,
      ),
      table(
        ['序号', '事件', '热度', '本期信息量', '走势', '负面占比', '建议定级'],
        f.hotEvents.map((e, i) => [
          i + 1,
          e.title,
          e.heat,
          e.mentions,
          `${trendWord(e.mentions, e.previousMentions)}（上期 ${e.previousMentions}）`,
          percent(e.negative, e.mentions),
          GRADE_LABELS[e.suggestedGrade],
        ]),
        { caption: '热点事件（按热度）', widths: [1, 6, 1.4, 2, 2.4, 1.8, 1.6] },
      ),
    );
    if (f.hotEvents.length > 1)
      blocks.push(
        chart({
          title: '热点事件信息量',
          alt: `热点事件本期信息量：${f.hotEvents
            .slice(0, 10)
            .map((e) => `${e.title} ${e.mentions} 条`)
            .join('，')}`,
          option: barChartOption({
            categories: f.hotEvents.slice(0, 10).map((e) => clip(e.title, 14)),
            series: [{ name: '本期信息量', data: f.hotEvents.slice(0, 10).map((e) => e.mentions) }],
            horizontal: true,
          }),
          width: 640,
          height: Math.max(200, 40 + 28 * Math.min(10, f.hotEvents.length)),
        }),
      );
  }

  blocks.push(h(1, '六、地域分布'), ...mapBlocks(f.prefectures, '全省各市州信息量分布'));

  blocks.push(h(1, '七、预警及处置情况'), ...alertBlocks(f));
  blocks.push(h(1, '八、舆情处置及时限'), ...incidentBlocks(f));
  blocks.push(h(1, '九、监测覆盖检查'), ...coverageBlocks(f));

  return {
    title: `${f.scopeName}网络舆情${kindLabel}`,
    subtitle: subtitle(f, f.period.text),
    issuer: issuer(f),
    marking: MARKING,
    generatedAt: f.generatedAt,
    blocks,
  };
}

function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : text;
}

function alertBlocks(f: PeriodicFigures): Block[] {
  if (f.alerts.length === 0) return [p('本期未触发预警。')];
  const at = f.coverage.check.at;
  const out: Block[] = [];
  const bySeverity = (['major', 'high', 'normal'] as const).map((sev) => {
    const xs = f.alerts.filter((a) => a.severity === sev);
    return [
      SEVERITY_LABELS[sev],
      xs.length,
      xs.filter((a) => acknowledgedLate(a) === false).length,
      xs.filter((a) => acknowledgedLate(a) === true).length,
      xs.filter((a) => overdueAt(a, at)).length,
      xs.filter((a) => a.status === 'dismissed').length,
      xs.filter((a) => a.status === 'linked').length,
    ];
  });
  const col = (i: number) => sum(bySeverity.map((r) => Number(r[i])));
  out.push(
    p(
      `本期共触发预警 ${f.alerts.length} 条。已按时确认 ${col(2)} 条，逾期确认 ${col(3)} 条，超时未确认 ${col(4)} 条；经研判排除 ${col(5)} 条，转入舆情处置 ${col(6)} 条。`,
    ),
    table(
      ['预警级别', '触发', '按时确认', '逾期确认', '超时未确认', '已排除', '转处置'],
      [...bySeverity, ['合计', col(1), col(2), col(3), col(4), col(5), col(6)]],
      { caption: '预警处置情况（按级别）' },
    ),
  );
  const shown = f.alerts.slice(0, 30);
  out.push(
    table(
      ['触发时间', '级别', '预警', '确认', '处置结果'],
      shown.map((a) => {
        const late = acknowledgedLate(a);
        return [
          shortTime(a.firedAt),
          SEVERITY_LABELS[a.severity],
          a.title,
          a.acknowledgedAt
            ? `${shortTime(a.acknowledgedAt)}${late ? '（逾期）' : ''}`
            : overdueAt(a, at)
              ? '超时未确认'
              : '未确认',
          a.status === 'linked'
            ? `转处置${a.incidentTitle ? `：${a.incidentTitle}` : ''}`
            : a.status === 'dismissed'
              ? `排除：${a.closeReason ?? '（未填写理由）'}`
              : ALERT_STATUS_LABELS[a.status],
        ];
      }),
      { caption: '预警明细', widths: [2.2, 1.2, 5, 2.4, 4] },
    ),
  );
  if (f.alerts.length > shown.length)
    out.push(p(`另有 ${f.alerts.length - shown.length} 条预警未列出，详见系统预警页面。`));
  const dismissed = f.alerts.filter((a) => a.status === 'dismissed');
  if (dismissed.length) {
    out.push(
      h(2, '（一）排除的预警及理由'),
      list(
        dismissed.map(
          (a) =>
            `【${SEVERITY_LABELS[a.severity]}】${a.title}：${a.closeReason ?? '（未填写理由）'}`,
        ),
      ),
    );
  }
  const linked = f.alerts.filter((a) => a.status === 'linked');
  if (linked.length) {
    out.push(
      h(2, `（${dismissed.length ? '二' : '一'}）转入舆情处置的预警`),
      list(linked.map((a) => `${a.title} → ${a.incidentTitle ?? '舆情处置'}`)),
    );
  }
  return out;
}

function incidentBlocks(f: PeriodicFigures): Block[] {
  const out: Block[] = [];
  if (f.incidents.length === 0 && f.incidentsWithheld === 0) return [p('本期无在办舆情处置。')];
  const breached = f.incidents.flatMap((i) =>
    i.clocks.filter((c) => c.status === 'breached').map((c) => ({ i, c })),
  );
  out.push(
    p(
      `本期在办舆情处置 ${f.incidents.length + f.incidentsWithheld} 起，其中重大 ${
        f.incidents.filter((i) => i.grade === 'major').length
      } 起；处置时限超时 ${breached.length} 项${
        breached.length
          ? `（${breached.map(({ i, c }) => `“${i.title}”${c.label}`).join('、')}）`
          : ''
      }。${f.incidentsWithheld ? `另有 ${f.incidentsWithheld} 起因知悉范围限制未列明细。` : ''}`,
    ),
  );
  if (f.incidents.length) {
    out.push(
      table(
        ['事件', '状态', '定级', '开始时间', '时限情况'],
        f.incidents.map((i) => {
          const by = (s: ClockState) => i.clocks.filter((c) => c.status === s).length;
          return [
            i.title,
            i.stateLabel,
            i.grade ? GRADE_LABELS[i.grade] : '未定级',
            shortTime(i.openedAt),
            i.clocks.length
              ? `按时 ${by('met')}，进行中 ${by('running')}，超时 ${by('breached')}`
              : '—',
          ];
        }),
        { caption: '在办舆情处置', widths: [5, 2, 1.2, 2.2, 4] },
      ),
    );
    for (const i of f.incidents) {
      if (!i.clocks.length) continue;
      out.push(
        table(['时限', '目标时间', '完成时间', '状态'], clockRows(i.clocks), {
          caption: `“${i.title}”各项时限`,
          widths: [3, 2.4, 2.4, 4],
        }),
      );
    }
  }
  return out;
}

function coverageBlocks(f: PeriodicFigures): Block[] {
  const out: Block[] = [];
  const c = f.coverage;
  const late = f.alerts.filter((a) => acknowledgedLate(a) === true);
  const overdue = f.alerts.filter((a) => overdueAt(a, c.check.at));
  out.push(
    p(
      `截至${longTime(c.check.at)}，预警覆盖检查结果：超过确认时限仍未确认 ${c.check.overdue} 条，近 30 日排除的重大（或疑似重大）预警 ${c.check.dismissedMajor} 条，超过 ${c.openTooLongHours} 小时仍未办结 ${c.check.openTooLong} 条；处置时限超时 ${c.check.clocksBreached} 项（未说明原因 ${c.check.clocksUnexplained} 项）。`,
    ),
    p(
      c.hourlyChecks.count
        ? `本期系统每小时自动检查共 ${c.hourlyChecks.count} 次，其中 ${c.hourlyChecks.withFindings} 次发现问题。`
        : '本期无系统自动检查记录。',
    ),
  );
  out.push(h(2, '（一）信源采集情况'));
  if (c.sources.length === 0) out.push(p('各信源采集正常。'));
  else
    out.push(
      table(
        ['信源', '状况', '说明'],
        c.sources.map((s) => [
          s.name,
          s.status === 'failing' ? '采集失败' : '长时间无新内容',
          s.reason,
        ]),
        { caption: '采集异常的信源', widths: [3, 2, 6] },
      ),
    );
  if (c.coverageAlerts.length)
    out.push(
      list(
        c.coverageAlerts.map(
          (a) => `${shortTime(a.firedAt)} ${a.title}（${ALERT_STATUS_LABELS[a.status]}）`,
        ),
      ),
    );
  out.push(h(2, '（二）预警确认及时性'));
  if (f.alerts.length === 0) out.push(p('本期无需确认的预警。'));
  else if (late.length === 0 && overdue.length === 0) out.push(p('本期预警均在时限内确认。'));
  else
    out.push(
      table(
        ['预警', '级别', '触发时间', '确认时限', '确认时间'],
        [...late, ...overdue].map((a) => [
          a.title,
          SEVERITY_LABELS[a.severity],
          shortTime(a.firedAt),
          shortTime(a.ackDueAt),
          a.acknowledgedAt ? `${shortTime(a.acknowledgedAt)}（逾期）` : '超时未确认',
        ]),
        { caption: '逾期确认或超时未确认的预警', widths: [5, 1.2, 2.2, 2.2, 3] },
      ),
    );
  const dismissedMajor = f.alerts.filter((a) => a.status === 'dismissed' && a.severity === 'major');
  if (dismissedMajor.length)
    out.push(
      h(2, '（三）排除的重大预警'),
      list(dismissedMajor.map((a) => `${a.title}：${a.closeReason ?? '（未填写理由）'}`)),
    );
  return out;
}

// ---- special report (专报) ------------------------------------------------------------------

export function specialSummary(f: SpecialFigures): string {
  const all = total(f.sentiment);
  const what = f.subject === 'incident' ? '舆情处置' : '舆情事件';
  const out = [`关于${what}“${f.subjectTitle}”，共监测到相关信息 ${all} 条`];
  if (all > 0)
    out.push(
      `，其中负面 ${f.sentiment.negative} 条（占 ${percent(f.sentiment.negative, all)}），中性 ${f.sentiment.neutral} 条，正面 ${f.sentiment.positive} 条`,
    );
  out.push('。');
  const top = [...f.prefectures].sort((a, b) => b.count - a.count).filter((x) => x.count > 0);
  if (top.length)
    out.push(`涉及省内${top.length}个市州，以${top[0]?.name}（${top[0]?.count} 条）为多。`);
  if (f.clocks.length) {
    const breached = f.clocks.filter((c) => c.status === 'breached').length;
    const met = f.clocks.filter((c) => c.status === 'met').length;
    out.push(`各项处置时限中按时完成 ${met} 项、超时 ${breached} 项。`);
  }
  return out.join('');
}

export function specialDocument(f: SpecialFigures): ReportDocument {
  const blocks: Block[] = [];
  blocks.push(h(1, '一、基本情况'), p(specialSummary(f)));
  const cap = f.limits?.mentionCap;
  if (cap)
    blocks.push(
      p(`相关信息超过 ${cap} 条，本专报的信息量、走势、情感倾向和信息来源只统计了其中 ${cap} 条。`),
    );
  blocks.push(facts(f.facts));
  blocks.push(h(1, '二、事件经过'));
  if (f.timeline.length === 0) blocks.push(p('暂无记录。'));
  else blocks.push(list(f.timeline.map((t) => `${shortTime(t.at)}\u3000${t.text}`)));
  blocks.push(h(1, '三、舆情走势'), p(peakSentence(f.volume)));
  blocks.push(volumeChart(f.volume, '相关信息量走势', f.mark));
  const end = f.limits?.curveEnd;
  if (end && f.limits?.afterCurve) {
    const t = parts(new Date(Date.parse(end) - 1).toISOString());
    blocks.push(
      p(
        `走势图只显示至${t.y}年${t.m}月${t.d}日（共 ${f.volume.starts.length} 天）；此后的 ${f.limits.afterCurve} 条相关信息未计入走势图，已计入情感倾向、地域分布和信息来源统计。`,
      ),
    );
  }
  blocks.push(h(1, '四、情感倾向'), ...sentimentBlocks(f.sentiment, '情感倾向分布'));
  blocks.push(h(1, '五、地域分布'), ...mapBlocks(f.prefectures, '省内各市州信息量分布'));
  let n = 6;
  const num = () => ['六', '七', '八', '九'][n++ - 6] ?? String(n);
  if (f.sources.length) {
    blocks.push(
      h(1, `${num()}、信息来源`),
      table(
        ['信息来源', '信息量（条）'],
        f.sources.map((s) => [s.name, s.count]),
        { caption: '主要信息来源' },
      ),
    );
  }
  if (f.subject === 'incident') {
    blocks.push(h(1, `${num()}、关联舆情事件`));
    if (f.events.length === 0) blocks.push(p('暂无关联的舆情事件。'));
    else
      blocks.push(
        table(
          ['事件', '信息量（条）', '热度', '负面占比'],
          f.events.map((e) => [e.title, e.mentions, e.heat, percent(e.negative, e.mentions)]),
          { caption: '关联舆情事件', widths: [6, 2, 1.5, 2] },
        ),
      );
    blocks.push(h(1, `${num()}、处置时限`));
    if (f.clocks.length === 0) blocks.push(p('尚未开始计时（未定级或未启动响应）。'));
    else
      blocks.push(
        table(['时限', '目标时间', '完成时间', '状态'], clockRows(f.clocks), {
          caption: '各项处置时限',
          widths: [3, 2.4, 2.4, 4],
        }),
      );
  }
  return {
    title: `网络舆情专报：${f.subjectTitle}`,
    subtitle: subtitle(f, null),
    issuer: issuer(f),
    marking: MARKING,
    generatedAt: f.generatedAt,
    blocks,
  };
}

/** The document of any briefing. */
export function briefingDocument(f: BriefingFigures): ReportDocument {
  return f.kind === 'special' ? specialDocument(f) : periodicDocument(f);
}

/** The first paragraph of a briefing (what lists show). */
export function briefingSummary(f: BriefingFigures): string {
  return f.kind === 'special' ? specialSummary(f) : periodicSummary(f);
}
