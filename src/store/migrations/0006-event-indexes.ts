// Indexes the dashboard reads by (measured with `npm run bench:dashboard` over 1M mentions):
// volume counts of one kind over a time range whatever the key (sources), and events by heat.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('volume_buckets_time')
    .on('volume_buckets')
    .columns(['kind', 'res', 'bucket'])
    .execute();
  await db.schema.createIndex('events_by_heat').on('events').columns(['heat', 'id']).execute();
}
