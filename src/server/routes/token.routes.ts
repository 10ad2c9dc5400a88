// API tokens for machines (admin). The token value is in the create response only.
import { errors } from '../../errors.ts';
import type { Router, Services } from '../app.ts';
import { createdTokenSchema, idParams, page, tokenBody, tokenSchema } from '../schemas.ts';

export function registerTokenRoutes(route: Router, s: Services): void {
  const tag = 'tokens';
  route(
    {
      method: 'GET',
      url: '/api/v1/tokens',
      summary: 'API tokens (admin); values are never shown again',
      tag,
      access: 'signed-in',
      response: page(tokenSchema),
    },
    async ({ actor }) => ({ items: await s.tokens.list(actor), next_cursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tokens',
      summary: 'Create an API token (admin); the response holds the token, shown once',
      tag,
      access: 'signed-in',
      body: tokenBody,
      status: 201,
      response: createdTokenSchema,
    },
    async ({ actor, principal, body }) => {
      if (!principal || principal.kind !== 'user')
        throw errors.forbidden('only a person can create tokens');
      return s.tokens.create(actor, { ...body, created_by: principal.id });
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tokens/:id/revoke',
      summary: 'Revoke an API token (admin)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: tokenSchema,
    },
    async ({ actor, params }) => s.tokens.revoke(actor, params.id),
  );
}
