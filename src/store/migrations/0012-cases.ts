// The case library (典型案例, [P17]). `cases` holds each case as it now reads (plus the incident it
// came from, its confidentiality and whether it was withdrawn); `case_versions` keeps every text
// it ever had, version 1 being the first, so an edit never loses the old wording. `case_tags` is
// the tags for filters and suggestions; `case_terms` the full-text index (jieba words and
// character bigrams of the normalised text, per term the count in the title and in the body),
// derived from the current text and rewritten with each edit. Attachments are stored as bytes.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // published | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    // positive (正面典型) | negative (反面典型) | general (一般)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON string[] each
    .addColumn('successes', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('lessons', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    // JSON [{title, url}] (https only)
    .addColumn('videos', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The incident it came from, as its approved review named it (null: written by hand).
    .addColumn('incident_id', 'text')
    .addColumn('incident_title', 'text')
    .addColumn('incident_grade', 'text')
    .addColumn('incident_opened_at', 'text')
    .addColumn('incident_terminated_at', 'text')
    .addColumn('review_approval_id', 'text')
    .addColumn('review_version', 'integer')
    // open | restricted | secret (the incident's level when the case was made); null by hand
    .addColumn('confidentiality', 'text')
    .addColumn('confidentiality_note', 'text')
    .addColumn('declassified_by', 'text')
    .addColumn('declassified_at', 'text')
    .addColumn('declassification_reason', 'text')
    // Lengths of the indexed text in terms (BM25's document length), title and body apart.
    .addColumn('title_terms', 'integer', (c) => c.notNull())
    .addColumn('body_terms', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_reason', 'text')
    .execute();
  await db.schema
    .createIndex('cases_status_created')
    .on('cases')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('cases_incident').on('cases').column('incident_id').execute();

  await db.schema
    .createTable('case_versions')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // JSON CaseContent: title, summary, successes, problems, lessons, tags, kind, videos
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('case_versions_pk', ['case_id', 'version'])
    .execute();

  await db.schema
    .createTable('case_tags')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_tags_pk', ['case_id', 'tag'])
    .execute();
  await db.schema.createIndex('case_tags_tag').on('case_tags').column('tag').execute();

  await db.schema
    .createTable('case_terms')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // w:<word> (jieba) or b:<two characters>
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('title_tf', 'integer', (c) => c.notNull())
    .addColumn('body_tf', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_terms_pk', ['case_id', 'term'])
    .execute();
  await db.schema
    .createIndex('case_terms_term')
    .on('case_terms')
    .columns(['term', 'case_id'])
    .execute();

  await db.schema
    .createTable('case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared name.
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_attachments_case')
    .on('case_attachments')
    .columns(['case_id', 'added_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('case_attachments').execute();
  await db.schema.dropTable('case_terms').execute();
  await db.schema.dropTable('case_tags').execute();
  await db.schema.dropTable('case_versions').execute();
  await db.schema.dropTable('cases').execute();
}
