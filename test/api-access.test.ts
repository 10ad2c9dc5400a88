// Every role boundary, proved over HTTP against a real server: 401 without a session, 403
// without the role, 403 outside the unit scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  Client,
  DEMO_PASSWORD_FOR_TESTS,
  DIALECTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const DEMO_USERS = [
  'leader',
  'deputy',
  'office',
  'division',
  'informant',
  'investigator',
  'viewer',
] as const;
type Who = 'admin' | (typeof DEMO_USERS)[number];
const EVERYONE: Who[] = ['admin', ...DEMO_USERS];

describe.each(DIALECTS)('access control over HTTP on %s', (dialect) => {
  let server: TestServer;
  const as = {} as Record<Who, Client>;
  let units: { id: string; code: string; name: string }[] = [];
  const unitId = (code: string) => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`no unit ${code}`);
    return u.id;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    as.admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
    for (const u of DEMO_USERS)
      as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
    units = (await as.admin.get('/api/v1/units')).body.items;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 401 on every non-public route of the OpenAPI document without credentials', async () => {
    const doc = (await new Client(server.url).get('/api/openapi.json')).body;
    const anonymous = new Client(server.url);
    let checked = 0;
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue; // public
        const url = path.replace(/\{[^}]+\}/g, 'some-id');
        const r = await anonymous.request(
          method.toUpperCase(),
          url,
          method === 'get' ? undefined : {},
        );
        expect(r.status, `${method.toUpperCase()} ${path}`).toBe(401);
        expect(r.body.error.code).toBe('unauthenticated');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // A forged cookie is no session either.
    const forged = new Client(server.url);
    forged.cookie = 'yq_session=forged-value';
    expect((await forged.get('/api/v1/auth/me')).status).toBe(401);
  });

  async function expectAllowed(
    method: string,
    path: string,
    allowed: Who[],
    body?: (who: Who) => unknown,
  ) {
    for (const who of EVERYONE) {
      const r = await as[who].request(method, path, body ? body(who) : undefined);
      if (allowed.includes(who)) {
        expect([200, 201, 204], `${who} ${method} ${path}: ${JSON.stringify(r.body)}`).toContain(
          r.status,
        );
      } else {
        expect(r.status, `${who} ${method} ${path}`).toBe(403);
        expect(['forbidden', 'out_of_scope']).toContain(r.body.error.code);
      }
    }
  }

  it('lets everyone signed in read the organisation', async () => {
    await expectAllowed('GET', '/api/v1/units', EVERYONE);
    await expectAllowed('GET', '/api/v1/org/structure', EVERYONE);
    await expectAllowed('GET', '/api/v1/auth/me', EVERYONE);
  });

  it('limits the Lanzhou informant to the Lanzhou bureau', async () => {
    const lanzhou = unitId('C620100');
    const tianshui = unitId('C620500');
    const mine = (await as.informant.get('/api/v1/units')).body.items;
    expect(mine.map((u: { name: string }) => u.name)).toEqual(['兰州市统计局']);
    expect((await as.informant.get(`/api/v1/units/${lanzhou}`)).status).toBe(200);
    const other = await as.informant.get(`/api/v1/units/${tianshui}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('out_of_scope');
    expect((await as.informant.get(`/api/v1/people?unit_id=${tianshui}`)).status).toBe(403);
    const people = (await as.informant.get('/api/v1/people?limit=500')).body.items;
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p: { unit_id: string }) => p.unit_id === lanzhou)).toBe(true);
    const tianshuiPerson = (await as.admin.get(`/api/v1/people?unit_id=${tianshui}`)).body.items[0];
    expect((await as.informant.get(`/api/v1/people/${tianshuiPerson.id}`)).status).toBe(403);
    const structure = (await as.informant.get('/api/v1/org/structure')).body;
    expect(structure.informants.map((i: { unit_id: string }) => i.unit_id)).toEqual([lanzhou]);
    // Provincial staff see every unit: the bureau, 15 divisions and 14 city bureaus.
    expect((await as.viewer.get('/api/v1/units')).body.items).toHaveLength(30);
  });

  it('keeps unit changes to admins', async () => {
    let n = 0;
    await expectAllowed('POST', '/api/v1/units', ['admin'], () => ({
      code: `T${dialect}${n++}`,
      name: '测试处',
      kind: 'division',
      parent_id: unitId('GS'),
    }));
    await expectAllowed('PATCH', `/api/v1/units/${unitId('GS-RS')}`, ['admin'], () => ({
      name_en: 'Personnel',
    }));
  });

  it('keeps people changes to admins and the office', async () => {
    await expectAllowed('POST', '/api/v1/people', ['admin', 'office'], (who) => ({
      unit_id: unitId('GS-ZH'),
      name: `新人${who}`,
      title: '科员',
    }));
  });

  it('keeps contacts to those who deal with the outside', async () => {
    await expectAllowed('GET', '/api/v1/contacts', [
      'admin',
      'leader',
      'deputy',
      'office',
      'investigator',
    ]);
    await expectAllowed('POST', '/api/v1/contacts', ['admin', 'office'], () => ({
      kind: 'media',
      organisation: '某报社',
    }));
  });

  it('keeps accounts and tokens to admins', async () => {
    await expectAllowed('GET', '/api/v1/users', ['admin']);
    await expectAllowed('GET', '/api/v1/tokens', ['admin']);
    await expectAllowed('POST', '/api/v1/tokens', ['admin'], (who) => ({
      name: `t-${who}`,
      scopes: ['read'],
    }));
    let n = 0;
    await expectAllowed('POST', '/api/v1/users', ['admin'], () => ({
      username: `new${n++}`,
      display_name: 'N',
      password: 'a long password',
      unit_id: unitId('GS'),
      roles: ['viewer'],
    }));
  });

  it('keeps the audit log to admins, leaders and the office', async () => {
    await expectAllowed('GET', '/api/v1/audit', ['admin', 'leader', 'deputy', 'office']);
    await expectAllowed('GET', '/api/v1/audit/verify', ['admin', 'leader', 'deputy', 'office']);
  });

  it('lets a city office change its own people, not another city’s, nor the province’s bodies', async () => {
    const lanzhou = unitId('C620100');
    const r = await as.admin.post('/api/v1/users', {
      username: `lz-office-${dialect}`,
      display_name: '兰州办公室',
      password: 'a long password',
      unit_id: lanzhou,
      roles: ['office'],
    });
    expect(r.status).toBe(201);
    const cityOffice = await new Client(server.url).login(
      `lz-office-${dialect}`,
      'a long password',
    );
    const mine = await cityOffice.post('/api/v1/people', {
      unit_id: lanzhou,
      name: '新同事',
      title: '科员',
    });
    expect(mine.status).toBe(201);
    const theirs = await cityOffice.post('/api/v1/people', {
      unit_id: unitId('C620500'),
      name: '新同事',
      title: '科员',
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('out_of_scope');
    const moved = await cityOffice.patch(`/api/v1/people/${mine.body.id}`, {
      unit_id: unitId('C620500'),
    });
    expect(moved.status).toBe(403);
    const appoint = await cityOffice.post('/api/v1/positions', {
      person_id: mine.body.id,
      body: 'office',
      position: 'staff',
    });
    expect(appoint.status).toBe(403);
    expect((await cityOffice.get('/api/v1/contacts')).status).toBe(403);
    expect(
      (await cityOffice.put(`/api/v1/units/${lanzhou}/informant`, { person_id: mine.body.id }))
        .status,
    ).toBe(204);
  });

  it('gives an API token only its scopes', async () => {
    const created = await as.admin.post('/api/v1/tokens', {
      name: `reader-${dialect}`,
      scopes: ['read'],
    });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^yq_/);
    const machine = new Client(server.url, token);
    expect((await machine.get('/api/v1/units')).status).toBe(200);
    expect((await machine.get('/api/v1/users')).status).toBe(403);
    expect(
      (await machine.post('/api/v1/people', { unit_id: unitId('GS-ZH'), name: 'x', title: 'y' }))
        .status,
    ).toBe(403);
    // Shown once: the list never carries the value.
    const listed = (await as.admin.get('/api/v1/tokens')).body.items.find(
      (t: { id: string }) => t.id === created.body.id,
    );
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.prefix).toBe(token.slice(0, 10));
    // Revoked: the token stops working.
    expect((await as.admin.post(`/api/v1/tokens/${created.body.id}/revoke`)).status).toBe(200);
    expect((await machine.get('/api/v1/units')).status).toBe(401);
    const ingestOnly = new Client(
      server.url,
      (await as.admin.post('/api/v1/tokens', { name: 'feeder', scopes: ['ingest'] })).body.token,
    );
    expect((await ingestOnly.get('/api/v1/units')).status).toBe(403);
  });
});
