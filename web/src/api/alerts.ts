// The API calls of early warning (预警): alerts and their handling, the coverage check, rules,
// notification channels and the deadlines and chain. Types come from the server's zod schemas
// (src/server/alert-schemas.ts; type-only: no zod in the bundle).
import type * as wire from '../../../src/server/alert-schemas.ts';
import { ApiError, request, type PageQuery } from './client.ts';
import type { Page } from './types.ts';

export type {
  AlertCounts,
  AlertCoverage,
  AlertDetail,
  AlertRulePatch,
  AlertRuleView,
  AlertSettingsView,
  AlertView,
  ChannelPatch,
  ChannelTestResult,
  ChannelView,
  NewAlertRule,
  NewChannel,
} from '../../../src/server/alert-schemas.ts';

export type AlertSeverity = wire.AlertView['severity'];
export type AlertStatus = wire.AlertView['status'];
export type AlertKind = wire.AlertView['kind'];
export type CoverageReason = wire.AlertView['coverage_reasons'][number];
export type ChainRole = wire.AlertSettingsView['chain'][number];
export type ChannelKind = wire.ChannelView['kind'];
export type ChannelConfig = wire.NewChannel['config'];
export type AlertConditions = wire.AlertRuleView['conditions'];
export type AlertEvidence = wire.AlertDetail['evidence'][number];
export type AlertDelivery = wire.AlertDetail['deliveries'][number];
export type AlertHistoryEntry = wire.AlertDetail['history'][number];
/** What the list may be narrowed to: one status, open or acknowledged (active), or all. */
export type AlertStatusFilter = AlertStatus | 'active' | 'all';

export interface AlertFilter {
  status?: AlertStatusFilter;
  severity?: AlertSeverity | null;
  kind?: AlertKind | null;
}

/** The `alert` message of the live stream (GET /api/v1/live): a notification went out. */
export interface LiveAlert {
  alertId: string;
  /** What the notification said: fired, grown, escalated, failure... */
  kind: string;
  severity: AlertSeverity;
  title: string;
  at: string;
  /** The signed-in user is one of the people it was addressed to. */
  forMe: boolean;
}

/** What stands in for a stored secret in a channel's config (src/notify/channel-config.ts). */
export const REDACTED = '••••';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

export const alertsApi = {
  /** Alerts in one's scope, newest first; status active (the default) is open or acknowledged. */
  list: (q: PageQuery & AlertFilter) =>
    request<Page<wire.AlertView>>('GET', '/alerts', {
      query: {
        status: q.status,
        severity: q.severity,
        kind: q.kind,
        limit: q.limit,
        cursor: q.cursor,
      },
      ...withSignal(q.signal),
    }),
  counts: (signal?: AbortSignal) =>
    request<wire.AlertCounts>('GET', '/alerts/counts', withSignal(signal)),
  /** Late, dismissed-major (30 days) and long-open alerts, with their counts. */
  coverage: (signal?: AbortSignal) =>
    request<wire.AlertCoverage>('GET', '/alerts/coverage', withSignal(signal)),
  get: (id: string, signal?: AbortSignal) =>
    request<wire.AlertDetail>('GET', alertPath(id), withSignal(signal)),
  ack: (id: string) => request<wire.AlertDetail>('POST', `${alertPath(id)}/ack`),
  /** 409 when not acknowledged first; 403 for a major one unless the office head or a leader. */
  dismiss: (id: string, reason: string) =>
    request<wire.AlertDetail>('POST', `${alertPath(id)}/dismiss`, { body: { reason } }),
  /** Links to an incident; without incident_id a placeholder incident with the title is made. */
  link: (id: string, body: { incident_id?: string; title?: string }) =>
    request<wire.AlertDetail>('POST', `${alertPath(id)}/link`, { body }),
  /** 409 at the end of the chain. */
  escalate: (id: string) => request<wire.AlertDetail>('POST', `${alertPath(id)}/escalate`),
  /** The page of a web mention as fetched when the alert fired, as text (never rendered). */
  evidenceHtml: async (alertId: string, evidenceId: string, signal?: AbortSignal) => {
    const url = `/api/v1${alertPath(alertId)}/evidence/${encodeURIComponent(evidenceId)}/html`;
    let res: Response;
    try {
      res = await fetch(url, { credentials: 'same-origin', ...withSignal(signal) });
    } catch (e: unknown) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
    }
    const text = await res.text();
    if (!res.ok) {
      let code = 'http_error';
      let message = `${res.status} ${res.statusText}`;
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = body.error?.code ?? code;
        message = body.error?.message ?? message;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiError(res.status, code, message);
    }
    return text;
  },

  rules: (signal?: AbortSignal) =>
    request<Page<wire.AlertRuleView>>('GET', '/alert-rules', withSignal(signal)),
  createRule: (body: wire.NewAlertRule) =>
    request<wire.AlertRuleView>('POST', '/alert-rules', { body }),
  /** A partial change; { enabled: false } switches the rule off (rules are never deleted). */
  updateRule: (id: string, body: wire.AlertRulePatch) =>
    request<wire.AlertRuleView>('PATCH', `/alert-rules/${encodeURIComponent(id)}`, { body }),

  /** Channels with their secrets shown as ••••. */
  channels: (signal?: AbortSignal) =>
    request<Page<wire.ChannelView>>('GET', '/alert-channels', withSignal(signal)),
  createChannel: (body: wire.NewChannel) =>
    request<wire.ChannelView>('POST', '/alert-channels', { body }),
  /** Config values sent back as •••• keep the stored secret. */
  updateChannel: (id: string, body: wire.ChannelPatch) =>
    request<wire.ChannelView>('PATCH', `/alert-channels/${encodeURIComponent(id)}`, { body }),
  testChannel: (id: string) =>
    request<wire.ChannelTestResult>('POST', `/alert-channels/${encodeURIComponent(id)}/test`),

  settings: (signal?: AbortSignal) =>
    request<wire.AlertSettingsView>('GET', '/alerts-settings', withSignal(signal)),
  /** null puts the built-in defaults back. */
  putSettings: (body: wire.AlertSettingsView | null) =>
    request<wire.AlertSettingsView>('PUT', '/alerts-settings', { body }),
};
