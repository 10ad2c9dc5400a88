// Wire schemas shared by several routes (views and list envelopes).
import { z, type ZodType } from 'zod';
import { LEADER_KINDS, ROLES, TOKEN_SCOPES } from '../domain/access.ts';

export const id = z.string().min(1).max(100);
export const idParams = z.object({ id });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});

export function page<T extends ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

export const scopeSchema = z.union([
  z.object({ kind: z.literal('province') }),
  z.object({ kind: z.literal('unit'), unitId: z.string() }),
]);

export const unitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  name_en: z.string().nullable(),
  kind: z.enum(['bureau', 'division', 'city']),
  parent_id: z.string().nullable(),
  region_code: z.string().nullable(),
  hosts_office: z.boolean(),
  sort_order: z.number(),
});

export const personSchema = z.object({
  id: z.string(),
  unit_id: z.string(),
  name: z.string(),
  title: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  unit_id: z.string(),
  person_id: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  leader_kind: z.enum(LEADER_KINDS).nullable(),
  disabled: z.boolean(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  unit_id: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export const CONTACT_KINDS = [
  'propaganda',
  'public_security',
  'media',
  'superior',
  'statistics',
  'other',
] as const;

export const contactSchema = z.object({
  id: z.string(),
  kind: z.enum(CONTACT_KINDS),
  organisation: z.string(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const positionSchema = z.object({
  id: z.string(),
  body: z.enum(['leadership_group', 'office']),
  position: z.string(),
  leader_kind: z.enum(LEADER_KINDS).nullable(),
  since: z.string(),
  person: z.object({ id: z.string(), name: z.string(), title: z.string(), unit_id: z.string() }),
});

/** Trimmed text with a length limit; empty after trimming is an error. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
