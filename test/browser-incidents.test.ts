// 事件处置 and 审批 in a real browser (the system's Chromium) against a real server: the office
// opens an incident on the board (登记), starts the assessment, names the deputy as leader in
// charge and grades it major; the principal leader finds it and names an investigation team;
// the office, whose page has not seen that step, is refused (409) and reads the incident again
// before its handling opinion goes in; the deputy finds the opinion in the 审批 inbox and
// approves it; the incident page shows the version approved with the comment, and the clocks
// (the first report running, the handling opinion met). A viewer reads the incident but is
// offered no step and no decision. The audit check counts the sealed records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { Client, DEMO_PASSWORD_FOR_TESTS, startTestServer, type TestServer } from './helpers.ts';

const TITLE = '网传某县统计局篡改农民收入数据（演练）';
const POLL = { timeout: 20_000 };
/** antd puts the test id on the input itself or on its wrapper, by version: either. */
const FIRST_REPORT_INPUT =
  'input[data-testid="incident-setting-firstReportMinutes"], [data-testid="incident-setting-firstReportMinutes"] input';

async function signInAt(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
  await page.waitForURL((u) => u.pathname === path);
}

/**
 * Chooses an option of an antd Select by its visible label. The people pickers offer the same
 * names, so a dropdown still fading out must be gone before the next one opens.
 */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  await expect.poll(() => open.count(), POLL).toBe(0);
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

