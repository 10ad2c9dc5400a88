// Wire schemas of early warning (预警): alerts, their evidence and deliveries, the coverage
// check, rules, channels and settings. Bodies come from the alert service (one definition);
// the views here document the answers and give the web UI its types.
import { z } from 'zod';
import { CHAIN_ROLES, SEVERITIES } from '../domain/alert-rules.ts';
import {
  alertConditionsSchema,
  alertRuleBody,
  alertRulePatch,
  alertSettingsSchema,
  channelBody,
  channelPatch,
} from '../services/alert.service.ts';

export { alertRuleBody, alertRulePatch, alertSettingsSchema, channelBody, channelPatch };

const ALERT_STATUSES = ['open', 'acknowledged', 'dismissed', 'linked'] as const;
const ALERT_KINDS = ['event', 'coverage', 'delivery', 'incident'] as const;
const COVERAGE_REASONS = ['overdue', 'dismissed_major', 'open_too_long'] as const;

export const alertListQuery = z.object({
  status: z.enum([...ALERT_STATUSES, 'active', 'all']).default('active'),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  title: z.string(),
  summary: z.string(),
  unit_id: z.string(),
  event_id: z.string().nullable(),
  source_id: z.string().nullable(),
  rule_ids: z.array(z.string()),
  fired_at: z.string(),
  updated_at: z.string(),
  mention_count: z.number(),
  ack_due_at: z.string(),
  escalation_step: z.number(),
  escalation_role: z.enum(CHAIN_ROLES).nullable(),
  notified: z.array(z.string()),
  next_escalation_at: z.string().nullable(),
  looked_major: z.boolean(),
  acknowledged_at: z.string().nullable(),
  acknowledged_name: z.string().nullable(),
  closed_at: z.string().nullable(),
  closed_name: z.string().nullable(),
  close_reason: z.string().nullable(),
  incident_id: z.string().nullable(),
  is_demo: z.boolean(),
  coverage_reasons: z.array(z.enum(COVERAGE_REASONS)),
});

export const alertDetailSchema = alertSchema.extend({
  chain: z.array(z.object({ role: z.enum(CHAIN_ROLES), people: z.array(z.string()) })),
  evidence: z.array(
    z.object({
      id: z.string(),
      mention_id: z.string().nullable(),
      source_name: z.string().nullable(),
      url: z.string().nullable(),
      author: z.string().nullable(),
      title: z.string().nullable(),
      text: z.string(),
      published_at: z.string().nullable(),
      collected_at: z.string().nullable(),
      html_status: z.enum(['none', 'pending', 'fetched', 'failed']),
      html_fetched_at: z.string().nullable(),
      captured_at: z.string(),
    }),
  ),
  deliveries: z.array(
    z.object({
      id: z.string(),
      notice_kind: z.string(),
      step: z.number(),
      channel_id: z.string(),
      channel_kind: z.string(),
      channel_name: z.string().nullable(),
      status: z.enum(['pending', 'sent', 'failed']),
      attempts: z.number(),
      due_at: z.string(),
      sent_at: z.string().nullable(),
      last_error: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
  history: z.array(
    z.object({ at: z.string(), actor: z.string(), action: z.string(), detail: z.unknown() }),
  ),
});

export const alertCoverageSchema = z.object({
  checked_at: z.string(),
  overdue: z.number(),
  dismissed_major: z.number(),
  open_too_long: z.number(),
  /** Clocks of incidents in progress past their target (and those nobody explained). */
  incident_clocks: z.object({
    incidents: z.number(),
    breached: z.number(),
    unexplained: z.number(),
    due_soon: z.number(),
  }),
  items: z.array(alertSchema),
});

export const alertCountsSchema = z.object({
  open: z.number(),
  acknowledged: z.number(),
  open_major: z.number(),
  overdue: z.number(),
  dismissed_major: z.number(),
  open_too_long: z.number(),
});

export const dismissBody = z.object({
  reason: z.string().trim().min(2, 'a reason is required').max(2000),
});
export const linkBody = z
  .object({
    incident_id: z.string().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .default({});

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit_id: z.string(),
  enabled: z.boolean(),
  severity: z.enum(SEVERITIES),
  conditions: alertConditionsSchema,
  quiet_hours: z.object({ from: z.string(), to: z.string() }).nullable(),
  debounce_seconds: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['email', 'webhook', 'wecom', 'dingtalk', 'feishu', 'sms']),
  min_severity: z.enum(SEVERITIES),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const channelTestSchema = z.object({ ok: z.boolean(), detail: z.string() });

export type AlertView = z.output<typeof alertSchema>;
export type AlertDetail = z.output<typeof alertDetailSchema>;
export type AlertCoverage = z.output<typeof alertCoverageSchema>;
export type AlertCounts = z.output<typeof alertCountsSchema>;
export type AlertRuleView = z.output<typeof alertRuleSchema>;
export type NewAlertRule = z.input<typeof alertRuleBody>;
export type AlertRulePatch = z.input<typeof alertRulePatch>;
export type AlertSettingsView = z.output<typeof alertSettingsSchema>;
export type ChannelView = z.output<typeof channelSchema>;
export type NewChannel = z.input<typeof channelBody>;
export type ChannelPatch = z.input<typeof channelPatch>;
export type ChannelTestResult = z.output<typeof channelTestSchema>;
