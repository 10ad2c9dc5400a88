// People's performance ([P17]) over the store: the per-person facts of a year (incidents opened
// in it, read only where the reader may read the incident; alerts fired in it or tied to those
// incidents), the commendation and accountability proposals with their sealed versions and the
// leadership group's decisions, and the export for the annual assessment (CSV and DOCX).
// Who sees whom: admin, the office and leaders province-wide everyone; division and city staff
// their unit; everyone else themselves (performanceScope). The person concerned reads proposals
// about them once decided. Proposals, their decisions and every export are audited.
import { z } from 'zod';
import { inScope, type Principal } from '../domain/access.ts';
import { readAccess } from '../domain/incident-access.ts';
import {
  incidentFacts,
  performanceFacts,
  shanghaiYear,
  summarise,
  yearSpan,
  type AlertFact,
  type IncidentRecord,
  type PersonPerformance,
  type PersonRef,
  type PerformanceSummary,
} from '../domain/performance.ts';
import {
  canReadProposal,
  createProposal,
  DECIDED,
  decideProposal,
  latestProposal,
  performanceScope,
  proposalProblems,
  proposalSigners,
  reviseProposal,
  type PerformanceScope,
  type Proposal,
  type ProposalDecisionInput,
  type ProposalInput,
  PROPOSAL_STATUSES,
} from '../domain/performance-proposals.ts';
import type { RuleError } from '../domain/rule-outcome.ts';
import { AppError, errors } from '../errors.ts';
import {
  factDescriptions,
  performanceCsv,
  performanceDocument,
  type ExportPerson,
} from '../reports/performance-export.ts';
import { renderDocx } from '../reports/docx-render.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import { IncidentRepository } from '../store/incident.repository.ts';
import { PerformanceRepository, ProposalUpdateRefused } from '../store/performance.repository.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import type { IncidentService } from './incident.service.ts';

const year = z.coerce.number().int().min(2000).max(2100);
const id = z.string().trim().min(1).max(128);

export const performanceListQuery = z
  .object({
    year: year.optional().describe('the assessment year (Asia/Shanghai); default: this year'),
    unitId: id.optional().describe('only the people of this unit'),
  })
  .strict();
export const performancePersonQuery = z.object({ year: year.optional() }).strict();
export const performanceExportQuery = z
  .object({
    year: year.optional(),
    format: z.enum(['csv', 'docx']),
    personId: id.optional().describe('one person only; default: everyone you may read'),
  })
  .strict();
export const proposalListQuery = z
  .object({
    year: year.optional(),
    personId: id.optional(),
    status: z.enum(PROPOSAL_STATUSES).optional(),
  })
  .strict();

export interface PerformanceListItem {
  person: { id: string; name: string; unitId: string | null };
  summary: PerformanceSummary;
  /** Approved proposals of the year by kind, and those awaiting a decision (readable ones). */
  proposals: { commendation: number; accountability: number; pending: number };
}

export interface ProposalView extends Proposal {
  /** Non-empty: edited outside Yuqing (its hashes no longer match); not to be relied on. */
  problems: string[];
  submittedByName: string | null;
  decidedByName: string | null;
  /** The reader may decide it now. */
  mayDecide: boolean;
}

export interface PersonPerformanceView extends PersonPerformance {
  year: number;
  /** Each citable fact as one line (what a proposal citing it seals). */
  factTexts: Record<string, string>;
  /** Person ids the facts name -> names (who signed for whom). */
  names: Record<string, string>;
  proposals: ProposalView[];
}

interface Reader {
  principal: Principal & { kind: 'user' };
  scope: PerformanceScope;
  personId: string;
}

interface Loaded {
  people: PersonRef[];
  facts: PersonPerformance[];
  /** Restricted or secret incidents the reader may read (a read of their facts is audited). */
  restricted: ReadonlySet<string>;
}

const MASKED_ALERT = '（限定范围事件的预警）';
const MASKED_INCIDENT = '（限定范围的事件）';
const MASKED_FACT = '（限定范围事件的记录）';

