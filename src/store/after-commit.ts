// Work that may run only once a transaction has committed: e.g. sending the notifications an
// ingest batch queued, straight from memory instead of reading them back from the outbox.
// Code inside a transaction registers with `afterCommit(trx, fn)`; the owner of the transaction
// opens it with `inTransaction`, which runs the registered work after the commit and forgets
// it on a rollback. Work registered on a transaction opened otherwise never runs: whatever it
// stands for must also be found another way (the outbox is still polled every second).
import type { Db } from './db.ts';

const registered = new WeakMap<object, (() => void)[]>();

export function afterCommit(trx: Db, work: () => void): void {
  const list = registered.get(trx);
  if (list) list.push(work);
  else registered.set(trx, [work]);
}

/**
 * `db.transaction().execute(work)`, then the work registered on it, in order. A registered
 * function that throws does not undo the commit and does not stop the next one; `onError`
 * hears of it.
 */
export async function inTransaction<T>(
  db: Db,
  work: (trx: Db) => Promise<T>,
  onError: (err: unknown) => void = () => {},
): Promise<T> {
  let opened: Db | null = null;
  try {
    const result = await db.transaction().execute((trx) => {
      opened = trx;
      return work(trx);
    });
    const then = opened ? registered.get(opened) : undefined;
    for (const f of then ?? []) {
      try {
        f();
      } catch (err: unknown) {
        onError(err);
      }
    }
    return result;
  } finally {
    if (opened) registered.delete(opened);
  }
}
