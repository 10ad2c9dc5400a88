// Monitoring schemes (监测方案): who keeps which query for which unit, checked by the parser
// before it is stored, and the live test that shows what a query would have matched in the
// stored history before anyone saves it.
import { randomUUID } from 'node:crypto';
import { can, inScope } from '../domain/access.ts';
import { parseScheme, type SchemeError } from '../domain/scheme-language.ts';
import { compileSchemes } from '../analysis/scheme-matcher.ts';
import { errors } from '../errors.ts';
import { AnalysisRepository } from '../store/analysis.repository.ts';
import type { SchemeRow, SchemeTable } from '../store/schema.ts';
import { storedMatchDoc, type AnalysisService } from './analysis.service.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'major'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** A scheme's default alert settings, used by the alert rules made from it. */
export interface SchemeAlertDefaults {
  severity: AlertSeverity;
  /** Mentions within an hour before an alert is raised. */
  min_volume: number;
  /** Only negative mentions count. */
  negative_only: boolean;
}

export interface SchemeInput {
  name: string;
  query: string;
  description?: string | null | undefined;
  unit_id?: string | undefined;
  enabled?: boolean | undefined;
  alert?: SchemeAlertDefaults | null | undefined;
}

export interface SchemeView {
  id: string;
  name: string;
  query: string;
  description: string | null;
  unit_id: string;
  owner_id: string;
  owner_name: string | null;
  enabled: boolean;
  alert: SchemeAlertDefaults | null;
  version: number;
  is_demo: boolean;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  /** Stored mentions it matches now. */
  matches: number;
}

export interface SchemeHit {
  field: string;
  start: number;
  end: number;
}

export interface SchemeTestResult {
  scanned: number;
  matched: number;
  /** More history exists than was scanned. */
  truncated: boolean;
  samples: {
    id: string;
    source: string;
    author: string | null;
    title: string | null;
    /** The analysis text the hits point into (normalised, so offsets are stable). */
    text: string;
    /** Title shown as normalised, for title hits. */
    title_text: string;
    collected_at: string;
    hits: SchemeHit[];
  }[];
}

/** The parser's errors as the API answers them: 422 with each error's position. */
function syntaxError(errs: readonly SchemeError[]) {
  const first = errs[0];
  return errors.unprocessable(
    first
      ? `the query has a syntax error at ${first.start}: ${first.message}`
      : 'the query has a syntax error',
    errs.map((e) => ({
      path: 'body.query',
      code: e.code,
      message: e.message,
      message_zh: e.messageZh,
      start: e.start,
      end: e.end,
    })),
  );
}

function checkQuery(query: string): void {
  const r = parseScheme(query);
  if (!r.ok) throw syntaxError(r.errors);
}

