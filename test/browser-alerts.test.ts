// 预警 in a real browser (the system's Chromium) against a real server whose alert dispatcher
// runs: the office shortens the high-severity deadline to a minute (时限与升级), adds a signed
// webhook channel pointing at a receiver on loopback and sends it a test (发送测试), and writes
// a rule in the editor (risk category 数据造假, at least 2 mentions, 重要). Posts arrive through
// the push API; the alert appears in the open list without a reload (live stream), with its
// countdown; its drawer shows the evidence, the chain, the deliveries. Escalated by hand, the
// office (the office head) is told inside the page; past its deadline the coverage check and the
// dashboard count it as overdue. Acknowledged; a dismissal without a reason is refused at the
// field, with one it goes through. A viewer sees the list and the alert but no action. A division
// head may not dismiss a major alert: the server's refusal is shown as such; it links it instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../src/notify/test-fixtures.ts';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';
const POLL = { timeout: 20_000 };
const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

const post = (id: string, text: string, author: string) => ({
  id,
  source: 'weibo',
  author,
  text,
  url: `https://weibo.example/${id}`,
});

async function signInAt(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
  await page.waitForURL((u) => u.pathname === path);
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** The status an alert drawer shows. */
function statusOf(drawer: Locator): Promise<string | null> {
  return drawer.getByTestId('alert-status').first().getAttribute('data-status');
}

/** Chooses an option of an antd Select by its visible label. */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

requireBrowserOrSkip('alerts in a browser');

describe.skipIf(!hasBrowser)('alerts in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let collector: Client;
  let hook: Receiver;
  let alertId = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    collector = await collectorClient(server, 'browser-alerts collector');
    hook = await startReceiver(() => ({ json: { ok: true } }));
    // As `yuqing serve` runs it: woken by every ingest commit, and a timer for deadlines.
    server.app.services.alertDispatcher.start(SILENT);
  }, 120_000);

  afterAll(async () => {
    // Pages first: an open page holds its live stream, which would keep the server open.
    for (const p of pages) await p.close().catch(() => undefined);
    const dispatcher = server?.app.services.alertDispatcher;
    dispatcher?.stop();
    await dispatcher?.idle();
    await server?.close();
  }, 60_000);

  it('office: deadlines, a webhook channel with a test, a rule; a live alert handled end to end', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'office', '/alerts');
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('alert-table').waitFor();
    expect(await page.getByTestId('count-open').getAttribute('data-value')).toBe('0');

    // 时限与升级: a high alert has one minute to be acknowledged.
    await openTab(page, '时限与升级');
    const settingsForm = page.getByTestId('alert-settings-form');
    await settingsForm.waitFor();
    expect(
      await page
        .getByTestId('chain-role')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))),
    ).toEqual(['on_duty', 'office_head', 'leader_in_charge']);
    await page.getByTestId('settings-ack-high').fill('1');
    await page.screenshot({ path: '/tmp/alerts-settings.png', fullPage: true });
    const [saved] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/alerts-settings') && r.request().method() === 'PUT',
      ),
      page.getByTestId('settings-save').click(),
    ]);
    expect(saved.status()).toBe(200);
    expect(((await saved.json()) as { ackMinutes: { high: number } }).ackMinutes.high).toBe(1);

    // 渠道: a signed webhook to the receiver on loopback; 发送测试 reaches it.
    await openTab(page, '渠道');
    await page.getByTestId('channel-add').click();
    // (A modal's root has no box of its own: wait for what is in it.)
    const modal = page.getByTestId('channel-modal');
    await page.getByTestId('channel-name').waitFor();
    await page.getByTestId('channel-name').fill('值班群 webhook');
    await page.getByTestId('channel-url').fill(`${hook.base}/hook`);
    // Too short a secret is refused at the field; a generated one is long enough.
    await page.getByTestId('channel-secret').fill('short');
    await page.getByTestId('channel-save').click();
    await modal.getByText('签名密钥至少 16 个字符').waitFor();
    await page.getByTestId('channel-secret-generate').click();
    await page.screenshot({ path: '/tmp/alerts-channel-modal.png' });
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-name').waitFor({ state: 'detached' });
    const channelRow = page.getByTestId('channels-table').locator('tr[data-row-key]');
    await channelRow.first().waitFor();
    expect(await channelRow.getByTestId('channel-target').textContent()).toBe(`${hook.base}/hook`);
    await channelRow.getByTestId('channel-test').click();
    const result = channelRow.getByTestId('channel-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('发送成功');
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ kind: 'test' });
    await page.screenshot({ path: '/tmp/alerts-channels.png', fullPage: true });
    // Edited, the saved secret shows masked and is kept when left alone.
    await channelRow.getByTestId('channel-edit').click();
    await page.getByTestId('channel-name').waitFor();
    expect(await page.getByTestId('channel-secret').inputValue()).toBe('••••');
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-name').waitFor({ state: 'detached' });
    await channelRow.getByTestId('channel-test').click();
    await expect.poll(() => hook.received.length, POLL).toBe(2);

    // 规则: the demo's rules (from its schemes) are switched off, so that only this test's
    // rule fires: 数据造假, at least two mentions, 重要.
    await openTab(page, '规则');
    const ruleRows = page.getByTestId('rules-table').locator('tr[data-row-key]');
    await ruleRows.first().waitFor();
    const ruleNamed = (name: string) =>
      ruleRows.filter({ has: page.getByTestId('rule-name-cell').getByText(name, { exact: true }) });
    for (const name of ['统计数据质量', '青石县（演示事件）']) {
      const toggle = ruleNamed(name).getByTestId('rule-enabled-switch');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-checked'), POLL).toBe('false');
      // Switched off, the rule keeps what it asks for.
      expect(await ruleNamed(name).getByTestId('rule-conditions').textContent()).toContain(
        `方案：${name}`,
      );
    }
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-name').waitFor();
    await page.getByTestId('rule-name').fill('数据造假（两条起）');
    await page.getByTestId('rule-severity').getByText('重要').click();
    await choose(page, page.getByTestId('rule-risk'), '数据造假');
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-min-volume').fill('2');
    await page.screenshot({ path: '/tmp/alerts-rule.png' });
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-name').waitFor({ state: 'detached' });
    const ruleRow = ruleNamed('数据造假（两条起）');
    await ruleRow.waitFor();
    const conditions = await ruleRow.getByTestId('rule-conditions').textContent();
    expect(conditions).toContain('风险：数据造假');
    expect(conditions).toContain('至少 2 条');
    expect(await ruleRow.getByTestId('alert-severity').getAttribute('data-severity')).toBe('high');
    expect(await ruleRow.getByTestId('rule-enabled-switch').getAttribute('aria-checked')).toBe(
      'true',
    );
    await page.screenshot({ path: '/tmp/alerts-rules.png', fullPage: true });

    // 预警: the list is live. One post is below the rule; the repost makes two.
    await openTab(page, '预警');
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-status'), POLL)
      .toBe('open');
    const rows = page.getByTestId('alert-table').locator('tr[data-row-key]');
    expect(await rows.count()).toBe(0);
    expect((await collector.post('/api/v1/ingest', [post('r-1', RUMOUR, '陇上观察')])).status).toBe(
      200,
    );
    expect(
      (
        await collector.post('/api/v1/ingest', [
          post('r-2', `太离谱了 //@陇上观察:${RUMOUR}`, '网友甲'),
        ])
      ).status,
    ).toBe(200);
    await rows.first().waitFor(POLL);
    alertId = (await rows.first().getAttribute('data-row-key'))!;
    // The alert message itself came over the live stream (not only the mentions signal).
    await expect
      .poll(
        async () => Number(await page.getByTestId('alerts-page').getAttribute('data-live-alerts')),
        POLL,
      )
      .toBeGreaterThan(0);
    const row = rows.first();
    expect(await row.getByTestId('alert-severity').textContent()).toBe('重要');
    expect(await row.getByTestId('alert-status').textContent()).toBe('待确认');
    expect(await row.getByTestId('alert-mentions').textContent()).toBe('2 条信息');
    expect(await row.getByTestId('alert-deadline').getAttribute('data-overdue')).toBe('false');
    expect(await row.getByTestId('alert-deadline').textContent()).toMatch(
      /剩余 (1 分 0\d 秒|\d+ 秒)/,
    );
    expect(await row.getByTestId('alert-notified').textContent()).not.toBe('');
    await expect
      .poll(() => page.getByTestId('count-open').getAttribute('data-value'), POLL)
      .toBe('1');
    // The webhook heard it too.
    await expect.poll(() => hook.received.length, POLL).toBe(3);
    expect(JSON.parse(hook.received[2]!.body)).toMatchObject({
      alertId,
      kind: 'fired',
      severity: 'high',
    });
    await page.screenshot({ path: '/tmp/alerts-list.png', fullPage: true });

    // The alert: evidence as published, the chain with its current step, the deliveries.
    await row.getByTestId('alert-open').click();
    await page.waitForURL((u) => u.pathname === `/alerts/${alertId}`);
    const alert = page.getByTestId('alert-drawer');
    await alert.getByTestId('alert-summary').waitFor();
    const evidence = alert.getByTestId('evidence-item');
    await evidence.first().waitFor();
    expect(await evidence.count()).toBe(2);
    expect((await alert.getByTestId('evidence-author').allTextContents()).sort()).toEqual([
      '网友甲',
      '陇上观察',
    ]);
    expect(await evidence.first().getByTestId('evidence-text').textContent()).toContain('数据造假');
    expect(await evidence.first().getByTestId('evidence-link').getAttribute('href')).toMatch(
      /^https:\/\/weibo\.example\/r-/,
    );
    expect(await alert.getByTestId('alert-summary-text').textContent()).toContain(
      '数据造假（两条起）',
    );
    expect(await alert.locator('[data-testid="chain-step"][data-current="true"]').count()).toBe(1);
    await expect
      .poll(
        () =>
          alert
            .getByTestId('delivery-status')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')).sort()),
        POLL,
      )
      .toEqual(['sent', 'sent']);
    expect(await alert.getByTestId('delivery-table').textContent()).toContain('值班群 webhook');
    await page.screenshot({ path: '/tmp/alerts-drawer.png', fullPage: true });

    // Escalated now: the next step hears; the office head (this user) is told in the page at
    // the latest now (the browser has not been allowed desktop notifications).
    const escalate = alert.getByTestId('alert-escalate');
    if (await escalate.isEnabled()) {
      const stepBefore = await alert
        .locator('[data-testid="chain-step"]')
        .evaluateAll((els) => els.findIndex((e) => e.getAttribute('data-current') === 'true'));
      await escalate.click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /升\s?级/ })
        .click();
      await expect
        .poll(
          () =>
            alert
              .locator('[data-testid="chain-step"]')
              .evaluateAll((els) =>
                els.findIndex((e) => e.getAttribute('data-current') === 'true'),
              ),
          POLL,
        )
        .toBeGreaterThan(stepBefore);
      await expect
        .poll(() => alert.getByTestId('alert-history').textContent(), POLL)
        .toContain('升级');
    }
    const notice = page.locator(`[data-testid="alert-inpage-notice"][data-alert-id="${alertId}"]`);
    await notice.first().waitFor(POLL);
    expect(await notice.first().textContent()).toContain('青石县');
    await page.screenshot({ path: '/tmp/alerts-notice.png' });

    // Past its one-minute deadline: marked overdue, counted by the coverage check and the 总览.
    const deadline = alert.getByTestId('alert-deadline');
    await expect
      .poll(() => deadline.getAttribute('data-overdue'), { timeout: 90_000 })
      .toBe('true');
    expect(await deadline.textContent()).toContain('已超时');
    await alert.locator('.ant-drawer-close').click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    await page
      .locator('.ant-notification-notice-close')
      .first()
      .click()
      .catch(() => undefined);
    await expect
      .poll(() => page.getByTestId('count-overdue').getAttribute('data-value'), POLL)
      .toBe('1');
    await openTab(page, '覆盖检查');
    await expect
      .poll(
        () =>
          page
            .getByTestId('coverage-count-overdue')
            .locator('.ant-statistic-content-value')
            .textContent(),
        POLL,
      )
      .toBe('1');
    const coverageRow = page.getByTestId('coverage-table').locator(`tr[data-row-key="${alertId}"]`);
    await coverageRow.waitFor();
    expect(await coverageRow.getByTestId('coverage-reason').getAttribute('data-reason')).toBe(
      'overdue',
    );
    await page.screenshot({ path: '/tmp/alerts-coverage.png', fullPage: true });

    const dash = (await newPage()).page;
    pages.push(dash);
    await signInAt(dash, server.url, 'office', '/');
    const card = dash.getByTestId('alerts-card');
    await card.waitFor();
    expect(await card.getByTestId('alerts-card-open').getAttribute('data-value')).toBe('1');
    expect(await card.getByTestId('alerts-card-overdue').getAttribute('data-value')).toBe('1');
    expect(await card.getByTestId('alerts-card-major').getAttribute('data-value')).toBe('0');
    await card.screenshot({ path: '/tmp/alerts-dashboard-card.png' });
    await card.getByTestId('alerts-card-overdue').click();
    await dash.waitForURL(
      (u) => u.pathname === '/alerts' && u.searchParams.get('tab') === 'coverage',
    );

    // Acknowledge; then dismiss: no reason is refused at the field, a reason goes through.
    await page.goto(`${server.url}/alerts/${alertId}`);
    await alert.getByTestId('alert-summary').waitFor();
    await alert.getByTestId('alert-ack').click();
    await expect.poll(() => statusOf(alert), POLL).toBe('acknowledged');
    await alert.getByTestId('alert-dismiss').click();
    const dismiss = page.getByTestId('dismiss-modal');
    await page.getByTestId('dismiss-reason').waitFor();
    await page.getByTestId('dismiss-ok').click();
    await dismiss.getByText('请填写驳回理由').waitFor();
    expect(await statusOf(alert)).toBe('acknowledged');
    await page.getByTestId('dismiss-reason').fill('已核实：系旧闻转发，无新情况');
    await page.getByTestId('dismiss-ok').click();
    await page.getByTestId('dismiss-reason').waitFor({ state: 'detached' });
    await expect.poll(() => statusOf(alert), POLL).toBe('dismissed');
    expect(await alert.getByTestId('alert-close-reason').textContent()).toContain('系旧闻转发');
    const actions = await alert
      .getByTestId('history-entry')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['alert.fire', 'alert.ack', 'alert.dismiss']));
    await page.screenshot({ path: '/tmp/alerts-dismissed.png', fullPage: true });
    await alert.locator('.ant-drawer-close').click();
    await expect
      .poll(() => page.getByTestId('count-open').getAttribute('data-value'), POLL)
      .toBe('0');
    await expect
      .poll(() => page.getByTestId('count-overdue').getAttribute('data-value'), POLL)
      .toBe('0');

    expect(problems).toEqual([]);
  }, 300_000);

  it('viewer: sees the alerts and one alert in full, but no action, channel or rule editor', async () => {
    expect(alertId).not.toBe('');
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'viewer', '/alerts');
    await page.getByTestId('alert-filter-status').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '全部' })
      .last()
      .click();
    const row = page.getByTestId('alert-table').locator(`tr[data-row-key="${alertId}"]`);
    await row.waitFor();
    expect(await page.getByRole('tab', { name: '渠道' }).count()).toBe(0);
    await row.getByTestId('alert-open').click();
    const alert = page.getByTestId('alert-drawer');
    await alert.getByTestId('evidence-item').first().waitFor();
    await alert.getByTestId('alert-readonly').waitFor();
    expect(await alert.getByTestId('alert-actions').count()).toBe(0);
    expect(await alert.getByTestId('alert-ack').count()).toBe(0);
    await alert.locator('.ant-drawer-close').click();
    await openTab(page, '规则');
    await page.getByTestId('rules-table').locator('tr[data-row-key]').first().waitFor();
    expect(await page.getByTestId('rule-add').count()).toBe(0);
    expect(await page.getByTestId('rule-enabled-switch').first().isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/alerts-viewer.png', fullPage: true });
    expect(problems).toEqual([]);
  }, 90_000);
  it('division: a major alert the server will not let it dismiss, said so; linked to an incident', async () => {
    const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const rule = await office.post('/api/v1/alert-rules', {
      name: '群体性事件',
      severity: 'major',
      conditions: { riskCategories: ['mass_incident'] },
    });
    expect(rule.status).toBe(201);
    const text = '某县数百名群众聚集在县政府门口集体上访，现场发生冲突，有人受伤';
    expect((await collector.post('/api/v1/ingest', [post('m-1', text, '现场目击')])).status).toBe(
      200,
    );
    const major = (await office.get('/api/v1/alerts?severity=major')).body.items[0];
    expect(major).toMatchObject({ severity: 'major', status: 'open' });

    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'division', `/alerts/${major.id}`);
    const alert = page.getByTestId('alert-drawer');
    await alert.getByTestId('alert-summary').waitFor();
    await alert.getByTestId('alert-ack').click();
    await expect.poll(() => statusOf(alert), POLL).toBe('acknowledged');
    await alert.getByTestId('alert-dismiss').click();
    await page.getByTestId('dismiss-major-note').waitFor();
    await page.getByTestId('dismiss-reason').fill('不是本处的事');
    await page.getByTestId('dismiss-ok').click();
    const refused = page.getByTestId('dismiss-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('重大预警须由办公室主任或领导驳回');
    await page.screenshot({ path: '/tmp/alerts-dismiss-refused.png' });
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /取\s?消/ })
      .click();
    await page.getByTestId('dismiss-reason').waitFor({ state: 'detached' });
    expect(await statusOf(alert)).toBe('acknowledged');

    // Linked instead: a placeholder incident under the title given.
    await alert.getByTestId('alert-link').click();
    await page.getByTestId('link-title').fill('某县群众聚集事件');
    await page.getByTestId('link-ok').click();
    await expect.poll(() => statusOf(alert), POLL).toBe('linked');
    await alert.getByTestId('alert-incident').waitFor();
    expect(problems.filter((p) => !p.includes('status of 403'))).toEqual([]);
  }, 90_000);
});
