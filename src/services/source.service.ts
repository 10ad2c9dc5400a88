// The source registry (监测源): what is watched, by which unit, on which schedule, and how
// well each source is delivering (honest coverage).
import { Cron } from 'croner';
import { inScope } from '../domain/access.ts';
import { assessCoverage, usualGap, type Coverage } from '../domain/coverage.ts';
import { errors } from '../errors.ts';
import type { SourceRow, SourceType } from '../store/schema.ts';
import type { Poller } from '../ingest/poller.ts';
import { newSourceRow, SourceRepository } from '../store/source.repository.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

export const POLLED_TYPES = ['feed', 'web'] as const satisfies readonly SourceType[];
export type PolledType = (typeof POLLED_TYPES)[number];

export interface SourceInput {
  key: string;
  name: string;
  type: PolledType;
  address: string;
  schedule?: string | undefined;
  unit_id?: string | undefined;
  enabled?: boolean | undefined;
  config?: Record<string, unknown> | undefined;
}

export interface SourceView {
  id: string;
  key: string;
  name: string;
  type: SourceType;
  address: string | null;
  schedule: string | null;
  unit_id: string;
  enabled: boolean;
  is_demo: boolean;
  config: Record<string, unknown>;
  health: {
    last_run_at: string | null;
    last_success_at: string | null;
    last_error_at: string | null;
    last_error: string | null;
    consecutive_failures: number;
    last_item_at: string | null;
    items_24h: number;
    items_7d: number;
    coverage: Coverage;
  };
}

export const DEFAULT_SCHEDULE = '*/10 * * * *';

/** Seconds between two runs of a cron expression; throws on an invalid one. */
export function scheduleInterval(expr: string): number {
  const runs = new Cron(expr, { paused: true }).nextRuns(2);
  const [a, b] = runs;
  if (!a || !b) throw new Error('the schedule never runs');
  return (b.getTime() - a.getTime()) / 1000;
}

