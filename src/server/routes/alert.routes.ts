// Early warning (预警): alerts and their handling, the coverage check, rules, channels and the
// deadlines and chain. Every route is signed-in; the alert service checks roles and unit scope.
import { z } from 'zod';
import type { Router, Services } from '../app.ts';
import {
  alertCountsSchema,
  alertCoverageSchema,
  alertDetailSchema,
  alertListQuery,
  alertRuleBody,
  alertRulePatch,
  alertRuleSchema,
  alertSchema,
  alertSettingsSchema,
  channelBody,
  channelPatch,
  channelSchema,
  channelTestSchema,
  dismissBody,
  linkBody,
} from '../alert-schemas.ts';
import { idParams, page } from '../schemas.ts';

export function registerAlertRoutes(route: Router, s: Services): void {
  const tag = 'alerts';
  route(
    {
      method: 'GET',
      url: '/api/v1/alerts',
      summary: 'Alerts in your scope, newest first (status active = open or acknowledged)',
      tag,
      access: 'signed-in',
      query: alertListQuery,
      response: page(alertSchema),
    },
    async ({ actor, query }) =>
      s.alerts.list(actor, {
        status: query.status,
        severity: query.severity,
        kind: query.kind,
        limit: query.limit,
        before: query.cursor,
      }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/alerts/counts',
      summary: 'Open, acknowledged and open major alerts, and the coverage check counts',
      tag,
      access: 'signed-in',
      response: alertCountsSchema,
    },
    async ({ actor }) => s.alerts.counts(actor),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/alerts/coverage',
      summary:
        'The coverage check: alerts past their acknowledgement deadline, major-looking alerts dismissed (30 days), alerts open over the configured hours',
      tag,
      access: 'signed-in',
      response: alertCoverageSchema,
    },
    async ({ actor }) => s.alerts.coverage(actor),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/alerts/:id',
      summary: 'One alert with its chain, evidence, deliveries and history',
      tag,
      access: 'signed-in',
      params: idParams,
      response: alertDetailSchema,
    },
    async ({ actor, params }) => s.alerts.get(actor, params.id),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/alerts/:id/evidence/:evidenceId/html',
      summary: 'The page of a web mention as fetched when the alert fired (served as text)',
      tag,
      access: 'signed-in',
      params: z.object({ id: z.string().min(1).max(100), evidenceId: z.string().min(1).max(100) }),
    },
    async ({ actor, params, reply }) => {
      const html = await s.alerts.evidenceHtml(actor, params.id, params.evidenceId);
      // As text: a stored page must never run in our origin.
      void reply
        .type('text/plain; charset=utf-8')
        .header('content-security-policy', "default-src 'none'");
      return html;
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alerts/:id/ack',
      summary: 'Acknowledge an open alert (stops its escalation)',
      tag,
      access: 'signed-in',
      params: idParams,
      response: alertDetailSchema,
    },
    async ({ actor, params }) => s.alerts.ack(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alerts/:id/dismiss',
      summary: 'Dismiss an acknowledged alert with a reason (a major one needs the office head)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: dismissBody,
      response: alertDetailSchema,
    },
    async ({ actor, params, body }) => s.alerts.dismiss(actor, params.id, body.reason),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alerts/:id/link',
      summary:
        'Link an acknowledged alert to an incident (a placeholder incident when none is named)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: linkBody,
      response: alertDetailSchema,
    },
    async ({ actor, params, body }) => s.alerts.link(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alerts/:id/escalate',
      summary: 'Escalate to the next step of the chain now',
      tag,
      access: 'signed-in',
      params: idParams,
      response: alertDetailSchema,
    },
    async ({ actor, params }) => s.alerts.escalate(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/alert-rules',
      summary: 'Alert rules in your scope',
      tag,
      access: 'signed-in',
      response: page(alertRuleSchema),
    },
    async ({ actor }) => ({ items: await s.alerts.listRules(actor), next_cursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alert-rules',
      summary: 'Add an alert rule (office, admin; audited)',
      tag,
      access: 'signed-in',
      body: alertRuleBody,
      status: 201,
      response: alertRuleSchema,
    },
    async ({ actor, body }) => s.alerts.createRule(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/alert-rules/:id',
      summary: 'Change, switch off (enabled: false) or on an alert rule (audited; never deleted)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: alertRulePatch,
      response: alertRuleSchema,
    },
    async ({ actor, params, body }) => s.alerts.updateRule(actor, params.id, body),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/alert-channels',
      summary: 'Notification channels, secrets shown as ••••',
      tag,
      access: 'signed-in',
      response: page(channelSchema),
    },
    async ({ actor }) => ({ items: await s.alerts.listChannels(actor), next_cursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alert-channels',
      summary: 'Add a channel: email, webhook, wecom, dingtalk, feishu or sms',
      tag,
      access: 'signed-in',
      body: channelBody,
      status: 201,
      response: channelSchema,
    },
    async ({ actor, body }) => s.alerts.createChannel(actor, body),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/alert-channels/:id',
      summary: 'Change a channel (secrets sent back as •••• keep their stored values)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: channelPatch,
      response: channelSchema,
    },
    async ({ actor, params, body }) => s.alerts.updateChannel(actor, params.id, body),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/alert-channels/:id/test',
      summary: 'Send a test message through the channel now',
      tag,
      access: 'signed-in',
      params: idParams,
      response: channelTestSchema,
    },
    async ({ actor, params }) => s.alerts.testChannel(actor, params.id),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/alerts-settings',
      summary: 'Acknowledgement deadlines, growth re-notification, the escalation chain',
      tag,
      access: 'signed-in',
      response: alertSettingsSchema,
    },
    async ({ actor }) => s.alerts.getSettings(actor),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/alerts-settings',
      summary: 'Change them (null: the built-in default); alerts already fired keep their chain',
      tag,
      access: 'signed-in',
      body: alertSettingsSchema.nullable(),
      response: alertSettingsSchema,
    },
    async ({ actor, body }) => s.alerts.updateSettings(actor, body),
  );
}
