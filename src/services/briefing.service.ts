// Briefings (简报): daily, weekly and monthly briefings (日报/周报/月报) and special reports (专报)
// on one incident or one event. The service gathers the figures from the store (volume buckets,
// events, alerts, incidents with their clocks, source health, the hourly coverage checks),
// builds the document (src/reports/briefing-content.ts) and keeps it: every generation is a new
// numbered issue (第 N 期 per kind, year and scope), stored as JSON with its SHA-256 and audited
// in the same transaction. Downloads render the stored document (DOCX or HTML), so a download
// is always what was generated. A briefing is the province's (the office's; roles with
// briefing.province) or one city bureau's (its own sources' data only; its staff read it).
// The schedule and its e-mail to subscribers run in briefing-scheduler.ts.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import { allowed } from '../domain/access.ts';
import { readAccess } from '../domain/incident-access.ts';
import { incidentClocks, type Clock } from '../domain/incident-clocks.ts';
import { INCIDENT_STATE_LABELS, type Incident } from '../domain/incident.ts';
import { timelineView, type TimelineKind } from '../domain/incident-timeline.ts';
import { gansuPrefectures } from '../analysis/gazetteer.ts';
import { errors } from '../errors.ts';
import {
  briefingDocument,
  briefingSummary,
  type AlertFigures,
  type BriefingFigures,
  type ClockFigures,
  type IncidentFigures,
  type PeriodicFigures,
  type SpecialFigures,
  type VolumeFigures,
} from '../reports/briefing-content.ts';
import {
  BRIEFING_KIND_LABELS,
  parseDay,
  periodOf,
  PERIODIC_KINDS,
  previousPeriod,
  shanghaiDay,
  type BriefingKind,
  type Period,
  type PeriodicKind,
} from '../reports/briefing-period.ts';
import type { ReportDocument } from '../reports/document.ts';
import { renderDocx } from '../reports/docx-render.ts';
import { renderHtml } from '../reports/html-render.ts';
import {
  BriefingRepository,
  type BriefingDeliveryRow,
  type BriefingListRow,
} from '../store/briefing.repository.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import { IncidentRepository } from '../store/incident.repository.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { BriefingRow, BriefingTable } from '../store/schema.ts';
import { loadSettings as loadAlertSettings, type AlertService } from './alert.service.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import type { EventQueryService } from './event-query.service.ts';
import type { IncidentService } from './incident.service.ts';
import {
  briefingListQuery,
  briefingScheduleSchema,
  briefingSettingsSchema,
  DEFAULT_BRIEFING_SETTINGS,
  generateBriefingBody,
  subscriberSchema,
  type BriefingSettings,
  type GenerateBriefingInput,
  type Subscriber,
} from './briefing-input.ts';
import { readSettingRow, writeAuditedSetting } from './settings-store.ts';

export const SETTINGS_KEY = 'briefings.settings';

export {
  briefingListQuery,
  briefingScheduleSchema,
  briefingSettingsSchema,
  DEFAULT_BRIEFING_SETTINGS,
  generateBriefingBody,
  subscriberSchema,
  type BriefingSettings,
  type GenerateBriefingInput,
  type Subscriber,
};

// ---- wire shapes ------------------------------------------------------------------------------

export interface BriefingSummaryView {
  id: string;
  kind: BriefingKind;
  kindLabel: string;
  year: number;
  issueNo: number;
  unitId: string | null;
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  subject: { kind: 'incident' | 'event'; id: string } | null;
  title: string;
  subtitle: string;
  summary: string;
  sha256: string;
  trigger: BriefingRow['trigger'];
  generatedBy: { kind: BriefingRow['generated_by_kind']; id: string | null; name: string };
  generatedAt: string;
}

export interface BriefingDetailView extends BriefingSummaryView {
  document: ReportDocument;
  /** E-mail to subscribers (for those who manage briefings; empty for others). */
  deliveries: {
    id: string;
    address: string;
    name: string | null;
    status: BriefingDeliveryRow['status'];
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }[];
}

export interface BriefingSettingsView {
  settings: BriefingSettings;
  /** Email channels that can send (their SMTP settings are the alert channels'). */
  channels: { id: string; name: string; enabled: boolean }[];
  /** People of the organisation with an email address (to choose subscribers from). */
  people: { id: string; name: string; unitName: string; email: string }[];
  /** The latest scheduled runs. */
  runs: {
    kind: string;
    periodKey: string;
    slotAt: string;
    status: string;
    attempts: number;
    lastError: string | null;
    briefingId: string | null;
  }[];
}

/** The principal briefings of a city bureau are gathered as: its own sources and alerts only. */
function unitViewer(unitId: string): Actor {
  return {
    principal: {
      kind: 'token',
      id: 'briefing-view',
      name: 'briefing',
      scopes: ['read'],
      unitId,
      scope: { kind: 'unit', unitId },
    },
    ip: null,
  };
}

export interface BriefingScope {
  /** Null: the province. */
  unitId: string | null;
  name: string;
}

/** What the briefing service reads besides the store. */
export interface BriefingParts {
  alerts: AlertService;
  incidents: IncidentService;
  events: EventQueryService;
  /** The source registry's health view (SourceService.list). */
  sources: {
    list(
      actor: Actor,
    ): Promise<{ name: string; health: { coverage: { status: string; reason: string } } }[]>;
  };
}

interface Cursor {
  at: string;
  id: string;
}
const isCursor = (v: unknown): v is Cursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Cursor).at === 'string' &&
  typeof (v as Cursor).id === 'string';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Mentions a 专报 reads at most (its curves, regions and sources). */
export const SPECIAL_MENTIONS = 100_000;

