// Events (舆情事件): mentions clustered into stories, with the figures the heat index and the
// suggested grade read, kept up to date on arrival; and volume counts per time bucket for the
// trends, so a dashboard over a million mentions reads counts, not mentions.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    // The mention whose title/text names the event (the earliest of its largest group).
    .addColumn('title_mention_id', 'text')
    // JSON [string]
    .addColumn('keywords', 'text', (c) => c.notNull())
    // open: takes new mentions; closed: its window passed; merged: folded into merged_into.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('mention_count', 'integer', (c) => c.notNull())
    .addColumn('negative_count', 'integer', (c) => c.notNull())
    .addColumn('neutral_count', 'integer', (c) => c.notNull())
    .addColumn('positive_count', 'integer', (c) => c.notNull())
    .addColumn('interactions', 'bigint', (c) => c.notNull())
    .addColumn('max_followers', 'bigint', (c) => c.notNull())
    .addColumn('authority_tier', 'text')
    .addColumn('authority_name', 'text')
    .addColumn('max_risk', 'double precision', (c) => c.notNull())
    // JSON {category: mentions}
    .addColumn('risk_categories', 'text', (c) => c.notNull())
    // JSON [adcode] of Gansu's 市州 named; outside_province 0/1.
    .addColumn('prefectures', 'text', (c) => c.notNull())
    .addColumn('outside_province', 'integer', (c) => c.notNull())
    .addColumn('heat', 'integer', (c) => c.notNull())
    // JSON HeatFactor[]
    .addColumn('heat_factors', 'text', (c) => c.notNull())
    .addColumn('suggested_grade', 'text', (c) => c.notNull())
    // JSON GradingReason[]
    .addColumn('grade_reasons', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_heat').on('events').columns(['status', 'heat']).execute();
  await db.schema.createIndex('events_last_seen').on('events').column('last_seen').execute();

  await db.schema
    .createTable('mention_events')
    .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    // machine: the clusterer; person: a merge or split (later clustering keeps it).
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mention_events_event')
    .on('mention_events')
    .column('event_id')
    .execute();

  // Volume per bucket: kind all (key ''), event, scheme, region (adcode), source (source id);
  // res minute | hour; bucket = start of the bucket, ms since epoch; with the negative and
  // positive counts (neutral = the rest) for the sentiment mix.
  await db.schema
    .createTable('volume_buckets')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('res', 'text', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('negative', 'integer', (c) => c.notNull())
    .addColumn('positive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_buckets_pk', ['kind', 'key', 'res', 'bucket'])
    .execute();
}
