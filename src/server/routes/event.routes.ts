// Events (舆情事件): the hot list, one event, people's merges and splits; volume trends with bursts.
import type { Router, Services } from '../app.ts';
import { authorize } from '../../services/authorize.ts';
import { can, inScope } from '../../domain/access.ts';
import {
  dashboardQuery,
  dashboardSchema,
  eventDetailSchema,
  eventQuery,
  eventSettingsBody,
  eventSettingsSchema,
  eventSummarySchema,
  mergeBody,
  splitBody,
  trendQuery,
  trendSchema,
} from '../event-schemas.ts';
import { idParams, page } from '../schemas.ts';

export function registerEventRoutes(route: Router, s: Services): void {
  const tag = 'events';
  route(
    {
      method: 'GET',
      url: '/api/v1/events',
      summary: 'Events, hottest first, with heat, suggested grade, sentiment mix and trend',
      tag,
      access: 'signed-in',
      query: eventQuery,
      response: page(eventSummarySchema),
    },
    async ({ actor, query }) => s.eventQueries.list(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/events/:id',
      summary: 'One event: heat factors, grade reasons, sources, regions, authors, propagation',
      tag,
      access: 'signed-in',
      params: idParams,
      response: eventDetailSchema,
    },
    async ({ actor, params }) => s.eventQueries.get(actor, params.id),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/events/:id/merge',
      summary: 'Merge other events into this one (audited; later clustering keeps it)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: mergeBody,
      response: eventDetailSchema,
    },
    async ({ actor, params, body }) => {
      await s.analysis.events.merge(actor, params.id, body.from);
      return s.eventQueries.get(actor, params.id);
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/events/:id/split',
      summary: 'Split mentions out of this event into a new one (audited; kept apart after)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: splitBody,
      response: eventDetailSchema,
      status: 201,
    },
    async ({ actor, params, body }) => {
      const created = await s.analysis.events.split(actor, params.id, body.mention_ids);
      return s.eventQueries.get(actor, created.id);
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/trends',
      summary:
        'Volume series (minute, hour, day) of all mentions, an event, a scheme or a region, with bursts',
      tag,
      access: 'signed-in',
      query: trendQuery,
      response: trendSchema,
    },
    async ({ actor, query }) => s.eventQueries.trend(actor, query),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/dashboard',
      summary:
        'The 总览 in one read: volume, bursts, sentiment, sources, the Gansu map, hot events, words',
      tag,
      access: 'signed-in',
      query: dashboardQuery,
      response: dashboardSchema,
    },
    async ({ actor, query }) => {
      const dashboard = await s.eventQueries.dashboard(actor, query.range);
      const p = actor.principal;
      const alerts = p && can(p, 'alert.read') ? await s.alerts.counts(actor) : null;
      return { ...dashboard, alerts };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/live',
      summary:
        'Server-sent events: `mentions` when new mentions land (a signal to refresh); `alert` when an alert notification goes out; `incident` when an incident step concerns you',
      tag,
      access: 'signed-in',
    },
    async ({ actor, reply, request }) => {
      authorize(actor, 'mention.read');
      const bus = s.live;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: connected\n\n');
      // Bursts of batches become one signal a second at most.
      let pending: { accepted: number; at: string } | null = null;
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        if (!pending) return;
        res.write(`event: mentions\ndata: ${JSON.stringify(pending)}\n\n`);
        pending = null;
      };
      const p = actor.principal;
      const seesAlerts = p !== null && can(p, 'alert.read');
      const unsubscribe = bus.subscribe((e) => {
        if (e.type === 'incident') {
          // Only to the people the notice is for: the incident may be restricted.
          if (!p || !e.userIds.includes(p.id)) return;
          const data = { incidentId: e.incidentId, topic: e.topic, title: e.title, at: e.at };
          res.write(`event: incident\ndata: ${JSON.stringify(data)}\n\n`);
          return;
        }
        if (e.type === 'alert') {
          // Alerts go at once, to those who may read them in their scope.
          if (!seesAlerts || !inScope(p.scope, e.unitId)) return;
          const data = {
            alertId: e.alertId,
            kind: e.kind,
            severity: e.severity,
            title: e.title,
            at: e.at,
            forMe: e.userIds.includes(p.id),
          };
          res.write(`event: alert\ndata: ${JSON.stringify(data)}\n\n`);
          return;
        }
        pending = { accepted: (pending?.accepted ?? 0) + e.accepted, at: e.at };
        timer ??= setTimeout(flush, 1000);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 25_000);
      let offClose: () => void = () => undefined;
      await new Promise<void>((resolve) => {
        request.raw.on('close', resolve);
        // A closing server ends the stream (the browser reconnects to the next one).
        offClose = bus.onClose(() => {
          res.end();
          resolve();
        });
      });
      offClose();
      unsubscribe();
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/events/settings',
      summary: 'Heat weights, grading rules and the source-authority list in force',
      tag,
      access: 'signed-in',
      response: eventSettingsSchema,
    },
    async ({ actor }) => s.analysis.events.getSettings(actor),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/events/settings',
      summary: 'Change heat weights, grading rules or the authority list (office, admin; audited)',
      tag,
      access: 'signed-in',
      body: eventSettingsBody,
      response: eventSettingsSchema,
    },
    async ({ actor, body }) => s.analysis.events.updateSettings(actor, body),
  );
}
