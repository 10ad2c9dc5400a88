// Incident response (舆情处置, [P7]-[P15]) over the store: loads an incident with what its rules
// need (the leadership group as in force, its approvals, delegations, timeline, settings),
// applies one step of src/domain/incident.ts, and stores the result in one transaction with
// compare-and-set on the revision. Every step writes its audit entry with the seal of the rows
// it wrote (store/seals.ts), so an edit behind Yuqing's back fails `GET /api/v1/audit/verify`.
// Reading a restricted or secret incident is audited. Notices go to the people concerned over
// the live stream; the urgent ones (a major incident: the leadership group is told at once,
// [P10]) and overdue tasks also raise an alert, so they reach people through the alert channels.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../domain/access.ts';
import {
  approvalProblems,
  delegationProblems,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  inbox,
  type Approval,
  type DecisionInput,
  type LeadershipGroup,
} from '../domain/approvals.ts';
import {
  apply,
  availableActions,
  decideApproval,
  DEFAULT_INCIDENT_SETTINGS,
  INCIDENT_STATE_LABELS,
  incidentSettingsSchema,
  openIncident,
  type Applied,
  type Incident,
  type IncidentContext,
  type IncidentSettings,
  type IncidentState,
  type Notice as IncidentNotice,
  type NoticeTopic,
} from '../domain/incident.ts';
import { readAccess } from '../domain/incident-access.ts';
import type {
  IncidentAction,
  IncidentActionType,
  OpenIncidentInput,
} from '../domain/incident-actions.ts';
import { clockFindings, incidentClocks, type Clock } from '../domain/incident-clocks.ts';
import { timelineView, type TimelineItem } from '../domain/incident-timeline.ts';
import type { GradingReason, SuggestedGrade } from '../domain/grading.ts';
import type { RuleError } from '../domain/rule-outcome.ts';
import type { ChainPerson } from '../domain/alert-rules.ts';
import { AppError, errors } from '../errors.ts';
import { afterCommit, inTransaction } from '../store/after-commit.ts';
import type { ReleaseService } from './release.service.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import {
  IncidentRepository,
  type IncidentLink,
  type StoredIncident,
} from '../store/incident.repository.ts';
import { SEAL_KEY, sealApproval, sealDelegation, sealIncident } from '../store/seals.ts';
import type { AlertService } from './alert.service.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { readSettingRow, writeAuditedSetting } from './settings-store.ts';

const SETTINGS_KEY = 'incidents';

/** A step's rule error as the API's error. */
function appErrorOf(e: RuleError): AppError {
  return new AppError(e.status, e.code, e.message, e.details);
}

function userOf(actor: Actor): Principal & { kind: 'user' } {
  const p = actor.principal;
  if (!p) throw errors.unauthenticated();
  if (p.kind !== 'user') throw errors.forbidden('machine tokens do not act on incidents');
  return p;
}

export const NOTICE_TOPIC_LABELS: Record<NoticeTopic, string> = {
  major_incident: '重大舆情',
  grade_raised: '定级提高',
  grade_lowered: '定级降低',
  regrade_requested: '申请重新定级',
  regrade_declined: '重新定级未获同意',
  approval_requested: '待审批',
  approval_decided: '审批结果',
  response_activated: '应急响应已启动',
  response_adjusted: '应急响应已调整',
  response_terminated: '应急响应已终止',
  handler_named: '已明确处置单位',
  commander_recorded: '已明确指挥长',
  task_assigned: '处置任务',
  task_feedback: '任务反馈',
  progress_reported: '进展报告',
};

/** One incident as its page shows it. */
export interface IncidentView {
  incident: Incident;
  placeholder: boolean;
  timeline: TimelineItem[];
  clocks: Clock[];
  /** Every version of every document; `problems` non-empty: edited outside Yuqing, not relied on. */
  approvals: (Approval & { problems: string[] })[];
  /** Steps this reader may take now (the buttons). */
  actions: IncidentActionType[];
  links: IncidentLink[];
  /** Display names of the people the record names (user id -> name). */
  people: Record<string, string>;
  /** The leadership group as in force (user ids). */
  group: LeadershipGroup;
  /** Why this reader may read it, and whether the read was audited. */
  access: { basis: string | null; audited: boolean };
}