const HIGHLIGHT_KINDS: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  'opened',
  'grade',
  'raise_grade',
  'grade_lowered',
  'assign_handler',
  'record_commander',
  'response_activated',
  'response_adjusted',
  'response_terminated',
  'record_report',
  'publish_release',
  'withdraw_release',
  'record_facts',
  'report_progress',
  'start_review',
  'archive',
]);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class BriefingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly parts: BriefingParts,
  ) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  // ---- who may read and make which ----

  /** The scope a briefing is made for: the unit named, or the caller's own. */
  async resolveScope(actor: Actor, unitId: string | undefined): Promise<BriefingScope> {
    const p = actor.principal;
    const province = !p || allowed(p, 'briefing.province');
    if (unitId === undefined) {
      if (province) return { unitId: null, name: await this.rootName() };
      if (p.scope.kind === 'unit') return this.cityScope(p.scope.unitId, 'body.unitId');
      throw errors.forbidden(
        'province-wide briefings are for the office, the leadership and admins; a city bureau’s staff read their own bureau’s',
      );
    }
    const scope = await this.cityScope(unitId, 'body.unitId');
    if (!province && !(p.scope.kind === 'unit' && p.scope.unitId === unitId))
      throw errors.outOfScope('you may only make briefings of your own bureau');
    return scope;
  }

  private async cityScope(unitId: string, path: string): Promise<BriefingScope> {
    const unit = await this.db
      .selectFrom('units')
      .select(['id', 'name', 'kind'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!unit) throw errors.invalidInput(`no unit ${unitId}`, [{ path, message: 'no such unit' }]);
    if (unit.kind !== 'city')
      throw errors.invalidInput(`${unit.name} is not a city bureau`, [
        { path, message: 'a briefing is for the province or one city bureau (市州统计局)' },
      ]);
    return { unitId: unit.id, name: unit.name };
  }

  private async rootName(): Promise<string> {
    return (await new OrgRepository(this.db).rootUnit())?.name ?? '本单位';
  }

  /** Scope keys this reader may read ('' = the province); null: all. */
  private readableScopes(actor: Actor): string[] | null {
    const p = actor.principal;
    if (!p || allowed(p, 'briefing.province')) return null;
    return p.scope.kind === 'unit' ? [p.scope.unitId] : [];
  }

  private async readable(actor: Actor, id: string): Promise<BriefingRow> {
    authorize(actor, 'briefing.read');
    const row = await new BriefingRepository(this.db).get(id);
    if (!row) throw errors.notFound('briefing');
    const scopes = this.readableScopes(actor);
    if (scopes && !scopes.includes(row.scope_key)) {
      if (row.scope_key === '')
        throw errors.forbidden('province-wide briefings are not for your role');
      throw errors.outOfScope();
    }
    await this.subjectReadable(actor, row);
    return row;
  }

  /**
   * A 专报 holds its incident's content: once the incident is no longer open (made restricted
   * or secret after the 专报 was made), only those who may read the incident read the 专报
   * (refused and allowed reads audited as reading the incident is).
   */
  private async subjectReadable(actor: Actor, row: BriefingRow): Promise<void> {
    const p = actor.principal;
    if (!p || row.subject_kind !== 'incident' || !row.subject_id) return;
    const stored = await new IncidentRepository(this.db).get(row.subject_id);
    if (!stored || stored.placeholder || stored.incident.confidentiality.level === 'open') return;
    const access = readAccess(stored.incident, p);
    await this.db.transaction().execute((trx) =>
      audit(trx, actor, this.deps.now(), {
        action: access.allowed ? 'incident.read' : 'incident.read_refused',
        objectType: 'incident_read',
        objectId: stored.incident.id,
        after: access.allowed
          ? { basis: access.basis, level: stored.incident.confidentiality.level, briefing: row.id }
          : { reason: access.reason, briefing: row.id },
      }),
    );
    if (!access.allowed) throw errors.forbidden(access.reason);
  }

  /** Whether a reader may see this briefing in a list (its incident's readers, as above). */
  private async listable(actor: Actor, rows: BriefingListRow[]): Promise<BriefingListRow[]> {
    const p = actor.principal;
    if (!p) return rows;
    const repo = new IncidentRepository(this.db);
    const out: BriefingListRow[] = [];
    for (const row of rows) {
      if (row.subject_kind === 'incident' && row.subject_id) {
        const stored = await repo.get(row.subject_id);
        if (
          stored &&
          !stored.placeholder &&
          stored.incident.confidentiality.level !== 'open' &&
          !readAccess(stored.incident, p).allowed
        )
          continue;
      }
      out.push(row);
    }
    return out;
  }

  // ---- reading ----

  async list(
    actor: Actor,
    q: z.output<typeof briefingListQuery>,
  ): Promise<{ items: BriefingSummaryView[]; next_cursor: string | null }> {
    authorize(actor, 'briefing.read');
    const after = q.cursor ? decodeCursor(q.cursor, isCursor) : undefined;
    const rows = await new BriefingRepository(this.db).list({
      scopeKeys: this.readableScopes(actor),
      kind: q.kind,
      limit: q.limit,
      after: after ? { generatedAt: after.at, id: after.id } : undefined,
    });
    const last = rows.at(-1);
    return {
      items: (await this.listable(actor, rows)).map(summaryView),
      next_cursor:
        rows.length === q.limit && last
          ? encodeCursor({ at: last.generated_at, id: last.id })
          : null,
    };
  }

  async get(actor: Actor, id: string): Promise<BriefingDetailView> {
    const row = await this.readable(actor, id);
    const p = actor.principal;
    const manages = !p || allowed(p, 'briefing.manage');
    const deliveries = manages ? await new BriefingRepository(this.db).deliveriesOf(id) : [];
    return {
      ...summaryView(row),
      document: JSON.parse(row.document) as ReportDocument,
      deliveries: deliveries.map((d) => ({
        id: d.id,
        address: d.address,
        name: d.name,
        status: d.status,
        attempts: d.attempts,
        lastError: d.last_error,
        sentAt: d.sent_at,
      })),
    };
  }

  /** The stored briefing as a Word file (audited: who took a copy). */
  async docx(actor: Actor, id: string): Promise<{ name: string; data: Buffer }> {
    const row = await this.readable(actor, id);
    const data = await renderDocx(JSON.parse(row.document) as ReportDocument);
    await this.auditDownload(actor, row, 'docx');
    return { name: `${fileStem(row)}.docx`, data };
  }

  /** The stored briefing as one HTML page (audited). */
  async html(actor: Actor, id: string): Promise<{ name: string; html: string }> {
    const row = await this.readable(actor, id);
    const html = await renderHtml(JSON.parse(row.document) as ReportDocument);
    await this.auditDownload(actor, row, 'html');
    return { name: `${fileStem(row)}.html`, html };
  }

  private async auditDownload(actor: Actor, row: BriefingRow, format: string): Promise<void> {
    await this.db.transaction().execute((trx) =>
      audit(trx, actor, this.deps.now(), {
        action: 'briefing.download',
        objectType: 'briefing',
        objectId: row.id,
        after: { format, sha256: row.sha256 },
      }),
    );
  }

  /** The stored row (for the scheduler's e-mail). */
  async row(id: string): Promise<BriefingRow | undefined> {
    return new BriefingRepository(this.db).get(id);
  }

  // ---- generating ----

  /** Validates a request; answers what to make. */
  async plan(
    actor: Actor,
    input: GenerateBriefingInput,
  ): Promise<
    | { kind: PeriodicKind; period: Period; scope: BriefingScope }
    | { kind: 'special'; subject: 'incident' | 'event'; id: string; scope: BriefingScope }
  > {
    authorize(actor, 'briefing.create');
    const scope = await this.resolveScope(actor, input.unitId);
    if (input.kind === 'special') {
      const given = [input.incidentId, input.eventId].filter((x) => x !== undefined);
      if (given.length !== 1)
        throw errors.invalidInput('a 专报 names one incident or one event', [
          {
            path: input.incidentId ? 'body.eventId' : 'body.incidentId',
            message: 'give exactly one of incidentId and eventId',
          },
        ]);
      if (input.date !== undefined)
        throw errors.invalidInput('date: a 专报 covers its incident or event, not a period', [
          { path: 'body.date', message: 'not for kind special' },
        ]);
      return input.incidentId
        ? { kind: 'special', subject: 'incident', id: input.incidentId, scope }
        : { kind: 'special', subject: 'event', id: input.eventId!, scope };
    }
    if (input.incidentId !== undefined || input.eventId !== undefined)
      throw errors.invalidInput(`a ${input.kind} briefing covers a period, not one item`, [
        {
          path: input.incidentId !== undefined ? 'body.incidentId' : 'body.eventId',
          message: 'only for kind special',
        },
      ]);
    if (input.date === undefined)
      throw errors.invalidInput('date: required (YYYY-MM-DD, a day of the period)', [
        { path: 'body.date', message: 'required for daily, weekly and monthly briefings' },
      ]);
    const period = this.periodFor(input.kind, input.date, 'body.date');
    return { kind: input.kind, period, scope };
  }

  /** The period of a kind holding a date; a bad or future date is the caller's error. */
  periodFor(kind: PeriodicKind, date: string, path: string): Period {
    const day = parseDay(date);
    if (!day)
      throw errors.invalidInput(`date: ${date} is not a calendar day (YYYY-MM-DD)`, [
        { path, message: 'must be a calendar day as YYYY-MM-DD' },
      ]);
    const period = periodOf(kind, day);
    if (Date.parse(period.start) > this.deps.now().getTime())
      throw errors.invalidInput(`date: ${date} is in the future`, [
        { path, message: 'the period has not begun' },
      ]);
    return period;
  }

  /** Generates and stores a briefing now. */
  async generate(
    actor: Actor,
    input: GenerateBriefingInput,
    trigger: BriefingRow['trigger'] = 'manual',
  ): Promise<BriefingDetailView> {
    const plan = await this.plan(actor, input);
    const id =
      plan.kind === 'special'
        ? await this.makeSpecial(actor, plan.subject, plan.id, plan.scope, trigger)
        : await this.makePeriodic(actor, plan.kind, plan.period, plan.scope, trigger);
    return this.get(actor, id);
  }

  /**
   * Gathers, builds and stores a daily, weekly or monthly briefing; `within` runs inside the
   * same transaction (the scheduler records its run and queues the e-mail there). Answers its id.
   */
  async makePeriodic(
    actor: Actor,
    kind: PeriodicKind,
    period: Period,
    scope: BriefingScope,
    trigger: BriefingRow['trigger'],
    within?: (trx: Db, briefingId: string) => Promise<void>,
  ): Promise<string> {
    const at = this.deps.now();
    const figures = await this.gatherPeriodic(kind, period, scope, at);
    return this.store(actor, figures, {
      kind,
      year: period.year,
      scope,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      subject: null,
      trigger,
      at,
      within,
    });
  }

  private async makeSpecial(
    actor: Actor,
    subject: 'incident' | 'event',
    id: string,
    scope: BriefingScope,
    trigger: BriefingRow['trigger'],
  ): Promise<string> {
    const at = this.deps.now();
    const year = shanghaiDay(at.getTime()).y;
    const figures =
      subject === 'incident'
        ? await this.gatherIncident(actor, id, scope, at)
        : await this.gatherEvent(actor, id, scope, at);
    return this.store(actor, figures, {
      kind: 'special',
      year,
      scope,
      periodKey: `${subject}:${id}`,
      periodStart: null,
      periodEnd: null,
      subject: { kind: subject, id },
      trigger,
      at,
    });
  }

  /**
   * Numbers, builds and stores the document with its audit entry in one transaction. The
   * figures are built with a provisional number and built again if a concurrent writer took
   * it (the unique index says so).
   */
  private async store(
    actor: Actor,
    figures: Omit<PeriodicFigures, 'issueNo' | 'year'> | Omit<SpecialFigures, 'issueNo' | 'year'>,
    meta: {
      kind: BriefingKind;
      year: number;
      scope: BriefingScope;
      periodKey: string;
      periodStart: string | null;
      periodEnd: string | null;
      subject: { kind: 'incident' | 'event'; id: string } | null;
      trigger: BriefingRow['trigger'];
      at: Date;
      within?: ((trx: Db, briefingId: string) => Promise<void>) | undefined;
    },
  ): Promise<string> {
    const scopeKey = meta.scope.unitId ?? '';
    const p = actor.principal;
    for (let attempt = 0; ; attempt++) {
      const id = timeOrderedId(meta.at.getTime());
      try {
        await this.db.transaction().execute(async (trx) => {
          const repo = new BriefingRepository(trx);
          const issueNo = await repo.nextIssueNo(meta.kind, meta.year, scopeKey);
          const full: BriefingFigures = { ...figures, issueNo, year: meta.year };
          const doc = briefingDocument(full);
          const json = JSON.stringify(doc);
          const sha256 = sha256Hex(json);
          const row: BriefingTable = {
            id,
            kind: meta.kind,
            year: meta.year,
            issue_no: issueNo,
            scope_key: scopeKey,
            unit_id: meta.scope.unitId,
            period_key: meta.periodKey,
            period_start: meta.periodStart,
            period_end: meta.periodEnd,
            subject_kind: meta.subject?.kind ?? null,
            subject_id: meta.subject?.id ?? null,
            title: doc.title,
            subtitle: doc.subtitle ?? '',
            summary: briefingSummary(full),
            document: json,
            sha256,
            trigger: meta.trigger,
            generated_by_kind: p ? p.kind : 'system',
            generated_by_id: p ? p.id : null,
            generated_by_name: p
              ? p.kind === 'user'
                ? p.displayName
                : `token:${p.name}`
              : 'system',
            generated_at: meta.at.toISOString(),
          };
          await repo.insert(row);
          await audit(trx, actor, meta.at, {
            action: 'briefing.generate',
            objectType: 'briefing',
            objectId: id,
            after: {
              kind: meta.kind,
              issue: `${meta.year}-${issueNo}`,
              period: meta.periodKey,
              unit_id: meta.scope.unitId,
              trigger: meta.trigger,
              sha256,
            },
          });
          if (meta.within) await meta.within(trx, id);
        });
        return id;
      } catch (e: unknown) {
        if (attempt < 3 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  // ---- gathering: daily, weekly, monthly ----

  /** Source ids of a city bureau (null: the province, every source). */
  private async sourcesOf(unitId: string | null): Promise<string[] | null> {
    if (unitId === null) return null;
    const rows = await this.db
      .selectFrom('sources')
      .select('id')
      .where('unit_id', '=', unitId)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Hourly volume rows in [from, to): all mentions, or a bureau's sources summed. */
  private hourly(
    sources: string[] | null,
    from: number,
    to: number,
  ): Promise<{ bucket: number; count: number; negative: number; positive: number }[]> {
    // The last bucket that starts before `to` (volumeRows takes both ends as bucket starts).
    return this.parts.events.volumeRows({ sources }, 'hour', from, to - HOUR);
  }

  async gatherPeriodic(
    kind: PeriodicKind,
    period: Period,
    scope: BriefingScope,
    now: Date,
  ): Promise<Omit<PeriodicFigures, 'issueNo' | 'year'>> {
    const start = Date.parse(period.start);
    const end = Date.parse(period.end);
    const sources = await this.sourcesOf(scope.unitId);
    const prev = previousPeriod(period);

    // Volume: per hour for a day, per calendar day otherwise.
    const rows = await this.hourly(sources, start, end);
    const res: VolumeFigures['res'] = kind === 'daily' ? 'hour' : 'day';
    const step = res === 'hour' ? HOUR : DAY;
    const n = Math.round((end - start) / step);
    const volume: VolumeFigures = {
      res,
      starts: Array.from({ length: n }, (_, i) => new Date(start + i * step).toISOString()),
      counts: new Array<number>(n).fill(0),
      negative: new Array<number>(n).fill(0),
      positive: new Array<number>(n).fill(0),
    };
    for (const r of rows) {
      const i = Math.floor((r.bucket - start) / step);
      if (i < 0 || i >= n) continue;
      volume.counts[i]! += r.count;
      volume.negative[i]! += r.negative;
      volume.positive[i]! += r.positive;
    }
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    const all = sum(volume.counts);
    const negative = sum(volume.negative);
    const positive = sum(volume.positive);
    const prevTotal = sum(
      (await this.hourly(sources, Date.parse(prev.start), Date.parse(prev.end))).map(
        (r) => r.count,
      ),
    );

    // Sources, by volume.
    const bySource = await this.db
      .selectFrom('volume_buckets as v')
      .innerJoin('sources as s', 's.id', 'v.key')
      .where('v.kind', '=', 'source')
      .where('v.res', '=', 'hour')
      .where('v.bucket', '>=', start)
      .where('v.bucket', '<', end)
      .$if(sources !== null, (qb) => qb.where('s.id', 'in', sources?.length ? sources : ['']))
      .select([
        's.id',
        's.name',
        (eb) => eb.fn.sum<number>('v.count').as('n'),
        (eb) => eb.fn.sum<number>('v.negative').as('neg'),
      ])
      .groupBy(['s.id', 's.name'])
      .execute();
    const sourceFigures = bySource
      .map((s) => ({ name: s.name, count: Number(s.n), negative: Number(s.neg) }))
      .filter((s) => s.count > 0)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 10);

    const prefectures = await this.prefectureCounts(sources, start, end);
    const hotEvents = await this.hotEvents(sources, period, prev);
    const alerts = await this.alertsIn(scope.unitId, period.start, period.end);
    const { incidents, withheld } = await this.incidentsIn(scope.unitId, start, end, now);
    const coverage = await this.coverage(scope, period, alerts, now);

    return {
      kind,
      scopeName: scope.name,
      unitId: scope.unitId,
      generatedAt: now.toISOString(),
      period: { start: period.start, end: period.end, text: period.text },
      previous: {
        text: kind === 'daily' ? '前一日' : kind === 'weekly' ? '上一周' : '上月',
        total: prevTotal,
      },
      volume,
      sentiment: { negative, neutral: all - negative - positive, positive },
      sources: sourceFigures,
      hotEvents,
      prefectures,
      alerts,
      incidents,
      incidentsWithheld: withheld,
      coverage,
    };
  }

  /** Gansu's 14 市州 in [from, to): the region buckets, or a bureau's own mentions. */
  private async prefectureCounts(
    sources: string[] | null,
    from: number,
    to: number,
  ): Promise<{ name: string; count: number; negative: number }[]> {
    const places = gansuPrefectures();
    const codes = places.map((p) => p.adcode);
    const counts = new Map<string, { count: number; negative: number }>();
    if (sources === null) {
      const rows = await this.db
        .selectFrom('volume_buckets')
        .where('kind', '=', 'region')
        .where('res', '=', 'hour')
        .where('key', 'in', codes)
        .where('bucket', '>=', from)
        .where('bucket', '<', to)
        .select([
          'key',
          (eb) => eb.fn.sum<number>('count').as('n'),
          (eb) => eb.fn.sum<number>('negative').as('neg'),
        ])
        .groupBy('key')
        .execute();
      for (const r of rows) counts.set(r.key, { count: Number(r.n), negative: Number(r.neg) });
    } else if (sources.length) {
      const rows = await this.db
        .selectFrom('mention_regions as r')
        .innerJoin('mentions as m', 'm.id', 'r.mention_id')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .where('r.adcode', 'in', codes)
        .where('m.source_id', 'in', sources)
        .where(
          sql<string>`coalesce(m.published_at, m.collected_at)`,
          '>=',
          new Date(from).toISOString(),
        )
        .where(
          sql<string>`coalesce(m.published_at, m.collected_at)`,
          '<',
          new Date(to).toISOString(),
        )
        .select([
          'r.adcode',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) =>
            eb.fn
              .sum<number>(eb.case().when('a.sentiment', '=', 'negative').then(1).else(0).end())
              .as('neg'),
        ])
        .groupBy('r.adcode')
        .execute();
      for (const r of rows) counts.set(r.adcode, { count: Number(r.n), negative: Number(r.neg) });
    }
    return places.map((p) => ({
      name: p.name,
      count: counts.get(p.adcode)?.count ?? 0,
      negative: counts.get(p.adcode)?.negative ?? 0,
    }));
  }

  /** Events active in the period, hottest first, with their mentions in it and the one before. */
  private async hotEvents(
    sources: string[] | null,
    period: Period,
    prev: Period,
  ): Promise<PeriodicFigures['hotEvents']> {
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .where('status', '!=', 'merged')
      .where('first_seen', '<', period.end)
      .where('last_seen', '>=', period.start)
      .orderBy('heat', 'desc')
      .orderBy('id', 'desc')
      .limit(10);
    if (sources) {
      const ids = sources.length ? sources : [''];
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('mention_events as me')
            .innerJoin('mentions as m', 'm.id', 'me.mention_id')
            .select('me.mention_id')
            .whereRef('me.event_id', '=', 'events.id')
            .where('m.source_id', 'in', ids),
        ),
      );
    }
    const events = await q.execute();
    if (!events.length) return [];
    const ids = events.map((e) => e.id);
    const counted = async (from: string, to: string) => {
      const out = new Map<string, { n: number; neg: number }>();
      if (sources === null) {
        const rows = await this.db
          .selectFrom('volume_buckets')
          .where('kind', '=', 'event')
          .where('res', '=', 'hour')
          .where('key', 'in', ids)
          .where('bucket', '>=', Date.parse(from))
          .where('bucket', '<', Date.parse(to))
          .select([
            'key',
            (eb) => eb.fn.sum<number>('count').as('n'),
            (eb) => eb.fn.sum<number>('negative').as('neg'),
          ])
          .groupBy('key')
          .execute();
        for (const r of rows) out.set(r.key, { n: Number(r.n), neg: Number(r.neg) });
      } else if (sources.length) {
        const rows = await this.db
          .selectFrom('mention_events as me')
          .innerJoin('mentions as m', 'm.id', 'me.mention_id')
          .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
          .where('me.event_id', 'in', ids)
          .where('m.source_id', 'in', sources)
          .where(sql<string>`coalesce(m.published_at, m.collected_at)`, '>=', from)
          .where(sql<string>`coalesce(m.published_at, m.collected_at)`, '<', to)
          .select([
            'me.event_id as key',
            (eb) => eb.fn.countAll<number>().as('n'),
            (eb) =>
              eb.fn
                .sum<number>(eb.case().when('a.sentiment', '=', 'negative').then(1).else(0).end())
                .as('neg'),
          ])
          .groupBy('me.event_id')
          .execute();
        for (const r of rows) out.set(r.key, { n: Number(r.n), neg: Number(r.neg) });
      }
      return out;
    };
    const now = await counted(period.start, period.end);
    const before = await counted(prev.start, prev.end);
    return events.map((e) => ({
      id: e.id,
      title: e.title,
      heat: e.heat,
      mentions: now.get(e.id)?.n ?? 0,
      previousMentions: before.get(e.id)?.n ?? 0,
      negative: now.get(e.id)?.neg ?? 0,
      suggestedGrade: e.suggested_grade,
      firstSeen: e.first_seen,
      lastSeen: e.last_seen,
    }));
  }

  /**
   * Alerts fired in [from, to), oldest first; the linked incident's title only when it is open.
   * An incident's urgent notice (key `incident:ID`, titled with the incident's title) and an
   * overdue task's alert (key `task:ID`, titled with the task's) carry no incident_id: their
   * incident is found from the key, and when it is not open the title after the label is masked.
   */
  private async alertsIn(unitId: string | null, from: string, to: string): Promise<AlertFigures[]> {
    const rows = await this.db
      .selectFrom('alerts as a')
      .leftJoin('incidents as i', 'i.id', 'a.incident_id')
      .select([
        'a.id',
        'a.key',
        'a.title',
        'a.kind',
        'a.severity',
        'a.status',
        'a.fired_at',
        'a.ack_due_at',
        'a.acknowledged_at',
        'a.closed_at',
        'a.close_reason',
        'i.title as incident_title',
        'i.confidentiality as incident_confidentiality',
      ])
      .where('a.fired_at', '>=', from)
      .where('a.fired_at', '<', to)
      .$if(unitId !== null, (qb) => qb.where('a.unit_id', '=', unitId!))
      .orderBy('a.fired_at')
      .orderBy('a.id')
      .execute();
    const restricted = await this.restrictedByKey(rows);
    const masked = '（知悉范围受限的舆情处置）';
    return rows.map((r) => ({
      id: r.id,
      title: restricted.has(r.key)
        ? r.title.includes('：')
          ? `${r.title.slice(0, r.title.indexOf('：'))}：${masked}`
          : masked
        : r.title,
      kind: r.kind,
      severity: r.severity,
      status: r.status,
      firedAt: r.fired_at,
      ackDueAt: r.ack_due_at,
      acknowledgedAt: r.acknowledged_at,
      closedAt: r.closed_at,
      closeReason: r.close_reason,
      incidentTitle:
        r.incident_title === null
          ? null
          : r.incident_confidentiality === 'open' || r.incident_confidentiality === null
            ? r.incident_title
            : masked,
    }));
  }

  /** Of these alerts' keys, those (`incident:ID`, `task:ID`) of an incident that is not open. */
  private async restrictedByKey(rows: readonly { key: string }[]): Promise<Set<string>> {
    const out = new Set<string>();
    const incidentKeys = rows.filter((r) => r.key.startsWith('incident:')).map((r) => r.key);
    const taskIds = new Set(
      rows.filter((r) => r.key.startsWith('task:')).map((r) => r.key.slice('task:'.length)),
    );
    const ids = [...new Set(incidentKeys.map((k) => k.slice('incident:'.length)))];
    for (let i = 0; i < ids.length; i += 500) {
      const found = await this.db
        .selectFrom('incidents')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .where('confidentiality', '!=', 'open')
        .execute();
      for (const x of found) out.add(`incident:${x.id}`);
    }
    if (taskIds.size) {
      // Tasks live in the incident's record: read the records of the incidents not open.
      const records = await this.db
        .selectFrom('incidents')
        .select('record')
        .where('confidentiality', '!=', 'open')
        .where('record', 'is not', null)
        .execute();
      for (const r of records) {
        const inc = JSON.parse(r.record!) as { tasks?: { id?: unknown }[] };
        for (const t of inc.tasks ?? [])
          if (typeof t.id === 'string' && taskIds.has(t.id)) out.add(`task:${t.id}`);
      }
    }
    return out;
  }

  /** Incidents active in [from, to): opened before its end, not archived before its start. */
  private async incidentsIn(
    unitId: string | null,
    from: number,
    to: number,
    now: Date,
  ): Promise<{ incidents: IncidentFigures[]; withheld: number }> {
    const repo = new IncidentRepository(this.db);
    const rows = await repo.list({ limit: 1000, ...(unitId ? { unitIds: [unitId] } : {}) });
    const active = rows
      .filter((r) => !r.placeholder)
      .map((r) => r.incident)
      .filter(
        (inc) =>
          Date.parse(inc.openedAt) < to &&
          !(inc.review.archivedAt && Date.parse(inc.review.archivedAt) < from),
      );
    const open = active.filter((inc) => inc.confidentiality.level === 'open');
    const settings = await this.parts.incidents.settings();
    const approvals = await repo.approvalsOf(open.map((i) => i.id));
    const asOf = new Date(Math.min(now.getTime(), to));
    const incidents = open
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
      .map((inc) => ({
        id: inc.id,
        title: inc.title,
        stateLabel: INCIDENT_STATE_LABELS[inc.state],
        grade: inc.grade,
        openedAt: inc.openedAt,
        clocks: clockFigures(
          incidentClocks(inc, approvals.get(inc.id) ?? [], asOf, settings.clocks),
        ),
      }));
    return { incidents, withheld: active.length - open.length };
  }

  private async coverage(
    scope: BriefingScope,
    period: Period,
    alerts: AlertFigures[],
    now: Date,
  ): Promise<PeriodicFigures['coverage']> {
    const viewer = scope.unitId === null ? null : unitViewer(scope.unitId);
    const [views, check, alertSettings] = await Promise.all([
      this.parts.sources.list(viewer ?? { principal: null, ip: null }),
      this.parts.alerts.coverage(viewer),
      loadAlertSettings(this.db),
    ]);
    const sources = views
      .filter(
        (v) => v.health.coverage.status === 'failing' || v.health.coverage.status === 'silent',
      )
      .map((v) => ({
        name: v.name,
        status: v.health.coverage.status as 'failing' | 'silent',
        reason: coverageReason(v.health.coverage.status, v.health.coverage.reason),
      }));
    // The hourly checks the alert dispatcher kept in the audit log during the period.
    const entries = await this.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'alert.coverage_check')
      .where('at', '>=', period.start)
      .where('at', '<', period.end)
      .execute();
    let withFindings = 0;
    let unitAlerts: Set<string> | null = null;
    if (scope.unitId !== null) {
      const ids = new Set<string>();
      for (const e of entries) for (const a of checkAlerts(e.after)) ids.add(a);
      unitAlerts = new Set(
        ids.size
          ? (
              await this.db
                .selectFrom('alerts')
                .select('id')
                .where('unit_id', '=', scope.unitId)
                .where('id', 'in', [...ids])
                .execute()
            ).map((r) => r.id)
          : [],
      );
    }
    for (const e of entries) {
      const ids = checkAlerts(e.after);
      const found = unitAlerts ? ids.some((id) => unitAlerts.has(id)) : ids.length > 0;
      if (found) withFindings++;
    }
    return {
      sources,
      coverageAlerts: alerts
        .filter((a) => a.kind === 'coverage')
        .map((a) => ({ title: a.title, firedAt: a.firedAt, status: a.status })),
      check: {
        at: now.toISOString(),
        overdue: check.overdue,
        dismissedMajor: check.dismissed_major,
        openTooLong: check.open_too_long,
        clocksBreached: check.incident_clocks.breached,
        clocksUnexplained: check.incident_clocks.unexplained,
      },
      hourlyChecks: { count: entries.length, withFindings },
      openTooLongHours: alertSettings.openTooLongHours,
    };
  }

  // ---- gathering: 专报 ----

  /** Mentions of some events (a bureau: its own sources'), for a 专报's curves and breakdowns. */
  private async specialMentions(eventIds: string[], sources: string[] | null) {
    if (!eventIds.length || sources?.length === 0) return { mentions: [], capped: false };
    const rows = await this.db
      .selectFrom('mention_events as me')
      .innerJoin('mentions as m', 'm.id', 'me.mention_id')
      .innerJoin('sources as s', 's.id', 'm.source_id')
      .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
      .where('me.event_id', 'in', eventIds)
      .$if(sources !== null, (qb) => qb.where('m.source_id', 'in', sources!))
      .select(['m.id', 'm.published_at', 'm.collected_at', 's.name as source', 'a.sentiment'])
      // One mention may sit in two of the events (after a split): count it once.
      .distinct()
      .orderBy('m.id')
      .limit(SPECIAL_MENTIONS + 1)
      .execute();
    const seen = new Set<string>();
    const mentions = rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
    // One more than the cap read: there are more than the document counts (it says so).
    const capped = mentions.length > SPECIAL_MENTIONS;
    return { mentions: capped ? mentions.slice(0, SPECIAL_MENTIONS) : mentions, capped };
  }

  private async specialBreakdown(
    eventIds: string[],
    sources: string[] | null,
    from: number | null,
    now: Date,
  ): Promise<Pick<SpecialFigures, 'volume' | 'sentiment' | 'prefectures' | 'sources' | 'limits'>> {
    const { mentions, capped } = await this.specialMentions(eventIds, sources);
    const time = (m: { published_at: string | null; collected_at: string }) => {
      const c = Date.parse(m.collected_at);
      const p = m.published_at ? Date.parse(m.published_at) : NaN;
      return Number.isFinite(p) && p <= c + HOUR ? p : c;
    };
    const times = mentions.map(time);
    // A loop, not Math.min(...times): up to SPECIAL_MENTIONS arguments overflow the stack.
    let first = from ?? Infinity;
    let last = -Infinity;
    for (const t of times) {
      if (t < first) first = t;
      if (t > last) last = t;
    }
    const lo = Number.isFinite(first) ? first : now.getTime();
    const hi = Number.isFinite(last) ? Math.max(last, lo) : lo;
    // Hours over up to three days, else Asia/Shanghai days (at most 90 of them).
    const res: VolumeFigures['res'] = hi - lo <= 72 * HOUR ? 'hour' : 'day';
    const step = res === 'hour' ? HOUR : DAY;
    const floor = (t: number) =>
      res === 'hour'
        ? Math.floor(t / HOUR) * HOUR
        : Math.floor((t + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    const start = floor(lo);
    const n = Math.min(90, Math.floor((floor(hi) - start) / step) + 1);
    const volume: VolumeFigures = {
      res,
      starts: Array.from({ length: n }, (_, i) => new Date(start + i * step).toISOString()),
      counts: new Array<number>(n).fill(0),
      negative: new Array<number>(n).fill(0),
      positive: new Array<number>(n).fill(0),
    };
    const sentiment = { negative: 0, neutral: 0, positive: 0 };
    const bySource = new Map<string, number>();
    // Mentions after the curve's last bucket (past 90 days) are not on it: the document says so.
    let later = 0;
    mentions.forEach((m, k) => {
      const s = m.sentiment ?? 'neutral';
      sentiment[s]++;
      bySource.set(m.source, (bySource.get(m.source) ?? 0) + 1);
      const i = Math.floor((times[k]! - start) / step);
      if (i >= n) later++;
      if (i < 0 || i >= n) return;
      volume.counts[i]!++;
      if (s === 'negative') volume.negative[i]!++;
      if (s === 'positive') volume.positive[i]!++;
    });
    const places = gansuPrefectures();
    const regionRows =
      eventIds.length && sources?.length !== 0
        ? await this.db
            .selectFrom('mention_events as me')
            .innerJoin('mentions as m', 'm.id', 'me.mention_id')
            .innerJoin('mention_regions as r', 'r.mention_id', 'm.id')
            .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
            .where('me.event_id', 'in', eventIds)
            .where(
              'r.adcode',
              'in',
              places.map((p) => p.adcode),
            )
            .$if(sources !== null, (qb) => qb.where('m.source_id', 'in', sources!))
            .select([
              'r.adcode',
              (eb) => eb.fn.count<number>('m.id').distinct().as('n'),
              (eb) =>
                eb.fn
                  .sum<number>(eb.case().when('a.sentiment', '=', 'negative').then(1).else(0).end())
                  .as('neg'),
            ])
            .groupBy('r.adcode')
            .execute()
        : [];
    const regions = new Map(regionRows.map((r) => [r.adcode, r]));
    return {
      limits: {
        mentionCap: capped ? SPECIAL_MENTIONS : null,
        curveEnd: later ? new Date(start + n * step).toISOString() : null,
        afterCurve: later,
      },
      volume,
      sentiment,
      prefectures: places.map((p) => ({
        name: p.name,
        count: Number(regions.get(p.adcode)?.n ?? 0),
        negative: Number(regions.get(p.adcode)?.neg ?? 0),
      })),
      sources: [...bySource.entries()]
        .map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, 10),
    };
  }

  private async gatherIncident(
    actor: Actor,
    id: string,
    scope: BriefingScope,
    now: Date,
  ): Promise<Omit<SpecialFigures, 'issueNo' | 'year'>> {
    let inc: Incident;
    let clocks: Clock[];
    if (actor.principal?.kind === 'user') {
      // Read as the requester: their access decides (a restricted read is audited there).
      const view = await this.parts.incidents.get(actor, id);
      inc = view.incident;
      clocks = view.clocks;
      if (view.placeholder) throw errors.conflict('this incident has no record yet');
    } else {
      const repo = new IncidentRepository(this.db);
      const stored = await repo.get(id);
      if (!stored || stored.placeholder) throw errors.notFound('incident');
      inc = stored.incident;
      const settings = await this.parts.incidents.settings();
      clocks = incidentClocks(inc, await repo.listApprovals(id), now, settings.clocks);
    }
    if (inc.confidentiality.level !== 'open')
      throw errors.conflict(
        'no 专报 of a restricted or secret incident: a stored briefing is read beyond its readers',
      );
    if (scope.unitId !== null && inc.unitId !== scope.unitId)
      throw errors.outOfScope('this incident is not your bureau’s');
    const sources = await this.sourcesOf(scope.unitId);
    const breakdown = await this.specialBreakdown(
      inc.eventIds,
      sources,
      Date.parse(inc.discoveredAt ?? inc.openedAt),
      now,
    );
    const events = inc.eventIds.length
      ? await this.db.selectFrom('events').selectAll().where('id', 'in', inc.eventIds).execute()
      : [];
    const entries = await new IncidentRepository(this.db).listEntries(id);
    const timeline = timelineView(entries, inc.pinned)
      .filter((e) => e.pinned || HIGHLIGHT_KINDS.has(e.kind))
      .slice(0, 40)
      .map((e) => ({ at: e.effectiveDeclaredAt ?? e.at, text: e.summary }))
      .sort((a, b) => a.at.localeCompare(b.at));
    const firstRelease = [...inc.releases].sort((a, b) => a.at.localeCompare(b.at))[0];
    const unit = await this.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', inc.unitId)
      .executeTakeFirst();
    const handler =
      inc.handler?.kind === 'team'
        ? `调查督办小组：${inc.handler.name}`
        : inc.handler?.kind === 'division'
          ? ((
              await this.db
                .selectFrom('units')
                .select('name')
                .where('id', '=', inc.handler.unitId)
                .executeTakeFirst()
            )?.name ?? '—')
          : '尚未明确';
    const grade =
      inc.grade === 'major' ? '重大舆情' : inc.grade === 'general' ? '一般舆情' : '未定级';
    const t = (iso: string | null) => (iso ? iso : '—');
    return {
      kind: 'special',
      subject: 'incident',
      subjectTitle: inc.title,
      scopeName: scope.name,
      unitId: scope.unitId,
      generatedAt: now.toISOString(),
      facts: [
        ['事件名称', inc.title],
        ['涉及单位', unit?.name ?? '—'],
        ['发现时间', fmt(t(inc.discoveredAt ?? inc.openedAt))],
        ['当前状态', INCIDENT_STATE_LABELS[inc.state]],
        ['定级', grade],
        ['处置单位', handler],
        ['应急响应', inc.response.activatedAt ? `${fmt(inc.response.activatedAt)} 启动` : '未启动'],
        ['向上级报告', `${inc.reports.length} 次`],
        ['权威发布', `${inc.releases.length} 次`],
        ['关联舆情事件', `${inc.eventIds.length} 个`],
      ],
      timeline,
      ...breakdown,
      mark: firstRelease ? { at: firstRelease.at, label: '首次权威发布' } : null,
      events: events
        .map((e) => ({
          title: e.title,
          mentions: e.mention_count,
          heat: e.heat,
          negative: e.negative_count,
        }))
        .sort((a, b) => b.mentions - a.mentions),
      clocks: clockFigures(clocks),
    };
  }

  private async gatherEvent(
    actor: Actor,
    id: string,
    scope: BriefingScope,
    now: Date,
  ): Promise<Omit<SpecialFigures, 'issueNo' | 'year'>> {
    // Read as the scope sees it: a bureau's view holds only events its sources took part in.
    const viewer = scope.unitId === null ? actor : unitViewer(scope.unitId);
    authorize(actor, 'event.read');
    const e = await this.parts.events.get(viewer, id);
    const sources = await this.sourcesOf(scope.unitId);
    const breakdown = await this.specialBreakdown([id], sources, null, now);
    const labels: Record<string, string> = {
      first: '首发',
      source: '扩散至新的平台',
      burst: '信息量突增',
      peak: '信息量峰值',
      merge: '人工合并事件',
      split: '人工拆分事件',
      last: '最新信息',
    };
    const timeline = e.timeline.slice(0, 40).map((x) => ({
      at: x.at,
      text:
        x.kind === 'burst'
          ? `${labels.burst}（${x.detail} 条）`
          : x.kind === 'peak'
            ? `${labels.peak}（${x.detail} 条/小时）`
            : `${labels[x.kind] ?? x.kind}：${x.detail}`,
    }));
    return {
      kind: 'special',
      subject: 'event',
      subjectTitle: e.title,
      scopeName: scope.name,
      unitId: scope.unitId,
      generatedAt: now.toISOString(),
      facts: [
        ['事件名称', e.title],
        ['关键词', e.keywords.join('、') || '—'],
        ['首次发现', fmt(e.first_seen)],
        ['最新信息', fmt(e.last_seen)],
        ['信息总量', `${e.mention_count} 条`],
        ['热度', String(e.heat)],
        ['建议定级', e.suggested_grade === 'major' ? '重大' : '一般'],
        ['权威来源', e.authority ? e.authority.name : '—'],
        ['状态', e.status === 'open' ? '持续' : '已平息'],
      ],
      timeline,
      ...breakdown,
      mark: null,
      events: [],
      clocks: [],
    };
  }

  // ---- settings ----

  async settings(db: Db = this.db): Promise<BriefingSettings> {
    const raw = await readSettingRow(db, SETTINGS_KEY);
    if (raw === undefined) return DEFAULT_BRIEFING_SETTINGS;
    const parsed = briefingSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_BRIEFING_SETTINGS;
  }

  async getSettings(actor: Actor): Promise<BriefingSettingsView> {
    authorize(actor, 'briefing.manage');
    const [settings, channels, people, runs] = await Promise.all([
      this.settings(),
      this.db
        .selectFrom('notify_channels')
        .select(['id', 'name', 'enabled'])
        .where('kind', '=', 'email')
        .orderBy('name')
        .execute(),
      this.db
        .selectFrom('people as p')
        .innerJoin('units as u', 'u.id', 'p.unit_id')
        .select(['p.id', 'p.name', 'p.email', 'u.name as unit_name'])
        .where('p.active', '=', 1)
        .where('p.email', 'is not', null)
        .orderBy('u.sort_order')
        .orderBy('p.name')
        .execute(),
      new BriefingRepository(this.db).listRuns(20),
    ]);
    return {
      settings,
      channels: channels.map((c) => ({ id: c.id, name: c.name, enabled: c.enabled === 1 })),
      people: people
        .filter((p) => p.email)
        .map((p) => ({ id: p.id, name: p.name, unitName: p.unit_name, email: p.email! })),
      runs: runs.map((r) => ({
        kind: r.kind,
        periodKey: r.period_key,
        slotAt: r.slot_at,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        briefingId: r.briefing_id,
      })),
    };
  }

  /** Replaces the schedule and subscribers (audited). Null: the defaults again. */
  async putSettings(actor: Actor, input: unknown): Promise<BriefingSettingsView> {
    authorize(actor, 'briefing.manage');
    let value: BriefingSettings | null = null;
    if (input !== null) {
      const parsed = briefingSettingsSchema.safeParse(input);
      if (!parsed.success)
        throw errors.invalidInput(
          `body.${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          parsed.error.issues.map((i) => ({
            path: ['body', ...i.path.map(String)].join('.'),
            message: i.message,
          })),
        );
      value = parsed.data;
      await this.checkSettings(value);
    }
    await writeAuditedSetting(
      this.db,
      actor,
      this.deps.now(),
      SETTINGS_KEY,
      value,
      value === null ? 'briefing.settings.reset' : 'briefing.settings.update',
    );
    if (value === null)
      await this.db.deleteFrom('settings').where('key', '=', SETTINGS_KEY).execute();
    return this.getSettings(actor);
  }

  private async checkSettings(s: BriefingSettings): Promise<void> {
    const details: { path: string; message: string }[] = [];
    for (const kind of PERIODIC_KINDS) {
      const list = s.subscribers[kind];
      const ids = list.flatMap((x) => ('personId' in x ? [x.personId] : []));
      const people = ids.length
        ? await this.db
            .selectFrom('people')
            .select(['id', 'email', 'active'])
            .where('id', 'in', ids)
            .execute()
        : [];
      const byId = new Map(people.map((p) => [p.id, p]));
      const seen = new Set<string>();
      list.forEach((x, i) => {
        const key = 'personId' in x ? `p:${x.personId}` : `e:${x.email.toLowerCase()}`;
        if (seen.has(key))
          details.push({ path: `body.subscribers.${kind}.${i}`, message: 'listed twice' });
        seen.add(key);
        if (!('personId' in x)) return;
        const person = byId.get(x.personId);
        if (!person)
          details.push({
            path: `body.subscribers.${kind}.${i}.personId`,
            message: 'no such person',
          });
        else if (!person.email)
          details.push({
            path: `body.subscribers.${kind}.${i}.personId`,
            message: 'this person has no email address',
          });
        else if (person.active !== 1)
          details.push({
            path: `body.subscribers.${kind}.${i}.personId`,
            message: 'this person is no longer active',
          });
      });
    }
    if (s.channelId !== null) {
      const c = await this.db
        .selectFrom('notify_channels')
        .select(['kind'])
        .where('id', '=', s.channelId)
        .executeTakeFirst();
      if (!c) details.push({ path: 'body.channelId', message: 'no such channel' });
      else if (c.kind !== 'email')
        details.push({ path: 'body.channelId', message: `a ${c.kind} channel cannot send e-mail` });
    }
    const first = details[0];
    if (first) throw errors.invalidInput(`${first.path}: ${first.message}`, details);
  }
}

// ---- helpers ----------------------------------------------------------------------------------

function summaryView(r: BriefingListRow): BriefingSummaryView {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: BRIEFING_KIND_LABELS[r.kind],
    year: r.year,
    issueNo: r.issue_no,
    unitId: r.unit_id,
    periodKey: r.period_key,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    subject: r.subject_kind && r.subject_id ? { kind: r.subject_kind, id: r.subject_id } : null,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    sha256: r.sha256,
    trigger: r.trigger,
    generatedBy: { kind: r.generated_by_kind, id: r.generated_by_id, name: r.generated_by_name },
    generatedAt: r.generated_at,
  };
}

/** 甘肃省统计局网络舆情日报-2026年第3期 (for download names). */
export function fileStem(r: Pick<BriefingRow, 'title' | 'year' | 'issue_no'>): string {
  return `${r.title}-${r.year}年第${r.issue_no}期`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

function clockFigures(clocks: readonly Clock[]): ClockFigures[] {
  return clocks.map((c) => ({
    label: c.label,
    status: c.status,
    targetAt: c.targetAt,
    doneAt: c.doneAt,
    overdueMinutes: c.overdueMs === null ? null : Math.round(c.overdueMs / 60_000),
    explained: c.explanation !== null,
  }));
}

function fmt(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const d = new Date(t + 8 * HOUR);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const COVERAGE_WORDS: Record<string, string> = {
  failing: '采集失败',
  silent: '长时间无新内容',
};

function coverageReason(status: string, reason: string): string {
  return `${COVERAGE_WORDS[status] ?? status}（${reason}）`;
}

/** The alert ids an hourly coverage check entry lists. */
function checkAlerts(after: string | null): string[] {
  if (!after) return [];
  try {
    const v = JSON.parse(after) as { alerts?: { id?: unknown }[] };
    return (v.alerts ?? []).flatMap((a) => (typeof a.id === 'string' ? [a.id] : []));
  } catch {
    return [];
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return (
    err?.code === '23505' ||
    (typeof err?.message === 'string' && err.message.includes('UNIQUE constraint failed'))
  );
}
