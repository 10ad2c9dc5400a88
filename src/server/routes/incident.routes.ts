// Incident response (事件处置): the board, one incident with its timeline, clocks and approvals,
// its steps, the approvals inbox and the signers' decisions, and the settings. Every route is
// signed-in; the incident service applies the rules of src/domain/incident.ts (roles, states,
// confidentiality) and answers 400/403/404/409 with what is wrong.
import { z } from 'zod';
import { decisionInputSchema } from '../../domain/approvals.ts';
import { INCIDENT_STATES } from '../../domain/incident.ts';
import {
  incidentActionSchema,
  openIncidentSchema,
  type IncidentAction,
} from '../../domain/incident-actions.ts';
import {
  delegationBody,
  inboxQuery,
  incidentListQuery,
  type IncidentCard,
  type IncidentService,
  type IncidentView,
} from '../../services/incident.service.ts';
import type { Router, Services } from '../app.ts';
import { idParams } from '../schemas.ts';

const approvalSchema = z.looseObject({
  id: z.string(),
  incidentId: z.string(),
  documentId: z.string(),
  version: z.number(),
  docType: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.string(),
  contentHash: z.string(),
  signer: z.object({ rule: z.string(), userIds: z.array(z.string()) }),
});

const incidentViewShape = z.object({
  incident: z.looseObject({
    id: z.string(),
    title: z.string(),
    unitId: z.string(),
    state: z.enum(INCIDENT_STATES),
    revision: z.number(),
    grade: z.enum(['major', 'general']).nullable(),
  }),
  placeholder: z.boolean(),
  timeline: z.array(
    z.looseObject({ id: z.string(), kind: z.string(), at: z.string(), summary: z.string() }),
  ),
  clocks: z.array(
    z.looseObject({ key: z.string(), label: z.string(), status: z.string(), targetAt: z.string() }),
  ),
  approvals: z.array(approvalSchema),
  actions: z.array(z.string()).describe('steps this reader may take now'),
  links: z.array(z.looseObject({ kind: z.string() })),
  people: z.record(z.string(), z.string()),
  group: z.object({
    headId: z.string().nullable(),
    deputyHeadIds: z.array(z.string()),
    memberIds: z.array(z.string()),
  }),
  access: z.object({ basis: z.string().nullable(), audited: z.boolean() }),
});

/** Documented by its key fields; the whole record is the domain's `Incident`. */
export const incidentViewSchema = incidentViewShape as unknown as z.ZodType<IncidentView>;

const cardShape = z.looseObject({
  id: z.string(),
  title: z.string(),
  state: z.enum(INCIDENT_STATES),
  grade: z.enum(['major', 'general']).nullable(),
  revision: z.number(),
});

const cardSchema = cardShape as unknown as z.ZodType<IncidentCard>;

/** The revision the person saw: the step is refused (409) if the incident moved since. */
const expectedRevision = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('the revision you read: 409 if the incident moved since');

/** The step under `action` (the web UI and `yuqing drill` send this form). */
const wrappedActionBody = z.object({ action: incidentActionSchema, expectedRevision });

/** SPEC's form: the step itself, `{type, ...}`, with `expectedRevision` beside its fields. */
const flatActionBody = z.discriminatedUnion(
  'type',
  incidentActionSchema.options.map((o) => o.extend({ expectedRevision })) as unknown as [
    (typeof incidentActionSchema.options)[number],
  ],
);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A step in either form: `{type, ...}` (SPEC) or `{action: {type, ...}}`, each with an optional
 * `expectedRevision`. The form is told by which key is at the top, and the body is validated as
 * that form, so a 400 names the field where it was sent (`body.deadline`, `body.action.deadline`).
 */
export const actionRequestSchema = z.unknown().transform((v, ctx) => {
  const wrapped = isRecord(v) && 'action' in v;
  if (wrapped && 'type' in v) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: 'give the step either as {type, ...} or as {action: {type, ...}}, not both',
    });
    return z.NEVER;
  }
  if (!wrapped && !(isRecord(v) && 'type' in v)) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: 'required: the step as {type, ...} (or {action: {type, ...}})',
    });
    return z.NEVER;
  }
  const parsed = (wrapped ? wrappedActionBody : flatActionBody).safeParse(v);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    return z.NEVER;
  }
  if (wrapped) return parsed.data as z.output<typeof wrappedActionBody>;
  const { expectedRevision: seen, ...action } = parsed.data as IncidentAction & {
    expectedRevision?: number;
  };
  return {
    action,
    ...(seen === undefined ? {} : { expectedRevision: seen }),
  };
});

