import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, testDeps } from '../../test/helpers.ts';
import { bootstrap } from '../bootstrap.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import type { Store } from '../store/db.ts';
import { DemoReplay } from './demo-replay.ts';
import { DEMO_SCENARIO, DEMO_SPEEDUP_DEFAULT, demoDurationMs } from './demo-scenario.ts';

describe('demo replay', () => {
  let store: Store | undefined;
  let now = Date.parse('2026-11-28T08:00:00Z');
  beforeEach(async () => {
    store = await openTestStore('sqlite');
    await bootstrap(testDeps(store), { adminPassword: 'demo-replay-admin', demo: true });
  });
  afterEach(async () => {
    await store?.close();
  });

  it('delivers the story in accelerated time, marked as demo, and continues after a restart', async () => {
    if (!store) throw new Error('no store');
    const deps = testDeps(store, () => new Date(now));
    const replay = new DemoReplay(deps, new IngestService(deps));
    expect((await replay.step()).accepted).toBe(0); // nothing is due at the very start
    now += demoDurationMs() / 2;
    const half = await replay.step();
    expect(half.accepted).toBeGreaterThan(50);
    expect(half.finished).toBe(false);

    // A restart: a new replay object reads the stored start and does not begin again.
    const again = new DemoReplay(deps, new IngestService(deps));
    now += demoDurationMs() / 2 + 1;
    const rest = await again.step();
    expect(rest.finished).toBe(true);
    const rows = await store.db
      .selectFrom('mentions')
      .select(['is_demo', 'published_at', 'channel'])
      .execute();
    // Exact copies in the story are stored once; everything else lands.
    expect(rows.length).toBeGreaterThan(DEMO_SCENARIO.length - 20);
    expect(rows.length).toBeLessThanOrEqual(DEMO_SCENARIO.length);
    expect(rows.every((r) => r.is_demo === 1 && r.channel === 'demo')).toBe(true);
    // Published times are real times within the replay, so the stream looks live.
    const times = rows.map((r) => Date.parse(r.published_at ?? ''));
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(
      now - demoDurationMs(DEMO_SPEEDUP_DEFAULT) - 2,
    );
    const sources = await store.db
      .selectFrom('sources')
      .select(['key', 'is_demo', 'type'])
      .where('key', 'like', 'demo-%')
      .execute();
    expect(sources.length).toBeGreaterThanOrEqual(3);
    expect(sources.every((s) => s.is_demo === 1 && s.type === 'demo')).toBe(true);
  });
});
