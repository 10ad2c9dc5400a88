// What the step forms hold (every field any of them has, by the name of the action's field
// where there is one, so the server's details land on it), and the small conversions from a
// form's values to an action's fields.
import type { Dayjs } from 'dayjs';
import type {
  ConfidentialityLevel,
  DocumentType,
  EmergencyLevel,
  Grade,
  ReportKind,
} from '../../api/incidents.ts';
import type { ContactKind, Role } from '../../api/types.ts';
import type { ReleaseChannel, TalkingPointKind } from '../../../../src/publish/types.ts';

/** The documents submitted as such (response steps and lowering have their own steps). */
export type DraftType = Extract<
  DocumentType,
  'handling_opinion' | 'release_plan' | 'talking_points' | 'review_report'
>;

export interface ActionValues {
  note?: string;
  grade?: Grade;
  reason?: string;
  userId?: string;
  declaredAt?: Dayjs | null;
  handlerKind?: 'division' | 'team';
  unitId?: string;
  name?: string;
  leaderId?: string;
  memberIds?: string[];
  docType?: DraftType;
  title?: string;
  body?: string;
  /** A release plan's channels; the channels a statement is published on. */
  channels?: ReleaseChannel[];
  aim?: string;
  audience?: string;
  timing?: string;
  spokesperson?: string;
  /** Talking points: 声明, 答问 or 辟谣, with the Q&A pairs and a clarification's parts. */
  pointsKind?: TalkingPointKind;
  qa?: { question?: string; answer?: string }[];
  claim?: string;
  facts?: string;
  factSource?: string;
  /** A review report's lists ([P17]), one item per line: what worked, what did not, changes. */
  successes?: string;
  problems?: string;
  improvements?: string;
  /** The published statement a new one corrects. */
  corrects?: string;
  releaseId?: string;
  level?: EmergencyLevel | null;
  approvalId?: string;
  kind?: ReportKind;
  recipient?: string;
  channel?: string;
  summary?: string;
  reportId?: string;
  receivedBy?: string;
  reference?: string;
  contactKind?: ContactKind;
  organisation?: string;
  person?: string;
  shared?: string;
  detail?: string;
  deadline?: Dayjs | null;
  taskId?: string;
  complete?: boolean;
  text?: string;
  entryId?: string;
  pinned?: boolean;
  clockKey?: string;
  confLevel?: ConfidentialityLevel;
  userIds?: string[];
  roles?: Role[];
  mentionIds?: string[];
  eventIds?: string[];
}

/** One item per non-empty line, trimmed (a review report's lists). */
export function lines(v: string | undefined): string[] {
  return (v ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A required text, trimmed (the form has checked it is there; the server checks again). */
export function text(v: string | undefined): string {
  return (v ?? '').trim();
}

/** An optional text: trimmed, or absent when empty. */
export function optional(v: string | undefined): string | undefined {
  const s = (v ?? '').trim();
  return s ? s : undefined;
}

/** A required choice; a missing one is a bug of the form, said as such. */
export function need<T>(v: T | undefined | null, field: string): T {
  if (v === undefined || v === null) throw new Error(`${field} is missing`);
  return v;
}

/** A time picked in the form as ISO 8601, or absent. */
export function isoOf(v: Dayjs | null | undefined): string | undefined {
  return v ? v.toISOString() : undefined;
}

/** The Q&A pairs typed, trimmed; a pair with neither part is left out (the form checks both). */
export function qaPairs(
  v: readonly { question?: string; answer?: string }[] | undefined,
): { question: string; answer: string }[] {
  return (v ?? [])
    .map((p) => ({ question: text(p?.question), answer: text(p?.answer) }))
    .filter((p) => p.question || p.answer);
}

/** Trimmed, non-empty, without repeats. */
export function list(v: readonly string[] | undefined): string[] {
  return [...new Set((v ?? []).map((s) => s.trim()).filter(Boolean))];
}

/** Choices without repeats, in the order picked. */
export function unique<T extends string>(v: readonly T[] | undefined): T[] {
  return [...new Set(v ?? [])];
}
