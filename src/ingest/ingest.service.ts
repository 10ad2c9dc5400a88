// Ingest: validate, normalise and store posts from any connector, exactly once. Good items
// of a batch land even when others are bad; every rejected item is answered with its reason
// and kept in the quarantine; nothing is acknowledged before it is committed.
import { createHash, randomUUID } from 'node:crypto';
import { inScope, type Permission } from '../domain/access.ts';
import { analysisText, contentHash } from '../analysis/normalise.ts';
import { authorize } from '../services/authorize.ts';
import { audit, type Actor, type ServiceDeps } from '../services/context.ts';
import { inTransaction } from '../store/after-commit.ts';
import type { Db } from '../store/db.ts';
import { MentionRepository } from '../store/mention.repository.ts';
import type { MentionTable, QuarantineTable, SourceRow, SourceType } from '../store/schema.ts';
import type { InsertedMention, PreparedMention } from '../services/analysis.service.ts';
import type { QueuedBatch } from '../services/event.service.ts';
import type { AnalysisPipeline } from '../analysis/pipeline.ts';
import type { PrepareInput } from '../analysis/prepare-post.ts';
import { newSourceRow, SourceRepository } from '../store/source.repository.ts';
import { externalIdKey, timeOrderedId } from '../store/ids.ts';
import { canonicalUrl } from './canonical-url.ts';
import { parsePublishedTime } from './parse-time.ts';
import {
  describeErrors,
  validateIncomingPost,
  type FieldError,
  type IncomingPostInput,
} from './post-schema.ts';

/** One item of a batch as received: its parsed value, or why it could not be parsed. */
export interface RawItem {
  /** 0-based position in the batch (for NDJSON: among the non-empty lines). */
  index: number;
  value?: unknown;
  /** The item's text as received, kept in the quarantine when it is rejected. */
  raw?: string;
  /** Set when the item could not even be parsed (bad JSON, bad CSV row, bad bytes). */
  parseError?: FieldError;
}

export type Channel = 'api' | 'import' | 'feed' | 'web' | 'informant' | 'demo';

export interface IngestContext {
  channel: Channel;
  /** The unit that owns sources created on first sight. */
  unitId: string;
  /** Source type for sources created on first sight. */
  sourceType?: SourceType;
  /** Display name for sources created on first sight (default: the key). */
  sourceName?: string;
  isDemo?: boolean;
  /** false when re-processing a quarantined item: it is in the quarantine already. */
  quarantine?: boolean;
  /** What the actor must hold: machines push with ingest.write; the office re-processes. */
  permission?: Permission;
}

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
  /** Ids of the stored mentions, in batch order (new ones only). */
  mentionIds: string[];
}

interface Prepared {
  index: number;
  post: IncomingPostInput;
  publishedAt: string | null;
  canonical: string | null;
  analysis: string;
  hash: string;
}

export function naturalKey(
  sourceId: string,
  p: Prepared,
): { key: string; kind: MentionTable['key_kind'] } {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  if (p.post.id) return { key: externalIdKey(sourceId, p.post.id), kind: 'external_id' };
  // A canonical URL names one article wherever it was seen.
  if (p.canonical) return { key: sha(`url\n${p.canonical}`), kind: 'url' };
  // Identical short texts by different authors are different posts.
  return { key: sha(`content\n${sourceId}\n${p.post.author ?? ''}\n${p.hash}`), kind: 'content' };
}

/** What analyses stored mentions inside the batch's transaction (the AnalysisService). */
export interface MentionAnalyser {
  /** Loads what analysis needs (outside the transaction: SQLite has one connection). */
  ready(): Promise<AnalysisPipeline>;
  /**
   * The stateless part of the analysis, done ahead (another thread), for the batch's posts in
   * order; null when nothing was done ahead. Called after ready(), before the transaction.
   */
  prepareBatch?(inputs: readonly PrepareInput[]): Promise<(PreparedMention | undefined)[] | null>;
  analyseInserted(
    trx: Db,
    mentions: readonly InsertedMention[],
    pipeline: AnalysisPipeline,
    /** Mention id -> what prepareBatch gave for its post. */
    prepared?: ReadonlyMap<string, PreparedMention>,
  ): Promise<QueuedBatch | null>;
  /** After the commit: the batch's events and alerts (a second transaction); see AnalysisService. */
  assignQueued(batch: QueuedBatch): Promise<boolean>;
  /** The transaction rolled back: forget what the analyser learned from it. */
  invalidate(): void;
}

/** Source names remembered for preparing a batch's analysis before its transaction. */
const SOURCE_NAMES_KEPT = 10_000;

