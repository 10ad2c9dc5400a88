// The incident store on the real databases: SQLite always, PostgreSQL when DATABASE_URL is set.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, testDeps } from '../../test/helpers.ts';
import type { Principal, Role } from '../domain/access.ts';
import {
  approvalProblems,
  type Approval,
  type DecisionInput,
  type LeadershipGroup,
} from '../domain/approvals.ts';
import type { IncidentAction } from '../domain/incident-actions.ts';
import type { TimelineEntry } from '../domain/incident-timeline.ts';
import {
  apply,
  decideApproval,
  DEFAULT_INCIDENT_SETTINGS,
  openIncident,
  type Applied,
  type Incident,
  type IncidentContext,
} from '../domain/incident.ts';
import type { Outcome } from '../domain/rule-outcome.ts';
import { RetentionService } from '../services/retention.service.ts';
import type { Db, Store } from './db.ts';
import {
  ApprovalUpdateRefused,
  CorruptRowError,
  IncidentRepository,
} from './incident.repository.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import type { AlertTable, EventTable, MentionTable } from './schema.ts';

const T = '2026-01-01T00:00:00.000Z';
const T0 = Date.parse('2026-03-01T02:00:00.000Z');
const minutes = (n: number) => n * 60_000;

const person = (id: string, roles: Role[], unitId: string): Principal => ({
  kind: 'user',
  id,
  username: id,
  displayName: `姓名${id}`,
  roles,
  leaderKind: null,
  unitId,
  scope: { kind: 'province' },
});
const OFFICE = person('u-office', ['office'], 'zh');
const DEPUTY = person('u-deputy', ['leader'], 'gs');
const GROUP: LeadershipGroup = {
  headId: 'u-head',
  deputyHeadIds: ['u-deputy'],
  memberIds: ['u-office'],
};

async function seed(db: Db): Promise<void> {
  for (const [id, code] of [
    ['gs', 'GS'],
    ['zh', 'GS-ZH'],
    ['hs', 'GS-HS'],
  ] as const) {
    await db
      .insertInto('units')
      .values({
        id,
        code,
        name: `单位${code}`,
        name_en: null,
        kind: id === 'gs' ? 'bureau' : 'division',
        parent_id: id === 'gs' ? null : 'gs',
        region_code: null,
        hosts_office: id === 'zh' ? 1 : 0,
        sort_order: 0,
        created_at: T,
        updated_at: T,
      })
      .execute();
  }
  await db
    .insertInto('sources')
    .values({
      id: 's1',
      key: 'weibo',
      name: '微博',
      type: 'push',
      address: null,
      config: '{}',
      schedule: null,
      unit_id: 'gs',
      enabled: 1,
      is_demo: 0,
      last_run_at: null,
      last_success_at: null,
      last_error_at: null,
      last_error: null,
      consecutive_failures: 0,
      etag: null,
      last_modified: null,
      created_at: T,
      updated_at: T,
    })
    .execute();
  for (const id of ['m1', 'm2', 'm3'])
    await db.insertInto('mentions').values(mention(id)).execute();
  await db.insertInto('events').values(event('e1')).execute();
}

const mention = (id: string): MentionTable => ({
  id,
  source_id: 's1',
  natural_key: `nk-${id}`,
  key_kind: 'external_id',
  external_id: id,
  url: null,
  canonical_url: null,
  author: null,
  title: null,
  text: `统计数据 ${id}`,
  analysis_text: `统计数据 ${id}`,
  content_hash: `h-${id}`,
  published_at: T,
  published_raw: null,
  collected_at: T,
  lang: 'zh',
  parent_external_id: null,
  metrics: null,
  region: null,
  channel: 'api',
  is_demo: 0,
});