export interface DirectoryEntry {
  id: string;
  displayName: string;
  unitId: string;
  roles: string[];
}

/** One incident on the board. */
export interface IncidentCard {
  id: string;
  title: string;
  unitId: string;
  state: IncidentState;
  stateLabel: string;
  grade: Incident['grade'];
  confidentiality: Incident['confidentiality']['level'];
  openedAt: string;
  updatedAt: string;
  revision: number;
  clocks: ReturnType<typeof clockFindings>;
  /** The running clock due first, if any. */
  next: {
    key: string;
    kind: Clock['kind'];
    label: string;
    targetAt: string;
    status: Clock['status'];
  } | null;
  /** The first statement's clock ([P9]: within the hour of activation), once it applies. */
  statement: {
    targetAt: string;
    status: Clock['status'];
    doneAt: string | null;
  } | null;
}

export const incidentListQuery = z.object({
  state: z
    .string()
    .max(200)
    .optional()
    .describe('comma-separated states (reported, assessing, graded, responding, ...)'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().max(500).optional().describe('next_cursor of the page before'),
});

/** `GET /api/v1/approvals/inbox`: oldest first, paged. */
export const inboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().max(500).optional().describe('next_cursor of the page before'),
});

type BoardCursor = { c: string; i: string };
const isBoardCursor = (v: unknown): v is BoardCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as BoardCursor).c === 'string' &&
  typeof (v as BoardCursor).i === 'string';

export const delegationBody = z
  .object({
    /** Whose signature is delegated; default: yours. The office may record one for a leader. */
    fromUserId: z.string().min(1).max(100).optional(),
    toUserId: z.string().min(1).max(100),
    /** The kinds of document it covers; omitted or null: every kind. */
    docTypes: z
      .array(z.enum(DOCUMENT_TYPES))
      .min(1)
      .max(DOCUMENT_TYPES.length)
      .nullable()
      .optional(),
    from: z.iso.datetime({ offset: true }),
    until: z.iso.datetime({ offset: true }).nullable().optional(),
    reason: z.string().trim().min(2).max(2000),
  })
  .strict();