export class IngestService {
  /** Source key -> name, as the last batches resolved them (a guess; checked in the batch). */
  private readonly sourceNames = new Map<string, string>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly analyser?: MentionAnalyser,
  ) {}

  /** Validates and normalises one item; returns its field errors instead of throwing. */
  prepare(
    item: RawItem,
    now: Date,
    /** Keep a post whose time cannot be read (published_at stays empty; the raw text is kept). */
    lenientTime = false,
  ): { ok: true; prepared: Prepared } | { ok: false; errors: FieldError[] } {
    if (item.parseError) return { ok: false, errors: [item.parseError] };
    const v = validateIncomingPost(item.value);
    if (!v.ok) return v;
    const post = v.post;
    let publishedAt: string | null = null;
    if (post.published_at !== undefined && String(post.published_at).trim() !== '') {
      const t = parsePublishedTime(String(post.published_at), { now });
      if ('date' in t) publishedAt = t.date.toISOString();
      else if (!lenientTime)
        return { ok: false, errors: [{ field: 'published_at', message: t.error }] };
    }
    let canonical: string | null = null;
    if (post.url !== undefined && post.url.trim() !== '') {
      canonical = canonicalUrl(post.url.trim());
      if (!canonical)
        return { ok: false, errors: [{ field: 'url', message: 'is not an http(s) URL' }] };
    }
    const analysis = analysisText({ title: post.title, text: post.text });
    if (analysis.trim() === '') {
      return {
        ok: false,
        errors: [{ field: 'text', message: 'has no readable text once markup is removed' }],
      };
    }
    return {
      ok: true,
      prepared: {
        index: item.index,
        post,
        publishedAt,
        canonical,
        analysis,
        hash: contentHash(analysis),
      },
    };
  }

  /**
   * Stores a batch in one transaction and returns what happened to each item. The caller
   * acknowledges only after this resolves, i.e. after the commit.
   */
  async ingest(
    actor: Actor,
    items: readonly RawItem[],
    ctx: IngestContext,
    /** Runs inside the batch's transaction, after the posts are written (e.g. a file position). */
    onCommit?: (
      trx: Db,
      counts: { accepted: number; duplicates: number; rejected: number },
    ) => Promise<void>,
  ): Promise<IngestSummary> {
    authorize(actor, ctx.permission ?? 'ingest.write', ctx.unitId);
    const now = this.deps.now();
    const collectedAt = now.toISOString();
    const rejected: { index: number; error: string; item: RawItem; errors: FieldError[] }[] = [];
    const good: Prepared[] = [];
    for (const item of items) {
      // What a site prints as its time is not the post's fault: crawled content keeps its place.
      const r = this.prepare(item, now, ctx.channel === 'feed' || ctx.channel === 'web');
      if (r.ok) good.push(r.prepared);
      else
        rejected.push({
          index: item.index,
          error: describeErrors(r.errors),
          item,
          errors: r.errors,
        });
    }

    let accepted = 0;
    let duplicates = 0;
    let mentionIds: string[] = [];
    const pipeline = this.analyser && good.length > 0 ? await this.analyser.ready() : null;
    // The stateless analysis of the posts, in another thread while this one serves others.
    // Their source's name is a guess here (a source may be created or renamed before the
    // transaction); a post whose guess was wrong is analysed again inside it.
    const ahead =
      pipeline && this.analyser?.prepareBatch
        ? await this.analyser.prepareBatch(
            good.map((p) => ({
              title: p.post.title ?? null,
              text: p.post.text,
              author: p.post.author ?? null,
              source: this.sourceNames.get(p.post.source) ?? ctx.sourceName ?? p.post.source,
              region: p.post.region ?? null,
              analysisText: p.analysis,
            })),
          )
        : null;
    const prepared = new Map<string, PreparedMention>();
    let queued: QueuedBatch | null = null;
    try {
      await inTransaction(this.deps.store.db, async (trx) => {
        const sources = await this.resolveSources(trx, actor, good, ctx, now);
        if (this.sourceNames.size > SOURCE_NAMES_KEPT) this.sourceNames.clear();
        for (const [key, s] of sources) this.sourceNames.set(key, s.name);
        const rows: MentionTable[] = [];
        const seen = new Set<string>();
        for (const [i, p] of good.entries()) {
          const source = sources.get(p.post.source);
          if (!source) {
            rejected.push({
              index: p.index,
              error: 'source: belongs to a unit outside your scope',
              item: { index: p.index, value: p.post },
              errors: [{ field: 'source', message: 'belongs to a unit outside your scope' }],
            });
            continue;
          }
          const { key, kind } = naturalKey(source.id, p);
          if (seen.has(key)) {
            duplicates++;
            continue;
          }
          seen.add(key);
          const id = timeOrderedId();
          const early = ahead?.[i];
          if (early) prepared.set(id, early);
          rows.push({
            id,
            source_id: source.id,
            natural_key: key,
            key_kind: kind,
            external_id: p.post.id ?? null,
            url: p.post.url ?? null,
            canonical_url: p.canonical,
            author: p.post.author ?? null,
            title: p.post.title ?? null,
            text: p.post.text,
            analysis_text: p.analysis,
            content_hash: p.hash,
            published_at: p.publishedAt,
            published_raw: p.post.published_at === undefined ? null : String(p.post.published_at),
            collected_at: collectedAt,
            lang: p.post.lang ?? null,
            parent_external_id: p.post.parent_id ?? null,
            metrics: p.post.metrics ? JSON.stringify(p.post.metrics) : null,
            region: p.post.region ?? null,
            channel: ctx.channel,
            is_demo: ctx.isDemo ? 1 : 0,
          });
        }
        const repo = new MentionRepository(trx);
        const inserted = await repo.insertNew(rows);
        accepted = inserted.size;
        mentionIds = rows.filter((r) => inserted.has(r.natural_key)).map((r) => r.id);
        duplicates += rows.length - inserted.size;
        if (this.analyser && pipeline) {
          const names = new Map([...sources.values()].map((s) => [s.id, s.name]));
          queued = await this.analyser.analyseInserted(
            trx,
            rows
              .filter((r) => inserted.has(r.natural_key))
              .map((r) => ({ ...r, sourceName: names.get(r.source_id) ?? '' })),
            pipeline,
            prepared,
          );
        }
        await repo.quarantine(
          (ctx.quarantine === false ? [] : rejected).map((r): QuarantineTable => ({
            id: randomUUID(),
            received_at: collectedAt,
            channel: ctx.channel,
            source: sourceKeyOf(r.item),
            position: r.index,
            payload: r.item.raw ?? safeJson(r.item.value),
            errors: JSON.stringify(r.errors),
            unit_id: ctx.unitId,
            resolved_at: null,
            resolution: null,
            mention_id: null,
          })),
        );
        if (onCommit) await onCommit(trx, { accepted, duplicates, rejected: rejected.length });
      });
    } catch (e) {
      this.analyser?.invalidate();
      throw e;
    }
    // Stored: the events and alerts follow in their own transaction, which this waits for (a
    // caller reads them next). One that fails is retried; the posts are kept either way.
    if (queued && this.analyser) await this.analyser.assignQueued(queued);
    rejected.sort((a, b) => a.index - b.index);
    if (accepted > 0) {
      this.deps.live?.publish({ type: 'mentions', accepted, at: collectedAt });
    }
    return {
      accepted,
      duplicates,
      rejected: rejected.map(({ index, error }) => ({ index, error })),
      mentionIds,
    };
  }

  /** Finds or registers the sources a batch names; those outside the actor's scope are left out. */
  private async resolveSources(
    trx: Db,
    actor: Actor,
    good: readonly Prepared[],
    ctx: IngestContext,
    now: Date,
  ): Promise<Map<string, SourceRow>> {
    const keys = [...new Set(good.map((p) => p.post.source))];
    const repo = new SourceRepository(trx);
    const found = new Map((await repo.getByKeys(keys)).map((s) => [s.key, s]));
    const scope = actor.principal?.scope;
    for (const [key, s] of found) if (scope && !inScope(scope, s.unit_id)) found.delete(key);
    for (const key of keys) {
      if (found.has(key) || (await repo.getByKey(key))) continue;
      const row = newSourceRow(
        {
          key,
          name: ctx.sourceName ?? key,
          type: ctx.sourceType ?? (ctx.channel === 'import' ? 'file' : 'push'),
          unit_id: ctx.unitId,
          is_demo: ctx.isDemo ? 1 : 0,
        },
        now,
      );
      await repo.insert(row);
      await audit(trx, actor, now, {
        action: 'source.create',
        objectType: 'source',
        objectId: row.id,
        after: {
          key: row.key,
          type: row.type,
          unit_id: row.unit_id,
          reason: `first post via ${ctx.channel}`,
        },
      });
      found.set(key, row);
    }
    return found;
  }
}

function sourceKeyOf(item: RawItem): string | null {
  const v = item.value;
  if (typeof v === 'object' && v !== null && 'source' in v && typeof v.source === 'string')
    return v.source.slice(0, 100);
  return null;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