const event = (id: string): EventTable => ({
  id,
  title: '某市统计数据造假传言',
  title_mention_id: null,
  keywords: '[]',
  status: 'open',
  merged_into: null,
  first_seen: T,
  last_seen: T,
  mention_count: 1,
  negative_count: 1,
  neutral_count: 0,
  positive_count: 0,
  interactions: 0,
  max_followers: 0,
  authority_tier: null,
  authority_name: null,
  max_risk: 0.9,
  risk_categories: '[]',
  prefectures: '[]',
  outside_province: 0,
  heat: 10,
  heat_factors: '{}',
  suggested_grade: 'major',
  grade_reasons: '[]',
  is_demo: 0,
  created_at: T,
  updated_at: T,
});

const alert = (id: string, incidentId: string | null): AlertTable => ({
  id,
  key: `event:${id}`,
  kind: 'event',
  event_id: 'e1',
  source_id: null,
  unit_id: 'gs',
  severity: 'major',
  title: '预警',
  summary: '预警摘要',
  rule_ids: '[]',
  status: incidentId ? 'linked' : 'acknowledged',
  fired_at: T,
  updated_at: T,
  mention_count: 1,
  notified_count: 0,
  last_notified_at: null,
  ack_due_at: T,
  escalation_step: 0,
  next_escalation_at: null,
  chain: '[]',
  looked_major: 1,
  acknowledged_at: T,
  acknowledged_by: 'u-office',
  acknowledged_name: '值班员',
  closed_at: incidentId ? '2026-01-01T00:05:00.000Z' : null,
  closed_by: incidentId ? 'u-office' : null,
  closed_name: null,
  close_reason: null,
  dismiss_approved_by: null,
  incident_id: incidentId,
  is_demo: 0,
});

/** One incident and what the rules were given, stored through the repository after each step. */
class Case {
  ids = 0;
  inc!: Incident;
  timeline: TimelineEntry[] = [];
  approvals: Approval[] = [];
  now = T0;

  constructor(
    readonly store: Store,
    readonly id = 'inc-1',
  ) {}

  newId = () => `${this.id}-x${++this.ids}`;

  ctx(): IncidentContext {
    return {
      group: GROUP,
      approvals: this.approvals,
      delegations: [],
      timeline: this.timeline,
      settings: DEFAULT_INCIDENT_SETTINGS,
      newId: this.newId,
    };
  }

  take(r: Outcome<Applied>): Applied {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  }

  /** Stores a step in one transaction, as the service will; false: the revision moved. */
  async commit(applied: Applied, expected: number | null): Promise<boolean> {
    return this.store.db
      .transaction()
      .execute(async (trx) => {
        if (!(await new IncidentRepository(trx).commit(applied, expected)))
          throw new StaleRevision();
        return true;
      })
      .catch((e: unknown) => {
        if (e instanceof StaleRevision) return false;
        throw e;
      });
  }

  remember(applied: Applied): void {
    this.inc = applied.incident;
    this.timeline = [...this.timeline, ...applied.entries];
    for (const a of applied.approvals) {
      const i = this.approvals.findIndex((x) => x.id === a.id);
      if (i >= 0) this.approvals[i] = a;
      else this.approvals.push(a);
    }
  }

  async open(over: Partial<Parameters<typeof openIncident>[0]> = {}, at = T0): Promise<Applied> {
    this.now = at;
    const applied = this.take(
      openIncident(
        {
          title: '某市统计数据造假传言',
          unitId: 'gs',
          source: { kind: 'alert', refId: 'alert-1' },
          mentionIds: ['m1'],
          eventIds: ['e1'],
          declaredAt: new Date(at - minutes(30)).toISOString(),
          ...over,
        },
        OFFICE,
        new Date(at),
        { id: this.id, suggested: null, newId: this.newId },
      ),
    );
    expect(await this.commit(applied, null)).toBe(true);
    this.remember(applied);
    return applied;
  }

  async do(action: IncidentAction, actor: Principal = OFFICE): Promise<Applied> {
    this.now += minutes(1);
    const before = this.inc.revision;
    const applied = this.take(apply(this.inc, action, actor, new Date(this.now), this.ctx()));
    expect(await this.commit(applied, before)).toBe(true);
    this.remember(applied);
    return applied;
  }

