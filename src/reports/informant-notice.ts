// The notice of reports and adoptions (报送及采用情况通报) for a month or a quarter: the totals,
// the table of units with a bar chart of their points, the table of people, the adopted reports
// listed, and the scoring rules the points follow. Built from the ranking the service computed
// (src/domain/informant-scoring.ts); pure apart from the chart option builder.
import {
  ADOPTION_LEVEL_LABELS,
  periodLabel,
  type AdoptionLevel,
  type Lead,
  type Period,
  type RankingRow,
  type ScoringSettings,
  type Tally,
} from '../domain/informant-scoring.ts';
import { barChartOption } from './charts.ts';
import { chart, facts, h, list, p, table, type Block, type ReportDocument } from './document.ts';

export const NOTICE_TITLE = '网络舆情信息报送及采用情况通报';

export interface AdoptedReport {
  createdAt: string;
  unitName: string;
  reporterName: string;
  text: string;
  level: AdoptionLevel;
  lead: Lead;
  points: number;
}

export interface NoticeInput {
  period: Period;
  generatedAt: string;
  /** The issuing body, e.g. 甘肃省统计局网络舆情处置工作领导小组办公室. */
  issuer: string;
  settings: ScoringSettings;
  totals: Tally;
  units: readonly RankingRow[];
  people: readonly RankingRow[];
  /** The period's adopted reports (listed oldest first). */
  adopted: readonly AdoptedReport[];
}

