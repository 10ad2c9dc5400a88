// Reading mentions (信息流) and sources, and handling the quarantine of rejected input.
import { inScope } from '../domain/access.ts';
import { toSimplified } from '../analysis/normalise.ts';
import { errors } from '../errors.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import type { Db } from '../store/db.ts';
import { MentionRepository } from '../store/mention.repository.ts';
import type { MentionRow, QuarantineRow, SourceRow } from '../store/schema.ts';
import { SourceRepository } from '../store/source.repository.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

export interface MentionView {
  id: string;
  source: { id: string; key: string; name: string; type: string };
  external_id: string | null;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  published_at: string | null;
  collected_at: string;
  metrics: Record<string, number> | null;
  region: string | null;
  channel: string;
  is_demo: boolean;
}

export interface MentionFilter {
  q?: string | undefined;
  source?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface MentionCursor {
  collected_at: string;
  id: string;
}
const isMentionCursor = (v: unknown): v is MentionCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as MentionCursor).collected_at === 'string' &&
  typeof (v as MentionCursor).id === 'string';

function mentionView(m: MentionRow, s: SourceRow): MentionView {
  return {
    id: m.id,
    source: { id: s.id, key: s.key, name: s.name, type: s.type },
    external_id: m.external_id,
    url: m.url,
    author: m.author,
    title: m.title,
    text: m.text,
    published_at: m.published_at,
    collected_at: m.collected_at,
    metrics: m.metrics ? (JSON.parse(m.metrics) as Record<string, number>) : null,
    region: m.region,
    channel: m.channel,
    is_demo: m.is_demo === 1,
  };
}

export class MentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: IngestService,
  ) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  /** Sources visible to the actor: all for provincial staff, their unit's for a city's. */
  private async visibleSources(actor: Actor): Promise<SourceRow[]> {
    const all = await new SourceRepository(this.db).list();
    const scope = actor.principal?.scope;
    return all.filter((s) => !scope || inScope(scope, s.unit_id));
  }

  async list(
    actor: Actor,
    f: MentionFilter,
  ): Promise<{ items: MentionView[]; next_cursor: string | null }> {
    authorize(actor, 'mention.read');
    let sources = await this.visibleSources(actor);
    if (f.source) sources = sources.filter((s) => s.key === f.source);
    const byId = new Map(sources.map((s) => [s.id, s]));
    let q = this.db
      .selectFrom('mentions')
      .selectAll()
      .where('source_id', 'in', sources.length ? [...byId.keys()] : [''])
      .orderBy('collected_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit);
    if (f.q) {
      // The analysis text is simplified Chinese with Latin lower-cased by the search; so is the query.
      const needle = `%${toSimplified(f.q)
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb(eb.fn('lower', ['analysis_text']), 'like', needle));
    }
    // Stored times are UTC ISO strings; compare like with like whatever offset the caller used.
    if (f.since) q = q.where('collected_at', '>=', new Date(f.since).toISOString());
    if (f.until) q = q.where('collected_at', '<', new Date(f.until).toISOString());
    if (f.cursor) {
      const c = decodeCursor(f.cursor, isMentionCursor);
      q = q.where((eb) =>
        eb.or([
          eb('collected_at', '<', c.collected_at),
          eb.and([eb('collected_at', '=', c.collected_at), eb('id', '<', c.id)]),
        ]),
      );
    }
    const rows = await q.execute();
    const last = rows.at(-1);
    return {
      items: rows.flatMap((m) => {
        const s = byId.get(m.source_id);
        return s ? [mentionView(m, s)] : [];
      }),
      next_cursor:
        rows.length === f.limit && last
          ? encodeCursor({ collected_at: last.collected_at, id: last.id })
          : null,
    };
  }

  async get(actor: Actor, id: string): Promise<MentionView> {
    authorize(actor, 'mention.read');
    const m = await new MentionRepository(this.db).get(id);
    if (!m) throw errors.notFound('mention');
    const s = await new SourceRepository(this.db).get(m.source_id);
    if (!s) throw errors.notFound('source');
    authorize(actor, 'mention.read', s.unit_id);
    return mentionView(m, s);
  }

  async listQuarantine(
    actor: Actor,
    q: { limit: number; open_only: boolean },
  ): Promise<QuarantineRow[]> {
    authorize(actor, 'quarantine.manage');
    let query = this.db
      .selectFrom('quarantine')
      .selectAll()
      .orderBy('received_at', 'desc')
      .limit(q.limit);
    if (q.open_only) query = query.where('resolved_at', 'is', null);
    return query.execute();
  }

  /**
   * Re-processes a quarantined item, as received or as corrected by a person. It is marked
   * resolved when it lands (or proves a duplicate); otherwise the reasons come back.
   */
  async reprocess(
    actor: Actor,
    id: string,
    corrected?: unknown,
  ): Promise<{
    outcome: 'accepted' | 'duplicate' | 'rejected';
    errors: string[];
    mention_id: string | null;
  }> {
    authorize(actor, 'quarantine.manage');
    const item = await this.db
      .selectFrom('quarantine')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!item) throw errors.notFound('quarantined item');
    if (item.resolved_at)
      throw errors.conflict(`this item was resolved already (${item.resolution ?? ''})`);
    let value: unknown = corrected;
    if (value === undefined) {
      try {
        value = JSON.parse(item.payload) as unknown;
      } catch {
        return {
          outcome: 'rejected',
          errors: ['(item): the stored payload is not JSON; send a corrected item'],
          mention_id: null,
        };
      }
    }
    const unitId = item.unit_id ?? actor.principal?.unitId;
    if (!unitId) throw errors.invalidInput('the item has no unit');
    const r = await this.ingest.ingest(actor, [{ index: 0, value }], {
      channel: item.channel as 'api',
      unitId,
      quarantine: false,
      permission: 'quarantine.manage',
    });
    if (r.rejected.length)
      return { outcome: 'rejected', errors: r.rejected.map((x) => x.error), mention_id: null };
    const outcome = r.accepted ? 'accepted' : 'duplicate';
    const mentionId = r.mentionIds[0] ?? null;
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('quarantine')
        .set({ resolved_at: now.toISOString(), resolution: outcome, mention_id: mentionId })
        .where('id', '=', id)
        .execute();
      await audit(trx, actor, now, {
        action: 'quarantine.reprocess',
        objectType: 'quarantine',
        objectId: id,
        before: { errors: JSON.parse(item.errors) as unknown },
        after: { outcome, mention_id: mentionId, corrected: corrected !== undefined },
      });
    });
    return { outcome, errors: [], mention_id: mentionId };
  }
}
