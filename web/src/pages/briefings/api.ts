// The API calls of briefings (简报); types from the server's zod schemas
// (src/server/briefing-schemas.ts; type-only: no zod in the bundle).
import type * as wire from '../../../../src/server/briefing-schemas.ts';
import { ApiError, request } from '../../api/client.ts';

export type {
  BriefingDetail,
  BriefingPage,
  BriefingSettings,
  BriefingSettingsView,
  BriefingSummary,
  GenerateBriefingBody,
} from '../../../../src/server/briefing-schemas.ts';

export type BriefingKind = wire.BriefingSummary['kind'];
export type PeriodicKind = Exclude<BriefingKind, 'special'>;
export type Subscriber = wire.BriefingSettings['subscribers']['daily'][number];

export const BRIEFING_KINDS: readonly BriefingKind[] = ['daily', 'weekly', 'monthly', 'special'];
export const PERIODIC_KINDS: readonly PeriodicKind[] = ['daily', 'weekly', 'monthly'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const path = (id: string) => `/briefings/${encodeURIComponent(id)}`;

/** Where the Word file of a briefing downloads from (a plain link: the cookie goes along). */
export const docxUrl = (id: string) => `/api/v1${path(id)}/docx`;
/** The HTML page of a briefing (served under its own strict policy, for a new tab). */
export const htmlUrl = (id: string) => `/api/v1${path(id)}/html`;

export const briefingsApi = {
  list: (q: { kind?: BriefingKind | null; cursor?: string | null; signal?: AbortSignal }) =>
    request<wire.BriefingPage>('GET', '/briefings', {
      query: { kind: q.kind, cursor: q.cursor, limit: 20 },
      ...withSignal(q.signal),
    }),
  get: (id: string, signal?: AbortSignal) =>
    request<wire.BriefingDetail>('GET', path(id), withSignal(signal)),
  generate: (body: wire.GenerateBriefingBody) =>
    request<wire.BriefingDetail>('POST', '/briefings', { body }),
  settings: (signal?: AbortSignal) =>
    request<wire.BriefingSettingsView>('GET', '/briefings/settings', withSignal(signal)),
  putSettings: (body: wire.BriefingSettings | null) =>
    request<wire.BriefingSettingsView>('PUT', '/briefings/settings', { body }),
  /** The HTML page as text, for a sandboxed preview (never put into this page's DOM). */
  html: async (id: string, signal?: AbortSignal): Promise<string> => {
    let res: Response;
    try {
      res = await fetch(htmlUrl(id), { credentials: 'same-origin', ...withSignal(signal) });
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
};