/** The restricted incidents these facts come from, sorted (what the audit entry lists). */
function restrictedIn(
  facts: readonly PersonPerformance[],
  restricted: ReadonlySet<string>,
): string[] {
  const ids = new Set<string>();
  for (const f of facts) {
    for (const i of f.incidents) {
      ids.add(i.incidentId);
      for (const a of i.alerts) if (a.incidentId) ids.add(a.incidentId);
    }
    for (const a of f.alerts) if (a.incidentId) ids.add(a.incidentId);
  }
  return [...ids].filter((x) => restricted.has(x)).sort();
}

/**
 * A proposal as a reader who may not read its incident sees it: the incident's title and the
 * cited facts' texts (each starts with the title, and names tasks and documents) withheld.
 */
function withheld(p: Proposal, hidden: ReadonlySet<string>): Proposal {
  if (!p.incidentId || !hidden.has(p.incidentId)) return p;
  return {
    ...p,
    incidentTitle: MASKED_INCIDENT,
    facts: p.facts.map((f) => ({ ref: f.ref, text: MASKED_FACT })),
  };
}

function appErrorOf(e: RuleError): AppError {
  return new AppError(e.status, e.code, e.message, e.details);
}

export class PerformanceService {
  private readonly db: Db;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly incidents: IncidentService,
  ) {
    this.db = deps.store.db;
  }

  private thisYear(): number {
    return shanghaiYear(this.deps.now().toISOString());
  }

  private async reader(actor: Actor): Promise<Reader & { people: PersonRef[] }> {
    const p = actor.principal;
    if (!p) throw errors.unauthenticated();
    const scope = performanceScope(p);
    if (!scope || p.kind !== 'user')
      throw errors.forbidden('machine tokens do not read people’s performance');
    const people = await new PerformanceRepository(this.db).people();
    const me = people.find((x) => x.userIds.includes(p.id));
    return { principal: p, scope, personId: me?.id ?? p.id, people };
  }

  private sees(r: Reader, person: Pick<PersonRef, 'id' | 'unitId'>): boolean {
    switch (r.scope.kind) {
      case 'all':
        return true;
      case 'unit':
        return person.unitId === r.scope.unitId || person.id === r.personId;
      case 'own':
        return person.id === r.personId;
    }
  }

  /**
   * The facts of a year as this reader may see them: only incidents they may read; alerts
   * outside their unit scope left out (their own kept), and the title of an alert tied to an
   * incident they may not read withheld.
   */
  private async load(r: Reader, people: PersonRef[], y: number): Promise<Loaded> {
    const { start, end } = yearSpan(y);
    const repo = new PerformanceRepository(this.db);
    const incidents = new IncidentRepository(this.db);
    const ids = await repo.incidentIdsOpened(start, end);
    const readable: IncidentRecord[] = [];
    const canRead = new Map<string, boolean>();
    const restricted = new Set<string>();
    // Every task of the year's incidents, readable or not: an overdue task's alert (key
    // `task:ID`) is then known to be its incident's, and masked when the reader may not read it.
    const taskIncident = new Map<string, string>();
    for (const incidentId of ids) {
      const stored = await incidents.get(incidentId);
      if (!stored) continue;
      const access = readAccess(stored.incident, r.principal);
      canRead.set(incidentId, access.allowed);
      if (access.allowed && access.audit) restricted.add(incidentId);
      if (access.allowed) readable.push({ incident: stored.incident, timeline: [], approvals: [] });
      for (const t of stored.incident.tasks) taskIncident.set(t.id, incidentId);
    }
    const approvals = await incidents.approvalsOf(readable.map((x) => x.incident.id));
    const records: IncidentRecord[] = [];
    for (const rec of readable)
      records.push({
        incident: rec.incident,
        timeline: await incidents.listEntries(rec.incident.id),
        approvals: approvals.get(rec.incident.id) ?? [],
      });
    const fetched = await repo.alerts(
      start,
      end,
      records.map((x) => x.incident.id),
      taskIncident,
    );
    for (const a of fetched) {
      if (!a.incidentId || canRead.has(a.incidentId)) continue;
      const stored = await incidents.get(a.incidentId);
      const access = stored ? readAccess(stored.incident, r.principal) : null;
      canRead.set(a.incidentId, !!access?.allowed);
      if (access?.allowed && access.audit) restricted.add(a.incidentId);
    }
    // An alert of an incident the reader may not read counts only when fired within the year
    // (those of its tasks fired later were fetched only to know whose they are).
    const alerts = fetched.filter(
      (a) => !a.incidentId || canRead.get(a.incidentId) || (a.firedAt >= start && a.firedAt < end),
    );
    const visibleAlerts = alerts.map((a) =>
      a.incidentId && !canRead.get(a.incidentId)
        ? { ...a, title: MASKED_ALERT, incidentId: null }
        : a,
    );
    const settings = await this.incidents.settings();
    const facts = performanceFacts({
      people,
      divisionHeads: await repo.divisionHeads(),
      incidents: records,
      alerts: visibleAlerts,
      clockSettings: settings.clocks,
      now: this.deps.now(),
    });
    // Alerts outside the reader's unit scope are not theirs to see, unless the facts are theirs.
    const inReach = (a: AlertFact, personId: string) =>
      personId === r.personId || inScope(r.principal.scope, a.unitId);
    const trimmed = facts
      .filter((f) => this.sees(r, f.person))
      .map((f) => {
        const incidentsOf = f.incidents.map((i) => ({
          ...i,
          alerts: i.alerts.filter((a) => inReach(a, f.person.id)),
        }));
        const loose = f.alerts.filter((a) => inReach(a, f.person.id));
        return {
          ...f,
          incidents: incidentsOf,
          alerts: loose,
          summary: summarise(incidentsOf, loose),
        };
      })
      .filter((f) => f.incidents.length || f.alerts.length);
    return { people, facts: trimmed, restricted };
  }

  /**
   * One audit entry per call for the restricted incidents whose facts were read for performance
   * (as IncidentService.get audits a restricted read), in the given transaction.
   */
  private async auditReads(trx: Db, actor: Actor, year: number, ids: readonly string[]) {
    if (!ids.length) return;
    await audit(trx, actor, this.deps.now(), {
      action: 'incident.read',
      objectType: 'incident_read',
      objectId: null,
      after: { via: 'performance', year, incidents: ids },
    });
  }

  /** The incidents of these proposals the reader may not read. */
  private async unreadable(r: Reader, proposals: readonly Proposal[]): Promise<Set<string>> {
    const out = new Set<string>();
    const repo = new IncidentRepository(this.db);
    for (const id of new Set(proposals.map((p) => p.incidentId))) {
      if (!id) continue;
      const stored = await repo.get(id);
      if (!stored || !readAccess(stored.incident, r.principal).allowed) out.add(id);
    }
    return out;
  }

  private async names(people: readonly PersonRef[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const p of people) {
      out.set(p.id, p.name);
      for (const u of p.userIds) out.set(u, p.name);
    }
    const users = await this.db.selectFrom('users').select(['id', 'display_name']).execute();
    for (const u of users) if (!out.has(u.id)) out.set(u.id, u.display_name);
    return out;
  }

  private async readableProposals(
    r: Reader,
    q: { year?: number | undefined; personIds?: string[] | undefined },
  ): Promise<Proposal[]> {
    const all = await new PerformanceRepository(this.db).listProposals({
      year: q.year,
      personIds: q.personIds,
    });
    return all.filter((p) =>
      canReadProposal(p, { scope: r.scope, personId: r.personId, userId: r.principal.id }),
    );
  }

  private viewOf(
    p: Proposal,
    r: Reader,
    names: ReadonlyMap<string, string>,
    subjectUserIds: readonly string[],
    hidden: ReadonlySet<string>,
  ): ProposalView {
    const me = r.principal.id;
    return {
      ...withheld(p, hidden),
      problems: proposalProblems(p),
      submittedByName: names.get(p.submittedBy) ?? null,
      decidedByName: p.decision ? (names.get(p.decision.decidedBy) ?? null) : null,
      mayDecide:
        p.status === 'pending' &&
        r.principal.roles.includes('leader') &&
        p.signer.userIds.includes(me) &&
        p.submittedBy !== me &&
        !subjectUserIds.includes(me),
    };
  }

  // ---- reading ----

  /** `GET /api/v1/performance`: the people this reader may see, with their summary. */
  async list(
    actor: Actor,
    q: z.output<typeof performanceListQuery>,
  ): Promise<{ year: number; items: PerformanceListItem[] }> {
    const r = await this.reader(actor);
    const y = q.year ?? this.thisYear();
    if (q.unitId && r.scope.kind !== 'all') {
      const own = r.people.find((x) => x.id === r.personId)?.unitId ?? r.principal.unitId;
      const allowed = r.scope.kind === 'unit' ? r.scope.unitId : own;
      if (q.unitId !== allowed) throw errors.outOfScope('you may read your own unit’s people only');
    }
    const { facts, restricted } = await this.load(r, r.people, y);
    const read = restrictedIn(
      facts.filter((f) => !q.unitId || f.person.unitId === q.unitId),
      restricted,
    );
    if (read.length)
      await this.db.transaction().execute((trx) => this.auditReads(trx, actor, y, read));
    const proposals = await this.readableProposals(r, { year: y });
    const byPerson = new Map<string, PerformanceListItem>();
    for (const f of facts)
      byPerson.set(f.person.id, {
        person: { id: f.person.id, name: f.person.name, unitId: f.person.unitId },
        summary: f.summary,
        proposals: { commendation: 0, accountability: 0, pending: 0 },
      });
    for (const p of proposals) {
      if (p.status === 'superseded') continue;
      let item = byPerson.get(p.personId);
      if (!item) {
        const person = r.people.find((x) => x.id === p.personId);
        if (!person || !this.sees(r, person)) continue;
        item = {
          person: { id: person.id, name: person.name, unitId: person.unitId },
          summary: summarise([], []),
          proposals: { commendation: 0, accountability: 0, pending: 0 },
        };
        byPerson.set(person.id, item);
      }
      if (p.status === 'approved') item.proposals[p.kind]++;
      if (p.status === 'pending') item.proposals.pending++;
    }
    const items = [...byPerson.values()]
      .filter((i) => !q.unitId || i.person.unitId === q.unitId)
      .sort(
        (a, b) =>
          (a.person.unitId ?? '').localeCompare(b.person.unitId ?? '') ||
          a.person.name.localeCompare(b.person.name, 'zh-CN'),
      );
    return { year: y, items };
  }

  /** `GET /api/v1/performance/people/:personId`: one person's facts, their proposals. */
  async person(actor: Actor, personId: string, qYear?: number): Promise<PersonPerformanceView> {
    const r = await this.reader(actor);
    const y = qYear ?? this.thisYear();
    const person = r.people.find((x) => x.id === personId);
    if (!person) throw errors.notFound('person');
    if (!this.sees(r, person))
      throw errors.forbidden('you may read your own performance (and your unit’s, as its staff)');
    const { facts, restricted } = await this.load(r, r.people, y);
    const mine = facts.find((f) => f.person.id === personId) ?? {
      person,
      incidents: [],
      alerts: [],
      summary: summarise([], []),
    };
    const names = await this.names(r.people);
    const units = await new PerformanceRepository(this.db).unitNames();
    const proposals = await this.readableProposals(r, { year: y, personIds: [personId] });
    const hidden = await this.unreadable(r, proposals);
    const read = restrictedIn([mine], restricted);
    if (personId !== r.personId || read.length)
      await this.db.transaction().execute(async (trx) => {
        if (personId !== r.personId)
          await audit(trx, actor, this.deps.now(), {
            action: 'performance.read',
            objectType: 'person',
            objectId: personId,
            after: { year: y },
          });
        await this.auditReads(trx, actor, y, read);
      });
    return {
      ...mine,
      year: y,
      factTexts: Object.fromEntries(factDescriptions(mine, units, names)),
      // Only the names the facts refer to (who signed for whom), not the whole directory.
      names: Object.fromEntries(
        [
          ...new Set(
            mine.incidents.flatMap((i) => i.signatures.flatMap((g) => [g.onBehalfOf, g.signedBy])),
          ),
        ]
          .filter((x): x is string => !!x)
          .map((x) => [x, names.get(x) ?? x]),
      ),
      proposals: proposals.map((p) => this.viewOf(p, r, names, person.userIds, hidden)),
    };
  }

  /** `GET /api/v1/performance/export`: the annual assessment as CSV or DOCX (audited). */
  async export(
    actor: Actor,
    q: z.output<typeof performanceExportQuery>,
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const r = await this.reader(actor);
    const y = q.year ?? this.thisYear();
    if (q.personId) {
      const person = r.people.find((x) => x.id === q.personId);
      if (!person) throw errors.notFound('person');
      if (!this.sees(r, person)) throw errors.forbidden('you may export your own performance');
    }
    const { facts, restricted } = await this.load(r, r.people, y);
    const chosen = q.personId ? facts.filter((f) => f.person.id === q.personId) : facts;
    const decided = (await this.readableProposals(r, { year: y })).filter((p) =>
      DECIDED.includes(p.status),
    );
    const hidden = await this.unreadable(r, decided);
    const proposals = decided.map((p) => withheld(p, hidden));
    const people: ExportPerson[] = chosen.map((f) => ({
      facts: f,
      proposals: proposals.filter((p) => p.personId === f.person.id),
    }));
    // Someone with decided proposals but no facts of the year is still in the assessment.
    for (const p of proposals) {
      if (people.some((x) => x.facts.person.id === p.personId)) continue;
      if (q.personId && p.personId !== q.personId) continue;
      const person = r.people.find((x) => x.id === p.personId);
      if (!person || !this.sees(r, person)) continue;
      people.push({
        facts: { person, incidents: [], alerts: [], summary: summarise([], []) },
        proposals: proposals.filter((x) => x.personId === p.personId),
      });
    }
    const repo = new PerformanceRepository(this.db);
    const units = await repo.unitNames();
    const input = {
      year: y,
      generatedAt: this.deps.now().toISOString(),
      issuer: `${(await repo.bureauName()) ?? ''}网络舆情处置工作领导小组办公室`,
      people,
      unitNames: units,
      names: await this.names(r.people),
    };
    const suffix = q.personId ? `-${q.personId.slice(0, 12)}` : '';
    const out =
      q.format === 'csv'
        ? {
            filename: `performance-${y}${suffix}.csv`,
            contentType: 'text/csv; charset=utf-8',
            body: Buffer.from(performanceCsv(input), 'utf8'),
          }
        : {
            filename: `performance-${y}${suffix}.docx`,
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            body: await renderDocx(performanceDocument(input)),
          };
    await this.db.transaction().execute(async (trx) => {
      await audit(trx, actor, this.deps.now(), {
        action: 'performance.export',
        objectType: 'performance',
        objectId: q.personId ?? null,
        after: { year: y, format: q.format, people: people.length },
      });
      await this.auditReads(trx, actor, y, restrictedIn(chosen, restricted));
    });
    return out;
  }

  // ---- proposals ----

  /** `GET /api/v1/performance/proposals`: every version the reader may read, oldest first. */
  async proposals(
    actor: Actor,
    q: z.output<typeof proposalListQuery>,
  ): Promise<{ items: ProposalView[] }> {
    const r = await this.reader(actor);
    const list = (
      await this.readableProposals(r, {
        year: q.year,
        personIds: q.personId ? [q.personId] : undefined,
      })
    ).filter((p) => !q.status || p.status === q.status);
    const names = await this.names(r.people);
    const hidden = await this.unreadable(r, list);
    return {
      items: list.map((p) =>
        this.viewOf(p, r, names, r.people.find((x) => x.id === p.personId)?.userIds ?? [], hidden),
      ),
    };
  }

  /** Pending proposals this leader may decide, oldest first. */
  async inbox(actor: Actor): Promise<{ items: ProposalView[] }> {
    const r = await this.reader(actor);
    const pending = await new PerformanceRepository(this.db).listProposals({
      statuses: ['pending'],
    });
    const names = await this.names(r.people);
    const hidden = await this.unreadable(r, pending);
    const items = pending
      .map((p) =>
        this.viewOf(p, r, names, r.people.find((x) => x.id === p.personId)?.userIds ?? [], hidden),
      )
      .filter((v) => v.mayDecide);
    return { items };
  }

  /**
   * The office proposes (or, with `revises`, submits the next version of a proposal): the
   * person must exist, the incident too (and be readable), each cited fact must be one of the
   * person's facts of that year; the version is sealed by its content hash and goes to the
   * leadership group's head and deputy heads.
   */
  async propose(actor: Actor, input: ProposalInput): Promise<ProposalView> {
    const r = await this.reader(actor);
    const p = r.principal;
    if (!(p.roles.includes('office') && p.scope.kind === 'province'))
      throw errors.forbidden('the office proposes commendation or accountability ([P17])');
    const person = r.people.find((x) => x.id === input.personId);
    if (!person)
      throw errors.invalidInput('no such person', [
        { path: 'body.personId', message: 'not a person of the organisation' },
      ]);
    let incidentTitle: string | null = null;
    const read = new Set<string>();
    if (input.incidentId) {
      const stored = await new IncidentRepository(this.db).get(input.incidentId);
      const access = stored ? readAccess(stored.incident, p) : null;
      if (!stored || !access?.allowed)
        throw errors.invalidInput('no such incident', [
          { path: 'body.incidentId', message: 'not found' },
        ]);
      incidentTitle = stored.incident.title;
      if (access.audit) read.add(stored.incident.id);
    }
    const refs = [...new Set(input.factRefs)];
    let cited: { ref: string; text: string }[] = [];
    if (refs.length) {
      const { facts, restricted } = await this.load(r, r.people, input.year);
      const mine = facts.find((f) => f.person.id === person.id);
      for (const x of mine ? restrictedIn([mine], restricted) : []) read.add(x);
      const units = await new PerformanceRepository(this.db).unitNames();
      const texts = mine
        ? factDescriptions(mine, units, await this.names(r.people))
        : new Map<string, string>();
      const bad = input.factRefs.findIndex((ref) => !texts.has(ref));
      if (bad >= 0)
        throw errors.invalidInput('a cited fact is not one of this person’s facts of that year', [
          { path: `body.factRefs.${bad}`, message: `not a fact of this person in ${input.year}` },
        ]);
      // A fact of a restricted or secret incident names that incident: it is cited only in a
      // proposal tied to it, whose readers are then checked against it (viewOf masks it).
      const incidentOfRef = new Map<string, string>();
      for (const i of mine?.incidents ?? []) {
        for (const f of incidentFacts(i)) incidentOfRef.set(f.ref, i.incidentId);
      }
      const foreign = input.factRefs.findIndex((ref) => {
        const of = incidentOfRef.get(ref);
        return of !== undefined && restricted.has(of) && of !== input.incidentId;
      });
      if (foreign >= 0)
        throw errors.invalidInput(
          'a fact of a restricted or secret incident is cited only in a proposal tied to that incident',
          [
            {
              path: `body.factRefs.${foreign}`,
              message: 'of another restricted or secret incident',
            },
          ],
        );
      cited = refs.map((ref) => ({ ref, text: texts.get(ref) as string }));
    }
    const signers = proposalSigners(await this.incidents.group());
    if (!signers.length)
      throw errors.conflict(
        'no one holds the leadership group’s head or deputy head position: appoint the group first',
      );
    const now = this.deps.now();
    const content = {
      id: timeOrderedId(),
      kind: input.kind,
      personId: person.id,
      personName: person.name,
      unitId: person.unitId,
      incidentId: input.incidentId ?? null,
      incidentTitle,
      year: input.year,
      reasons: input.reasons,
      facts: cited,
      signer: { rule: 'leadership_group' as const, userIds: signers },
      submittedBy: p.id,
      submittedAt: now.toISOString(),
    };
    const created = await this.db.transaction().execute(async (trx) => {
      const repo = new PerformanceRepository(trx);
      let made: Proposal;
      let superseded: Proposal | null = null;
      if (input.revises) {
        const target = await repo.getProposal(input.revises);
        if (!target)
          throw errors.invalidInput('no such proposal', [
            { path: 'body.revises', message: 'not found' },
          ]);
        const versions = await repo.listProposals({ documentId: target.documentId });
        const out = reviseProposal(versions, target.id, content);
        if (!out.ok) throw appErrorOf(out.error);
        made = out.value.created;
        superseded = out.value.superseded;
      } else {
        made = createProposal({ ...content, documentId: timeOrderedId(), version: 1 });
      }
      await repo.insertProposal(made);
      if (superseded) await this.store(repo, superseded);
      await audit(trx, actor, now, {
        action: 'performance.proposal.submit',
        objectType: 'performance_proposal',
        objectId: made.id,
        after: {
          document: made.documentId,
          version: made.version,
          kind: made.kind,
          person: made.personId,
          incident: made.incidentId,
          year: made.year,
          content_hash: made.contentHash,
          replaces: superseded?.id ?? input.revises ?? null,
        },
      });
      await this.auditReads(trx, actor, input.year, [...read].sort());
      return made;
    });
    const names = await this.names(r.people);
    return this.viewOf(created, r, names, person.userIds, new Set());
  }

  /** The group's decision (`POST /api/v1/performance/proposals/:id/decision`), sealed. */
  async decide(actor: Actor, id: string, input: ProposalDecisionInput): Promise<ProposalView> {
    const r = await this.reader(actor);
    const now = this.deps.now();
    const decided = await this.db.transaction().execute(async (trx) => {
      const repo = new PerformanceRepository(trx);
      const p = await repo.getProposal(id);
      if (!p) throw errors.notFound('proposal');
      const latest = latestProposal(
        await repo.listProposals({ documentId: p.documentId }),
        p.documentId,
      );
      if (latest && latest.id !== p.id && p.status === 'pending')
        throw errors.conflict(`version ${latest.version} replaces this one: decide that`);
      const subject = r.people.find((x) => x.id === p.personId)?.userIds ?? [];
      const out = decideProposal(p, input, r.principal, subject, now);
      if (!out.ok) throw appErrorOf(out.error);
      await this.store(repo, out.value);
      await audit(trx, actor, now, {
        action: 'performance.proposal.decide',
        objectType: 'performance_proposal',
        objectId: id,
        before: { status: p.status },
        after: {
          status: out.value.status,
          decision: out.value.decision?.decision,
          comment: out.value.decision?.comment,
          content_hash: out.value.contentHash,
          seal_hash: out.value.decision?.sealHash,
        },
      });
      return out.value;
    });
    const names = await this.names(r.people);
    return this.viewOf(
      decided,
      r,
      names,
      r.people.find((x) => x.id === decided.personId)?.userIds ?? [],
      await this.unreadable(r, [decided]),
    );
  }

  private async store(repo: PerformanceRepository, p: Proposal): Promise<void> {
    try {
      await repo.updateProposal(p);
    } catch (e) {
      if (e instanceof ProposalUpdateRefused) throw errors.conflict(e.message);
      throw e;
    }
  }
}