  async decide(approvalId: string, actor: Principal, input: DecisionInput): Promise<Applied> {
    this.now += minutes(1);
    const before = this.inc.revision;
    const applied = this.take(
      decideApproval(this.inc, approvalId, input, actor, new Date(this.now), this.ctx()),
    );
    expect(await this.commit(applied, before)).toBe(true);
    this.remember(applied);
    return applied;
  }
}

class StaleRevision extends Error {}

const text = { title: '处置意见', body: '建议如下' };
const task = (title: string): IncidentAction => ({
  type: 'add_task',
  unitId: 'hs',
  title,
  deadline: '2026-03-02T02:00:00.000Z',
});

describe.each(DIALECTS)('incident store on %s', (dialect) => {
  let store: Store;
  let repo: IncidentRepository;
  afterEach(async () => {
    await store?.close();
  });

  describe('over a store from before 0008', () => {
    beforeEach(async () => {
      store = await openTestStore(dialect);
      repo = new IncidentRepository(store.db);
    });

    it('keeps a placeholder incident an alert links to, as a reported incident', async () => {
      await migrateTo(store.db, '0007-alerts');
      await seed(store.db);
      await store.db
        .insertInto('incidents')
        .values({
          id: 'old-1',
          title: '旧的占位事件',
          status: 'placeholder',
          unit_id: 'gs',
          created_by: 'u-office',
          created_at: T,
        })
        .execute();
      await store.db.insertInto('alerts').values(alert('alert-old', 'old-1')).execute();

      // 0008 and everything after it, in order.
      const upgraded = (await migrateToLatest(store.db)).applied;
      expect(upgraded.slice(0, 2)).toEqual(['0008-incidents', '0009-releases']);
      expect(upgraded).toEqual([...upgraded].sort());

      const loaded = await repo.get('old-1');
      expect(loaded?.placeholder).toBe(true);
      expect(loaded?.row).toMatchObject({
        status: 'placeholder',
        state: 'reported',
        revision: 1,
        confidentiality: 'open',
        opened_from_kind: 'alert',
        opened_from_id: 'alert-old',
        updated_at: T,
        record: null,
      });
      expect(loaded?.incident).toMatchObject({
        id: 'old-1',
        title: '旧的占位事件',
        unitId: 'gs',
        state: 'reported',
        revision: 1,
        grade: null,
        source: { kind: 'alert', refId: 'alert-old' },
        eventIds: ['e1'],
        openedBy: 'u-office',
        openedAt: T,
        confidentiality: { level: 'open', userIds: [], roles: [] },
      });
      const alertRow = await store.db
        .selectFrom('alerts')
        .select('incident_id')
        .where('id', '=', 'alert-old')
        .executeTakeFirst();
      expect(alertRow?.incident_id).toBe('old-1');
      expect(await repo.listLinks('old-1')).toEqual([
        {
          id: 'alert:alert-old',
          incidentId: 'old-1',
          kind: 'alert',
          targetId: 'alert-old',
          linkedBy: 'u-office',
          linkedAt: '2026-01-01T00:05:00.000Z',
          entryId: null,
        },
      ]);
      expect((await repo.list({ limit: 10, states: ['reported'] })).map((s) => s.row.id)).toEqual([
        'old-1',
      ]);

      // Alert linking as it still writes (0007's columns only) after the migration.
      await store.db
        .insertInto('incidents')
        .values({
          id: 'new-1',
          title: '新的占位事件',
          status: 'placeholder',
          unit_id: 'gs',
          created_by: null,
          created_at: '2026-01-02T00:00:00.000Z',
        })
        .execute();
      await store.db.insertInto('alerts').values(alert('alert-new', 'new-1')).execute();
      const fresh = await repo.get('new-1');
      expect(fresh?.incident).toMatchObject({
        state: 'reported',
        revision: 1,
        source: { kind: 'alert', refId: 'alert-new' },
        openedBy: 'system',
        updatedAt: '2026-01-02T00:00:00.000Z',
      });

      // The service takes a placeholder up: its first step writes the record.
      const inc = loaded!.incident;
      const c = new Case(store, 'old-1');
      c.inc = inc;
      const applied = c.take(
        apply(inc, { type: 'start_assessment' }, OFFICE, new Date(T0), c.ctx()),
      );
      expect(await c.commit(applied, 1)).toBe(true);
      const taken = await repo.get('old-1');
      expect(taken?.placeholder).toBe(false);
      expect(taken?.row).toMatchObject({ status: 'incident', state: 'assessing', revision: 2 });
      expect(taken?.incident).toEqual(applied.incident);
    });
  });

  describe('migrated', () => {
    beforeEach(async () => {
      store = await openTestStore(dialect);
      await migrateToLatest(store.db);
      await seed(store.db);
      await store.db.insertInto('alerts').values(alert('alert-1', null)).execute();
      repo = new IncidentRepository(store.db);
    });

    async function graded(): Promise<Case> {
      const c = new Case(store);
      await c.open();
      await c.do({ type: 'start_assessment' });
      await c.do({ type: 'set_leader_in_charge', userId: 'u-deputy' });
      await c.do({ type: 'grade', grade: 'major' });
      return c;
    }

    it('stores an incident step by step and reads back the same record, timeline and approvals', async () => {
      const c = await graded();
      const opinion = await c.do({
        type: 'submit_document',
        document: { docType: 'handling_opinion', ...text },
      });
      const approvalId = opinion.approvals[0]!.id;
      expect(await repo.listAwaitingDecision(['u-deputy'])).toEqual([opinion.approvals[0]]);
      await c.decide(approvalId, DEPUTY, { decision: 'approve' });
      await c.do({ type: 'link_items', mentionIds: ['m2'], eventIds: [] });
      await c.do({ type: 'pin', entryId: c.timeline[0]!.id, pinned: true });

      const loaded = await repo.get('inc-1');
      expect(loaded?.placeholder).toBe(false);
      expect(loaded?.incident).toEqual(c.inc);
      expect(loaded?.incident.pinned).toEqual([c.timeline[0]!.id]);
      expect(loaded?.row).toMatchObject({
        state: 'graded',
        grade: 'major',
        revision: c.inc.revision,
        opened_from_kind: 'alert',
        opened_from_id: 'alert-1',
        created_by: 'u-office',
        is_demo: 0,
      });
      expect(await repo.listEntries('inc-1')).toEqual(c.timeline);
      const approvals = await repo.listApprovals('inc-1');
      expect(approvals).toEqual(c.approvals);
      expect(approvals[0]?.status).toBe('approved');
      expect(approvalProblems(approvals[0]!)).toEqual([]);
      expect(await repo.listAwaitingDecision(['u-deputy'])).toEqual([]);
      const check = await repo.verifyEntries('inc-1');
      expect(check).toMatchObject({ entries: c.timeline.length, problems: [] });

      const links = await repo.listLinks('inc-1');
      expect(links.map((l) => `${l.kind}:${l.targetId}`)).toEqual([
        'alert:alert-1',
        'mention:m1',
        'event:e1',
        'mention:m2',
      ]);
      expect(links[3]).toMatchObject({ linkedBy: 'u-office', entryId: expect.any(String) });
      expect(await repo.incidentsLinkedTo('mention', 'm2')).toEqual(['inc-1']);
      expect(await repo.addLinks([{ ...links[0]! }])).toBe(0);
    });

    it('refuses a write from a stale revision, and the step it came with', async () => {
      const c = await graded();
      const stale = c.inc;
      const first = c.take(apply(stale, task('核实数据'), OFFICE, new Date(c.now), c.ctx()));
      const second = c.take(apply(stale, task('准备口径'), OFFICE, new Date(c.now), c.ctx()));
      expect(await c.commit(first, stale.revision)).toBe(true);
      const entries = (await repo.listEntries('inc-1')).length;
      expect(await c.commit(second, stale.revision)).toBe(false);
      expect(await repo.update(second.incident, stale.revision)).toBe(false);
      const loaded = await repo.get('inc-1');
      expect(loaded?.incident).toEqual(first.incident);
      expect(await repo.listEntries('inc-1')).toHaveLength(entries);
      await expect(repo.update(stale, stale.revision)).rejects.toThrow(/does not follow/);
    });

    it('lets a pending version be decided once and never changes a decided one', async () => {
      const c = await graded();
      const points = await c.do({
        type: 'submit_document',
        document: { docType: 'talking_points', title: '口径', body: '统一口径' },
      });
      const pending = points.approvals[0]!;
      await expect(repo.updateApproval({ ...pending, body: '改过的口径' })).rejects.toThrow(
        /content of a submitted version cannot change/,
      );
      await expect(
        repo.insertApproval({ ...pending, id: 'forged', body: '伪造' }),
      ).rejects.toBeInstanceOf(ApprovalUpdateRefused);

      const decided = await c.decide(pending.id, person('u-head', ['leader'], 'gs'), {
        decision: 'approve',
      });
      const approved = decided.approvals[0]!;
      expect(await repo.getApproval(pending.id)).toEqual(approved);
      await expect(
        repo.updateApproval({
          ...approved,
          decision: { ...approved.decision!, comment: '补充意见' },
        }),
      ).rejects.toThrow(/approved and cannot change/);
      await expect(repo.updateApproval({ ...approved, status: 'withdrawn' })).rejects.toThrow(
        ApprovalUpdateRefused,
      );
      await expect(repo.updateApproval(pending)).rejects.toThrow(/cannot change/);
      await repo.updateApproval(approved); // the same record: nothing to write
      expect(await repo.getApproval(pending.id)).toEqual(approved);

      // An edit made in the database is seen by the hash check.
      await store.db
        .updateTable('approvals')
        .set({ body: '数据库里改的' })
        .where('id', '=', pending.id)
        .execute();
      const edited = await repo.getApproval(pending.id);
      expect(approvalProblems(edited!)).toContain('content does not match its content hash');
    });

    it('pages incidents newest first, filtered by state, unit and confidentiality', async () => {
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        const c = new Case(store, `inc-${i}`);
        // Two share a creation time: the id breaks the tie.
        const at = T0 + minutes(i === 4 ? 3 : i);
        await c.open(
          {
            unitId: i % 2 ? 'hs' : 'gs',
            source: { kind: 'manual', refId: null },
            mentionIds: [],
            eventIds: [],
            ...(i === 6
              ? { confidentiality: { level: 'restricted', userIds: ['u-x'], roles: [] } }
              : {}),
          },
          at,
        );
        if (i < 3) await c.do({ type: 'start_assessment' });
        made.push(c.id);
      }
      const seen: string[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (;;) {
        const page = await repo.list({ limit: 3, after });
        seen.push(...page.map((s) => s.row.id));
        const last = page.at(-1);
        if (page.length < 3 || !last) break;
        after = { createdAt: last.row.created_at, id: last.row.id };
      }
      expect(seen).toEqual(['inc-6', 'inc-5', 'inc-4', 'inc-3', 'inc-2', 'inc-1', 'inc-0']);
      const ids = async (q: Parameters<IncidentRepository['list']>[0]) =>
        (await repo.list(q)).map((s) => s.row.id);
      expect(await ids({ limit: 10, states: ['assessing'] })).toEqual(['inc-2', 'inc-1', 'inc-0']);
      expect(await ids({ limit: 10, states: ['reported'], unitIds: ['hs'] })).toEqual([
        'inc-5',
        'inc-3',
      ]);
      expect(await ids({ limit: 10, confidentiality: ['restricted', 'secret'] })).toEqual([
        'inc-6',
      ]);
      expect(await ids({ limit: 10, unitIds: [] })).toEqual([]);
      expect(
        await ids({ limit: 2, states: ['reported'], after: { createdAt: T, id: 'z' } }),
      ).toEqual([]);
    });

    it('names the row when a stored value is corrupt or disagrees with its record', async () => {
      const c = await graded();
      await store.db
        .updateTable('incidents')
        .set({ state: 'archived' })
        .where('id', '=', 'inc-1')
        .execute();
      await expect(repo.get('inc-1')).rejects.toThrow('incidents row inc-1: state disagree');
      await store.db
        .updateTable('incidents')
        .set({ record: '{"id": "inc-1",' })
        .where('id', '=', 'inc-1')
        .execute();
      const err = await repo.get('inc-1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CorruptRowError);
      expect((err as Error).message).toMatch(/^incidents row inc-1: record is not valid JSON/);

      const entryId = c.timeline[1]!.id;
      await store.db
        .updateTable('incident_entries')
        .set({ summary: '改过的' })
        .where('id', '=', entryId)
        .execute();
      expect((await repo.verifyEntries('inc-1')).problems).toEqual([
        `entry ${entryId}: content does not match its hash`,
      ]);
      await store.db
        .updateTable('incident_entries')
        .set({ data: 'not json' })
        .where('id', '=', entryId)
        .execute();
      await expect(repo.listEntries('inc-1')).rejects.toThrow(
        `incident_entries row ${entryId}: data is not valid JSON`,
      );
    });

    it('records delegations, finds those in force and revokes them without deleting', async () => {
      const d = {
        id: 'd1',
        fromUserId: 'u-head',
        toUserId: 'u-deputy',
        docTypes: ['response_activation' as const],
        from: '2026-03-01T10:00:00+08:00',
        until: null,
        revokedAt: null,
        reason: '外出开会',
      };
      const stored = await repo.insertDelegation(d, { createdBy: 'u-admin', createdAt: T });
      expect(stored.from).toBe('2026-03-01T02:00:00.000Z');
      await expect(
        repo.insertDelegation(
          { ...d, id: 'd2', toUserId: 'u-head' },
          { createdBy: null, createdAt: T },
        ),
      ).rejects.toThrow(/cannot delegate to themselves/);
      expect(await repo.getDelegation('d1')).toEqual(stored);
      expect(
        (await repo.listDelegations({ userId: 'u-deputy', activeAt: '2026-03-02T00:00:00Z' })).map(
          (x) => x.id,
        ),
      ).toEqual(['d1']);
      expect(await repo.listDelegations({ activeAt: '2026-02-28T00:00:00Z' })).toEqual([]);
      expect(await repo.revokeDelegation('d1', '2026-03-03T00:00:00.000Z', 'u-head')).toBe(true);
      expect(await repo.revokeDelegation('d1', '2026-03-04T00:00:00.000Z', 'u-head')).toBe(false);
      expect(await repo.listDelegations({ activeAt: '2026-03-02T00:00:00Z' })).toHaveLength(1);
      expect(await repo.listDelegations({ activeAt: '2026-03-03T00:00:00Z' })).toEqual([]);
      expect(await repo.getDelegation('d1')).toMatchObject({
        revokedAt: '2026-03-03T00:00:00.000Z',
        revokedBy: 'u-head',
      });
    });

    it('keeps mentions linked to an incident through the retention purge', async () => {
      await new Case(store).open();
      const result = await new RetentionService(
        testDeps(store, () => new Date('2026-12-01T00:00:00Z')),
        30,
      ).purge();
      expect(result.mentions).toBe(2);
      const left = await store.db.selectFrom('mentions').select('id').execute();
      expect(left.map((m) => m.id)).toEqual(['m1']);
    });
  });
});
