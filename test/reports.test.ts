// Informant reports (报送) over HTTP: any member of staff reports under their own name and
// unit, with a checked file; the report joins the stream; a link the machine found first says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

// A 1x1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe.each(DIALECTS)('reports on %s', (dialect) => {
  let server: TestServer;
  let informant: Client;
  let office: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    informant = await new Client(server.url).login('informant', DEMO_PASSWORD_FOR_TESTS);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes a report with a screenshot under the reporter’s unit, and makes it a mention', async () => {
    const r = await informant.post('/api/v1/reports', {
      link: 'https://weibo.com/123/AbC?utm_source=share',
      text: '网传兰州某区统计数据有误，已截图',
      note: '评论区情绪激动',
      attachment: { name: '截图.png', type: 'image/png', data: PNG },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      unit: { name: '兰州市统计局' },
      text: '网传兰州某区统计数据有误，已截图',
      attachment: { name: '截图.png', type: 'image/png', size: 70 },
      machine_found_first: false,
    });
    const mention = await office.get(`/api/v1/mentions/${r.body.mention_id}`);
    expect(mention.body.source.name).toBe('兰州市统计局 信息员报送');
    expect(mention.body).toMatchObject({
      channel: 'informant',
      text: '网传兰州某区统计数据有误，已截图',
      author: '兰州市统计局',
    });
    const file = await fetch(`${server.url}/api/v1/reports/${r.body.id}/attachment`, {
      headers: { cookie: office.cookie ?? '' },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''%E6%88%AA%E5%9B%BE.png",
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });

  it('says when a monitored source had the link first', async () => {
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const token = (await admin.post('/api/v1/tokens', { name: 'feed', scopes: ['ingest'] })).body
      .token;
    await new Client(server.url, token).post('/api/v1/ingest', [
      { source: 'weibo', url: 'https://weibo.com/9/Xyz', text: '机器先发现的帖子' },
    ]);
    const r = await informant.post('/api/v1/reports', {
      link: 'https://weibo.com/9/Xyz#comments',
      text: '发现一条帖子',
    });
    expect(r.status).toBe(201);
    expect(r.body.machine_found_first).toBe(true);
    expect(r.body.machine_found_at).toBeTruthy();
    expect((await office.get(`/api/v1/mentions/${r.body.mention_id}`)).body.text).toBe(
      '机器先发现的帖子',
    );
  });

  it('refuses a file that is not what it claims, and other bad input, by field', async () => {
    const fake = await informant.post('/api/v1/reports', {
      text: 'x',
      attachment: {
        name: 'a.png',
        type: 'image/png',
        data: Buffer.from('<html>not a png</html>').toString('base64'),
      },
    });
    expect(fake.status).toBe(400);
    expect(fake.body.error.details).toEqual([
      { path: 'body.attachment.type', message: 'does not match the file content' },
    ]);
    const bad = await informant.post('/api/v1/reports', {
      text: '',
      link: 'ftp://x',
      attachment: { name: 'a.exe', type: 'application/x-msdownload', data: 'AAAA' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.attachment.type',
      'body.link',
      'body.text',
    ]);
  });

  it('shows people their own reports, and the office all reports of its scope', async () => {
    const viewer = await new Client(server.url).login('viewer', DEMO_PASSWORD_FOR_TESTS);
    expect((await viewer.post('/api/v1/reports', { text: '省局职工也可以报送' })).status).toBe(201);
    const mine = (await informant.get('/api/v1/reports?mine=1')).body.items;
    expect(mine.every((r: { unit: { name: string } }) => r.unit.name === '兰州市统计局')).toBe(
      true,
    );
    expect(mine).toHaveLength(2);
    const all = (await office.get('/api/v1/reports?mine=0')).body.items;
    expect(all.length).toBe(3);
    expect((await informant.get('/api/v1/reports?mine=0')).status).toBe(403);
    expect((await viewer.get('/api/v1/reports?mine=0')).status).toBe(403);
    // Someone else's file: not for a viewer.
    const withFile = all.find((r: { attachment: unknown }) => r.attachment !== null);
    expect((await viewer.get(`/api/v1/reports/${withFile.id}/attachment`)).status).toBe(403);
    // Machines do not report.
    const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    const token = (await admin.post('/api/v1/tokens', { name: 'reader', scopes: ['read'] })).body
      .token;
    expect(
      (await new Client(server.url, token).post('/api/v1/reports', { text: 'x' })).status,
    ).toBe(403);
  });
});
