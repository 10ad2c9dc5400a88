// The API calls of people's performance (人员表现, [P17]): the people of a year with their
// summary, one person's facts, the commendation and accountability proposals with the leadership
// group's decisions, and the export links. Types come from the server's own modules (type-only:
// nothing of the server is bundled).
import type {
  PerformanceListItem,
  PersonPerformanceView,
  ProposalView,
} from '../../../src/services/performance.service.ts';
import type {
  ProposalDecisionInput,
  ProposalInput,
} from '../../../src/domain/performance-proposals.ts';
import { request } from './client.ts';

export type {
  PerformanceListItem,
  PersonPerformanceView,
  ProposalView,
} from '../../../src/services/performance.service.ts';
export type {
  AlertFact,
  IncidentPerformance,
  PerformanceGap,
  PerformanceRole,
  PerformanceSummary,
  ReportFact,
  RoleHeld,
  SignatureFact,
  TaskFact,
  TaskOutcome,
} from '../../../src/domain/performance.ts';
export type { ProposalKind, ProposalStatus } from '../../../src/domain/performance-proposals.ts';

/** The proposal form's body (factRefs may be left out). */
export type NewProposal = Omit<ProposalInput, 'factRefs'> & { factRefs?: string[] };

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const performanceApi = {
  /** The people of a year the reader may see, with their summary. */
  list: (q: { year: number; unitId?: string | null; signal?: AbortSignal }) =>
    request<{ year: number; items: PerformanceListItem[] }>('GET', '/performance', {
      query: { year: q.year, unitId: q.unitId ?? undefined },
      ...withSignal(q.signal),
    }),
  /** One person's facts of a year, and the proposals about them the reader may read. */
  person: (personId: string, year: number, signal?: AbortSignal) =>
    request<PersonPerformanceView>('GET', `/performance/people/${encodeURIComponent(personId)}`, {
      query: { year },
      ...withSignal(signal),
    }),
  proposals: (q: { year?: number; personId?: string; signal?: AbortSignal } = {}) =>
    request<{ items: ProposalView[] }>('GET', '/performance/proposals', {
      query: { year: q.year, personId: q.personId },
      ...withSignal(q.signal),
    }),
  /** Proposals awaiting the reader's decision (the group's head and deputy heads). */
  inbox: (signal?: AbortSignal) =>
    request<{ items: ProposalView[] }>('GET', '/performance/proposals/inbox', withSignal(signal)),
  propose: (body: NewProposal) => request<ProposalView>('POST', '/performance/proposals', { body }),
  decide: (id: string, body: ProposalDecisionInput) =>
    request<ProposalView>('POST', `/performance/proposals/${encodeURIComponent(id)}/decision`, {
      body,
    }),
  /** The export's address (a plain link: the browser downloads it with the session cookie). */
  exportUrl: (year: number, format: 'csv' | 'docx', personId?: string) => {
    const q = new URLSearchParams({ year: String(year), format });
    if (personId) q.set('personId', personId);
    return `/api/v1/performance/export?${q.toString()}`;
  },
};
