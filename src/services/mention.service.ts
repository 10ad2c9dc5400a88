// Reading mentions (信息流) and sources, and handling the quarantine of rejected input.
import { sql } from 'kysely';
import { inScope } from '../domain/access.ts';
import { toHalfWidth, toSimplified } from '../analysis/normalise.ts';
import { AnalysisRepository } from '../store/analysis.repository.ts';
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
  analysis: MentionAnalysisView | null;
}

export interface MentionAnalysisView {
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number };
  regions: { adcode: string; name: string; level: string; path: string[] }[];
  risk: { score: number; categories: { id: string; weight: number; terms: string[] }[] };
  schemes: { id: string; name: string }[];
  keywords: string[];
  group: { id: string; size: number; dup_of: string | null; dup_kind: 'exact' | 'near' | null };
}

export interface MentionFilter {
  q?: string | undefined;
  scheme?: string | undefined;
  /** Mentions of an event (舆情事件). */
  event?: string | undefined;
  sentiment?: 'negative' | 'neutral' | 'positive' | undefined;
  region?: string | undefined;
  risk?: string | undefined;
  fold?: boolean | undefined;
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
    analysis: null,
  };
}

/** A LIKE pattern for a word, its wildcards escaped with a backslash (see {@link textLike}). */
function likeNeedle(term: string): string {
  return `%${toSimplified(term)
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The analysis text contains (or not) a word; ESCAPE is explicit, SQLite has no default. */
function textLike(word: string, contains: boolean) {
  const needle = likeNeedle(word);
  return contains
    ? sql<boolean>`lower(analysis_text) like ${needle} escape '\\'`
    : sql<boolean>`lower(analysis_text) not like ${needle} escape '\\'`;
}

/**
 * The search box: words separated by spaces must all occur (substring of the analysis text, so
 * no segmentation can miss a word), a word starting with `-` must not; simplified/traditional,
 * full-width and Latin case do not matter.
 */
export function searchTerms(q: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of q.split(/\s+/u)) {
    const word = raw.trim();
    if (word === '' || word === '-') continue;
    if (word.startsWith('-')) exclude.push(word.slice(1));
    else include.push(word);
  }
  return { include, exclude };
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
      const { include, exclude } = searchTerms(toHalfWidth(f.q));
      for (const word of include) q = q.where(textLike(word, true));
      for (const word of exclude) q = q.where(textLike(word, false));
    }
    if (f.scheme !== undefined) {
      const scheme = f.scheme;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('mention_schemes').select('mention_id').where('scheme_id', '=', scheme),
      );
    }
    if (f.event !== undefined) {
      const event = f.event;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('mention_events').select('mention_id').where('event_id', '=', event),
      );
    }
    if (f.sentiment !== undefined) {
      const label = f.sentiment;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('mention_analysis').select('mention_id').where('sentiment', '=', label),
      );
    }
    if (f.region !== undefined) {
      const adcode = f.region;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('mention_regions').select('mention_id').where('adcode', '=', adcode),
      );
    }
    if (f.risk !== undefined) {
      const category = f.risk;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('mention_risks').select('mention_id').where('category', '=', category),
      );
    }
    if (f.fold) {
      // One row per similar-article group: its first copy (and anything not analysed yet).
      q = q.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('mention_analysis as a')
              .select('a.mention_id')
              .whereRef('a.mention_id', '=', 'mentions.id')
              .whereRef('a.group_id', '!=', 'mentions.id'),
          ),
        ),
      );
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
    const views = rows.flatMap((m) => {
      const s = byId.get(m.source_id);
      return s ? [mentionView(m, s)] : [];
    });
    await this.attachAnalysis(views);
    return {
      items: views,
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
    const view = mentionView(m, s);
    await this.attachAnalysis([view]);
    return view;
  }

  /** Adds each mention's analysis (sentiment, regions, risk, schemes, similar group). */
  private async attachAnalysis(views: MentionView[]): Promise<void> {
    if (views.length === 0) return;
    const repo = new AnalysisRepository(this.db);
    const ids = views.map((v) => v.id);
    const analyses = await repo.analysesOf(ids);
    const schemes = await repo.schemesOf(ids);
    const sizes = await repo.groupSizes([...analyses.values()].map((a) => a.group_id));
    for (const v of views) {
      const a = analyses.get(v.id);
      if (!a) continue;
      v.analysis = {
        sentiment: { label: a.sentiment, score: a.sentiment_score },
        regions: JSON.parse(a.regions) as MentionAnalysisView['regions'],
        risk: {
          score: a.risk_score,
          categories: JSON.parse(a.risk) as MentionAnalysisView['risk']['categories'],
        },
        schemes: schemes.get(v.id) ?? [],
        keywords: JSON.parse(a.keywords) as string[],
        group: {
          id: a.group_id,
          size: sizes.get(a.group_id) ?? 1,
          dup_of: a.dup_of,
          dup_kind: a.dup_kind,
        },
      };
    }
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
