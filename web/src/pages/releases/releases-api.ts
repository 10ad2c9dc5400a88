// The API calls of 信息发布 (official information release) the pages use: the statements with
// their publications per channel, one statement's share kit and its effect on the incident's
// events, and the office's own work on a channel (retry a failed one, record a proof). Types
// come from the server's service (type-only: nothing of the server is bundled). Publishing and
// withdrawing are incident steps (incidentsApi.act).
import type {
  PublicationItem,
  ReleaseEffect,
  ReleaseItem,
  ShareKit,
} from '../../../../src/services/release.service.ts';
import { request } from '../../api/client.ts';

export type {
  EffectWindow,
  PublicationItem,
  ReleaseEffect,
  ReleaseItem,
  ShareKit,
} from '../../../../src/services/release.service.ts';
export type {
  QaPair,
  ReleaseChannel,
  ReleaseContent,
  ReleaseStatus,
  TalkingPointKind,
} from '../../../../src/publish/types.ts';

/** The image types a proof's screenshot may be (the server checks the bytes too). */
export const PROOF_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ProofType = (typeof PROOF_TYPES)[number];

export interface ProofInput {
  url: string;
  screenshot?: { name: string; type: ProofType; data: string };
  note?: string;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const releasePath = (id: string) => `/releases/${encodeURIComponent(id)}`;
const publicationPath = (id: string) => `/publications/${encodeURIComponent(id)}`;

export const releasesApi = {
  /** Statements, newest first, optionally of one incident. */
  list: (q: { incidentId?: string | null; signal?: AbortSignal } = {}) =>
    request<{ items: ReleaseItem[] }>('GET', '/releases', {
      query: { incidentId: q.incidentId ?? undefined, limit: 200 },
      ...withSignal(q.signal),
    }),
  get: (id: string, signal?: AbortSignal) =>
    request<ReleaseItem>('GET', releasePath(id), withSignal(signal)),
  /** The approved wording, links and QR code to share (409 once withdrawn). */
  shareKit: (id: string, signal?: AbortSignal) =>
    request<ShareKit>('GET', `${releasePath(id)}/share-kit`, withSignal(signal)),
  /** Mentions of the incident's events `hours` before and after the statement. */
  effect: (id: string, hours: number, signal?: AbortSignal) =>
    request<ReleaseEffect>('GET', `${releasePath(id)}/effect`, {
      query: { hours },
      ...withSignal(signal),
    }),
  /** The office: a failed publication goes again now. */
  retry: (publicationId: string) =>
    request<PublicationItem>('POST', `${publicationPath(publicationId)}/retry`),
  /** The office: where the statement appeared, with a screenshot. */
  recordProof: (publicationId: string, body: ProofInput) =>
    request<PublicationItem>('POST', `${publicationPath(publicationId)}/proof`, { body }),
};

/** The address of a publication's screenshot (an <img> sends the session cookie with it). */
export function proofImageUrl(p: Pick<PublicationItem, 'id' | 'proof'>): string | null {
  return p.proof
    ? `/api/v1${publicationPath(p.id)}/proof?v=${encodeURIComponent(p.proof.sha256.slice(0, 16))}`
    : null;
}

/** A statement's page on the public site (served by the server itself, no sign-in). */
export const publicPagePath = (releaseId: string) => `/releases/${encodeURIComponent(releaseId)}`;
export const PUBLIC_LIST_PATH = '/releases';
export const PUBLIC_FEED_PATH = '/releases/feed.xml';

/** Reads a picked file as base64 (without the data: prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}
