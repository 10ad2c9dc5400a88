// Briefings (简报: 日报/周报/月报 and 专报, issue 9). Every generated briefing is kept: its kind,
// period, scope, the document as JSON with its SHA-256, who or what made it and when; a second
// one of the same period is a new numbered issue (第 N 期 per kind, year and scope), never an
// overwrite. `briefing_runs` records each scheduled run once per kind and period (so a run
// missed during a restart is made up once, and never twice); `briefing_deliveries` is the
// e-mail outbox, one row per briefing and recipient, with attempts and the last error.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('briefings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // daily | weekly | monthly | special
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('issue_no', 'integer', (c) => c.notNull())
    // '' for the province (the office), else the city bureau's unit id
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    // 2026-11-28 | 2026-W48 | 2026-11 | incident:<id> | event:<id>
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    // incident | event, for a 专报
    .addColumn('subject_kind', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text', (c) => c.notNull())
    // the first paragraph (the figures in words), for lists
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON ReportDocument (src/reports/document.ts)
    .addColumn('document', 'text', (c) => c.notNull())
    // SHA-256 (hex) of `document` as stored
    .addColumn('sha256', 'text', (c) => c.notNull())
    // manual | schedule | cli
    .addColumn('trigger', 'text', (c) => c.notNull())
    // user | token | system
    .addColumn('generated_by_kind', 'text', (c) => c.notNull())
    .addColumn('generated_by_id', 'text')
    .addColumn('generated_by_name', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('briefings_issue')
    .on('briefings')
    .columns(['kind', 'year', 'scope_key', 'issue_no'])
    .unique()
    .execute();
  await db.schema
    .createIndex('briefings_list')
    .on('briefings')
    .columns(['scope_key', 'generated_at'])
    .execute();
  await db.schema
    .createIndex('briefings_period')
    .on('briefings')
    .columns(['kind', 'period_key'])
    .execute();

  await db.schema
    .createTable('briefing_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    // when the schedule said it should run
    .addColumn('slot_at', 'text', (c) => c.notNull())
    // done | failed (failed runs are tried again after retry_at, a few times)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('briefing_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('briefing_runs_period')
    .on('briefing_runs')
    .columns(['kind', 'scope_key', 'period_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('briefing_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('briefing_id', 'text', (c) => c.notNull().references('briefings.id'))
    // the address as resolved when queued, and whose it is (a person's name, or null)
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('person_id', 'text')
    // pending | sent | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('detail', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('briefing_deliveries_due')
    .on('briefing_deliveries')
    .columns(['status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('briefing_deliveries_briefing')
    .on('briefing_deliveries')
    .column('briefing_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('briefing_deliveries').execute();
  await db.schema.dropTable('briefing_runs').execute();
  await db.schema.dropTable('briefings').execute();
}
