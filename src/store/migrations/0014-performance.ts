// People's performance ([P17], issue 9 part 3): commendation and accountability proposals
// (表彰/问责建议). One row per version: the sealed content as JSON beside its indexed facts, the
// decision and its seal in columns. A row is never deleted; a decided version never changes
// (src/store/performance.repository.ts refuses it). The per-person facts themselves are read
// from the incident and alert records and stored nowhere.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('performance_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // every version of one proposal shares it
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // commendation | accountability
    .addColumn('kind', 'text', (c) => c.notNull())
    // the person concerned (a person id, or an account's id when it has no person record)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('incident_id', 'text')
    // the assessment year (Asia/Shanghai)
    .addColumn('year', 'integer', (c) => c.notNull())
    // JSON ProposalContent (src/domain/performance-proposals.ts): what the content hash covers
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    // pending | approved | rejected | returned | superseded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('seal_hash', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('superseded_by', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('performance_proposals_version')
    .on('performance_proposals')
    .columns(['document_id', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('performance_proposals_person')
    .on('performance_proposals')
    .columns(['person_id', 'year'])
    .execute();
  await db.schema
    .createIndex('performance_proposals_status')
    .on('performance_proposals')
    .columns(['status', 'submitted_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('performance_proposals').execute();
}
