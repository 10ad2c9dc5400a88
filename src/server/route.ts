// One route, one schema: each route declares zod schemas for its params, query and body and
// its response; the helper validates input before the handler runs, resolves who is calling,
// and records the route in the OpenAPI document built from the same schemas.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import type { Principal } from '../domain/access.ts';
import { errors } from '../errors.ts';
import type { Actor } from '../services/context.ts';

export type Access = 'public' | 'signed-in';

export interface RouteSpec<
  P extends ZodType,
  Q extends ZodType,
  B extends ZodType,
  R extends ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 202 | 204;
  /** For bodies that are not one JSON document (NDJSON...): media type -> JSON schema, for the docs. */
  rawBody?: Record<string, Record<string, unknown>>;
  /** Largest body this route accepts, in bytes (default: the server's). */
  bodyLimit?: number;
  response?: R;
}

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The authenticated caller; routes with access 'public' get null. */
  principal: Principal | null;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

type Out<T extends ZodType> = z.output<T>;

interface OpenApiOperation {
  method: string;
  path: string;
  operation: Record<string, unknown>;
}

/** Collects operations as routes are declared; serialised at /api/openapi.json. */
export class OpenApiRegistry {
  readonly operations: OpenApiOperation[] = [];

  add(op: OpenApiOperation): void {
    this.operations.push(op);
  }

  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      (paths[op.path] ??= {})[op.method] = op.operation;
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Yuqing API',
        version: '1',
        description:
          'Yuqing (舆情): monitoring, early warning and response. Errors have the shape {"error":{"code","message","details"}}.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token for machines' },
        },
        schemas: { Error: jsonSchema(errorSchema) },
      },
      paths,
    };
  }
}

export const SESSION_COOKIE = 'yq_session';

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function jsonSchema(schema: ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

function parameters(schema: ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schemaOf]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: schemaOf,
  }));
}

/** Turns zod issues into the error details of SPEC.md: where, and what is wrong there. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: string) {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

export type Authenticate = (request: FastifyRequest) => Promise<Principal | null>;

export function makeRouter(
  app: FastifyInstance,
  registry: OpenApiRegistry,
  authenticate: Authenticate,
) {
  return function route<P extends ZodType, Q extends ZodType, B extends ZodType, R extends ZodType>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (
      input: HandlerInput<Out<P>, Out<Q>, Out<B>>,
    ) => Promise<R extends ZodType ? Out<R> : void>,
  ): void {
    const status = spec.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]:
        status === 204 || !spec.response
          ? { description: 'done' }
          : {
              description: 'ok',
              content: { 'application/json': { schema: jsonSchema(spec.response) } },
            },
      default: {
        description: 'error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    };
    registry.add({
      method: spec.method.toLowerCase(),
      path: spec.url.replace(/:([A-Za-z_]+)/g, '{$1}'),
      operation: {
        summary: spec.summary,
        tags: [spec.tag],
        ...(spec.access === 'public'
          ? { security: [] }
          : { security: [{ session: [] }, { bearer: [] }] }),
        parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
              },
            }
          : {}),
        ...(spec.rawBody
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  Object.entries(spec.rawBody).map(([type, schema]) => [type, { schema }]),
                ),
              },
            }
          : {}),
        responses,
      },
    });

    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (request, reply) => {
        const principal = spec.access === 'public' ? null : await authenticate(request);
        if (spec.access === 'signed-in' && !principal) throw errors.unauthenticated();
        const params = parse(spec.params, request.params, 'params');
        const query = parse(spec.query, request.query, 'query');
        const body = parse(spec.body, request.body, 'body');
        const result = await handler({
          params: params as Out<P>,
          query: query as Out<Q>,
          body: body as Out<B>,
          principal,
          actor: { principal, ip: request.ip },
          request,
          reply,
        });
        reply.code(status);
        if (status === 204) return reply.send();
        return result;
      },
    });
  };
}

function parse(schema: ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const details = issuesToDetails(r.error.issues, where);
    const first = details[0];
    throw errors.invalidInput(
      first ? `${first.path}: ${first.message}` : `invalid ${where}`,
      details,
    );
  }
  return r.data;
}
