// Accounts (admin).
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import { idParams, page, userBody, userPatchBody, userSchema } from '../schemas.ts';

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
      body: userPatchBody,
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
