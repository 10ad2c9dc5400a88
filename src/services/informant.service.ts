// The informant network's assessment ([P4], [P16]): the office reviews (审核) every report as
// adopted at a level, not adopted (with the reason) or already found by the machine; a changed
// review is a new version (audited, nothing deleted). Units and people are ranked per month or
// quarter by the scoring rules (src/domain/informant-scoring.ts, settings stored like the other
// settings); the notice (报送及采用情况通报) is built from the ranking; support records
// (保障记录: duty allowance, equipment, data plan, training) are kept per informant with totals.
//
// Who may do what: the office and admin (informant.write) review reports of units in their
// scope, enter and void support records and change the scoring rules (province-wide staff
// only); whoever reads all reports (report.read: admin, leaders, office) reads reviews, the
// ranking (a city bureau: its own rows) and the support records of its scope; the notice is
// province-wide. Everyone else sees their own support records only. Nobody reviews their own
// report.
import { randomUUID } from 'node:crypto';
import { allowed, can, inScope, type Principal } from '../domain/access.ts';
import {
  DEFAULT_SCORING_SETTINGS,
  addSupport,
  currentReview,
  emptySupportTotal,
  fenToYuan,
  leadOf,
  parsePeriod,
  periodKey,
  periodLabel,
  periodLabelEn,
  periodRange,
  rankPeople,
  rankUnits,
  scoreReport,
  shanghaiDate,
  supportUnit,
  tally,
  settingsProblems,
  yuanToFen,
  type AdoptionLevel,
  type Lead,
  type Period,
  type RankedUnit,
  type RankingRow,
  type ReportFact,
  type ReviewDecision,
  type ScoringSettings,
  type SupportKind,
  type SupportTotal,
  type Tally,
} from '../domain/informant-scoring.ts';
import { errors } from '../errors.ts';
import { canonicalUrl } from '../ingest/canonical-url.ts';
import { informantNotice, type AdoptedReport } from '../reports/informant-notice.ts';
import type { ReportDocument } from '../reports/document.ts';
import { renderDocx } from '../reports/docx-render.ts';
import { renderHtml } from '../reports/html-render.ts';
import type { Db } from '../store/db.ts';
import type { ReportRow } from '../store/schema.ts';
import { z } from 'zod';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import type { ReportService, ReportView } from './report.service.ts';
import { readSettingRow, writeAuditedSetting } from './settings-store.ts';

export const SCORING_SETTINGS_KEY = 'informant.scoring';

const points = z.number().int('must be a whole number').min(0).max(1000);

/** The scoring rules as stored and as PUT: whole points, bands ascending by minutes. */
export const scoringSettingsSchema = z
  .object({
    report_points: points,
    level_points: z.object({ daily: points, special: points, instruction: points }),
    lead_bands: z
      .array(
        z.object({
          min_minutes: z
            .number()
            .int('must be a whole number')
            .min(0)
            .max(7 * 24 * 60),
          points,
        }),
      )
      .max(10),
    unmatched_points: points,
  })
  .superRefine((s, ctx) => {
    for (const p of settingsProblems(s)) {
      ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
    }
  });

type User = Principal & { kind: 'user' };

function userOf(actor: Actor): User {
  const p = actor.principal;
  if (!p) throw errors.unauthenticated();
  if (p.kind !== 'user')
    throw errors.forbidden('machine tokens do not take part in the informant network');
  return p;
}

function periodOrThrow(text: string, path = 'query.period'): Period {
  const p = parsePeriod(text);
  if (!p) {
    throw errors.invalidInput(`${path}: not a month (2026-11), quarter (2026-Q4) or year`, [
      { path, message: 'a month 2026-11, a quarter 2026-Q4 or a year 2026' },
    ]);
  }
  return p;
}

function periodView(p: Period) {
  const r = periodRange(p);
  return {
    key: periodKey(p),
    kind: p.kind,
    label: periodLabel(p),
    label_en: periodLabelEn(p),
    start: r.start,
    end: r.end,
  };
}

function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { code?: unknown; message?: unknown };
  return (
    x.code === '23505' ||
    x.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof x.message === 'string' && x.message.includes('UNIQUE constraint failed'))
  );
}

export interface ReviewInput {
  decision: ReviewDecision;
  level?: AdoptionLevel | undefined;
  reason?: string | undefined;
  note?: string | undefined;
  expected_version?: number | undefined;
}

