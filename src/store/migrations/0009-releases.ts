// Official information release (信息发布, issue 8). `releases` is the public record of statements:
// a projection of each incident record's `releases` (src/domain/incident.ts), rewritten from it
// on every publishing step, indexed for the public page and the Atom feed. A row is never
// deleted: a corrected or withdrawn statement stays, marked. `release_publications` holds one
// row per statement and channel: what was sent where, each attempt's outcome, and the proof
// (the URL and, for a manual channel, a screenshot).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    // the approved talking points version published, and its content hash
    .addColumn('approval_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    // statement | qa | clarification
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON ReleaseContent (src/publish/types.ts), byte for byte the approved version's
    .addColumn('content', 'text', (c) => c.notNull())
    // JSON [ReleaseChannel]
    .addColumn('channels', 'text', (c) => c.notNull())
    // published | corrected | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('corrects', 'text')
    .addColumn('corrected_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_reason', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('releases_published').on('releases').column('published_at').execute();
  await db.schema
    .createIndex('releases_incident')
    .on('releases')
    .columns(['incident_id', 'published_at'])
    .execute();

  await db.schema
    .createTable('release_publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
    // ReleaseChannel, and the adapter that serves it (webhook | website_cms | weibo | wechat | manual)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('adapter', 'text', (c) => c.notNull())
    // pending | published | failed | awaiting_proof
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('detail', 'text')
    .addColumn('url', 'text')
    .addColumn('external_id', 'text')
    .addColumn('proof_name', 'text')
    .addColumn('proof_type', 'text')
    .addColumn('proof_sha256', 'text')
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared name
    .addColumn('proof_data', sql`bytea`)
    .addColumn('recorded_by', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('release_publications_release')
    .on('release_publications')
    .columns(['release_id', 'channel'])
    .unique()
    .execute();
  await db.schema
    .createIndex('release_publications_due')
    .on('release_publications')
    .columns(['status', 'due_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('release_publications').execute();
  await db.schema.dropTable('releases').execute();
}
