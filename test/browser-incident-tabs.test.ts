// Opening an incident from what a page shows, and the incident page's records, in a real
// browser (the system's Chromium) against a real server. The office opens an incident from an
// event (转入处置 on the event page) and from an informant's report (转入处置 on 报送 › 全部报送),
// each with its source preset in the dialog, linked and named by the server. On the event's
// incident, graded general and handed to a division: the office records the receipt of its
// first report from the 上报 tab and logs a contact with the media; the division gives feedback
// on its task from the 任务 tab and records the facts it found (调查督办); the office then reads
// them all in their tabs; a viewer reads the same tabs and is offered none of those steps, and no
// 转入处置 on the event page. Sign-ins: office, division, viewer (browser), informant, leader (API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { Client, DEMO_PASSWORD_FOR_TESTS, startTestServer, type TestServer } from './helpers.ts';
import { SYSTEM } from '../src/services/context.ts';

const POLL = { timeout: 20_000 };
const POST_URL = 'https://weibo.example/tabs-1';

async function signInAt(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
  await page.waitForURL((u) => u.pathname === path);
}

interface View {
  incident: {
    id: string;
    title: string;
    revision: number;
    state: string;
    source: { kind: string; refId: string | null };
    tasks: { id: string; completedAt: string | null }[];
    reports: { id: string; receipt: { receivedBy: string } | null }[];
    contacts: { organisation: string }[];
    investigation: { kind: string; text: string }[];
  };
  links: { kind: string; targetId: string }[];
}

requireBrowserOrSkip('incident sources and tabs in a browser');

