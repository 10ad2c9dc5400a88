// Seals: the hash of a stored row, written into the audit entry of the change that wrote it.
// The audit log is a hash chain, so a seal cannot be changed without breaking the chain; an
// edit made directly in the database to a sealed row (an incident, an approval, an informant's
// report) no longer matches the seal of its latest audit entry, and `GET /api/v1/audit/verify`
// says which row. An incident's seal also holds its timeline's head, so deleting or editing a
// timeline entry shows too (the entries are hash-chained among themselves). A delegation of
// signing is sealed the same way (un-revoking or extending one is caught). Rows derived from a
// sealed one are compared with it: who may sign an approval (approval_signers) with the approval's
// sealed signer list, and an incident's links with its sealed record and timeline.
import { canonicalJson, hashJson } from '../domain/approvals.ts';
import type { Incident, Release } from '../domain/incident.ts';
import type { Db } from './db.ts';
import { IncidentRepository } from './incident.repository.ts';
import type {
  ApprovalRow,
  DelegationRow,
  IncidentLinkRow,
  IncidentRow,
  ReportRow,
} from './schema.ts';

export const SEALED_TYPES = ['incident', 'approval', 'report', 'delegation'] as const;
export type SealedType = (typeof SEALED_TYPES)[number];

/** The seal written into an audit entry's `after`, under this key. */
export const SEAL_KEY = 'seal';

export function incidentSeal(row: IncidentRow, timelineHead: string): string {
  return hashJson({
    id: row.id,
    title: row.title,
    status: row.status,
    unit_id: row.unit_id,
    created_by: row.created_by,
    created_at: row.created_at,
    state: row.state,
    grade: row.grade,
    confidentiality: row.confidentiality,
    revision: row.revision,
    opened_from_kind: row.opened_from_kind,
    opened_from_id: row.opened_from_id,
    updated_at: row.updated_at,
    record: row.record,
    timelineHead,
  });
}

export function approvalSeal(row: ApprovalRow): string {
  // Every column, by name: a new column is sealed without a change here.
  return hashJson(row);
}

export function reportSeal(row: ReportRow, attachmentHashes: readonly string[]): string {
  return hashJson({ ...row, attachments: [...attachmentHashes].sort() });
}

export function delegationSeal(row: DelegationRow): string {
  // Every column, by name: who, for what, from when until when, revoked when and by whom.
  return hashJson(row);
}

/** The seal of an incident row as stored now (inside the transaction that wrote it). */
export async function sealIncident(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`incident ${id} is not stored`);
  const check = await new IncidentRepository(db).verifyEntries(id);
  return incidentSeal(row, check.head);
}

export async function sealApproval(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`approval ${id} is not stored`);
  return approvalSeal(row);
}

export async function sealReport(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`report ${id} is not stored`);
  const files = await db
    .selectFrom('report_attachments')
    .select('sha256')
    .where('report_id', '=', id)
    .execute();
  return reportSeal(
    row,
    files.map((f) => f.sha256),
  );
}

