// Analysis of every stored mention: on arrival (inside the ingest transaction, so a mention is
// never stored without its analysis), again for history after a scheme or model change, and
// the analysis settings (the risk lexicon, the user dictionary) that 设置 edits.
import {
  AnalysisPipeline,
  PIPELINE_VERSION,
  type PipelineConfig,
  type PipelinePost,
  type PostAnalysis,
} from '../analysis/pipeline.ts';
import type { PrepareInput, PreparedPost } from '../analysis/prepare-post.ts';
import { PrepareWorker, type PreparedBatch, type WorkerLog } from '../analysis/prepare-worker.ts';
import {
  DEFAULT_RISK_LEXICON,
  riskLexiconSchema,
  type RiskLexicon,
} from '../analysis/risk-terms.ts';
import { analysisText } from '../analysis/normalise.ts';
import { compileSchemes, prepareDoc, type PreparedDoc } from '../analysis/scheme-matcher.ts';
import { userWordsSchema } from '../analysis/settings-schema.ts';
import { errors } from '../errors.ts';
import { AnalysisRepository, type StoredAnalysis } from '../store/analysis.repository.ts';
import type { Db } from '../store/db.ts';
import type { MentionTable } from '../store/schema.ts';
import { authorize } from './authorize.ts';
import { EventService, type OnEventsTouched, type QueuedBatch } from './event.service.ts';
import { readSettingRow, writeAuditedSetting } from './settings-store.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';

const RISK_KEY = 'analysis.risk_lexicon';
const WORDS_KEY = 'analysis.user_words';

/** How many recent mentions the near-duplicate index remembers across a restart. */
export const DUPLICATE_MEMORY = 200_000;

export interface AnalysisSettings {
  risk_lexicon: RiskLexicon;
  risk_lexicon_is_default: boolean;
  user_words: string[];
  pipeline_version: string;
}

export interface LastRun {
  done: number;
  total: number;
  started_at: string;
  finished_at: string;
  /** Why it stopped early; null when it finished. */
  error: string | null;
}

export interface ReanalyseProgress {
  done: number;
  total: number;
}

/** A mention as the pipeline needs it, with its source's name for `source:` scopes. */
export type MentionForAnalysis = Pick<
  MentionTable,
  'id' | 'title' | 'text' | 'author' | 'region' | 'collected_at'
> & { sourceName: string };

/** A mention just stored, with everything the events stage reads too. */
export type InsertedMention = MentionTable & { sourceName: string };

/** A mention's analysis prepared ahead (the worker), from what it was prepared. */
export interface PreparedMention {
  input: PrepareInput;
  /** The pipeline settings version it was prepared under. */
  version: number;
  post: PreparedPost;
}

/** Whether a mention is the post that was prepared (same fields, same source name). */
function preparedFor(m: InsertedMention, input: PrepareInput): boolean {
  return (
    input.text === m.text &&
    input.title === m.title &&
    input.author === m.author &&
    input.source === m.sourceName &&
    input.region === m.region &&
    input.analysisText === m.analysis_text
  );
}

export function toStored(mentionId: string, a: PostAnalysis, at: string): StoredAnalysis {
  const adcodes = new Set<string>();
  for (const r of a.regions) for (const code of [...r.path, r.adcode]) adcodes.add(code);
  return {
    row: {
      mention_id: mentionId,
      analysed_at: at,
      model: PIPELINE_VERSION,
      sentiment: a.sentiment.label,
      sentiment_score: a.sentiment.score,
      risk_score: a.risk.score,
      risk: JSON.stringify(a.risk.categories),
      regions: JSON.stringify(a.regions),
      keywords: JSON.stringify(a.keywords),
      fingerprint: a.fingerprint,
      group_id: a.dup.groupId,
      dup_of: a.dup.dupOf,
      dup_kind: a.dup.kind,
    },
    schemes: a.schemes,
    adcodes: [...adcodes],
    risks: a.risk.categories.map((c) => c.id),
  };
}

/** A stored mention, with the regions its analysis found, as the matcher sees it. */
export interface StoredForMatch {
  title: string | null;
  text: string;
  author: string | null;
  region: string | null;
  /** mention_analysis.regions (JSON), null before the mention was analysed. */
  regions: string | null;
}

