// The API client: fetch with the session cookie, JSON in and out, and one typed error
// (ApiError) for every non-2xx answer. One function per endpoint the UI uses.
import type {
  AnalyseResult,
  AnalysisSettings,
  AnalysisStatus,
  ApiToken,
  AuditEntry,
  AuditVerify,
  Contact,
  Me,
  Mention,
  MentionQuery,
  NewContact,
  NewPosition,
  NewPerson,
  NewReport,
  NewSource,
  NewUnit,
  NewUser,
  OrgStructure,
  Page,
  Person,
  Position,
  QuarantinedItem,
  Report,
  ReprocessResult,
  RiskLexiconWire,
  Scheme,
  SchemeBody,
  SchemeTestResult,
  Source,
  SourceRunResult,
  SourceTestResult,
  TokenScope,
  Unit,
  User,
  UserPatch,
} from './types.ts';

/** One problem with one input field, as the server reports it. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field problems of an invalid_input answer; empty for other errors. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldProblem =>
        typeof d === 'object' &&
        d !== null &&
        typeof (d as FieldProblem).path === 'string' &&
        typeof (d as FieldProblem).message === 'string',
    );
  }

  /** details.retry_after_seconds of account_locked and rate_limited answers. */
  get retryAfterSeconds(): number | null {
    const d = this.details;
    if (typeof d === 'object' && d !== null && 'retry_after_seconds' in d) {
      const v = d.retry_after_seconds;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    }
    return null;
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever the server answers 401 to a signed-in call (the session ended). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Do not tell the listeners about a 401 (sign-in, and the first who-am-I). */
  quietUnauthenticated?: boolean;
}

function isErrorBody(
  v: unknown,
): v is { error: { code: string; message: string; details?: unknown } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = v.error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

export async function request<T>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  let url = `/api/v1${path}`;
  if (opts.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e: unknown) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) {
    const err = isErrorBody(parsed)
      ? new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.details)
      : new ApiError(res.status, 'http_error', `${res.status} ${res.statusText}`);
    if (res.status === 401 && !opts.quietUnauthenticated) {
      for (const l of unauthenticatedListeners) l();
    }
    throw err;
  }
  return parsed as T;
}

export interface PageQuery {
  limit?: number;
  cursor?: string | null;
  signal?: AbortSignal;
}

/**
 * The search of the mention list: words (q), source key, collected-time window, and the
 * analysis filters (scheme, sentiment, region adcode, risk category, similar articles folded).
 */
export type MentionFilter = Pick<
  MentionQuery,
  'q' | 'source' | 'since' | 'until' | 'scheme' | 'sentiment' | 'region' | 'risk'
> & { fold?: boolean };

/** One syntax error of a scheme query as the server reports it (422 details). */
export interface SchemeSyntaxProblem {
  code: string;
  message: string;
  message_zh: string;
  /** UTF-16 span of the query the error points at. */
  start: number;
  end: number;
}

/** The syntax errors of a 422 answer about a scheme query; empty for any other error. */
export function schemeSyntaxProblems(e: unknown): SchemeSyntaxProblem[] {
  if (!(e instanceof ApiError) || e.status !== 422 || !Array.isArray(e.details)) return [];
  const out: SchemeSyntaxProblem[] = [];
  for (const d of e.details as unknown[]) {
    if (typeof d !== 'object' || d === null) continue;
    const r = d as Record<string, unknown>;
    if (typeof r.start !== 'number' || typeof r.end !== 'number') continue;
    out.push({
      code: typeof r.code === 'string' ? r.code : '',
      message: typeof r.message === 'string' ? r.message : '',
      message_zh:
        typeof r.message_zh === 'string'
          ? r.message_zh
          : typeof r.message === 'string'
            ? r.message
            : '',
      start: r.start,
      end: r.end,
    });
  }
  return out;
}

