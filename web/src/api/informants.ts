// The API calls of the informant network's assessment: the review queue and reviews (审核), the
// ranking (排名) and its notice, support records (保障记录) and the scoring rules. Types come from
// the server's zod schemas (src/server/informant-schemas.ts; type-only: no zod in the bundle).
import type * as wire from '../../../src/server/informant-schemas.ts';
import { request, type PageQuery } from './client.ts';
import type { Page } from './types.ts';

export type {
  Assessment,
  Ranking,
  RankingRowWire as RankingRow,
  ReportReview,
  ReviewBody,
  ReviewHistory,
  ScoringSettingsWire as ScoringSettings,
  SupportBody,
  SupportList,
  SupportRecord,
  InformantNetwork,
} from '../../../src/server/informant-schemas.ts';

export type SupportKind = wire.SupportRecord['kind'];
export type ReviewDecision = wire.ReportReview['decision'];
export type AdoptionLevel = NonNullable<wire.ReportReview['level']>;

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Where the notice of a period is downloaded (DOCX) or opened (HTML). */
export function noticeUrl(period: string, format: 'docx' | 'html'): string {
  const q = new URLSearchParams({ period, format });
  return `/api/v1/informants/notice?${q.toString()}`;
}

export const informantsApi = {
  /** pending: the review queue, oldest first; reviewed: newest first, optionally of one period. */
  assessments: (q: PageQuery & { status: 'pending' | 'reviewed'; period?: string | null }) =>
    request<Page<wire.Assessment>>('GET', '/informants/assessments', {
      query: { status: q.status, period: q.period, limit: q.limit, cursor: q.cursor },
      ...withSignal(q.signal),
    }),
  review: (reportId: string, body: wire.ReviewBody) =>
    request<wire.ReportReview>('POST', `/reports/${encodeURIComponent(reportId)}/review`, { body }),
  history: (reportId: string, signal?: AbortSignal) =>
    request<wire.ReviewHistory>(
      'GET',
      `/reports/${encodeURIComponent(reportId)}/reviews`,
      withSignal(signal),
    ),
  ranking: (period: string, by: 'unit' | 'person', signal?: AbortSignal) =>
    request<wire.Ranking>('GET', '/informants/ranking', {
      query: { period, by },
      ...withSignal(signal),
    }),
  network: (signal?: AbortSignal) =>
    request<wire.InformantNetwork>('GET', '/informants/network', withSignal(signal)),
  support: (q: { period?: string | null; voided?: boolean; signal?: AbortSignal }) =>
    request<wire.SupportList>('GET', '/informants/support', {
      query: { period: q.period, voided: q.voided ? 1 : 0 },
      ...withSignal(q.signal),
    }),
  addSupport: (body: wire.SupportBody) =>
    request<wire.SupportRecord>('POST', '/informants/support', { body }),
  voidSupport: (id: string, reason: string) =>
    request<wire.SupportRecord>('POST', `/informants/support/${encodeURIComponent(id)}/void`, {
      body: { reason },
    }),
  scoringSettings: (signal?: AbortSignal) =>
    request<wire.ScoringSettingsWire>('GET', '/informants/scoring-settings', withSignal(signal)),
  putScoringSettings: (body: wire.ScoringSettingsWire) =>
    request<wire.ScoringSettingsWire>('PUT', '/informants/scoring-settings', { body }),
};
