// The API calls of incident response (事件处置): the board, one incident with its timeline,
// clocks and approvals, its steps, the approvals inbox with the signers' decisions, and the
// settings in force. Types come from the server's own modules (type-only: nothing of the
// server is bundled); the server computes which steps a reader may take (view.actions).
import type {
  IncidentCard,
  IncidentService,
  IncidentView,
} from '../../../src/services/incident.service.ts';
import type { DecisionInput } from '../../../src/domain/approvals.ts';
import type { IncidentSettings, IncidentState } from '../../../src/domain/incident.ts';
import type { IncidentAction, OpenIncidentInput } from '../../../src/domain/incident-actions.ts';
import type { ReviewView } from '../../../src/services/review.service.ts';
import { request } from './client.ts';

export type { ReviewView } from '../../../src/services/review.service.ts';

import type { DirectoryEntry } from '../../../src/services/incident.service.ts';
export type {
  DirectoryEntry,
  IncidentCard,
  IncidentView,
} from '../../../src/services/incident.service.ts';
export type {
  Incident,
  IncidentSettings,
  IncidentState,
  Task,
  UpwardReport,
  OutsideContact,
  Release,
  InvestigationNote,
  Handler,
} from '../../../src/domain/incident.ts';
export type {
  ActionOf,
  ConfidentialityLevel,
  EmergencyLevel,
  IncidentAction,
  IncidentActionType,
  IncidentSource,
  OpenIncidentInput,
  ReportKind,
} from '../../../src/domain/incident-actions.ts';
export type {
  Approval,
  ApprovalStatus,
  Decision,
  DecisionInput,
  DocumentType,
  SignerRule,
} from '../../../src/domain/approvals.ts';
export type { Clock, ClockKind, ClockStatus } from '../../../src/domain/incident-clocks.ts';
export type { TimelineItem, TimelineKind } from '../../../src/domain/incident-timeline.ts';
export type { Grade, GradingReason } from '../../../src/domain/grading.ts';

/** One document awaiting the reader's signature (theirs, or as a delegate). */
export type InboxItem = Awaited<ReturnType<IncidentService['inbox']>>['items'][number];

/** The `incident` message of the live stream: a step concerns the signed-in user. */
export interface LiveIncident {
  incidentId: string;
  topic: string;
  title: string;
  at: string;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;

export const incidentsApi = {
  /** The incidents the reader may read, newest first, optionally in some states only. */
  list: (q: { states?: readonly IncidentState[]; signal?: AbortSignal } = {}) =>
    request<{ items: IncidentCard[] }>('GET', '/incidents', {
      query: { state: q.states?.length ? q.states.join(',') : undefined },
      ...withSignal(q.signal),
    }),
  /** Opens an incident (office, leader, division); answers its page's view. */
  open: (body: OpenIncidentInput) => request<IncidentView>('POST', '/incidents', { body }),
  /** One incident; reading a restricted or secret one is audited. */
  get: (id: string, signal?: AbortSignal) =>
    request<IncidentView>('GET', incidentPath(id), withSignal(signal)),
  /**
   * One step. `expectedRevision` is the revision the person saw: 409 when the incident moved
   * since; 403 when the step is not theirs; 400 with details naming the field.
   */
  act: (id: string, action: IncidentAction, expectedRevision: number) =>
    request<IncidentView>('POST', `${incidentPath(id)}/actions`, {
      body: { action, expectedRevision },
    }),
  /** Documents awaiting the reader's signature, oldest first. */
  inbox: (signal?: AbortSignal) =>
    request<{ items: InboxItem[] }>('GET', '/approvals/inbox', withSignal(signal)),
  /** Approve, reject or return one version; approving a response step carries it out. */
  decide: (approvalId: string, body: DecisionInput) =>
    request<IncidentView>('POST', `/approvals/${encodeURIComponent(approvalId)}/decision`, {
      body,
    }),
  /** Staff who can be named on an incident (people pickers). */
  directory: (signal?: AbortSignal) =>
    request<{ items: DirectoryEntry[] }>('GET', '/directory', withSignal(signal)),
  /** Change them (admin, office; audited); null: the built-in defaults again. */
  saveSettings: (body: IncidentSettings | null) =>
    request<IncidentSettings>('PUT', '/incidents/settings', { body }),
  /** The after-action review generated from the record, with the office's assessment. */
  review: (id: string, signal?: AbortSignal) =>
    request<ReviewView>('GET', `${incidentPath(id)}/review`, withSignal(signal)),
  /** Where the review downloads as a Word document, and opens as a page (same-origin links). */
  reviewDocxUrl: (id: string) => `/api/v1${incidentPath(id)}/review.docx`,
  reviewHtmlUrl: (id: string) => `/api/v1${incidentPath(id)}/review.html`,
  /** Clock targets, signer rules and emergency levels in force. */
  settings: (signal?: AbortSignal) =>
    request<IncidentSettings>('GET', '/incidents/settings', withSignal(signal)),
};
