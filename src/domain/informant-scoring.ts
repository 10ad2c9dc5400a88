// The informant network's assessment ([P4], [P16]): every report (报送) is reviewed (审核) as
// adopted (采用, at a level of use), not adopted (不采用) or already found by the machine
// (机器已发现); points follow configurable rules; units and people are ranked per month and per
// quarter of the Asia/Shanghai calendar. Pure: no I/O, no clock; imported by the server and the
// web UI alike.

/** What the office decided about one report. */
export const REVIEW_DECISIONS = ['adopted', 'not_adopted', 'machine_found'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** How far up an adopted report was used: the daily briefing, a special report, a leader's instruction. */
export const ADOPTION_LEVELS = ['daily', 'special', 'instruction'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];

export const ADOPTION_LEVEL_LABELS: Record<AdoptionLevel, string> = {
  daily: '日报采用',
  special: '专报采用',
  instruction: '领导批示',
};

export const DECISION_LABELS: Record<ReviewDecision, string> = {
  adopted: '采用',
  not_adopted: '不采用',
  machine_found: '机器已发现',
};

/** One band of the bonus for being ahead of the machine: from `min_minutes` of lead on. */
export interface LeadBand {
  min_minutes: number;
  points: number;
}

export interface ScoringSettings {
  /** Points for every adopted report (on top of its level's points). */
  report_points: number;
  /** Points by the level of use of an adopted report. */
  level_points: Record<AdoptionLevel, number>;
  /**
   * The bonus of an adopted report with a link that the informant reported before any monitored
   * source collected it: the points of the highest band whose min_minutes the lead reaches
   * (bands ascending by min_minutes; a lead below the first band earns nothing).
   */
  lead_bands: LeadBand[];
  /** The bonus of an adopted report with a link no monitored source had collected when reviewed. */
  unmatched_points: number;
}

export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  report_points: 1,
  level_points: { daily: 2, special: 4, instruction: 6 },
  lead_bands: [
    { min_minutes: 10, points: 1 },
    { min_minutes: 60, points: 2 },
    { min_minutes: 240, points: 3 },
  ],
  unmatched_points: 3,
};

// ---------------------------------------------------------------------------------------------
// Lead over the machine

/**
 * Where a report stands against the monitored sources:
 * - machine_first: a monitored source had collected the link before the report (no bonus, and
 *   no points at all: the office learnt nothing new);
 * - lead: the informant was first, a monitored source collected it `minutes` later;
 * - unmatched: the informant was first and no monitored source has collected it (yet);
 * - no_link: nothing to compare (no bonus, no penalty).
 */
export type Lead =
  | { kind: 'machine_first'; machineAt: string }
  | { kind: 'lead'; minutes: number; machineAt: string }
  | { kind: 'unmatched' }
  | { kind: 'no_link' };

/**
 * The lead of a report made at `createdAt`. `machineFoundAt`: when a monitored source had the
 * link before the report (recorded with it); `machineLaterAt`: the first collection by a
 * monitored source after the report (for a review: as seen when it was made).
 */
export function leadOf(input: {
  createdAt: string;
  hasLink: boolean;
  machineFoundAt: string | null;
  machineLaterAt: string | null;
}): Lead {
  if (!input.hasLink) return { kind: 'no_link' };
  if (input.machineFoundAt !== null)
    return { kind: 'machine_first', machineAt: input.machineFoundAt };
  if (input.machineLaterAt === null) return { kind: 'unmatched' };
  const ms = Date.parse(input.machineLaterAt) - Date.parse(input.createdAt);
  return {
    kind: 'lead',
    minutes: Math.max(0, Math.floor(ms / 60_000)),
    machineAt: input.machineLaterAt,
  };
}

/** Whether the informant was ahead of every monitored source. */
export function informantFirst(lead: Lead): boolean {
  return lead.kind === 'lead' || lead.kind === 'unmatched';
}

/** The bonus of a lead under the settings' bands. */
export function leadBonus(lead: Lead, settings: ScoringSettings): number {
  if (lead.kind === 'unmatched') return settings.unmatched_points;
  if (lead.kind !== 'lead') return 0;
  let bonus = 0;
  for (const band of settings.lead_bands) if (lead.minutes >= band.min_minutes) bonus = band.points;
  return bonus;
}

