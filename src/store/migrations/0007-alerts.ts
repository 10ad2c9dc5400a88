// Early warning ([P7], [P12], [P15]): the duty roster (值班表), notification channels, alert
// rules, alerts with the escalation chain copied on when they fire, their evidence (kept past
// retention), and the delivery outbox every notification goes through (retried, never lost).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // A shift of a unit: HH:MM to HH:MM (an end at or before the start runs past midnight), on
  // working days, rest days or every day.
  await db.schema
    .createTable('duty_shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    // workday | rest_day | all
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_shifts_unit').on('duty_shifts').column('unit_id').execute();

  // Who takes a shift in turn: from starts_on, each person for period_days days of the shift.
  // A later rotation of the same shift replaces an earlier one from its start; history stays.
  await db.schema
    .createTable('duty_rotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shift_id', 'text', (c) => c.notNull().references('duty_shifts.id'))
    // JSON [person id] in turn order
    .addColumn('person_ids', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('period_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('duty_rotations_shift')
    .on('duty_rotations')
    .columns(['shift_id', 'starts_on'])
    .execute();

  // One occurrence of a shift (the date it starts) taken by someone else; the latest wins.
  await db.schema
    .createTable('duty_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shift_id', 'text', (c) => c.notNull().references('duty_shifts.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('duty_overrides_shift')
    .on('duty_overrides')
    .columns(['shift_id', 'date'])
    .execute();

  // Public holidays and the weekend days worked instead (调休): holiday | workday.
  await db.schema
    .createTable('duty_holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();

  // Where notifications go: email, webhook, wecom, dingtalk, feishu, sms; config JSON holds
  // the secrets and is never sent back whole.
  await db.schema
    .createTable('notify_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    // The lowest alert severity it carries: normal | high | major.
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('severity', 'text', (c) => c.notNull())
    // JSON AlertConditions (src/domain/alert-rules.ts)
    .addColumn('conditions', 'text', (c) => c.notNull())
    // JSON {from, to} HH:MM in Asia/Shanghai, or null
    .addColumn('quiet_hours', 'text')
    .addColumn('debounce_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Mentions of an event that met a rule's mention conditions, counted until the rule fires.
  await db.schema
    .createTable('alert_matches')
    .addColumn('rule_id', 'text', (c) => c.notNull().references('alert_rules.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_matches_pk', ['rule_id', 'event_id'])
    .execute();

  // Placeholder incidents until the incident workflow lands; alerts link to them.
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One alert per subject: event:<id>; source:<id>:<n>; delivery:<id>.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    // event | coverage | delivery
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.references('events.id'))
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON [rule id] that matched
    .addColumn('rule_ids', 'text', (c) => c.notNull())
    // open | acknowledged | dismissed | linked
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('mention_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notified_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_notified_at', 'text')
    .addColumn('ack_due_at', 'text', (c) => c.notNull())
    // Index into the chain of the step notified last; the next escalation goes to step + 1.
    .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_escalation_at', 'text')
    // JSON EscalationStep[] resolved to people when the alert fired
    .addColumn('chain', 'text', (c) => c.notNull())
    // 1 when the event's suggested grade was major at any time while the alert was open
    .addColumn('looked_major', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closed_name', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('dismiss_approved_by', 'text')
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('alerts_status')
    .on('alerts')
    .columns(['status', 'fired_at'])
    .execute();
  await db.schema
    .createIndex('alerts_escalation')
    .on('alerts')
    .column('next_escalation_at')
    .execute();
  await db.schema.createIndex('alerts_event').on('alerts').column('event_id').execute();

  // What triggered an alert, copied as published: it outlives retention and a deleted post.
  await db.schema
    .createTable('alert_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('mention_id', 'text')
    .addColumn('source_name', 'text')
    .addColumn('url', 'text')
    .addColumn('author', 'text')
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('collected_at', 'text')
    // none | pending | fetched | failed; html is the page as fetched for a web mention
    .addColumn('html_status', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('html_fetched_at', 'text')
    .addColumn('html_error', 'text')
    .addColumn('captured_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_evidence_alert')
    .on('alert_evidence')
    .column('alert_id')
    .execute();
  await db.schema
    .createIndex('alert_evidence_mention')
    .on('alert_evidence')
    .column('mention_id')
    .execute();

  // The outbox: one row per notification to send (a channel, and for email/SMS/in-app one
  // person); sent when due, retried with back-off, failed for good after the last attempt.
  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    // fired | grown | escalated | reminder | failure | test
    .addColumn('notice_kind', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    // a notify_channels id, or 'in_app'
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    // JSON Notice as rendered when the delivery was made
    .addColumn('notice', 'text', (c) => c.notNull())
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
    .createIndex('alert_deliveries_due')
    .on('alert_deliveries')
    .columns(['status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('alert_deliveries_alert')
    .on('alert_deliveries')
    .column('alert_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'alert_deliveries',
    'alert_evidence',
    'alerts',
    'incidents',
    'alert_matches',
    'alert_rules',
    'notify_channels',
    'duty_holidays',
    'duty_overrides',
    'duty_rotations',
    'duty_shifts',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
