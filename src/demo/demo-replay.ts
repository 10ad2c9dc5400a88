// Replays the demo scenario in accelerated time (YUQING_DEMO): posts appear as if live, so a
// new user sees the system work within minutes. Every post and source is marked as demo.
// The start time is kept in the store, so a restart continues the story instead of restarting it.
import type { IngestService } from '../ingest/ingest.service.ts';
import { SYSTEM, type ServiceDeps } from '../services/context.ts';
import { OrgRepository } from '../store/org.repository.ts';
import {
  DEMO_SCENARIO,
  DEMO_SPEEDUP_DEFAULT,
  demoPostsDue,
  withPublishedAt,
} from './demo-scenario.ts';

const STARTED_KEY = 'demo_replay_started_at';

export class DemoReplay {
  private timer: NodeJS.Timeout | null = null;
  private delivered = 0;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: IngestService,
    private readonly speedup = DEMO_SPEEDUP_DEFAULT,
  ) {}

  /** When the replay started, recording now as the start on the first call. */
  async startedAt(): Promise<Date> {
    const db = this.deps.store.db;
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', STARTED_KEY)
      .executeTakeFirst();
    if (row) return new Date(row.value);
    const now = this.deps.now();
    await db
      .insertInto('settings')
      .values({ key: STARTED_KEY, value: now.toISOString(), updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const stored = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', STARTED_KEY)
      .executeTakeFirstOrThrow();
    return new Date(stored.value);
  }

  /** Delivers the posts that are due; returns how many were new. */
  async step(): Promise<{ due: number; accepted: number; finished: boolean }> {
    const start = await this.startedAt();
    const due = demoPostsDue(start, this.deps.now(), this.speedup);
    const fresh = due.slice(this.delivered);
    let accepted = 0;
    if (fresh.length) {
      const root = await new OrgRepository(this.deps.store.db).rootUnit();
      if (!root) throw new Error('no root unit for the demo sources');
      const summary = await this.ingest.ingest(
        SYSTEM,
        fresh.map((p, index) => {
          const { offsetMinutes: _o, act: _a, ...post } = withPublishedAt(p, start, this.speedup);
          return { index, value: post };
        }),
        { channel: 'demo', unitId: root.id, sourceType: 'demo', isDemo: true },
      );
      accepted = summary.accepted;
      this.delivered = due.length;
    }
    return { due: due.length, accepted, finished: due.length === DEMO_SCENARIO.length };
  }

  /** Steps every few seconds until the whole scenario is delivered. */
  start(intervalMs = 5000, log?: { warn: (o: object, m: string) => void }): void {
    const run = async () => {
      try {
        const r = await this.step();
        if (r.finished) return this.stop();
      } catch (err: unknown) {
        log?.warn({ err }, 'demo replay step failed');
      }
    };
    void run();
    this.timer = setInterval(() => void run(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
