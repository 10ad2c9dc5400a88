// The informant network's assessment ([P4], [P16]): the office's review (审核) of each report,
// kept version by version (a changed review is a new row; nothing is deleted), and the support
// records (保障记录) of informants: duty allowance, equipment, data plan (money in fen) and
// training (minutes). Also an index on mentions' canonical URL, which the lead of an informant
// over the monitored sources is looked up by.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('report_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    // 1, 2, ...: the highest is the review in force.
    .addColumn('version', 'integer', (c) => c.notNull())
    // adopted | not_adopted | machine_found
    .addColumn('decision', 'text', (c) => c.notNull())
    // For adopted reports: daily | special | instruction.
    .addColumn('level', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    // The first collection of the link by a monitored source after the report, as seen when
    // the review was made (null: none yet, or the machine was first, or no link).
    .addColumn('machine_later_at', 'text')
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_reviews_version', ['report_id', 'version'])
    .execute();
  await db.schema
    .createIndex('report_reviews_reviewed')
    .on('report_reviews')
    .column('reviewed_at')
    .execute();

  await db.schema
    .createTable('informant_support')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    // The person's unit when the record was made (unit totals and scope).
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    // duty_allowance | equipment | data_plan | training
    .addColumn('kind', 'text', (c) => c.notNull())
    // The Asia/Shanghai calendar date YYYY-MM-DD.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('minutes', 'integer')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A wrong record is voided (kept, with who, when and why), never deleted.
    .addColumn('voided_at', 'text')
    .addColumn('voided_by', 'text', (c) => c.references('users.id'))
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema
    .createIndex('informant_support_unit')
    .on('informant_support')
    .columns(['unit_id', 'date'])
    .execute();
  await db.schema
    .createIndex('informant_support_person')
    .on('informant_support')
    .columns(['person_id', 'date'])
    .execute();

  // The ranking reads a period's reports of every unit.
  await db.schema.createIndex('reports_created').on('reports').column('created_at').execute();
  await db.schema
    .createIndex('mentions_canonical_url')
    .on('mentions')
    .columns(['canonical_url', 'collected_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('mentions_canonical_url').execute();
  await db.schema.dropIndex('reports_created').execute();
  await db.schema.dropTable('informant_support').execute();
  await db.schema.dropTable('report_reviews').execute();
}
