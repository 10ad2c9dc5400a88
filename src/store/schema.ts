// Table types for Kysely. One schema for SQLite and PostgreSQL, so columns use portable
// types: ids are text, times are ISO-8601 UTC text (sortable as strings), flags are integers
// 0/1 and structured values are JSON text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LeaderKind } from '../domain/access.ts';
import type { ContactKind, OrgBody, UnitKind } from '../domain/organisation.ts';

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

export interface Database {
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
}

export type UnitRow = Selectable<UnitTable>;
export type PersonRow = Selectable<PersonTable>;
export type PositionRow = Selectable<PositionTable>;
export type ContactRow = Selectable<ContactTable>;
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
// Generated is re-exported for later tables with database-made values.
export type { Generated };
