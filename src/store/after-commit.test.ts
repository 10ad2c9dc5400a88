import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { afterCommit, inTransaction } from './after-commit.ts';

describe('afterCommit', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
    await migrateToLatest(store.db);
  });
  afterEach(() => store.close());

  it('runs the registered work after the commit, in order, and sees the committed rows', async () => {
    const seen: string[] = [];
    await inTransaction(store.db, async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'after-commit', value: '"x"', updated_at: 'now' })
        .execute();
      afterCommit(trx, () => seen.push('first'));
      afterCommit(trx, () => seen.push('second'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['first', 'second']);
    const row = await store.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'after-commit')
      .executeTakeFirst();
    expect(row?.value).toBe('"x"');
  });

  it('forgets the work of a transaction that rolled back', async () => {
    const seen: string[] = [];
    await expect(
      inTransaction(store.db, async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'k', value: '1', updated_at: 'now' })
          .execute();
        afterCommit(trx, () => seen.push('never'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await inTransaction(store.db, () => Promise.resolve());
    expect(seen).toEqual([]);
    // Rolled back: the row is not there either.
    const row = await store.db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', 'k')
      .execute();
    expect(row).toEqual([]);
  });

  it('a failing piece of work is reported and does not stop the next one', async () => {
    const seen: string[] = [];
    const errors: unknown[] = [];
    const out = await inTransaction(
      store.db,
      (trx) => {
        afterCommit(trx, () => {
          throw new Error('send failed');
        });
        afterCommit(trx, () => seen.push('still runs'));
        return Promise.resolve(42);
      },
      (err) => errors.push(err),
    );
    expect(out).toBe(42);
    expect(seen).toEqual(['still runs']);
    expect(String(errors[0])).toContain('send failed');
  });
});
