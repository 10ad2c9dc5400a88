// The duty roster (值班表) over HTTP against a real server whose clock the test moves: the demo
// office unit is staffed around the clock; the office adds a shift with a rotation, an override
// and holidays, and who is on duty follows the clock (start in, end out, past midnight); every
// change is audited; bad input is refused with the path; roles and unit scope are enforced; the
// alert service's whoIsOnDuty answers contacts and the linked account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whoIsOnDuty } from '../src/services/duty.service.ts';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/** An instant given as Asia/Shanghai wall clock (UTC+8). */
const shanghai = (date: string, hhmm: string, ms = 0): Date =>
  new Date(Date.parse(`${date}T${hhmm}:00.000+08:00`) + ms);

interface NowUnit {
  unit_id: string;
  unit_name: string;
  has_shifts: boolean;
  on_duty: {
    person_id: string;
    name: string;
    email: string | null;
    shift_name: string;
    via: string;
    from: string;
    until: string;
  }[];
}

describe.each(DIALECTS)('duty roster over HTTP on %s', (dialect) => {
  let server: TestServer;
  // Tuesday 30 September 2025, 10:00 in Lanzhou; the eve of the National Day holiday.
  let clock = shanghai('2025-09-30', '10:00');
  let admin: Client;
  let office: Client;
  let viewer: Client;
  let division: Client;
  let cityDivision: Client;
  let units: { id: string; code: string; name: string }[];
  const unit = (code: string) => units.find((u) => u.code === code)!;
  let people: { id: string; name: string; title: string; unit_id: string }[];
  let shiftId = '';

  const nowIn = async (c: Client, unitId?: string): Promise<NowUnit[]> => {
    const r = await c.get(`/api/v1/duty/now${unitId ? `?unitId=${unitId}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.at).toBe(clock.toISOString());
    return r.body.units as NowUnit[];
  };
  const onDutyNames = async (unitId: string): Promise<string[]> => {
    const [u] = await nowIn(office, unitId);
    return u!.on_duty.map((d) => `${d.shift_name}:${d.name}:${d.via}`);
  };
  const lastAudit = async (objectId: string) => {
    const r = await admin.get(`/api/v1/audit?object_id=${encodeURIComponent(objectId)}&limit=10`);
    expect(r.status).toBe(200);
    return r.body.items as { action: string; actor: { name: string }; before: any; after: any }[];
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => clock });
    // The clock jumps days ahead: sessions made now must outlive the jumps.
    server.deps.sessionHours = 24 * 365;
    admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    division = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    units = (await office.get('/api/v1/units')).body.items;
    people = (await office.get('/api/v1/people?limit=500')).body.items;
    // A city bureau's division account: its scope is its own bureau.
    const created = await admin.post('/api/v1/users', {
      username: 'lz-duty',
      display_name: '兰州值班编排',
      password: 'city-division-password',
      unit_id: unit('C620100').id,
      roles: ['division'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    cityDivision = await new Client(server.url).login('lz-duty', 'city-division-password');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses callers who are not signed in', async () => {
    const anon = new Client(server.url);
    for (const path of [
      '/api/v1/duty/now',
      '/api/v1/duty/roster',
      '/api/v1/duty/schedule',
      '/api/v1/duty/holidays',
    ]) {
      expect((await anon.get(path)).status, path).toBe(401);
    }
    const r = await anon.post('/api/v1/duty/shifts', {
      unit_id: unit('GS-HS').id,
      name: '白班',
      start_time: '09:00',
      end_time: '18:00',
      days: 'workday',
    });
    expect(r.status).toBe(401);
    expect((await anon.request('DELETE', '/api/v1/duty/holidays/2025-10-01')).status).toBe(401);
  });

  it('shows the demo office unit staffed now, to every member of staff', async () => {
    const all = await nowIn(viewer);
    // Only units keeping a roster are listed when no unit is asked for.
    expect(all.map((u) => u.unit_id)).toEqual([unit('GS-ZH').id]);
    expect(all[0]).toMatchObject({ unit_name: '综合处', has_shifts: true });
    expect(all[0]!.on_duty).toHaveLength(1);
    expect(all[0]!.on_duty[0]).toMatchObject({ shift_name: '白班', via: 'rotation' });
    expect(all[0]!.on_duty[0]!.email).toMatch(/@example\.org$/);
    // A unit without a roster, asked for by id: listed, nobody on duty.
    const [hs] = await nowIn(viewer, unit('GS-HS').id);
    expect(hs).toMatchObject({ unit_id: unit('GS-HS').id, has_shifts: false, on_duty: [] });
  });

  it('refuses bad input with the path of the problem', async () => {
    const base = {
      unit_id: unit('GS-HS').id,
      name: '白班',
      start_time: '09:00',
      end_time: '18:00',
      days: 'workday',
    };
    for (const [patch, path] of [
      [{ start_time: '24:00' }, 'body.start_time'],
      [{ end_time: '9:00' }, 'body.end_time'],
      [{ start_time: '09:00:00' }, 'body.start_time'],
      [{ days: 'weekends' }, 'body.days'],
      [{ name: '  ' }, 'body.name'],
    ] as const) {
      const r = await office.post('/api/v1/duty/shifts', { ...base, ...patch });
      expect(r.status, JSON.stringify(patch)).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const noUnit = await office.post('/api/v1/duty/shifts', { ...base, unit_id: 'no-such-unit' });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details).toEqual([{ path: 'body.unit_id', message: 'no such unit' }]);
    const badDate = await office.get('/api/v1/duty/schedule?from=2025-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('query.from');
    const tooLong = await office.get('/api/v1/duty/schedule?days=63');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('query.days');
  });

  it('adds a shift with a rotation; who is on duty follows the clock', async () => {
    const hs = unit('GS-HS');
    const created = await office.post('/api/v1/duty/shifts', {
      unit_id: hs.id,
      name: '工作日值班',
      start_time: '09:00',
      end_time: '18:00',
      days: 'workday',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      unit_id: hs.id,
      active: true,
      rotations: [],
      current_rotation_id: null,
    });
    shiftId = created.body.id;
    // A shift nobody takes yet: listed, nobody on duty.
    expect(await onDutyNames(hs.id)).toEqual([]);

    const hsPeople = people.filter((p) => p.unit_id === hs.id);
    const [chief, informant] = [
      hsPeople.find((p) => p.title === '处长')!,
      hsPeople.find((p) => p.title === '舆情信息员')!,
    ];
    const bad = await office.post(`/api/v1/duty/shifts/${shiftId}/rotations`, {
      person_ids: [chief.id],
      starts_on: '2025-09-29',
      period_days: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.period_days');
    const twice = await office.post(`/api/v1/duty/shifts/${shiftId}/rotations`, {
      person_ids: [chief.id, chief.id],
      starts_on: '2025-09-29',
      period_days: 1,
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0].path).toBe('body.person_ids');
    const nobody = await office.post(`/api/v1/duty/shifts/${shiftId}/rotations`, {
      person_ids: [chief.id, 'no-such-person'],
      starts_on: '2025-09-29',
      period_days: 1,
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details).toEqual([
      { path: 'body.person_ids.1', message: 'no such person' },
    ]);

    // From Monday 29 September: the chief, then the informant, a day each.
    const rotation = await office.post(`/api/v1/duty/shifts/${shiftId}/rotations`, {
      person_ids: [chief.id, informant.id],
      starts_on: '2025-09-29',
      period_days: 1,
    });
    expect(rotation.status, JSON.stringify(rotation.body)).toBe(201);
    expect(rotation.body.people.map((p: { name: string }) => p.name)).toEqual([
      chief.name,
      informant.name,
    ]);

    // Tuesday 10:00: the informant's day.
    expect(await onDutyNames(hs.id)).toEqual([`工作日值班:${informant.name}:rotation`]);
    clock = shanghai('2025-09-30', '09:00', -1);
    expect(await onDutyNames(hs.id)).toEqual([]);
    clock = shanghai('2025-09-30', '09:00');
    expect(await onDutyNames(hs.id)).toEqual([`工作日值班:${informant.name}:rotation`]);
    clock = shanghai('2025-09-30', '18:00', -1);
    const [u] = await nowIn(office, hs.id);
    expect(u!.on_duty[0]).toMatchObject({
      from: shanghai('2025-09-30', '09:00').toISOString(),
      until: shanghai('2025-09-30', '18:00').toISOString(),
    });
    clock = shanghai('2025-09-30', '18:00');
    expect(await onDutyNames(hs.id)).toEqual([]);

    // The roster lists the shift with its rotation in force.
    const roster = await viewer.get(`/api/v1/duty/roster?unitId=${hs.id}`);
    expect(roster.status).toBe(200);
    expect(roster.body.today).toBe('2025-09-30');
    expect(roster.body.shifts).toHaveLength(1);
    expect(roster.body.shifts[0].current_rotation_id).toBe(rotation.body.id);

    // The changes are audited, by the office.
    const shiftAudit = await lastAudit(shiftId);
    expect(shiftAudit.map((e) => e.action)).toEqual(['duty.rotation.set', 'duty.shift.create']);
    expect(shiftAudit[0]!.actor.name).toBe('office');
    expect(shiftAudit[0]!.after).toMatchObject({
      person_ids: [chief.id, informant.id],
      starts_on: '2025-09-29',
      period_days: 1,
    });
  });

  it('runs a shift past midnight with the date it starts', async () => {
    clock = shanghai('2025-09-30', '20:00');
    const zh = unit('GS-ZH');
    const demo = (await office.get(`/api/v1/duty/roster?unitId=${zh.id}`)).body.shifts as {
      name: string;
    }[];
    expect(demo.map((s) => s.name)).toEqual(['白班', '夜班', '休息日值班']);
    const [night] = await nowIn(office, zh.id);
    expect(night!.on_duty.map((d) => d.shift_name)).toEqual(['夜班']);
    const person = night!.on_duty[0]!.name;
    // Past midnight into the holiday: still Tuesday's night shift, until 08:30.
    clock = shanghai('2025-10-01', '03:00');
    expect(await onDutyNames(zh.id)).toEqual([`夜班:${person}:rotation`]);
    clock = shanghai('2025-10-01', '08:30', -1);
    expect(await onDutyNames(zh.id)).toEqual([`夜班:${person}:rotation`]);
    // 08:30 on 1 October: with no holiday table it is a Wednesday, so the day shift.
    clock = shanghai('2025-10-01', '08:30');
    expect((await onDutyNames(zh.id)).map((s) => s.split(':')[0])).toEqual(['白班']);
  });

  it('keeps the holiday calendar (office), and shifts follow it', async () => {
    const holidays = [
      { date: '2025-10-01', name: '国庆节', kind: 'holiday' },
      { date: '2025-10-11', name: '国庆节调休', kind: 'workday' },
    ];
    for (const h of holidays) {
      const r = await office.post('/api/v1/duty/holidays', h);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual(h);
    }
    const bad = await office.post('/api/v1/duty/holidays', {
      date: '2025-13-01',
      name: 'x',
      kind: 'holiday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.date');
    const list = await viewer.get('/api/v1/duty/holidays');
    expect(list.body.items).toEqual(holidays);

    // 1 October is now a holiday: the rest-day shift, not the day shift.
    clock = shanghai('2025-10-01', '09:00');
    expect((await onDutyNames(unit('GS-ZH').id)).map((s) => s.split(':')[0])).toEqual([
      '休息日值班',
    ]);
    expect(await onDutyNames(unit('GS-HS').id)).toEqual([]);

    // The schedule marks the days; the workday shift skips the holiday and runs on the Saturday
    // worked instead (调休).
    const s = await viewer.get(
      `/api/v1/duty/schedule?unitId=${unit('GS-HS').id}&from=2025-09-29&days=14`,
    );
    expect(s.status).toBe(200);
    const days = s.body.days as { date: string; kind: string; holiday_name: string | null }[];
    expect(days).toHaveLength(14);
    expect(days.find((d) => d.date === '2025-10-01')).toMatchObject({
      kind: 'holiday',
      holiday_name: '国庆节',
    });
    expect(days.find((d) => d.date === '2025-10-11')!.kind).toBe('workday');
    expect(days.find((d) => d.date === '2025-10-04')!.kind).toBe('rest_day');
    const occ = s.body.units[0].occurrences as { date: string; person_name: string }[];
    expect(occ.map((o) => o.date)).toEqual([
      '2025-09-29',
      '2025-09-30',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
    ]);

    // Correcting a date, and removing one: audited.
    const fixed = await office.post('/api/v1/duty/holidays', {
      date: '2025-10-01',
      name: '国庆节、中秋节',
      kind: 'holiday',
    });
    expect(fixed.status).toBe(200);
    expect((await office.request('DELETE', '/api/v1/duty/holidays/2025-10-11')).status).toBe(204);
    expect((await office.request('DELETE', '/api/v1/duty/holidays/2025-10-11')).status).toBe(404);
    const removed = await lastAudit('2025-10-11');
    expect(removed.map((e) => e.action)).toEqual(['duty.holiday.remove', 'duty.holiday.add']);
    const changed = await lastAudit('2025-10-01');
    expect(changed[0]).toMatchObject({
      action: 'duty.holiday.update',
      before: { name: '国庆节' },
      after: { name: '国庆节、中秋节' },
    });
  });

  it('lets an override replace the person of one occurrence, with a reason', async () => {
    clock = shanghai('2025-10-02', '10:00'); // Thursday (the table holds only 1 October)
    const hs = unit('GS-HS');
    const before = await onDutyNames(hs.id);
    expect(before).toHaveLength(1);
    const other = people.find((p) => p.unit_id === hs.id && !before[0]!.includes(p.name))!;
    const noReason = await office.post(`/api/v1/duty/shifts/${shiftId}/overrides`, {
      date: '2025-10-02',
      person_id: other.id,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('body.reason');
    const r = await office.post(`/api/v1/duty/shifts/${shiftId}/overrides`, {
      date: '2025-10-02',
      person_id: other.id,
      reason: '原值班人员出差',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ person_name: other.name, reason: '原值班人员出差' });
    expect(await onDutyNames(hs.id)).toEqual([`工作日值班:${other.name}:override`]);
    // The next day follows the rotation again.
    clock = shanghai('2025-10-03', '10:00');
    expect((await onDutyNames(hs.id))[0]).toMatch(/:rotation$/);
    // The reason is for those who keep the roster.
    const forViewer = await viewer.get(`/api/v1/duty/roster?unitId=${hs.id}`);
    expect(forViewer.body.shifts[0].overrides).toEqual([
      expect.objectContaining({ person_name: other.name, reason: null }),
    ]);
    const forOffice = await office.get(`/api/v1/duty/roster?unitId=${hs.id}`);
    expect(forOffice.body.shifts[0].overrides[0].reason).toBe('原值班人员出差');
    const audited = await lastAudit(shiftId);
    expect(audited[0]).toMatchObject({
      action: 'duty.override.add',
      after: { date: '2025-10-02', person_id: other.id, reason: '原值班人员出差' },
    });
  });

  it('refuses a viewer, and a city bureau outside its own unit', async () => {
    const hs = unit('GS-HS');
    const lz = unit('C620100');
    const body = {
      unit_id: hs.id,
      name: '白班',
      start_time: '09:00',
      end_time: '18:00',
      days: 'all',
    };
    const v = await viewer.post('/api/v1/duty/shifts', body);
    expect(v.status).toBe(403);
    expect(v.body.error.code).toBe('forbidden');
    expect((await viewer.patch(`/api/v1/duty/shifts/${shiftId}`, { name: 'x' })).status).toBe(403);
    expect(
      (
        await viewer.post(`/api/v1/duty/shifts/${shiftId}/overrides`, {
          date: '2025-10-03',
          person_id: people[0]!.id,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await viewer.post('/api/v1/duty/holidays', {
          date: '2025-10-02',
          name: 'x',
          kind: 'holiday',
        })
      ).status,
    ).toBe(403);

    // The city bureau's division account: its own unit only.
    const out = await cityDivision.post('/api/v1/duty/shifts', body);
    expect(out.status).toBe(403);
    expect(out.body.error.code).toBe('out_of_scope');
    const patch = await cityDivision.patch(`/api/v1/duty/shifts/${shiftId}`, { active: false });
    expect(patch.status).toBe(403);
    const rot = await cityDivision.post(`/api/v1/duty/shifts/${shiftId}/rotations`, {
      person_ids: [people.find((p) => p.unit_id === lz.id)!.id],
      starts_on: '2025-10-01',
      period_days: 7,
    });
    expect(rot.status).toBe(403);
    expect((await cityDivision.get(`/api/v1/duty/roster?unitId=${hs.id}`)).status).toBe(403);
    expect((await cityDivision.get(`/api/v1/duty/now?unitId=${hs.id}`)).status).toBe(403);
    // The holiday calendar is the province's: not for a division, scoped or not.
    for (const c of [cityDivision, division]) {
      const h = await c.post('/api/v1/duty/holidays', {
        date: '2025-10-02',
        name: '国庆节',
        kind: 'holiday',
      });
      expect(h.status).toBe(403);
    }

    // In its own unit it keeps the roster, and sees only its own unit.
    const lzPeople = people.filter((p) => p.unit_id === lz.id);
    const own = await cityDivision.post('/api/v1/duty/shifts', { ...body, unit_id: lz.id });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const set = await cityDivision.post(`/api/v1/duty/shifts/${own.body.id}/rotations`, {
      person_ids: lzPeople.map((p) => p.id),
      starts_on: '2025-10-01',
      period_days: 7,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    const mine = await nowIn(cityDivision);
    expect(mine.map((u) => u.unit_id)).toEqual([lz.id]);
    expect(mine[0]!.on_duty).toHaveLength(1);
    const roster = await cityDivision.get('/api/v1/duty/roster');
    expect(roster.body.shifts.map((s: { unit_id: string }) => s.unit_id)).toEqual([lz.id]);
    // Provincial staff see every unit keeping a roster.
    expect((await nowIn(viewer)).map((u) => u.unit_name)).toEqual([
      '综合处',
      '国民经济核算处',
      '兰州市统计局',
    ]);
  });

  it('gives machines (API tokens) who is on duty without contacts', async () => {
    const token = await admin.post('/api/v1/tokens', { name: 'duty reader', scopes: ['read'] });
    expect(token.status).toBe(201);
    const machine = new Client(server.url, token.body.token as string);
    const units = await nowIn(machine);
    const someone = units.flatMap((u) => u.on_duty);
    expect(someone.length).toBeGreaterThan(0);
    expect(someone.every((d) => d.email === null)).toBe(true);
    expect((await nowIn(office)).flatMap((u) => u.on_duty).some((d) => d.email)).toBe(true);
    const write = await machine.post('/api/v1/duty/shifts', {
      unit_id: unit('GS-HS').id,
      name: 'x',
      start_time: '09:00',
      end_time: '18:00',
      days: 'all',
    });
    expect(write.status).toBe(403);
  });

  it('retires a shift instead of deleting it', async () => {
    clock = shanghai('2025-10-03', '11:00');
    const hs = unit('GS-HS');
    expect(await onDutyNames(hs.id)).toHaveLength(1);
    const off = await office.patch(`/api/v1/duty/shifts/${shiftId}`, { active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await onDutyNames(hs.id)).toEqual([]);
    // Still listed with its rotations, for the record.
    const roster = await office.get(`/api/v1/duty/roster?unitId=${hs.id}`);
    expect(roster.body.shifts[0]).toMatchObject({ id: shiftId, active: false });
    expect(roster.body.shifts[0].rotations).toHaveLength(1);
    // A retired shift takes no new rotation or override until it is active again.
    const rot = await office.post(`/api/v1/duty/shifts/${shiftId}/overrides`, {
      date: '2025-10-03',
      person_id: people.find((p) => p.unit_id === hs.id)!.id,
      reason: '补班',
    });
    expect(rot.status).toBe(409);
    const audited = await lastAudit(shiftId);
    expect(audited[0]).toMatchObject({
      action: 'duty.shift.deactivate',
      before: { active: true },
      after: { active: false },
    });
    const on = await office.patch(`/api/v1/duty/shifts/${shiftId}`, {
      active: true,
      end_time: '17:00',
    });
    expect(on.body).toMatchObject({ active: true, end_time: '17:00' });
    expect(await onDutyNames(hs.id)).toHaveLength(1);
    expect((await lastAudit(shiftId))[0]!.action).toBe('duty.shift.update');
  });

  it('answers the alert service: who is on duty with contacts and the linked account', async () => {
    clock = shanghai('2025-10-07', '10:00'); // day 8 of the rotation: the chief's turn
    const hs = unit('GS-HS');
    const divisionMe = (await division.get('/api/v1/auth/me')).body;
    const found = await server.store.db
      .transaction()
      .execute((trx) => whoIsOnDuty(trx, hs.id, clock));
    const chief = people.find((p) => p.unit_id === hs.id && p.title === '处长')!;
    expect(found).toEqual([
      {
        personId: chief.id,
        name: chief.name,
        email: expect.stringMatching(/@example\.org$/),
        phone: null,
        userId: divisionMe.id,
        shiftId,
        shiftName: '工作日值班',
        until: shanghai('2025-10-07', '17:00').toISOString(),
      },
    ]);
    // Nobody at night; a unit without a roster: nobody.
    expect(await whoIsOnDuty(server.store.db, hs.id, shanghai('2025-10-07', '23:00'))).toEqual([]);
    expect(await whoIsOnDuty(server.store.db, unit('GS-RS').id, clock)).toEqual([]);
    // The demo office unit: someone, around the clock.
    for (const hhmm of ['00:00', '08:30', '12:00', '17:30', '23:59']) {
      const zh = await whoIsOnDuty(server.store.db, unit('GS-ZH').id, shanghai('2025-10-07', hhmm));
      expect(zh, hhmm).toHaveLength(1);
    }
  });
});
