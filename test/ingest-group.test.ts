// Group commit on SQLite: batches that arrive while one is being stored are stored together in
// one transaction, each still answered with its own counts; if the group fails, each batch of it
// is stored again alone, so only the bad one fails and nothing of the others is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/services/context.ts';
import type { IngestSummary } from '../src/ingest/ingest.service.ts';
import { startTestServer, type TestServer } from './helpers.ts';

const item = (id: string, i: number, text: string) => ({
  index: i,
  value: { id, source: 'group-test', author: `作者${id}`, text },
});

describe('group commit (SQLite)', () => {
  let server: TestServer;
  let unitId: string;
  /** Each analysis call's mention count: one call per transaction that stored posts. */
  const analysed: number[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite', { demo: false });
    const root = await server.store.db
      .selectFrom('units')
      .select('id')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    unitId = root.id;
    const analysis = server.app.services.analysis;
    const real = analysis.analyseInserted.bind(analysis);
    analysis.analyseInserted = async (trx, mentions, pipeline) => {
      analysed.push(mentions.length);
      await real(trx, mentions, pipeline);
    };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const ingest = (
    items: ReturnType<typeof item>[],
    onCommit?: () => Promise<void>,
  ): Promise<IngestSummary> =>
    server.app.services.ingest.ingest(
      SYSTEM,
      items,
      { channel: 'api', unitId },
      onCommit ? () => onCommit() : undefined,
    );

  const stored = async (ids: string[]) =>
    (
      await server.store.db
        .selectFrom('mentions')
        .select('external_id')
        .where('external_id', 'in', ids)
        .execute()
    )
      .map((r) => r.external_id)
      .sort();

  it('stores the batches that waited in one transaction, each with its own answer', async () => {
    analysed.length = 0;
    // The first starts at once; the next three wait for it and then go together.
    const first = ingest([item('a1', 0, '兰州今天下雪了，路上很滑')]);
    const second = ingest([
      item('b1', 0, '统计局发布了三季度的经济数据'),
      item('b1', 1, '统计局发布了三季度的经济数据'),
    ]);
    const third = ingest([
      item('a1', 0, '兰州今天下雪了，路上很滑'),
      item('c1', 1, '天水的苹果丰收'),
    ]);
    const fourth = ingest([item('d1', 0, '张掖七彩丹霞游客很多')]);
    const answers = await Promise.all([first, second, third, fourth]);
    expect(answers.map((a) => [a.accepted, a.duplicates])).toEqual([
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
    expect(analysed).toEqual([1, 3]);
    expect(await stored(['a1', 'b1', 'c1', 'd1'])).toEqual(['a1', 'b1', 'c1', 'd1']);
  });

  it('stores each batch of a failed group again alone: only the bad one fails', async () => {
    analysed.length = 0;
    const first = ingest([item('e1', 0, '酒泉的风很大')]);
    const good = ingest([item('f1', 0, '白银的工业园区新项目开工')]);
    const bad = ingest([item('g1', 0, '武威的葡萄酒节开幕')], () =>
      Promise.reject(new Error('the file position could not be written')),
    );
    const alsoGood = ingest([item('h1', 0, '定西的马铃薯产量创新高')]);
    const [a, b, c, d] = await Promise.allSettled([first, good, bad, alsoGood]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'fulfilled', value: { accepted: 1 } });
    expect(c).toMatchObject({
      status: 'rejected',
      reason: new Error('the file position could not be written'),
    });
    expect(d).toMatchObject({ status: 'fulfilled', value: { accepted: 1 } });
    // The group of three was tried once, then each alone.
    expect(analysed).toEqual([1, 3, 1, 1, 1]);
    expect(await stored(['e1', 'f1', 'g1', 'h1'])).toEqual(['e1', 'f1', 'h1']);
  });
});
