// The monitoring network's store: sources, mentions (one row per post, exactly once),
// the quarantine of rejected input, and file-import progress for resuming after a crash.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('schedule', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_run_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    // sha256 of the natural key: source + external id, else canonical URL, else content.
    .addColumn('natural_key', 'text', (c) => c.notNull().unique())
    .addColumn('key_kind', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('author', 'text')
    .addColumn('title', 'text')
    // The text exactly as received; analysis reads analysis_text.
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('analysis_text', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_raw', 'text')
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('parent_external_id', 'text')
    .addColumn('metrics', 'text')
    .addColumn('region', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('mentions_collected').on('mentions').column('collected_at').execute();
  await db.schema.createIndex('mentions_published').on('mentions').column('published_at').execute();
  await db.schema
    .createIndex('mentions_source')
    .on('mentions')
    .columns(['source_id', 'collected_at'])
    .execute();
  await db.schema.createIndex('mentions_hash').on('mentions').column('content_hash').execute();

  await db.schema
    .createTable('quarantine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('position', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .addColumn('mention_id', 'text')
    .execute();
  await db.schema
    .createIndex('quarantine_received')
    .on('quarantine')
    .column('received_at')
    .execute();

  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Identifies a file across runs: path, size and a hash of its first bytes.
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes_done', 'integer', (c) => c.notNull())
    .addColumn('records_done', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('duplicates', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();

  // Small facts the system keeps about itself (e.g. when the demo replay started).
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['settings', 'import_runs', 'quarantine', 'mentions', 'sources']) {
    await db.schema.dropTable(t).execute();
  }
}
