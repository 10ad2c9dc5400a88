// The API calls of the case library (案例库): search, one case with its versions, the office's
// writing (new, from an incident's approved review, edit, attach, withdraw) and the tags in
// use. Types come from the server's schemas (src/server/case-schemas.ts; type-only: no zod in
// the bundle).
import type {
  CaseAttachmentView,
  CaseCreateBody,
  CaseDetail,
  CaseFileBody,
  CaseListItem,
  CasePatchBody,
  CaseTags,
} from '../../../src/server/case-schemas.ts';
import { request } from './client.ts';

export type {
  CaseAttachmentView,
  CaseContent,
  CaseCreateBody,
  CaseDetail,
  CaseFileBody,
  CaseFileType,
  CaseKind,
  CaseListItem,
  CasePatchBody,
  CaseVersionView,
  SnippetField,
  VideoLink,
} from '../../../src/server/case-schemas.ts';

export type CaseGrade = 'major' | 'general';

export interface CaseFilter {
  q?: string | undefined;
  tag?: string | undefined;
  kind?: CaseListItem['kind'] | undefined;
  grade?: CaseGrade | undefined;
  /** withdrawn: the office only. */
  status?: 'published' | 'withdrawn' | undefined;
}

export interface CasePage {
  items: CaseListItem[];
  next_cursor: string | null;
  /** How many cases a query found; null without one. */
  total: number | null;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

export const casesApi = {
  search: (
    f: CaseFilter & { limit?: number; cursor?: string | null; signal?: AbortSignal },
  ): Promise<CasePage> =>
    request<CasePage>('GET', '/cases', {
      query: {
        q: f.q,
        tag: f.tag,
        kind: f.kind,
        grade: f.grade,
        status: f.status,
        limit: f.limit,
        cursor: f.cursor,
      },
      ...withSignal(f.signal),
    }),
  /** One case; with q, where the query matches in each field. */
  get: (id: string, q?: string, signal?: AbortSignal) =>
    request<CaseDetail>('GET', casePath(id), { query: { q }, ...withSignal(signal) }),
  create: (body: CaseCreateBody) => request<CaseDetail>('POST', '/cases', { body }),
  update: (id: string, body: CasePatchBody) => request<CaseDetail>('PATCH', casePath(id), { body }),
  withdraw: (id: string, reason: string) =>
    request<CaseDetail>('POST', `${casePath(id)}/withdraw`, { body: { reason } }),
  attach: (id: string, body: CaseFileBody) =>
    request<CaseAttachmentView>('POST', `${casePath(id)}/attachments`, { body }),
  tags: (signal?: AbortSignal) =>
    request<CaseTags>('GET', '/cases/tags', { query: { limit: 200 }, ...withSignal(signal) }),
};

/** Where the browser fetches an attachment (the session cookie goes along). */
export function caseAttachmentUrl(caseId: string, attachmentId: string): string {
  return `/api/v1${casePath(caseId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
