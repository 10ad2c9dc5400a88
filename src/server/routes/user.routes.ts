// Accounts (admin).
import { z } from 'zod';
import { LEADER_KINDS, ROLES } from '../../domain/access.ts';
import type { Router, Services } from '../app.ts';
import { id, idParams, page, text, userSchema } from '../schemas.ts';

const userBody = z.object({
  username: z.string().trim().min(2).max(40),
  display_name: text(100),
  password: z.string().min(1).max(200),
  unit_id: id,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  leader_kind: z.enum(LEADER_KINDS).nullable().optional(),
  person_id: id.nullable().optional(),
});

export function registerUserRoutes(route: Router, s: Services): void {
  const tag = 'users';
  route(
    {
      method: 'GET',
      url: '/api/v1/users',
      summary: 'All accounts (admin)',
      tag,
      access: 'signed-in',
      response: page(userSchema),
    },
    async ({ actor }) => ({ items: await s.users.list(actor), next_cursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/users',
      summary: 'Create an account (admin)',
      tag,
      access: 'signed-in',
      body: userBody,
      status: 201,
      response: userSchema,
    },
    async ({ actor, body }) => s.users.create(actor, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/users/:id',
      summary: 'One account (admin)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: userSchema,
    },
    async ({ actor, params }) => s.users.get(actor, params.id),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/users/:id',
      summary: 'Change roles, unit or status of an account (admin)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: userBody
        .omit({ username: true, password: true })
        .partial()
        .extend({ disabled: z.boolean().optional() }),
      response: userSchema,
    },
    async ({ actor, params, body }) => s.users.update(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/users/:id/password',
      summary: 'Set a new password for an account (admin); ends its sessions',
      tag,
      access: 'signed-in',
      params: idParams,
      body: z.object({ password: z.string().min(1).max(200) }),
      status: 204,
    },
    async ({ actor, params, body }) => s.users.setPassword(actor, params.id, body.password),
  );
}