/**
 * The matcher's view of a stored mention, the same view the pipeline builds on arrival (analysis
 * texts, folded fields, the published region plus the names found in the text), without running
 * the other stages: for testing a query on history and for re-matching one scheme.
 */
export function storedMatchDoc(
  m: StoredForMatch,
  sourceName: string,
): { doc: PreparedDoc; title: string; text: string } {
  const regionNames = m.regions
    ? (JSON.parse(m.regions) as { name: string }[]).map((r) => r.name)
    : [];
  const title = m.title ? analysisText({ text: m.title }) : '';
  const text = analysisText({ text: m.text });
  const doc = prepareDoc({
    title,
    text,
    author: m.author ?? '',
    source: sourceName,
    region: [m.region ?? '', ...regionNames].join(' '),
  });
  return { doc, title, text };
}

function pipelinePost(m: MentionForAnalysis): PipelinePost {
  return {
    id: m.id,
    title: m.title,
    text: m.text,
    author: m.author,
    source: m.sourceName,
    region: m.region,
  };
}

export class AnalysisService {
  private pipeline: Promise<AnalysisPipeline> | null = null;
  private running: { done: number; total: number; startedAt: string } | null = null;
  private background: Promise<void> = Promise.resolve();
  /** How the last re-analysis ended (this process's memory; the audit log keeps each run). */
  private last: LastRun | null = null;
  /** Events: every analysed mention joins one, once its transaction committed (assignQueued). */
  readonly events: EventService;
  /** Alerts: asked of the events each batch touched, in the transaction that stores them. */
  get onEventsTouched(): OnEventsTouched | null {
    return this.events.onTouched;
  }

  set onEventsTouched(fn: OnEventsTouched | null) {
    this.events.onTouched = fn;
  }
  /** The analysis worker thread, when started (see {@link startWorker}). */
  private worker: PrepareWorker | null = null;
  /** The pipeline's settings, and their version: bumped whenever the pipeline changes. */
  private config: PipelineConfig | null = null;
  private configVersion = 0;
  /** Mentions analysed from the worker's preparation, and in the main thread. */
  readonly preparedStats = { worker: 0, inThread: 0 };

  constructor(private readonly deps: ServiceDeps) {
    this.events = new EventService(deps);
  }

  private get db(): Db {
    return this.deps.store.db;
  }

  /**
   * The pipeline with the stored schemes and settings, and the near-duplicate memory, so
   * {@link analyseInserted} has it without reading the store first.
   */
  async ready(): Promise<AnalysisPipeline> {
    this.pipeline ??= this.build().catch((e: unknown) => {
      this.pipeline = null;
      throw e;
    });
    return this.pipeline;
  }

  /**
   * Forgets the pipeline (a transaction that fed its near-duplicate memory rolled back). The
   * clusterer is not fed until a batch has committed: it has nothing to forget.
   */
  invalidate(): void {
    this.pipeline = null;
  }

  /**
   * After the batch's transaction committed: assigns its events and fires its alerts (a second
   * transaction, batches in commit order). Resolves true once they are stored, false if that
   * failed; the batch then stays queued and is tried again until it succeeds.
   */
  assignQueued(batch: QueuedBatch): Promise<boolean> {
    return this.events.submit(batch);
  }

  /**
   * Starts the analysis worker thread: from then on {@link prepareBatch} does the stateless
   * part of each batch's analysis there, before its transaction. Without it (or while it
   * loads, or after it died), everything runs in the calling thread as before.
   */
  startWorker(log?: WorkerLog): void {
    if (this.worker) return;
    this.worker = new PrepareWorker({ log });
    if (this.config) this.worker.setConfig(this.configVersion, this.config);
    this.worker.start();
  }

