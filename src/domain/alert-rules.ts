// Early-warning rules ([P7] never miss, delay or conceal): which mentions and events make an
// alert, how severe, when it is due to be acknowledged, who is told at each step of the
// escalation chain, and when quiet hours or debouncing may hold a notification back (never a
// major one). Pure: the alert service feeds it rows and the clock.

export const SEVERITIES = ['normal', 'high', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SENTIMENT_FILTERS = ['any', 'negative', 'not_positive'] as const;
export type SentimentFilter = (typeof SENTIMENT_FILTERS)[number];

/**
 * What a rule asks for. Mention conditions (schemes, sentiment, risk categories, regions) pick
 * the mentions that count; event conditions (heat, burst, authority, suggested grade, volume)
 * are asked of the event those mentions belong to. An empty list or null asks nothing.
 */
export interface AlertConditions {
  /** The mention matched any of these schemes. */
  schemeIds: string[];
  sentiment: SentimentFilter;
  /** The mention scored in any of these risk categories. */
  riskCategories: string[];
  /** The mention names a place in any of these areas (adcodes, any level). */
  regions: string[];
  /** The event's heat index is at least this. */
  minHeat: number | null;
  /** The event's volume is bursting against its own past right now. */
  burst: boolean;
  /** The event was carried by an outlet of one of these authority tiers. */
  authorityTiers: string[];
  /** The event's suggested grade is major. */
  suggestedMajor: boolean;
  /** At least this many of the event's mentions met the mention conditions. */
  minVolume: number;
}

export const DEFAULT_CONDITIONS: AlertConditions = {
  schemeIds: [],
  sentiment: 'any',
  riskCategories: [],
  regions: [],
  minHeat: null,
  burst: false,
  authorityTiers: [],
  suggestedMajor: false,
  minVolume: 1,
};

/** Quiet hours, HH:MM to HH:MM in Beijing time; an end at or before the start runs past midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export interface AlertRule {
  id: string;
  name: string;
  unitId: string;
  enabled: boolean;
  severity: Severity;
  conditions: AlertConditions;
  quietHours: QuietHours | null;
  /** A new alert of this rule waits this long before anyone is told, so a storm is one message. */
  debounceSeconds: number;
}

/** The facts about one mention that the mention conditions read. */
export interface MentionFacts {
  schemeIds: readonly string[];
  sentiment: 'negative' | 'neutral' | 'positive';
  riskCategories: readonly string[];
  /** Every adcode the mention's places lie in (each place's whole path). */
  regionCodes: readonly string[];
}

/** The facts about an event that the event conditions read. */
export interface EventFacts {
  heat: number;
  bursting: boolean;
  authorityTier: string | null;
  suggestedGrade: 'major' | 'general';
}

const hasAny = (wanted: readonly string[], have: readonly string[]) =>
  wanted.length === 0 || wanted.some((w) => have.includes(w));

export function mentionQualifies(c: AlertConditions, m: MentionFacts): boolean {
  if (c.sentiment === 'negative' && m.sentiment !== 'negative') return false;
  if (c.sentiment === 'not_positive' && m.sentiment === 'positive') return false;
  return (
    hasAny(c.schemeIds, m.schemeIds) &&
    hasAny(c.riskCategories, m.riskCategories) &&
    hasAny(c.regions, m.regionCodes)
  );
}

/**
 * Whether the event meets the rule with `count` qualifying mentions; with the reasons in words
 * (Chinese, for the alert's summary) when it does.
 */
export function eventQualifies(
  c: AlertConditions,
  e: EventFacts,
  count: number,
): { ok: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (count < Math.max(1, c.minVolume)) return { ok: false, reasons };
  reasons.push(`${count} 条相关信息`);
  if (c.minHeat !== null) {
    if (e.heat < c.minHeat) return { ok: false, reasons };
    reasons.push(`热度 ${e.heat} ≥ ${c.minHeat}`);
  }
  if (c.burst) {
    if (!e.bursting) return { ok: false, reasons };
    reasons.push('声量突增');
  }
  if (c.authorityTiers.length) {
    if (!e.authorityTier || !c.authorityTiers.includes(e.authorityTier))
      return { ok: false, reasons };
    reasons.push(`权威信源（${e.authorityTier}）`);
  }
  if (c.suggestedMajor) {
    if (e.suggestedGrade !== 'major') return { ok: false, reasons };
    reasons.push('建议定级为重大');
  }
  return { ok: true, reasons };
}

