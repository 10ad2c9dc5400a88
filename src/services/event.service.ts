// Events (舆情事件): every analysed mention joins a story once its ingest transaction committed
// (the online clusterer in memory, its assignment and the event's figures in a second
// transaction, see "On arrival"), the heat index and the suggested grade are recomputed for the
// events a batch touched, and volume counts per minute and hour feed the trends. People merge and split events; the audit log keeps it and the
// clusterer follows it from then on.
import {
  LocalClusterHandle,
  makeClusterer,
  type ClusterBatchResult,
  type ClusterHandle,
  type ClusterHandleOptions,
  type ClusterSeed,
} from '../analysis/cluster-handle.ts';
import { z } from 'zod';
import type { ClusterPost, ClusterPrepared } from '../analysis/event-cluster.ts';
import type { PostAnalysis } from '../analysis/pipeline.ts';
import {
  addMention,
  emptyAggregate,
  gradingInput,
  heatFigures,
  type EventAggregate,
  type MentionFacts,
  type SentimentLabel,
} from '../domain/event-figures.ts';
import {
  DEFAULT_GRADING_RULES,
  gradingRulesSchema,
  suggestGrade,
  type GradingRules,
} from '../domain/grading.ts';
import { DEFAULT_HEAT_CONFIG, heatConfigSchema, heatOf, type HeatConfig } from '../domain/heat.ts';
import {
  authorityListSchema,
  compileAuthority,
  DEFAULT_AUTHORITY_LIST,
  type AuthorityList,
  type AuthorityTier,
  type CompiledAuthority,
  type PublishedBy,
} from '../domain/source-authority.ts';
import { bucketStart } from '../domain/volume-series.ts';
import { errors } from '../errors.ts';
import { inTransaction } from '../store/after-commit.ts';
import type { Db } from '../store/db.ts';
import { externalIdKey, timeOrderedId } from '../store/ids.ts';
import type { EventRow, EventTable, MentionTable, VolumeBucketTable } from '../store/schema.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { writeAuditedSetting } from './settings-store.ts';

const HEAT_KEY = 'events.heat';
const GRADING_KEY = 'events.grading';
const AUTHORITY_KEY = 'events.authority';

/** How long an event stays open without a new mention. */
export const EVENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** A stored mention with what the pipeline made of it, as the clusterer and the figures need. */
export interface AnalysedMention {
  mention: Pick<
    MentionTable,
    | 'id'
    | 'source_id'
    | 'external_id'
    | 'url'
    | 'author'
    | 'title'
    | 'analysis_text'
    | 'published_at'
    | 'collected_at'
    | 'parent_external_id'
    | 'metrics'
    | 'is_demo'
    | 'text'
    | 'channel'
  >;
  sourceName: string;
  /** What the events and the alerts read of its analysis (as stored, after a restart). */
  analysis: {
    sentiment: Pick<PostAnalysis['sentiment'], 'label' | 'score'>;
    risk: Pick<PostAnalysis['risk'], 'score' | 'categories'>;
    regions: PostAnalysis['regions'];
    schemes: PostAnalysis['schemes'];
    dup: Pick<PostAnalysis['dup'], 'groupId'>;
  };
  /** The mention's clustering terms, prepared ahead (the analysis worker) for this text. */
  cluster?: ClusterPrepared | undefined;
}

/** An event a batch touched: its row as written, and the batch's mentions of it (the alerts read both). */
export interface TouchedEvent {
  row: EventTable;
  mentions: AnalysedMention[];
}

export interface EventSettings {
  heat: HeatConfig;
  grading: GradingRules;
  authority: AuthorityList;
}

export type EventSettingsView = EventSettings & { defaults: Record<keyof EventSettings, boolean> };

/** When a mention happened: as published when that is plausible, else when it was collected. */
export function mentionTime(m: { published_at: string | null; collected_at: string }): number {
  const collected = Date.parse(m.collected_at);
  if (m.published_at) {
    const published = Date.parse(m.published_at);
    if (Number.isFinite(published) && published <= collected + 3_600_000) return published;
  }
  return collected;
}

interface Metrics {
  reposts?: number;
  comments?: number;
  likes?: number;
  followers?: number;
}

function metricsOf(json: string | null): Metrics {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0;
}

/** Reposts + comments + likes of a mention's metrics (JSON) as published; 0 when unknown. */
export function interactionsOf(metricsJson: string | null): number {
  return interactions(metricsOf(metricsJson));
}

function interactions(metrics: Metrics): number {
  return num(metrics.reposts) + num(metrics.comments) + num(metrics.likes);
}

/** What a mention brings to its event: metrics as published, the authority of who published. */
function factsOf(
  authority: CompiledAuthority,
  m: Omit<MentionFacts, 'interactions' | 'followers' | 'authority'> & {
    metrics: string | null;
    published: PublishedBy;
  },
): MentionFacts {
  const metrics = metricsOf(m.metrics);
  return {
    time: m.time,
    sentiment: m.sentiment,
    interactions: interactions(metrics),
    followers: num(metrics.followers),
    authority: authority.classify(m.published),
    risk: m.risk,
    riskCategories: m.riskCategories,
    regions: m.regions,
  };
}

/** Starts the clusterer's worker thread (cluster-worker.ts), when the server asks for one. */
export type ClusterWorkerStarter = (options: ClusterHandleOptions) => Promise<ClusterHandle>;

/** What the event service reports through (the server's pino logger; console by default). */
export interface EventLog {
  error(obj: object, msg: string): void;
}

const consoleLog: EventLog = { error: (obj, msg) => console.error(msg, obj) };

