// Batches of stored mentions waiting for their events (issue 6, latency): an ingest batch's
// mentions and their analysis commit first (what the ingest request acknowledges); a second
// transaction, in the order the batches committed, assigns their events and fires the alerts,
// and deletes the batch's row here. A row left after a crash is assigned first on the next start.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('event_queue')
    // time-ordered: the order the batches committed in
    .addColumn('id', 'text', (c) => c.primaryKey())
    // JSON array of mention ids, in the order they were analysed
    .addColumn('mention_ids', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('event_queue').execute();
}
