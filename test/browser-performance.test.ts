// 组织与值班 › 人员表现 in a real browser (the system's Chromium, a development build) against a real
// server: an incident driven through the API (the leader in charge named, graded major, an
// investigation team, the commander, the first report, a task done late); the office opens the
// tab, reads the investigator's roles with their times and the division head's late task in
// the person drawer, downloads the CSV, and proposes a commendation citing a fact; the head of
// the leadership group finds it in the approvals inbox (审批) and approves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { Client, DEMO_PASSWORD_FOR_TESTS, startTestServer, type TestServer } from './helpers.ts';

const POLL = { timeout: 20_000 };
const MIN = 60_000;
const TITLE = '网传统计数据造假（人员表现）';

async function signInTo(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
  await page.waitForURL((u) => u.pathname === path.split('?')[0]);
}

requireBrowserOrSkip('people’s performance in a browser');

describe.skipIf(!hasBrowser)('people’s performance in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let now = Date.now();
  const pages: Page[] = [];
  const who: Record<string, { userId: string; personId: string; name: string }> = {};

  beforeAll(async () => {
    server = await startTestServer('sqlite', { now: () => new Date(now) });
    for (const u of ['office', 'leader', 'deputy', 'investigator', 'division']) {
      const row = await server.store.db
        .selectFrom('users')
        .select(['id', 'person_id', 'display_name'])
        .where('username', '=', u)
        .executeTakeFirstOrThrow();
      who[u] = { userId: row.id, personId: row.person_id ?? row.id, name: row.display_name };
    }
    // Three sign-ins through the API, two in the browser: five for this server.
    const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    const division = await new Client(server.url).login('division', DEMO_PASSWORD_FOR_TESTS);
    const divisionUnit = (await division.get('/api/v1/auth/me')).body.unit.id as string;
    const opened = await office.post('/api/v1/incidents', {
      title: TITLE,
      unitId: (await office.get('/api/v1/auth/me')).body.unit.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.incident.id as string;
    const step = async (c: Client, action: object) => {
      const r = await c.post(`/api/v1/incidents/${id}/actions`, { action });
      expect(r.status, `${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as { incident: { tasks: { id: string }[] } };
    };
    await step(office, { type: 'start_assessment' });
    await step(office, { type: 'set_leader_in_charge', userId: who.deputy!.userId });
    await step(office, { type: 'grade', grade: 'major', reason: '涉及数据真实性' });
    now += MIN;
    await step(leader, {
      type: 'assign_handler',
      handler: {
        kind: 'team',
        name: '调查督办小组',
        leaderId: who.investigator!.userId,
        memberIds: [who.investigator!.userId],
      },
    });
    await step(leader, { type: 'record_commander', userId: who.leader!.userId });
    now += 10 * MIN;
    await step(office, {
      type: 'record_report',
      kind: 'first',
      recipient: '国家统计局',
      summary: '首报',
    });
    const withTask = await step(office, {
      type: 'add_task',
      unitId: divisionUnit,
      title: '核实数据来源',
      deadline: new Date(now + 30 * MIN).toISOString(),
    });
    now += 45 * MIN;
    await step(division, {
      type: 'task_feedback',
      taskId: withTask.incident.tasks[0]!.id,
      note: '已核实',
      complete: true,
    });
  }, 120_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await server?.close();
  }, 60_000);

  it('office: reads roles with their times and a late task, downloads the CSV, proposes a commendation', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInTo(page, server.url, 'office', '/org?tab=performance');
    await page.getByTestId('performance-tab').waitFor(POLL);
    const row = page.locator(
      `[data-testid="performance-person"][data-person-id="${who.investigator!.personId}"]`,
    );
    await row.waitFor(POLL);
    await page.screenshot({ path: '/tmp/performance-tab.png', fullPage: true });

    // The investigator: team leader since the team was named, still held.
    await row.click();
    const drawer = page.getByTestId('person-drawer');
    await drawer.getByTestId('person-performance').waitFor(POLL);
    expect(await drawer.getByTestId('person-drawer-title').textContent()).toContain(
      who.investigator!.name,
    );
    const incident = drawer.locator('[data-testid="person-incident"]', { hasText: TITLE });
    await incident.waitFor(POLL);
    const role = incident.locator('[data-testid="role-name"][data-role="team_leader"]');
    expect(await role.textContent()).toContain('调查督办小组组长（调查督办小组）');
    expect(await incident.getByTestId('person-roles').textContent()).toContain('至今');
    await page.screenshot({ path: '/tmp/performance-drawer.png', fullPage: true });
    await page
      .getByRole('button', { name: /close|关闭/i })
      .first()
      .click();
    await drawer.waitFor({ state: 'detached' });

    // The division's head: the task was done 15 minutes late.
    await page
      .locator(`[data-testid="performance-person"][data-person-id="${who.division!.personId}"]`)
      .click();
    const late = page
      .getByTestId('person-drawer')
      .locator('[data-testid="task-outcome"][data-outcome="late"]');
    await late.waitFor(POLL);
    expect(await late.textContent()).toContain('逾期办结 15 分钟');
    await page
      .getByRole('button', { name: /close|关闭/i })
      .first()
      .click();
    await page.getByTestId('person-drawer').waitFor({ state: 'detached' });

    // The export for the annual assessment.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('performance-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^performance-\d{4}\.csv$/);

    // A commendation for the investigator, citing the role.
    await row.click();
    await page.getByTestId('person-propose').click();
    const form = page.getByTestId('proposal-form');
    await form.waitFor();
    await form.getByTestId('proposal-reasons').fill('调查核实及时，事实清楚');
    const fact = form.getByTestId('proposal-facts').getByText('调查督办小组组长', { exact: false });
    await fact.first().waitFor(POLL);
    await fact.first().click();
    const [saved] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/performance/proposals') && r.request().method() === 'POST',
      ),
      page.getByTestId('proposal-submit').click(),
    ]);
    expect(saved.status(), await saved.text()).toBe(201);
    await form.waitFor({ state: 'detached' });
    const status = page
      .getByTestId('person-proposals-table')
      .locator('[data-testid="proposal-status"][data-status="pending"]');
    await status.waitFor(POLL);
    expect(
      await page.getByTestId('person-proposals-table').getByTestId('proposal-hash').textContent(),
    ).toMatch(/^[0-9a-f]{10}$/);
    expect(problems).toEqual([]);
  }, 120_000);

  it('leader (head): finds the proposal in the approvals inbox and approves it', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInTo(page, server.url, 'leader', '/approvals');
    const inbox = page.getByTestId('proposal-inbox');
    await inbox.waitFor(POLL);
    expect(await inbox.getByTestId('proposal-person-name').first().textContent()).toBe(
      who.investigator!.name,
    );
    await inbox.getByTestId('proposal-decide').first().click();
    const form = page.getByTestId('proposal-decision-form');
    await form.waitFor();
    expect(await form.getByTestId('proposal-decision-facts').textContent()).toContain(
      '调查督办小组组长',
    );
    await page.screenshot({ path: '/tmp/performance-decide.png', fullPage: true });
    const [decided] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/decision') && r.request().method() === 'POST'),
      page.getByTestId('proposal-decision-submit').click(),
    ]);
    expect(decided.status(), await decided.text()).toBe(200);
    // Nothing more awaits: the card goes away.
    await inbox.waitFor({ state: 'detached', ...POLL });

    // On the 人员表现 tab the approved commendation counts.
    await page.goto(`${server.url}/org?tab=performance`);
    const approved = page
      .getByTestId('performance-proposals')
      .locator('[data-testid="proposal-status"][data-status="approved"]');
    await approved.waitFor(POLL);
    expect(problems).toEqual([]);
  }, 120_000);
});
