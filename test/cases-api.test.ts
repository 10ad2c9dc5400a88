// The case library (典型案例, [P17]) through the HTTP API on a real server (SQLite, and PostgreSQL
// when DATABASE_URL is set): cases copied from approved after-action reviews (a secret incident
// only once declassified with a reason, a restricted one keeping its note), cases written by
// hand; full-text search in Chinese (a traditional query finds simplified text, a two-character
// word inside a longer word is found, the title ranks above the body, matches are marked) with
// tag, kind and grade filters and cursor paging; who may read and write; versions; withdrawal;
// attachments checked against their declared type and served as downloads.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTRICTED_NOTE } from '../src/services/case.service.ts';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Span {
  start: number;
  end: number;
}
interface ListItem {
  id: string;
  title: string;
  kind: string;
  tags: string[];
  score: number | null;
  title_marks: Span[];
  snippet: { field: string; index: number | null; text: string; marks: Span[] } | null;
  incident: { id: string; grade: string | null } | null;
}
interface ListPage {
  items: ListItem[];
  next_cursor: string | null;
  total: number | null;
}

const marked = (text: string, spans: Span[]) => spans.map((s) => text.slice(s.start, s.end));

async function docx(parts: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe.each(DIALECTS)('case library through the API on %s', { timeout: 120_000 }, (dialect) => {
  let server: TestServer;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let unitId = '';

  beforeAll(async () => {
    server = await startTestServer(dialect);
    for (const u of ['office', 'leader', 'deputy', 'viewer', 'informant', 'division']) {
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
      const me = (await as[u].get('/api/v1/auth/me')).body as { id: string; unit: { id: string } };
      ids[u] = me.id;
      if (u === 'office') unitId = me.unit.id;
    }
    // A reader in a city bureau: cases are for learning, so they see the whole library.
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const units = (await admin.get('/api/v1/units')).body.items as { id: string; kind: string }[];
    const city = units.find((u) => u.kind === 'city');
    const made = await admin.post('/api/v1/users', {
      username: 'city-reader',
      display_name: '市州统计局干部',
      password: 'city-reader-password',
      unit_id: city!.id,
      roles: ['viewer'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    as.city = await new Client(server.url).login('city-reader', 'city-reader-password');
  }, 120_000);
  afterAll(async () => server?.close());

  const c = (u: string): Client => {
    const client = as[u];
    if (!client) throw new Error(`no client ${u}`);
    return client;
  };
  const search = async (query: string, u = 'viewer'): Promise<ListPage> => {
    const r = await c(u).get(`/api/v1/cases?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as ListPage;
  };
  const create = async (body: object, status = 201) => {
    const r = await c('office').post('/api/v1/cases', body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  /** Opens an incident and takes it through a general response to an approved review. */
  async function reviewed(
    title: string,
    review: {
      title: string;
      body: string;
      successes: string[];
      problems: string[];
      improvements: string[];
    },
    confidentiality?: {
      level: 'open' | 'restricted' | 'secret';
      userIds: string[];
      roles: string[];
    },
  ): Promise<string> {
    const opened = await c('office').post('/api/v1/incidents', {
      title,
      unitId,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
      ...(confidentiality ? { confidentiality } : {}),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id: string = opened.body.incident.id;
    const act = async (action: object) => {
      const r = await c('office').post(`/api/v1/incidents/${id}/actions`, { action });
      expect(r.status, `${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as { approvals: { id: string; docType: string; status: string }[] };
    };
    const approve = async (u: string, v: Awaited<ReturnType<typeof act>>, docType: string) => {
      const a = v.approvals.find((x) => x.docType === docType && x.status === 'pending');
      const r = await c(u).post(`/api/v1/approvals/${a!.id}/decision`, {
        decision: 'approve',
        comment: '同意',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await act({ type: 'start_assessment' });
    await act({ type: 'grade', grade: 'general' });
    await act({ type: 'set_leader_in_charge', userId: ids.deputy });
    await approve(
      'deputy',
      await act({ type: 'propose_response_activation', title: '启动', body: '启动一般响应' }),
      'response_activation',
    );
    await approve(
      'deputy',
      await act({ type: 'propose_termination', title: '终止', body: '终止响应' }),
      'response_termination',
    );
    await act({ type: 'start_review' });
    await approve(
      'leader',
      await act({ type: 'submit_document', document: { docType: 'review_report', ...review } }),
      'review_report',
    );
    return id;
  }

  it('copies an approved review into a case; a restricted or secret incident needs a declassification, a restricted one keeps its note', async () => {
    const review = {
      title: '关于某县统计数据打架舆情的总结评估',
      body: '网传两份统计数据打架，办公室一小时内发布说明，舆情平息。',
      successes: ['一小时内发布权威信息', '首报按时报送'],
      problems: ['夜间值班响应偏慢'],
      improvements: ['完善夜间值班提醒'],
    };
    const incidentId = await reviewed('某县统计数据打架', review);
    const made = await create({ fromIncident: incidentId, tags: ['数据质量'], kind: 'positive' });
    expect(made).toMatchObject({
      title: review.title,
      summary: review.body,
      successes: review.successes,
      problems: review.problems,
      lessons: review.improvements,
      tags: ['数据质量'],
      kind: 'positive',
      status: 'published',
      version: 1,
      confidentiality: 'open',
      confidentiality_note: null,
      incident: { id: incidentId, title: '某县统计数据打架', grade: 'general' },
    });
    expect(made.incident.opened_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(made.incident.terminated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(made.review.approval_id).toEqual(expect.any(String));

    // One case per incident; an incident without an approved review, or none at all.
    const again = await create({ fromIncident: incidentId }, 409);
    expect(again.error.details).toEqual({ case_id: made.id });
    const fresh = await c('office').post('/api/v1/incidents', {
      title: '尚未复盘',
      unitId,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    });
    const noReview = await create({ fromIncident: fresh.body.incident.id }, 409);
    expect(noReview.error.details[0].path).toBe('body.fromIncident');
    expect((await create({ fromIncident: 'no-such-incident' }, 404)).error.code).toBe('not_found');

    // Secret: refused until the office declassifies it with a reason.
    const secretId = await reviewed(
      '涉密事件',
      { ...review, title: '涉密事件的总结评估' },
      { level: 'secret', userIds: [], roles: [] },
    );
    const refused = await create({ fromIncident: secretId }, 409);
    expect(refused.error.message).toContain('secret');
    expect(refused.error.details[0].path).toBe('body.declassification');
    const declassified = await create({
      fromIncident: secretId,
      declassification: { reason: '已公开通报，脱密后用于培训' },
    });
    expect(declassified.confidentiality).toBe('secret');
    expect(declassified.declassification).toMatchObject({
      by: { id: ids.office },
      reason: '已公开通报，脱密后用于培训',
    });
    // A restricted incident, too, becomes a case only declassified (cases are read by all
    // staff, a restricted incident by the people it names); an open one is never declassified.
    const restrictedId = await reviewed(
      '限定范围事件',
      { ...review, title: '限定范围事件的总结评估' },
      { level: 'restricted', userIds: [], roles: ['leader'] },
    );
    expect((await create({ fromIncident: restrictedId }, 409)).error.details[0].path).toBe(
      'body.declassification',
    );
    expect(
      (await create({ title: '手写案例', declassification: { reason: 'x' } }, 400)).error.details[0]
        .path,
    ).toBe('body.declassification');
    const restricted = await create({
      fromIncident: restrictedId,
      declassification: { reason: '范围内通报后用于培训' },
    });
    expect(restricted).toMatchObject({
      confidentiality: 'restricted',
      confidentiality_note: RESTRICTED_NOTE,
      declassification: { reason: '范围内通报后用于培训' },
    });

    // The grade filter knows the source incident's grade.
    const general = await search('grade=general&limit=100');
    expect(general.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([made.id, declassified.id, restricted.id]),
    );
    expect((await search('grade=major')).items).toEqual([]);

    const audit = await c('office').get(
      `/api/v1/audit?object_type=case&object_id=${declassified.id}`,
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'case.create' });
    expect(JSON.stringify(audit.body.items[0].after)).toContain('已公开通报');
  });

  it('searches in Chinese: traditional query, a word inside a longer word, title above body, marked fragments, filters and paging', async () => {
    const inTitle = await create({
      title: '统计数据打架的澄清',
      summary: '办公室核实后发布说明，媒体转载。',
      successes: ['核实快'],
      tags: ['數據質量', '  ＃Ｗｅｉｂｏ '],
      kind: 'positive',
    });
    // Tags are normalised: simplified, half-width, lower case, without a leading #.
    expect(inTitle.tags).toEqual(['数据质量', 'weibo']);
    const inBody = await create({
      title: '一次网络舆情应对的回顾',
      summary: '网传两份统计数据打架，办公室在一小时内发布说明，媒体转载。',
      problems: ['夜间响应偏慢'],
      tags: ['数据质量'],
      kind: 'negative',
    });
    const other = await create({
      title: '人口普查登记工作宣传',
      summary: '普查登记按时完成。',
      kind: 'general',
    });

    // Traditional query, simplified text; the title match first.
    const found = await search(`q=${encodeURIComponent('數據打架')}`);
    const order = found.items.map((i) => i.id);
    expect(order.indexOf(inTitle.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(inTitle.id)).toBeLessThan(order.indexOf(inBody.id));
    expect(order).not.toContain(other.id);
    expect(found.total).toBe(order.length);
    const first = found.items.find((i) => i.id === inTitle.id)!;
    expect(marked(first.title, first.title_marks)).toEqual(['数据打架']);
    const second = found.items.find((i) => i.id === inBody.id)!;
    expect(second.score!).toBeLessThan(first.score!);
    expect(second.snippet!.field).toBe('summary');
    expect(marked(second.snippet!.text, second.snippet!.marks)).toEqual(['数据打架']);

    // 数据 is inside the jieba words 统计数据 and 数据打架: found by its bigram.
    const word = await search(`q=${encodeURIComponent('数据')}&limit=100`);
    expect(word.items.map((i) => i.id)).toEqual(expect.arrayContaining([inTitle.id, inBody.id]));
    expect(word.items.map((i) => i.id)).not.toContain(other.id);
    // A one-character query, and one that finds nothing.
    expect((await search(`q=${encodeURIComponent('普')}`)).items.map((i) => i.id)).toContain(
      other.id,
    );
    expect((await search(`q=${encodeURIComponent('火星探测')}`)).items).toEqual([]);
    expect((await search(`q=${encodeURIComponent('，。')}`)).items).toEqual([]);

    // Filters: tag (normalised too), kind; with a query and without.
    const tagged = await search(`tag=${encodeURIComponent('數據質量')}&limit=100`);
    expect(tagged.items.map((i) => i.id)).toEqual(expect.arrayContaining([inTitle.id, inBody.id]));
    expect(tagged.items.map((i) => i.id)).not.toContain(other.id);
    const negative = await search(`q=${encodeURIComponent('数据打架')}&kind=negative`);
    expect(negative.items.map((i) => i.id)).toEqual([inBody.id]);
    expect((await search('tag=weibo')).items.map((i) => i.id)).toEqual([inTitle.id]);

    // Paging by cursor, with a query and without.
    const p1 = await search(`q=${encodeURIComponent('数据打架')}&limit=1`);
    expect(p1.items).toHaveLength(1);
    expect(p1.next_cursor).not.toBeNull();
    const p2 = await search(
      `q=${encodeURIComponent('数据打架')}&limit=1&cursor=${encodeURIComponent(p1.next_cursor!)}`,
    );
    expect(p2.items[0]!.id).not.toBe(p1.items[0]!.id);
    const l1 = await search('limit=2');
    const l2 = await search(`limit=2&cursor=${encodeURIComponent(l1.next_cursor!)}`);
    expect(l2.items.map((i) => i.id)).not.toContain(l1.items[0]!.id);
    const bad = await c('viewer').get('/api/v1/cases?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.cursor');

    // The drawer's marks: every field where the query matches.
    const detail = (
      await c('viewer').get(`/api/v1/cases/${inBody.id}?q=${encodeURIComponent('數據打架')}`)
    ).body;
    expect(marked(detail.summary, detail.marks.summary)).toEqual(['数据打架']);

    // Tag suggestions: most used first, by prefix.
    const tags = (await c('viewer').get('/api/v1/cases/tags')).body.items as {
      tag: string;
      count: number;
    }[];
    expect(tags[0]).toEqual({ tag: '数据质量', count: expect.any(Number) });
    expect(tags.find((t) => t.tag === 'weibo')).toEqual({ tag: 'weibo', count: 1 });
    const prefixed = (
      await c('viewer').get(`/api/v1/cases/tags?prefix=${encodeURIComponent('數')}`)
    ).body.items as { tag: string }[];
    expect(prefixed.map((t) => t.tag)).toEqual(['数据质量']);
  });

  it('lets every member of staff read (city bureaus too) but not informants; only the office writes', async () => {
    const made = await create({ title: '权限测试案例', summary: '供学习。' });
    for (const u of ['viewer', 'leader', 'division', 'city']) {
      expect((await c(u).get(`/api/v1/cases/${made.id}`)).status, u).toBe(200);
      expect(
        (await c(u).get('/api/v1/cases')).body.items.map((i: ListItem) => i.id),
        u,
      ).toContain(made.id);
    }
    expect((await c('informant').get('/api/v1/cases')).status).toBe(403);
    expect((await c('informant').get(`/api/v1/cases/${made.id}`)).status).toBe(403);
    expect((await c('informant').get('/api/v1/cases/tags')).status).toBe(403);
    expect((await new Client(server.url).get('/api/v1/cases')).status).toBe(401);
    for (const u of ['viewer', 'leader', 'division', 'city']) {
      expect((await c(u).post('/api/v1/cases', { title: 'x' })).status, u).toBe(403);
      expect(
        (await c(u).patch(`/api/v1/cases/${made.id}`, { version: 1, title: 'y' })).status,
      ).toBe(403);
      expect((await c(u).post(`/api/v1/cases/${made.id}/withdraw`, { reason: 'z' })).status).toBe(
        403,
      );
      expect(
        (
          await c(u).post(`/api/v1/cases/${made.id}/attachments`, {
            name: 'a.png',
            type: 'image/png',
            data: PNG_1x1.toString('base64'),
          })
        ).status,
      ).toBe(403);
    }
    // Bad input names its field.
    const empty = await c('office').post('/api/v1/cases', { title: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('body.title');
    const noTitle = await c('office').post('/api/v1/cases', { summary: '只有摘要' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.details[0].path).toBe('body.title');
    const video = await c('office').post('/api/v1/cases', {
      title: '视频',
      videos: [{ title: '发布会', url: 'http://video.example/1' }],
    });
    expect(video.status).toBe(400);
    expect(video.body.error.details[0].path).toBe('body.videos.0.url');
    const kind = await c('office').post('/api/v1/cases', { title: 'k', kind: 'good' });
    expect(kind.body.error.details[0].path).toBe('body.kind');
    const tag = await c('office').post('/api/v1/cases', { title: 't', tags: ['ok', ' # '] });
    expect(tag.status).toBe(400);
    expect(tag.body.error.details[0].path).toBe('body.tags.1');
  });

  it('keeps every version of the text; a stale edit is refused; withdrawing hides the case but keeps it', async () => {
    const made = await create({
      title: '旧标题：收入数据解读',
      summary: '第一版摘要。',
      successes: ['及时发布'],
      videos: [{ title: '新闻发布会实录', url: 'https://video.example/live/1' }],
      note: '初稿',
    });
    const edited = await c('office').patch(`/api/v1/cases/${made.id}`, {
      version: 1,
      title: '新标题：居民收入数据解读',
      successes: ['及时发布', '口径统一'],
      note: '补充经验',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(edited.body.versions[1].content).toMatchObject({
      title: '旧标题：收入数据解读',
      successes: ['及时发布'],
    });
    expect(edited.body.versions[0]).toMatchObject({
      note: '补充经验',
      edited_by: { id: ids.office },
    });
    expect(edited.body.videos).toEqual([
      { title: '新闻发布会实录', url: 'https://video.example/live/1' },
    ]);
    // Edited on version 1 again: someone else's edit would be lost.
    const stale = await c('office').patch(`/api/v1/cases/${made.id}`, {
      version: 1,
      title: '冲突',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].path).toBe('body.version');
    // The index follows the text: the new title's word is found.
    const hit = await search(`q=${encodeURIComponent('居民收入')}`);
    expect(hit.items.map((i) => i.id)).toContain(made.id);

    // Withdrawn: out of search and lists, a 404 for readers, kept for the office, audited.
    expect(
      (await c('viewer').post(`/api/v1/cases/${made.id}/withdraw`, { reason: 'x' })).status,
    ).toBe(403);
    const noReason = await c('office').post(`/api/v1/cases/${made.id}/withdraw`, {});
    expect(noReason.body.error.details[0].path).toBe('body.reason');
    const withdrawn = await c('office').post(`/api/v1/cases/${made.id}/withdraw`, {
      reason: '内容需要重新核实',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      withdrawal: { by: { id: ids.office }, reason: '内容需要重新核实' },
    });
    expect(
      (await search(`q=${encodeURIComponent('居民收入')}`)).items.map((i) => i.id),
    ).not.toContain(made.id);
    expect((await search('limit=100')).items.map((i) => i.id)).not.toContain(made.id);
    expect((await c('viewer').get(`/api/v1/cases/${made.id}`)).status).toBe(404);
    const kept = await c('office').get(`/api/v1/cases/${made.id}`);
    expect(kept.body.versions).toHaveLength(2);
    expect((await search('status=withdrawn', 'office')).items.map((i) => i.id)).toContain(made.id);
    expect((await c('viewer').get('/api/v1/cases?status=withdrawn')).status).toBe(403);
    expect(
      (await c('office').patch(`/api/v1/cases/${made.id}`, { version: 2, title: '再改' })).status,
    ).toBe(409);
    expect(
      (await c('office').post(`/api/v1/cases/${made.id}/withdraw`, { reason: '再次' })).status,
    ).toBe(409);

    const audit = await c('office').get(`/api/v1/audit?object_type=case&object_id=${made.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'case.withdraw',
      'case.update',
      'case.create',
    ]);
    expect(audit.body.items[1].before).toMatchObject({ version: 1, title: '旧标题：收入数据解读' });
    expect((await c('office').get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('stores attachments checked against their type and serves them as downloads', async () => {
    const made = await create({ title: '附件测试', summary: '图片与文档。' });
    const attach = (body: object) => c('office').post(`/api/v1/cases/${made.id}/attachments`, body);

    const png = await attach({
      name: '现场截图.png',
      type: 'image/png',
      data: PNG_1x1.toString('base64'),
      caption: '微博截图',
    });
    expect(png.status, JSON.stringify(png.body)).toBe(201);
    expect(png.body).toMatchObject({
      name: '现场截图.png',
      type: 'image/png',
      size: PNG_1x1.length,
    });

    const word = await docx({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': '<w:document/>',
    });
    const sheet = await docx({
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml': '<workbook/>',
    });
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(
      (await attach({ name: '通报.docx', type: DOCX, data: word.toString('base64') })).status,
    ).toBe(201);
    expect(
      (await attach({ name: '数据.xlsx', type: XLSX, data: sheet.toString('base64') })).status,
    ).toBe(201);

    // The bytes must be what the type says.
    for (const [type, data] of [
      ['application/pdf', PNG_1x1],
      ['image/png', Buffer.from('<html><script>alert(1)</script></html>')],
      [XLSX, word],
      [DOCX, sheet],
    ] as const) {
      const r = await attach({ name: 'x', type, data: data.toString('base64') });
      expect(r.status, type).toBe(400);
      expect(r.body.error.details[0]).toEqual({
        path: 'body.type',
        message: 'does not match the file content',
      });
    }
    const svg = await attach({ name: 'x.svg', type: 'image/svg+xml', data: 'PHN2Zz4=' });
    expect(svg.status).toBe(400);
    expect(svg.body.error.details[0].path).toBe('body.type');
    const big = await attach({
      name: 'big.png',
      type: 'image/png',
      data: Buffer.concat([PNG_1x1, Buffer.alloc(10 * 1024 * 1024)]).toString('base64'),
    });
    expect(big.status).toBe(400);
    expect(big.body.error.details[0]).toEqual({ path: 'body.data', message: 'larger than 10 MiB' });

    // Served with the stored type, as a download, never sniffed; readers may fetch it.
    const res = await fetch(`${server.url}/api/v1/cases/${made.id}/attachments/${png.body.id}`, {
      headers: { cookie: c('viewer').cookie ?? '' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('现场截图.png')}`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG_1x1)).toBe(true);
    expect(
      (await c('informant').get(`/api/v1/cases/${made.id}/attachments/${png.body.id}`)).status,
    ).toBe(403);
    expect((await c('viewer').get(`/api/v1/cases/${made.id}/attachments/nope`)).status).toBe(404);

    const detail = (await c('viewer').get(`/api/v1/cases/${made.id}`)).body;
    expect(detail.attachments.map((a: { name: string }) => a.name)).toEqual([
      '现场截图.png',
      '通报.docx',
      '数据.xlsx',
    ]);
    expect(detail.attachments[0]).toMatchObject({
      caption: '微博截图',
      added_by: { id: ids.office },
    });
    expect(detail.attachment_count).toBe(3);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await c('viewer').get('/api/openapi.json')).body;
    for (const p of [
      '/api/v1/cases',
      '/api/v1/cases/tags',
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/withdraw',
      '/api/v1/cases/{id}/attachments',
      '/api/v1/cases/{id}/attachments/{attId}',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/v1/cases'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/cases/{id}'].patch).toBeDefined();
  });
});