/** Opens a step's form from the action panel. */
async function openStep(page: Page, type: string): Promise<Locator> {
  await page.getByTestId('incident-actions').getByTestId(`action-${type}`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${type}"]`);
  await form.waitFor();
  return form;
}

/** Submits the open step's form and waits for it to close. */
async function submitStep(page: Page): Promise<void> {
  await page.getByTestId('action-submit').click();
  await page.getByTestId('action-form').waitFor({ state: 'detached' });
}

const stateOf = (page: Page) =>
  page
    .getByTestId('incident-page')
    .getByTestId('incident-state')
    .first()
    .getAttribute('data-state');

requireBrowserOrSkip('incidents in a browser');

describe.skipIf(!hasBrowser)('incidents in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  const names: Record<string, string> = {};
  const pages: Page[] = [];
  let incidentPath = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    for (const user of ['deputy', 'investigator', 'division']) {
      const c = await new Client(server.url).login(user, DEMO_PASSWORD_FOR_TESTS);
      names[user] = (await c.get('/api/v1/auth/me')).body.display_name as string;
    }
  }, 120_000);

  afterAll(async () => {
    // Pages first: an open page holds its live stream, which would keep the server open.
    for (const p of pages) await p.close().catch(() => undefined);
    await server?.close();
  }, 60_000);

  it('office: opens an incident on the board, assesses it, names the leader in charge, grades it major', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'office', '/incidents');
    await page.getByTestId('incidents-page').waitFor();
    // The demo's incident in progress is on the board already.
    await page.getByTestId('incident-card').first().waitFor(POLL);
    const before = Number(await page.getByTestId('state-tab-all').getAttribute('data-count'));

    // 登记: a title; the unit is the office's own, the source is manual.
    await page.getByTestId('incident-open').click();
    await page.getByTestId('open-title').fill(TITLE);
    expect(await page.getByTestId('open-source').textContent()).toBe('人工登记');
    await page.screenshot({ path: '/tmp/incidents-open.png' });
    await page.getByTestId('open-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/incidents/'));
    incidentPath = new URL(page.url()).pathname;
    await page.getByTestId('incident-page').waitFor();
    expect(await page.getByTestId('incident-title').textContent()).toBe(TITLE);
    expect(await stateOf(page)).toBe('reported');
    expect(await page.getByTestId('incident-revision').getAttribute('data-revision')).toBe('1');
    expect(before).toBeGreaterThan(0);
    // Only the steps the server lists are offered.
    const offered = await page
      .getByTestId('incident-actions')
      .locator('button[data-testid^="action-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(offered).toContain('action-start_assessment');
    expect(offered).not.toContain('action-grade');
    expect(offered).not.toContain('action-submit_document');

    // 开始研判.
    await openStep(page, 'start_assessment');
    await page.getByTestId('f-note').fill('网上流传截图，核实中');
    await submitStep(page);
    await expect.poll(() => stateOf(page), POLL).toBe('assessing');

    // 明确分管负责同志: the deputy head.
    await openStep(page, 'set_leader_in_charge');
    await choose(page, page.getByTestId('f-userId'), names.deputy!);
    await submitStep(page);
    await expect
      .poll(() => page.getByTestId('incident-leader').textContent(), POLL)
      .toBe(names.deputy);

    // 定级: major.
    const gradeForm = await openStep(page, 'grade');
    await gradeForm.getByTestId('f-grade').getByText('重大舆情').click();
    await submitStep(page);
    await expect.poll(() => stateOf(page), POLL).toBe('graded');
    expect(await page.getByTestId('incident-grade').first().getAttribute('data-grade')).toBe(
      'major',
    );
    // A step the server refuses on its input: the problem shows at the field it names.
    await openStep(page, 'link_items');
    await page.getByTestId('action-submit').click();
    await page
      .getByTestId('action-form')
      .locator('.ant-form-item-explain-error', { hasText: 'nothing new to link' })
      .waitFor(POLL);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-form').waitFor({ state: 'detached' });
    // The timeline: every step, with its system time, in order.
    const kinds = await page
      .getByTestId('incident-timeline')
      .locator('.ant-timeline [data-testid="timeline-item"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['opened', 'start_assessment', 'set_leader_in_charge', 'grade']);
    expect(await page.getByTestId('system-time').first().textContent()).toContain('系统时间');
    // Graded major, the clocks run.
    await page.getByTestId('tab-clocks').click();
    const firstReport = page.locator('[data-testid="clock"][data-key="first_report"]');
    await firstReport.waitFor();
    expect(await firstReport.getAttribute('data-status')).toBe('running');
    expect(await firstReport.getByTestId('clock-countdown').textContent()).toMatch(/^剩余 /);
    await page.screenshot({ path: '/tmp/incident-graded.png', fullPage: true });
    // (The browser logs the refused request; nothing else went wrong.)
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
  }, 120_000);

  it('leader (head): finds it on the board and names an investigation team', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'leader', '/incidents');
    const card = page.getByTestId('incident-card').filter({ hasText: TITLE });
    await card.waitFor(POLL);
    expect(await card.getAttribute('data-state')).toBe('graded');
    expect(await card.getByTestId('incident-grade').getAttribute('data-grade')).toBe('major');
    expect(await card.getByTestId('incident-confidentiality').getAttribute('data-level')).toBe(
      'open',
    );
    expect(await card.getByTestId('card-next').textContent()).toContain('首报时限');
    expect(
      Number(await page.getByTestId('state-tab-graded').getAttribute('data-count')),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/incidents-board.png', fullPage: true });
    await card.getByTestId('incident-card-title').click();
    await page.waitForURL((u) => u.pathname === incidentPath);
    await page.getByTestId('incident-page').waitFor();

    // 明确处置单位: a major incident is handled by an investigation team ([P13]).
    const form = await openStep(page, 'assign_handler');
    expect(await form.getByTestId('f-handlerKind').locator('input[value="team"]').isChecked()).toBe(
      true,
    );
    await page.getByTestId('f-name').fill('调查督办小组');
    await choose(page, page.getByTestId('f-leaderId'), names.investigator!);
    await choose(page, page.getByTestId('f-memberIds'), names.division!);
    await page.keyboard.press('Escape');
    await submitStep(page);
    await page.getByTestId('tab-team').click();
    const handler = page.getByTestId('handler');
    await handler.waitFor(POLL);
    expect(await handler.getAttribute('data-kind')).toBe('team');
    expect(await page.getByTestId('handler-members').textContent()).toContain(names.investigator!);
    expect(await page.getByTestId('handler-members').textContent()).toContain(names.division!);
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: a step on a record it has not seen is refused; read again, the handling opinion goes in', async () => {
    const page = pages[0]!;
    // The office's page still shows the incident before the leader's step.
    const form = await openStep(page, 'submit_document');
    expect(
      await form.getByTestId('f-docType').locator('input[value="handling_opinion"]').isChecked(),
    ).toBe(true);
    await page.getByTestId('f-title').fill('关于网传篡改数据问题的处置意见');
    await page
      .getByTestId('f-body')
      .fill('一、立即核查原始数据；二、统一口径；三、按时限向上级报告。');
    await page.getByTestId('action-submit').click();
    const error = page.getByTestId('action-error');
    await error.waitFor(POLL);
    expect(await error.textContent()).toContain('此事件在你读取之后已有新的记录');
    await page.getByTestId('action-reload').click();
    await page.getByTestId('action-reread').waitFor();
    // What was typed stays; the page behind shows the team now.
    expect(await page.getByTestId('f-title').inputValue()).toBe('关于网传篡改数据问题的处置意见');
    await submitStep(page);
    await page.getByTestId('tab-approvals').click();
    const version = page.getByTestId('approval-version').first();
    await version.waitFor(POLL);
    expect(await version.getAttribute('data-status')).toBe('pending');
    expect(await version.getByTestId('approval-signer').textContent()).toContain(names.deputy!);
    // The office submitted it: it does not decide it.
    expect(await page.getByTestId('approval-decide').count()).toBe(0);
  }, 120_000);

  it('deputy: finds the opinion in the 审批 inbox and approves it', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'deputy', '/approvals');
    await page.getByTestId('approvals-page').waitFor();
    expect(await page.getByTestId('nav-approvals').textContent()).toBe('审批');
    // (The demo's talking points await the deputy too.)
    const row = page
      .getByTestId('inbox-table')
      .locator('tr[data-row-key]')
      .filter({ has: page.getByTestId('inbox-incident').getByText(TITLE, { exact: true }) });
    await row.first().waitFor(POLL);
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('inbox-incident').textContent()).toBe(TITLE);
    expect(await row.getByTestId('inbox-doc-type').textContent()).toBe('处置意见');
    expect(await row.getByTestId('inbox-version').textContent()).toBe('第 1 版');
    expect(await row.getByTestId('inbox-own').count()).toBe(1);
    await row.getByTestId('inbox-open').click();
    await page.getByTestId('decision-form').waitFor();
    expect(await page.getByTestId('decision-doc-title').textContent()).toContain(
      '关于网传篡改数据问题的处置意见',
    );
    expect(await page.getByTestId('decision-doc-body').textContent()).toContain('立即核查原始数据');
    // Returning needs a reason: refused at the field without one.
    await page.getByTestId('decision-choice').getByText('退回修改').click();
    await page.getByTestId('decision-submit').click();
    await page.getByText('退回或不同意时须写明理由').first().waitFor();
    await page.getByTestId('decision-choice').getByText('批准').click();
    await page.getByTestId('decision-comment').fill('同意，抓紧落实');
    await page.screenshot({ path: '/tmp/approvals-decide.png' });
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('decision-form').waitFor({ state: 'detached' });
    await expect.poll(() => row.count(), POLL).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: the approval shows as approved and the clocks as run', async () => {
    const page = pages[0]!;
    await page.getByTestId('incident-reload').click();
    await page.getByTestId('tab-approvals').click();
    const version = page.getByTestId('approval-version').first();
    await expect.poll(() => version.getAttribute('data-status'), POLL).toBe('approved');
    expect(await version.getByTestId('approval-decision').getAttribute('data-decision')).toBe(
      'approve',
    );
    expect(await version.getByTestId('approval-comment').textContent()).toBe('同意，抓紧落实');
    expect(await version.getByTestId('approval-hash').textContent()).toMatch(/^[0-9a-f]{16}…$/);
    await page.screenshot({ path: '/tmp/incident-approved.png', fullPage: true });

    await page.getByTestId('tab-clocks').click();
    const firstReport = page.locator('[data-testid="clock"][data-key="first_report"]');
    await firstReport.waitFor();
    expect(['running', 'met']).toContain(await firstReport.getAttribute('data-status'));
    const opinion = page.locator('[data-testid="clock"][data-key="handling_opinion"]');
    expect(await opinion.getAttribute('data-status')).toBe('met');
    expect(await opinion.getByTestId('clock-status').getAttribute('data-status')).toBe('met');
    await page.screenshot({ path: '/tmp/incident-clocks.png', fullPage: true });

    // The audit check reads the sealed records too.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-verify').click();
    const records = page.getByTestId('audit-records');
    await records.waitFor(POLL);
    expect(Number(await records.getAttribute('data-checked'))).toBeGreaterThan(0);
    expect(await records.getAttribute('data-problems')).toBe('0');
  }, 120_000);

  it('viewer: reads the incident but is offered no step', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'viewer', '/incidents');
    expect(await page.getByTestId('incident-open').count()).toBe(0);
    const card = page.getByTestId('incident-card').filter({ hasText: TITLE });
    await card.waitFor(POLL);
    await card.getByTestId('incident-card-title').click();
    await page.waitForURL((u) => u.pathname === incidentPath);
    await page.getByTestId('no-actions').waitFor();
    expect(
      await page.getByTestId('incident-actions').locator('button[data-testid^="action-"]').count(),
    ).toBe(0);
    await page.getByTestId('tab-approvals').click();
    await page.getByTestId('approval-version').first().waitFor();
    expect(await page.getByTestId('approval-decide').count()).toBe(0);
    expect(await page.getByTestId('approval-revise').count()).toBe(0);
    expect(await page.getByTestId('timeline-pin').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: changes the first-report limit in 设置; the coverage check shows the incident clocks', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'office', '/settings');
    const card = page.getByTestId('incident-settings');
    await card.waitFor(POLL);
    const first = card.locator(FIRST_REPORT_INPUT);
    await first.fill('90');
    await card.getByTestId('incident-settings-save').click();
    const admin = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    await expect
      .poll(
        async () =>
          (
            (await admin.get('/api/v1/incidents/settings')).body as {
              clocks: { firstReportMinutes: number };
            }
          ).clocks.firstReportMinutes,
        POLL,
      )
      .toBe(90);
    // The incident's first-report clock now targets 90 minutes from its grading.
    await page.goto(`${server.url}${incidentPath}`);
    await page.getByTestId('incident-page').waitFor();
    const view = (await admin.get(`/api/v1/incidents/${incidentPath.split('/').pop()}`)).body as {
      clocks: { kind: string; startAt: string; targetAt: string }[];
    };
    const clock = view.clocks.find((c) => c.kind === 'first_report')!;
    expect(Date.parse(clock.targetAt) - Date.parse(clock.startAt)).toBe(90 * 60_000);
    await page.goto(`${server.url}/alerts`);
    await page.getByRole('tab', { name: '覆盖检查' }).click();
    const clocks = page.getByTestId('coverage-incident-clocks');
    await clocks.waitFor(POLL);
    const coverage = (await admin.get('/api/v1/alerts/coverage')).body as {
      incident_clocks: { incidents: number; breached: number; unexplained: number };
    };
    expect(coverage.incident_clocks.incidents).toBeGreaterThanOrEqual(2);
    expect(Number(await clocks.getAttribute('data-breached'))).toBe(
      coverage.incident_clocks.breached,
    );
    expect(Number(await clocks.getAttribute('data-unexplained'))).toBe(
      coverage.incident_clocks.unexplained,
    );
    expect(problems).toEqual([]);
  }, 120_000);

  it('viewer: reads the incident settings, is offered no saving', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'viewer', '/settings');
    const card = page.getByTestId('incident-settings');
    await card.waitFor(POLL);
    expect(await card.getByTestId('incident-settings-save').count()).toBe(0);
    expect(await card.locator(FIRST_REPORT_INPUT).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
  }, 120_000);
});