  /** Stops the worker thread (server close). */
  async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.stop();
  }

  /** The worker, if started (tests). */
  get prepareWorker(): PrepareWorker | null {
    return this.worker;
  }

  /** The pipeline's settings changed: a new version, sent to the worker. */
  private configured(config: PipelineConfig): void {
    this.config = config;
    this.configVersion++;
    this.worker?.setConfig(this.configVersion, config);
  }

  /**
   * The stateless part of analysing these posts, done in the worker thread (to call before the
   * batch's transaction, after {@link ready}); null without a worker able to do it. Pass the
   * result to {@link analyseInserted}, which checks it is still valid.
   */
  async prepareBatch(
    inputs: readonly PrepareInput[],
  ): Promise<(PreparedMention | undefined)[] | null> {
    if (!this.worker || inputs.length === 0) return null;
    const batch: PreparedBatch | null = await this.worker.prepare(inputs);
    if (!batch) return null;
    return inputs.map((input, i) => {
      const post = batch.posts[i];
      return post && { input, version: batch.version, post };
    });
  }

  private async build(withMemory = true): Promise<AnalysisPipeline> {
    const settings = await this.readSettings();
    const config: PipelineConfig = {
      schemes: await this.activeSchemes(),
      risk: settings.risk_lexicon,
      userWords: settings.user_words,
    };
    const pipeline = new AnalysisPipeline({ ...config, maxDuplicateEntries: DUPLICATE_MEMORY });
    this.configured(config);
    if (!withMemory) return pipeline;
    const repo = new AnalysisRepository(this.db);
    for (const r of await repo.recentFingerprints(DUPLICATE_MEMORY)) {
      pipeline.duplicates.load(r.id, r.fingerprint, r.content_hash, r.group_id);
    }
    return pipeline;
  }

  /** The enabled schemes' queries (for `yuqing analyze`). */
  activeSchemeList(): Promise<{ id: string; query: string }[]> {
    return this.activeSchemes();
  }

  private async activeSchemes(): Promise<{ id: string; query: string }[]> {
    const rows = await new AnalysisRepository(this.db).listSchemes();
    return rows
      .filter((s) => s.enabled === 1 && s.archived_at === null)
      .map((s) => ({ id: s.id, query: s.query }));
  }

  /** Recompiles the schemes after one was created, edited, enabled or archived. */
  async reloadSchemes(): Promise<void> {
    if (!this.pipeline) return;
    const pipeline = await this.ready();
    const schemes = await this.activeSchemes();
    pipeline.setSchemes(schemes);
    if (this.config) this.configured({ ...this.config, schemes });
  }

  /**
   * Analyses mentions just written in `trx` and stores the result in the same transaction, and
   * queues them for their events: pass the batch to {@link assignQueued} once `trx` committed.
   * Mentions are analysed in the given order, so a copy within one batch finds its original.
   * The pipeline comes from {@link ready}, awaited before the transaction began: loading it
   * reads the store, which inside a SQLite transaction would wait for itself. `prepared`
   * (mention id -> what {@link prepareBatch} gave for it) saves the stateless stages of those
   * mentions that are the post prepared, under the current settings; the others (and all
   * without it) are analysed here in full. The result is the same either way.
   */
  async analyseInserted(
    trx: Db,
    mentions: readonly InsertedMention[],
    pipeline: AnalysisPipeline,
    prepared?: ReadonlyMap<string, PreparedMention>,
  ): Promise<QueuedBatch | null> {
    if (mentions.length === 0) return null;
    const at = this.deps.now().toISOString();
    const analysed = mentions.map((m) => {
      const p = prepared?.get(m.id);
      if (p && p.version === this.configVersion && preparedFor(m, p.input)) {
        this.preparedStats.worker++;
        return {
          mention: m,
          sourceName: m.sourceName,
          analysis: pipeline.analysePrepared(m, p.post.analysis),
          cluster: p.post.cluster,
        };
      }
      this.preparedStats.inThread++;
      return { mention: m, sourceName: m.sourceName, analysis: pipeline.analyse(pipelinePost(m)) };
    });
    // Just inserted in this transaction: no earlier analysis to replace.
    await new AnalysisRepository(trx).replace(
      analysed.map((a) => toStored(a.mention.id, a.analysis, at)),
      { fresh: true },
    );
    return this.events.queueInserted(trx, analysed);
  }

  /** Every stage but the duplicate index, for one text; nothing is stored. */
  async preview(
    actor: Actor,
    post: {
      title?: string | undefined;
      text: string;
      author?: string | undefined;
      source?: string | undefined;
    },
  ): Promise<PostAnalysis> {
    authorize(actor, 'mention.read');
    return (await this.ready()).analyseAlone({ id: 'preview', ...post });
  }

  status(actor: Actor): {
    running: boolean;
    done: number;
    total: number;
    started_at: string | null;
    last: LastRun | null;
  } {
    authorize(actor, 'scheme.read');
    const r = this.running;
    return r
      ? { running: true, done: r.done, total: r.total, started_at: r.startedAt, last: this.last }
      : { running: false, done: 0, total: 0, started_at: null, last: this.last };
  }

  /** Starts a re-analysis in the background and answers at once with its progress. */
  startReanalysis(actor: Actor, opts: { staleOnly?: boolean }) {
    authorize(actor, 'analysis.manage');
    if (this.running) throw errors.conflict('a re-analysis is already running');
    // The outcome, failure included, is kept in `last` for the status.
    this.background = this.reanalyse(actor, opts).then(
      () => undefined,
      () => undefined,
    );
    return this.status(actor);
  }

  /** Resolves when no background re-analysis is running (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.background;
  }

  /**
   * Analyses stored mentions again, oldest first (so similar-article groups form as they did on
   * arrival), in committed batches. With `staleOnly`, only those analysed by an older pipeline
   * or never. Near-duplicate groups are rebuilt from scratch when everything is redone.
   */
  async reanalyse(
    actor: Actor,
    opts: { staleOnly?: boolean; batch?: number } = {},
    onProgress?: (p: ReanalyseProgress) => void,
  ): Promise<ReanalyseProgress> {
    authorize(actor, 'analysis.manage');
    if (this.running) throw errors.conflict('a re-analysis is already running');
    const startedAt = this.deps.now();
    this.running = { done: 0, total: 0, startedAt: startedAt.toISOString() };
    let error: string | null = null;
    try {
      const batch = opts.batch ?? 500;
      let base = this.db
        .selectFrom('mentions as m')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id');
      if (opts.staleOnly)
        base = base.where((eb) =>
          eb.or([eb('a.model', 'is', null), eb('a.model', '!=', PIPELINE_VERSION)]),
        );
      const total = Number(
        (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      );
      this.running.total = total;
      // With everything redone, groups are rebuilt from the first mention: no memory loaded.
      const pipeline = opts.staleOnly ? await this.ready() : await this.build(false);
      const sourceNames = new Map(
        (await this.db.selectFrom('sources').select(['id', 'name']).execute()).map((s) => [
          s.id,
          s.name,
        ]),
      );
      let done = 0;
      let after: { collected_at: string; id: string } | null = null;
      for (;;) {
        let q = base
          .select([
            'm.id',
            'm.title',
            'm.text',
            'm.author',
            'm.region',
            'm.collected_at',
            'm.source_id',
          ])
          .orderBy('m.collected_at')
          .orderBy('m.id')
          .limit(batch);
        if (after) {
          const { collected_at, id } = after;
          q = q.where((eb) =>
            eb.or([
              eb('m.collected_at', '>', collected_at),
              eb.and([eb('m.collected_at', '=', collected_at), eb('m.id', '>', id)]),
            ]),
          );
        }
        const rows = await q.execute();
        if (rows.length === 0) break;
        const at = this.deps.now().toISOString();
        const stored = rows.map((m) =>
          toStored(
            m.id,
            pipeline.analyse(
              pipelinePost({ ...m, sourceName: sourceNames.get(m.source_id) ?? '' }),
            ),
            at,
          ),
        );
        await this.db.transaction().execute((trx) => new AnalysisRepository(trx).replace(stored));
        done += rows.length;
        const last = rows.at(-1)!;
        after = { collected_at: last.collected_at, id: last.id };
        this.running.done = done;
        onProgress?.({ done, total });
        if (rows.length < batch) break;
      }
      this.pipeline = Promise.resolve(pipeline);
      // Trends and event figures read sentiment, regions and schemes: count them again.
      if (done > 0) await this.events.rebuildVolumes();
      await this.db.transaction().execute((trx) =>
        audit(trx, actor, this.deps.now(), {
          action: 'analysis.reanalyse',
          objectType: 'mentions',
          objectId: null,
          after: { done, stale_only: opts.staleOnly === true, pipeline: PIPELINE_VERSION },
        }),
      );
      return { done, total };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      const r = this.running;
      this.last = {
        done: r.done,
        total: r.total,
        started_at: r.startedAt,
        finished_at: this.deps.now().toISOString(),
        error,
      };
      this.running = null;
    }
  }

  /**
   * Matches one scheme against every stored mention again (after it was created or edited),
   * in batches; an archived or disabled scheme loses its matches.
   */
  async rematchScheme(schemeId: string): Promise<number> {
    const repo = new AnalysisRepository(this.db);
    const scheme = await repo.getScheme(schemeId);
    if (!scheme || scheme.archived_at !== null || scheme.enabled === 0) {
      await repo.deleteSchemeMatches(schemeId);
      await this.events.rebuildVolumes(schemeId);
      return 0;
    }
    // Only the matcher: one compiled scheme over each stored mention's match view.
    const alone = compileSchemes([{ id: scheme.id, query: scheme.query }]);
    const sourceNames = new Map(
      (await this.db.selectFrom('sources').select(['id', 'name']).execute()).map((s) => [
        s.id,
        s.name,
      ]),
    );
    let matched = 0;
    let after: string | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('mentions as m')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .select(['m.id', 'm.title', 'm.text', 'm.author', 'm.region', 'm.source_id', 'a.regions'])
        .orderBy('m.id')
        .limit(1000);
      if (after !== null) q = q.where('m.id', '>', after);
      const rows = await q.execute();
      if (rows.length === 0) break;
      const hits = rows
        .filter(
          (m) => alone.match(storedMatchDoc(m, sourceNames.get(m.source_id) ?? '').doc).length > 0,
        )
        .map((m) => m.id);
      matched += hits.length;
      await this.db.transaction().execute((trx) =>
        new AnalysisRepository(trx).replaceSchemeMatches(
          schemeId,
          rows.map((r) => r.id),
          hits,
        ),
      );
      after = rows.at(-1)!.id;
      if (rows.length < 1000) break;
    }
    await this.events.rebuildVolumes(schemeId);
    return matched;
  }

  // ------------------------------------------------------------------------------------------
  // Settings

  private readSetting(key: string): Promise<string | undefined> {
    return readSettingRow(this.db, key);
  }

  private async readSettings(): Promise<AnalysisSettings> {
    const risk = await this.readSetting(RISK_KEY);
    const words = await this.readSetting(WORDS_KEY);
    const parsedRisk =
      risk === undefined ? undefined : riskLexiconSchema.safeParse(JSON.parse(risk));
    const parsedWords =
      words === undefined ? undefined : userWordsSchema.safeParse(JSON.parse(words));
    return {
      risk_lexicon: parsedRisk?.success ? parsedRisk.data : DEFAULT_RISK_LEXICON,
      risk_lexicon_is_default: !parsedRisk?.success,
      user_words: parsedWords?.success ? parsedWords.data : [],
      pipeline_version: PIPELINE_VERSION,
    };
  }

  async settings(actor: Actor): Promise<AnalysisSettings> {
    authorize(actor, 'scheme.read');
    return this.readSettings();
  }

  private writeSetting(actor: Actor, key: string, value: unknown, action: string): Promise<void> {
    return writeAuditedSetting(this.db, actor, this.deps.now(), key, value, action);
  }

  /** Replaces the risk lexicon (null: back to the built-in one); new mentions use it at once. */
  async setRiskLexicon(actor: Actor, lexicon: RiskLexicon | null): Promise<AnalysisSettings> {
    authorize(actor, 'analysis.manage');
    if (lexicon === null) {
      await this.writeSetting(actor, RISK_KEY, null, 'analysis.risk_lexicon.reset');
      await this.db.deleteFrom('settings').where('key', '=', RISK_KEY).execute();
    } else {
      await this.writeSetting(actor, RISK_KEY, lexicon, 'analysis.risk_lexicon.update');
    }
    if (this.pipeline) {
      const risk = lexicon ?? DEFAULT_RISK_LEXICON;
      (await this.ready()).setRisk(risk);
      if (this.config) this.configured({ ...this.config, risk });
    }
    return this.readSettings();
  }

  /** Replaces the user dictionary of the segmenter. */
  async setUserWords(actor: Actor, words: readonly string[]): Promise<AnalysisSettings> {
    authorize(actor, 'analysis.manage');
    const clean = [...new Set(words.map((w) => w.trim()))];
    await this.writeSetting(actor, WORDS_KEY, clean, 'analysis.user_words.update');
    if (this.pipeline) {
      (await this.ready()).setUserWords(clean);
      if (this.config) this.configured({ ...this.config, userWords: clean });
    }
    return this.readSettings();
  }
}