/** What is asked of the events an assignment touched, inside its transaction (the alerts). */
export type OnEventsTouched = (trx: Db, touched: readonly TouchedEvent[]) => Promise<void>;

/** A committed ingest batch waiting for its events (a row of event_queue until assigned). */
export interface QueuedBatch {
  id: string;
  items: AnalysedMention[];
}

interface Waiting extends QueuedBatch {
  /** Resolves true once assigned, false when a try failed (it stays queued and is retried). */
  settle: (assigned: boolean) => void;
  settled: Promise<boolean>;
}

/** A JSON column this store wrote (the analysis of a mention); the fallback if unreadable. */
function parseJson<T>(raw: string | null, fallback: T): T {
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

/** The schemes each of these mentions matched (mention id -> scheme ids). */
async function schemesOfMentions(
  db: Db,
  mentionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (mentionIds.length === 0) return out;
  const links = await db
    .selectFrom('mention_schemes')
    .select(['mention_id', 'scheme_id'])
    .where('mention_id', 'in', mentionIds)
    .execute();
  for (const l of links) {
    const list = out.get(l.mention_id);
    if (list) list.push(l.scheme_id);
    else out.set(l.mention_id, [l.scheme_id]);
  }
  return out;
}

/** Some batches of a drain were assigned by another process meanwhile (their queue rows gone). */
class ClaimedElsewhere extends Error {
  constructor(readonly batchIds: string[]) {
    super(`batches assigned by another process: ${batchIds.join(', ')}`);
  }
}

/** Posts assigned in one go at most, when batches queued up behind a slow one. */
const DRAIN_POSTS = 2_000;
/** Waits before trying a failed assignment again: doubling from the first, up to the last. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 60_000;
/** Keywords stored with an event. */
const EVENT_KEYWORDS = 8;

export class EventService {
  private handle: Promise<ClusterHandle> | null = null;
  private settings: EventSettings | null = null;
  private authority: CompiledAuthority | null = null;
  private startWorker: ClusterWorkerStarter | null = null;
  private log: EventLog = consoleLog;
  /**
   * The clusterer is used only here, one job at a time in order: assigning queued batches and
   * people's merges and splits. Its state is always the store's events plus the jobs done.
   */
  private lane: Promise<void> = Promise.resolve();
  private readonly queued: Waiting[] = [];
  private drainScheduled = false;
  private recovered = false;
  /**
   * Batches this process queued (from queueInserted, inside their transaction) and has not yet
   * assigned: recover() leaves them to their own submit, which may come after it read the queue.
   */
  private readonly own = new Set<string>();
  private retryMs = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private adoptTimer: NodeJS.Timeout | null = null;
  private closing = false;
  /** Alerts: asked of the events each assignment touched, in its transaction. */
  onTouched: OnEventsTouched | null = null;

  constructor(private readonly deps: ServiceDeps) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  /** Where assignment failures are reported (the server's logger). */
  useLog(log: EventLog): void {
    this.log = log;
  }

  /** From now on the clusterer runs in a worker thread (made by `start`), not in this one. */
  useClusterWorker(start: ClusterWorkerStarter): void {
    this.startWorker = start;
    void this.inLane(() => this.dropHandle());
  }

  /**
   * On start: loads the clusterer and assigns the batches an earlier process left queued, before
   * any batch of this one (those wait behind them in the lane).
   */
  async resume(): Promise<void> {
    await this.inLane(async () => {
      await this.ready();
      if (!this.recovered) await this.recover();
    });
    if (this.queued.length > 0) {
      this.scheduleDrain();
      await this.settled();
    }
  }

  /**
   * Takes up batches another process left queued for longer than `staleMs` (an import that
   * failed or died beside the server), now and every `everyMs`; stopped by close(). Taking one
   * another process is still assigning is safe: whoever commits second leaves it.
   */
  adoptStale(everyMs: number, staleMs: number): void {
    if (this.adoptTimer) clearInterval(this.adoptTimer);
    const adopt = () => {
      const before = new Date(this.deps.now().getTime() - staleMs).toISOString();
      void this.inLane(async () => {
        try {
          await this.recover(before);
        } catch (err: unknown) {
          this.log.error({ err }, 'reading the queue of batches waiting for events failed');
        }
        if (this.queued.length > 0) this.scheduleDrain();
      });
    };
    adopt();
    this.adoptTimer = setInterval(adopt, everyMs);
    this.adoptTimer.unref();
  }

  /**
   * Stops the clusterer (and its thread) after the job in hand (server close); batches still
   * queued stay in the store for the next start, and their callers stop waiting.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.adoptTimer) clearInterval(this.adoptTimer);
    this.adoptTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.inLane(() => this.dropHandle());
    // What is still queued stays in the store for the next start: nobody waits for it here.
    for (const b of this.queued.splice(0)) b.settle(false);
  }

  /** Runs a job in the clusterer's lane, after every job queued before it. */
  private inLane<T>(job: () => Promise<T>): Promise<T> {
    const run = this.lane.then(job);
    this.lane = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The clusterer with the open events' mentions seeded; only in the lane. */
  private ready(): Promise<ClusterHandle> {
    this.handle ??= this.build().catch((e: unknown) => {
      this.handle = null;
      throw e;
    });
    return this.handle;
  }

  private async dropHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await h.then((x) => x.close()).catch(() => undefined);
  }

  private async build(): Promise<ClusterHandle> {
    await this.loadSettings();
    const options: ClusterHandleOptions = { windowMs: EVENT_WINDOW_MS, timeOrderedIds: true };
    const handle = this.startWorker
      ? await this.startWorker(options)
      : new LocalClusterHandle(makeClusterer(options, () => timeOrderedId()));
    try {
      // Seed the open events, oldest mention first, so the clusterer continues where it stopped.
      let after: string | null = null;
      for (;;) {
        let q = this.db
          .selectFrom('mention_events as me')
          .innerJoin('events as e', 'e.id', 'me.event_id')
          .innerJoin('mentions as m', 'm.id', 'me.mention_id')
          .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
          .select([
            'm.id',
            'm.title',
            'm.analysis_text',
            'm.published_at',
            'm.collected_at',
            'a.group_id',
            'me.event_id',
          ])
          .where('e.status', '=', 'open')
          .orderBy('m.id')
          .limit(2000);
        if (after !== null) q = q.where('m.id', '>', after);
        const rows = await q.execute();
        if (rows.length === 0) break;
        await handle.seed(
          rows.map((r): ClusterSeed => ({
            post: {
              id: r.id,
              text: r.analysis_text,
              title: r.title,
              time: mentionTime(r),
              dupGroup: r.group_id,
            },
            event: r.event_id,
          })),
        );
        after = rows.at(-1)!.id;
      }
    } catch (e) {
      await handle.close();
      throw e;
    }
    return handle;
  }

  /** Reads the settings (a missing, reset or unreadable one is the built-in default). */
  private async loadSettings(): Promise<EventSettingsView> {
    const rows = await this.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', [HEAT_KEY, GRADING_KEY, AUTHORITY_KEY])
      .execute();
    const read = <T>(key: string, schema: { parse(v: unknown): T }, fallback: T) => {
      const raw = rows.find((r) => r.key === key)?.value;
      if (raw === undefined || raw === 'null') return { value: fallback, isDefault: true };
      try {
        return { value: schema.parse(JSON.parse(raw)), isDefault: false };
      } catch {
        return { value: fallback, isDefault: true };
      }
    };
    const heat = read(HEAT_KEY, heatConfigSchema, DEFAULT_HEAT_CONFIG);
    const grading = read(GRADING_KEY, gradingRulesSchema, DEFAULT_GRADING_RULES);
    const authority = read(AUTHORITY_KEY, authorityListSchema, DEFAULT_AUTHORITY_LIST);
    this.settings = { heat: heat.value, grading: grading.value, authority: authority.value };
    this.authority = compileAuthority(authority.value);
    return {
      ...this.settings,
      defaults: {
        heat: heat.isDefault,
        grading: grading.isDefault,
        authority: authority.isDefault,
      },
    };
  }

  /** The heat weights, the grading rules and the authority list in force (defaults flagged). */
  async getSettings(actor: Actor): Promise<EventSettingsView> {
    authorize(actor, 'event.read');
    return this.loadSettings();
  }

  /**
   * Changes some of the settings (null: back to the built-in default), audited; the open events
   * are scored again at once, and new mentions use the new settings.
   */
  async updateSettings(
    actor: Actor,
    change: {
      heat?: HeatConfig | null | undefined;
      grading?: GradingRules | null | undefined;
      authority?: AuthorityList | null | undefined;
    },
  ): Promise<EventSettingsView> {
    authorize(actor, 'event.write');
    const now = this.deps.now();
    const parts: [keyof EventSettings, string][] = [
      ['heat', HEAT_KEY],
      ['grading', GRADING_KEY],
      ['authority', AUTHORITY_KEY],
    ];
    for (const [name, key] of parts) {
      const value = change[name];
      if (value === undefined) continue;
      await writeAuditedSetting(
        this.db,
        actor,
        now,
        key,
        value,
        `events.${name}.${value === null ? 'reset' : 'update'}`,
      );
    }
    const view = await this.loadSettings();
    const open = await this.db
      .selectFrom('events')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    for (let i = 0; i < open.length; i += 100) {
      const ids = open.slice(i, i + 100).map((e) => e.id);
      // Authority feeds the figures; weights and rules only the scores.
      await this.db
        .transaction()
        .execute((trx) =>
          change.authority !== undefined
            ? this.recount(trx, ids, now)
            : this.rescore(trx, ids, now),
        );
    }
    return view;
  }

  // ------------------------------------------------------------------------------------------
  // On arrival: two transactions. The first (the ingest batch's) stores the mentions and their
  // analysis and queues the batch (queueInserted); once it has committed, the batch is submitted
  // and its events are assigned in a second transaction, batches in the order they committed,
  // while the clusterer works outside any transaction (in a worker thread on the server).

  /** Queues mentions just analysed in `trx` (in that order) for their events; in the same trx. */
  async queueInserted(trx: Db, items: readonly AnalysedMention[]): Promise<QueuedBatch | null> {
    if (items.length === 0) return null;
    // Counted with the mention (a recount of the store sees the same): all but the event's.
    const buckets = new BucketCounter();
    for (const { mention: m, analysis } of items) {
      buckets.addMention({
        time: mentionTime(m),
        sentiment: analysis.sentiment.label,
        sourceId: m.source_id,
        schemes: analysis.schemes,
        regions: analysis.regions,
      });
    }
    await buckets.flush(trx);
    const id = timeOrderedId();
    this.own.add(id);
    await trx
      .insertInto('event_queue')
      .values({
        id,
        mention_ids: JSON.stringify(items.map((it) => it.mention.id)),
        queued_at: this.deps.now().toISOString(),
      })
      .execute();
    return { id, items: [...items] };
  }

  /**
   * After the batch's transaction committed: assigns its events (with the batches before it).
   * Resolves true once they are stored, false if that failed: the batch then stays queued and
   * is tried again (with the ones after it) until it succeeds, here or after a restart.
   */
  submit(batch: QueuedBatch): Promise<boolean> {
    let settle: (assigned: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    // Closing: left queued in the store for the next start.
    if (this.closing) return Promise.resolve(false);
    this.queued.push({ ...batch, settle, settled });
    this.scheduleDrain();
    // Waiting out a failure's back-off: queued behind it, but the caller does not wait for it.
    if (this.retryTimer) settle(false);
    return settled;
  }

  /** Resolves when every batch submitted so far has been tried (tests, the CLI, close). */
  async settled(): Promise<void> {
    await Promise.all(this.queued.map((b) => b.settled));
    await this.inLane(() => Promise.resolve());
  }

  /** Batches committed but not yet assigned, in this process's memory. */
  get queuedBatches(): number {
    return this.queued.length;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.retryTimer || this.closing) return;
    this.drainScheduled = true;
    void this.inLane(() => this.drain());
  }

  /** Assigns the queued batches (as many as fit in one go), in one transaction. */
  private async drain(): Promise<void> {
    this.drainScheduled = false;
    let batches: Waiting[] = [];
    try {
      if (!this.recovered) await this.recover();
      let posts = 0;
      let n = 0;
      while (n < this.queued.length && (n === 0 || posts < DRAIN_POSTS)) {
        posts += (this.queued[n] as Waiting).items.length;
        n++;
      }
      batches = this.queued.splice(0, n);
      if (batches.length === 0) return;
      await this.assign(
        batches.flatMap((b) => b.items),
        batches.map((b) => b.id),
      );
      this.retryMs = 0;
      for (const b of batches) {
        this.own.delete(b.id);
        b.settle(true);
      }
    } catch (err: unknown) {
      // The clusterer may hold what the store does not: made again from the store on next use.
      await this.dropHandle();
      if (err instanceof ClaimedElsewhere) {
        // Done by another process: those are settled; the others go again at once.
        const gone = new Set(err.batchIds);
        for (const b of batches.filter((x) => gone.has(x.id))) {
          this.own.delete(b.id);
          b.settle(true);
        }
        this.queued.unshift(...batches.filter((x) => !gone.has(x.id)));
        if (this.queued.length > 0) this.scheduleDrain();
        return;
      }
      this.queued.unshift(...batches);
      for (const b of batches) b.settle(false);
      this.retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, this.retryMs * 2));
      this.log.error(
        { err, batches: batches.length, retryInMs: this.retryMs },
        'assigning events failed; the batches stay queued',
      );
      if (!this.closing) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.scheduleDrain();
        }, this.retryMs);
        this.retryTimer.unref();
      }
      return;
    }
    if (this.queued.length > 0) this.scheduleDrain();
  }

  /**
   * Batches queued in the store by another process that did not assign them: an earlier run of
   * this one (on start), or, with `before`, any queued before that time (an import that died).
   */
  private async recover(before?: string): Promise<void> {
    let q = this.db.selectFrom('event_queue').selectAll().orderBy('id');
    if (before !== undefined) q = q.where('queued_at', '<', before);
    const rows = await q.execute();
    const found: Waiting[] = [];
    const queued = new Set(this.queued.map((b) => b.id));
    for (const r of rows) {
      // This process's own: submitted already, or about to be (its commit has just returned).
      if (this.own.has(r.id) || queued.has(r.id)) continue;
      const ids = z.array(z.string()).parse(JSON.parse(r.mention_ids));
      const items = await this.loadAnalysed(ids);
      found.push({ id: r.id, items, settle: () => undefined, settled: Promise.resolve(true) });
    }
    this.queued.unshift(...found);
    this.recovered = true;
  }

  /** Stored mentions with their stored analysis, in the order given (missing ones left out). */
  private async loadAnalysed(ids: readonly string[]): Promise<AnalysedMention[]> {
    const byId = new Map<string, AnalysedMention>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('mentions as m')
        .innerJoin('sources as s', 's.id', 'm.source_id')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .select([
          'm.id',
          'm.source_id',
          'm.external_id',
          'm.url',
          'm.author',
          'm.title',
          'm.analysis_text',
          'm.published_at',
          'm.collected_at',
          'm.parent_external_id',
          'm.metrics',
          'm.is_demo',
          'm.text',
          'm.channel',
          's.name as source_name',
          'a.sentiment',
          'a.sentiment_score',
          'a.risk_score',
          'a.risk',
          'a.regions',
          'a.group_id',
        ])
        .where('m.id', 'in', part)
        .execute();
      const schemesOf = await schemesOfMentions(this.db, part);
      for (const r of rows) {
        const {
          source_name,
          sentiment,
          sentiment_score,
          risk_score,
          risk,
          regions,
          group_id,
          ...m
        } = r;
        byId.set(r.id, {
          mention: m,
          sourceName: source_name,
          analysis: {
            sentiment: { label: sentiment ?? 'neutral', score: sentiment_score ?? 0 },
            risk: { score: risk_score ?? 0, categories: parseJson(risk, []) },
            regions: parseJson(regions, []),
            schemes: schemesOf.get(r.id) ?? [],
            dup: { groupId: group_id ?? r.id },
          },
        });
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Clusters the mentions (outside any transaction), then stores their events in one. */
  private async assign(items: readonly AnalysedMention[], queueIds: readonly string[]) {
    const handle = await this.ready();
    const now = this.deps.now();
    const posts = await this.clusterPosts(items);
    // The window runs on the stream's time: an import of last year's posts keeps its stories
    // open while it runs, live posts close the idle ones as the clock moves.
    const streamTime = Math.min(
      now.getTime(),
      items.reduce((t, it) => Math.max(t, mentionTime(it.mention)), Number.NEGATIVE_INFINITY),
    );
    const result = await handle.assign(posts, streamTime, EVENT_KEYWORDS);
    await inTransaction(this.db, async (trx) => {
      // Claim the batches first: another process (a CLI import beside the server, a server
      // starting while the old one finishes) may have assigned one since this one read it.
      const claimed = new Set<string>();
      for (let i = 0; i < queueIds.length; i += 500) {
        const rows = await trx
          .deleteFrom('event_queue')
          .where('id', 'in', queueIds.slice(i, i + 500))
          .returning('id')
          .execute();
        for (const r of rows) claimed.add(r.id);
      }
      if (claimed.size < queueIds.length) {
        throw new ClaimedElsewhere(queueIds.filter((id) => !claimed.has(id)));
      }
      const touched = await this.writeAssignment(trx, items, result);
      if (this.onTouched) await this.onTouched(trx, touched);
    });
  }

  /** The mentions as the clusterer takes them, with their parents found. */
  private async clusterPosts(items: readonly AnalysedMention[]): Promise<ClusterPost[]> {
    // Parents named by external id: in this batch, else already stored under the same source.
    const byExternal = new Map<string, string>();
    for (const it of items) {
      if (it.mention.external_id)
        byExternal.set(`${it.mention.source_id}\n${it.mention.external_id}`, it.mention.id);
    }
    // Parents not in the batch, looked up by their natural key (unique index).
    const missing = new Map<string, Set<string>>();
    for (const { mention: m } of items) {
      if (!m.parent_external_id || byExternal.has(`${m.source_id}\n${m.parent_external_id}`))
        continue;
      const set = missing.get(m.source_id) ?? new Set<string>();
      set.add(m.parent_external_id);
      missing.set(m.source_id, set);
    }
    for (const [sourceId, externalIds] of missing) {
      const keys = new Map([...externalIds].map((x) => [externalIdKey(sourceId, x), x]));
      const all = [...keys.keys()];
      for (let i = 0; i < all.length; i += 500) {
        const parents = await this.db
          .selectFrom('mentions')
          .select(['id', 'natural_key'])
          .where('natural_key', 'in', all.slice(i, i + 500))
          .execute();
        for (const p of parents) {
          byExternal.set(`${sourceId}\n${keys.get(p.natural_key)}`, p.id);
        }
      }
    }

    return items.map(({ mention: m, analysis, cluster }) => ({
      id: m.id,
      text: m.analysis_text,
      title: m.title,
      time: mentionTime(m),
      dupGroup: analysis.dup.groupId,
      parentId: m.parent_external_id
        ? (byExternal.get(`${m.source_id}\n${m.parent_external_id}`) ?? null)
        : null,
      prepared: cluster,
    }));
  }

  /**
   * Stores what the clusterer decided for the mentions: their events with the events' figures,
   * heat and suggested grade, the links, the volume buckets, and the events it closed.
   */
  private async writeAssignment(
    trx: Db,
    items: readonly AnalysedMention[],
    result: ClusterBatchResult,
  ): Promise<TouchedEvent[]> {
    const now = this.deps.now();
    const at = now.toISOString();
    const authority = this.authority ?? compileAuthority(DEFAULT_AUTHORITY_LIST);
    const touched = new Map<
      string,
      { created: boolean; facts: MentionFacts[]; first: AnalysedMention; items: AnalysedMention[] }
    >();
    const links: {
      mention_id: string;
      event_id: string;
      assigned_by: 'machine';
      assigned_at: string;
    }[] = [];
    const buckets = new BucketCounter();
    for (const [i, it] of items.entries()) {
      const m = it.mention;
      const time = mentionTime(m);
      const { event, created } = result.assignments[i] as { event: string; created: boolean };
      links.push({ mention_id: m.id, event_id: event, assigned_by: 'machine', assigned_at: at });
      const facts = factsOf(authority, {
        time,
        metrics: m.metrics,
        published: { source: it.sourceName, url: m.url, author: m.author },
        sentiment: it.analysis.sentiment.label,
        risk: it.analysis.risk.score,
        riskCategories: it.analysis.risk.categories.map((c) => c.id),
        regions: it.analysis.regions,
      });
      const entry = touched.get(event);
      if (entry) {
        entry.facts.push(facts);
        entry.items.push(it);
      } else touched.set(event, { created, facts: [facts], first: it, items: [it] });
      // The other counts were made with the mention (queueInserted).
      buckets.add('event', event, time, facts.sentiment);
    }

    // The counts first (the heat reads the last hour from them), then the events with their
    // figures, heat and grade in one write each, then the links (they reference the events).
    await buckets.flush(trx);
    const ids = [...touched.keys()];
    const existing = await this.rowsOf(trx, ids);
    const lastHour = await this.lastHourCounts(trx, ids, now);
    const settings = this.currentSettings();
    const rows: EventTable[] = [];
    const out: TouchedEvent[] = [];
    for (const [id, t] of touched) {
      const old = existing.get(id);
      const agg = old ? aggregateOf(old) : emptyAggregate();
      for (const f of t.facts) addMention(agg, f);
      const m = t.first.mention;
      rows.push({
        ...(old ?? {
          id,
          title: titleOf(m.title, m.analysis_text),
          title_mention_id: m.id,
          status: 'open' as const,
          merged_into: null,
          is_demo: m.is_demo,
          created_at: at,
        }),
        ...figuresColumns(agg),
        ...scoreColumns(agg, lastHour.get(id) ?? 0, settings),
        keywords: JSON.stringify(result.keywords[id] ?? []),
        updated_at: at,
      });
      out.push({ row: rows[rows.length - 1]!, mentions: t.items });
    }
    await upsertEvents(trx, rows);
    for (let i = 0; i < links.length; i += 500) {
      await trx
        .insertInto('mention_events')
        .values(links.slice(i, i + 500))
        .execute();
    }
    for (const closed of result.closed) {
      await trx
        .updateTable('events')
        .set({ status: 'closed', updated_at: at })
        .where('id', '=', closed)
        .where('status', '=', 'open')
        .execute();
    }
    return out;
  }

  private currentSettings(): EventSettings {
    return (
      this.settings ?? {
        heat: DEFAULT_HEAT_CONFIG,
        grading: DEFAULT_GRADING_RULES,
        authority: DEFAULT_AUTHORITY_LIST,
      }
    );
  }

  /** Mentions of each event in the hour before `now`, from the minute buckets. */
  private async lastHourCounts(
    trx: Db,
    ids: readonly string[],
    now: Date,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const since = bucketStart(now.getTime() - 3_600_000, 'minute');
    for (let i = 0; i < ids.length; i += 500) {
      const recent = await trx
        .selectFrom('volume_buckets')
        .select(['key', (eb) => eb.fn.sum<number>('count').as('n')])
        .where('kind', '=', 'event')
        .where('res', '=', 'minute')
        .where('key', 'in', ids.slice(i, i + 500))
        .where('bucket', '>=', since)
        .where('bucket', '<=', now.getTime())
        .groupBy('key')
        .execute();
      for (const r of recent) out.set(r.key, Number(r.n));
    }
    return out;
  }

  /** Heat and suggested grade of the given events, from their stored figures, as of `now`. */
  private async rescore(trx: Db, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    const settings = this.currentSettings();
    const lastHour = await this.lastHourCounts(trx, ids, now);
    const rows = await this.rowsOf(trx, ids);
    for (const row of rows.values()) {
      await trx
        .updateTable('events')
        .set(scoreColumns(aggregateOf(row), lastHour.get(row.id) ?? 0, settings))
        .where('id', '=', row.id)
        .execute();
    }
  }

  private async rowsOf(trx: Db, ids: readonly string[]): Promise<Map<string, EventRow>> {
    const out = new Map<string, EventRow>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      for (const r of await trx
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', part)
        .execute()) {
        out.set(r.id, r);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // People's corrections

  /** Merges events into one: their mentions move, they stay as `merged` pointing at it. */
  async merge(actor: Actor, into: string, from: readonly string[]): Promise<EventRow> {
    authorize(actor, 'event.write');
    const others = [...new Set(from)].filter((id) => id !== into);
    if (others.length === 0) throw errors.invalidInput('from: name at least one other event');
    // In the clusterer's lane: no batch is between its clustering and its store meanwhile.
    return this.inLane(async () => {
      const handle = await this.ready();
      const now = this.deps.now();
      const at = now.toISOString();
      await this.db.transaction().execute(async (trx) => {
        const rows = await this.rowsOf(trx, [into, ...others]);
        for (const id of [into, ...others]) {
          const r = rows.get(id);
          if (!r) throw errors.notFound(`event ${id}`);
          if (r.status === 'merged') throw errors.conflict(`event ${id} was merged already`);
        }
        await trx
          .updateTable('mention_events')
          .set({ event_id: into, assigned_by: 'person', assigned_at: at })
          .where('event_id', 'in', others)
          .execute();
        await trx
          .updateTable('events')
          .set({ status: 'merged', merged_into: into, updated_at: at })
          .where('id', 'in', others)
          .execute();
        await this.recount(trx, [into, ...others], now);
        await audit(trx, actor, now, {
          action: 'event.merge',
          objectType: 'event',
          objectId: into,
          before: { events: [into, ...others] },
          after: { into, merged: others },
        });
      });
      await this.follow(() => handle.merge(into, others));
      return (await this.rowsOf(this.db, [into])).get(into)!;
    });
  }

  /** Splits mentions out of an event into a new one; the clusterer keeps them apart after. */
  async split(actor: Actor, eventId: string, mentionIds: readonly string[]): Promise<EventRow> {
    authorize(actor, 'event.write');
    const ids = [...new Set(mentionIds)];
    if (ids.length === 0) throw errors.invalidInput('mention_ids: name at least one mention');
    return this.inLane(async () => {
      const handle = await this.ready();
      const now = this.deps.now();
      const at = now.toISOString();
      const newId = timeOrderedId(now.getTime());
      await this.db.transaction().execute(async (trx) => {
        const source = (await this.rowsOf(trx, [eventId])).get(eventId);
        if (!source) throw errors.notFound('event');
        if (source.status === 'merged') throw errors.conflict('the event was merged into another');
        const members = await trx
          .selectFrom('mention_events')
          .select('mention_id')
          .where('event_id', '=', eventId)
          .execute();
        const set = new Set(members.map((m) => m.mention_id));
        const foreign = ids.filter((id) => !set.has(id));
        if (foreign.length > 0) {
          throw errors.invalidInput('mention_ids: not in this event', { mention_ids: foreign });
        }
        if (ids.length === set.size) {
          throw errors.invalidInput('mention_ids: leave at least one mention in the event');
        }
        const first = await trx
          .selectFrom('mentions')
          .select(['id', 'title', 'analysis_text', 'is_demo'])
          .where('id', 'in', ids)
          .orderBy('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('events')
          .values({
            ...source,
            id: newId,
            title: titleOf(first.title, first.analysis_text),
            title_mention_id: first.id,
            status: 'open',
            merged_into: null,
            is_demo: first.is_demo,
            created_at: at,
            updated_at: at,
          })
          .execute();
        for (let i = 0; i < ids.length; i += 500) {
          await trx
            .updateTable('mention_events')
            .set({ event_id: newId, assigned_by: 'person', assigned_at: at })
            .where('mention_id', 'in', ids.slice(i, i + 500))
            .execute();
        }
        await this.recount(trx, [eventId, newId], now);
        await audit(trx, actor, now, {
          action: 'event.split',
          objectType: 'event',
          objectId: eventId,
          before: { event: eventId },
          after: { new_event: newId, mention_ids: ids },
        });
      });
      await this.follow(() => handle.split(ids, newId));
      return (await this.rowsOf(this.db, [newId])).get(newId)!;
    });
  }

  /** Tells the clusterer of a correction stored; if that fails it is made again from the store. */
  private async follow(tell: () => Promise<void>): Promise<void> {
    try {
      await tell();
    } catch (err: unknown) {
      this.log.error({ err }, 'the clusterer could not follow a correction; made again');
      await this.dropHandle();
    }
  }

  /**
   * Counts the volume buckets again from the stored mentions and their analysis: after history
   * was analysed again (sentiment, regions and schemes may have changed), or for one scheme after
   * it was re-matched. The open events' figures are recounted too after a full rebuild.
   */
  async rebuildVolumes(scheme?: string): Promise<void> {
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      let del = trx.deleteFrom('volume_buckets');
      if (scheme !== undefined) del = del.where('kind', '=', 'scheme').where('key', '=', scheme);
      await del.execute();
      let after: string | null = null;
      for (;;) {
        let q = trx
          .selectFrom('mentions as m')
          .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
          .leftJoin('mention_events as me', 'me.mention_id', 'm.id')
          .select([
            'm.id',
            'm.source_id',
            'm.published_at',
            'm.collected_at',
            'a.sentiment',
            'a.regions',
            'me.event_id',
          ])
          .orderBy('m.id')
          .limit(2000);
        if (scheme !== undefined) {
          q = q
            .innerJoin('mention_schemes as ms', 'ms.mention_id', 'm.id')
            .where('ms.scheme_id', '=', scheme);
        }
        if (after !== null) q = q.where('m.id', '>', after);
        const rows = await q.execute();
        if (rows.length === 0) break;
        const buckets = new BucketCounter();
        const schemesOf =
          scheme === undefined
            ? await schemesOfMentions(
                trx,
                rows.map((r) => r.id),
              )
            : new Map<string, string[]>();
        for (const r of rows) {
          const time = mentionTime(r);
          const sentiment = r.sentiment ?? 'neutral';
          if (scheme !== undefined) {
            buckets.add('scheme', scheme, time, sentiment);
            continue;
          }
          if (r.event_id) buckets.add('event', r.event_id, time, sentiment);
          buckets.addMention({
            time,
            sentiment,
            sourceId: r.source_id,
            schemes: schemesOf.get(r.id) ?? [],
            regions: r.regions ? (JSON.parse(r.regions) as MentionFacts['regions']) : [],
          });
        }
        await buckets.flush(trx);
        after = rows.at(-1)!.id;
      }
    });
    if (scheme !== undefined) return;
    // Sentiment, risk and regions feed the figures: recount the open events.
    const open = await this.db
      .selectFrom('events')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    for (let i = 0; i < open.length; i += 100) {
      const ids = open.slice(i, i + 100).map((e) => e.id);
      await this.db.transaction().execute((trx) => this.recount(trx, ids, now));
    }
  }

  /** Figures and event volume counts again from the events' mentions (after a merge or split). */
  private async recount(trx: Db, ids: readonly string[], now: Date): Promise<void> {
    const authority = this.authority ?? compileAuthority(DEFAULT_AUTHORITY_LIST);
    await trx
      .deleteFrom('volume_buckets')
      .where('kind', '=', 'event')
      .where('key', 'in', ids)
      .execute();
    const buckets = new BucketCounter();
    for (const id of ids) {
      const rows = await trx
        .selectFrom('mention_events as me')
        .innerJoin('mentions as m', 'm.id', 'me.mention_id')
        .innerJoin('sources as s', 's.id', 'm.source_id')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .select([
          'm.published_at',
          'm.collected_at',
          'm.metrics',
          'm.url',
          'm.author',
          's.name as source_name',
          'a.sentiment',
          'a.risk_score',
          'a.risk',
          'a.regions',
        ])
        .where('me.event_id', '=', id)
        .execute();
      const agg = emptyAggregate();
      for (const r of rows) {
        const facts = factsOf(authority, {
          time: mentionTime(r),
          metrics: r.metrics,
          published: { source: r.source_name, url: r.url, author: r.author },
          sentiment: r.sentiment ?? 'neutral',
          risk: r.risk_score ?? 0,
          riskCategories: r.risk ? (JSON.parse(r.risk) as { id: string }[]).map((c) => c.id) : [],
          regions: r.regions ? (JSON.parse(r.regions) as MentionFacts['regions']) : [],
        });
        addMention(agg, facts);
        buckets.add('event', id, facts.time, facts.sentiment);
      }
      if (agg.mentions > 0) {
        await trx
          .updateTable('events')
          .set({ ...figuresColumns(agg), updated_at: now.toISOString() })
          .where('id', '=', id)
          .execute();
      } else {
        await trx
          .updateTable('events')
          .set({ mention_count: 0, negative_count: 0, neutral_count: 0, positive_count: 0 })
          .where('id', '=', id)
          .execute();
      }
    }
    await buckets.flush(trx);
    await this.rescore(trx, ids, now);
  }
}

/** The first line of the title, else of the text, cut to 60 characters. */
export function titleOf(title: string | null, text: string): string {
  const base = (title?.trim() || text.trim()).split('\n')[0] ?? '';
  const chars = [...base];
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : base || '(无标题)';
}

function scoreColumns(agg: EventAggregate, lastHour: number, settings: EventSettings) {
  const heat = heatOf(heatFigures(agg, lastHour), settings.heat);
  const grade = suggestGrade(gradingInput(agg, heat.score), settings.grading);
  return {
    heat: heat.score,
    heat_factors: JSON.stringify(heat.factors),
    suggested_grade: grade.grade,
    grade_reasons: JSON.stringify(grade.reasons),
  };
}

function figuresColumns(agg: EventAggregate) {
  return {
    first_seen: new Date(agg.first).toISOString(),
    last_seen: new Date(agg.last).toISOString(),
    mention_count: agg.mentions,
    negative_count: agg.negative,
    neutral_count: agg.neutral,
    positive_count: agg.positive,
    interactions: agg.interactions,
    max_followers: agg.maxFollowers,
    authority_tier: agg.authority?.tier ?? null,
    authority_name: agg.authority?.name ?? null,
    max_risk: agg.maxRisk,
    risk_categories: JSON.stringify(agg.riskCategories),
    prefectures: JSON.stringify(agg.prefectures),
    outside_province: agg.outsideProvince ? 1 : 0,
  };
}

export function aggregateOf(row: EventRow): EventAggregate {
  return {
    first: Date.parse(row.first_seen),
    last: Date.parse(row.last_seen),
    mentions: row.mention_count,
    negative: row.negative_count,
    neutral: row.neutral_count,
    positive: row.positive_count,
    interactions: Number(row.interactions),
    maxFollowers: Number(row.max_followers),
    authority:
      row.authority_tier && row.authority_name
        ? { tier: row.authority_tier as AuthorityTier, name: row.authority_name }
        : null,
    maxRisk: row.max_risk,
    riskCategories: JSON.parse(row.risk_categories) as Record<string, number>,
    prefectures: JSON.parse(row.prefectures) as string[],
    outsideProvince: row.outside_province === 1,
  };
}

/** Inserts new events and updates known ones, many rows a statement. */
async function upsertEvents(trx: Db, rows: readonly EventTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    await trx
      .insertInto('events')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) =>
        // An update keeps the event's id, when it was created, its title and its status.
        oc.column('id').doUpdateSet((eb) => ({
          keywords: eb.ref('excluded.keywords'),
          first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'),
          mention_count: eb.ref('excluded.mention_count'),
          negative_count: eb.ref('excluded.negative_count'),
          neutral_count: eb.ref('excluded.neutral_count'),
          positive_count: eb.ref('excluded.positive_count'),
          interactions: eb.ref('excluded.interactions'),
          max_followers: eb.ref('excluded.max_followers'),
          authority_tier: eb.ref('excluded.authority_tier'),
          authority_name: eb.ref('excluded.authority_name'),
          max_risk: eb.ref('excluded.max_risk'),
          risk_categories: eb.ref('excluded.risk_categories'),
          prefectures: eb.ref('excluded.prefectures'),
          outside_province: eb.ref('excluded.outside_province'),
          heat: eb.ref('excluded.heat'),
          heat_factors: eb.ref('excluded.heat_factors'),
          suggested_grade: eb.ref('excluded.suggested_grade'),
          grade_reasons: eb.ref('excluded.grade_reasons'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Volume counts of a batch, summed in memory, then added to the stored buckets. */
class BucketCounter {
  private readonly counts = new Map<string, VolumeBucketTable>();

  add(kind: VolumeBucketTable['kind'], key: string, time: number, sentiment: SentimentLabel): void {
    for (const res of ['minute', 'hour'] as const) {
      const bucket = bucketStart(time, res);
      const k = `${kind}\n${key}\n${res}\n${bucket}`;
      let row = this.counts.get(k);
      if (!row) {
        row = { kind, key, res, bucket, count: 0, negative: 0, positive: 0 };
        this.counts.set(k, row);
      }
      row.count++;
      if (sentiment === 'negative') row.negative++;
      if (sentiment === 'positive') row.positive++;
    }
  }

  /** A mention in every count but its event's: all, its source, its schemes, its regions. */
  addMention(m: {
    time: number;
    sentiment: SentimentLabel;
    sourceId: string;
    schemes: readonly string[];
    regions: readonly { path: readonly string[]; adcode: string }[];
  }): void {
    const { time, sentiment } = m;
    this.add('all', '', time, sentiment);
    this.add('source', m.sourceId, time, sentiment);
    for (const scheme of m.schemes) this.add('scheme', scheme, time, sentiment);
    const codes = new Set<string>();
    for (const r of m.regions) for (const c of [...r.path, r.adcode]) codes.add(c);
    for (const c of codes) this.add('region', c, time, sentiment);
  }

  async flush(trx: Db): Promise<void> {
    const rows = [...this.counts.values()];
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('volume_buckets')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['kind', 'key', 'res', 'bucket']).doUpdateSet((eb) => ({
            count: eb('volume_buckets.count', '+', eb.ref('excluded.count')),
            negative: eb('volume_buckets.negative', '+', eb.ref('excluded.negative')),
            positive: eb('volume_buckets.positive', '+', eb.ref('excluded.positive')),
          })),
        )
        .execute();
    }
    this.counts.clear();
  }
}