describe.skipIf(!hasBrowser)('incident sources and tabs in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  const pages: Page[] = [];
  let eventId = '';
  let eventTitle = '';
  let reportId = '';
  let informantUnit = { id: '', name: '' };
  let divisionUnit = '';
  let leader: Client;
  let incidentId = '';

  /** The office's own API calls, through its browser session (no further sign-in). */
  async function office<T>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const page = pages[0]!;
    const r =
      method === 'GET'
        ? await page.request.get(`${server.url}${path}`)
        : await page.request.post(`${server.url}${path}`, { data });
    expect(r.status(), `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
    return (await r.json()) as T;
  }

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    // A post arrives (as a collector's push would) and makes an event.
    const root = await server.store.db
      .selectFrom('units')
      .select('id')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    const summary = await server.app.services.ingest.ingest(
      SYSTEM,
      [
        {
          index: 0,
          value: {
            source: 'weibo',
            external_id: 'tabs-1',
            url: POST_URL,
            author: '网友丙',
            title: null,
            text: '网传某市统计局发布的城镇新增就业数据存在水分，引发网友质疑',
            published_at: new Date(Date.now() - 10 * 60_000).toISOString(),
          },
        },
      ],
      { channel: 'api', unitId: root.id },
    );
    expect(summary.accepted).toBe(1);
    const mention = await server.store.db
      .selectFrom('mentions')
      .select('id')
      .where('url', '=', POST_URL)
      .executeTakeFirstOrThrow();
    const me = await server.store.db
      .selectFrom('mention_events')
      .innerJoin('events', 'events.id', 'mention_events.event_id')
      .select(['events.id as id', 'events.title as title'])
      .where('mention_events.mention_id', '=', mention.id)
      .executeTakeFirstOrThrow();
    eventId = me.id;
    eventTitle = me.title;
    // An informant reports what they saw.
    const informant = await new Client(server.url).login('informant', DEMO_PASSWORD_FOR_TESTS);
    informantUnit = (
      (await informant.get('/api/v1/auth/me')).body as { unit: { id: string; name: string } }
    ).unit;
    const r = await informant.post('/api/v1/reports', {
      text: '本地论坛有帖子质疑我局发布的失业率数据\n帖子已有数百条回复',
      link: 'https://bbs.example/t/tabs',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    reportId = (r.body as { id: string }).id;
    leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    const division = await server.store.db
      .selectFrom('users')
      .select('unit_id')
      .where('username', '=', 'division')
      .executeTakeFirstOrThrow();
    divisionUnit = division.unit_id;
  }, 120_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await server?.close();
  }, 60_000);

  it('office: opens an incident from the event page (转入处置), the event preset as its source', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    const path = `/events/${encodeURIComponent(eventId)}`;
    await signInAt(page, server.url, 'office', path);
    await page.getByTestId('event-page').waitFor(POLL);
    await page.getByTestId('event-open-incident').click();
    const source = page.getByTestId('open-source');
    await source.waitFor();
    expect(await source.getAttribute('data-kind')).toBe('event');
    expect(await source.getAttribute('data-ref')).toBe(eventId);
    expect(await source.textContent()).toBe(`舆情事件：${eventTitle}`);
    // The event's title is proposed; the office may change it.
    expect(await page.getByTestId('open-title').inputValue()).toBe(
      [...eventTitle].slice(0, 200).join(''),
    );
    await page.getByTestId('open-title').fill('网传城镇新增就业数据有水分');
    await page.screenshot({ path: '/tmp/incident-open-from-event.png' });
    await page.getByTestId('open-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/incidents/'));
    await page.getByTestId('incident-page').waitFor();
    expect(await page.getByTestId('incident-title').textContent()).toBe(
      '网传城镇新增就业数据有水分',
    );
    incidentId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    // The server recorded the event as the source and linked it; its suggestion came along.
    const view = await office<View>('GET', `/api/v1/incidents/${incidentId}`);
    expect(view.incident.source).toEqual({ kind: 'event', refId: eventId });
    expect(view.links).toContainEqual(
      expect.objectContaining({ kind: 'event', targetId: eventId }),
    );
    await page.getByTestId('incident-suggested').first().waitFor();
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: opens an incident from an informant’s report in 全部报送, its unit preset', async () => {
    const page = pages[0]!;
    await page.goto(`${server.url}/reports?tab=all`);
    const item = page
      .getByTestId('reports-all')
      .locator(`[data-testid="report-item"][data-id="${reportId}"]`);
    await item.waitFor(POLL);
    await item.getByTestId('report-open-incident').click();
    const source = page.getByTestId('open-source');
    await source.waitFor();
    expect(await source.getAttribute('data-kind')).toBe('informant_report');
    expect(await source.getAttribute('data-ref')).toBe(reportId);
    expect(await source.textContent()).toContain('本地论坛有帖子质疑我局发布的失业率数据');
    // The title proposed is the report's first line; the unit is the report's.
    expect(await page.getByTestId('open-title').inputValue()).toBe(
      '本地论坛有帖子质疑我局发布的失业率数据',
    );
    await expect
      .poll(() => page.getByTestId('open-unit').textContent(), POLL)
      .toContain(informantUnit.name);
    await page.getByTestId('open-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/incidents/'));
    await page.getByTestId('incident-page').waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(id).not.toBe(incidentId);
    const view = await office<View & { incident: { unitId: string } }>(
      'GET',
      `/api/v1/incidents/${id}`,
    );
    expect(view.incident.source).toEqual({ kind: 'informant_report', refId: reportId });
    expect(view.incident.unitId).toBe(informantUnit.id);
    expect(view.links).toEqual([expect.objectContaining({ kind: 'report', targetId: reportId })]);
  }, 120_000);

  it('office: records a first report’s receipt from the 上报 tab and logs a media contact', async () => {
    const page = pages[0]!;
    // Graded general and handed to the division; a task for it and a first report (API).
    const act = async (action: object) =>
      office<View>('POST', `/api/v1/incidents/${incidentId}/actions`, action);
    await act({ type: 'start_assessment' });
    await act({ type: 'grade', grade: 'general', reason: '影响范围有限' });
    const assigned = await leader.post(`/api/v1/incidents/${incidentId}/actions`, {
      type: 'assign_handler',
      handler: { kind: 'division', unitId: divisionUnit },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    await act({
      type: 'add_task',
      unitId: divisionUnit,
      title: '核实就业数据口径',
      detail: '对照原始台账核实',
      deadline: new Date(Date.now() + 3 * 3600_000).toISOString(),
    });
    await act({
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报：网传就业数据有水分，正在核实',
    });

    await page.goto(`${server.url}/incidents/${encodeURIComponent(incidentId)}?tab=reports`);
    const report = page.locator('[data-testid="report"][data-kind="first"]');
    await report.waitFor(POLL);
    expect(await report.textContent()).toContain('国家统计局');
    await report.getByTestId('report-record-receipt').click();
    await page.locator('[data-testid="action-form"][data-action="record_receipt"]').waitFor();
    await page.getByTestId('f-receivedBy').fill('国家统计局值班室');
    await page.getByTestId('f-reference').fill('国统值〔2026〕12号');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-form').waitFor({ state: 'detached' });
    await report.getByTestId('report-receipt').waitFor(POLL);
    expect(await report.textContent()).toContain('国家统计局值班室');
    expect(await report.getByTestId('report-record-receipt').count()).toBe(0);

    // 对外联系: only the office talks to the media ([P8]).
    await page.getByTestId('incident-actions').getByTestId('action-log_contact').click();
    await page.locator('[data-testid="action-form"][data-action="log_contact"]').waitFor();
    await page.getByTestId('f-contactKind').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '新闻媒体' })
      .first()
      .click();
    await page.getByTestId('f-organisation').fill('甘肃日报');
    await page.getByTestId('f-shared').fill('通报核实进展，口径以正式发布为准');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-form').waitFor({ state: 'detached' });
    await page.getByTestId('tab-contacts').click();
    const contact = page.getByTestId('incident-contacts').getByTestId('contact');
    await contact.first().waitFor(POLL);
    expect(await contact.count()).toBe(1);
    expect(await contact.textContent()).toContain('甘肃日报');
    expect(await contact.textContent()).toContain('新闻媒体');
    expect(await contact.textContent()).toContain('通报核实进展');
    await page.screenshot({ path: '/tmp/incident-contacts.png', fullPage: true });
  }, 120_000);

  it('division: gives feedback on its task in the 任务 tab and records the facts it found', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    const path = `/incidents/${encodeURIComponent(incidentId)}`;
    await signInAt(page, server.url, 'division', path);
    await page.getByTestId('incident-page').waitFor(POLL);
    await page.getByTestId('tab-tasks').click();
    const task = page.getByTestId('incident-tasks').getByTestId('task');
    await task.waitFor(POLL);
    expect(await task.getAttribute('data-done')).toBe('false');
    expect(await task.textContent()).toContain('核实就业数据口径');
    await task.getByTestId('task-feedback').click();
    await page.locator('[data-testid="action-form"][data-action="task_feedback"]').waitFor();
    await page.getByTestId('f-note').fill('已对照台账核实，数据无误');
    await page.getByTestId('f-complete').click();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-form').waitFor({ state: 'detached' });
    await expect.poll(() => task.getAttribute('data-done'), POLL).toBe('true');
    expect(await task.getByTestId('task-feedback-list').textContent()).toContain(
      '已对照台账核实，数据无误',
    );
    expect(await task.getByTestId('task-feedback').count()).toBe(0);

    // 调查督办: the handling division records the facts.
    await page.getByTestId('incident-actions').getByTestId('action-record_facts').click();
    await page.locator('[data-testid="action-form"][data-action="record_facts"]').waitFor();
    await page.getByTestId('f-text').fill('经核实，城镇新增就业数据按规定口径统计，不存在水分');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-form').waitFor({ state: 'detached' });
    await page.getByTestId('tab-team').click();
    const handler = page.getByTestId('incident-team').getByTestId('handler');
    await handler.waitFor(POLL);
    expect(await handler.getAttribute('data-kind')).toBe('division');
    const note = page.locator('[data-testid="investigation-note"][data-kind="facts"]');
    await note.waitFor(POLL);
    expect(await note.textContent()).toContain('不存在水分');
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: reads the tasks, reports, investigation and contacts it did not write', async () => {
    const page = pages[0]!;
    await page.getByTestId('incident-reload').click();
    await page.getByTestId('tab-tasks').click();
    const task = page.getByTestId('incident-tasks').getByTestId('task');
    await expect.poll(() => task.getAttribute('data-done'), POLL).toBe('true');
    expect(await task.textContent()).toContain('已对照台账核实');
    await page.getByTestId('tab-team').click();
    await page.locator('[data-testid="investigation-note"][data-kind="facts"]').waitFor(POLL);
    const view = await office<View>('GET', `/api/v1/incidents/${incidentId}`);
    expect(view.incident.tasks[0]?.completedAt).not.toBeNull();
    expect(view.incident.reports[0]?.receipt?.receivedBy).toBe('国家统计局值班室');
    expect(view.incident.contacts.map((c) => c.organisation)).toEqual(['甘肃日报']);
    expect(view.incident.investigation.map((n) => n.kind)).toEqual(['facts']);
    // Every record passes the audit check, the links made from the event and the report too.
    const audit = await office<{ records: { problems: unknown[] } }>('GET', '/api/v1/audit/verify');
    expect(audit.records.problems).toEqual([]);
  }, 120_000);

  it('viewer: reads the tabs, is offered none of their steps, and no 转入处置', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    const path = `/incidents/${encodeURIComponent(incidentId)}`;
    await signInAt(page, server.url, 'viewer', path);
    await page.getByTestId('no-actions').waitFor(POLL);
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('incident-tasks').getByTestId('task').waitFor(POLL);
    expect(await page.getByTestId('task-feedback').count()).toBe(0);
    await page.getByTestId('tab-reports').click();
    const report = page.locator('[data-testid="report"][data-kind="first"]');
    await report.getByTestId('report-receipt').waitFor(POLL);
    expect(await page.getByTestId('report-record-receipt').count()).toBe(0);
    await page.getByTestId('tab-team').click();
    await page.locator('[data-testid="investigation-note"][data-kind="facts"]').waitFor(POLL);
    await page.getByTestId('tab-contacts').click();
    await page.getByTestId('incident-contacts').getByTestId('contact').waitFor(POLL);
    // The event page offers the viewer no 转入处置.
    await page.goto(`${server.url}/events/${encodeURIComponent(eventId)}`);
    await page.getByTestId('event-title').waitFor(POLL);
    expect(await page.getByTestId('event-open-incident').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);
});
