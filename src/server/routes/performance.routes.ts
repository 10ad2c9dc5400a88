// People's performance ([P17]): the people of a year with their summary, one person's facts, the
// export for the annual assessment (CSV or DOCX), and the commendation and accountability
// proposals with the leadership group's decisions. Every route is signed-in; the performance
// service decides who sees whom (admin, office, leaders: everyone; division and city staff:
// their unit; everyone else: themselves).
import { z } from 'zod';
import { proposalDecisionSchema, proposalInputSchema } from '../../domain/performance-proposals.ts';
import {
  performanceExportQuery,
  performanceListQuery,
  performancePersonQuery,
  proposalListQuery,
  type PerformanceListItem,
  type PersonPerformanceView,
  type ProposalView,
} from '../../services/performance.service.ts';
import type { Router, Services } from '../app.ts';
import { idParams } from '../schemas.ts';

const summaryShape = z.looseObject({
  incidents: z.number(),
  acks: z.looseObject({ count: z.number(), withinDeadline: z.number(), late: z.number() }),
  escalationsPast: z.number(),
  reports: z.looseObject({ count: z.number(), met: z.number(), breached: z.number() }),
  tasks: z.record(z.string(), z.number()),
  signatures: z.looseObject({ decided: z.number(), pending: z.number() }),
});

const listSchema = z.object({
  year: z.number(),
  items: z.array(
    z.looseObject({
      person: z.object({ id: z.string(), name: z.string(), unitId: z.string().nullable() }),
      summary: summaryShape,
      proposals: z.object({
        commendation: z.number(),
        accountability: z.number(),
        pending: z.number(),
      }),
    }),
  ),
}) as unknown as z.ZodType<{ year: number; items: PerformanceListItem[] }>;

const proposalShape = z.looseObject({
  id: z.string(),
  documentId: z.string(),
  version: z.number(),
  kind: z.enum(['commendation', 'accountability']),
  personId: z.string(),
  year: z.number(),
  reasons: z.string(),
  facts: z.array(z.object({ ref: z.string(), text: z.string() })),
  status: z.string(),
  contentHash: z.string().describe('SHA-256 of the canonical JSON of the version submitted'),
  decision: z
    .looseObject({
      decision: z.string(),
      comment: z.string(),
      decidedAt: z.string(),
      sealHash: z.string(),
    })
    .nullable(),
  problems: z.array(z.string()),
  mayDecide: z.boolean(),
});
const proposalSchema = proposalShape as unknown as z.ZodType<ProposalView>;

const personSchema = z.looseObject({
  year: z.number(),
  person: z.object({
    id: z.string(),
    name: z.string(),
    unitId: z.string().nullable(),
    userIds: z.array(z.string()),
  }),
  incidents: z.array(
    z.looseObject({
      incidentId: z.string(),
      title: z.string(),
      roles: z.array(z.looseObject({ ref: z.string(), role: z.string() })),
      gaps: z.array(z.string()),
    }),
  ),
  alerts: z.array(z.looseObject({ ref: z.string(), alertId: z.string() })),
  summary: summaryShape,
  factTexts: z.record(z.string(), z.string()),
  proposals: z.array(proposalShape),
}) as unknown as z.ZodType<PersonPerformanceView>;

const personParams = z.object({ personId: z.string().trim().min(1).max(128) });

export function registerPerformanceRoutes(route: Router, s: Services): void {
  const tag = 'performance';
  route(
    {
      method: 'GET',
      url: '/api/v1/performance',
      summary:
        'People of a year with roles, timings and tasks summed up (admin, office, leaders: everyone; division staff: their unit; others: themselves)',
      tag,
      access: 'signed-in',
      query: performanceListQuery,
      response: listSchema,
    },
    async ({ actor, query }) => s.performance.list(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/performance/people/:personId',
      summary:
        'One person’s facts of a year: per incident the roles held (taken, left), reports, tasks, signatures, alerts; what the record does not hold; their proposals',
      tag,
      access: 'signed-in',
      params: personParams,
      query: performancePersonQuery,
      response: personSchema,
    },
    async ({ actor, params, query }) => s.performance.person(actor, params.personId, query.year),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/performance/export',
      summary:
        'The annual assessment (年度考核) as CSV (UTF-8 with BOM) or DOCX: every incident with roles, timings, tasks and decided proposals (audited)',
      tag,
      access: 'signed-in',
      query: performanceExportQuery,
    },
    async ({ actor, query, reply }) => {
      const out = await s.performance.export(actor, query);
      void reply.type(out.contentType);
      void reply.header('content-disposition', `attachment; filename="${out.filename}"`);
      return out.body;
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/performance/proposals',
      summary:
        'Commendation and accountability proposals you may read (every version, with its content hash and seal)',
      tag,
      access: 'signed-in',
      query: proposalListQuery,
      response: z.object({ items: z.array(proposalSchema) }),
    },
    async ({ actor, query }) => s.performance.proposals(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/performance/proposals/inbox',
      summary: 'Proposals awaiting your decision (the leadership group’s head and deputy heads)',
      tag,
      access: 'signed-in',
      response: z.object({ items: z.array(proposalSchema) }),
    },
    async ({ actor }) => s.performance.inbox(actor),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/performance/proposals',
      summary:
        'Propose commendation or accountability (the office); with `revises`, the next version of a proposal. Sealed by SHA-256 at submission',
      tag,
      access: 'signed-in',
      body: proposalInputSchema,
      status: 201,
      response: proposalSchema,
    },
    async ({ actor, body }) => s.performance.propose(actor, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/performance/proposals/:id/decision',
      summary:
        'The leadership group’s decision on a proposal: approve, reject or return with a comment (sealed)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: proposalDecisionSchema,
      response: proposalSchema,
    },
    async ({ actor, params, body }) => s.performance.decide(actor, params.id, body),
  );
}
