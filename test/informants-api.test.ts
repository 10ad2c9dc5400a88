// The informant network's assessment over HTTP on a real server (SQLite, and PostgreSQL when
// DATABASE_URL is set), with a clock the test moves: the hand-made month of
// test/fixtures/informant-ranking.ts is reported at its times (a collector pushes the machine's
// copies before or after), the office reviews it (one review changed), and the ranking through
// the API matches the answers worked out by hand; the queue shows ages, leads and the machine's
// suggestion; others get 403, a city bureau's office only its unit; the notice opens as a DOCX
// with the right text; support records keep money in fen with totals, and void, never delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/services/context.ts';
import { readDocx } from './docx-reader.ts';
import {
  EXPECTED,
  FIXTURE_REPORTS,
  PERSON_UNIT,
  UNIT_CODE,
  type FixturePerson,
  type FixtureUnit,
} from './fixtures/informant-ranking.ts';
import {
  ADMIN_PASSWORD,
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const PASSWORD = 'Fixture-informant-2026!';
const NOW = new Date('2027-01-05T02:00:00.000Z');

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

interface Row {
  rank: number;
  unit: { id: string; name: string };
  person: { id: string; name: string } | null;
  reports: number;
  adopted: number;
  firsts: number;
  points: number;
  adoption_rate: number | null;
}

describe.each(DIALECTS)('informant network assessment on %s', (dialect) => {
  let server: TestServer;
  let clock = new Date('2026-10-20T01:00:00.000Z');
  let office: Client;
  let leader: Client;
  let informant: Client;
  let division: Client;
  let viewer: Client;
  let tianshuiOffice: Client;
  /** Fixture person -> account id; fixture unit -> unit id. */
  const userOf = {} as Record<FixturePerson, string>;
  const unitOf = {} as Record<FixtureUnit, string>;
  /** Fixture report key -> report id. */
  const reportOf: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => clock });
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const units = (await admin.get('/api/v1/units')).body.items as { id: string; code: string }[];
    for (const [key, code] of Object.entries(UNIT_CODE)) {
      const u = units.find((x) => x.code === code);
      if (!u) throw new Error(`unit ${code} missing`);
      unitOf[key as FixtureUnit] = u.id;
    }
    // A and D are demo accounts (兰州's informant, 国民经济核算处's head); the others are made.
    const db = server.store.db;
    const idOf = async (username: string) =>
      (
        await db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).id;
    userOf.A = await idOf('informant');
    userOf.D = await idOf('division');
    const made: [FixturePerson, string, string][] = [
      ['B', 'ts-informant', '李天水'],
      ['C', 'zh-staff', '张综合'],
      ['E', 'lz-second', '陈兰州'],
      ['G', 'by-informant', '杨白银'],
    ];
    for (const [key, username, name] of made) {
      const r = await admin.post('/api/v1/users', {
        username,
        display_name: name,
        password: PASSWORD,
        unit_id: unitOf[PERSON_UNIT[key]],
        roles: ['informant'],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      userOf[key] = r.body.id;
    }
    const ts = await admin.post('/api/v1/users', {
      username: 'ts-office',
      display_name: '天水办公室',
      password: PASSWORD,
      unit_id: unitOf.T,
      roles: ['office'],
    });
    expect(ts.status).toBe(201);
    const collector = await collectorClient(server, 'fixture collector');

    // The reports at their times, each by its reporter; the machine's copies around them.
    const push = async (url: string, at: Date) => {
      clock = at;
      const r = await collector.post('/api/v1/ingest', [
        // Monitored sources name their posts (feeds by guid, pages by address): a post of its
        // own beside the informant's, even when it comes later.
        { id: `wb-${url}`, source: 'weibo', url, text: `监测源采集：${url}` },
      ]);
      expect(r.body).toMatchObject({ accepted: 1 });
    };
    for (const f of [...FIXTURE_REPORTS].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))) {
      const after = f.link?.machineAfterMinutes ?? null;
      if (f.link && after !== null && after < 0) {
        await push(f.link.url, minutesAfter(f.createdAt, after));
      }
      clock = new Date(f.createdAt);
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userOf[f.person])
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        principal: await server.app.services.auth.principalForUser(user),
        ip: '127.0.0.1',
      };
      const report = await server.app.services.reports.create(actor, {
        text: `报送${f.key}：网传某地统计数据有误`,
        ...(f.link ? { link: f.link.url } : {}),
      });
      expect(report.machine_found_first).toBe(after !== null && after < 0);
      reportOf[f.key] = report.id;
    }
    for (const f of FIXTURE_REPORTS) {
      const after = f.link?.machineAfterMinutes ?? null;
      if (f.link && after !== null && after > 0) {
        await push(f.link.url, minutesAfter(f.createdAt, after));
      }
    }

    clock = NOW;
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    informant = await new Client(server.url).login('informant', DEMO_PASSWORD_FOR_TESTS);
    division = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    tianshuiOffice = await new Client(server.url).login('ts-office', PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lists the queue oldest first, with ages, leads and the machine’s suggestion', async () => {
    const r = await office.get('/api/v1/informants/assessments?status=pending&limit=100');
    expect(r.status).toBe(200);
    const items = r.body.items as {
      report: { id: string; created_at: string };
      review: unknown;
      age_minutes: number;
      lead: { kind: string; minutes: number | null };
      suggestion: string | null;
    }[];
    expect(items.map((i) => i.report.id)).toEqual(
      [...FIXTURE_REPORTS]
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
        .map((f) => reportOf[f.key]),
    );
    const of = (key: string) => items.find((i) => i.report.id === reportOf[key]);
    // r10 was made at 2026-10-31T15:59Z; now is 2027-01-05T02:00Z.
    expect(of('r10')?.age_minutes).toBe(
      (NOW.getTime() - Date.parse('2026-10-31T15:59:00.000Z')) / 60_000,
    );
    expect(of('r1')?.lead).toMatchObject({ kind: 'lead', minutes: 250 });
    expect(of('r1')?.suggestion).toBeNull();
    expect(of('r2')?.lead.kind).toBe('machine_first');
    expect(of('r2')?.suggestion).toBe('machine_found');
    expect(of('r3')?.lead.kind).toBe('unmatched');
    expect(of('r4')?.lead.kind).toBe('no_link');
    // Paged by cursor.
    const first = await office.get('/api/v1/informants/assessments?status=pending&limit=5');
    const second = await office.get(
      `/api/v1/informants/assessments?status=pending&limit=5&cursor=${first.body.next_cursor}`,
    );
    expect(
      [...first.body.items, ...second.body.items].map(
        (i: { report: { id: string } }) => i.report.id,
      ),
    ).toEqual(items.slice(0, 10).map((i) => i.report.id));
    // Not for informants or viewers; a city bureau's office sees its unit's reports only.
    expect((await informant.get('/api/v1/informants/assessments')).status).toBe(403);
    expect((await viewer.get('/api/v1/informants/assessments')).status).toBe(403);
    const ts = await tianshuiOffice.get('/api/v1/informants/assessments?limit=100');
    expect(ts.body.items.map((i: { report: { id: string } }) => i.report.id).sort()).toEqual(
      [reportOf.r3, reportOf.r4].sort(),
    );
  });

  it('refuses reviews from others, out of scope, of one’s own report, and bad ones by field', async () => {
    const r1 = reportOf.r1;
    const adopt = { decision: 'adopted', level: 'daily' };
    expect((await informant.post(`/api/v1/reports/${r1}/review`, adopt)).status).toBe(403);
    expect((await viewer.post(`/api/v1/reports/${r1}/review`, adopt)).status).toBe(403);
    expect((await leader.post(`/api/v1/reports/${r1}/review`, adopt)).status).toBe(403);
    const out = await tianshuiOffice.post(`/api/v1/reports/${r1}/review`, adopt);
    expect(out.status).toBe(403);
    expect(out.body.error.code).toBe('out_of_scope');
    // The office's own report goes to another reviewer.
    const own = await office.post('/api/v1/reports', { text: '办公室人员自己报送的信息' });
    expect(own.status).toBe(201);
    const self = await office.post(`/api/v1/reports/${own.body.id}/review`, adopt);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('own report');

    const noLevel = await office.post(`/api/v1/reports/${r1}/review`, { decision: 'adopted' });
    expect(noLevel.status).toBe(400);
    expect(noLevel.body.error.details).toEqual([
      { path: 'body.level', message: 'an adopted report needs its level' },
    ]);
    const noReason = await office.post(`/api/v1/reports/${r1}/review`, {
      decision: 'not_adopted',
      reason: '  ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([
      { path: 'body.reason', message: 'say why the report is not adopted' },
    ]);
    const bad = await office.post(`/api/v1/reports/${r1}/review`, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.decision');
    expect((await office.post('/api/v1/reports/nope/review', adopt)).status).toBe(404);
  });

  it('takes the fixture’s reviews, keeps a changed one’s history and audits both', async () => {
    for (const f of FIXTURE_REPORTS) {
      for (const [i, review] of f.reviews.entries()) {
        const r = await office.post(`/api/v1/reports/${reportOf[f.key]}/review`, {
          ...review,
          expected_version: i,
        });
        expect(r.status, `${f.key} ${JSON.stringify(r.body)}`).toBe(201);
        expect(r.body).toMatchObject({ version: i + 1, decision: review.decision });
      }
    }
    const r8 = reportOf.r8;
    // The review changed meanwhile, or not at all: refused.
    const stale = await office.post(`/api/v1/reports/${r8}/review`, {
      decision: 'adopted',
      level: 'daily',
      expected_version: 1,
    });
    expect(stale.status).toBe(409);
    const same = await office.post(`/api/v1/reports/${r8}/review`, {
      decision: 'not_adopted',
      reason: '核实后与事实不符',
    });
    expect(same.status).toBe(409);

    const history = await office.get(`/api/v1/reports/${r8}/reviews`);
    expect(
      history.body.items.map((v: { version: number; decision: string; level: string | null }) => [
        v.version,
        v.decision,
        v.level,
      ]),
    ).toEqual([
      [1, 'adopted', 'special'],
      [2, 'not_adopted', null],
    ]);
    expect(history.body.items[1].reason).toBe('核实后与事实不符');
    // r1's review kept when the machine collected the link.
    const r1 = await office.get(`/api/v1/reports/${reportOf.r1}/reviews`);
    expect(r1.body.items[0].machine_later_at).toBe(
      minutesAfter('2026-11-03T02:00:00.000Z', 250).toISOString(),
    );
    // The reporter sees how theirs was judged; others not.
    expect((await informant.get(`/api/v1/reports/${reportOf.r1}/reviews`)).status).toBe(200);
    expect((await informant.get(`/api/v1/reports/${r8}/reviews`)).status).toBe(403);

    const audit = await office.get(`/api/v1/audit?object_type=report&object_id=${r8}`);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('report.review');
    expect(actions).toContain('report.review.change');
    expect((await office.get('/api/v1/audit/verify')).body.ok).toBe(true);

    // Only r9 (and the office's own report) wait now.
    const queue = await office.get('/api/v1/informants/assessments?status=pending');
    expect(queue.body.items.map((i: { report: { id: string } }) => i.report.id)).toContain(
      reportOf.r9,
    );
    expect(queue.body.items).toHaveLength(2);
    const reviewed = await office.get(
      '/api/v1/informants/assessments?status=reviewed&period=2026-11&limit=100',
    );
    expect(reviewed.body.items).toHaveLength(9);
    const r5 = reviewed.body.items.find(
      (i: { report: { id: string } }) => i.report.id === reportOf.r5,
    );
    expect(r5.points).toEqual({ report: 1, level: 6, lead: 3, total: 10 });
    expect(r5.lead).toMatchObject({ kind: 'lead', minutes: 300 });
  });

  it('ranks units and people as worked out by hand, per month and quarter', async () => {
    const personKey = new Map(Object.entries(userOf).map(([k, id]) => [id, k]));
    const unitKey = new Map(Object.entries(unitOf).map(([k, id]) => [id, k]));
    for (const e of EXPECTED) {
      const people = await leader.get(`/api/v1/informants/ranking?period=${e.period}&by=person`);
      expect(people.status).toBe(200);
      expect(
        (people.body.rows as Row[]).map((r) => [
          r.rank,
          personKey.get(r.person?.id ?? ''),
          r.reports,
          r.adopted,
          r.firsts,
          r.points,
        ]),
        e.period,
      ).toEqual(e.people);
      for (const r of people.body.rows as Row[]) {
        expect(unitKey.get(r.unit.id)).toBe(
          PERSON_UNIT[personKey.get(r.person?.id ?? '') as FixturePerson],
        );
      }

      const units = await leader.get(`/api/v1/informants/ranking?period=${e.period}&by=unit`);
      const rows = units.body.rows as Row[];
      expect(
        rows
          .slice(0, e.units.length)
          .map((r) => [r.rank, unitKey.get(r.unit.id), r.reports, r.adopted, r.firsts, r.points]),
        e.period,
      ).toEqual(e.units);
      // The other 24 of the 14 city bureaus and 15 divisions: zeros, the last rank.
      const others = rows.slice(e.units.length);
      expect(others).toHaveLength(29 - e.units.length);
      for (const r of others) {
        expect([r.rank, r.reports, r.points]).toEqual([e.othersRank, 0, 0]);
      }
      const t = units.body.totals;
      expect({
        reports: t.reports,
        reviewed: t.reviewed,
        pending: t.pending,
        adopted: t.adopted,
        notAdopted: t.not_adopted,
        machineFound: t.machine_found,
        firsts: t.firsts,
        points: t.points,
      }).toEqual(e.totals);
    }
    const nov = await office.get('/api/v1/informants/ranking?period=2026-11&by=unit');
    expect(nov.body.period).toMatchObject({
      key: '2026-11',
      label: '2026年11月',
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-30T16:00:00.000Z',
    });
    expect(nov.body.totals.adoption_rate).toBe(0.6);
  });

  it('shows a city bureau its own rows with the province’s ranks, and nobody else the ranking', async () => {
    const ts = await tianshuiOffice.get('/api/v1/informants/ranking?period=2026-11&by=unit');
    expect(ts.status).toBe(200);
    expect(ts.body.rows.map((r: Row) => [r.rank, r.unit.id, r.points])).toEqual([[2, unitOf.T, 8]]);
    expect(ts.body.totals.reports).toBe(2);
    const tsPeople = await tianshuiOffice.get(
      '/api/v1/informants/ranking?period=2026-11&by=person',
    );
    expect(tsPeople.body.rows.map((r: Row) => [r.rank, r.person?.id])).toEqual([[2, userOf.B]]);
    for (const c of [informant, division, viewer]) {
      expect((await c.get('/api/v1/informants/ranking?period=2026-11')).status).toBe(403);
    }
    const bad = await leader.get('/api/v1/informants/ranking?period=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.period');
  });

  it('follows changed scoring settings, changed by the office alone', async () => {
    const defaults = (await office.get('/api/v1/informants/scoring-settings')).body;
    expect(defaults).toMatchObject({ report_points: 1, unmatched_points: 3 });
    const changed = { ...defaults, level_points: { ...defaults.level_points, instruction: 10 } };
    expect((await leader.put('/api/v1/informants/scoring-settings', changed)).status).toBe(403);
    expect((await tianshuiOffice.put('/api/v1/informants/scoring-settings', changed)).status).toBe(
      403,
    );
    const unordered = await office.put('/api/v1/informants/scoring-settings', {
      ...defaults,
      lead_bands: [
        { min_minutes: 60, points: 2 },
        { min_minutes: 10, points: 1 },
      ],
    });
    expect(unordered.status).toBe(400);
    expect(unordered.body.error.details).toEqual([
      { path: 'body.lead_bands.1.min_minutes', message: 'must be more than the band before (60)' },
    ]);
    expect((await office.put('/api/v1/informants/scoring-settings', changed)).status).toBe(200);
    const people = await leader.get('/api/v1/informants/ranking?period=2026-11&by=person');
    expect(people.body.rows[0]).toMatchObject({ person: { id: userOf.C }, points: 14 });
    expect((await office.put('/api/v1/informants/scoring-settings', defaults)).status).toBe(200);
    const audit = await office.get('/api/v1/audit?object_type=setting&object_id=informant.scoring');
    expect(audit.body.items).toHaveLength(2);
  });

  it('writes the notice as a DOCX with the right text and tables, and as HTML', async () => {
    const res = await fetch(`${server.url}/api/v1/informants/notice?period=2026-11&format=docx`, {
      headers: { cookie: leader.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('content-disposition')).toContain(
      encodeURIComponent('报送及采用情况通报-2026-11.docx'),
    );
    const docx = await readDocx(Buffer.from(await res.arrayBuffer()));
    expect(docx.text).toContain('网络舆情信息报送及采用情况通报');
    expect(docx.text).toContain('甘肃省统计局网络舆情处置工作领导小组办公室');
    expect(docx.text).toContain(
      '2026年11月，全省共报送舆情信息10条，经审核采用6条，采用率60.0%；其中日报采用4条、专报采用1条、领导批示1条。',
    );
    expect(docx.text).toContain('表1 2026年11月各单位报送及采用情况');
    // The unit table's first rows, cell by cell: rank, unit, reports, adopted, rate, firsts, points.
    expect(docx.text).toContain('1综合处11100.0%110');
    expect(docx.text).toContain('2天水市统计局2150.0%18');
    expect(docx.text).toContain('1张综合综合处11100.0%110');
    expect(docx.text).toContain('表3 2026年11月采用信息目录');
    expect(docx.text).toContain('报送r5：网传某地统计数据有误');
    expect(docx.text).not.toContain('报送r8');
    expect(docx.tables).toBeGreaterThanOrEqual(4);
    expect(docx.media.length).toBeGreaterThanOrEqual(1);

    const html = await fetch(`${server.url}/api/v1/informants/notice?period=2026-Q4&format=html`, {
      headers: { cookie: leader.cookie ?? '' },
    });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('2026年第四季度');
    expect(page).toContain('<svg');

    expect((await tianshuiOffice.get('/api/v1/informants/notice?period=2026-11')).status).toBe(403);
    expect((await informant.get('/api/v1/informants/notice?period=2026-11')).status).toBe(403);
  }, 60_000);

  it('keeps support records in fen with totals, for the office to write and informants to read', async () => {
    const network = (await office.get('/api/v1/informants/network')).body.items as {
      unit: { id: string };
      person: { id: string; name: string };
    }[];
    expect(network).toHaveLength(29);
    const lanzhou = network.find((n) => n.unit.id === unitOf.L)?.person.id ?? '';
    const tianshui = network.find((n) => n.unit.id === unitOf.T)?.person.id ?? '';

    const add = (c: Client, body: unknown) => c.post('/api/v1/informants/support', body);
    const ok = [
      {
        person_id: lanzhou,
        kind: 'duty_allowance',
        date: '2026-11-05',
        amount: '300',
        note: '国庆值班',
      },
      { person_id: lanzhou, kind: 'data_plan', date: '2026-11-20', amount: 50.5 },
      {
        person_id: lanzhou,
        kind: 'training',
        date: '2026-12-02',
        hours: 2.5,
        note: '舆情研判培训',
      },
      { person_id: tianshui, kind: 'equipment', date: '2026-11-10', amount: '1999.99' },
    ];
    const ids: string[] = [];
    for (const body of ok) {
      const r = await add(office, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    const first = (await office.get('/api/v1/informants/support?period=2026-Q4')).body;
    expect(first.items.find((i: { id: string }) => i.id === ids[1])).toMatchObject({
      amount_fen: 5050,
      amount_yuan: '50.50',
      hours: null,
    });
    expect(first.items.find((i: { id: string }) => i.id === ids[2])).toMatchObject({
      amount_fen: null,
      hours: 2.5,
    });

    // Bad input, by field.
    const problems = async (body: unknown) => {
      const r = await add(office, body);
      expect(r.status).toBe(400);
      return r.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await problems({ person_id: lanzhou, kind: 'equipment', date: '2026-11-05' })).toEqual([
      'body.amount',
    ]);
    expect(
      await problems({ person_id: lanzhou, kind: 'training', date: '2026-11-05', amount: '10' }),
    ).toEqual(['body.hours', 'body.amount']);
    expect(
      await problems({
        person_id: lanzhou,
        kind: 'data_plan',
        date: '2026-02-30',
        amount: '1.234',
      }),
    ).toEqual(['body.date', 'body.amount']);
    expect(
      await problems({ person_id: lanzhou, kind: 'data_plan', date: '2027-01-06', amount: '10' }),
    ).toEqual(['body.date']);
    expect(
      await problems({ person_id: 'nobody', kind: 'data_plan', date: '2026-11-05', amount: '10' }),
    ).toEqual(['body.person_id']);
    // Others may not write; a city bureau's office only for its unit.
    expect((await add(informant, ok[0])).status).toBe(403);
    expect((await add(leader, ok[0])).status).toBe(403);
    expect((await add(tianshuiOffice, ok[0])).status).toBe(403);
    expect((await add(tianshuiOffice, { ...ok[3], amount: '10' })).status).toBe(201);

    // A mistake is voided with the reason: kept, not counted.
    const voided = await office.post(`/api/v1/informants/support/${ids[1]}/void`, {
      reason: '重复登记',
    });
    expect(voided.status).toBe(200);
    expect(voided.body.voided).toMatchObject({ reason: '重复登记' });
    expect(
      (await office.post(`/api/v1/informants/support/${ids[1]}/void`, { reason: 'x' })).status,
    ).toBe(409);
    expect(
      (await informant.post(`/api/v1/informants/support/${ids[0]}/void`, { reason: 'x' })).status,
    ).toBe(403);

    const nov = (await office.get('/api/v1/informants/support?period=2026-11')).body;
    expect(nov.can_write).toBe(true);
    expect(nov.items).toHaveLength(3);
    expect(nov.totals.all).toMatchObject({
      count: 3,
      amount_fen: 30000 + 199999 + 1000,
      amount_yuan: '2309.99',
    });
    expect(
      nov.totals.by_unit.map((u: { unit: { id: string }; total: { amount_yuan: string } }) => [
        u.unit.id,
        u.total.amount_yuan,
      ]),
    ).toEqual([
      [unitOf.L, '300.00'],
      [unitOf.T, '2009.99'],
    ]);
    expect(nov.totals.all.by_kind.equipment).toMatchObject({ count: 2, amount_yuan: '2009.99' });
    const withVoid = (await office.get('/api/v1/informants/support?period=2026-11&voided=1')).body;
    expect(withVoid.items).toHaveLength(4);
    expect(withVoid.totals.all.count).toBe(3);
    const q4 = (await office.get(`/api/v1/informants/support?period=2026-Q4&person_id=${lanzhou}`))
      .body;
    expect(q4.totals.by_person).toHaveLength(1);
    expect(q4.totals.by_person[0].total).toMatchObject({
      count: 2,
      amount_yuan: '300.00',
      hours: 2.5,
    });

    // The informant sees their own, the city bureau its unit's.
    const mine = (await informant.get('/api/v1/informants/support')).body;
    expect(mine.can_write).toBe(false);
    expect(mine.items.map((i: { person: { id: string } }) => i.person.id)).toEqual([
      lanzhou,
      lanzhou,
    ]);
    expect((await informant.get(`/api/v1/informants/support?person_id=${tianshui}`)).status).toBe(
      403,
    );
    const ts = (await tianshuiOffice.get('/api/v1/informants/support')).body;
    expect(ts.items.every((i: { unit: { id: string } }) => i.unit.id === unitOf.T)).toBe(true);
    expect(ts.items).toHaveLength(2);
    expect(
      (await tianshuiOffice.get(`/api/v1/informants/support?unit_id=${unitOf.L}`)).status,
    ).toBe(403);
    // Someone with no support records sees an empty list.
    expect((await viewer.get('/api/v1/informants/support')).body.items).toEqual([]);

    const audit = await office.get(
      `/api/v1/audit?object_type=informant_support&object_id=${ids[1]}`,
    );
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'informant.support.add',
      'informant.support.void',
    ]);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await office.get('/api/openapi.json')).body;
    for (const path of [
      '/api/v1/reports/{id}/review',
      '/api/v1/informants/ranking',
      '/api/v1/informants/notice',
      '/api/v1/informants/support',
      '/api/v1/informants/scoring-settings',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