export async function sealDelegation(db: Db, id: string): Promise<string> {
  const row = await db
    .selectFrom('delegations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new Error(`delegation ${id} is not stored`);
  return delegationSeal(row);
}

/** The seal of a sealed row as stored now, by its type. */
export function sealOf(db: Db, type: SealedType, id: string): Promise<string> {
  switch (type) {
    case 'incident':
      return sealIncident(db, id);
    case 'approval':
      return sealApproval(db, id);
    case 'report':
      return sealReport(db, id);
    case 'delegation':
      return sealDelegation(db, id);
  }
}

export interface SealProblem {
  /**
   * A sealed type; or a row derived from a sealed one that disagrees with it: a release (a
   * statement on the public record that is not its incident's), an approval's signers (not its
   * sealed signer list) or an incident's link (not its sealed record).
   */
  type: SealedType | 'release' | 'approval_signers' | 'incident_link';
  id: string;
  message: string;
}

export interface SealCheck {
  checked: number;
  problems: SealProblem[];
}

/**
 * Compares every sealed row with the latest seal the audit log holds for it (`seals`, keyed
 * `type:id`). A row without a seal was written outside the system; a seal without its row was
 * deleted. Legacy placeholder incidents (made by alert linking before incidents had records)
 * carry no seal and are not counted.
 */
export async function checkSeals(db: Db, seals: ReadonlyMap<string, string>): Promise<SealCheck> {
  const problems: SealProblem[] = [];
  let checked = 0;
  const seen = new Set<string>();
  const compare = (type: SealedType, id: string, actual: string, what: string) => {
    checked++;
    const key = `${type}:${id}`;
    seen.add(key);
    const sealed = seals.get(key);
    if (sealed === undefined)
      problems.push({
        type,
        id,
        message: `${what} ${id} has no audit record: written outside Yuqing`,
      });
    else if (sealed !== actual)
      problems.push({
        type,
        id,
        message: `${what} ${id} differs from what its last audited change wrote: edited outside Yuqing`,
      });
  };
  const repo = new IncidentRepository(db);
  const incidents = await db.selectFrom('incidents').selectAll().orderBy('id').execute();
  // The public record of statements is a projection of the sealed incident records: a row that
  // differs from its incident's release was edited outside Yuqing.
  const releasesOf = new Map<string, Release[]>();
  for (const row of incidents) {
    if (row.record) releasesOf.set(row.id, (JSON.parse(row.record) as Incident).releases ?? []);
  }
  for (const row of await db.selectFrom('releases').selectAll().orderBy('id').execute()) {
    checked++;
    const r = releasesOf.get(row.incident_id)?.find((x) => x.id === row.id);
    const same =
      r !== undefined &&
      canonicalJson(r.content) === canonicalJson(JSON.parse(row.content)) &&
      r.contentHash === row.content_hash &&
      r.approvalId === row.approval_id &&
      r.status === row.status &&
      r.corrects === row.corrects &&
      r.correctedBy === row.corrected_by &&
      (r.withdrawal?.reason ?? null) === row.withdrawal_reason &&
      r.at === row.published_at &&
      canonicalJson(r.channels) === canonicalJson(JSON.parse(row.channels));
    if (!same)
      problems.push({
        type: 'release',
        id: row.id,
        message: `statement ${row.id} on the public record differs from its incident's record: edited outside Yuqing`,
      });
  }
  for (const row of incidents) {
    if (row.record === null && !seals.has(`incident:${row.id}`)) continue;
    const check = await repo.verifyEntries(row.id);
    for (const p of check.problems)
      problems.push({ type: 'incident', id: row.id, message: `timeline: ${p}` });
    compare('incident', row.id, incidentSeal(row, check.head), 'incident');
  }
  const approvals = await db.selectFrom('approvals').selectAll().orderBy('id').execute();
  for (const row of approvals) compare('approval', row.id, approvalSeal(row), 'approval');
  problems.push(...(await signerProblems(db, approvals)));
  problems.push(...(await linkProblems(db, incidents)));
  for (const row of await db.selectFrom('delegations').selectAll().orderBy('id').execute())
    compare('delegation', row.id, delegationSeal(row), 'delegation');
  const files = await db.selectFrom('report_attachments').select(['report_id', 'sha256']).execute();
  const filesOf = new Map<string, string[]>();
  for (const f of files) filesOf.set(f.report_id, [...(filesOf.get(f.report_id) ?? []), f.sha256]);
  for (const row of await db.selectFrom('reports').selectAll().orderBy('id').execute())
    compare('report', row.id, reportSeal(row, filesOf.get(row.id) ?? []), 'report');
  for (const key of seals.keys()) {
    if (seen.has(key)) continue;
    const [type, ...rest] = key.split(':');
    problems.push({
      type: type as SealedType,
      id: rest.join(':'),
      message: `${type} ${rest.join(':')} was audited but is no longer stored: deleted outside Yuqing`,
    });
  }
  return { checked, problems };
}

/**
 * Who may sign each approval (the inbox reads `approval_signers`) must be the approval's own
 * signer list, which its seal covers: a signer added, removed or moved is named.
 */
async function signerProblems(db: Db, approvals: readonly ApprovalRow[]): Promise<SealProblem[]> {
  const problems: SealProblem[] = [];
  const stored = new Map<string, Set<string>>();
  const rows = await db
    .selectFrom('approval_signers')
    .select(['approval_id', 'user_id'])
    .orderBy('approval_id')
    .orderBy('user_id')
    .execute();
  for (const r of rows) {
    const set = stored.get(r.approval_id) ?? new Set<string>();
    set.add(r.user_id);
    stored.set(r.approval_id, set);
  }
  const known = new Set<string>();
  for (const a of approvals) {
    known.add(a.id);
    let sealed: string[] = [];
    try {
      const v = JSON.parse(a.signer_ids) as unknown;
      if (Array.isArray(v)) sealed = v.filter((x): x is string => typeof x === 'string');
    } catch {
      // the approval's own seal check names a corrupt signer list
    }
    const want = new Set(sealed);
    const have = stored.get(a.id) ?? new Set<string>();
    const added = [...have].filter((u) => !want.has(u));
    const removed = [...want].filter((u) => !have.has(u));
    if (added.length || removed.length)
      problems.push({
        type: 'approval_signers',
        id: a.id,
        message: `approval ${a.id}: who may sign differs from its sealed signer list (${[
          ...added.map((u) => `added ${u}`),
          ...removed.map((u) => `removed ${u}`),
        ].join(', ')}): edited outside Yuqing`,
      });
  }
  for (const id of stored.keys())
    if (!known.has(id))
      problems.push({
        type: 'approval_signers',
        id,
        message: `signers of approval ${id}, which is not stored: written outside Yuqing`,
      });
  return problems;
}

/** A link row made by migration 0008 for an alert already linked to a placeholder incident. */
function isMigratedAlertLink(row: IncidentLinkRow, alertIncident: ReadonlyMap<string, string>) {
  return (
    row.kind === 'alert' &&
    row.entry_id === null &&
    row.alert_id !== null &&
    row.id === `alert:${row.alert_id}` &&
    alertIncident.get(row.alert_id) === row.incident_id
  );
}

/**
 * An incident's links (what it concerns) are made only by its opening and its link_items steps:
 * each must name what the sealed record holds (its source, mentionIds, eventIds) and the
 * timeline entry that made it (its time and actor); an incident opened through the workflow
 * must have a link for each. Links migration 0008 made for alerts linked to a placeholder are
 * accepted while the alert still names the incident.
 */
async function linkProblems(db: Db, incidents: readonly IncidentRow[]): Promise<SealProblem[]> {
  const problems: SealProblem[] = [];
  const links = await db.selectFrom('incident_links').selectAll().orderBy('id').execute();
  if (!links.length && !incidents.some((i) => i.record !== null)) return problems;
  const linksOf = new Map<string, IncidentLinkRow[]>();
  for (const l of links) linksOf.set(l.incident_id, [...(linksOf.get(l.incident_id) ?? []), l]);
  const entries = await db
    .selectFrom('incident_entries')
    .select(['id', 'incident_id', 'kind', 'at', 'actor_id'])
    .where('kind', 'in', ['opened', 'link_items'])
    .execute();
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const opened = new Set(entries.filter((e) => e.kind === 'opened').map((e) => e.incident_id));
  const alertIds = links.filter((l) => l.entry_id === null && l.alert_id).map((l) => l.alert_id!);
  const alertIncident = new Map<string, string>();
  for (let i = 0; i < alertIds.length; i += 500) {
    const rows = await db
      .selectFrom('alerts')
      .select(['id', 'incident_id'])
      .where('id', 'in', alertIds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.incident_id) alertIncident.set(r.id, r.incident_id);
  }
  const known = new Set(incidents.map((i) => i.id));
  for (const row of incidents) {
    let inc: Incident | null = null;
    if (row.record !== null) {
      try {
        inc = JSON.parse(row.record) as Incident;
      } catch {
        // the incident's own seal check names a corrupt record
      }
    }
    const want = new Set<string>();
    if (inc) {
      const { kind, refId } = inc.source ?? { kind: 'manual', refId: null };
      if (refId && kind === 'alert') want.add(`alert:${refId}`);
      if (refId && kind === 'informant_report') want.add(`report:${refId}`);
      if (refId && kind === 'event') want.add(`event:${refId}`);
      for (const m of inc.mentionIds ?? []) want.add(`mention:${m}`);
      for (const e of inc.eventIds ?? []) want.add(`event:${e}`);
    }
    const have = new Set<string>();
    for (const l of linksOf.get(row.id) ?? []) {
      const target = l.mention_id ?? l.event_id ?? l.alert_id ?? l.report_id ?? '';
      const key = `${l.kind}:${target}`;
      have.add(key);
      if (isMigratedAlertLink(l, alertIncident)) continue;
      const entry = l.entry_id ? entryById.get(l.entry_id) : undefined;
      const why = !want.has(key)
        ? `its incident's record does not concern ${l.kind} ${target}`
        : !entry || entry.incident_id !== row.id
          ? 'it names no opening or linking step of its incident'
          : entry.at !== l.linked_at || entry.actor_id !== l.linked_by
            ? 'its time or author is not that of the step that made it'
            : null;
      if (why)
        problems.push({
          type: 'incident_link',
          id: l.id,
          message: `link ${l.id} of incident ${row.id}: ${why}: edited outside Yuqing`,
        });
    }
    if (inc && opened.has(row.id))
      for (const key of want)
        if (!have.has(key))
          problems.push({
            type: 'incident_link',
            id: row.id,
            message: `incident ${row.id} has lost its link to ${key.replace(':', ' ')}: deleted outside Yuqing`,
          });
  }
  for (const l of links)
    if (!known.has(l.incident_id))
      problems.push({
        type: 'incident_link',
        id: l.id,
        message: `link ${l.id} of incident ${l.incident_id}, which is not stored: written outside Yuqing`,
      });
  return problems;
}

/** The seal an audit entry's `after` carries for a sealed type, if any. */
export function sealOfAuditEntry(objectType: string, after: string | null): string | null {
  if (!after || !(SEALED_TYPES as readonly string[]).includes(objectType)) return null;
  try {
    const v = JSON.parse(after) as unknown;
    if (v && typeof v === 'object' && SEAL_KEY in v) {
      const s = (v as Record<string, unknown>)[SEAL_KEY];
      return typeof s === 'string' ? s : null;
    }
  } catch {
    return null;
  }
  return null;
}
