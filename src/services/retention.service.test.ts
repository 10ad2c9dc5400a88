import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, testDeps } from '../../test/helpers.ts';
import { bootstrap } from '../bootstrap.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import type { Store } from '../store/db.ts';
import { OrgRepository } from '../store/org.repository.ts';
import { AuditService } from './audit.service.ts';
import { SYSTEM } from './context.ts';
import { RetentionService } from './retention.service.ts';

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });
  let now = Date.parse('2026-01-01T00:00:00Z');
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await bootstrap(testDeps(store), { adminPassword: 'retention-admin', demo: false });
  });

  it('purges what is older than the period, keeps the rest, and records the counts', async () => {
    if (!store) throw new Error('no store');
    const deps = testDeps(store, () => new Date(now));
    const root = await new OrgRepository(store.db).rootUnit();
    const ingest = new IngestService(deps);
    const push = (ids: string[]) =>
      ingest.ingest(
        SYSTEM,
        ids.map((id, index) => ({
          index,
          value: id === 'bad' ? { source: 'w' } : { id, source: 'w', text: `帖子${id}` },
        })),
        { channel: 'api', unitId: root?.id ?? '' },
      );
    await push(['old1', 'old2', 'bad']);
    now += 100 * 86_400_000;
    await push(['mid1']);
    now += 100 * 86_400_000; // old ones are 200 days old, mid1 100
    const r = await new RetentionService(deps, 180).purge();
    expect(r).toMatchObject({ mentions: 2, quarantine: 1 });
    const left = await store.db.selectFrom('mentions').select('external_id').execute();
    expect(left.map((m) => m.external_id)).toEqual(['mid1']);
    const log = await new AuditService(deps).list(SYSTEM, { limit: 1 });
    expect(log.items[0]).toMatchObject({
      action: 'retention.purge',
      after: { mentions: 2, quarantine: 1, retention_days: 180 },
    });
    // A second purge finds nothing more.
    expect(await new RetentionService(deps, 180).purge()).toMatchObject({
      mentions: 0,
      quarantine: 0,
    });
  });
});
