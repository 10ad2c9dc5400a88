// Wire types of the API (SPEC.md "API surface"), as the browser receives them. Kept by hand in
// step with src/server/schemas.ts; the shared role rules come from src/domain/access.ts.
import type { LeaderKind, Role, TokenScope, UnitScope } from '../../../src/domain/access.ts';

export type { LeaderKind, Role, TokenScope, UnitScope };

export type UnitKind = 'bureau' | 'division' | 'city';

export interface Unit {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: UnitKind;
  parent_id: string | null;
  region_code: string | null;
  hosts_office: boolean;
  sort_order: number;
}

export interface Me {
  kind: 'user' | 'token';
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  leader_kind: LeaderKind | null;
  scopes: TokenScope[];
  unit: Unit;
  scope: UnitScope;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Person {
  id: string;
  unit_id: string;
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export type OrgBody = 'leadership_group' | 'office';
export type PositionName =
  'head' | 'deputy_head' | 'member' | 'director' | 'deputy_director' | 'staff';

export interface Position {
  id: string;
  body: OrgBody;
  /** One of PositionName; a string on the wire. */
  position: string;
  leader_kind: LeaderKind | null;
  since: string;
  person: { id: string; name: string; title: string; unit_id: string };
}

export interface Informant {
  unit_id: string;
  person_id: string;
  person_name: string;
  since: string;
}

export interface OrgStructure {
  leadership_group: Position[];
  office: { host_unit: Unit | null; members: Position[] };
  informants: Informant[];
}

export const CONTACT_KINDS = [
  'propaganda',
  'public_security',
  'media',
  'superior',
  'statistics',
  'other',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface Contact {
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

export interface User {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  person_id: string | null;
  roles: Role[];
  leader_kind: LeaderKind | null;
  disabled: boolean;
  locked_until: string | null;
  created_at: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { kind: string; id: string | null; name: string };
  action: string;
  object: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  entries: number;
  head: string;
  problem: { seq: number; reason: string; message: string } | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  unit_id: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface NewUnit {
  code: string;
  name: string;
  name_en?: string | null;
  kind: UnitKind;
  parent_id?: string | null;
  region_code?: string | null;
  hosts_office?: boolean;
  sort_order?: number;
}

export interface NewPerson {
  unit_id: string;
  name: string;
  title: string;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
}

export interface NewContact {
  kind: ContactKind;
  organisation: string;
  name?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  note?: string | null;
}

export interface NewUser {
  username: string;
  display_name: string;
  password: string;
  unit_id: string;
  roles: Role[];
  leader_kind?: LeaderKind | null;
  person_id?: string | null;
}

export interface UserPatch {
  display_name?: string;
  unit_id?: string;
  roles?: Role[];
  leader_kind?: LeaderKind | null;
  person_id?: string | null;
  disabled?: boolean;
}
