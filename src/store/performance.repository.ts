// People's performance ([P17]) in the store: the proposals (表彰/问责建议), one row per version,
// never deleted, a decided version never changed; and the reads the per-person facts are built
// from: the people with their accounts, the division heads' terms, the alerts of a year with
// their escalations. Incidents, timelines and approvals are read through incident.repository.ts.
import type { EscalationStep } from '../domain/alert-rules.ts';
import type { AlertRecord, DivisionHeadTerm, PersonRef } from '../domain/performance.ts';
import {
  proposalUpdateProblem,
  type Proposal,
  type ProposalContent,
} from '../domain/performance-proposals.ts';
import type { Db } from './db.ts';
import type { PerformanceProposalTable } from './schema.ts';

export class ProposalUpdateRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProposalUpdateRefused';
  }
}

type ProposalRow = PerformanceProposalTable;

function rowOf(p: Proposal): ProposalRow {
  const content: ProposalContent = {
    id: p.id,
    documentId: p.documentId,
    version: p.version,
    kind: p.kind,
    personId: p.personId,
    personName: p.personName,
    unitId: p.unitId,
    incidentId: p.incidentId,
    incidentTitle: p.incidentTitle,
    year: p.year,
    reasons: p.reasons,
    facts: p.facts,
    signer: p.signer,
    submittedBy: p.submittedBy,
    submittedAt: p.submittedAt,
  };
  return {
    id: p.id,
    document_id: p.documentId,
    version: p.version,
    kind: p.kind,
    person_id: p.personId,
    unit_id: p.unitId,
    incident_id: p.incidentId,
    year: p.year,
    content: JSON.stringify(content),
    content_hash: p.contentHash,
    status: p.status,
    decision: p.decision?.decision ?? null,
    comment: p.decision?.comment ?? null,
    decided_by: p.decision?.decidedBy ?? null,
    decided_at: p.decision?.decidedAt ?? null,
    seal_hash: p.decision?.sealHash ?? null,
    closed_at: p.closure?.at ?? null,
    closed_by: p.closure?.by ?? null,
    superseded_by: p.closure?.supersededBy ?? null,
    submitted_by: p.submittedBy,
    submitted_at: p.submittedAt,
  };
}

/**
 * A stored version as the rules read it: the content from its JSON (what was sealed), the
 * indexed columns only where the JSON does not carry them. An edit of either shows in
 * proposalProblems (the content hash no longer matches).
 */
function proposalOf(r: ProposalRow): Proposal {
  const c = JSON.parse(r.content) as ProposalContent;
  return {
    ...c,
    // The indexed columns are what lists filter on: they are read back, so an edit of one is
    // caught by the hash check rather than hidden by the JSON.
    id: r.id,
    documentId: r.document_id,
    version: r.version,
    kind: r.kind,
    personId: r.person_id,
    year: r.year,
    contentHash: r.content_hash,
    status: r.status,
    decision:
      r.decision && r.decided_by && r.decided_at && r.seal_hash
        ? {
            decision: r.decision,
            comment: r.comment ?? '',
            decidedBy: r.decided_by,
            decidedAt: r.decided_at,
            sealHash: r.seal_hash,
          }
        : null,
    closure:
      r.closed_at && r.closed_by && r.superseded_by
        ? { at: r.closed_at, by: r.closed_by, supersededBy: r.superseded_by }
        : null,
  };
}

export interface ProposalQuery {
  year?: number | undefined;
  personIds?: readonly string[] | undefined;
  statuses?: readonly Proposal['status'][] | undefined;
  documentId?: string | undefined;
}

export class PerformanceRepository {
  constructor(private readonly db: Db) {}

  // --- proposals -------------------------------------------------------------------------------

  async insertProposal(p: Proposal): Promise<void> {
    await this.db.insertInto('performance_proposals').values(rowOf(p)).execute();
  }

