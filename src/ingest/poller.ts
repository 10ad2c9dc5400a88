// Polls the registered feed and web sources when their schedule says so, hands what they
// return to the ingest service, and keeps each source's health: last run, last success,
// last error, failures in a row (with exponential back-off), ETag and Last-Modified.
import { Cron } from 'croner';
import type { ServiceDeps } from '../services/context.ts';
import { SYSTEM } from '../services/context.ts';
import type { SourceRow } from '../store/schema.ts';
import { SourceRepository } from '../store/source.repository.ts';
import { pollFeed } from './feed-connector.ts';
import { HostLimiter, nextAttemptDelay, type FetchOptions } from './http-fetch.ts';
import type { IngestService, IngestSummary, RawItem } from './ingest.service.ts';
import type { ConnectorResult } from './types.ts';
import { RobotsCache } from './robots.ts';
import { pollWebList, webListConfigSchema } from './web-connector.ts';

export interface PollOutcome {
  source: string;
  ok: boolean;
  notModified: boolean;
  items: number;
  summary: IngestSummary | null;
  errors: string[];
}

export interface PollerOptions {
  fetchOptions?: FetchOptions;
  limiter?: HostLimiter;
  /** Polls running at once. */
  concurrency?: number;
  log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/** When a source is next due: its schedule after its last run, pushed back after failures. */
export function nextDue(s: SourceRow): Date | null {
  if (!s.schedule) return null;
  const from = new Date(s.last_run_at ?? s.created_at);
  // A never-run source is due at once.
  if (!s.last_run_at) return from;
  const next = new Cron(s.schedule, { paused: true }).nextRun(from);
  if (!next) return null;
  if (s.consecutive_failures > 0 && s.last_error_at) {
    const backoff = Date.parse(s.last_error_at) + nextAttemptDelay(s.consecutive_failures);
    return new Date(Math.max(next.getTime(), backoff));
  }
  return next;
}

export class Poller {
  private readonly limiter: HostLimiter;
  /** One cache for all polls: each site's robots.txt is read once a day, not once a poll. */
  private readonly robots: RobotsCache;
  private timer: Cron | null = null;
  private log: PollerOptions['log'];
  private running = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: IngestService,
    private readonly opts: PollerOptions = {},
  ) {
    this.limiter = opts.limiter ?? new HostLimiter();
    this.log = opts.log;
    this.robots = new RobotsCache({
      limiter: this.limiter,
      ...(opts.fetchOptions ? { fetchOptions: opts.fetchOptions } : {}),
    });
  }

  /** Checks for due sources every minute until stop(). */
  start(log?: PollerOptions['log']): void {
    if (log) this.log = log;
    this.timer = new Cron('* * * * *', { protect: true }, async () => {
      await this.tick();
    });
  }

  stop(): void {
    this.timer?.stop();
    this.timer = null;
  }