export class SourceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly poller: Poller,
  ) {}

  /** Tries a source's settings once, storing nothing. */
  async test(actor: Actor, input: SourceInput) {
    authorize(actor, 'source.write', input.unit_id ?? actor.principal?.unitId);
    return this.poller.preview({
      key: input.key,
      type: input.type,
      address: input.address,
      config: input.config ?? {},
    });
  }

  /** Polls a source now, whatever its schedule. */
  async runNow(actor: Actor, id: string) {
    authorize(actor, 'source.write');
    const row = await new SourceRepository(this.db).get(id);
    if (!row) throw errors.notFound('source');
    authorize(actor, 'source.write', row.unit_id);
    if (row.type !== 'feed' && row.type !== 'web') {
      throw errors.conflict(`a ${row.type} source is not polled: its posts are pushed to Yuqing`);
    }
    const outcome = await this.poller.poll(row);
    return {
      ok: outcome.ok,
      not_modified: outcome.notModified,
      items: outcome.items,
      accepted: outcome.summary?.accepted ?? 0,
      duplicates: outcome.summary?.duplicates ?? 0,
      rejected: outcome.summary?.rejected.length ?? 0,
      errors: outcome.errors,
    };
  }

  private get db() {
    return this.deps.store.db;
  }

  async list(actor: Actor): Promise<SourceView[]> {
    authorize(actor, 'source.read');
    const scope = actor.principal?.scope;
    const rows = (await new SourceRepository(this.db).list()).filter(
      (s) => !scope || inScope(scope, s.unit_id),
    );
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async get(actor: Actor, id: string): Promise<SourceView> {
    authorize(actor, 'source.read');
    const row = await new SourceRepository(this.db).get(id);
    if (!row) throw errors.notFound('source');
    authorize(actor, 'source.read', row.unit_id);
    return this.view(row);
  }

  async create(actor: Actor, input: SourceInput): Promise<SourceView> {
    const unitId = input.unit_id ?? actor.principal?.unitId;
    if (!unitId)
      throw errors.invalidInput('unit_id is required', [
        { path: 'body.unit_id', message: 'is required' },
      ]);
    authorize(actor, 'source.write', unitId);
    const schedule = input.schedule ?? DEFAULT_SCHEDULE;
    checkSchedule(schedule);
    checkWebConfig(input.type, input.config);
    const row = newSourceRow(
      {
        key: input.key,
        name: input.name,
        type: input.type,
        address: input.address,
        config: JSON.stringify(input.config ?? {}),
        schedule,
        unit_id: unitId,
        enabled: input.enabled === false ? 0 : 1,
      },
      this.deps.now(),
    );
    await this.db.transaction().execute(async (trx) => {
      const repo = new SourceRepository(trx);
      if (await repo.getByKey(input.key)) {
        throw errors.conflict(`source key ${input.key} is taken`, [
          { path: 'body.key', message: 'taken' },
        ]);
      }
      if (
        !(await trx.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst())
      ) {
        throw errors.invalidInput('no such unit', [
          { path: 'body.unit_id', message: 'no such unit' },
        ]);
      }
      await repo.insert(row);
      await audit(trx, actor, this.deps.now(), {
        action: 'source.create',
        objectType: 'source',
        objectId: row.id,
        after: publicFields(row),
      });
    });
    return this.view(row);
  }

  async update(actor: Actor, id: string, patch: Partial<SourceInput>): Promise<SourceView> {
    authorize(actor, 'source.write');
    const after = await this.db.transaction().execute(async (trx) => {
      const repo = new SourceRepository(trx);
      const before = await repo.get(id);
      if (!before) throw errors.notFound('source');
      authorize(actor, 'source.write', before.unit_id);
      if (patch.unit_id !== undefined) authorize(actor, 'source.write', patch.unit_id);
      if (patch.schedule !== undefined) checkSchedule(patch.schedule);
      checkWebConfig(
        patch.type ?? before.type,
        patch.config ?? (JSON.parse(before.config) as Record<string, unknown>),
      );
      if (patch.key !== undefined && patch.key !== before.key && (await repo.getByKey(patch.key))) {
        throw errors.conflict(`source key ${patch.key} is taken`, [
          { path: 'body.key', message: 'taken' },
        ]);
      }
      const changes: Partial<SourceRow> = {
        ...(patch.key !== undefined ? { key: patch.key } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
        ...(patch.unit_id !== undefined ? { unit_id: patch.unit_id } : {}),
        ...(patch.config !== undefined ? { config: JSON.stringify(patch.config) } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
        updated_at: this.deps.now().toISOString(),
      };
      await repo.update(id, changes);
      const next = { ...before, ...changes };
      await audit(trx, actor, this.deps.now(), {
        action:
          patch.enabled === false
            ? 'source.pause'
            : patch.enabled === true && !before.enabled
              ? 'source.resume'
              : 'source.update',
        objectType: 'source',
        objectId: id,
        before: publicFields(before),
        after: publicFields(next),
      });
      return next;
    });
    return this.view(after);
  }

  private async view(r: SourceRow): Promise<SourceView> {
    const now = this.deps.now();
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const recent = await this.db
      .selectFrom('mentions')
      .select('collected_at')
      .where('source_id', '=', r.id)
      .orderBy('collected_at', 'desc')
      .limit(50)
      .execute();
    const counts = await this.db
      .selectFrom('mentions')
      .select((eb) => [
        eb.fn.countAll<number>().as('week'),
        eb.fn
          .sum<number>(eb.case().when('collected_at', '>=', dayAgo).then(1).else(0).end())
          .as('day'),
      ])
      .where('source_id', '=', r.id)
      .where('collected_at', '>=', weekAgo)
      .executeTakeFirstOrThrow();
    const polled = r.type === 'feed' || r.type === 'web';
    const lastItemAt = recent[0]?.collected_at ?? null;
    return {
      id: r.id,
      key: r.key,
      name: r.name,
      type: r.type,
      address: r.address,
      schedule: r.schedule,
      unit_id: r.unit_id,
      enabled: r.enabled === 1,
      is_demo: r.is_demo === 1,
      config: JSON.parse(r.config) as Record<string, unknown>,
      health: {
        last_run_at: r.last_run_at,
        last_success_at: r.last_success_at,
        last_error_at: r.last_error_at,
        last_error: r.last_error,
        consecutive_failures: r.consecutive_failures,
        last_item_at: lastItemAt,
        items_24h: Number(counts.day ?? 0),
        items_7d: Number(counts.week ?? 0),
        coverage: assessCoverage(
          {
            enabled: r.enabled === 1,
            polled,
            pollIntervalSeconds: polled && r.schedule ? scheduleInterval(r.schedule) : null,
            createdAt: r.created_at,
            lastSuccessAt: r.last_success_at,
            consecutiveFailures: r.consecutive_failures,
            lastItemAt,
            usualGapSeconds: usualGap(distinctBatches(recent.map((x) => x.collected_at))),
          },
          now,
        ),
      },
    };
  }
}

/** Posts of one batch share a collection time; gaps are between deliveries, not posts. */
function distinctBatches(times: string[]): string[] {
  return [...new Set(times)];
}

/** A web source reads its list page through a CSS selector; without one it cannot work. */
function checkWebConfig(type: string, config: Record<string, unknown> | undefined): void {
  if (type !== 'web') return;
  const selector = config?.itemSelector;
  if (typeof selector !== 'string' || selector.trim() === '') {
    throw errors.invalidInput(
      'config.itemSelector: a web source needs the CSS selector of its article links',
      [{ path: 'body.config.itemSelector', message: 'is required for a web source' }],
    );
  }
}

function checkSchedule(expr: string): void {
  try {
    const seconds = scheduleInterval(expr);
    if (seconds < 60) throw new Error('runs more often than once a minute');
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : 'invalid';
    throw errors.invalidInput(`schedule: ${message}`, [{ path: 'body.schedule', message }]);
  }
}

function publicFields(r: SourceRow) {
  return {
    key: r.key,
    name: r.name,
    type: r.type,
    address: r.address,
    schedule: r.schedule,
    unit_id: r.unit_id,
    enabled: r.enabled === 1,
    config: JSON.parse(r.config) as unknown,
  };
}
