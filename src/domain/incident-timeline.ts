// The incident's timeline: every step with its system time (the server's clock when it was
// recorded; never editable) and, where a person gives one, a declared time (when it happened
// in the world). Entries are append-only: a corrected declared time is a new entry saying
// before, after, who and why, and the effective declared time is folded from those.
import type { JsonObject } from './approvals.ts';
import type { IncidentActionType } from './incident-actions.ts';

/** Entries the rules write that are not a person's action of that name. */
export const SYSTEM_ENTRY_KINDS = [
  'opened',
  'approval_decided',
  'response_activated',
  'response_adjusted',
  'response_terminated',
  'grade_lowered',
] as const;
export type SystemEntryKind = (typeof SYSTEM_ENTRY_KINDS)[number];
export type TimelineKind = IncidentActionType | SystemEntryKind;

/**
 * Entries that may carry a declared time, given when recorded or corrected later: things that
 * happen outside the system and are entered afterwards (a phone call to the superior, a
 * contact with the media, a statement published, a task done).
 */
export const DECLARABLE_KINDS: readonly TimelineKind[] = [
  'opened',
  'request_regrade',
  'record_report',
  'record_receipt',
  'log_contact',
  'task_feedback',
  'record_facts',
  'report_progress',
];

export interface TimelineEntry {
  id: string;
  incidentId: string;
  kind: TimelineKind;
  /** System time (ISO), set by the rules from the server clock; never changes. */
  at: string;
  /** Declared time as first given (ISO), or null; corrections are later entries. */
  declaredAt: string | null;
  actorId: string;
  actorName: string;
  /** One line in Chinese for the timeline and the drill's output. */
  summary: string;
  /** The step's details (JSON). A correction has {entryId, before, after, reason}. */
  data: JsonObject;
}

export interface DeclaredTimeCorrection {
  /** The correction entry. */
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  before: string | null;
  after: string;
  reason: string;
}

export interface TimelineItem extends TimelineEntry {
  /** The declared time after every correction (null: none given). */
  effectiveDeclaredAt: string | null;
  corrections: DeclaredTimeCorrection[];
  pinned: boolean;
}

function correctionOf(
  e: TimelineEntry,
): { entryId: string; before: string | null; after: string; reason: string } | null {
  if (e.kind !== 'correct_declared_time') return null;
  const { entryId, before, after, reason } = e.data;
  if (typeof entryId !== 'string' || typeof after !== 'string') return null;
  return {
    entryId,
    before: typeof before === 'string' ? before : null,
    after,
    reason: typeof reason === 'string' ? reason : '',
  };
}

const bySystemTime = (a: TimelineEntry, b: TimelineEntry) => Date.parse(a.at) - Date.parse(b.at);

/**
 * The timeline as people read it: in system-time order (ties keep their recorded order), each
 * entry with its effective declared time, the corrections that led to it, and its pin.
 */
export function timelineView(
  entries: readonly TimelineEntry[],
  pinned: readonly string[] = [],
): TimelineItem[] {
  const sorted = [...entries].sort(bySystemTime);
  const corrections = new Map<string, DeclaredTimeCorrection[]>();
  for (const e of sorted) {
    const c = correctionOf(e);
    if (!c) continue;
    const list = corrections.get(c.entryId) ?? [];
    list.push({
      id: e.id,
      at: e.at,
      actorId: e.actorId,
      actorName: e.actorName,
      before: c.before,
      after: c.after,
      reason: c.reason,
    });
    corrections.set(c.entryId, list);
  }
  const pins = new Set(pinned);
  return sorted.map((e) => {
    const list = corrections.get(e.id) ?? [];
    return {
      ...e,
      effectiveDeclaredAt: list.length ? (list[list.length - 1]?.after ?? null) : e.declaredAt,
      corrections: list,
      pinned: pins.has(e.id),
    };
  });
}

/** The effective declared time of one entry (null when none was given or it is unknown). */
export function effectiveDeclaredAt(
  entries: readonly TimelineEntry[],
  entryId: string,
): string | null {
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) return null;
  let current = entry.declaredAt;
  for (const e of [...entries].sort(bySystemTime)) {
    const c = correctionOf(e);
    if (c && c.entryId === entryId) current = c.after;
  }
  return current;
}

/**
 * What is wrong with a stored timeline: duplicate ids, a correction of an unknown entry or of
 * an entry that takes no declared time, or one whose `before` is not what was in force (a
 * sign the record was edited). Empty: sound.
 */
export function timelineProblems(entries: readonly TimelineEntry[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, TimelineEntry>();
  for (const e of entries) {
    if (seen.has(e.id)) out.push(`entry ${e.id} appears twice`);
    seen.set(e.id, e);
    if (Number.isNaN(Date.parse(e.at))) out.push(`entry ${e.id} has no valid system time`);
  }
  const current = new Map<string, string | null>();
  for (const e of [...entries].sort(bySystemTime)) {
    if (e.kind !== 'correct_declared_time') continue;
    const c = correctionOf(e);
    const target = c && seen.get(c.entryId);
    if (!c || !target) {
      out.push(`correction ${e.id} names no entry of this timeline`);
      continue;
    }
    if (!DECLARABLE_KINDS.includes(target.kind))
      out.push(`correction ${e.id} corrects ${target.kind}, which takes no declared time`);
    const before = current.has(c.entryId) ? (current.get(c.entryId) ?? null) : target.declaredAt;
    if (before !== c.before)
      out.push(
        `correction ${e.id} says the time was ${c.before ?? 'none'}, but it was ${before ?? 'none'}`,
      );
    current.set(c.entryId, c.after);
  }
  return out;
}