  /** Polls every enabled source that is due now; returns what happened to each. */
  async tick(): Promise<PollOutcome[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const now = this.deps.now();
      const sources = (await new SourceRepository(this.deps.store.db).list()).filter(
        (s) => s.enabled === 1 && (s.type === 'feed' || s.type === 'web'),
      );
      const due = sources.filter((s) => {
        const at = nextDue(s);
        return at !== null && at.getTime() <= now.getTime();
      });
      const outcomes: PollOutcome[] = [];
      const queue = [...due];
      const workers = Array.from(
        { length: Math.min(this.opts.concurrency ?? 2, queue.length) },
        async () => {
          for (let s = queue.shift(); s; s = queue.shift()) outcomes.push(await this.poll(s));
        },
      );
      await Promise.all(workers);
      return outcomes;
    } finally {
      this.running = false;
    }
  }

  /** Polls one source now, whatever its schedule. */
  async poll(source: SourceRow): Promise<PollOutcome> {
    const startedAt = this.deps.now().toISOString();
    let result: ConnectorResult;
    let notModified = false;
    let fatal: string | undefined;
    let etag = source.etag;
    let lastModified = source.last_modified;
    try {
      if (source.type === 'feed') {
        const r = await pollFeed(
          {
            key: source.key,
            address: source.address ?? '',
            etag: source.etag,
            lastModified: source.last_modified,
          },
          {
            limiter: this.limiter,
            ...(this.opts.fetchOptions ? { fetchOptions: this.opts.fetchOptions } : {}),
          },
        );
        result = r.result;
        notModified = r.state.notModified;
        fatal = r.state.error;
        etag = r.state.etag ?? etag;
        lastModified = r.state.lastModified ?? lastModified;
      } else {
        const config = webListConfigSchema.safeParse(JSON.parse(source.config));
        if (!config.success) {
          throw new Error(`the selectors are not valid: ${config.error.issues[0]?.message ?? ''}`);
        }
        const known = await this.knownUrls(source.id);
        const r = await pollWebList(
          {
            key: source.key,
            address: source.address ?? '',
            config: config.data,
            seen: (url: string) => known.has(url),
            etag: source.etag,
            lastModified: source.last_modified,
          },
          {
            limiter: this.limiter,
            robots: this.robots,
            ...(this.opts.fetchOptions ? { fetchOptions: this.opts.fetchOptions } : {}),
          },
        );
        result = r.result;
        notModified = r.state.notModified;
        fatal = r.state.error;
        // Null validators are deliberate: some articles must be retried next time.
        etag = r.state.etag;
        lastModified = r.state.lastModified;
      }
    } catch (e: unknown) {
      // Connectors report rather than throw; this is the last guard, so one source cannot stop the rest.
      result = { items: [], errors: [{ message: e instanceof Error ? e.message : String(e) }] };
      fatal = result.errors[0]?.message;
    }

    let summary: IngestSummary | null = null;
    if (result.items.length) {
      const items: RawItem[] = result.items.map((value, index) => ({ index, value }));
      summary = await this.ingest.ingest(SYSTEM, items, {
        channel: source.type === 'feed' ? 'feed' : 'web',
        unitId: source.unit_id,
      });
    }
    const finishedAt = this.deps.now().toISOString();
    const ok = fatal === undefined;
    await new SourceRepository(this.deps.store.db).update(source.id, {
      last_run_at: startedAt,
      etag,
      last_modified: lastModified,
      ...(ok
        ? { last_success_at: finishedAt, consecutive_failures: 0 }
        : {
            last_error_at: finishedAt,
            last_error: fatal ?? 'failed',
            consecutive_failures: source.consecutive_failures + 1,
          }),
    });
    const outcome: PollOutcome = {
      source: source.key,
      ok,
      notModified,
      items: result.items.length,
      summary,
      errors: result.errors.map((e) => e.message),
    };
    if (ok)
      this.log?.info(
        {
          ...outcome,
          summary: summary && { accepted: summary.accepted, duplicates: summary.duplicates },
        },
        'source polled',
      );
    else this.log?.warn({ source: source.key, error: fatal }, 'source poll failed');
    return outcome;
  }

  /** Runs a connector once without storing anything: for "test this source" before saving it. */
  async preview(source: {
    key: string;
    type: 'feed' | 'web';
    address: string;
    config: unknown;
  }): Promise<{ items: ConnectorResult['items']; errors: string[]; error: string | null }> {
    const fetchOptions = this.opts.fetchOptions ? { fetchOptions: this.opts.fetchOptions } : {};
    let result: ConnectorResult;
    let error: string | undefined;
    if (source.type === 'feed') {
      const r = await pollFeed(
        { key: source.key, address: source.address },
        { limiter: this.limiter, ...fetchOptions },
      );
      result = r.result;
      error = r.state.error;
    } else {
      const config = webListConfigSchema.safeParse(source.config);
      if (!config.success) {
        return {
          items: [],
          errors: [],
          error: `the selectors are not valid: ${config.error.issues[0]?.message ?? ''}`,
        };
      }
      const r = await pollWebList(
        {
          key: source.key,
          address: source.address,
          config: { ...config.data, maxItems: Math.min(config.data.maxItems ?? 5, 5) },
        },
        { limiter: this.limiter, robots: this.robots, ...fetchOptions },
      );
      result = r.result;
      error = r.state.error;
    }
    return {
      items: result.items.slice(0, 20),
      errors: result.errors.map((e) => e.message),
      error: error ?? null,
    };
  }

  /** Canonical URLs this source already delivered, so a web list does not refetch articles. */
  private async knownUrls(sourceId: string): Promise<Set<string>> {
    const rows = await this.deps.store.db
      .selectFrom('mentions')
      .select(['canonical_url', 'url'])
      .where('source_id', '=', sourceId)
      .orderBy('collected_at', 'desc')
      .limit(2000)
      .execute();
    return new Set(rows.flatMap((r) => [r.canonical_url, r.url].filter((u): u is string => !!u)));
  }
}
