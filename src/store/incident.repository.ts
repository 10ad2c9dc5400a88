// Incidents (issue 7): the incident row with its record, the timeline, approval versions,
// delegations of signing and links to what an incident concerns. Takes any Db, a transaction
// included: an applied step (the record with compare-and-set on `revision`, its entries, its
// approval records and links) is written in the caller's one transaction (`commit`).
// The rules are the domain's: this layer refuses to write an unsound incident, an approval
// record whose hashes do not match, or an approval update the rules do not allow.
import {
  approvalProblems,
  approvalUpdateProblem,
  canonicalJson,
  delegationProblems,
  hashJson,
  type Approval,
  type Delegation,
  type DocumentType,
  type Json,
  type JsonObject,
} from '../domain/approvals.ts';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import type { ConfidentialityLevel } from '../domain/incident-actions.ts';
import type { TimelineEntry } from '../domain/incident-timeline.ts';
import {
  incidentProblems,
  INCIDENT_STATES,
  newIncidentRecord,
  type Applied,
  type Incident,
  type IncidentState,
} from '../domain/incident.ts';
import type { Grade } from '../domain/grading.ts';
import type { Db } from './db.ts';
import { timeOrderedId } from './ids.ts';
import type {
  ApprovalRow,
  ApprovalTable,
  DelegationRow,
  IncidentEntryRow,
  IncidentEntryTable,
  IncidentLinkKind,
  IncidentLinkRow,
  IncidentLinkTable,
  IncidentRow,
} from './schema.ts';

// ---------------------------------------------------------------------------------------------
// Errors

/** A stored value that cannot be read back (corrupt JSON, a record that disagrees with its row). */
export class CorruptRowError extends Error {
  constructor(
    readonly table: string,
    readonly rowId: string,
    readonly column: string,
    detail: string,
  ) {
    super(`${table} row ${rowId}: ${column} ${detail}`);
    this.name = 'CorruptRowError';
  }
}

/** An approval update the rules forbid (approvalUpdateProblem), or one that lost a race. */
export class ApprovalUpdateRefused extends Error {
  constructor(
    readonly approvalId: string,
    readonly problem: string,
  ) {
    super(`approval ${approvalId}: ${problem}`);
    this.name = 'ApprovalUpdateRefused';
  }
}