export class SchemeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly analysis: AnalysisService,
  ) {}

  private get db() {
    return this.deps.store.db;
  }

  private async view(rows: readonly SchemeRow[]): Promise<SchemeView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const counts = new Map(
      (
        await this.db
          .selectFrom('mention_schemes')
          .select(['scheme_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('scheme_id', 'in', ids)
          .groupBy('scheme_id')
          .execute()
      ).map((r) => [r.scheme_id, Number(r.n)]),
    );
    const owners = new Map(
      (
        await this.db
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('id', 'in', [...new Set(rows.map((r) => r.owner_id))])
          .execute()
      ).map((u) => [u.id, u.display_name]),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      query: r.query,
      description: r.description,
      unit_id: r.unit_id,
      owner_id: r.owner_id,
      owner_name: owners.get(r.owner_id) ?? null,
      enabled: r.enabled === 1,
      alert: r.alert ? (JSON.parse(r.alert) as SchemeAlertDefaults) : null,
      version: r.version,
      is_demo: r.is_demo === 1,
      created_at: r.created_at,
      updated_at: r.updated_at,
      archived_at: r.archived_at,
      matches: counts.get(r.id) ?? 0,
    }));
  }

  async list(actor: Actor, opts: { archived?: boolean } = {}): Promise<SchemeView[]> {
    authorize(actor, 'scheme.read');
    const scope = actor.principal?.scope;
    const rows = (await new AnalysisRepository(this.db).listSchemes()).filter(
      (s) =>
        (!scope || inScope(scope, s.unit_id)) && (opts.archived === true || s.archived_at === null),
    );
    return this.view(rows);
  }

  async get(actor: Actor, id: string): Promise<SchemeView> {
    authorize(actor, 'scheme.read');
    const row = await new AnalysisRepository(this.db).getScheme(id);
    if (!row) throw errors.notFound('scheme');
    authorize(actor, 'scheme.read', row.unit_id);
    const [v] = await this.view([row]);
    return v!;
  }

  /**
   * Office and admin keep every scheme in their scope; a division keeps those of its own unit
   * and those it owns.
   */
  private authorizeWrite(actor: Actor, row: { unit_id: string; owner_id: string }): void {
    authorize(actor, 'scheme.write', row.unit_id);
    const p = actor.principal;
    if (!p || can(p, 'analysis.manage')) return;
    if (p.unitId !== row.unit_id && p.id !== row.owner_id)
      throw errors.forbidden('a division may change only its own unit’s schemes');
  }

  private async ownerFor(actor: Actor): Promise<string> {
    const p = actor.principal;
    if (p?.kind === 'user') return p.id;
    const admin = await this.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirst();
    if (!admin) throw errors.invalidInput('no owner for the scheme');
    return admin.id;
  }

  async create(
    actor: Actor,
    input: SchemeInput,
    opts: { isDemo?: boolean; ownerId?: string } = {},
  ): Promise<SchemeView> {
    const unitId = input.unit_id ?? actor.principal?.unitId;
    if (!unitId)
      throw errors.invalidInput('unit_id is required', [
        { path: 'body.unit_id', message: 'is required' },
      ]);
    checkQuery(input.query);
    const now = this.deps.now().toISOString();
    const row: SchemeTable = {
      id: randomUUID(),
      name: input.name,
      query: input.query,
      description: input.description ?? null,
      unit_id: unitId,
      owner_id: opts.ownerId ?? (await this.ownerFor(actor)),
      enabled: input.enabled === false ? 0 : 1,
      alert: input.alert ? JSON.stringify(input.alert) : null,
      version: 1,
      is_demo: opts.isDemo ? 1 : 0,
      created_at: now,
      updated_at: now,
      archived_at: null,
    };
    this.authorizeWrite(actor, row);
    await this.db.transaction().execute(async (trx) => {
      if (
        !(await trx.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst())
      ) {
        throw errors.invalidInput('no such unit', [
          { path: 'body.unit_id', message: 'no such unit' },
        ]);
      }
      await new AnalysisRepository(trx).insertScheme(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'scheme.create',
        objectType: 'scheme',
        objectId: row.id,
        after: { ...row, alert: input.alert ?? null },
      });
    });
    await this.applied(row.id);
    return this.get({ principal: null, ip: null }, row.id);
  }

  async update(actor: Actor, id: string, patch: Partial<SchemeInput>): Promise<SchemeView> {
    authorize(actor, 'scheme.write');
    if (patch.query !== undefined) checkQuery(patch.query);
    await this.db.transaction().execute(async (trx) => {
      const repo = new AnalysisRepository(trx);
      const before = await repo.getScheme(id);
      if (!before) throw errors.notFound('scheme');
      this.authorizeWrite(actor, before);
      if (patch.unit_id !== undefined) authorize(actor, 'scheme.write', patch.unit_id);
      if (before.archived_at !== null) throw errors.conflict('an archived scheme cannot change');
      const changes: Partial<SchemeTable> = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.query !== undefined ? { query: patch.query } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.unit_id !== undefined ? { unit_id: patch.unit_id } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
        ...(patch.alert !== undefined
          ? { alert: patch.alert ? JSON.stringify(patch.alert) : null }
          : {}),
        version: before.version + 1,
        updated_at: this.deps.now().toISOString(),
      };
      await repo.updateScheme(id, changes);
      await audit(trx, actor, this.deps.now(), {
        action: 'scheme.update',
        objectType: 'scheme',
        objectId: id,
        before,
        after: { ...before, ...changes },
      });
    });
    await this.applied(id);
    return this.get({ principal: null, ip: null }, id);
  }

  /** Archives a scheme: it stops matching and leaves the lists; its record stays. */
  async archive(actor: Actor, id: string): Promise<SchemeView> {
    authorize(actor, 'scheme.write');
    await this.db.transaction().execute(async (trx) => {
      const repo = new AnalysisRepository(trx);
      const before = await repo.getScheme(id);
      if (!before) throw errors.notFound('scheme');
      this.authorizeWrite(actor, before);
      if (before.archived_at !== null) return;
      const at = this.deps.now().toISOString();
      await repo.updateScheme(id, { archived_at: at, updated_at: at });
      await audit(trx, actor, this.deps.now(), {
        action: 'scheme.archive',
        objectType: 'scheme',
        objectId: id,
        before: { archived_at: null },
        after: { archived_at: at },
      });
    });
    await this.applied(id);
    return this.get({ principal: null, ip: null }, id);
  }

  /** New mentions use the changed scheme at once; stored ones are matched again. */
  private async applied(id: string): Promise<void> {
    await this.analysis.reloadSchemes();
    await this.analysis.rematchScheme(id);
  }

  /**
   * What a query would have matched in the stored history the actor may see, newest first:
   * up to `scan` mentions are read; the first `limit` matches come back with their hit spans.
   */
  async test(
    actor: Actor,
    input: { query: string; limit?: number | undefined; scan?: number | undefined },
  ): Promise<SchemeTestResult> {
    authorize(actor, 'scheme.read');
    const parsed = parseScheme(input.query);
    if (!parsed.ok) throw syntaxError(parsed.errors);
    const limit = input.limit ?? 50;
    const scan = input.scan ?? 20_000;
    const compiled = compileSchemes([{ id: 'test', query: input.query }]);
    const scope = actor.principal?.scope;
    const sources = (
      await this.db.selectFrom('sources').select(['id', 'name', 'unit_id']).execute()
    ).filter((s) => !scope || inScope(scope, s.unit_id));
    const names = new Map(sources.map((s) => [s.id, s.name]));
    if (sources.length === 0) return { scanned: 0, matched: 0, truncated: false, samples: [] };
    const rows = await this.db
      .selectFrom('mentions as m')
      .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
      .select([
        'm.id',
        'm.title',
        'm.text',
        'm.author',
        'm.region',
        'm.source_id',
        'm.collected_at',
        'a.regions',
      ])
      .where('m.source_id', 'in', [...names.keys()])
      .orderBy('m.collected_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(scan + 1)
      .execute();
    const truncated = rows.length > scan;
    const result: SchemeTestResult = {
      scanned: Math.min(rows.length, scan),
      matched: 0,
      truncated,
      samples: [],
    };
    for (const m of rows.slice(0, scan)) {
      const { doc, title, text } = storedMatchDoc(m, names.get(m.source_id) ?? '');
      const detail = compiled.matchDetailed(doc)[0];
      if (!detail) continue;
      result.matched++;
      if (result.samples.length < limit) {
        result.samples.push({
          id: m.id,
          source: names.get(m.source_id) ?? '',
          author: m.author,
          title: m.title,
          text,
          title_text: title,
          collected_at: m.collected_at,
          hits: detail.hits.map((h) => ({ field: h.field, start: h.start, end: h.end })),
        });
      }
    }
    return result;
  }
}