/** The OpenAPI description of both forms. */
const actionRequestJsonSchema = (() => {
  const s = z.toJSONSchema(z.union([flatActionBody, wrappedActionBody]), {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete s.$schema;
  return {
    description:
      'One step: the step itself, {type, ...} (SPEC), or the step under action, {action: {type, ...}}; either with expectedRevision',
    oneOf: s.anyOf,
  };
})();

const inboxSchema = z.object({
  next_cursor: z.string().nullable(),
  items: z.array(
    z.looseObject({
      approval: approvalSchema,
      onBehalfOf: z.string().nullable(),
      docTypeLabel: z.string(),
      incidentTitle: z.string().nullable(),
    }),
  ),
}) as unknown as z.ZodType<Awaited<ReturnType<IncidentService['inbox']>>>;

export function registerIncidentRoutes(route: Router, s: Services): void {
  const tag = 'incidents';
  route(
    {
      method: 'GET',
      url: '/api/v1/incidents',
      summary:
        'The board: incidents you may read, newest first, with their clock findings; paged by ?limit=&cursor= (next_cursor)',
      tag,
      access: 'signed-in',
      query: incidentListQuery,
      response: z.object({ items: z.array(cardSchema), next_cursor: z.string().nullable() }),
    },
    async ({ actor, query }) => s.incidents.list(actor, query),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/incidents',
      summary:
        'Open an incident (reported) from an alert, an event, an informant report or by hand (office, leader, division)',
      tag,
      access: 'signed-in',
      body: openIncidentSchema,
      status: 201,
      response: incidentViewSchema,
    },
    async ({ actor, body }) => s.incidents.open(actor, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/incidents/settings',
      summary: 'Clock targets, signer rules and emergency levels in force',
      tag,
      access: 'signed-in',
    },
    async ({ actor }) => s.incidents.getSettings(actor),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/incidents/settings',
      summary: 'Change clock targets, signer rules or emergency levels (office, admin; audited)',
      tag,
      access: 'signed-in',
      body: z.unknown(),
    },
    async ({ actor, body }) => s.incidents.updateSettings(actor, body),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/incidents/:id',
      summary:
        'One incident: record, timeline, clocks, approvals, links and the steps you may take (a restricted read is audited)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: incidentViewSchema,
    },
    async ({ actor, params }) => s.incidents.get(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/incidents/:id/actions',
      summary:
        'Take one step (grade, propose a response, record a report upward, add a task...), sent as {type, ...} or {action: {type, ...}}; 403 when it is not your step, 409 when the state does not allow it',
      tag,
      access: 'signed-in',
      params: idParams,
      body: actionRequestSchema,
      rawBody: { 'application/json': actionRequestJsonSchema },
      response: incidentViewSchema,
    },
    async ({ actor, params, body }) =>
      s.incidents.act(actor, params.id, body.action, body.expectedRevision),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/approvals/inbox',
      summary:
        'Documents awaiting your signature (yours, and as a delegate), oldest first; paged by ?limit=&cursor= (next_cursor)',
      tag,
      access: 'signed-in',
      query: inboxQuery,
      response: inboxSchema,
    },
    async ({ actor, query }) => s.incidents.inbox(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/directory',
      summary:
        'Staff who can be named on an incident (id, name, unit, roles of active accounts; signed-in people only)',
      tag,
      access: 'signed-in',
    },
    async ({ actor }) => ({ items: await s.incidents.directory(actor) }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/delegations',
      summary:
        'Delegations of signing (yours; the office and leaders see all), ?active=true for those in force',
      tag,
      access: 'signed-in',
      query: z.object({ active: z.enum(['true', 'false']).optional() }),
    },
    async ({ actor, query }) => ({
      items: await s.incidents.delegations(actor, { activeOnly: query.active === 'true' }),
    }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/delegations',
      summary:
        'Let another leader sign for a signer for a while (the signer, or the office for them; audited)',
      tag,
      access: 'signed-in',
      body: delegationBody,
      status: 201,
    },
    async ({ actor, body }) => s.incidents.delegate(actor, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/delegations/:id/revoke',
      summary: 'End a delegation now (the signer or the office; audited)',
      tag,
      access: 'signed-in',
      params: idParams,
    },
    async ({ actor, params }) => s.incidents.revokeDelegation(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/approvals/:id/decision',
      summary:
        'Approve, reject or return a document with a comment (the signer the rules name, or their delegate); approving a response step enacts it',
      tag,
      access: 'signed-in',
      params: idParams,
      body: decisionInputSchema,
      response: incidentViewSchema,
    },
    async ({ actor, params, body }) => s.incidents.decide(actor, params.id, body),
  );
}
