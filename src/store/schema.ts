// Table types for Kysely. One schema for SQLite and PostgreSQL, so columns use portable
// types: ids are text, times are ISO-8601 UTC text (sortable as strings), flags are integers
// 0/1 and structured values are JSON text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LeaderKind } from '../domain/access.ts';
import type { ContactKind, OrgBody, UnitKind } from '../domain/organisation.ts';
import type { ApprovalStatus, Decision, DocumentType, SignerRule } from '../domain/approvals.ts';
import type { Grade } from '../domain/grading.ts';
import type { ConfidentialityLevel, IncidentSource } from '../domain/incident-actions.ts';
import type { IncidentState } from '../domain/incident.ts';
import type { TimelineKind } from '../domain/incident-timeline.ts';
import type { ReleaseChannel, ReleaseStatus, TalkingPointKind } from '../publish/types.ts';

export interface UnitTable {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: UnitKind;
  parent_id: string | null;
  /** Administrative division code (adcode) for city bureaus. */
  region_code: string | null;
  /** 1 for the division that hosts the office (综合处). */
  hosts_office: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  unit_id: string;
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface PositionTable {
  id: string;
  person_id: string;
  body: OrgBody;
  position: string;
  /** For leaders: principal (主要负责同志) or in_charge (分管负责同志). */
  leader_kind: LeaderKind | null;
  since: string;
  until: string | null;
}

export interface InformantTable {
  unit_id: string;
  person_id: string;
  since: string;
}

export interface ContactTable {
  id: string;
  kind: ContactKind;
  organisation: string;
  name: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: string;
  person_id: string | null;
  /** JSON array of roles. */
  roles: string;
  leader_kind: LeaderKind | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie value: the cookie itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  /** First characters of the token, to recognise it in lists. */
  prefix: string;
  /** JSON array of scopes. */
  scopes: string;
  unit_id: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_kind: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id 1) holding the chain head; updating it serialises appends on PostgreSQL. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export type SourceType = 'feed' | 'web' | 'push' | 'file' | 'informant' | 'demo';

export interface SourceTable {
  id: string;
  /** Stable name used by the push API and imports, e.g. `weibo` or `rsshub-gstj`. */
  key: string;
  name: string;
  type: SourceType;
  address: string | null;
  /** JSON: connector settings (selectors, headers, ...). */
  config: string;
  /** Cron expression for polled sources. */
  schedule: string | null;
  unit_id: string;
  enabled: number;
  is_demo: number;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  etag: string | null;
  last_modified: string | null;
  created_at: string;
  updated_at: string;
}

export interface MentionTable {
  id: string;
  source_id: string;
  natural_key: string;
  key_kind: 'external_id' | 'url' | 'content';
  external_id: string | null;
  url: string | null;
  canonical_url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  analysis_text: string;
  content_hash: string;
  published_at: string | null;
  published_raw: string | null;
  collected_at: string;
  lang: string | null;
  parent_external_id: string | null;
  /** JSON {reposts, comments, likes, views}. */
  metrics: string | null;
  region: string | null;
  /** How it arrived: api, import, feed, web, informant, demo. */
  channel: string;
  is_demo: number;
}

export interface QuarantineTable {
  id: string;
  received_at: string;
  channel: string;
  source: string | null;
  /** The item's 0-based position in its batch or file. */
  position: number | null;
  /** The raw item as received (text). */
  payload: string;
  /** JSON array of {field, message}. */
  errors: string;
  unit_id: string | null;
  resolved_at: string | null;
  resolution: string | null;
  mention_id: string | null;
}

export interface ImportRunTable {
  id: string;
  fingerprint: string;
  path: string;
  bytes_done: number;
  records_done: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ReportTable {
  id: string;
  reporter_id: string;
  unit_id: string;
  text: string;
  link: string | null;
  note: string | null;
  created_at: string;
  mention_id: string | null;
  machine_found_at: string | null;
}

export interface ReportAttachmentTable {
  report_id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  data: Buffer;
}

export interface SchemeTable {
  id: string;
  name: string;
  query: string;
  description: string | null;
  unit_id: string;
  owner_id: string;
  enabled: number;
  /** JSON default alert settings, or null. */
  alert: string | null;
  version: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface MentionAnalysisTable {
  mention_id: string;
  analysed_at: string;
  model: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  sentiment_score: number;
  risk_score: number;
  /** JSON [{id, weight, terms}]. */
  risk: string;
  /** JSON [{adcode, name, level, path}]. */
  regions: string;
  /** JSON [string]. */
  keywords: string;
  fingerprint: string;
  group_id: string;
  dup_of: string | null;
  dup_kind: 'exact' | 'near' | null;
}

export interface MentionSchemeTable {
  scheme_id: string;
  mention_id: string;
}

export interface MentionRegionTable {
  adcode: string;
  mention_id: string;
}

export interface MentionRiskTable {
  category: string;
  mention_id: string;
}

export interface EventTable {
  id: string;
  title: string;
  title_mention_id: string | null;
  keywords: string;
  status: 'open' | 'closed' | 'merged';
  merged_into: string | null;
  first_seen: string;
  last_seen: string;
  mention_count: number;
  negative_count: number;
  neutral_count: number;
  positive_count: number;
  interactions: number;
  max_followers: number;
  authority_tier: string | null;
  authority_name: string | null;
  max_risk: number;
  risk_categories: string;
  prefectures: string;
  outside_province: number;
  heat: number;
  heat_factors: string;
  suggested_grade: 'major' | 'general';
  grade_reasons: string;
  is_demo: number;
  created_at: string;
  updated_at: string;
}
export type EventRow = Selectable<EventTable>;

export interface MentionEventTable {
  mention_id: string;
  event_id: string;
  assigned_by: 'machine' | 'person';
  assigned_at: string;
}

/** A committed ingest batch whose mentions wait for their events (0015-event-queue). */
export interface EventQueueTable {
  id: string;
  /** JSON array of mention ids, in analysis order. */
  mention_ids: string;
  queued_at: string;
}

export interface VolumeBucketTable {
  kind: 'all' | 'event' | 'scheme' | 'region' | 'source';
  key: string;
  res: 'minute' | 'hour';
  bucket: number;
  count: number;
  negative: number;
  positive: number;
}

// Early warning (migration 0007).
export interface DutyShiftTable {
  id: string;
  unit_id: string;
  name: string;
  /** HH:MM, Asia/Shanghai; an end at or before the start runs past midnight. */
  start_time: string;
  end_time: string;
  days: 'workday' | 'rest_day' | 'all';
  sort_order: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DutyRotationTable {
  id: string;
  shift_id: string;
  /** JSON [person id] in turn order. */
  person_ids: string;
  /** YYYY-MM-DD */
  starts_on: string;
  period_days: number;
  created_at: string;
}

export interface DutyOverrideTable {
  id: string;
  shift_id: string;
  /** The date (YYYY-MM-DD) the shift occurrence starts. */
  date: string;
  person_id: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface DutyHolidayTable {
  date: string;
  name: string;
  kind: 'holiday' | 'workday';
}

export interface NotifyChannelTable {
  id: string;
  name: string;
  kind: 'email' | 'webhook' | 'wecom' | 'dingtalk' | 'feishu' | 'sms';
  /** JSON ChannelConfig (with its secrets). */
  config: string;
  min_severity: 'normal' | 'high' | 'major';
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface AlertRuleTable {
  id: string;
  unit_id: string;
  name: string;
  enabled: number;
  severity: 'normal' | 'high' | 'major';
  /** JSON AlertConditions. */
  conditions: string;
  /** JSON {from, to} or null. */
  quiet_hours: string | null;
  debounce_seconds: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AlertMatchTable {
  rule_id: string;
  event_id: string;
  count: number;
  first_at: string;
  last_at: string;
}

/**
 * An incident (0007 made it a placeholder; 0008 the real one). `record` is the domain's whole
 * `Incident` as JSON; the other columns are its indexed facts, written from it. A row alert
 * linking makes still has the 0007 columns only: `record` null, the rest defaulted.
 */
export interface IncidentTable {
  id: string;
  title: string;
  /** 0007's column: 'placeholder' for a row made by alert linking, 'incident' once recorded. */
  status: string;
  unit_id: string;
  created_by: string | null;
  created_at: string;
  state: Generated<IncidentState>;
  grade: Grade | null;
  confidentiality: Generated<ConfidentialityLevel>;
  /** Compare-and-set on every write. */
  revision: Generated<number>;
  opened_from_kind: IncidentSource | null;
  opened_from_id: string | null;
  /** Null on a placeholder made after 0008 by alert linking (read as created_at). */
  updated_at: string | null;
  is_demo: Generated<number>;
  /** JSON Incident; null for a placeholder. */
  record: string | null;
}

export interface AlertTable {
  id: string;
  key: string;
  /** incident: an incident's urgent notice ([P10]) or an overdue task. */
  kind: 'event' | 'coverage' | 'delivery' | 'incident';
  event_id: string | null;
  source_id: string | null;
  unit_id: string;
  severity: 'normal' | 'high' | 'major';
  title: string;
  summary: string;
  /** JSON [rule id]. */
  rule_ids: string;
  status: 'open' | 'acknowledged' | 'dismissed' | 'linked';
  fired_at: string;
  updated_at: string;
  mention_count: number;
  notified_count: number;
  last_notified_at: string | null;
  ack_due_at: string;
  escalation_step: number;
  next_escalation_at: string | null;
  /** JSON EscalationStep[] as resolved when the alert fired. */
  chain: string;
  looked_major: number;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_name: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_name: string | null;
  close_reason: string | null;
  dismiss_approved_by: string | null;
  incident_id: string | null;
  is_demo: number;
}

export interface AlertEvidenceTable {
  id: string;
  alert_id: string;
  mention_id: string | null;
  source_name: string | null;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  published_at: string | null;
  collected_at: string | null;
  html_status: 'none' | 'pending' | 'fetched' | 'failed';
  html: string | null;
  html_fetched_at: string | null;
  html_error: string | null;
  captured_at: string;
}

export interface AlertDeliveryTable {
  id: string;
  alert_id: string;
  notice_kind: 'fired' | 'grown' | 'escalated' | 'reminder' | 'failure' | 'test';
  step: number;
  channel_id: string;
  channel_kind: string;
  /** JSON Notice. */
  notice: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  due_at: string;
  last_error: string | null;
  detail: string | null;
  sent_at: string | null;
  created_at: string;
}

// Incident response (migration 0008).
/** A timeline entry: append-only, hash-chained per incident. */
export interface IncidentEntryTable {
  id: string;
  incident_id: string;
  /** 1, 2, ... per incident, in recorded order. */
  seq: number;
  /** System time. */
  at: string;
  declared_at: string | null;
  actor_id: string;
  actor_name: string;
  kind: TimelineKind;
  summary: string;
  /** JSON object. */
  data: string;
  prev_hash: string;
  hash: string;
}

/** One version of one document with its approval (domain `Approval`, flattened). */
export interface ApprovalTable {
  id: string;
  incident_id: string;
  document_id: string;
  version: number;
  doc_type: DocumentType;
  grade: Grade;
  title: string;
  body: string;
  /** JSON object. */
  payload: string;
  signer_rule: SignerRule;
  /** JSON [user id]. */
  signer_ids: string;
  submitted_by: string;
  submitted_at: string;
  content_hash: string;
  status: ApprovalStatus;
  decision: Decision | null;
  comment: string | null;
  decided_by: string | null;
  on_behalf_of: string | null;
  delegation_id: string | null;
  decided_at: string | null;
  seal_hash: string | null;
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
  superseded_by: string | null;
}

// Official information release (migration 0009).
export interface ReleaseTable {
  id: string;
  incident_id: string;
  unit_id: string;
  approval_id: string;
  content_hash: string;
  kind: TalkingPointKind;
  title: string;
  /** JSON ReleaseContent. */
  content: string;
  /** JSON [ReleaseChannel]. */
  channels: string;
  status: ReleaseStatus;
  corrects: string | null;
  corrected_by: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  published_at: string;
  updated_at: string;
  is_demo: number;
}

export type PublicationStatus = 'pending' | 'published' | 'failed' | 'awaiting_proof';

export interface ReleasePublicationTable {
  id: string;
  release_id: string;
  channel: ReleaseChannel;
  adapter: string;
  status: PublicationStatus;
  attempts: number;
  due_at: string | null;
  last_error: string | null;
  detail: string | null;
  url: string | null;
  external_id: string | null;
  proof_name: string | null;
  proof_type: string | null;
  proof_sha256: string | null;
  proof_data: Buffer | null;
  recorded_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApprovalSignerTable {
  approval_id: string;
  user_id: string;
}

export interface DelegationTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  /** JSON [DocumentType], or null: every kind. */
  doc_types: string | null;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export type IncidentLinkKind = 'mention' | 'event' | 'alert' | 'report';

/** What an incident concerns: exactly one of the four ids is set, the one `kind` names. */
export interface IncidentLinkTable {
  id: string;
  incident_id: string;
  kind: IncidentLinkKind;
  mention_id: string | null;
  event_id: string | null;
  alert_id: string | null;
  report_id: string | null;
  linked_by: string | null;
  linked_at: string;
  entry_id: string | null;
}

// The case library (典型案例, 0012-cases).
export type CaseStatus = 'published' | 'withdrawn';

export interface CaseTable {
  id: string;
  status: CaseStatus;
  /** positive (正面典型) | negative (反面典型) | general (一般) */
  kind: string;
  title: string;
  summary: string;
  /** JSON string[] */
  successes: string;
  /** JSON string[] */
  problems: string;
  /** JSON string[] */
  lessons: string;
  /** JSON string[] (normalised) */
  tags: string;
  /** JSON [{title, url}] */
  videos: string;
  version: number;
  incident_id: string | null;
  incident_title: string | null;
  incident_grade: string | null;
  incident_opened_at: string | null;
  incident_terminated_at: string | null;
  review_approval_id: string | null;
  review_version: number | null;
  confidentiality: string | null;
  confidentiality_note: string | null;
  declassified_by: string | null;
  declassified_at: string | null;
  declassification_reason: string | null;
  title_terms: number;
  body_terms: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
}

export interface CaseVersionTable {
  case_id: string;
  version: number;
  /** JSON CaseContent */
  content: string;
  edited_by: string;
  edited_at: string;
  note: string | null;
}

export interface CaseTagTable {
  case_id: string;
  tag: string;
}

export interface CaseTermTable {
  case_id: string;
  term: string;
  title_tf: number;
  body_tf: number;
}

export interface CaseAttachmentTable {
  id: string;
  case_id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  caption: string | null;
  added_by: string;
  added_at: string;
  data: Buffer;
}

// Briefings (简报, 0013-briefings).
export interface BriefingTable {
  id: string;
  kind: 'daily' | 'weekly' | 'monthly' | 'special';
  year: number;
  /** 第 N 期: per kind, year and scope. */
  issue_no: number;
  /** '' for the province, else the city bureau's unit id. */
  scope_key: string;
  unit_id: string | null;
  /** 2026-11-28 | 2026-W48 | 2026-11 | incident:<id> | event:<id> */
  period_key: string;
  period_start: string | null;
  period_end: string | null;
  subject_kind: 'incident' | 'event' | null;
  subject_id: string | null;
  title: string;
  subtitle: string;
  summary: string;
  /** JSON ReportDocument. */
  document: string;
  /** SHA-256 (hex) of `document`. */
  sha256: string;
  trigger: 'manual' | 'schedule' | 'cli';
  generated_by_kind: 'user' | 'token' | 'system';
  generated_by_id: string | null;
  generated_by_name: string;
  generated_at: string;
}

export interface BriefingRunTable {
  id: string;
  kind: 'daily' | 'weekly' | 'monthly';
  scope_key: string;
  period_key: string;
  slot_at: string;
  status: 'done' | 'failed';
  attempts: number;
  retry_at: string | null;
  last_error: string | null;
  briefing_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BriefingDeliveryTable {
  id: string;
  briefing_id: string;
  address: string;
  name: string | null;
  person_id: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  due_at: string;
  last_error: string | null;
  detail: string | null;
  sent_at: string | null;
  created_at: string;
}

// The informant network's assessment (0011-informant-assessment).
export interface ReportReviewTable {
  id: string;
  report_id: string;
  /** 1, 2, ...: a changed review is a new version; the highest is in force. */
  version: number;
  decision: 'adopted' | 'not_adopted' | 'machine_found';
  level: 'daily' | 'special' | 'instruction' | null;
  reason: string | null;
  note: string | null;
  /** The first collection by a monitored source after the report, as seen at the review. */
  machine_later_at: string | null;
  reviewer_id: string;
  reviewed_at: string;
}

export interface InformantSupportTable {
  id: string;
  person_id: string;
  unit_id: string;
  kind: 'duty_allowance' | 'equipment' | 'data_plan' | 'training';
  /** Asia/Shanghai calendar date YYYY-MM-DD. */
  date: string;
  amount_fen: number | null;
  minutes: number | null;
  note: string | null;
  created_by: string;
  created_at: string;
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
}

// People's performance (0014-performance): commendation and accountability proposals.
export interface PerformanceProposalTable {
  id: string;
  document_id: string;
  version: number;
  kind: 'commendation' | 'accountability';
  person_id: string;
  unit_id: string | null;
  incident_id: string | null;
  year: number;
  /** JSON ProposalContent (src/domain/performance-proposals.ts). */
  content: string;
  content_hash: string;
  status: 'pending' | 'approved' | 'rejected' | 'returned' | 'superseded';
  decision: Decision | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
  seal_hash: string | null;
  closed_at: string | null;
  closed_by: string | null;
  superseded_by: string | null;
  submitted_by: string;
  submitted_at: string;
}

export interface Database {
  performance_proposals: PerformanceProposalTable;
  report_reviews: ReportReviewTable;
  informant_support: InformantSupportTable;
  briefings: BriefingTable;
  briefing_runs: BriefingRunTable;
  briefing_deliveries: BriefingDeliveryTable;
  cases: CaseTable;
  case_versions: CaseVersionTable;
  case_tags: CaseTagTable;
  case_terms: CaseTermTable;
  case_attachments: CaseAttachmentTable;
  incident_entries: IncidentEntryTable;
  approvals: ApprovalTable;
  releases: ReleaseTable;
  release_publications: ReleasePublicationTable;
  approval_signers: ApprovalSignerTable;
  delegations: DelegationTable;
  incident_links: IncidentLinkTable;
  duty_shifts: DutyShiftTable;
  duty_rotations: DutyRotationTable;
  duty_overrides: DutyOverrideTable;
  duty_holidays: DutyHolidayTable;
  notify_channels: NotifyChannelTable;
  alert_rules: AlertRuleTable;
  alert_matches: AlertMatchTable;
  incidents: IncidentTable;
  alerts: AlertTable;
  alert_evidence: AlertEvidenceTable;
  alert_deliveries: AlertDeliveryTable;
  events: EventTable;
  mention_events: MentionEventTable;
  event_queue: EventQueueTable;
  volume_buckets: VolumeBucketTable;
  units: UnitTable;
  people: PersonTable;
  positions: PositionTable;
  informants: InformantTable;
  contacts: ContactTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  sources: SourceTable;
  mentions: MentionTable;
  quarantine: QuarantineTable;
  import_runs: ImportRunTable;
  settings: SettingTable;
  reports: ReportTable;
  report_attachments: ReportAttachmentTable;
  schemes: SchemeTable;
  mention_analysis: MentionAnalysisTable;
  mention_schemes: MentionSchemeTable;
  mention_regions: MentionRegionTable;
  mention_risks: MentionRiskTable;
}

export type UnitRow = Selectable<UnitTable>;
export type PersonRow = Selectable<PersonTable>;
export type PositionRow = Selectable<PositionTable>;
export type ContactRow = Selectable<ContactTable>;
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewUnit = Insertable<UnitTable>;
export type SourceRow = Selectable<SourceTable>;
export type MentionRow = Selectable<MentionTable>;
export type QuarantineRow = Selectable<QuarantineTable>;
export type ImportRunRow = Selectable<ImportRunTable>;
export type ReportRow = Selectable<ReportTable>;
export type UnitUpdate = Updateable<UnitTable>;
// Generated is re-exported for later tables with database-made values.
export type { Generated };
export type SchemeRow = Selectable<SchemeTable>;
export type MentionAnalysisRow = Selectable<MentionAnalysisTable>;
export type AlertRow = Selectable<AlertTable>;
export type AlertRuleRow = Selectable<AlertRuleTable>;
export type DutyShiftRow = Selectable<DutyShiftTable>;
export type NotifyChannelRow = Selectable<NotifyChannelTable>;
export type IncidentRow = Selectable<IncidentTable>;
export type IncidentEntryRow = Selectable<IncidentEntryTable>;
export type ApprovalRow = Selectable<ApprovalTable>;
export type ReleaseRow = Selectable<ReleaseTable>;
export type PublicationRow = Selectable<ReleasePublicationTable>;
export type DelegationRow = Selectable<DelegationTable>;
export type IncidentLinkRow = Selectable<IncidentLinkTable>;
export type CaseRow = Selectable<CaseTable>;
export type CaseVersionRow = Selectable<CaseVersionTable>;
export type BriefingRow = Selectable<BriefingTable>;