export class IncidentService {
  private readonly db: Db;
  /** Writes the public record of statements in a publishing step's transaction. */
  releases: ReleaseService | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly alerts: AlertService | null = null,
  ) {
    this.db = deps.store.db;
  }

  // ---- settings ----

  async settings(db: Db = this.db): Promise<IncidentSettings> {
    const raw = await readSettingRow(db, SETTINGS_KEY);
    if (raw === undefined) return DEFAULT_INCIDENT_SETTINGS;
    const parsed = incidentSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_INCIDENT_SETTINGS;
  }

  async getSettings(actor: Actor): Promise<IncidentSettings> {
    userOf(actor);
    return this.settings();
  }

  /** Clocks, signers and emergency levels (office or admin; audited). Null: the defaults. */
  async updateSettings(actor: Actor, input: unknown): Promise<IncidentSettings> {
    authorize(actor, 'incident.manage');
    if (input === null) {
      await writeAuditedSetting(
        this.db,
        actor,
        this.deps.now(),
        SETTINGS_KEY,
        null,
        'incident.settings',
      );
      await this.db.deleteFrom('settings').where('key', '=', SETTINGS_KEY).execute();
      return DEFAULT_INCIDENT_SETTINGS;
    }
    const parsed = incidentSettingsSchema.safeParse(input);
    if (!parsed.success)
      throw errors.invalidInput(
        'invalid incident settings',
        parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })),
      );
    await writeAuditedSetting(
      this.db,
      actor,
      this.deps.now(),
      SETTINGS_KEY,
      parsed.data,
      'incident.settings',
    );
    return parsed.data;
  }

  // ---- the leadership group and names ----

  /** The leadership group as in force, as the accounts of the people holding its positions. */
  async group(db: Db = this.db): Promise<LeadershipGroup> {
    const rows = await db
      .selectFrom('positions')
      .innerJoin('users', 'users.person_id', 'positions.person_id')
      .select(['positions.position as position', 'users.id as userId'])
      .where('positions.body', '=', 'leadership_group')
      .where('positions.until', 'is', null)
      .where('users.disabled', '=', 0)
      .orderBy('users.id')
      .execute();
    return {
      headId: rows.find((r) => r.position === 'head')?.userId ?? null,
      deputyHeadIds: rows.filter((r) => r.position === 'deputy_head').map((r) => r.userId),
      memberIds: rows.filter((r) => r.position === 'member').map((r) => r.userId),
    };
  }

  private async names(db: Db, ids: Iterable<string>): Promise<Record<string, string>> {
    const list = [...new Set(ids)].filter(Boolean);
    if (!list.length) return {};
    const rows = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', list)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.id, r.display_name]));
  }

  private async context(db: Db, inc: Incident): Promise<IncidentContext> {
    const repo = new IncidentRepository(db);
    const [group, approvals, delegations, timeline, settings] = await Promise.all([
      this.group(db),
      repo.listApprovals(inc.id),
      repo.listDelegations(),
      repo.listEntries(inc.id),
      this.settings(db),
    ]);
    return { group, approvals, delegations, timeline, settings, newId: () => timeOrderedId() };
  }

  // ---- reading ----

  /** The incident, if this reader may read it (a restricted read is audited). */
  async get(actor: Actor, id: string): Promise<IncidentView> {
    const p = userOf(actor);
    const stored = await new IncidentRepository(this.db).get(id);
    if (!stored) throw errors.notFound('incident');
    const access = readAccess(stored.incident, p);
    if (!access.allowed) {
      if (access.audit)
        await this.db.transaction().execute((trx) =>
          audit(trx, actor, this.deps.now(), {
            action: 'incident.read_refused',
            objectType: 'incident_read',
            objectId: id,
            after: { reason: access.reason },
          }),
        );
      throw errors.forbidden(access.reason);
    }
    if (access.audit) {
      await this.db.transaction().execute((trx) =>
        audit(trx, actor, this.deps.now(), {
          action: 'incident.read',
          objectType: 'incident_read',
          objectId: id,
          after: { basis: access.basis, level: stored.incident.confidentiality.level },
        }),
      );
    }
    return this.view(this.db, stored, p, access);
  }

  private async view(
    db: Db,
    stored: StoredIncident,
    p: Principal,
    access: { basis: string | null; audit: boolean },
  ): Promise<IncidentView> {
    const inc = stored.incident;
    const repo = new IncidentRepository(db);
    const ctx = await this.context(db, inc);
    const links = await repo.listLinks(inc.id);
    const timeline = timelineView(ctx.timeline, inc.pinned);
    const ids = new Set<string>([
      inc.openedBy,
      ...inc.signerIds,
      ...(inc.leaderInChargeId ? [inc.leaderInChargeId] : []),
      ...(inc.commanderId ? [inc.commanderId] : []),
      ...(inc.handler?.kind === 'team' ? [inc.handler.leaderId, ...inc.handler.memberIds] : []),
      ...ctx.group.deputyHeadIds,
      ...ctx.group.memberIds,
      ...(ctx.group.headId ? [ctx.group.headId] : []),
      ...inc.confidentiality.userIds,
      ...ctx.approvals.flatMap((a) => [a.submittedBy, ...a.signer.userIds]),
    ]);
    return {
      incident: inc,
      placeholder: stored.placeholder,
      timeline,
      clocks: incidentClocks(inc, ctx.approvals, this.deps.now(), ctx.settings.clocks),
      approvals: ctx.approvals.map((a) => ({ ...a, problems: approvalProblems(a) })),
      actions: availableActions(inc, p, ctx),
      links,
      people: await this.names(db, ids),
      group: ctx.group,
      access: { basis: access.basis, audited: access.audit },
    };
  }

  /** The board: incidents this reader may read, newest first, with their clocks. */
  async list(
    actor: Actor,
    q: z.output<typeof incidentListQuery>,
  ): Promise<{ items: IncidentCard[]; next_cursor: string | null }> {
    const p = userOf(actor);
    const states = q.state
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) as IncidentState[] | undefined;
    const bad = states?.find((s) => !(s in INCIDENT_STATE_LABELS));
    if (bad)
      throw errors.invalidInput(`unknown state ${bad}`, [
        { path: 'query.state', message: 'unknown' },
      ]);
    const repo = new IncidentRepository(this.db);
    // A page holds `limit` incidents this reader may read: rows they may not read are passed
    // over (and more read) so a page is never short while more follow.
    let after = q.cursor ? decodeCursor(q.cursor, isBoardCursor) : null;
    const readable: StoredIncident[] = [];
    let nextCursor: string | null = null;
    for (;;) {
      const rows = await repo.list({
        limit: q.limit,
        ...(states?.length ? { states } : {}),
        ...(after ? { after: { createdAt: after.c, id: after.i } } : {}),
      });
      for (const r of rows) {
        after = { c: r.row.created_at, i: r.row.id };
        if (readAccess(r.incident, p).allowed) readable.push(r);
        if (readable.length === q.limit) break;
      }
      if (readable.length === q.limit) {
        nextCursor = encodeCursor(after);
        break;
      }
      if (rows.length < q.limit) break;
    }
    const settings = await this.settings();
    const now = this.deps.now();
    const out: IncidentCard[] = [];
    const approvals = await repo.approvalsOf(readable.map((r) => r.incident.id));
    for (const { incident: inc } of readable) {
      const clocks = incidentClocks(inc, approvals.get(inc.id) ?? [], now, settings.clocks);
      const next =
        clocks
          .filter((c) => c.status === 'running')
          .sort((a, b) => Date.parse(a.targetAt) - Date.parse(b.targetAt))[0] ?? null;
      const statement = clocks.find((c) => c.kind === 'first_statement') ?? null;
      out.push({
        id: inc.id,
        title: inc.title,
        unitId: inc.unitId,
        state: inc.state,
        stateLabel: INCIDENT_STATE_LABELS[inc.state],
        grade: inc.grade,
        confidentiality: inc.confidentiality.level,
        openedAt: inc.openedAt,
        updatedAt: inc.updatedAt,
        revision: inc.revision,
        clocks: clockFindings(clocks),
        next: next
          ? {
              key: next.key,
              kind: next.kind,
              label: next.label,
              targetAt: next.targetAt,
              status: next.status,
            }
          : null,
        statement: statement
          ? { targetAt: statement.targetAt, status: statement.status, doneAt: statement.doneAt }
          : null,
      });
    }
    return { items: out, next_cursor: nextCursor };
  }

  /** What awaits this person's signature (their own, and as a delegate), oldest first. */
  async inbox(actor: Actor, q: z.output<typeof inboxQuery> = { limit: 200 }) {
    const p = userOf(actor);
    const from = q.cursor ? decodeCursor(q.cursor, isBoardCursor) : null;
    const repo = new IncidentRepository(this.db);
    const now = this.deps.now();
    const delegations = await repo.listDelegations({ activeAt: now.toISOString() });
    const forWhom = new Set<string>([p.id]);
    for (const d of delegations) if (d.toUserId === p.id) forWhom.add(d.fromUserId);
    const pending = await repo.listAwaitingDecision([...forWhom]);
    const all = inbox(pending, p, delegations, now).filter(
      (it) =>
        !from ||
        it.approval.submittedAt > from.c ||
        (it.approval.submittedAt === from.c && it.approval.id > from.i),
    );
    const items = all.slice(0, q.limit);
    const last = items.at(-1);
    const next_cursor =
      all.length > q.limit && last
        ? encodeCursor({ c: last.approval.submittedAt, i: last.approval.id })
        : null;
    const titles = new Map<string, string>();
    for (const it of items) {
      if (titles.has(it.approval.incidentId)) continue;
      const s = await repo.get(it.approval.incidentId);
      if (s && readAccess(s.incident, p).allowed) titles.set(s.incident.id, s.incident.title);
    }
    const names = await this.names(
      this.db,
      items.flatMap((it) => [it.approval.submittedBy, ...(it.onBehalfOf ? [it.onBehalfOf] : [])]),
    );
    return {
      items: items.map((it) => ({
        ...it,
        docTypeLabel: DOCUMENT_TYPE_LABELS[it.approval.docType],
        incidentTitle: titles.get(it.approval.incidentId) ?? null,
        submittedByName: names[it.approval.submittedBy] ?? null,
        onBehalfOfName: it.onBehalfOf ? (names[it.onBehalfOf] ?? null) : null,
      })),
      next_cursor,
    };
  }

  /**
   * The staff a person can name on an incident (team members, commander, named readers,
   * delegates): active accounts with their name, unit and roles; nothing else about them.
   */
  async directory(actor: Actor): Promise<DirectoryEntry[]> {
    userOf(actor);
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_id', 'roles'])
      .where('disabled', '=', 0)
      .orderBy('display_name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      unitId: r.unit_id,
      roles: JSON.parse(r.roles) as string[],
    }));
  }

  // ---- delegations ----

  /** Delegations from or to you (the office and leaders: all), newest last. */
  async delegations(actor: Actor, q: { activeOnly?: boolean } = {}) {
    const p = userOf(actor);
    const all =
      p.roles.includes('office') || p.roles.includes('leader') || p.roles.includes('admin');
    const list = await new IncidentRepository(this.db).listDelegations({
      ...(all ? {} : { userId: p.id }),
      ...(q.activeOnly ? { activeAt: this.deps.now().toISOString() } : {}),
    });
    const names = await this.names(
      this.db,
      list.flatMap((d) => [d.fromUserId, d.toUserId]),
    );
    return list.map((d) => ({
      ...d,
      fromName: names[d.fromUserId] ?? null,
      toName: names[d.toUserId] ?? null,
    }));
  }

  /**
   * A signer lets another leader sign for them for a while (recorded and audited; the
   * decisions made under it say on whose behalf). The signer records it, or the office for them.
   */
  async delegate(actor: Actor, input: z.output<typeof delegationBody>) {
    const p = userOf(actor);
    const fromUserId = input.fromUserId ?? p.id;
    if (fromUserId !== p.id && !p.roles.includes('office'))
      throw errors.forbidden('only the signer, or the office for them, records a delegation');
    const group = await this.group();
    const leaders = new Set([...(group.headId ? [group.headId] : []), ...group.deputyHeadIds]);
    if (!leaders.has(fromUserId))
      throw errors.invalidInput(
        'only a head or deputy head of the leadership group signs, so only they delegate',
        [{ path: 'body.fromUserId', message: 'not a signer' }],
      );
    const to = await this.db
      .selectFrom('users')
      .select(['id', 'roles', 'disabled'])
      .where('id', '=', input.toUserId)
      .executeTakeFirst();
    if (!to || to.disabled)
      throw errors.invalidInput('no such active user', [
        { path: 'body.toUserId', message: 'unknown' },
      ]);
    if (!(JSON.parse(to.roles) as string[]).includes('leader'))
      throw errors.invalidInput('signing passes only to a leader', [
        { path: 'body.toUserId', message: 'not a leader' },
      ]);
    const d = {
      id: timeOrderedId(),
      fromUserId,
      toUserId: input.toUserId,
      docTypes: input.docTypes ?? null,
      from: input.from,
      until: input.until ?? null,
      revokedAt: null,
      reason: input.reason,
    };
    const problems = delegationProblems(d);
    if (problems.length)
      throw errors.invalidInput(
        problems.join('; '),
        problems.map((m) => ({ path: 'body', message: m })),
      );
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const stored = await new IncidentRepository(trx).insertDelegation(d, {
        createdBy: p.id,
        createdAt: now.toISOString(),
      });
      await audit(trx, actor, now, {
        action: 'delegation.create',
        objectType: 'delegation',
        objectId: stored.id,
        after: { ...stored, [SEAL_KEY]: await sealDelegation(trx, stored.id) },
      });
      return stored;
    });
  }

  /** Ends a delegation now (the signer or the office). */
  async revokeDelegation(actor: Actor, id: string) {
    const p = userOf(actor);
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const repo = new IncidentRepository(trx);
      const d = await repo.getDelegation(id);
      if (!d) throw errors.notFound('delegation');
      if (d.fromUserId !== p.id && !p.roles.includes('office'))
        throw errors.forbidden('only the signer, or the office for them, revokes a delegation');
      if (!(await repo.revokeDelegation(id, now.toISOString(), p.id)))
        throw errors.conflict('this delegation is already revoked');
      await audit(trx, actor, now, {
        action: 'delegation.revoke',
        objectType: 'delegation',
        objectId: id,
        before: d,
        after: {
          revokedAt: now.toISOString(),
          revokedBy: p.id,
          [SEAL_KEY]: await sealDelegation(trx, id),
        },
      });
      return (await repo.getDelegation(id))!;
    });
  }

  // ---- changing ----

  /** Opens an incident (reported) from an alert, an event, an informant report or by hand. */
  async open(actor: Actor, input: OpenIncidentInput, opts: { isDemo?: boolean } = {}) {
    const id = await inTransaction(this.db, (trx) => this.openIn(trx, actor, input, opts));
    return this.get(actor, id);
  }

  /** Opens an incident inside the caller's transaction (alert linking); answers its id. */
  async openIn(
    trx: Db,
    actor: Actor,
    input: OpenIncidentInput,
    opts: { isDemo?: boolean } = {},
  ): Promise<string> {
    const p = userOf(actor);
    await this.checkRefs(trx, p, input);
    const id = timeOrderedId();
    const eventId =
      input.source.kind === 'event'
        ? input.source.refId
        : input.source.kind === 'alert' && input.source.refId
          ? ((
              await trx
                .selectFrom('alerts')
                .select('event_id')
                .where('id', '=', input.source.refId)
                .executeTakeFirst()
            )?.event_id ?? null)
          : null;
    const firstEvent = eventId ?? input.eventIds[0] ?? null;
    const suggested = firstEvent ? await suggestGradeForEvent(trx, firstEvent) : null;
    const out = openIncident(input, p, this.deps.now(), {
      id,
      suggested,
      newId: () => timeOrderedId(),
    });
    if (!out.ok) throw appErrorOf(out.error);
    await this.store(trx, actor, out.value, null, 'incident.open', opts);
    return id;
  }

  /**
   * What an incident is opened from and links must exist (400 naming the field); an alert,
   * event or report outside the opener's scope is not theirs to open from.
   */
  private async checkRefs(
    trx: Db,
    p: Principal,
    input: OpenIncidentInput,
    at = 'body',
  ): Promise<void> {
    const { kind, refId } = input.source;
    const missing = (path: string, what: string) =>
      errors.invalidInput(`${what} not found`, [{ path, message: 'not found' }]);
    if (refId !== null && kind !== 'manual') {
      const table = kind === 'alert' ? 'alerts' : kind === 'event' ? 'events' : 'reports';
      const row = await trx
        .selectFrom(table)
        .select(kind === 'event' ? sql<string | null>`null`.as('unit_id') : 'unit_id')
        .where('id', '=', refId)
        .executeTakeFirst();
      if (!row) throw missing(`${at}.source.refId`, `${kind} ${refId}`);
      if (row.unit_id && p.scope.kind === 'unit' && p.scope.unitId !== row.unit_id)
        throw errors.outOfScope();
    }
    const check = async (
      table: 'mentions' | 'events',
      ids: readonly string[] | undefined,
      path: string,
    ) => {
      if (!ids) return;
      const unique = [...new Set(ids)];
      if (!unique.length) return;
      const found = new Set<string>();
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await trx
          .selectFrom(table)
          .select('id')
          .where('id', 'in', unique.slice(i, i + 500))
          .execute();
        for (const r of rows) found.add(r.id);
      }
      const index = ids.findIndex((x) => !found.has(x));
      if (index >= 0) throw missing(`${path}.${index}`, `${table.slice(0, -1)} ${ids[index]}`);
    };
    await check('mentions', input.mentionIds, `${at}.mentionIds`);
    await check('events', input.eventIds, `${at}.eventIds`);
  }

  /**
   * One step (`POST /api/v1/incidents/{id}/actions`). `expectedRevision`, when given, must be
   * the revision the person saw: a step never lands on a record they have not seen (409).
   */
  async act(
    actor: Actor,
    id: string,
    action: IncidentAction,
    expectedRevision?: number,
  ): Promise<IncidentView> {
    const p = userOf(actor);
    await inTransaction(this.db, async (trx) => {
      const stored = await new IncidentRepository(trx).get(id);
      if (!stored) throw errors.notFound('incident');
      const inc = stored.incident;
      if (expectedRevision !== undefined && expectedRevision !== inc.revision)
        throw errors.conflict(
          `the incident has changed since you read it (revision ${inc.revision}, you saw ${expectedRevision}); reload it`,
          { revision: inc.revision },
        );
      if (action.type === 'link_items')
        await this.checkRefs(
          trx,
          p,
          {
            title: inc.title,
            unitId: inc.unitId,
            source: { kind: 'manual', refId: null },
            mentionIds: action.mentionIds,
            eventIds: action.eventIds,
          },
          'body.action',
        );
      const ctx = await this.context(trx, inc);
      const out = apply(inc, action, p, this.deps.now(), ctx);
      if (!out.ok) throw appErrorOf(out.error);
      await this.store(trx, actor, out.value, inc.revision, `incident.${action.type}`);
    });
    return this.get(actor, id);
  }

  /** A signer's decision (`POST /api/v1/approvals/{id}/decision`); approving enacts it. */
  async decide(actor: Actor, approvalId: string, input: DecisionInput): Promise<IncidentView> {
    const p = userOf(actor);
    let incidentId = '';
    await inTransaction(this.db, async (trx) => {
      const repo = new IncidentRepository(trx);
      const approval = await repo.getApproval(approvalId);
      if (!approval) throw errors.notFound('approval');
      const stored = await repo.get(approval.incidentId);
      if (!stored) throw errors.notFound('incident');
      incidentId = stored.incident.id;
      const ctx = await this.context(trx, stored.incident);
      const out = decideApproval(stored.incident, approvalId, input, p, this.deps.now(), ctx);
      if (!out.ok) throw appErrorOf(out.error);
      await this.store(trx, actor, out.value, stored.incident.revision, 'approval.decide');
    });
    return this.get(actor, incidentId);
  }

  /**
   * Stores an applied step with its audit entries (the incident's, and one per approval record
   * written, each with its seal) and queues its notices for after the commit.
   */
  private async store(
    trx: Db,
    actor: Actor,
    applied: Applied,
    expectedRevision: number | null,
    action: string,
    opts: { isDemo?: boolean } = {},
  ): Promise<void> {
    const repo = new IncidentRepository(trx);
    if (!(await repo.commit(applied, expectedRevision, opts)))
      throw errors.conflict('another step was recorded at the same moment; reload and try again');
    const now = this.deps.now();
    const inc = applied.incident;
    for (const a of applied.approvals) {
      await audit(trx, actor, now, {
        action: `approval.${a.decision ? 'decide' : a.closure ? 'close' : 'submit'}`,
        objectType: 'approval',
        objectId: a.id,
        after: {
          incident: inc.id,
          doc_type: a.docType,
          version: a.version,
          status: a.status,
          content_hash: a.contentHash,
          [SEAL_KEY]: await sealApproval(trx, a.id),
        },
      });
    }
    await audit(trx, actor, now, {
      action,
      objectType: 'incident',
      objectId: inc.id,
      after: {
        revision: inc.revision,
        state: inc.state,
        grade: inc.grade,
        entries: applied.entries.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary })),
        [SEAL_KEY]: await sealIncident(trx, inc.id),
      },
    });
    if (
      this.releases &&
      applied.entries.some((e) => e.kind === 'publish_release' || e.kind === 'withdraw_release')
    )
      await this.releases.project(trx, actor, inc, opts);
    if (applied.notices.length) await this.notify(trx, inc, applied.notices);
  }

  // ---- notices ----

  private async usersOf(db: Db, n: IncidentNotice): Promise<string[]> {
    switch (n.to.kind) {
      case 'users':
        return n.to.userIds;
      case 'leadership_group': {
        const g = await this.group(db);
        return [...(g.headId ? [g.headId] : []), ...g.deputyHeadIds, ...g.memberIds];
      }
      case 'office': {
        const rows = await db
          .selectFrom('users')
          .select(['id', 'roles'])
          .where('disabled', '=', 0)
          .execute();
        return rows
          .filter((r) => (JSON.parse(r.roles) as string[]).includes('office'))
          .map((r) => r.id);
      }
      case 'unit': {
        const rows = await db
          .selectFrom('users')
          .select('id')
          .where('unit_id', '=', n.to.unitId)
          .where('disabled', '=', 0)
          .execute();
        return rows.map((r) => r.id);
      }
    }
  }

  private async notify(trx: Db, inc: Incident, notices: readonly IncidentNotice[]): Promise<void> {
    const at = this.deps.now().toISOString();
    const live = this.deps.live;
    for (const n of notices) {
      const userIds = await this.usersOf(trx, n);
      if (live) {
        const event = {
          type: 'incident' as const,
          incidentId: inc.id,
          unitId: inc.unitId,
          topic: n.topic,
          title: `${NOTICE_TOPIC_LABELS[n.topic]}：${inc.title}`,
          userIds,
          at,
        };
        afterCommit(trx, () => live.publish(event));
      }
      if (n.urgent && this.alerts) {
        const people = await chainPeopleOf(trx, userIds);
        await this.alerts.raiseNotice(trx, {
          key: `incident:${inc.id}`,
          unitId: inc.unitId,
          severity: inc.grade === 'major' ? 'major' : 'high',
          title: `${NOTICE_TOPIC_LABELS[n.topic]}：${inc.title}`,
          summary:
            n.topic === 'major_incident'
              ? `舆情处置「${inc.title}」定为重大舆情，请领导小组即时知悉（[P10]）。`
              : `舆情处置「${inc.title}」：${NOTICE_TOPIC_LABELS[n.topic]}。`,
          people,
          incidentId: inc.id,
          renotify: true,
        });
      }
    }
  }

  /**
   * Overdue tasks raise an alert (once per task) to the office's duty chain; called by the
   * dispatcher's timer and by tests with a moved clock. Answers how many were raised.
   */
  async alertOverdueTasks(): Promise<number> {
    if (!this.alerts) return 0;
    const now = this.deps.now();
    const rows = await new IncidentRepository(this.db).list({
      limit: 500,
      states: ['graded', 'responding', 'terminated', 'under_review'],
    });
    let raised = 0;
    for (const { incident: inc } of rows) {
      for (const t of inc.tasks) {
        if (t.completedAt || Date.parse(t.deadline) > now.getTime()) continue;
        const done = await inTransaction(this.db, (trx) =>
          this.alerts!.raiseNotice(trx, {
            key: `task:${t.id}`,
            unitId: t.unitId,
            severity: inc.grade === 'major' ? 'major' : 'high',
            title: `处置任务逾期：${t.title}`,
            summary: `舆情处置「${inc.title}」的任务「${t.title}」已过期限（${t.deadline}）仍未反馈完成。`,
            people: null,
            incidentId: inc.id,
          }),
        );
        if (done) raised++;
      }
    }
    return raised;
  }

  /** Counts for the coverage check and the dashboard: breached clocks, unexplained ones. */
  async clockCounts(unitId: string | null = null): Promise<{
    incidents: number;
    breached: number;
    unexplained: number;
    dueSoon: number;
  }> {
    const repo = new IncidentRepository(this.db);
    const rows = await repo.list({
      limit: 1000,
      states: ['reported', 'assessing', 'graded', 'responding', 'terminated', 'under_review'],
      ...(unitId ? { unitIds: [unitId] } : {}),
    });
    const settings = await this.settings();
    const now = this.deps.now();
    const approvals = await repo.approvalsOf(rows.map((r) => r.incident.id));
    let breached = 0;
    let unexplained = 0;
    let dueSoon = 0;
    for (const { incident: inc } of rows) {
      const f = clockFindings(
        incidentClocks(inc, approvals.get(inc.id) ?? [], now, settings.clocks),
      );
      breached += f.breached;
      unexplained += f.unexplained;
      dueSoon += f.dueSoon;
    }
    return { incidents: rows.length, breached, unexplained, dueSoon };
  }
}

/** The machine's suggested grade of an event, with its reasons, as last scored. */
async function suggestGradeForEvent(db: Db, eventId: string): Promise<SuggestedGrade | null> {
  const row = await db
    .selectFrom('events')
    .select(['suggested_grade', 'grade_reasons'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!row) return null;
  return { grade: row.suggested_grade, reasons: JSON.parse(row.grade_reasons) as GradingReason[] };
}

/** The people behind user accounts, as an alert's chain names them. */
async function chainPeopleOf(db: Db, userIds: readonly string[]): Promise<ChainPerson[]> {
  if (!userIds.length) return [];
  const rows = await db
    .selectFrom('users')
    .leftJoin('people', 'people.id', 'users.person_id')
    .select([
      'users.id as userId',
      'users.display_name as displayName',
      'people.id as personId',
      'people.name as name',
      'people.email as email',
      'people.phone as phone',
    ])
    .where('users.id', 'in', [...userIds])
    .execute();
  return rows.map((r) => ({
    personId: r.personId ?? r.userId,
    name: r.name ?? r.displayName,
    userId: r.userId,
    email: r.email,
    phone: r.phone,
  }));
}
