// Informant reports (报送, [P4] [P16]): what a person saw and reported, with an optional file,
// linked to the mention it became.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text')
    // When a monitored source had the same item first, and since when.
    .addColumn('machine_found_at', 'text')
    .execute();
  await db.schema
    .createIndex('reports_unit')
    .on('reports')
    .columns(['unit_id', 'created_at'])
    .execute();
  await db.schema.createIndex('reports_reporter').on('reports').column('reporter_id').execute();

  await db.schema
    .createTable('report_attachments')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared name.
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('report_attachments').execute();
  await db.schema.dropTable('reports').execute();
}
