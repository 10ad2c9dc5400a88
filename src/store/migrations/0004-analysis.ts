// The analysis of each mention (sentiment, near-duplicate group, regions, risk, scheme matches)
// and the monitoring schemes (监测方案). Analysis rows are derived data: re-analysis rewrites
// them, the mention itself is never touched.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // JSON: default alert settings {severity, min_volume, negative_only} or null.
    .addColumn('alert', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .execute();

  await db.schema
    .createTable('mention_analysis')
    .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id'))
    .addColumn('analysed_at', 'text', (c) => c.notNull())
    // Which model and configuration produced the row, so re-analysis can find stale ones.
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('sentiment', 'text', (c) => c.notNull())
    .addColumn('sentiment_score', 'double precision', (c) => c.notNull())
    .addColumn('risk_score', 'double precision', (c) => c.notNull())
    // JSON [{id, weight, terms}]
    .addColumn('risk', 'text', (c) => c.notNull())
    // JSON [{adcode, name, level, path}]
    .addColumn('regions', 'text', (c) => c.notNull())
    // JSON [string]: content words for clustering and display.
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // The similar-article group: the id of its first member (a mention id).
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('dup_of', 'text')
    .addColumn('dup_kind', 'text')
    .execute();
  await db.schema.createIndex('analysis_group').on('mention_analysis').column('group_id').execute();
  await db.schema
    .createIndex('analysis_sentiment')
    .on('mention_analysis')
    .column('sentiment')
    .execute();

  // One row per (mention, scheme) match, per named region (every level of its path), per risk
  // category: the feed filters by them and the later stages count them.
  await db.schema
    .createTable('mention_schemes')
    .addColumn('scheme_id', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
    .addPrimaryKeyConstraint('mention_schemes_pk', ['scheme_id', 'mention_id'])
    .execute();
  await db.schema
    .createIndex('mention_schemes_mention')
    .on('mention_schemes')
    .column('mention_id')
    .execute();
  await db.schema
    .createTable('mention_regions')
    .addColumn('adcode', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
    .addPrimaryKeyConstraint('mention_regions_pk', ['adcode', 'mention_id'])
    .execute();
  await db.schema
    .createIndex('mention_regions_mention')
    .on('mention_regions')
    .column('mention_id')
    .execute();
  await db.schema
    .createTable('mention_risks')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
    .addPrimaryKeyConstraint('mention_risks_pk', ['category', 'mention_id'])
    .execute();
  await db.schema
    .createIndex('mention_risks_mention')
    .on('mention_risks')
    .column('mention_id')
    .execute();
}