export interface ReportReviewView {
  id: string;
  report_id: string;
  version: number;
  decision: ReviewDecision;
  level: AdoptionLevel | null;
  reason: string | null;
  note: string | null;
  machine_later_at: string | null;
  reviewer: { id: string; name: string };
  reviewed_at: string;
}

export interface LeadView {
  kind: Lead['kind'];
  minutes: number | null;
  machine_at: string | null;
}

export interface AssessmentView {
  report: ReportView;
  review: ReportReviewView | null;
  age_minutes: number;
  lead: LeadView;
  suggestion: ReviewDecision | null;
  points: { report: number; level: number; lead: number; total: number };
}

export interface TallyView {
  reports: number;
  reviewed: number;
  pending: number;
  adopted: number;
  not_adopted: number;
  machine_found: number;
  adoption_rate: number | null;
  firsts: number;
  points: number;
  by_level: Record<AdoptionLevel, number>;
}

export interface RankingRowView extends TallyView {
  rank: number;
  unit: { id: string; name: string };
  person: { id: string; name: string } | null;
}

export interface RankingView {
  period: ReturnType<typeof periodView>;
  by: 'unit' | 'person';
  totals: TallyView;
  rows: RankingRowView[];
  settings: ScoringSettings;
}

export interface SupportInput {
  person_id: string;
  kind: SupportKind;
  date: string;
  amount?: string | number | undefined;
  hours?: number | undefined;
  note?: string | undefined;
}

interface SupportTotalView {
  count: number;
  amount_fen: number;
  amount_yuan: string;
  hours: number;
  by_kind: Record<
    SupportKind,
    { count: number; amount_fen: number; amount_yuan: string; hours: number }
  >;
}

export interface SupportView {
  id: string;
  person: { id: string; name: string };
  unit: { id: string; name: string };
  kind: SupportKind;
  date: string;
  amount_fen: number | null;
  amount_yuan: string | null;
  hours: number | null;
  note: string | null;
  created_by: { id: string; name: string };
  created_at: string;
  voided: { at: string; by: { id: string; name: string }; reason: string } | null;
}

export interface SupportListView {
  period: ReturnType<typeof periodView> | null;
  items: SupportView[];
  totals: {
    all: SupportTotalView;
    by_person: {
      person: { id: string; name: string };
      unit: { id: string; name: string };
      total: SupportTotalView;
    }[];
    by_unit: { unit: { id: string; name: string }; total: SupportTotalView }[];
  };
  can_write: boolean;
}

interface QueueCursor {
  created_at: string;
  id: string;
}
const isQueueCursor = (v: unknown): v is QueueCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as QueueCursor).created_at === 'string' &&
  typeof (v as QueueCursor).id === 'string';

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

function totalView(t: SupportTotal): SupportTotalView {
  const byKind = {} as SupportTotalView['by_kind'];
  for (const [k, v] of Object.entries(t.byKind) as [
    SupportKind,
    SupportTotal['byKind'][SupportKind],
  ][]) {
    byKind[k] = {
      count: v.count,
      amount_fen: v.amountFen,
      amount_yuan: fenToYuan(v.amountFen),
      hours: hours(v.minutes),
    };
  }
  return {
    count: t.count,
    amount_fen: t.amountFen,
    amount_yuan: fenToYuan(t.amountFen),
    hours: hours(t.minutes),
    by_kind: byKind,
  };
}

function tallyView(t: Tally): TallyView {
  return {
    reports: t.reports,
    reviewed: t.reviewed,
    pending: t.pending,
    adopted: t.adopted,
    not_adopted: t.notAdopted,
    machine_found: t.machineFound,
    adoption_rate: t.adoptionRate,
    firsts: t.firsts,
    points: t.points,
    by_level: { ...t.byLevel },
  };
}

function rowView(r: RankingRow): RankingRowView {
  return { rank: r.rank, unit: r.unit, person: r.person, ...tallyView(r) };
}

function leadView(lead: Lead): LeadView {
  return {
    kind: lead.kind,
    minutes: lead.kind === 'lead' ? lead.minutes : null,
    machine_at: lead.kind === 'lead' || lead.kind === 'machine_first' ? lead.machineAt : null,
  };
}

type ReviewRow = {
  id: string;
  report_id: string;
  version: number;
  decision: ReviewDecision;
  level: AdoptionLevel | null;
  reason: string | null;
  note: string | null;
  machine_later_at: string | null;
  reviewer_id: string;
  reviewed_at: string;
};

