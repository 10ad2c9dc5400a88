// Seals: the hash of a stored row, written into the audit entry of the change that wrote it.
// The audit log is a hash chain, so a seal cannot be changed without breaking the chain; an
// edit made directly in the database to a sealed row (an incident, an approval, an informant's
// report) no longer matches the seal of its latest audit entry, and `GET /api/v1/audit/verify`
// says which row. An incident's seal also holds its timeline's head, so deleting or editing a
// timeline entry shows too (the entries are hash-chained among themselves).
import { canonicalJson, hashJson } from '../domain/approvals.ts';
import type { Incident, Release } from '../domain/incident.ts';
import type { Db } from './db.ts';
import { IncidentRepository } from './incident.repository.ts';
import type { ApprovalRow, IncidentRow, ReportRow } from './schema.ts';

export const SEALED_TYPES = ['incident', 'approval', 'report'] as const;
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

export interface SealProblem {
  /** A sealed type, or a release: a statement on the public record that is not its incident's. */
  type: SealedType | 'release';
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
  for (const row of await db.selectFrom('approvals').selectAll().orderBy('id').execute())
    compare('approval', row.id, approvalSeal(row), 'approval');
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
