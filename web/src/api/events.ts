// The API calls of events (舆情事件), trends, the 总览 and its live signal; the same request()
// as every other call (session cookie, typed ApiError).
import { request, type PageQuery } from './client.ts';
import type {
  Dashboard,
  DashboardRange,
  EventDetail,
  EventSummary,
  Trend,
  TrendRes,
} from './event-types.ts';
import type { Mention, Page } from './types.ts';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const eventsApi = {
  /** The 总览 in one read: volume, bursts, sentiment, sources, the map, hot events, words. */
  dashboard: (range: DashboardRange, signal?: AbortSignal) =>
    request<Dashboard>('GET', '/dashboard', { query: { range }, ...withSignal(signal) }),
  /** Events hottest first; merged ones are left out. */
  events: (q: PageQuery & { status?: 'open' | 'closed' | 'all' }) =>
    request<Page<EventSummary>>('GET', '/events', {
      query: { status: q.status, limit: q.limit, cursor: q.cursor },
      ...withSignal(q.signal),
    }),
  event: (id: string, signal?: AbortSignal) =>
    request<EventDetail>('GET', `/events/${encodeURIComponent(id)}`, withSignal(signal)),
  /** Merges the `from` events into this one (office, admin); answers the merged event. */
  mergeEvents: (id: string, from: string[]) =>
    request<EventDetail>('POST', `/events/${encodeURIComponent(id)}/merge`, { body: { from } }),
  /** Moves the mentions out of this event into a new one (office, admin); answers the new one. */
  splitEvent: (id: string, mentionIds: string[]) =>
    request<EventDetail>('POST', `/events/${encodeURIComponent(id)}/split`, {
      body: { mention_ids: mentionIds },
    }),
  /** The mentions of an event, newest first (similar articles not folded). */
  eventMentions: (id: string, q: PageQuery = {}) =>
    request<Page<Mention>>('GET', '/mentions', {
      query: { event: id, fold: 0, limit: q.limit, cursor: q.cursor },
      ...withSignal(q.signal),
    }),
  trend: (
    q: {
      kind: 'all' | 'event' | 'scheme' | 'region';
      key?: string;
      res: TrendRes;
      from?: string;
      to?: string;
    },
    signal?: AbortSignal,
  ) =>
    request<Trend>('GET', '/trends', {
      query: { kind: q.kind, key: q.key, res: q.res, from: q.from, to: q.to },
      ...withSignal(signal),
    }),
};

/** Where the browser listens for "new mentions landed" (server-sent events, session cookie). */
export const LIVE_URL = '/api/v1/live';
