// Wire shapes of events (舆情事件) and trends.
import { alertCountsSchema } from './alert-schemas.ts';
import { z } from 'zod';
import { gradingRulesSchema } from '../domain/grading.ts';
import { heatConfigSchema } from '../domain/heat.ts';
import { authorityListSchema } from '../domain/source-authority.ts';
import { listQuery } from './schemas.ts';

const sentimentMix = z.object({ negative: z.number(), neutral: z.number(), positive: z.number() });

export const eventSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  keywords: z.array(z.string()),
  status: z.enum(['open', 'closed', 'merged']),
  merged_into: z.string().nullable(),
  first_seen: z.string(),
  last_seen: z.string(),
  mention_count: z.number(),
  sentiment: sentimentMix,
  heat: z.number(),
  suggested_grade: z.enum(['major', 'general']),
  authority: z.object({ tier: z.string(), name: z.string() }).nullable(),
  /** Gansu's 市州 named (adcodes). */
  prefectures: z.array(z.string()),
  is_demo: z.boolean(),
  /** Hourly counts over the 24 hours up to the newest mention. */
  trend: z.object({ start: z.string(), counts: z.array(z.number()) }),
});

const bilingual = { zh: z.string(), en: z.string() };

export const eventDetailSchema = eventSummarySchema.extend({
  heat_factors: z.array(
    z.object({
      key: z.string(),
      value: z.number(),
      weight: z.number(),
      points: z.number(),
      ...bilingual,
    }),
  ),
  grade_reasons: z.array(z.object({ rule: z.string(), met: z.boolean(), ...bilingual })),
  risk_categories: z.record(z.string(), z.number()),
  interactions: z.number(),
  max_followers: z.number(),
  sources: z.array(z.object({ id: z.string(), name: z.string(), count: z.number() })),
  regions: z.array(z.object({ adcode: z.string(), count: z.number() })),
  top_authors: z.array(
    z.object({ author: z.string(), posts: z.number(), interactions: z.number() }),
  ),
  groups: z.array(z.object({ id: z.string(), count: z.number(), title: z.string() })),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.enum(['first', 'source', 'burst', 'peak', 'merge', 'split', 'last']),
      mention_id: z.string().nullable(),
      detail: z.string(),
    }),
  ),
  propagation: z.object({
    nodes: z.number(),
    edges: z.array(z.object({ from: z.string(), to: z.string() })),
    key_spreaders: z.array(z.object({ id: z.string(), reposts: z.number() })),
  }),
});

export const eventQuery = listQuery.extend({
  status: z.enum(['open', 'closed', 'all']).default('all'),
  since: z.iso.datetime({ offset: true }).optional(),
});

const eventId = z.string().min(1).max(100);

export const mergeBody = z.object({ from: z.array(eventId).min(1).max(100) }).strict();
export const splitBody = z.object({ mention_ids: z.array(eventId).min(1).max(5000) }).strict();

export const trendQuery = z.object({
  kind: z.enum(['all', 'event', 'scheme', 'region']).default('all'),
  key: z.string().max(100).optional(),
  res: z.enum(['minute', 'hour', 'day']).default('hour'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const trendSchema = z.object({
  kind: z.string(),
  key: z.string(),
  res: z.enum(['minute', 'hour', 'day']),
  start: z.string(),
  step_ms: z.number(),
  counts: z.array(z.number()),
  negative: z.array(z.number()),
  bursts: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      peak: z.string(),
      peakCount: z.number(),
      expected: z.number(),
      total: z.number(),
      score: z.number(),
    }),
  ),
});

export const dashboardQuery = z.object({ range: z.enum(['24h', '7d', '30d']).default('24h') });

const series = z.object({
  res: z.enum(['minute', 'hour', 'day']),
  start: z.string(),
  step_ms: z.number(),
  counts: z.array(z.number()),
  negative: z.array(z.number()),
  positive: z.array(z.number()),
});

export const dashboardSchema = z.object({
  range: z.enum(['24h', '7d', '30d']),
  from: z.string(),
  to: z.string(),
  volume: series,
  bursts: trendSchema.shape.bursts,
  sentiment: sentimentMix,
  sources: z.array(z.object({ id: z.string(), name: z.string(), count: z.number() })),
  prefectures: z.array(
    z.object({ adcode: z.string(), name: z.string(), count: z.number(), negative: z.number() }),
  ),
  hot_events: z.array(eventSummarySchema),
  words: z.array(z.object({ word: z.string(), weight: z.number() })),
  // Open alerts and the coverage check's counts; null for those who may not read alerts.
  alerts: alertCountsSchema.nullable(),
  incidents: z.object({ running: z.number() }).nullable(),
});

/** 设置 › 事件: heat weights, grading rules, the authority list; null resets one to the default. */
export const eventSettingsBody = z
  .object({
    heat: heatConfigSchema.nullable().optional(),
    grading: gradingRulesSchema.nullable().optional(),
    authority: authorityListSchema.nullable().optional(),
  })
  .strict();

export const eventSettingsSchema = z.object({
  heat: heatConfigSchema,
  grading: gradingRulesSchema,
  authority: authorityListSchema,
  defaults: z.object({ heat: z.boolean(), grading: z.boolean(), authority: z.boolean() }),
});