// ---------------------------------------------------------------------------------------------
// One report's points

/** One review of a report; a changed review is a new version (the highest one is in force). */
export interface ReviewFact {
  version: number;
  decision: ReviewDecision;
  level: AdoptionLevel | null;
  /** The first collection by a monitored source after the report, as seen at the review. */
  machineLaterAt: string | null;
}

export interface ReportFact {
  id: string;
  createdAt: string;
  reporterId: string;
  reporterName: string;
  unitId: string;
  hasLink: boolean;
  /** A monitored source had the link before the report (recorded when it was made). */
  machineFoundAt: string | null;
  /** Every review of the report, in any order; none: not reviewed yet. */
  reviews: readonly ReviewFact[];
}

/** The review in force: the highest version, or null when the report waits for its review. */
export function currentReview<R extends { version: number }>(reviews: readonly R[]): R | null {
  let best: R | null = null;
  for (const r of reviews) if (!best || r.version > best.version) best = r;
  return best;
}

export interface Score {
  /** pending: not reviewed yet. */
  status: ReviewDecision | 'pending';
  level: AdoptionLevel | null;
  lead: Lead;
  /** Counted as a lead-time first: adopted, and ahead of every monitored source. */
  first: boolean;
  points: { report: number; level: number; lead: number; total: number };
}

const ZERO = { report: 0, level: 0, lead: 0, total: 0 };

/**
 * Points of one report: an adopted report earns report_points + its level's points + the lead
 * bonus; a report the machine had first earns nothing even when adopted; not adopted, already
 * found by the machine and not yet reviewed earn nothing.
 */
export function scoreReport(report: ReportFact, settings: ScoringSettings): Score {
  const review = currentReview(report.reviews);
  const lead = leadOf({
    createdAt: report.createdAt,
    hasLink: report.hasLink,
    machineFoundAt: report.machineFoundAt,
    machineLaterAt: review?.machineLaterAt ?? null,
  });
  if (!review) return { status: 'pending', level: null, lead, first: false, points: ZERO };
  if (review.decision !== 'adopted') {
    return { status: review.decision, level: null, lead, first: false, points: ZERO };
  }
  const level = review.level ?? 'daily';
  if (lead.kind === 'machine_first') {
    return { status: 'adopted', level, lead, first: false, points: ZERO };
  }
  const points = {
    report: settings.report_points,
    level: settings.level_points[level],
    lead: leadBonus(lead, settings),
    total: 0,
  };
  points.total = points.report + points.level + points.lead;
  return { status: 'adopted', level, lead, first: informantFirst(lead), points };
}

// ---------------------------------------------------------------------------------------------
// Periods of the Asia/Shanghai calendar

/** Asia/Shanghai is UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export type Period =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'year'; year: number };

export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

/** '2026-11' (a month), '2026-Q4' (a quarter) or '2026' (a year); null when it is none of them. */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD_PATTERN.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  if (m[2]) return { kind: 'month', year, month: Number(m[2]) };
  if (m[3]) return { kind: 'quarter', year, quarter: Number(m[3]) };
  return { kind: 'year', year };
}

export function periodKey(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.year}-${String(p.month).padStart(2, '0')}`;
    case 'quarter':
      return `${p.year}-Q${p.quarter}`;
    case 'year':
      return String(p.year);
  }
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

/** 2026年11月 / 2026年第四季度 / 2026年. */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.year}年${p.month}月`;
    case 'quarter':
      return `${p.year}年第${QUARTER_NAMES[p.quarter - 1] ?? p.quarter}季度`;
    case 'year':
      return `${p.year}年`;
  }
}

