// Briefings (简报) through the HTTP API on a real server (SQLite, and PostgreSQL when
// DATABASE_URL is set) with a clock the test moves: a daily briefing of known posts holds the
// right figures (checked against the store), is kept as a numbered issue (a second one of the
// same day is the next issue, the first unchanged), downloads as a DOCX (Chinese text, tables and
// an embedded chart image under word/media, opened as a zip) and as HTML under its own strict
// Content-Security-Policy; who may make and read which (office and leadership province-wide,
// a city bureau's staff their own bureau's, informants none); bad input named; 专报 of an event
// and an incident; every generation and download audited. The schedule: it fires under the
// moved clock, e-mails subscribers through an in-process SMTP server (HTML body, DOCX attached),
// makes a missed run up once and never twice, and retries a failed e-mail, then gives up and
// records it; with the e-mail channel switched off the e-mail waits and goes out once it is back
// on. A restricted incident's titles stay out of briefings (its alerts masked, its 专报 read
// only by its readers).
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUMOUR, FLOOD, POSTS } from './event-posts.ts';
import { readDocx } from './docx-reader.ts';
import {
  ADMIN_PASSWORD,
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

// 2026-11-29 09:00 in Shanghai.
const T0 = Date.parse('2026-11-29T01:00:00.000Z');
const MIN = 60_000;

interface Table {
  kind: 'table';
  caption?: string;
  columns: string[];
  rows: (string | number)[][];
}
interface Doc {
  title: string;
  subtitle: string;
  blocks: ({ kind: string } & Record<string, unknown>)[];
}
interface Briefing {
  id: string;
  kind: string;
  year: number;
  issueNo: number;
  unitId: string | null;
  periodKey: string;
  title: string;
  subtitle: string;
  summary: string;
  sha256: string;
  trigger: string;
  generatedBy: { kind: string; name: string };
  document: Doc;
  deliveries: { address: string; status: string; attempts: number; lastError: string | null }[];
}

const tableOf = (doc: Doc, caption: string) =>
  doc.blocks.find((b) => b.kind === 'table' && b.caption === caption) as Table | undefined;

/** Posts published on 2026-11-28 (Shanghai): the two stories of the events tests. */
const DAY_POSTS = POSTS.map((p, i) => ({
  ...p,
  id: `bf-${p.id}`,
  published_at: new Date(Date.parse('2026-11-28T02:00:00.000Z') + i * 30 * MIN).toISOString(),
}));
/** And two the day before, for the comparison. */
const DAY_BEFORE = [
  {
    id: 'bf-old-1',
    source: 'weibo',
    text: '敦煌莫高窟游客接待量创新高，文旅市场持续升温',
    published_at: '2026-11-27T03:00:00.000Z',
  },
  {
    id: 'bf-old-2',
    source: 'news-site',
    text: '张掖丹霞景区迎来今冬初雪，游客纷纷拍照留念',
    published_at: '2026-11-27T04:00:00.000Z',
  },
];

async function fetchRaw(c: Client, path: string) {
  const res = await fetch(c.base + path, { headers: { cookie: c.cookie ?? '' } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe.each(DIALECTS)('briefings through the API on %s', { timeout: 120_000 }, (dialect) => {
  let now = T0;
  let server: TestServer;
  const as: Record<string, Client> = {};
  let lanzhou = '';
  let tianshui = '';

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    for (const u of ['office', 'leader', 'viewer', 'informant'])
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
    as.admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const units = (await as.admin.get('/api/v1/units')).body.items as {
      id: string;
      code: string;
    }[];
    lanzhou = units.find((u) => u.code === 'C620100')!.id;
    tianshui = units.find((u) => u.code === 'C620500')!.id;
    // A city bureau's staff member (兰州市统计局).
    const made = await as.admin.post('/api/v1/users', {
      username: `lz-staff-${dialect}`,
      display_name: '兰州市局科员',
      password: 'a long password for lz',
      unit_id: lanzhou,
      roles: ['division'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    as.city = await new Client(server.url).login(`lz-staff-${dialect}`, 'a long password for lz');
    const collector = await collectorClient(server, 'briefing collector');
    const pushed = await collector.post('/api/v1/ingest', [...DAY_BEFORE, ...DAY_POSTS]);
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect(pushed.body.accepted).toBe(DAY_BEFORE.length + DAY_POSTS.length);
  });

  afterAll(async () => {
    await server?.close();
  });

  let first: Briefing;
  /** The 专报 of an (open) incident, and that incident. */
  let incidentReport = { briefingId: '', incidentId: '' };

  it('makes a daily briefing of the day with the figures the store holds', async () => {
    const r = await as.office!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-28' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    first = r.body as Briefing;
    expect(first).toMatchObject({
      kind: 'daily',
      year: 2026,
      issueNo: 1,
      unitId: null,
      periodKey: '2026-11-28',
      title: '甘肃省统计局网络舆情日报',
      subtitle: '第 1 期 · 2026年11月28日',
      trigger: 'manual',
      generatedBy: { kind: 'user' },
    });
    expect(first.summary).toContain(
      '2026年11月28日，共监测到与我局工作相关的网络舆情信息 7 条，较前一日（2 条）增加 250.0%。',
    );
    // The sentiment table says what the analysis stored for these posts.
    const rows = await server.store.db
      .selectFrom('mention_analysis as a')
      .innerJoin('mentions as m', 'm.id', 'a.mention_id')
      .select(['a.sentiment'])
      .where(
        'm.external_id',
        'in',
        DAY_POSTS.map((p) => p.id),
      )
      .execute();
    const n = (s: string) => rows.filter((x) => x.sentiment === s).length;
    expect(tableOf(first.document, '情感倾向分布')?.rows).toEqual([
      ['负面', n('negative'), expect.any(String)],
      ['中性', n('neutral'), expect.any(String)],
      ['正面', n('positive'), expect.any(String)],
      ['合计', 7, '100%'],
    ]);
    // Sources: five on weibo, two on the news site.
    expect(tableOf(first.document, '主要信息来源')?.rows.map((row) => row[2])).toEqual([5, 2]);
    // Both stories are hot events of the day, with their mentions of the day.
    const events = tableOf(first.document, '热点事件（按热度）')!.rows;
    expect(events.map((e) => e[3]).sort()).toEqual([3, 4]);
    const text = JSON.stringify(first.document);
    expect(text).toContain(RUMOUR.slice(0, 12));
    // The flood in Lanzhou's 七里河区 puts Lanzhou on the map.
    const lz = tableOf(first.document, '各市州信息量')!.rows.find((row) => row[0] === '兰州市');
    expect(Number(lz?.[1])).toBeGreaterThan(0);
    expect(text).toContain('九、监测覆盖检查');
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(FLOOD.length).toBeGreaterThan(0);
  });

  it('a second briefing of the same day is the next issue; the first stays as it was', async () => {
    now += 5 * MIN;
    const r = await as.leader!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-28' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.issueNo).toBe(2);
    expect(r.body.id).not.toBe(first.id);
    const again = await as.office!.get(`/api/v1/briefings/${first.id}`);
    expect(again.status).toBe(200);
    expect(again.body.issueNo).toBe(1);
    expect(again.body.sha256).toBe(first.sha256);
    expect(again.body.document).toEqual(first.document);
    const list = await as.office!.get('/api/v1/briefings?kind=daily');
    expect(list.body.items.map((b: Briefing) => b.issueNo)).toEqual([2, 1]);
    // Stored with the SHA-256 of the document as stored.
    const row = await server.store.db
      .selectFrom('briefings')
      .select(['document', 'sha256'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(row.document).digest('hex')).toBe(row.sha256);
  });

  it('downloads as a DOCX: Chinese text, tables and an embedded chart image', async () => {
    const r = await fetchRaw(as.office!, `/api/v1/briefings/${first.id}/docx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml.document');
    expect(r.headers.get('content-disposition')).toContain(
      encodeURIComponent('甘肃省统计局网络舆情日报-2026年第1期.docx'),
    );
    const docx = await readDocx(r.bytes);
    expect(docx.text).toContain('甘肃省统计局网络舆情日报');
    expect(docx.text).toContain('共监测到与我局工作相关的网络舆情信息 7 条');
    expect(docx.text).toContain('情感倾向分布');
    expect(docx.tables).toBeGreaterThanOrEqual(5);
    expect(docx.media.some((m) => /^word\/media\/.+\.png$/.test(m))).toBe(true);
    const png = await docx.bytes(docx.media[0]!);
    expect(png?.subarray(1, 4).toString()).toBe('PNG');
  });

  it('downloads as one HTML page under a strict policy of its own', async () => {
    const r = await fetchRaw(as.office!, `/api/v1/briefings/${first.id}/html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = r.bytes.toString('utf8');
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain('甘肃省统计局网络舆情日报');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [object, string][] = [
      [{ kind: 'daily', date: '2026-02-30' }, 'body.date'],
      [{ kind: 'daily', date: '28/11/2026' }, 'body.date'],
      [{ kind: 'daily' }, 'body.date'],
      [{ kind: 'weekly', date: '2027-01-05' }, 'body.date'],
      [{ kind: 'yearly', date: '2026-11-28' }, 'body.kind'],
      [{ kind: 'special' }, 'body.incidentId'],
      [{ kind: 'special', eventId: 'x', incidentId: 'y' }, 'body.eventId'],
      [{ kind: 'daily', date: '2026-11-28', eventId: 'x' }, 'body.eventId'],
      [{ kind: 'daily', date: '2026-11-28', unitId: 'no-such-unit' }, 'body.unitId'],
      [{ kind: 'daily', date: '2026-11-28', extra: 1 }, 'body'],
    ];
    for (const [body, path] of cases) {
      const r = await as.office!.post('/api/v1/briefings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details[0].path, JSON.stringify(r.body)).toBe(path);
    }
    // A division is not a city bureau.
    const units = (await as.admin!.get('/api/v1/units')).body.items as {
      id: string;
      kind: string;
    }[];
    const division = units.find((u) => u.kind === 'division')!.id;
    const d = await as.office!.post('/api/v1/briefings', {
      kind: 'daily',
      date: '2026-11-28',
      unitId: division,
    });
    expect(d.status).toBe(400);
    expect(d.body.error.details[0].message).toContain('city bureau');
    expect((await as.office!.get('/api/v1/briefings/no-such')).status).toBe(404);
  });

  it('a city bureau makes and reads its own briefings only; informants none', async () => {
    const own = await as.city!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-28' });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body).toMatchObject({
      unitId: lanzhou,
      issueNo: 1,
      title: '兰州市统计局网络舆情日报',
    });
    // None of the posts came through Lanzhou's own sources.
    expect(own.body.summary).toContain('共监测到兰州市统计局监测范围内的网络舆情信息 0 条');
    const other = await as.city!.post('/api/v1/briefings', {
      kind: 'daily',
      date: '2026-11-28',
      unitId: tianshui,
    });
    expect(other.status).toBe(403);
    expect((await as.city!.get(`/api/v1/briefings/${first.id}`)).status).toBe(403);
    expect((await as.city!.get(`/api/v1/briefings/${first.id}/docx`)).status).toBe(403);
    const mine = await as.city!.get('/api/v1/briefings');
    expect(mine.body.items.map((b: Briefing) => b.id)).toEqual([own.body.id]);
    // The office reads the bureau's too, and may make one for it.
    expect((await as.office!.get(`/api/v1/briefings/${own.body.id}`)).status).toBe(200);
    const forCity = await as.office!.post('/api/v1/briefings', {
      kind: 'monthly',
      date: '2026-11-28',
      unitId: tianshui,
    });
    expect(forCity.status).toBe(201);
    expect(forCity.body.title).toBe('天水市统计局网络舆情月报');
    // Informants: nothing. Provincial staff without the province's briefings: not those.
    expect((await as.informant!.get('/api/v1/briefings')).status).toBe(403);
    expect(
      (await as.informant!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-28' })).status,
    ).toBe(403);
    expect((await as.viewer!.get(`/api/v1/briefings/${first.id}`)).status).toBe(403);
    expect(
      (await as.viewer!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-28' })).status,
    ).toBe(403);
    expect((await as.viewer!.get('/api/v1/briefings')).body.items).toEqual([]);
    // Settings are the office's and admins'.
    expect((await as.leader!.get('/api/v1/briefings/settings')).status).toBe(403);
    expect((await as.city!.get('/api/v1/briefings/settings')).status).toBe(403);
  });

  it('makes a 专报 of an event and of an incident', async () => {
    const events = (await as.office!.get('/api/v1/events?status=all')).body.items as {
      id: string;
      title: string;
    }[];
    const rumour = events.find((e) => e.title.includes('青石县'))!;
    expect(rumour).toBeDefined();
    const ev = await as.office!.post('/api/v1/briefings', { kind: 'special', eventId: rumour.id });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(ev.body.title).toBe(`网络舆情专报：${rumour.title}`);
    expect(ev.body.subtitle).toMatch(/^2026年第 1 期 · 2026年11月29日$/);
    expect(tableOf(ev.body.document, '情感倾向分布')?.rows.at(-1)).toEqual(['合计', 4, '100%']);
    const units = (await as.admin!.get('/api/v1/units')).body.items as {
      id: string;
      code: string;
    }[];
    const opened = await as.office!.post('/api/v1/incidents', {
      title: '青石县数据造假传言处置',
      unitId: units.find((u) => u.code === 'GS')!.id,
      source: { kind: 'event', refId: rumour.id },
      mentionIds: [],
      eventIds: [rumour.id],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const incidentId = opened.body.incident.id as string;
    const inc = await as.office!.post('/api/v1/briefings', { kind: 'special', incidentId });
    expect(inc.status, JSON.stringify(inc.body)).toBe(201);
    expect(inc.body.issueNo).toBe(2);
    const text = JSON.stringify(inc.body.document);
    expect(text).toContain('一、基本情况');
    expect(text).toContain('关联舆情事件');
    expect(text).toContain('八、处置时限');
    const docx = await readDocx(
      (await fetchRaw(as.office!, `/api/v1/briefings/${inc.body.id}/docx`)).bytes,
    );
    expect(docx.text).toContain('网络舆情专报：青石县数据造假传言处置');
    expect(docx.media.length).toBeGreaterThan(0);
    incidentReport = { briefingId: inc.body.id as string, incidentId };
    // Not a restricted one: its readers are limited, a stored briefing is not.
    const secret = await as.office!.post('/api/v1/incidents', {
      title: '内部事项',
      unitId: units.find((u) => u.code === 'GS')!.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      confidentiality: { level: 'restricted', userIds: [], roles: ['office'] },
    });
    expect(secret.status, JSON.stringify(secret.body)).toBe(201);
    const refused = await as.office!.post('/api/v1/briefings', {
      kind: 'special',
      incidentId: secret.body.incident.id,
    });
    expect(refused.status).toBe(409);
    expect(
      (await as.office!.post('/api/v1/briefings', { kind: 'special', eventId: 'nope' })).status,
    ).toBe(404);
  });

  it('a restricted incident’s urgent and overdue-task alerts do not put its titles in a briefing', async () => {
    const units = (await as.admin!.get('/api/v1/units')).body.items as {
      id: string;
      code: string;
    }[];
    const deputy = await server.store.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'deputy')
      .executeTakeFirstOrThrow();
    const opened = await as.office!.post('/api/v1/incidents', {
      title: '机密核查事项甲',
      unitId: units.find((u) => u.code === 'GS')!.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      confidentiality: { level: 'restricted', userIds: [], roles: ['office'] },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const iid = opened.body.incident.id as string;
    const step = async (action: object) => {
      const r = await as.office!.post(`/api/v1/incidents/${iid}/actions`, { action });
      expect(r.status, `${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    await step({ type: 'start_assessment' });
    await step({ type: 'set_leader_in_charge', userId: deputy.id });
    // Major: an urgent notice to the leadership group, as an alert titled with the incident's title.
    await step({ type: 'grade', grade: 'major', reason: '涉及数据真实性' });
    await step({
      type: 'add_task',
      unitId: lanzhou,
      title: '核对乙县原始台账',
      deadline: new Date(now + 30 * MIN).toISOString(),
    });
    now += 31 * MIN;
    expect(await server.app.services.incidents.alertOverdueTasks()).toBe(1);
    const raised = await server.store.db
      .selectFrom('alerts')
      .select(['key', 'title', 'incident_id'])
      .where('key', '=', `incident:${iid}`)
      .execute();
    expect(raised).toHaveLength(1);
    expect(raised[0]!.title).toContain('机密核查事项甲');
    expect(raised[0]!.incident_id).toBeNull();
    const overdue = await server.store.db
      .selectFrom('alerts')
      .select(['title'])
      .where('key', 'like', 'task:%')
      .execute();
    expect(overdue.map((a) => a.title)).toEqual(['处置任务逾期：核对乙县原始台账']);

    const r = await as.office!.post('/api/v1/briefings', { kind: 'daily', date: '2026-11-29' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const text = JSON.stringify(r.body.document);
    expect(text).not.toContain('机密核查事项甲');
    expect(text).not.toContain('核对乙县原始台账');
    expect(text).toContain('处置任务逾期：（知悉范围受限的舆情处置）');
    expect(text).toContain(`${raised[0]!.title.split('：')[0]}：（知悉范围受限的舆情处置）`);
  });

  it('a 专报 of an incident made restricted later is read only by the incident’s readers', async () => {
    const { briefingId, incidentId } = incidentReport;
    expect(briefingId).not.toBe('');
    // Open: the leadership reads it like any province briefing.
    expect((await as.leader!.get(`/api/v1/briefings/${briefingId}`)).status).toBe(200);
    const made = await as.office!.post(`/api/v1/incidents/${incidentId}/actions`, {
      action: {
        type: 'set_confidentiality',
        level: 'restricted',
        userIds: [],
        roles: [],
        reason: '涉及个人信息',
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    // The leader may not read the incident now, nor its 专报 in any form.
    expect((await as.leader!.get(`/api/v1/incidents/${incidentId}`)).status).toBe(403);
    const read = await as.leader!.get(`/api/v1/briefings/${briefingId}`);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('青石县数据造假传言处置');
    expect((await as.leader!.get(`/api/v1/briefings/${briefingId}/docx`)).status).toBe(403);
    expect((await as.leader!.get(`/api/v1/briefings/${briefingId}/html`)).status).toBe(403);
    const listed = (await as.leader!.get('/api/v1/briefings?kind=special')).body
      .items as Briefing[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((b) => b.id)).not.toContain(briefingId);
    // The office opened it (a participant): it still reads the 专报, audited as an incident read.
    expect((await as.office!.get(`/api/v1/briefings/${briefingId}`)).status).toBe(200);
    expect((await fetchRaw(as.office!, `/api/v1/briefings/${briefingId}/html`)).status).toBe(200);
    const log = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'after'])
      .where('object_type', '=', 'incident_read')
      .where('object_id', '=', incidentId)
      .execute();
    expect(
      log.some((e) => e.action === 'incident.read_refused' && e.after!.includes(briefingId)),
    ).toBe(true);
    expect(
      log.some(
        (e) =>
          e.action === 'incident.read' &&
          e.actor_name === 'office' &&
          e.after!.includes(briefingId),
      ),
    ).toBe(true);
  });

  it('a 专报 whose curve would pass 90 days says where it stops and how many come later', async () => {
    const events = (await as.office!.get('/api/v1/events?status=all')).body.items as {
      id: string;
      title: string;
    }[];
    const rumour = events.find((e) => e.title.includes('青石县'))!;
    const units = (await as.admin!.get('/api/v1/units')).body.items as {
      id: string;
      code: string;
    }[];
    // Found on 1 August: its event's four posts (28 November) come after 90 days of curve.
    const opened = await as.office!.post('/api/v1/incidents', {
      title: '青石县传言复燃处置',
      unitId: units.find((u) => u.code === 'GS')!.id,
      source: { kind: 'event', refId: rumour.id },
      mentionIds: [],
      eventIds: [rumour.id],
      declaredAt: '2026-08-01T00:00:00.000Z',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const r = await as.office!.post('/api/v1/briefings', {
      kind: 'special',
      incidentId: opened.body.incident.id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const doc = r.body.document as Doc;
    const chart = doc.blocks.find((b) => b.kind === 'chart') as
      { chart: { alt: string } } | undefined;
    // Not piled into the last day of the curve: off it, and said so.
    expect(chart?.chart.alt).toContain('相关信息量走势：共 0 条，按日统计');
    expect(JSON.stringify(doc)).toContain(
      '走势图只显示至2026年10月29日（共 90 天）；此后的 4 条相关信息未计入走势图',
    );
    expect(tableOf(doc, '情感倾向分布')?.rows.at(-1)).toEqual(['合计', 4, '100%']);
  });

  it('audits every generation and download', async () => {
    const rows = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'object_id', 'after'])
      .where('object_type', '=', 'briefing')
      .orderBy('seq')
      .execute();
    const gen = rows.filter((r) => r.action === 'briefing.generate');
    expect(gen[0]).toMatchObject({ actor_name: 'office', object_id: first.id });
    expect(JSON.parse(gen[0]!.after!)).toMatchObject({
      kind: 'daily',
      issue: '2026-1',
      period: '2026-11-28',
      sha256: first.sha256,
      trigger: 'manual',
    });
    const downloads = rows.filter((r) => r.action === 'briefing.download');
    expect(downloads.map((r) => JSON.parse(r.after!).format)).toEqual(
      expect.arrayContaining(['docx', 'html']),
    );
    const verify = await as.office!.get('/api/v1/audit/verify');
    expect(verify.body.ok).toBe(true);
  });
});

// ---- the schedule and e-mail ---------------------------------------------------------------

interface Mail {
  to: string[];
  mail: ParsedMail;
}

async function startSmtp(refuse: (address: string) => number | null) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const code = refuse(address.address);
      if (!code) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('the briefing schedule on %s', { timeout: 120_000 }, (dialect) => {
  // 2026-11-29 07:59 in Shanghai: a minute before the daily run.
  let now = Date.parse('2026-11-28T23:59:00.000Z');
  let server: TestServer;
  let office: Client;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** What the SMTP server answers to each address: null accepts. */
  const answers = new Map<string, number>();
  let personEmail = '';

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(now) });
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    smtp = await startSmtp((a) => answers.get(a) ?? null);
    const channel = await office.post('/api/v1/alert-channels', {
      name: '简报邮箱',
      enabled: true,
      config: {
        kind: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        from: '甘肃省统计局舆情办 <yuqing@example.org>',
      },
    });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    const collector = await collectorClient(server, 'schedule collector');
    expect((await collector.post('/api/v1/ingest', DAY_POSTS)).body.accepted).toBe(
      DAY_POSTS.length,
    );
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const tick = () => server.app.services.briefingScheduler.tick();
  /** Sessions last 12 hours of the moved clock: sign in again after a jump. */
  const signIn = async () => {
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
  };

  it('validates the settings, naming the field', async () => {
    const view = await office.get('/api/v1/briefings/settings');
    expect(view.status).toBe(200);
    expect(view.body.settings.schedule).toEqual({
      daily: { enabled: true, time: '08:00' },
      weekly: { enabled: true, time: '08:30', weekday: 1 },
      monthly: { enabled: true, time: '09:00', day: 1 },
    });
    expect(view.body.channels.map((c: { name: string }) => c.name)).toEqual(['简报邮箱']);
    const person = view.body.people[0] as { id: string; email: string };
    personEmail = person.email;
    const base = view.body.settings;
    const bad: [object, string][] = [
      [
        { ...base, schedule: { ...base.schedule, daily: { enabled: true, time: '8:00' } } },
        'body.schedule.daily.time',
      ],
      [
        { ...base, subscribers: { ...base.subscribers, daily: [{ email: 'not an address' }] } },
        'body.subscribers.daily.0.email',
      ],
      [
        { ...base, subscribers: { ...base.subscribers, weekly: [{ personId: 'nobody' }] } },
        'body.subscribers.weekly.0.personId',
      ],
      [{ ...base, channelId: 'no-such-channel' }, 'body.channelId'],
    ];
    for (const [body, path] of bad) {
      const r = await office.put('/api/v1/briefings/settings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
    const ok = await office.put('/api/v1/briefings/settings', {
      ...base,
      subscribers: {
        daily: [{ personId: person.id }, { email: 'leader.office@example.org', name: '张主任' }],
        weekly: [{ email: 'leader.office@example.org' }],
        monthly: [],
      },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.settings.subscribers.daily).toHaveLength(2);
  });

  it('fires at 08:00 for the day before and e-mails the HTML with the DOCX attached', async () => {
    // 07:59: the first tick notes when the schedule began; yesterday's slot is before it.
    expect((await tick()).generated).toEqual([]);
    now = Date.parse('2026-11-29T00:00:30.000Z');
    const out = await tick();
    expect(out.generated).toHaveLength(1);
    expect(out.sent).toBe(2);
    const b = (await office.get(`/api/v1/briefings/${out.generated[0]}`)).body as Briefing;
    expect(b).toMatchObject({
      kind: 'daily',
      periodKey: '2026-11-28',
      trigger: 'schedule',
      generatedBy: { kind: 'system', name: 'system' },
    });
    expect(b.summary).toContain('网络舆情信息 7 条');
    expect(b.deliveries.map((d) => [d.address, d.status])).toEqual([
      [personEmail, 'sent'],
      ['leader.office@example.org', 'sent'],
    ]);
    expect(smtp.mails.map((m) => m.to)).toEqual([[personEmail], ['leader.office@example.org']]);
    const mail = smtp.mails[1]!.mail;
    expect(mail.subject).toBe('甘肃省统计局网络舆情日报（第 1 期 · 2026年11月28日）');
    expect(mail.html).toContain('甘肃省统计局网络舆情日报');
    expect(mail.text).toContain('共监测到与我局工作相关的网络舆情信息 7 条');
    expect(mail.attachments).toHaveLength(1);
    const att = mail.attachments[0]!;
    expect(att.filename).toBe('甘肃省统计局网络舆情日报-2026年第1期.docx');
    const docx = await readDocx(att.content);
    expect(docx.text).toContain('网络舆情信息 7 条');
    expect(docx.media.length).toBeGreaterThan(0);
    // Later ticks the same day make nothing more.
    now += 10 * MIN;
    expect(await tick()).toEqual({ generated: [], sent: 0, retried: 0, failed: 0 });
  });

  it('makes a run missed while down up once (only the latest), and never twice', async () => {
    // Down from Sunday 08:10 until Monday 11:00 (Shanghai): the daily run of Monday 08:00 and
    // the weekly of 08:30 were missed.
    now = Date.parse('2026-11-30T03:00:00.000Z');
    await signIn();
    const out = await tick();
    const made = await Promise.all(
      out.generated.map(
        async (id) => (await office.get(`/api/v1/briefings/${id}`)).body as Briefing,
      ),
    );
    expect(made.map((b) => [b.kind, b.periodKey]).sort()).toEqual([
      ['daily', '2026-11-29'],
      ['weekly', '2026-W48'],
    ]);
    expect(out.sent).toBe(3);
    expect((await tick()).generated).toEqual([]);
    const runs = (await office.get('/api/v1/briefings/settings')).body.runs as {
      kind: string;
      periodKey: string;
      status: string;
    }[];
    expect(
      runs
        .filter((r) => r.status === 'done')
        .map((r) => `${r.kind}:${r.periodKey}`)
        .sort(),
    ).toEqual(['daily:2026-11-28', 'daily:2026-11-29', 'weekly:2026-W48']);
  });

  it('tries a refused e-mail again with back-off, then gives up and records it', async () => {
    answers.set('leader.office@example.org', 450);
    now = Date.parse('2026-12-01T00:00:10.000Z'); // Tuesday 08:00:10
    await signIn();
    const out = await tick();
    expect(out.generated).toHaveLength(1);
    expect(out).toMatchObject({ sent: 1, retried: 1, failed: 0 });
    let b = (await office.get(`/api/v1/briefings/${out.generated[0]}`)).body as Briefing;
    const retrying = b.deliveries.find((d) => d.address === 'leader.office@example.org')!;
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1 });
    expect(retrying.lastError).toMatch(/^SMTP 450 from 127\.0\.0\.1:\d+/);
    // Not before its time; after a minute it goes out once the server takes it.
    now += 30_000;
    expect((await tick()).retried).toBe(0);
    answers.delete('leader.office@example.org');
    now += 31_000;
    expect(await tick()).toMatchObject({ sent: 1, retried: 0 });
    b = (await office.get(`/api/v1/briefings/${out.generated[0]}`)).body as Briefing;
    expect(b.deliveries.every((d) => d.status === 'sent')).toBe(true);

    // A permanent refusal fails at once, with its reason, audited.
    answers.set(personEmail, 550);
    now = Date.parse('2026-12-02T00:00:10.000Z');
    await signIn();
    const next = await tick();
    expect(next).toMatchObject({ sent: 1, failed: 1 });
    b = (await office.get(`/api/v1/briefings/${next.generated[0]}`)).body as Briefing;
    const failed = b.deliveries.find((d) => d.address === personEmail)!;
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/^SMTP 550/);
    const audited = await server.store.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'briefing.delivery_failed')
      .where('object_id', '=', next.generated[0]!)
      .execute();
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain(personEmail);
  });

  it('switched off, a kind is not made', async () => {
    now = Date.parse('2026-12-02T22:00:00.000Z');
    await signIn();
    const view = (await office.get('/api/v1/briefings/settings')).body;
    const r = await office.put('/api/v1/briefings/settings', {
      ...view.settings,
      schedule: { ...view.settings.schedule, daily: { enabled: false, time: '08:00' } },
    });
    expect(r.status).toBe(200);
    now = Date.parse('2026-12-03T00:00:10.000Z');
    expect((await tick()).generated).toEqual([]);
  });

  it('with the e-mail channel switched off, the briefing is made and its e-mail waits, saying why; switched back on, it goes out', async () => {
    const channels = (await office.get('/api/v1/alert-channels')).body.items as { id: string }[];
    expect(
      (await office.patch(`/api/v1/alert-channels/${channels[0]!.id}`, { enabled: false })).status,
    ).toBe(200);
    const view = (await office.get('/api/v1/briefings/settings')).body;
    expect(
      (
        await office.put('/api/v1/briefings/settings', {
          ...view.settings,
          schedule: { ...view.settings.schedule, daily: { enabled: true, time: '08:00' } },
        })
      ).status,
    ).toBe(200);
    now = Date.parse('2026-12-04T00:00:10.000Z');
    await signIn();
    const out = await tick();
    expect(out).toMatchObject({ sent: 0, retried: 2, failed: 0 });
    let b = (await office.get(`/api/v1/briefings/${out.generated[0]}`)).body as Briefing;
    expect(b.periodKey).toBe('2026-12-03');
    // Not failed for good: pending, with the reason, for the next attempt.
    expect(b.deliveries.map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['pending', 1, 'the email channel 简报邮箱 is switched off'],
      ['pending', 1, 'the email channel 简报邮箱 is switched off'],
    ]);
    // Switched back on (and the earlier permanent refusal lifted), the next attempt delivers.
    answers.delete(personEmail);
    expect(
      (await office.patch(`/api/v1/alert-channels/${channels[0]!.id}`, { enabled: true })).status,
    ).toBe(200);
    const before = smtp.mails.length;
    now += 61_000;
    expect(await tick()).toEqual({ generated: [], sent: 2, retried: 0, failed: 0 });
    b = (await office.get(`/api/v1/briefings/${out.generated[0]}`)).body as Briefing;
    expect(b.deliveries.map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['sent', 2, null],
      ['sent', 2, null],
    ]);
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([
      [personEmail],
      ['leader.office@example.org'],
    ]);
    expect(smtp.mails.at(-1)!.mail.subject).toContain('2026年12月3日');
    const failed = await server.store.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'briefing.delivery_failed')
      .where('object_id', '=', out.generated[0]!)
      .execute();
    expect(failed).toEqual([]);
  });
});