export class InformantService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly reports: ReportService,
  ) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  // ---- scoring settings ----

  async scoringSettings(db: Db = this.db): Promise<ScoringSettings> {
    const raw = await readSettingRow(db, SCORING_SETTINGS_KEY);
    if (raw === undefined) return DEFAULT_SCORING_SETTINGS;
    const parsed = scoringSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_SCORING_SETTINGS;
  }

  /** The scoring rules: for those who review or read the ranking. */
  async getScoringSettings(actor: Actor): Promise<ScoringSettings> {
    const p = userOf(actor);
    if (!can(p, 'report.read') && !can(p, 'informant.write')) throw errors.forbidden();
    return this.scoringSettings();
  }

  /** Replaces the scoring rules (the office or admin, province-wide; audited). */
  async putScoringSettings(actor: Actor, input: ScoringSettings): Promise<ScoringSettings> {
    const p = userOf(actor);
    authorize(actor, 'informant.write');
    if (p.scope.kind !== 'province') {
      throw errors.outOfScope(
        'the scoring rules are the province’s: only provincial staff change them',
      );
    }
    const parsed = scoringSettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw errors.invalidInput(
        'invalid scoring settings',
        parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })),
      );
    }
    await writeAuditedSetting(
      this.db,
      actor,
      this.deps.now(),
      SCORING_SETTINGS_KEY,
      parsed.data,
      'informant.scoring',
    );
    return parsed.data;
  }

  // ---- reviews ----

  /** When a monitored source first collected each link after its report (null: not yet). */
  private async machineLater(db: Db, rows: readonly ReportRow[]): Promise<Map<string, string>> {
    const urlOf = new Map<string, string>();
    for (const r of rows) {
      if (!r.link || r.machine_found_at) continue;
      const c = canonicalUrl(r.link);
      if (c) urlOf.set(r.id, c);
    }
    const urls = [...new Set(urlOf.values())];
    const firstAt = new Map<string, string>();
    for (let i = 0; i < urls.length; i += 500) {
      const found = await db
        .selectFrom('mentions')
        .select(['canonical_url', (eb) => eb.fn.min('collected_at').as('first_at')])
        .where('canonical_url', 'in', urls.slice(i, i + 500))
        .where('channel', '<>', 'informant')
        .groupBy('canonical_url')
        .execute();
      for (const f of found) {
        if (f.canonical_url && f.first_at) firstAt.set(f.canonical_url, String(f.first_at));
      }
    }
    const out = new Map<string, string>();
    for (const [reportId, url] of urlOf) {
      const at = firstAt.get(url);
      if (at) out.set(reportId, at);
    }
    return out;
  }

  private async reviewRows(db: Db, reportIds: readonly string[]): Promise<ReviewRow[]> {
    const out: ReviewRow[] = [];
    for (let i = 0; i < reportIds.length; i += 500) {
      out.push(
        ...(await db
          .selectFrom('report_reviews')
          .selectAll()
          .where('report_id', 'in', reportIds.slice(i, i + 500))
          .execute()),
      );
    }
    return out;
  }

  private async userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  }

  private reviewView(r: ReviewRow, names: Map<string, string>): ReportReviewView {
    return {
      id: r.id,
      report_id: r.report_id,
      version: Number(r.version),
      decision: r.decision,
      level: r.level,
      reason: r.reason,
      note: r.note,
      machine_later_at: r.machine_later_at,
      reviewer: { id: r.reviewer_id, name: names.get(r.reviewer_id) ?? '' },
      reviewed_at: r.reviewed_at,
    };
  }

  /**
   * Reviews a report, or changes its review (a new version): adopted with its level, not
   * adopted with the reason, or already found by the machine.
   */
  async review(actor: Actor, reportId: string, input: ReviewInput): Promise<ReportReviewView> {
    const p = userOf(actor);
    const report = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!report) throw errors.notFound('report');
    authorize(actor, 'informant.write', report.unit_id);
    if (report.reporter_id === p.id) {
      throw errors.forbidden('nobody reviews their own report: another member of the office does');
    }
    const level = input.decision === 'adopted' ? (input.level ?? null) : null;
    if (input.decision === 'adopted' && !level) {
      throw errors.invalidInput('an adopted report needs its level', [
        { path: 'body.level', message: 'an adopted report needs its level' },
      ]);
    }
    const reason = input.reason?.trim() || null;
    if (input.decision === 'not_adopted' && !reason) {
      throw errors.invalidInput('say why the report is not adopted', [
        { path: 'body.reason', message: 'say why the report is not adopted' },
      ]);
    }
    const machineLaterAt = (await this.machineLater(this.db, [report])).get(report.id) ?? null;
    const now = this.deps.now();
    let row: ReviewRow;
    try {
      row = await this.db.transaction().execute(async (trx) => {
        const prev = await trx
          .selectFrom('report_reviews')
          .selectAll()
          .where('report_id', '=', report.id)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        const current = prev ? Number(prev.version) : 0;
        if (input.expected_version !== undefined && input.expected_version !== current) {
          throw errors.conflict(
            `the review changed meanwhile (now version ${current}, you saw ${input.expected_version}): look again`,
            { version: current },
          );
        }
        const note = input.note?.trim() || null;
        if (
          prev &&
          prev.decision === input.decision &&
          prev.level === level &&
          (prev.reason ?? null) === reason &&
          (prev.note ?? null) === note
        ) {
          throw errors.conflict('the review is unchanged');
        }
        const next: ReviewRow = {
          id: randomUUID(),
          report_id: report.id,
          version: current + 1,
          decision: input.decision,
          level,
          reason,
          note,
          machine_later_at: machineLaterAt,
          reviewer_id: p.id,
          reviewed_at: now.toISOString(),
        };
        await trx.insertInto('report_reviews').values(next).execute();
        const summary = (r: ReviewRow) => ({
          version: Number(r.version),
          decision: r.decision,
          level: r.level,
          reason: r.reason,
          note: r.note,
          machine_later_at: r.machine_later_at,
        });
        await audit(trx, actor, now, {
          action: prev ? 'report.review.change' : 'report.review',
          objectType: 'report',
          objectId: report.id,
          before: prev ? summary(prev) : null,
          after: { unit_id: report.unit_id, ...summary(next) },
        });
        return next;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw errors.conflict('another review of this report came in at the same time: look again');
      }
      throw e;
    }
    return this.reviewView(row, new Map([[p.id, p.displayName]]));
  }

  /** Every version of a report's review, oldest first. */
  async history(
    actor: Actor,
    reportId: string,
  ): Promise<{ report_id: string; items: ReportReviewView[] }> {
    const p = userOf(actor);
    const report = await this.db
      .selectFrom('reports')
      .select(['id', 'unit_id', 'reporter_id'])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!report) throw errors.notFound('report');
    // The reporter sees how their report was judged; readers of all reports, those in scope.
    if (report.reporter_id !== p.id) authorize(actor, 'report.read', report.unit_id);
    const rows = (await this.reviewRows(this.db, [report.id])).sort(
      (a, b) => Number(a.version) - Number(b.version),
    );
    const names = await this.userNames(
      this.db,
      rows.map((r) => r.reviewer_id),
    );
    return { report_id: report.id, items: rows.map((r) => this.reviewView(r, names)) };
  }

  /**
   * Reports with their review in force: `pending` is the queue (not reviewed, oldest first, with
   * its age); `reviewed` the reviewed ones, newest report first (optionally of one period).
   */
  async assessments(
    actor: Actor,
    q: {
      status: 'pending' | 'reviewed';
      period?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<{ items: AssessmentView[]; next_cursor: string | null }> {
    const p = userOf(actor);
    authorize(actor, 'report.read');
    const pending = q.status === 'pending';
    let query = this.db.selectFrom('reports').selectAll().limit(q.limit);
    query = pending
      ? query.orderBy('created_at', 'asc').orderBy('id', 'asc')
      : query.orderBy('created_at', 'desc').orderBy('id', 'desc');
    query = query.where((eb) => {
      const reviewed = eb.exists(
        eb
          .selectFrom('report_reviews')
          .select('report_reviews.id')
          .whereRef('report_reviews.report_id', '=', 'reports.id'),
      );
      return pending ? eb.not(reviewed) : reviewed;
    });
    if (p.scope.kind === 'unit') query = query.where('unit_id', '=', p.scope.unitId);
    if (q.period) {
      const r = periodRange(periodOrThrow(q.period));
      query = query.where('created_at', '>=', r.start).where('created_at', '<', r.end);
    }
    if (q.cursor) {
      const c = decodeCursor(q.cursor, isQueueCursor);
      const op = pending ? '>' : '<';
      query = query.where((eb) =>
        eb.or([
          eb('created_at', op, c.created_at),
          eb.and([eb('created_at', '=', c.created_at), eb('id', op, c.id)]),
        ]),
      );
    }
    const rows = await query.execute();
    const last = rows.at(-1);
    return {
      items: await this.assess(rows),
      next_cursor:
        rows.length === q.limit && last
          ? encodeCursor({ created_at: last.created_at, id: last.id })
          : null,
    };
  }

  private async assess(rows: readonly ReportRow[]): Promise<AssessmentView[]> {
    if (rows.length === 0) return [];
    const settings = await this.scoringSettings();
    const views = await this.reports.views(rows);
    const reviews = await this.reviewRows(
      this.db,
      rows.map((r) => r.id),
    );
    const names = await this.userNames(
      this.db,
      reviews.map((r) => r.reviewer_id),
    );
    const byReport = new Map<string, ReviewRow[]>();
    for (const r of reviews) {
      const list = byReport.get(r.report_id) ?? [];
      list.push(r);
      byReport.set(r.report_id, list);
    }
    const unreviewed = rows.filter((r) => !byReport.has(r.id));
    const later = await this.machineLater(this.db, unreviewed);
    const now = this.deps.now().getTime();
    return rows.map((row, i) => {
      const list = byReport.get(row.id) ?? [];
      const current = currentReview(list.map((r) => ({ ...r, version: Number(r.version) })));
      const fact = this.fact(row, '', list);
      const score = scoreReport(fact, settings);
      const lead = current
        ? score.lead
        : leadOf({
            createdAt: row.created_at,
            hasLink: row.link !== null,
            machineFoundAt: row.machine_found_at,
            machineLaterAt: later.get(row.id) ?? null,
          });
      return {
        report: views[i] as ReportView,
        review: current ? this.reviewView(current, names) : null,
        age_minutes: Math.max(0, Math.floor((now - Date.parse(row.created_at)) / 60_000)),
        lead: leadView(lead),
        suggestion: row.machine_found_at !== null ? 'machine_found' : null,
        points: score.points,
      };
    });
  }

  private fact(row: ReportRow, reporterName: string, reviews: readonly ReviewRow[]): ReportFact {
    return {
      id: row.id,
      createdAt: row.created_at,
      reporterId: row.reporter_id,
      reporterName,
      unitId: row.unit_id,
      hasLink: row.link !== null,
      machineFoundAt: row.machine_found_at,
      reviews: reviews.map((r) => ({
        version: Number(r.version),
        decision: r.decision,
        level: r.level,
        machineLaterAt: r.machine_later_at,
      })),
    };
  }

  // ---- ranking and notice ----

  /** Every report of the period with its reviews, reporter names, and the units to rank. */
  private async periodFacts(period: Period): Promise<{
    rows: ReportRow[];
    facts: ReportFact[];
    units: RankedUnit[];
    unitName: Map<string, string>;
    settings: ScoringSettings;
  }> {
    const range = periodRange(period);
    const rows = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('created_at', '>=', range.start)
      .where('created_at', '<', range.end)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const reviews = await this.reviewRows(
      this.db,
      rows.map((r) => r.id),
    );
    const byReport = new Map<string, ReviewRow[]>();
    for (const r of reviews) {
      const list = byReport.get(r.report_id) ?? [];
      list.push(r);
      byReport.set(r.report_id, list);
    }
    const names = await this.userNames(
      this.db,
      rows.map((r) => r.reporter_id),
    );
    const unitRows = await this.db
      .selectFrom('units')
      .select(['id', 'name', 'kind', 'sort_order'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
    const reporting = new Set(rows.map((r) => r.unit_id));
    // The 14 city bureaus and the divisions always; any other unit when it reported.
    const units = unitRows
      .filter((u) => u.kind === 'city' || u.kind === 'division' || reporting.has(u.id))
      .map((u) => ({ id: u.id, name: u.name, sortOrder: Number(u.sort_order) }));
    return {
      rows,
      facts: rows.map((r) =>
        this.fact(r, names.get(r.reporter_id) ?? '', byReport.get(r.id) ?? []),
      ),
      units,
      unitName: new Map(unitRows.map((u) => [u.id, u.name])),
      settings: await this.scoringSettings(),
    };
  }

  /**
   * The ranking of a month, quarter or year by unit or by person. Ranks are over the whole
   * province; a city bureau's reader gets its own unit's rows and totals.
   */
  async ranking(actor: Actor, periodText: string, by: 'unit' | 'person'): Promise<RankingView> {
    const p = userOf(actor);
    authorize(actor, 'report.read');
    const period = periodOrThrow(periodText);
    const { facts, units, settings } = await this.periodFacts(period);
    const rows =
      by === 'unit' ? rankUnits(facts, units, settings) : rankPeople(facts, units, settings);
    const visible = rows.filter((r) => inScope(p.scope, r.unit.id));
    const scoped = facts.filter((f) => inScope(p.scope, f.unitId));
    return {
      period: periodView(period),
      by,
      totals: tallyView(tally(scoped, settings)),
      rows: visible.map(rowView),
      settings,
    };
  }

  /** The notice of reports and adoptions (报送及采用情况通报) of a period, province-wide. */
  async notice(actor: Actor, periodText: string): Promise<ReportDocument> {
    const p = userOf(actor);
    authorize(actor, 'report.read');
    if (p.scope.kind !== 'province') {
      throw errors.outOfScope('the notice covers the whole province: provincial staff download it');
    }
    const period = periodOrThrow(periodText);
    const { rows, facts, units, unitName, settings } = await this.periodFacts(period);
    const adopted: AdoptedReport[] = [];
    facts.forEach((f, i) => {
      const s = scoreReport(f, settings);
      const row = rows[i];
      if (s.status !== 'adopted' || !row || !s.level) return;
      adopted.push({
        createdAt: f.createdAt,
        unitName: unitName.get(f.unitId) ?? '',
        reporterName: f.reporterName,
        text: row.text,
        level: s.level,
        lead: s.lead,
        points: s.points.total,
      });
    });
    const root = await this.db
      .selectFrom('units')
      .select('name')
      .where('parent_id', 'is', null)
      .orderBy('sort_order')
      .executeTakeFirst();
    return informantNotice({
      period,
      generatedAt: this.deps.now().toISOString(),
      issuer: `${root?.name ?? ''}网络舆情处置工作领导小组办公室`,
      settings,
      totals: tally(facts, settings),
      units: rankUnits(facts, units, settings),
      people: rankPeople(facts, units, settings),
      adopted,
    });
  }

  /** The notice as a file: DOCX (Word/WPS) or one HTML page. */
  async noticeFile(
    actor: Actor,
    periodText: string,
    format: 'docx' | 'html',
  ): Promise<{ name: string; docx?: Buffer; html?: string }> {
    const doc = await this.notice(actor, periodText);
    const name = `报送及采用情况通报-${periodKey(periodOrThrow(periodText))}.${format}`;
    return format === 'docx'
      ? { name, docx: await renderDocx(doc) }
      : { name, html: await renderHtml(doc) };
  }

  // ---- support records ----

  /** The informants now in post (one per unit), for choosing whom a record is for. */
  async network(actor: Actor): Promise<{
    items: {
      unit: { id: string; name: string; kind: string };
      person: { id: string; name: string };
      since: string;
    }[];
  }> {
    const p = userOf(actor);
    authorize(actor, 'org.read');
    let q = this.db
      .selectFrom('informants')
      .innerJoin('people', 'people.id', 'informants.person_id')
      .innerJoin('units', 'units.id', 'informants.unit_id')
      .select([
        'units.id as unit_id',
        'units.name as unit_name',
        'units.kind as unit_kind',
        'people.id as person_id',
        'people.name as person_name',
        'informants.since as since',
      ])
      .orderBy('units.sort_order')
      .orderBy('units.code');
    if (p.scope.kind === 'unit') q = q.where('units.id', '=', p.scope.unitId);
    const rows = await q.execute();
    return {
      items: rows.map((r) => ({
        unit: { id: r.unit_id, name: r.unit_name, kind: r.unit_kind },
        person: { id: r.person_id, name: r.person_name },
        since: r.since,
      })),
    };
  }

  /** Records a support item for a person (the office; in its scope; audited). */
  async addSupport(actor: Actor, input: SupportInput): Promise<SupportView> {
    const p = userOf(actor);
    const person = await this.db
      .selectFrom('people')
      .select(['id', 'unit_id', 'name'])
      .where('id', '=', input.person_id)
      .executeTakeFirst();
    if (!person) {
      throw errors.invalidInput('no such person', [
        { path: 'body.person_id', message: 'no such person' },
      ]);
    }
    authorize(actor, 'informant.write', person.unit_id);
    const today = shanghaiDate(this.deps.now().toISOString());
    if (input.date > today) {
      throw errors.invalidInput(`body.date: ${input.date} is in the future`, [
        { path: 'body.date', message: `must not be after today (${today})` },
      ]);
    }
    let amountFen: number | null = null;
    let minutes: number | null = null;
    if (supportUnit(input.kind) === 'money') {
      amountFen = input.amount === undefined ? null : yuanToFen(String(input.amount));
      if (amountFen === null || amountFen <= 0) {
        throw errors.invalidInput('body.amount: yuan with at most two decimals, more than 0', [
          { path: 'body.amount', message: 'yuan with at most two decimals, more than 0' },
        ]);
      }
    } else {
      if (input.hours === undefined || input.hours <= 0) {
        throw errors.invalidInput('body.hours: training is recorded in hours', [
          { path: 'body.hours', message: 'training is recorded in hours' },
        ]);
      }
      minutes = Math.round(input.hours * 60);
    }
    const now = this.deps.now();
    const row = {
      id: randomUUID(),
      person_id: person.id,
      unit_id: person.unit_id,
      kind: input.kind,
      date: input.date,
      amount_fen: amountFen,
      minutes,
      note: input.note?.trim() || null,
      created_by: p.id,
      created_at: now.toISOString(),
      voided_at: null,
      voided_by: null,
      void_reason: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('informant_support').values(row).execute();
      await audit(trx, actor, now, {
        action: 'informant.support.add',
        objectType: 'informant_support',
        objectId: row.id,
        after: {
          person_id: row.person_id,
          unit_id: row.unit_id,
          kind: row.kind,
          date: row.date,
          amount_fen: row.amount_fen,
          minutes: row.minutes,
          note: row.note,
        },
      });
    });
    return (await this.supportViews([row]))[0] as SupportView;
  }

  /** Voids a wrong record: kept with who, when and why; no longer counted (the office; audited). */
  async voidSupport(actor: Actor, id: string, reason: string): Promise<SupportView> {
    const p = userOf(actor);
    const row = await this.db
      .selectFrom('informant_support')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound('support record');
    authorize(actor, 'informant.write', row.unit_id);
    if (row.voided_at) throw errors.conflict('the record is already void');
    const now = this.deps.now();
    const changed = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('informant_support')
        .set({ voided_at: now.toISOString(), voided_by: p.id, void_reason: reason })
        .where('id', '=', id)
        .where('voided_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw errors.conflict('the record is already void');
      await audit(trx, actor, now, {
        action: 'informant.support.void',
        objectType: 'informant_support',
        objectId: id,
        before: { voided_at: null },
        after: { voided_at: now.toISOString(), reason },
      });
      return { ...row, voided_at: now.toISOString(), voided_by: p.id, void_reason: reason };
    });
    return (await this.supportViews([changed]))[0] as SupportView;
  }

  /**
   * Support records with totals per person, per unit and overall (voided ones never counted).
   * The office, admin and leaders: every record of their scope; anyone else: their own.
   */
  async support(
    actor: Actor,
    q: {
      period?: string | undefined;
      person_id?: string | undefined;
      unit_id?: string | undefined;
      kind?: SupportKind | undefined;
      voided: boolean;
    },
  ): Promise<SupportListView> {
    const p = userOf(actor);
    const readsAll = can(p, 'informant.write') || can(p, 'report.read');
    let query = this.db
      .selectFrom('informant_support')
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('created_at', 'desc');
    if (readsAll) {
      if (p.scope.kind === 'unit') query = query.where('unit_id', '=', p.scope.unitId);
      if (q.unit_id) {
        if (!inScope(p.scope, q.unit_id)) throw errors.outOfScope();
        query = query.where('unit_id', '=', q.unit_id);
      }
      if (q.person_id) query = query.where('person_id', '=', q.person_id);
    } else {
      const me = await this.db
        .selectFrom('users')
        .select('person_id')
        .where('id', '=', p.id)
        .executeTakeFirst();
      const own = me?.person_id ?? null;
      if (q.person_id && q.person_id !== own) {
        throw errors.forbidden('you see your own support records only');
      }
      if (q.unit_id && q.unit_id !== p.unitId) {
        throw errors.forbidden('you see your own support records only');
      }
      // No person behind the account: nothing of theirs.
      query = query.where('person_id', '=', own ?? '\u0000none');
    }
    let period: Period | null = null;
    if (q.period) {
      period = periodOrThrow(q.period);
      // Calendar dates: the period's first and last day.
      const first = shanghaiDate(periodRange(period).start);
      const after = shanghaiDate(periodRange(period).end);
      query = query.where('date', '>=', first).where('date', '<', after);
    }
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (!q.voided) query = query.where('voided_at', 'is', null);
    const rows = await query.execute();
    const items = await this.supportViews(rows);

    const all = emptySupportTotal();
    const byPerson = new Map<
      string,
      { person: SupportView['person']; unit: SupportView['unit']; total: SupportTotal }
    >();
    const byUnit = new Map<string, { unit: SupportView['unit']; total: SupportTotal }>();
    rows.forEach((row, i) => {
      const item = items[i];
      if (!item || row.voided_at) return;
      const r = {
        kind: row.kind,
        amountFen: row.amount_fen === null ? null : Number(row.amount_fen),
        minutes: row.minutes === null ? null : Number(row.minutes),
      };
      addSupport(all, r);
      const pk = `${row.person_id}\u0000${row.unit_id}`;
      const pe = byPerson.get(pk) ?? {
        person: item.person,
        unit: item.unit,
        total: emptySupportTotal(),
      };
      addSupport(pe.total, r);
      byPerson.set(pk, pe);
      const ue = byUnit.get(row.unit_id) ?? { unit: item.unit, total: emptySupportTotal() };
      addSupport(ue.total, r);
      byUnit.set(row.unit_id, ue);
    });
    const unitOrder = await this.unitOrder();
    const order = (id: string) => unitOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    return {
      period: period ? periodView(period) : null,
      items,
      totals: {
        all: totalView(all),
        by_person: [...byPerson.values()]
          .sort(
            (a, b) =>
              order(a.unit.id) - order(b.unit.id) || (a.person.name < b.person.name ? -1 : 1),
          )
          .map((e) => ({ person: e.person, unit: e.unit, total: totalView(e.total) })),
        by_unit: [...byUnit.values()]
          .sort((a, b) => order(a.unit.id) - order(b.unit.id))
          .map((e) => ({ unit: e.unit, total: totalView(e.total) })),
      },
      can_write: allowed(p, 'informant.write'),
    };
  }

  private async unitOrder(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('units')
      .select(['id', 'sort_order'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
    return new Map(rows.map((u, i) => [u.id, i]));
  }

  private async supportViews(
    rows: readonly {
      id: string;
      person_id: string;
      unit_id: string;
      kind: SupportKind;
      date: string;
      amount_fen: number | null;
      minutes: number | null;
      note: string | null;
      created_by: string;
      created_at: string;
      voided_at: string | null;
      voided_by: string | null;
      void_reason: string | null;
    }[],
  ): Promise<SupportView[]> {
    if (rows.length === 0) return [];
    const people = await this.db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.person_id))])
      .execute();
    const units = await this.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.unit_id))])
      .execute();
    const users = await this.userNames(
      this.db,
      rows.flatMap((r) => (r.voided_by ? [r.created_by, r.voided_by] : [r.created_by])),
    );
    const personName = new Map(people.map((x) => [x.id, x.name]));
    const unitName = new Map(units.map((x) => [x.id, x.name]));
    return rows.map((r) => {
      const fen = r.amount_fen === null ? null : Number(r.amount_fen);
      return {
        id: r.id,
        person: { id: r.person_id, name: personName.get(r.person_id) ?? '' },
        unit: { id: r.unit_id, name: unitName.get(r.unit_id) ?? '' },
        kind: r.kind,
        date: r.date,
        amount_fen: fen,
        amount_yuan: fen === null ? null : fenToYuan(fen),
        hours: r.minutes === null ? null : hours(Number(r.minutes)),
        note: r.note,
        created_by: { id: r.created_by, name: users.get(r.created_by) ?? '' },
        created_at: r.created_at,
        voided:
          r.voided_at && r.voided_by
            ? {
                at: r.voided_at,
                by: { id: r.voided_by, name: users.get(r.voided_by) ?? '' },
                reason: r.void_reason ?? '',
              }
            : null,
      };
    });
  }
}