/** 2026-11 / 2026 Q4 / 2026, for the English UI. */
export function periodLabelEn(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.year}-${String(p.month).padStart(2, '0')}`;
    case 'quarter':
      return `Q${p.quarter} ${p.year}`;
    case 'year':
      return String(p.year);
  }
}

function shanghaiMidnight(year: number, month: number): number {
  // Date.UTC rolls month 13 over to January of the next year.
  return Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS;
}

/** The period's instants as UTC ISO text: from start (inclusive) to end (exclusive). */
export function periodRange(p: Period): { start: string; end: string } {
  const [fromMonth, months] =
    p.kind === 'month'
      ? [p.month, 1]
      : p.kind === 'quarter'
        ? [(p.quarter - 1) * 3 + 1, 3]
        : [1, 12];
  return {
    start: new Date(shanghaiMidnight(p.year, fromMonth)).toISOString(),
    end: new Date(shanghaiMidnight(p.year, fromMonth + months)).toISOString(),
  };
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month (or quarter) holding an instant, in the Asia/Shanghai calendar. */
export function periodOf(iso: string, kind: 'month' | 'quarter'): Period {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return kind === 'month'
    ? { kind: 'month', year, month }
    : { kind: 'quarter', year, quarter: Math.ceil(month / 3) };
}

/** Whether a calendar date (YYYY-MM-DD) lies in the period. */
export function dateInPeriod(date: string, p: Period): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (year !== p.year) return false;
  if (p.kind === 'month') return month === p.month;
  if (p.kind === 'quarter') return Math.ceil(month / 3) === p.quarter;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ranking

export interface RankedUnit {
  id: string;
  name: string;
  /** The organisation's order of units (the tie order). */
  sortOrder: number;
}

export interface Tally {
  reports: number;
  reviewed: number;
  pending: number;
  adopted: number;
  notAdopted: number;
  machineFound: number;
  /** adopted / reports; null without reports. */
  adoptionRate: number | null;
  /** Adopted reports that were ahead of every monitored source. */
  firsts: number;
  points: number;
  byLevel: Record<AdoptionLevel, number>;
}

export interface RankingRow extends Tally {
  /** 1-based; rows equal on points, adopted and firsts share a rank (1, 2, 2, 4). */
  rank: number;
  unit: { id: string; name: string };
  /** For the ranking by person: the reporter (an account) in that unit. */
  person: { id: string; name: string } | null;
}

function emptyTally(): Tally {
  return {
    reports: 0,
    reviewed: 0,
    pending: 0,
    adopted: 0,
    notAdopted: 0,
    machineFound: 0,
    adoptionRate: null,
    firsts: 0,
    points: 0,
    byLevel: { daily: 0, special: 0, instruction: 0 },
  };
}

function add(t: Tally, s: Score): void {
  t.reports += 1;
  if (s.status === 'pending') t.pending += 1;
  else t.reviewed += 1;
  if (s.status === 'adopted') {
    t.adopted += 1;
    if (s.level) t.byLevel[s.level] += 1;
  }
  if (s.status === 'not_adopted') t.notAdopted += 1;
  if (s.status === 'machine_found') t.machineFound += 1;
  if (s.first) t.firsts += 1;
  t.points += s.points.total;
  t.adoptionRate = t.adopted / t.reports;
}

/** Totals over every report given. */
export function tally(reports: readonly ReportFact[], settings: ScoringSettings): Tally {
  const t = emptyTally();
  for (const r of reports) add(t, scoreReport(r, settings));
  return t;
}

/** Descending on points, then adopted, then firsts: the keys a rank is decided by. */
function compareStanding(a: Tally, b: Tally): number {
  return b.points - a.points || b.adopted - a.adopted || b.firsts - a.firsts;
}

function assignRanks<T extends Tally & { rank: number }>(rows: T[]): T[] {
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    row.rank = prev && compareStanding(prev, row) === 0 ? prev.rank : i + 1;
  });
  return rows;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Units ranked: every unit given (units without reports too, with zeros), and any unit that
 * reported without being listed. Order: points, adopted, firsts (descending); ties share the
 * rank and are listed in the organisation's unit order, then by name.
 */
export function rankUnits(
  reports: readonly ReportFact[],
  units: readonly RankedUnit[],
  settings: ScoringSettings,
): RankingRow[] {
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const tallies = new Map<string, Tally>(units.map((u) => [u.id, emptyTally()]));
  for (const r of reports) {
    let t = tallies.get(r.unitId);
    if (!t) tallies.set(r.unitId, (t = emptyTally()));
    add(t, scoreReport(r, settings));
  }
  const rows: (RankingRow & { order: number })[] = [...tallies].map(([id, t]) => {
    const u = unitOf.get(id);
    return {
      ...t,
      rank: 0,
      unit: { id, name: u?.name ?? id },
      person: null,
      order: u?.sortOrder ?? Number.MAX_SAFE_INTEGER,
    };
  });
  rows.sort(
    (a, b) =>
      compareStanding(a, b) ||
      a.order - b.order ||
      byCodePoint(a.unit.name, b.unit.name) ||
      byCodePoint(a.unit.id, b.unit.id),
  );
  return assignRanks(rows).map(({ order: _order, ...row }) => row);
}

/**
 * People ranked: every reporter with a report in the reports given, per unit they reported
 * from. Order as for units; ties are listed in unit order, then by name, then by id.
 */
export function rankPeople(
  reports: readonly ReportFact[],
  units: readonly RankedUnit[],
  settings: ScoringSettings,
): RankingRow[] {
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const rows = new Map<string, RankingRow & { order: number }>();
  for (const r of reports) {
    const key = `${r.reporterId}\u0000${r.unitId}`;
    let row = rows.get(key);
    if (!row) {
      const u = unitOf.get(r.unitId);
      row = {
        ...emptyTally(),
        rank: 0,
        unit: { id: r.unitId, name: u?.name ?? r.unitId },
        person: { id: r.reporterId, name: r.reporterName },
        order: u?.sortOrder ?? Number.MAX_SAFE_INTEGER,
      };
      rows.set(key, row);
    }
    add(row, scoreReport(r, settings));
  }
  const list = [...rows.values()].sort(
    (a, b) =>
      compareStanding(a, b) ||
      a.order - b.order ||
      byCodePoint(a.person?.name ?? '', b.person?.name ?? '') ||
      byCodePoint(a.person?.id ?? '', b.person?.id ?? ''),
  );
  return assignRanks(list).map(({ order: _order, ...row }) => row);
}

/** Reports made within the period (by their Asia/Shanghai time). */
export function reportsInPeriod<R extends { createdAt: string }>(
  reports: readonly R[],
  p: Period,
): R[] {
  const { start, end } = periodRange(p);
  return reports.filter((r) => {
    const t = new Date(r.createdAt).toISOString();
    return t >= start && t < end;
  });
}

// ---------------------------------------------------------------------------------------------
// Settings checks beyond shape

/** Problems of settings that parse: bands must ascend. Empty when fine. */
export function settingsProblems(s: ScoringSettings): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  s.lead_bands.forEach((band, i) => {
    const prev = s.lead_bands[i - 1];
    if (prev && band.min_minutes <= prev.min_minutes) {
      out.push({
        path: `lead_bands.${i}.min_minutes`,
        message: `must be more than the band before (${prev.min_minutes})`,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Support records (保障记录, [P16]): duty allowance, equipment, data plan, training

export const SUPPORT_KINDS = ['duty_allowance', 'equipment', 'data_plan', 'training'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const SUPPORT_KIND_LABELS: Record<SupportKind, string> = {
  duty_allowance: '值班补贴',
  equipment: '设备',
  data_plan: '流量补贴',
  training: '培训',
};

/** Training is counted in hours; the others in money (fen in storage). */
export function supportUnit(kind: SupportKind): 'money' | 'hours' {
  return kind === 'training' ? 'hours' : 'money';
}

/** Yuan text ("1234.5", "1234.50", "1234") to fen, exactly; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen to yuan text with two decimals: 123456 -> "1234.56". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface SupportTotal {
  count: number;
  /** Money kinds: fen. */
  amountFen: number;
  /** Training: minutes. */
  minutes: number;
  byKind: Record<SupportKind, { count: number; amountFen: number; minutes: number }>;
}

export function emptySupportTotal(): SupportTotal {
  return {
    count: 0,
    amountFen: 0,
    minutes: 0,
    byKind: {
      duty_allowance: { count: 0, amountFen: 0, minutes: 0 },
      equipment: { count: 0, amountFen: 0, minutes: 0 },
      data_plan: { count: 0, amountFen: 0, minutes: 0 },
      training: { count: 0, amountFen: 0, minutes: 0 },
    },
  };
}

/** Adds one record to a total (voided records are the caller's to leave out). */
export function addSupport(
  total: SupportTotal,
  r: { kind: SupportKind; amountFen: number | null; minutes: number | null },
): void {
  total.count += 1;
  total.amountFen += r.amountFen ?? 0;
  total.minutes += r.minutes ?? 0;
  const k = total.byKind[r.kind];
  k.count += 1;
  k.amountFen += r.amountFen ?? 0;
  k.minutes += r.minutes ?? 0;
}
