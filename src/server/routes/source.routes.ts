// The source registry and its health.
import type { Router, Services } from '../app.ts';
import {
  idParams,
  page,
  sourceBody,
  sourceRunResultSchema,
  sourceSchema,
  sourceTestResultSchema,
} from '../schemas.ts';

export function registerSourceRoutes(route: Router, s: Services): void {
  const tag = 'sources';
  route(
    {
      method: 'GET',
      url: '/api/v1/sources',
      summary: 'Sources in your scope, with health and coverage',
      tag,
      access: 'signed-in',
      response: page(sourceSchema),
    },
    async ({ actor }) => ({ items: await s.sources.list(actor), next_cursor: null }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/sources/:id',
      summary: 'One source',
      tag,
      access: 'signed-in',
      params: idParams,
      response: sourceSchema,
    },
    async ({ actor, params }) => s.sources.get(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/sources',
      summary: 'Add a polled source (feed or web page list)',
      tag,
      access: 'signed-in',
      body: sourceBody,
      status: 201,
      response: sourceSchema,
    },
    async ({ actor, body }) => s.sources.create(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/sources/:id',
      summary: 'Change, pause (enabled: false) or resume a source',
      tag,
      access: 'signed-in',
      params: idParams,
      body: sourceBody.partial(),
      response: sourceSchema,
    },
    async ({ actor, params, body }) => s.sources.update(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/sources/test',
      summary: 'Try a source’s settings once and show what it would deliver; stores nothing',
      tag,
      access: 'signed-in',
      body: sourceBody,
      response: sourceTestResultSchema,
    },
    async ({ actor, body }) => s.sources.test(actor, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/sources/:id/run',
      summary: 'Poll a source now, whatever its schedule',
      tag,
      access: 'signed-in',
      params: idParams,
      response: sourceRunResultSchema,
    },
    async ({ actor, params }) => s.sources.runNow(actor, params.id),
  );
}