function parseJson(table: string, id: string, column: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CorruptRowError(
      table,
      id,
      column,
      `is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseObject(table: string, id: string, column: string, text: string): JsonObject {
  const v = parseJson(table, id, column, text);
  if (!isObject(v)) throw new CorruptRowError(table, id, column, 'is not a JSON object');
  return v as JsonObject;
}

function parseStrings(table: string, id: string, column: string, text: string): string[] {
  const v = parseJson(table, id, column, text);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new CorruptRowError(table, id, column, 'is not a JSON array of strings');
  return v;
}

// ---------------------------------------------------------------------------------------------
// Incidents

export interface StoredIncident {
  row: IncidentRow;
  incident: Incident;
  /**
   * Made by alert linking before the incident workflow (or since, until the service records
   * it): no record yet, `incident` is read from the row as a 'reported' incident.
   */
  placeholder: boolean;
}

export interface IncidentQuery {
  limit: number;
  states?: readonly IncidentState[] | undefined;
  /** Only these units (a unit scope); none when empty. */
  unitIds?: readonly string[] | undefined;
  confidentiality?: readonly ConfidentialityLevel[] | undefined;
  grades?: readonly Grade[] | undefined;
  /** Newest first: the page after this (created_at, id). */
  after?: { createdAt: string; id: string } | undefined;
}

type LinkedAlert = { id: string; event_id: string | null; incident_id: string | null };

/** A placeholder row as a 'reported' incident: opened from the alert that made it, if any. */
function placeholderIncident(row: IncidentRow, alerts: readonly LinkedAlert[]): Incident {
  const alertId = row.opened_from_kind === 'alert' ? row.opened_from_id : (alerts[0]?.id ?? null);
  const source: Incident['source'] =
    row.opened_from_kind && row.opened_from_kind !== 'alert'
      ? { kind: row.opened_from_kind, refId: row.opened_from_id }
      : alertId
        ? { kind: 'alert', refId: alertId }
        : { kind: 'manual', refId: null };
  const eventIds = [...new Set(alerts.map((a) => a.event_id).filter((x): x is string => !!x))];
  return newIncidentRecord({
    id: row.id,
    title: row.title,
    unitId: row.unit_id,
    source,
    mentionIds: [],
    eventIds,
    suggested: null,
    confidentiality: { level: 'open', userIds: [], roles: [] },
    openedBy: row.created_by ?? 'system',
    openedAt: row.created_at,
    discoveredAt: null,
    revision: row.revision,
    updatedAt: row.updated_at ?? row.created_at,
  });
}

/** The record of a row, checked against the row's indexed columns. */
function recordOfRow(row: IncidentRow & { record: string }): Incident {
  const v = parseObject('incidents', row.id, 'record', row.record);
  const shapeless = (what: string) => new CorruptRowError('incidents', row.id, 'record', what);
  if (typeof v.id !== 'string') throw shapeless('has no id');
  if (typeof v.revision !== 'number' || !Number.isInteger(v.revision))
    throw shapeless('has no integer revision');
  if (typeof v.state !== 'string' || !(INCIDENT_STATES as readonly string[]).includes(v.state))
    throw shapeless('has no known state');
  for (const key of ['source', 'confidentiality', 'response', 'review'])
    if (!isObject(v[key])) throw shapeless(`has no ${key}`);
  const inc = v as unknown as Incident;
  const drift = [
    ['id', row.id, inc.id],
    ['title', row.title, inc.title],
    ['unit_id', row.unit_id, inc.unitId],
    ['state', row.state, inc.state],
    ['grade', row.grade, inc.grade],
    ['confidentiality', row.confidentiality, inc.confidentiality.level],
    ['revision', row.revision, inc.revision],
    ['opened_from_kind', row.opened_from_kind, inc.source.kind],
    ['opened_from_id', row.opened_from_id, inc.source.refId],
  ]
    .filter(([, a, b]) => a !== b)
    .map(([c]) => c);
  if (drift.length)
    throw new CorruptRowError('incidents', row.id, drift.join(', '), 'disagree with the record');
  return inc;
}

/** The columns written from a record. */
function columnsOf(inc: Incident) {
  return {
    title: inc.title,
    unit_id: inc.unitId,
    status: 'incident',
    state: inc.state,
    grade: inc.grade,
    confidentiality: inc.confidentiality.level,
    revision: inc.revision,
    opened_from_kind: inc.source.kind,
    opened_from_id: inc.source.refId,
    updated_at: inc.updatedAt,
    record: canonicalJson(inc),
  };
}

function assertSound(inc: Incident): void {
  const problems = incidentProblems(inc);
  if (problems.length) throw new Error(`incident ${inc.id} is unsound: ${problems.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// Timeline

/** The hash of an entry in its incident's chain. */
export function entryHash(prevHash: string, seq: number, e: TimelineEntry): string {
  return hashJson({
    prevHash,
    seq,
    id: e.id,
    incidentId: e.incidentId,
    kind: e.kind,
    at: e.at,
    declaredAt: e.declaredAt,
    actorId: e.actorId,
    actorName: e.actorName,
    summary: e.summary,
    data: e.data,
  });
}

function entryOfRow(r: IncidentEntryRow): TimelineEntry {
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind,
    at: r.at,
    declaredAt: r.declared_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    summary: r.summary,
    data: parseObject('incident_entries', r.id, 'data', r.data),
  };
}

export interface TimelineCheck {
  entries: number;
  /** The last entry's hash (GENESIS_HASH for none): anchor it in the audit log. */
  head: string;
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// Approvals

function approvalRowOf(a: Approval): ApprovalTable {
  return {
    id: a.id,
    incident_id: a.incidentId,
    document_id: a.documentId,
    version: a.version,
    doc_type: a.docType,
    grade: a.grade,
    title: a.title,
    body: a.body,
    payload: canonicalJson(a.payload),
    signer_rule: a.signer.rule,
    signer_ids: canonicalJson(a.signer.userIds),
    submitted_by: a.submittedBy,
    submitted_at: a.submittedAt,
    content_hash: a.contentHash,
    ...outcomeColumnsOf(a),
  };
}

/** The only columns an update writes: status, decision, closure. */
function outcomeColumnsOf(a: Approval) {
  return {
    status: a.status,
    decision: a.decision?.decision ?? null,
    comment: a.decision?.comment ?? null,
    decided_by: a.decision?.decidedBy ?? null,
    on_behalf_of: a.decision?.onBehalfOf ?? null,
    delegation_id: a.decision?.delegationId ?? null,
    decided_at: a.decision?.decidedAt ?? null,
    seal_hash: a.decision?.sealHash ?? null,
    closed_at: a.closure?.at ?? null,
    closed_by: a.closure?.by ?? null,
    close_reason: a.closure?.reason ?? null,
    superseded_by: a.closure?.supersededBy ?? null,
  };
}

function approvalOfRow(r: ApprovalRow): Approval {
  const corrupt = (column: string, detail: string) =>
    new CorruptRowError('approvals', r.id, column, detail);
  let decision: Approval['decision'] = null;
  if (r.decision !== null) {
    if (r.comment === null || !r.decided_by || !r.decided_at || !r.seal_hash)
      throw corrupt('decision', 'is set without its comment, decider, time or seal hash');
    decision = {
      decision: r.decision,
      comment: r.comment,
      decidedBy: r.decided_by,
      onBehalfOf: r.on_behalf_of,
      delegationId: r.delegation_id,
      decidedAt: r.decided_at,
      sealHash: r.seal_hash,
    };
  }
  let closure: Approval['closure'] = null;
  if (r.closed_at !== null) {
    if (!r.closed_by || r.close_reason === null)
      throw corrupt('closed_at', 'is set without who closed it and why');
    closure = {
      at: r.closed_at,
      by: r.closed_by,
      reason: r.close_reason,
      supersededBy: r.superseded_by,
    };
  }
  return {
    id: r.id,
    incidentId: r.incident_id,
    documentId: r.document_id,
    version: r.version,
    docType: r.doc_type,
    grade: r.grade,
    title: r.title,
    body: r.body,
    payload: parseObject('approvals', r.id, 'payload', r.payload),
    signer: {
      rule: r.signer_rule,
      userIds: parseStrings('approvals', r.id, 'signer_ids', r.signer_ids),
    },
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    contentHash: r.content_hash,
    status: r.status,
    decision,
    closure,
  };
}

// ---------------------------------------------------------------------------------------------
// Delegations and links

/** A delegation as stored: the domain's, with who recorded it and when, and who revoked it. */
export interface StoredDelegation extends Delegation {
  revokedBy: string | null;
  createdBy: string | null;
  createdAt: string;
}

function delegationOfRow(r: DelegationRow): StoredDelegation {
  let docTypes: DocumentType[] | null = null;
  if (r.doc_types !== null)
    docTypes = parseStrings('delegations', r.id, 'doc_types', r.doc_types) as DocumentType[];
  return {
    id: r.id,
    fromUserId: r.from_user_id,
    toUserId: r.to_user_id,
    docTypes,
    from: r.valid_from,
    until: r.valid_until,
    revokedAt: r.revoked_at,
    reason: r.reason,
    revokedBy: r.revoked_by,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** ISO-8601 UTC with milliseconds, so times compare as text; throws on a non-time. */
function isoUtc(value: string, what: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`${what} is not a time: ${value}`);
  return new Date(t).toISOString();
}

export interface IncidentLink {
  id: string;
  incidentId: string;
  kind: IncidentLinkKind;
  targetId: string;
  linkedBy: string | null;
  linkedAt: string;
  entryId: string | null;
}

export type NewIncidentLink = Omit<IncidentLink, 'id'>;

const LINK_COLUMN = {
  mention: 'mention_id',
  event: 'event_id',
  alert: 'alert_id',
  report: 'report_id',
} as const satisfies Record<IncidentLinkKind, keyof IncidentLinkTable>;

function linkOfRow(r: IncidentLinkRow): IncidentLink {
  const targetId = r[LINK_COLUMN[r.kind]];
  if (!targetId) throw new CorruptRowError('incident_links', r.id, LINK_COLUMN[r.kind], 'is null');
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind,
    targetId,
    linkedBy: r.linked_by,
    linkedAt: r.linked_at,
    entryId: r.entry_id,
  };
}

function strings(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The links an applied step makes: what an incident is opened from and with, link_items. */
export function linksOfApplied(applied: Applied): NewIncidentLink[] {
  const inc = applied.incident;
  const out: NewIncidentLink[] = [];
  for (const e of applied.entries) {
    const at = { linkedBy: e.actorId, linkedAt: e.at, entryId: e.id, incidentId: inc.id };
    let mentions: string[] = [];
    let events: string[] = [];
    if (e.kind === 'opened') {
      mentions = inc.mentionIds;
      events = inc.eventIds;
      const { kind, refId } = inc.source;
      if (refId && kind === 'alert') out.push({ ...at, kind: 'alert', targetId: refId });
      if (refId && kind === 'informant_report')
        out.push({ ...at, kind: 'report', targetId: refId });
      if (refId && kind === 'event' && !events.includes(refId)) events = [refId, ...events];
    } else if (e.kind === 'link_items') {
      mentions = strings(e.data.mentionIds);
      events = strings(e.data.eventIds);
    }
    for (const id of mentions) out.push({ ...at, kind: 'mention', targetId: id });
    for (const id of events) out.push({ ...at, kind: 'event', targetId: id });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The repository

export class IncidentRepository {
  constructor(private readonly db: Db) {}

  // --- incidents -----------------------------------------------------------------------------

  async get(id: string): Promise<StoredIncident | undefined> {
    const row = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return (await this.read([row]))[0];
  }

  /** Newest first (created_at, id), filtered by the indexed facts; page with `after`. */
  async list(q: IncidentQuery): Promise<StoredIncident[]> {
    let query = this.db
      .selectFrom('incidents')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    // An empty list of allowed values matches nothing.
    if ([q.states, q.unitIds, q.confidentiality, q.grades].some((l) => l?.length === 0)) return [];
    if (q.states) query = query.where('state', 'in', [...q.states]);
    if (q.unitIds) query = query.where('unit_id', 'in', [...q.unitIds]);
    if (q.confidentiality) query = query.where('confidentiality', 'in', [...q.confidentiality]);
    if (q.grades) query = query.where('grade', 'in', [...q.grades]);
    if (q.after) {
      const { createdAt, id } = q.after;
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
        ]),
      );
    }
    return this.read(await query.execute());
  }

  private async read(rows: IncidentRow[]): Promise<StoredIncident[]> {
    const placeholders = rows.filter((r) => r.record === null).map((r) => r.id);
    const alerts: LinkedAlert[] = placeholders.length
      ? await this.db
          .selectFrom('alerts')
          .select(['id', 'event_id', 'incident_id'])
          .where('incident_id', 'in', placeholders)
          .orderBy('id')
          .execute()
      : [];
    return rows.map((row) =>
      row.record === null
        ? {
            row,
            incident: placeholderIncident(
              row,
              alerts.filter((a) => a.incident_id === row.id),
            ),
            placeholder: true,
          }
        : { row, incident: recordOfRow({ ...row, record: row.record }), placeholder: false },
    );
  }

  /** A new incident (revision as the rules set it, 1). */
  async insert(inc: Incident, opts: { isDemo?: boolean } = {}): Promise<void> {
    assertSound(inc);
    await this.db
      .insertInto('incidents')
      .values({
        id: inc.id,
        created_by: inc.openedBy,
        created_at: inc.openedAt,
        is_demo: opts.isDemo ? 1 : 0,
        ...columnsOf(inc),
      })
      .execute();
  }

  /**
   * Writes the record if the stored revision is still `expectedRevision` (the one the step was
   * applied to). False: someone else's step came first; reload and apply again.
   */
  async update(inc: Incident, expectedRevision: number): Promise<boolean> {
    if (inc.revision <= expectedRevision)
      throw new Error(
        `incident ${inc.id}: revision ${inc.revision} does not follow ${expectedRevision}`,
      );
    assertSound(inc);
    const r = await this.db
      .updateTable('incidents')
      .set(columnsOf(inc))
      .where('id', '=', inc.id)
      .where('revision', '=', expectedRevision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Stores an applied step: the record (inserted when `expectedRevision` is null, else
   * compare-and-set), its entries, its approval records and the links it makes. Call it in a
   * transaction: false means the revision moved and nothing was written; roll back then.
   */
  async commit(
    applied: Applied,
    expectedRevision: number | null,
    opts: { isDemo?: boolean } = {},
  ): Promise<boolean> {
    if (expectedRevision === null) await this.insert(applied.incident, opts);
    else if (!(await this.update(applied.incident, expectedRevision))) return false;
    await this.appendEntries(applied.entries);
    await this.saveApprovals(applied.approvals);
    await this.addLinks(linksOfApplied(applied));
    return true;
  }

  // --- timeline ------------------------------------------------------------------------------

  /** Appends entries in order, chaining each to its incident's last entry. */
  async appendEntries(entries: readonly TimelineEntry[]): Promise<void> {
    const heads = new Map<string, { seq: number; hash: string }>();
    const rows: IncidentEntryTable[] = [];
    for (const e of entries) {
      let head = heads.get(e.incidentId);
      if (!head) {
        const last = await this.db
          .selectFrom('incident_entries')
          .select(['seq', 'hash'])
          .where('incident_id', '=', e.incidentId)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        head = last ?? { seq: 0, hash: GENESIS_HASH };
      }
      const seq = head.seq + 1;
      const hash = entryHash(head.hash, seq, e);
      rows.push({
        id: e.id,
        incident_id: e.incidentId,
        seq,
        at: e.at,
        declared_at: e.declaredAt,
        actor_id: e.actorId,
        actor_name: e.actorName,
        kind: e.kind,
        summary: e.summary,
        data: canonicalJson(e.data),
        prev_hash: head.hash,
        hash,
      });
      heads.set(e.incidentId, { seq, hash });
    }
    if (rows.length) await this.db.insertInto('incident_entries').values(rows).execute();
  }

  /** The timeline in recorded order. */
  async listEntries(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.db
      .selectFrom('incident_entries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('seq')
      .execute();
    return rows.map(entryOfRow);
  }

  /** Walks an incident's chain: an edited, deleted or reordered entry shows as a problem. */
  async verifyEntries(incidentId: string): Promise<TimelineCheck> {
    const rows = await this.db
      .selectFrom('incident_entries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('seq')
      .execute();
    const problems: string[] = [];
    let prev = GENESIS_HASH;
    rows.forEach((r, i) => {
      if (r.seq !== i + 1) problems.push(`entry ${r.id}: seq ${r.seq} where ${i + 1} was due`);
      if (r.prev_hash !== prev) problems.push(`entry ${r.id}: not linked to the entry before it`);
      let entry: TimelineEntry | null = null;
      try {
        entry = entryOfRow(r);
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
      if (entry && entryHash(r.prev_hash, r.seq, entry) !== r.hash)
        problems.push(`entry ${r.id}: content does not match its hash`);
      prev = r.hash;
    });
    return { entries: rows.length, head: prev, problems };
  }

  // --- approvals -----------------------------------------------------------------------------

  async getApproval(id: string): Promise<Approval | undefined> {
    const row = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? approvalOfRow(row) : undefined;
  }

  /** Every version of every document of an incident, in submission order. */
  async listApprovals(incidentId: string): Promise<Approval[]> {
    return (await this.approvalsOf([incidentId])).get(incidentId) ?? [];
  }

  /** The approvals of several incidents in one read (the board, the coverage check). */
  async approvalsOf(incidentIds: readonly string[]): Promise<Map<string, Approval[]>> {
    const out = new Map<string, Approval[]>(incidentIds.map((id) => [id, []]));
    for (let i = 0; i < incidentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('approvals')
        .selectAll()
        .where('incident_id', 'in', incidentIds.slice(i, i + 500))
        .orderBy('submitted_at')
        .orderBy('document_id')
        .orderBy('version')
        .execute();
      for (const r of rows) out.get(r.incident_id)?.push(approvalOfRow(r));
    }
    return out;
  }

  /** A new version; its hashes must match (approvalProblems). */
  async insertApproval(a: Approval): Promise<void> {
    const problems = approvalProblems(a);
    if (problems.length) throw new ApprovalUpdateRefused(a.id, problems.join('; '));
    await this.db.insertInto('approvals').values(approvalRowOf(a)).execute();
    const signers = [...new Set(a.signer.userIds)].map((user_id) => ({
      approval_id: a.id,
      user_id,
    }));
    if (signers.length) await this.db.insertInto('approval_signers').values(signers).execute();
  }

  /**
   * Replaces a stored version by `after` when the rules allow it (approvalUpdateProblem): a
   * pending version gets its decision or closure; a decided or closed one never changes.
   * Throws ApprovalUpdateRefused otherwise, or when another update came first.
   */
  async updateApproval(after: Approval): Promise<void> {
    const before = await this.getApproval(after.id);
    if (!before) throw new ApprovalUpdateRefused(after.id, 'not found');
    const problem = approvalUpdateProblem(before, after);
    if (problem) throw new ApprovalUpdateRefused(after.id, problem);
    if (canonicalJson(before) === canonicalJson(after)) return;
    const r = await this.db
      .updateTable('approvals')
      .set(outcomeColumnsOf(after))
      .where('id', '=', after.id)
      .where('status', '=', 'pending')
      .where('content_hash', '=', before.contentHash)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new ApprovalUpdateRefused(after.id, 'it was decided or closed meanwhile');
  }

  /** Inserts the new versions among `approvals` and updates the others (as `Applied` holds). */
  async saveApprovals(approvals: readonly Approval[]): Promise<void> {
    if (!approvals.length) return;
    const existing = new Set(
      (
        await this.db
          .selectFrom('approvals')
          .select('id')
          .where(
            'id',
            'in',
            approvals.map((a) => a.id),
          )
          .execute()
      ).map((r) => r.id),
    );
    for (const a of approvals) {
      if (existing.has(a.id)) await this.updateApproval(a);
      else await this.insertApproval(a);
    }
  }

  /**
   * Pending versions any of these users may sign (the person, and those who delegated to
   * them: the domain's `inbox` then says as whom), oldest first.
   */
  async listAwaitingDecision(
    signerIds: readonly string[],
    opts: { limit?: number } = {},
  ): Promise<Approval[]> {
    if (!signerIds.length) return [];
    let query = this.db
      .selectFrom('approvals')
      .selectAll()
      .where('status', '=', 'pending')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('approval_signers')
          .select('approval_id')
          .where('user_id', 'in', [...signerIds]),
      )
      .orderBy('submitted_at')
      .orderBy('id');
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    return (await query.execute()).map(approvalOfRow);
  }

  // --- delegations ---------------------------------------------------------------------------

  /** Records a delegation (times normalised to UTC); throws on delegationProblems. */
  async insertDelegation(
    d: Delegation,
    meta: { createdBy: string | null; createdAt: string },
  ): Promise<StoredDelegation> {
    const problems = delegationProblems(d);
    if (problems.length) throw new Error(`delegation ${d.id}: ${problems.join('; ')}`);
    const stored: StoredDelegation = {
      ...d,
      docTypes: d.docTypes ? [...d.docTypes] : null,
      from: isoUtc(d.from, 'from'),
      until: d.until === null ? null : isoUtc(d.until, 'until'),
      revokedAt: d.revokedAt === null ? null : isoUtc(d.revokedAt, 'revokedAt'),
      revokedBy: null,
      createdBy: meta.createdBy,
      createdAt: meta.createdAt,
    };
    await this.db
      .insertInto('delegations')
      .values({
        id: stored.id,
        from_user_id: stored.fromUserId,
        to_user_id: stored.toUserId,
        doc_types: stored.docTypes ? canonicalJson(stored.docTypes) : null,
        valid_from: stored.from,
        valid_until: stored.until,
        revoked_at: stored.revokedAt,
        revoked_by: null,
        reason: stored.reason,
        created_by: stored.createdBy,
        created_at: stored.createdAt,
      })
      .execute();
    return stored;
  }

  async getDelegation(id: string): Promise<StoredDelegation | undefined> {
    const row = await this.db
      .selectFrom('delegations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? delegationOfRow(row) : undefined;
  }

  /**
   * Delegations, oldest first: from or to a user when given, and only those in force at
   * `activeAt` (started, not ended, not revoked) when given.
   */
  async listDelegations(
    q: { userId?: string | undefined; activeAt?: string | undefined } = {},
  ): Promise<StoredDelegation[]> {
    let query = this.db.selectFrom('delegations').selectAll().orderBy('valid_from').orderBy('id');
    const { userId } = q;
    if (userId !== undefined)
      query = query.where((eb) =>
        eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]),
      );
    if (q.activeAt !== undefined) {
      const at = isoUtc(q.activeAt, 'activeAt');
      query = query
        .where('valid_from', '<=', at)
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', at)]))
        .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]));
    }
    return (await query.execute()).map(delegationOfRow);
  }

  /** Ends a delegation from `at` on. False when it is unknown or already revoked. */
  async revokeDelegation(id: string, at: string, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('delegations')
      .set({ revoked_at: isoUtc(at, 'at'), revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // --- links ---------------------------------------------------------------------------------

  /** Links an incident to what it concerns; a link it already has is left as it was. */
  async addLinks(links: readonly NewIncidentLink[]): Promise<number> {
    if (!links.length) return 0;
    const rows: IncidentLinkTable[] = links.map((l) => ({
      id: timeOrderedId(),
      incident_id: l.incidentId,
      kind: l.kind,
      mention_id: l.kind === 'mention' ? l.targetId : null,
      event_id: l.kind === 'event' ? l.targetId : null,
      alert_id: l.kind === 'alert' ? l.targetId : null,
      report_id: l.kind === 'report' ? l.targetId : null,
      linked_by: l.linkedBy,
      linked_at: l.linkedAt,
      entry_id: l.entryId,
    }));
    const r = await this.db
      .insertInto('incident_links')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  async listLinks(incidentId: string, kind?: IncidentLinkKind): Promise<IncidentLink[]> {
    let query = this.db
      .selectFrom('incident_links')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('linked_at')
      .orderBy('id');
    if (kind) query = query.where('kind', '=', kind);
    return (await query.execute()).map(linkOfRow);
  }

  /** The incidents linked to a mention, event, alert or report. */
  async incidentsLinkedTo(kind: IncidentLinkKind, targetId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('incident_links')
      .select('incident_id')
      .where(LINK_COLUMN[kind], '=', targetId)
      .orderBy('incident_id')
      .execute();
    return rows.map((r) => r.incident_id);
  }
}