  /** Only a pending version changes, by a decision or being superseded (compare-and-set). */
  async updateProposal(after: Proposal): Promise<void> {
    const before = await this.getProposal(after.id);
    if (!before) throw new ProposalUpdateRefused(`proposal ${after.id} not found`);
    const problem = proposalUpdateProblem(before, after);
    if (problem) throw new ProposalUpdateRefused(problem);
    const row = rowOf(after);
    const res = await this.db
      .updateTable('performance_proposals')
      .set({
        status: row.status,
        decision: row.decision,
        comment: row.comment,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        seal_hash: row.seal_hash,
        closed_at: row.closed_at,
        closed_by: row.closed_by,
        superseded_by: row.superseded_by,
      })
      .where('id', '=', after.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new ProposalUpdateRefused(`proposal ${after.id} was decided at the same moment`);
  }

  async getProposal(id: string): Promise<Proposal | undefined> {
    const row = await this.db
      .selectFrom('performance_proposals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? proposalOf(row) : undefined;
  }

  /** Versions, oldest first (by submission, then version). */
  async listProposals(q: ProposalQuery = {}): Promise<Proposal[]> {
    if (q.personIds?.length === 0 || q.statuses?.length === 0) return [];
    let query = this.db
      .selectFrom('performance_proposals')
      .selectAll()
      .orderBy('submitted_at')
      .orderBy('document_id')
      .orderBy('version');
    if (q.year !== undefined) query = query.where('year', '=', q.year);
    if (q.personIds) query = query.where('person_id', 'in', [...q.personIds]);
    if (q.statuses) query = query.where('status', 'in', [...q.statuses]);
    if (q.documentId) query = query.where('document_id', '=', q.documentId);
    return (await query.execute()).map(proposalOf);
  }

  // --- what the facts are read from --------------------------------------------------------------

  /**
   * Everyone who can appear: each person record with its accounts, and each account without a
   * person record standing for itself. Names and units only.
   */
  async people(): Promise<PersonRef[]> {
    const [people, users] = await Promise.all([
      this.db.selectFrom('people').select(['id', 'name', 'unit_id']).orderBy('id').execute(),
      this.db
        .selectFrom('users')
        .select(['id', 'person_id', 'display_name', 'unit_id'])
        .orderBy('id')
        .execute(),
    ]);
    const accounts = new Map<string, string[]>();
    for (const u of users) {
      if (!u.person_id) continue;
      const list = accounts.get(u.person_id) ?? [];
      list.push(u.id);
      accounts.set(u.person_id, list);
    }
    const out: PersonRef[] = people.map((p) => ({
      id: p.id,
      name: p.name,
      unitId: p.unit_id,
      userIds: accounts.get(p.id) ?? [],
    }));
    const known = new Set(people.map((p) => p.id));
    for (const u of users)
      if (!u.person_id || !known.has(u.person_id))
        out.push({ id: u.id, name: u.display_name, unitId: u.unit_id, userIds: [u.id] });
    return out;
  }

  /** Terms as head of a division: the leadership group's member positions ([P2]), past ones too. */
  async divisionHeads(): Promise<DivisionHeadTerm[]> {
    const rows = await this.db
      .selectFrom('positions')
      .innerJoin('people', 'people.id', 'positions.person_id')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .select([
        'positions.person_id as personId',
        'people.unit_id as unitId',
        'positions.since as since',
        'positions.until as until',
      ])
      .where('positions.body', '=', 'leadership_group')
      .where('positions.position', '=', 'member')
      .where('units.kind', '=', 'division')
      .orderBy('positions.since')
      .execute();
    return rows;
  }

  /** Incident ids opened within [start, end), newest first (the year's incidents). */
  async incidentIdsOpened(start: string, end: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Alerts fired within [start, end) and those tied to the given incidents, with their
   * escalations (each `alert.escalate` audit entry: when, and the step it moved to). An alert is
   * tied to an incident when it was linked to it, or raised for it: an incident's urgent notice
   * (key `incident:ID`) or an overdue task of it (key `task:ID`, `taskIncident` says whose).
   */
  async alerts(
    start: string,
    end: string,
    incidentIds: readonly string[],
    taskIncident: ReadonlyMap<string, string> = new Map(),
  ): Promise<AlertRecord[]> {
    const columns = [
      'id',
      'key',
      'kind',
      'severity',
      'title',
      'unit_id',
      'fired_at',
      'ack_due_at',
      'status',
      'acknowledged_at',
      'acknowledged_by',
      'chain',
      'incident_id',
    ] as const;
    const rows = await this.db
      .selectFrom('alerts')
      .select(columns)
      .where('fired_at', '>=', start)
      .where('fired_at', '<', end)
      .orderBy('fired_at')
      .orderBy('id')
      .execute();
    const seen = new Set(rows.map((r) => r.id));
    const keys = [
      ...incidentIds.map((x) => `incident:${x}`),
      ...[...taskIncident.keys()].map((x) => `task:${x}`),
    ];
    for (let i = 0; i < Math.max(incidentIds.length, keys.length); i += 500) {
      const ids = incidentIds.slice(i, i + 500);
      const ks = keys.slice(i, i + 500);
      const more = await this.db
        .selectFrom('alerts')
        .select(columns)
        .where((eb) =>
          eb.or([
            ...(ids.length ? [eb('incident_id', 'in', ids)] : []),
            ...(ks.length ? [eb('key', 'in', ks)] : []),
          ]),
        )
        .orderBy('fired_at')
        .execute();
      for (const r of more) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        rows.push(r);
      }
    }
    const escalations = new Map<string, { at: string; step: number }[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const audit = await this.db
        .selectFrom('audit_log')
        .select(['object_id', 'at', 'after'])
        .where('object_type', '=', 'alert')
        .where('action', '=', 'alert.escalate')
        .where('object_id', 'in', ids.slice(i, i + 500))
        .orderBy('seq')
        .execute();
      for (const a of audit) {
        if (!a.object_id || !a.after) continue;
        const after = JSON.parse(a.after) as { step?: unknown };
        if (typeof after.step !== 'number') continue;
        const list = escalations.get(a.object_id) ?? [];
        list.push({ at: a.at, step: after.step });
        escalations.set(a.object_id, list);
      }
    }
    const incidentOf = (r: (typeof rows)[number]): string | null => {
      if (r.incident_id) return r.incident_id;
      if (r.key.startsWith('incident:')) return r.key.slice('incident:'.length);
      if (r.key.startsWith('task:')) return taskIncident.get(r.key.slice('task:'.length)) ?? null;
      return null;
    };
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      severity: r.severity,
      title: r.title,
      unitId: r.unit_id,
      firedAt: r.fired_at,
      ackDueAt: r.ack_due_at,
      status: r.status,
      acknowledgedAt: r.acknowledged_at,
      acknowledgedBy: r.acknowledged_by,
      chain: JSON.parse(r.chain) as EscalationStep[],
      escalations: escalations.get(r.id) ?? [],
      incidentId: incidentOf(r),
    }));
  }

  /** The provincial bureau's name (the export's issuer), if the organisation has one. */
  async bureauName(): Promise<string | null> {
    const row = await this.db
      .selectFrom('units')
      .select('name')
      .where('kind', '=', 'bureau')
      .orderBy('sort_order')
      .executeTakeFirst();
    return row?.name ?? null;
  }

  /** Unit names (the export names units as the organisation does). */
  async unitNames(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('units').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