/** 60.0%; — without reports. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** 11月3日 10:00 in Asia/Shanghai. */
function shanghaiShort(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** How the report stood against the monitored sources, in a few characters. */
export function leadText(lead: Lead): string {
  switch (lead.kind) {
    case 'lead':
      return `领先${lead.minutes}分钟`;
    case 'unmatched':
      return '系统未发现';
    case 'machine_first':
      return '系统先发现';
    case 'no_link':
      return '—';
  }
}

function excerpt(text: string, max: number): string {
  const flat = Array.from(text.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max).join('')}…` : flat.join('');
}

function scoringRules(s: ScoringSettings): string[] {
  const bands = s.lead_bands.map((b) => `领先${b.min_minutes}分钟及以上${b.points}分`).join('，');
  return [
    `每条采用信息计${s.report_points}分；按采用层级另计：${(
      ['daily', 'special', 'instruction'] as const
    )
      .map((l) => `${ADOPTION_LEVEL_LABELS[l]}${s.level_points[l]}分`)
      .join('，')}。`,
    bands
      ? `先于系统监测发现并被采用的，按领先时间加分：${bands}；报送时系统尚未发现、审核时仍未发现的加${s.unmatched_points}分。`
      : `报送时系统尚未发现、审核时仍未发现并被采用的加${s.unmatched_points}分。`,
    '不采用、系统已先行发现的信息不计分；尚未审核的信息暂不计分。',
    '排名依次按积分、采用条数、先于系统发现条数从高到低排列，三项均相同的并列，并列者按单位顺序列出。',
  ];
}

export function informantNotice(input: NoticeInput): ReportDocument {
  const label = periodLabel(input.period);
  const t = input.totals;
  const blocks: Block[] = [];

  blocks.push(
    p(
      `为进一步做好网络舆情信息报送工作，发挥舆情信息员队伍作用，现将${label}全省舆情信息报送及采用情况通报如下。`,
    ),
  );

  // 一、总体情况
  blocks.push(h(1, '一、总体情况'));
  const leads = input.adopted.filter((a) => a.lead.kind === 'lead');
  const avgLead =
    leads.length > 0
      ? Math.round(
          leads.reduce((sum, a) => sum + (a.lead.kind === 'lead' ? a.lead.minutes : 0), 0) /
            leads.length,
        )
      : null;
  const levels = (['daily', 'special', 'instruction'] as const)
    .map((l) => `${ADOPTION_LEVEL_LABELS[l]}${t.byLevel[l]}条`)
    .join('、');
  blocks.push(
    p(
      `${label}，全省共报送舆情信息${t.reports}条，经审核采用${t.adopted}条，采用率${percent(t.adoptionRate)}；` +
        `其中${levels}。先于系统监测发现并被采用${t.firsts}条` +
        (avgLead !== null ? `，有系统比对的平均领先${avgLead}分钟` : '') +
        `。不采用${t.notAdopted}条，系统已先行发现${t.machineFound}条，待审核${t.pending}条。`,
    ),
  );
  blocks.push(
    facts([
      ['报送总数', `${t.reports}条`],
      ['采用', `${t.adopted}条`],
      ['采用率', percent(t.adoptionRate)],
      ['先于系统发现并采用', `${t.firsts}条`],
      ['积分合计', `${t.points}分`],
      ['待审核', `${t.pending}条`],
    ]),
  );

  // 二、各单位
  blocks.push(h(1, '二、各单位报送及采用情况'));
  const scored = input.units.filter((u) => u.reports > 0 || u.points > 0);
  if (scored.length > 0) {
    blocks.push(
      chart({
        title: `${label}各单位积分`,
        alt: `${label}各单位积分柱状图：${scored.map((u) => `${u.unit.name}${u.points}分`).join('，')}`,
        option: barChartOption({
          categories: scored.map((u) => u.unit.name),
          series: [{ name: '积分', data: scored.map((u) => u.points) }],
          horizontal: true,
        }),
        width: 640,
        height: Math.max(200, 60 + scored.length * 28),
      }),
    );
  } else {
    blocks.push(p('本期各单位均无报送。'));
  }
  blocks.push(
    table(
      ['排名', '单位', '报送', '采用', '采用率', '先于系统', '积分'],
      input.units.map((u) => [
        u.rank,
        u.unit.name,
        u.reports,
        u.adopted,
        percent(u.adoptionRate),
        u.firsts,
        u.points,
      ]),
      { caption: `表1 ${label}各单位报送及采用情况`, widths: [1, 4, 1.2, 1.2, 1.6, 1.6, 1.2] },
    ),
  );

  // 三、信息员
  blocks.push(h(1, '三、信息员报送及采用情况'));
  if (input.people.length > 0) {
    blocks.push(
      table(
        ['排名', '报送人', '单位', '报送', '采用', '采用率', '先于系统', '积分'],
        input.people.map((r) => [
          r.rank,
          r.person?.name ?? '',
          r.unit.name,
          r.reports,
          r.adopted,
          percent(r.adoptionRate),
          r.firsts,
          r.points,
        ]),
        {
          caption: `表2 ${label}信息员报送及采用情况`,
          widths: [1, 2, 3.4, 1.2, 1.2, 1.6, 1.6, 1.2],
        },
      ),
    );
  } else {
    blocks.push(p('本期无人报送。'));
  }

  // 四、采用信息目录
  blocks.push(h(1, '四、采用信息目录'));
  if (input.adopted.length > 0) {
    const adopted = [...input.adopted].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
    );
    blocks.push(
      table(
        ['序号', '报送时间', '单位', '报送人', '内容摘要', '采用层级', '时效', '积分'],
        adopted.map((a, i) => [
          i + 1,
          shanghaiShort(a.createdAt),
          a.unitName,
          a.reporterName,
          excerpt(a.text, 60),
          ADOPTION_LEVEL_LABELS[a.level],
          leadText(a.lead),
          a.points,
        ]),
        { caption: `表3 ${label}采用信息目录`, widths: [0.8, 1.8, 2.4, 1.4, 5, 1.6, 1.8, 0.8] },
      ),
    );
  } else {
    blocks.push(p('本期无采用信息。'));
  }

  // 五、积分规则
  blocks.push(h(1, '五、积分规则'));
  blocks.push(list(scoringRules(input.settings), true));
  blocks.push(
    p(
      '请各单位对照本通报，进一步压实舆情信息员责任，坚持及时、准确、全面报送，不断提高报送时效和质量。',
    ),
  );

  return {
    title: NOTICE_TITLE,
    subtitle: label,
    issuer: input.issuer,
    marking: '内部资料 注意保存',
    generatedAt: input.generatedAt,
    blocks,
  };
}
