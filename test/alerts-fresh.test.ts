// The firing's notifications leave from memory once the ingest batch commits (the path that
// keeps an alert within a second of its post, see docs/ALERTS.md#latency), never twice, and a
// failed one falls back to the outbox's retries; nothing is handed over for a batch that did not
// commit. The clock is the test's; the dispatcher's steps are called directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../src/notify/test-fixtures.ts';
import type { QueuedDelivery } from '../src/services/alert-firing.ts';
import { SYSTEM } from '../src/services/context.ts';
import { Client, collectorClient, DIALECTS, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';
const SECRET = 'webhook-secret-for-tests-0123456789';
const START = Date.parse('2026-11-30T02:00:00.000Z');
const secondPost = {
  id: 'fresh-2',
  source: 'weibo',
  author: '另一位网友',
  text: '乡镇报表造假的传闻：好几个乡的粮食产量被注水，村民说根本没有那么多',
  url: 'https://weibo.example/fresh-2',
};

describe.each(DIALECTS)('alert notices from memory on %s', (dialect) => {
  let now = START;
  let server: TestServer;
  let office: Client;
  let collector: Client;
  let hook: Receiver;
  let flaky: Receiver;
  let failing = true;
  const queued: QueuedDelivery[][] = [];
  const services = () => server.app.services;

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    office = await new Client(server.url).login('office', DEMO_PASSWORD);
    for (const r of (await office.get('/api/v1/alert-rules')).body.items as { id: string }[]) {
      await office.patch(`/api/v1/alert-rules/${r.id}`, { enabled: false });
    }
    collector = await collectorClient(server, 'fresh collector');
    hook = await startReceiver(() => ({ json: { ok: true } }));
    flaky = await startReceiver(() => (failing ? { status: 503, text: 'busy' } : { json: {} }));
    for (const [name, receiver] of [
      ['值班群', hook],
      ['时好时坏的网关', flaky],
    ] as const) {
      const c = await office.post('/api/v1/alert-channels', {
        name,
        config: { kind: 'webhook', url: `${receiver.base}/hook`, secret: SECRET },
      });
      expect(c.status).toBe(201);
    }
    const rule = await office.post('/api/v1/alert-rules', {
      name: '注水',
      severity: 'high',
      conditions: { riskCategories: ['data_falsification'], minVolume: 1 },
    });
    expect(rule.status).toBe(201);
    // What the dispatcher would be handed, recorded instead (the test sends it below).
    services().alerts.onQueued = (rows) => queued.push(rows);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('hands the queued notices over after the commit, and sends each once', async () => {
    const res = await collector.post('/api/v1/ingest', [
      {
        id: 'fresh-1',
        source: 'weibo',
        author: '陇上观察',
        text: '有人说某县统计局GDP数据注水造假，要求彻查',
        url: 'https://weibo.example/fresh-1',
      },
    ]);
    expect(res.status).toBe(200);
    expect(queued).toHaveLength(1);
    const rows = queued[0]!;
    expect(rows.map((r) => r.channel_kind).sort()).toEqual(['in_app', 'webhook', 'webhook']);
    // Handed over only after the commit: the rows are already in the outbox, pending.
    expect((await outbox(rows)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);

    const dispatcher = services().alertDispatcher;
    dispatcher.sendFresh(rows);
    // Handing the same rows over again, or a run of the outbox meanwhile, sends nothing twice.
    dispatcher.sendFresh(rows);
    await dispatcher.sendDue();
    // Sending is asynchronous: wait until every row's attempt is recorded.
    await waitFor(
      async () => (await outbox(rows)).every((r) => r.attempts >= 1),
      () => outbox(rows),
    );
    expect(hook.received).toHaveLength(1);
    expect(flaky.received).toHaveLength(1);
    // Each message names its delivery, so a receiver can drop a repeat.
    const ids = [hook, flaky].map(
      (r) => (JSON.parse(r.received[0]!.body) as { deliveryId: string }).deliveryId,
    );
    expect(ids.sort()).toEqual(
      rows
        .filter((r) => r.channel_kind === 'webhook')
        .map((r) => r.id)
        .sort(),
    );
    const after = await outbox(rows);
    const flakyRow = after.find((r) => r.status === 'pending');
    // The failed one waits for its back-off in the outbox; the others are sent, once.
    expect(after.filter((r) => r.status === 'sent')).toHaveLength(2);
    expect(flakyRow).toMatchObject({ attempts: 1, due_at: new Date(now + 5_000).toISOString() });
    expect(await dispatcher.sendDue()).toBe(0);
    expect(hook.received).toHaveLength(1);

    // When its back-off has passed the outbox sends it again (the claim was let go).
    failing = false;
    now += 5_000;
    expect(await dispatcher.sendDue()).toBe(1);
    expect(flaky.received).toHaveLength(2);
    expect((await outbox(rows)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('hands nothing over for a batch that did not commit', async () => {
    queued.length = 0;
    // A batch whose transaction fails after the firing ran (its file position write fails).
    await expect(
      services().ingest.ingest(
        SYSTEM,
        [
          {
            index: 0,
            value: secondPost,
          },
        ],
        { channel: 'api', unitId: await rootUnit() },
        () => Promise.reject(new Error('disk full')),
      ),
    ).rejects.toThrow('disk full');
    expect(queued).toEqual([]);
    const stored = await server.store.db
      .selectFrom('mentions')
      .select('id')
      .where('external_id', '=', 'fresh-2')
      .execute();
    expect(stored).toEqual([]);
    // The same batch committed: its alert's notices are handed over.
    const ok = await services().ingest.ingest(SYSTEM, [{ index: 0, value: secondPost }], {
      channel: 'api',
      unitId: await rootUnit(),
    });
    expect(ok.accepted).toBe(1);
    expect(queued).toHaveLength(1);
  });

  /** The outbox rows of the deliveries, in their order. */
  async function outbox(rows: readonly QueuedDelivery[]) {
    const got = await server.store.db
      .selectFrom('alert_deliveries')
      .select(['id', 'channel_id', 'status', 'attempts', 'due_at'])
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const by = new Map(got.map((g) => [g.id, g]));
    return rows.map((r) => by.get(r.id)!);
  }

  async function rootUnit(): Promise<string> {
    const row = await server.store.db
      .selectFrom('units')
      .select('id')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});

/** Polls until the condition holds (an HTTP send is asynchronous); fails with what it saw. */
async function waitFor(
  condition: () => Promise<boolean>,
  describe: () => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met; last seen ${JSON.stringify(await describe())}`);
}