export const api = {
  // auth
  login: (username: string, password: string) =>
    request<{ user: Me; expires_at: string }>('POST', '/auth/login', {
      body: { username, password },
      quietUnauthenticated: true,
    }),
  logout: () => request<null>('POST', '/auth/logout', { quietUnauthenticated: true }),
  me: (signal?: AbortSignal) =>
    request<Me>('GET', '/auth/me', { quietUnauthenticated: true, ...(signal ? { signal } : {}) }),
  changePassword: (current_password: string, new_password: string) =>
    request<null>('POST', '/auth/password', { body: { current_password, new_password } }),

  // organisation
  units: (signal?: AbortSignal) => request<Page<Unit>>('GET', '/units', signal ? { signal } : {}),
  createUnit: (body: NewUnit) => request<Unit>('POST', '/units', { body }),
  updateUnit: (id: string, body: Partial<NewUnit>) =>
    request<Unit>('PATCH', `/units/${encodeURIComponent(id)}`, { body }),
  setInformant: (unitId: string, personId: string) =>
    request<null>('PUT', `/units/${encodeURIComponent(unitId)}/informant`, {
      body: { person_id: personId },
    }),
  people: (q: PageQuery & { unitId?: string | null }) =>
    request<Page<Person>>('GET', '/people', {
      query: { unit_id: q.unitId, limit: q.limit, cursor: q.cursor },
      ...(q.signal ? { signal: q.signal } : {}),
    }),
  createPerson: (body: NewPerson) => request<Person>('POST', '/people', { body }),
  updatePerson: (id: string, body: Partial<NewPerson>) =>
    request<Person>('PATCH', `/people/${encodeURIComponent(id)}`, { body }),
  structure: (signal?: AbortSignal) =>
    request<OrgStructure>('GET', '/org/structure', signal ? { signal } : {}),
  appoint: (body: NewPosition) => request<Position>('POST', '/positions', { body }),
  endPosition: (id: string) => request<null>('POST', `/positions/${encodeURIComponent(id)}/end`),
  contacts: (signal?: AbortSignal) =>
    request<Page<Contact>>('GET', '/contacts', signal ? { signal } : {}),
  createContact: (body: NewContact) => request<Contact>('POST', '/contacts', { body }),
  updateContact: (id: string, body: Partial<NewContact>) =>
    request<Contact>('PATCH', `/contacts/${encodeURIComponent(id)}`, { body }),

  // accounts and tokens (admin)
  users: (signal?: AbortSignal) => request<Page<User>>('GET', '/users', signal ? { signal } : {}),
  createUser: (body: NewUser) => request<User>('POST', '/users', { body }),
  updateUser: (id: string, body: UserPatch) =>
    request<User>('PATCH', `/users/${encodeURIComponent(id)}`, { body }),
  tokens: (signal?: AbortSignal) =>
    request<Page<ApiToken>>('GET', '/tokens', signal ? { signal } : {}),
  createToken: (name: string, scopes: TokenScope[]) =>
    request<ApiToken & { token: string }>('POST', '/tokens', { body: { name, scopes } }),
  revokeToken: (id: string) =>
    request<ApiToken>('POST', `/tokens/${encodeURIComponent(id)}/revoke`),

  // audit
  audit: (q: PageQuery) =>
    request<Page<AuditEntry>>('GET', '/audit', {
      query: { limit: q.limit, cursor: q.cursor },
      ...(q.signal ? { signal: q.signal } : {}),
    }),
  verifyAudit: () => request<AuditVerify>('GET', '/audit/verify'),

  // mentions (信息流) and the quarantine of rejected input
  mentions: (q: PageQuery & MentionFilter) =>
    request<Page<Mention>>('GET', '/mentions', {
      query: {
        q: q.q,
        source: q.source,
        since: q.since,
        until: q.until,
        scheme: q.scheme,
        sentiment: q.sentiment,
        region: q.region,
        risk: q.risk,
        fold: q.fold === undefined ? undefined : q.fold ? 1 : 0,
        limit: q.limit,
        cursor: q.cursor,
      },
      ...(q.signal ? { signal: q.signal } : {}),
    }),
  mention: (id: string, signal?: AbortSignal) =>
    request<Mention>('GET', `/mentions/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  quarantine: (q: { openOnly: boolean; limit?: number; signal?: AbortSignal }) =>
    request<Page<QuarantinedItem>>('GET', '/quarantine', {
      query: { open_only: q.openOnly ? 1 : 0, limit: q.limit },
      ...(q.signal ? { signal: q.signal } : {}),
    }),
  /** Ingests a quarantined item again: as stored, or the corrected post when `item` is given. */
  reprocess: (id: string, item?: unknown) =>
    request<ReprocessResult>('POST', `/quarantine/${encodeURIComponent(id)}/reprocess`, {
      body: item === undefined ? {} : { item },
    }),

  // sources (监测源): the registry of what is watched, with each source's health
  sources: (signal?: AbortSignal) =>
    request<Page<Source>>('GET', '/sources', signal ? { signal } : {}),
  createSource: (body: NewSource) => request<Source>('POST', '/sources', { body }),
  /** A partial change; { enabled: false } pauses the source, { enabled: true } resumes it. */
  updateSource: (id: string, body: Partial<NewSource>) =>
    request<Source>('PATCH', `/sources/${encodeURIComponent(id)}`, { body }),
  /** Tries the settings once and shows what would arrive; stores nothing. */
  testSource: (body: NewSource) => request<SourceTestResult>('POST', '/sources/test', { body }),
  /** Polls a saved source now, whatever its schedule. */
  runSource: (id: string) =>
    request<SourceRunResult>('POST', `/sources/${encodeURIComponent(id)}/run`),

  // reports (报送): what informants and staff saw, sent to the office
  createReport: (body: NewReport) => request<Report>('POST', '/reports', { body }),
  /** One's own reports (mine), or all in one's scope (admin, leader, office: report.read). */
  reports: (q: PageQuery & { mine: boolean }) =>
    request<Page<Report>>('GET', '/reports', {
      query: { mine: q.mine ? 1 : 0, limit: q.limit, cursor: q.cursor },
      ...(q.signal ? { signal: q.signal } : {}),
    }),

  // monitoring schemes (方案)
  /** The schemes in one's scope; with archived, the archived ones too. */
  schemes: (q: { archived?: boolean; signal?: AbortSignal } = {}) =>
    request<Page<Scheme>>('GET', '/schemes', {
      query: { archived: q.archived ? 1 : 0 },
      ...(q.signal ? { signal: q.signal } : {}),
    }),
  scheme: (id: string, signal?: AbortSignal) =>
    request<Scheme>('GET', `/schemes/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  /** A syntax error in the query answers 422 (see schemeSyntaxProblems). */
  createScheme: (body: SchemeBody) => request<Scheme>('POST', '/schemes', { body }),
  updateScheme: (id: string, body: Partial<SchemeBody>) =>
    request<Scheme>('PATCH', `/schemes/${encodeURIComponent(id)}`, { body }),
  archiveScheme: (id: string) =>
    request<Scheme>('POST', `/schemes/${encodeURIComponent(id)}/archive`),
  /** What a query would have matched in the stored history; stores nothing. */
  testScheme: (body: { query: string; limit?: number; scan?: number }, signal?: AbortSignal) =>
    request<SchemeTestResult>('POST', '/schemes/test', { body, ...(signal ? { signal } : {}) }),

  // analysis: one text tried, the settings of the pipeline, re-analysis of the history
  analyze: (body: { title?: string; text: string; author?: string; source?: string }) =>
    request<AnalyseResult>('POST', '/analyze', { body }),
  analysisSettings: (signal?: AbortSignal) =>
    request<AnalysisSettings>('GET', '/analysis/settings', signal ? { signal } : {}),
  /** Replaces the risk lexicon; null goes back to the built-in one. */
  setRiskLexicon: (lexicon: RiskLexiconWire | null) =>
    request<AnalysisSettings>('PUT', '/analysis/risk-lexicon', { body: { lexicon } }),
  setUserWords: (words: string[]) =>
    request<AnalysisSettings>('PUT', '/analysis/user-words', { body: { words } }),
  analysisStatus: (signal?: AbortSignal) =>
    request<AnalysisStatus>('GET', '/analysis/status', signal ? { signal } : {}),
  reanalyze: (staleOnly: boolean) =>
    request<AnalysisStatus>('POST', '/analysis/reanalyze', { body: { stale_only: staleOnly } }),
};

/** Where the browser downloads a report's attachment (the session cookie goes along). */
export function reportAttachmentUrl(id: string): string {
  return `/api/v1/reports/${encodeURIComponent(id)}/attachment`;
}