/** A scheme's default alert severity (four levels, from the analysis issue) as an alert's. */
export function severityOfScheme(s: 'low' | 'medium' | 'high' | 'major'): Severity {
  return s === 'major' ? 'major' : s === 'high' ? 'high' : 'normal';
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Who is told at a step of the escalation chain. */
export const CHAIN_ROLES = [
  'on_duty',
  'office_head',
  'leader_in_charge',
  'leadership_group',
] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

export interface ChainPerson {
  personId: string;
  name: string;
  userId: string | null;
  email: string | null;
  phone: string | null;
}

/** One step of the chain as copied onto an alert when it fired. */
export interface EscalationStep {
  role: ChainRole;
  people: ChainPerson[];
}

export interface AlertSettings {
  /** Minutes to acknowledge, per severity; each escalation step gets as long again. */
  ackMinutes: Record<Severity, number>;
  /** Re-notify when the qualifying count reaches this multiple of the count last notified. */
  growthFactor: Record<Severity, number>;
  /** The chain, in order. */
  chain: ChainRole[];
  /** An alert open longer than this is listed by the coverage check. */
  openTooLongHours: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  ackMinutes: { major: 10, high: 30, normal: 120 },
  growthFactor: { major: 1.5, high: 2, normal: 3 },
  chain: ['on_duty', 'office_head', 'leader_in_charge'],
  openTooLongHours: 24,
};

export function ackDueAt(severity: Severity, at: Date, s: AlertSettings): Date {
  return new Date(at.getTime() + s.ackMinutes[severity] * 60_000);
}

/**
 * The step to escalate to when the deadline of `step` has passed unacknowledged: the next step
 * with people in it, or null at the end of the chain.
 */
export function nextStep(chain: readonly EscalationStep[], step: number): number | null {
  for (let i = step + 1; i < chain.length; i++) if (chain[i]?.people.length) return i;
  return null;
}

/** The first step with people in it (0 when none has: the group channels still hear). */
export function firstStep(chain: readonly EscalationStep[]): number {
  const i = chain.findIndex((s) => s.people.length > 0);
  return i < 0 ? 0 : i;
}

/** Whether the alert grew enough since it was last notified to tell people again. */
export function grewEnough(
  severity: Severity,
  notifiedCount: number,
  count: number,
  s: AlertSettings,
): boolean {
  return count >= Math.ceil(Math.max(1, notifiedCount) * s.growthFactor[severity]);
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Minutes after midnight of a valid HH:MM, else null. */
export function parseClock(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * When a notification made at `at` may go out: at once for a major alert; otherwise after the
 * rule's debounce and, when that falls in the rule's quiet hours, when they end.
 */
export function releaseAt(
  severity: Severity,
  rule: Pick<AlertRule, 'quietHours' | 'debounceSeconds'> | null,
  at: Date,
): Date {
  if (severity === 'major' || !rule) return at;
  const due = new Date(at.getTime() + Math.max(0, rule.debounceSeconds) * 1000);
  return rule.quietHours ? quietEnd(rule.quietHours, due) : due;
}

/** `at` itself when outside the quiet hours, else the moment they end. */
export function quietEnd(q: QuietHours, at: Date): Date {
  const from = parseClock(q.from);
  const to = parseClock(q.to);
  if (from === null || to === null || from === to) return at;
  const local = at.getTime() + BEIJING_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = (local - dayStart) / 60_000;
  const crosses = to <= from;
  const inside = crosses ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inside) return at;
  // Past midnight the end is today's `to`; before midnight (in a crossing window) tomorrow's.
  const endDay = crosses && minute >= from ? dayStart + DAY_MS : dayStart;
  return new Date(endDay + to * 60_000 - BEIJING_MS);
}

/** What the coverage check lists ([P7]): nothing missed, late or concealed. */
export interface CoverageFindings {
  /** Open alerts past their acknowledgement deadline. */
  overdue: number;
  /** Dismissed alerts that looked major (severity major or the event suggested major). */
  dismissedMajor: number;
  /** Alerts not closed after the configured hours. */
  openTooLong: number;
}

export interface CoverageAlert {
  status: 'open' | 'acknowledged' | 'dismissed' | 'linked';
  severity: Severity;
  lookedMajor: boolean;
  firedAt: string;
  ackDueAt: string;
}

export type CoverageReason = 'overdue' | 'dismissed_major' | 'open_too_long';

/** Why an alert is on the coverage list, if it is. */
export function coverageReasons(a: CoverageAlert, now: Date, s: AlertSettings): CoverageReason[] {
  const out: CoverageReason[] = [];
  const t = now.getTime();
  if (a.status === 'open' && Date.parse(a.ackDueAt) < t) out.push('overdue');
  if (a.status === 'dismissed' && (a.severity === 'major' || a.lookedMajor))
    out.push('dismissed_major');
  if (
    (a.status === 'open' || a.status === 'acknowledged') &&
    t - Date.parse(a.firedAt) > s.openTooLongHours * 3_600_000
  )
    out.push('open_too_long');
  return out;
}
