// Incident response ([P7]-[P15], issue 7). The placeholder `incidents` table of 0007 becomes the
// real one: its columns stay (alert linking still writes them, and `alerts.incident_id` still
// points at it), new ones are added with defaults, so a placeholder row reads as a 'reported'
// incident. `record` holds the domain's whole `Incident` as JSON (null: a placeholder); the
// other columns are its indexed facts, rewritten from the record on every write.
// The timeline (append-only, hash-chained per incident), approval versions (a decided version
// never changes), delegations of signing (revoked, never deleted) and the links from an
// incident to the mentions, events, alerts and informants' reports it concerns.
import { sql, type ColumnBuilderCallback, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time. Columns that alert
  // linking does not write take a default or may be null.
  const columns: [string, 'text' | 'integer', ColumnBuilderCallback][] = [
    // reported | assessing | graded | responding | terminated | under_review | archived
    ['state', 'text', (c) => c.notNull().defaultTo('reported')],
    // major | general; null until graded
    ['grade', 'text', (c) => c],
    // open | restricted | secret ([P15])
    ['confidentiality', 'text', (c) => c.notNull().defaultTo('open')],
    // +1 per applied step; every write is a compare-and-set on it
    ['revision', 'integer', (c) => c.notNull().defaultTo(1)],
    // alert | event | informant_report | manual, and the id it names (null for manual)
    ['opened_from_kind', 'text', (c) => c],
    ['opened_from_id', 'text', (c) => c],
    ['updated_at', 'text', (c) => c],
    ['is_demo', 'integer', (c) => c.notNull().defaultTo(0)],
    // JSON Incident (src/domain/incident.ts); null for a placeholder made by alert linking
    ['record', 'text', (c) => c],
  ];
  for (const [name, type, build] of columns) {
    await db.schema.alterTable('incidents').addColumn(name, type, build).execute();
  }

  // The placeholders there are: opened from the alert that made them, updated when made.
  await sql`update incidents set updated_at = created_at where updated_at is null`.execute(db);
  await sql`
    update incidents
    set opened_from_kind = 'alert',
        opened_from_id = (select min(a.id) from alerts a where a.incident_id = incidents.id)
    where opened_from_kind is null
      and exists (select 1 from alerts a where a.incident_id = incidents.id)
  `.execute(db);
  await sql`update incidents set opened_from_kind = 'manual' where opened_from_kind is null`.execute(
    db,
  );

  await db.schema
    .createIndex('incidents_state')
    .on('incidents')
    .columns(['state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('incidents_unit')
    .on('incidents')
    .columns(['unit_id', 'state', 'created_at'])
    .execute();
  await db.schema.createIndex('incidents_created').on('incidents').column('created_at').execute();

  // The timeline: one row per entry, never updated or deleted. seq counts 1, 2, ... per
  // incident (the recorded order); hash = SHA-256 over prev_hash, seq and the entry, so an
  // edit, a deletion or a reordering breaks the incident's chain.
  await db.schema
    .createTable('incident_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // system time: the server's clock when recorded
    .addColumn('at', 'text', (c) => c.notNull())
    // as a person declared it first; corrections are later entries
    .addColumn('declared_at', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    // TimelineKind (src/domain/incident-timeline.ts); pins are entries of kind 'pin'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON object
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_entries_seq')
    .on('incident_entries')
    .columns(['incident_id', 'seq'])
    .unique()
    .execute();

  // One row per version of a document (src/domain/approvals.ts `Approval`). The content
  // columns never change; a pending row changes once, by its decision or its closure.
  await db.schema
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    // shared by every version of one document
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    // the incident's grade when submitted
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON object: what the document decides (level, channels, ...)
    .addColumn('payload', 'text', (c) => c.notNull())
    // leader_in_charge | principal_leader | leadership_group, and JSON [user id]
    .addColumn('signer_rule', 'text', (c) => c.notNull())
    .addColumn('signer_ids', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    // pending | approved | rejected | returned | superseded | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    // the decision (approve | reject | return), sealed by seal_hash
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('on_behalf_of', 'text')
    .addColumn('delegation_id', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('seal_hash', 'text')
    // the closure (superseded | withdrawn)
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('superseded_by', 'text')
    .execute();
  await db.schema
    .createIndex('approvals_version')
    .on('approvals')
    .columns(['document_id', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('approvals_incident')
    .on('approvals')
    .columns(['incident_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('approvals_status')
    .on('approvals')
    .columns(['status', 'submitted_at'])
    .execute();

  // Who may sign a version (its signer.userIds, fixed when submitted): the approvals inbox.
  await db.schema
    .createTable('approval_signers')
    .addColumn('approval_id', 'text', (c) => c.notNull().references('approvals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('approval_signers_pk', ['approval_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('approval_signers_user')
    .on('approval_signers')
    .columns(['user_id', 'approval_id'])
    .execute();

  // A signer lets another leader sign for them for a while. Revoked, never deleted: a sealed
  // decision names the delegation it was made under.
  await db.schema
    .createTable('delegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_user_id', 'text', (c) => c.notNull())
    .addColumn('to_user_id', 'text', (c) => c.notNull())
    // JSON [DocumentType], or null: every kind
    .addColumn('doc_types', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('delegations_to')
    .on('delegations')
    .columns(['to_user_id', 'valid_from'])
    .execute();
  await db.schema
    .createIndex('delegations_from')
    .on('delegations')
    .columns(['from_user_id', 'valid_from'])
    .execute();

  // What an incident concerns: exactly one of mention, event, alert or informant's report per
  // row, each a foreign key. A linked mention is evidence: retention keeps it
  // (src/services/retention.service.ts EVIDENCE_REFERENCES).
  await db.schema
    .createTable('incident_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    // mention | event | alert | report
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.references('mentions.id'))
    .addColumn('event_id', 'text', (c) => c.references('events.id'))
    .addColumn('alert_id', 'text', (c) => c.references('alerts.id'))
    .addColumn('report_id', 'text', (c) => c.references('reports.id'))
    .addColumn('linked_by', 'text')
    .addColumn('linked_at', 'text', (c) => c.notNull())
    // the timeline entry that linked it (opened, link_items), if any
    .addColumn('entry_id', 'text')
    .addCheckConstraint(
      'incident_links_one_target',
      sql`(case when kind = 'mention' and mention_id is not null and event_id is null and alert_id is null and report_id is null then 1
             when kind = 'event' and event_id is not null and mention_id is null and alert_id is null and report_id is null then 1
             when kind = 'alert' and alert_id is not null and mention_id is null and event_id is null and report_id is null then 1
             when kind = 'report' and report_id is not null and mention_id is null and event_id is null and alert_id is null then 1
             else 0 end) = 1`,
    )
    .execute();
  for (const col of ['mention_id', 'event_id', 'alert_id', 'report_id']) {
    await db.schema
      .createIndex(`incident_links_${col.replace('_id', '')}`)
      .on('incident_links')
      .columns(['incident_id', col])
      .unique()
      .execute();
  }
  await db.schema
    .createIndex('incident_links_mention_target')
    .on('incident_links')
    .column('mention_id')
    .execute();
  await db.schema
    .createIndex('incident_links_event_target')
    .on('incident_links')
    .column('event_id')
    .execute();

  // Alerts already linked to a placeholder are links of that incident.
  await sql`
    insert into incident_links (id, incident_id, kind, alert_id, linked_by, linked_at)
    select 'alert:' || id, incident_id, 'alert', id, closed_by, coalesce(closed_at, updated_at)
    from alerts
    where incident_id is not null
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'incident_links',
    'delegations',
    'approval_signers',
    'approvals',
    'incident_entries',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  for (const i of ['incidents_state', 'incidents_unit', 'incidents_created']) {
    await db.schema.dropIndex(i).execute();
  }
  for (const c of [
    'record',
    'is_demo',
    'updated_at',
    'opened_from_id',
    'opened_from_kind',
    'revision',
    'confidentiality',
    'grade',
    'state',
  ]) {
    await db.schema.alterTable('incidents').dropColumn(c).execute();
  }
}
