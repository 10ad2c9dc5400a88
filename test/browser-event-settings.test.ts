// 设置 › 事件 in a real browser (the system's Chromium) against a real server: the office adds
// 省级媒体 to the authority tiers that make an event look major and saves (the server has it, the
// part is no longer the default, the page says the open events were scored again); a value out
// of range is marked at its field and nothing is sent; a problem the server reports lands at the
// field it names; an outlet is added to the authority list (a malformed domain marked in its
// cell first, even when the search hid the row) and found by the search; a mark stays until its
// own field changes; the grading rules go back to the default; the event page names risk
// categories by name, not id; a viewer reads everything (the settings it reads set through the
// API, whatever the test before left) and is offered no saving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { Client, collectorClient, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';

/** The outlet the office adds to the authority list (and the viewer finds there). */
const LANZHOU_NEWS = {
  tier: 'media',
  name: '兰州新闻网',
  domains: ['lznews.example.cn'],
  accounts: ['兰州新闻'],
  sources: [],
};

// Three mentions of 数据造假 (data_falsification): the risk rule is met with the defaults.
const POSTS = [
  { id: 'es-1', source: 'weibo', author: '陇上观察', text: RUMOUR },
  { id: 'es-2', source: 'weibo', author: '网友甲', text: `太离谱了 //@陇上观察:${RUMOUR}` },
  {
    id: 'es-3',
    source: 'weibo',
    author: '网友乙',
    text: `转发 //@网友甲:太离谱了 //@陇上观察:${RUMOUR}`,
  },
];

/** The form item (label, control, errors) holding the control with this test id. */
function fieldOf(page: Page, scope: Locator, testId: string): Locator {
  return scope.locator('.ant-form-item', { has: page.getByTestId(testId) }).last();
}

async function fieldError(page: Page, scope: Locator, testId: string): Promise<string> {
  const error = fieldOf(page, scope, testId).locator('.ant-form-item-explain-error').first();
  await error.waitFor();
  return (await error.textContent()) ?? '';
}

requireBrowserOrSkip('event settings in a browser');

describe.skipIf(!hasBrowser)('event settings in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let office: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const collector = await collectorClient(server, 'browser-event-settings collector');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ accepted: POSTS.length, rejected: [] });
    office = await new Client(server.url).login('office', DEMO_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('office: changes the grading rules and the authority list, errors at the field, resets', async () => {
    const { page, problems } = await newPage();
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/api/v1/events/settings'))
        puts.push(r.postData() ?? '');
    });

    await page.goto(`${server.url}/login?next=${encodeURIComponent('/settings')}`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/settings');
    expect(await page.getByTestId('event-settings-heading').textContent()).toBe('事件');

    // 热度: the factors by name, each one's share of 100 following the weights as typed.
    const heat = page.getByTestId('event-heat');
    await heat.getByTestId('event-heat-default').waitFor();
    expect(await heat.textContent()).toContain('信源权威');
    expect(await heat.getByTestId('heat-share-volume').textContent()).toBe('占 20.0 分');
    await heat.getByTestId('heat-weight-volume').fill('40');
    await expect.poll(() => heat.getByTestId('heat-share-volume').textContent()).toBe('占 33.3 分');
    expect(await heat.getByTestId('heat-share-risk').textContent()).toBe('占 12.5 分');
    expect(await heat.textContent()).toContain('声量满分条数');

    // A problem the server reports (not one the browser would catch) is shown at its field.
    await page.route(
      '**/api/v1/events/settings',
      (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'invalid_input',
              message: 'heat.weights.risk: Too big: expected number to be <=100',
              details: [
                { path: 'body.heat.weights.risk', message: 'Too big: expected number to be <=100' },
              ],
            },
          }),
        }),
      { times: 1 },
    );
    await heat.getByTestId('event-heat-save').click();
    expect(await fieldError(page, heat, 'heat-weight-risk')).toBe('不能大于 100');
    expect(await heat.getByTestId('event-heat-error').count()).toBe(0);
    await heat.getByTestId('event-heat-discard').click();
    expect(await heat.getByTestId('heat-share-volume').textContent()).toBe('占 20.0 分');
    puts.length = 0;

    // 分级建议规则: 省级媒体 coverage now suggests major.
    const grading = page.getByTestId('event-grading');
    await grading.getByTestId('event-grading-default').waitFor();
    // The major risk categories by their names in the risk lexicon.
    expect(await grading.getByTestId('grading-majorRiskCategories').textContent()).toContain(
      '数据造假（data_falsification）',
    );
    await grading.getByTestId('grading-majorAuthority').getByText('省级媒体').click();
    await grading.getByTestId('event-grading-save').click();
    await grading.getByTestId('event-grading-rescored').waitFor();
    expect(await grading.getByTestId('event-grading-rescored').textContent()).toContain(
      '所有未结束的事件已按新设置重新计算热度和建议等级',
    );
    await grading.getByTestId('event-grading-custom').waitFor();
    let saved = await office.get('/api/v1/events/settings');
    expect(saved.status).toBe(200);
    expect(saved.body.grading.majorAuthority).toEqual(['central', 'provincial']);
    expect(saved.body.defaults).toEqual({ heat: true, grading: false, authority: true });
    expect(puts).toHaveLength(1);

    // Out of range: marked at the field in the browser, nothing sent, nothing changed.
    await grading.getByTestId('grading-majorHeat').fill('200');
    await grading.getByTestId('event-grading-save').click();
    expect(await fieldError(page, grading, 'grading-majorHeat')).toBe('不能大于 100');
    await grading.getByTestId('grading-majorPrefectures').fill('2.5');
    await grading.getByTestId('event-grading-save').click();
    expect(await fieldError(page, grading, 'grading-majorPrefectures')).toBe('须为整数');
    expect(puts).toHaveLength(1);
    saved = await office.get('/api/v1/events/settings');
    expect(saved.body.grading.majorHeat).toBe(70);
    expect(saved.body.grading.majorPrefectures).toBe(3);
    // Typing again clears the mark.
    await grading.getByTestId('grading-majorHeat').fill('80');
    await fieldOf(page, grading, 'grading-majorHeat')
      .locator('.ant-form-item-explain-error')
      .waitFor({ state: 'detached' });
    // Only the changed field's mark goes; the other one stays.
    expect(await fieldError(page, grading, 'grading-majorPrefectures')).toBe('须为整数');
    await grading.getByTestId('event-grading-discard').click();
    expect(await grading.getByTestId('grading-majorHeat').inputValue()).toBe('70');

    // 信源权威名单: a new outlet; a malformed domain is marked in its cell first.
    const authority = page.getByTestId('event-authority');
    await authority.getByTestId('event-authority-default').waitFor();
    expect(await authority.getByTestId('authority-count').textContent()).toBe('共 15 个信源');
    await authority.getByTestId('authority-add').click();
    await authority.getByTestId('authority-0-name').fill('兰州新闻网');
    const domains = authority.getByTestId('authority-0-domains');
    await domains.click();
    await page.keyboard.type('http://lznews');
    await page.keyboard.press('Enter');
    await domains.getByText('http://lznews').waitFor();
    // Saved while the search hides the new row: the rows come back to show the mark.
    await authority.getByTestId('authority-search').locator('input').fill('人民日报');
    await expect
      .poll(() => authority.getByTestId('authority-count').textContent())
      .toBe('显示 1 个，共 16 个');
    await authority.getByTestId('event-authority-save').click();
    await expect
      .poll(() => authority.getByTestId('authority-count').textContent())
      .toBe('共 16 个信源');
    expect(await fieldError(page, authority, 'authority-0-domains')).toBe(
      '“http://lznews”：域名格式如 people.com.cn（不含 http:// 和路径）',
    );
    expect(puts).toHaveLength(1);
    await domains.click();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('LZNEWS.example.cn');
    await page.keyboard.press('Enter');
    await domains.getByText('LZNEWS.example.cn').waitFor();
    await authority.getByTestId('authority-0-accounts').click();
    await page.keyboard.type('兰州新闻');
    await page.keyboard.press('Enter');
    await authority.getByTestId('event-authority-save').click();
    await authority.getByTestId('event-authority-rescored').waitFor();
    await authority.getByTestId('event-authority-custom').waitFor();
    saved = await office.get('/api/v1/events/settings');
    expect(saved.body.defaults.authority).toBe(false);
    expect(saved.body.authority).toHaveLength(16);
    expect(saved.body.authority).toContainEqual(LANZHOU_NEWS);
    // Found by the search.
    await authority.getByTestId('authority-search').locator('input').fill('lznews');
    await expect
      .poll(() => authority.getByTestId('authority-count').textContent())
      .toBe('显示 1 个，共 16 个');
    expect(
      await authority.getByTestId('authority-table').locator('tbody tr.ant-table-row').count(),
    ).toBe(1);

    // The grading rules back to the default, after confirming.
    await grading.getByTestId('event-grading-reset').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '恢复默认' }).click();
    await grading.getByTestId('event-grading-default').waitFor();
    await grading.getByText('已恢复内置默认').waitFor();
    saved = await office.get('/api/v1/events/settings');
    expect(saved.body.defaults).toEqual({ heat: true, grading: true, authority: false });
    expect(saved.body.grading.majorAuthority).toEqual(['central']);
    await page.getByTestId('event-settings').screenshot({ path: '/tmp/event-settings.png' });

    // The event page names the risk category, not its id.
    const events = await office.get('/api/v1/events?status=all');
    const rumour = (events.body.items as { id: string; title: string }[]).find((e) =>
      e.title.includes('青石县'),
    );
    expect(rumour).toBeDefined();
    await page.goto(`${server.url}/events/${rumour?.id ?? ''}`);
    const riskFactor = page.locator('[data-testid="heat-factor"][data-key="risk"]');
    // The page first shows the category's id, its name once the risk lexicon has loaded.
    await riskFactor.getByTestId('heat-factor-text').getByText('数据造假×3').waitFor();
    await expect
      .poll(() => riskFactor.getByTestId('heat-factor-text').textContent())
      .toContain('数据造假×3');
    const riskRule = page.locator('[data-testid="grade-reason"][data-rule="risk"]');
    expect(await riskRule.textContent()).toContain('数据造假×3');
    expect(await page.getByTestId('event-page').textContent()).not.toContain('data_falsification');

    // The one 400 the browser logged is the one this test made up.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    expect(problems.filter((p) => p.includes('status of 400'))).toHaveLength(1);
  }, 180_000);

  it('viewer: reads the event settings, is offered no saving', async () => {
    // What the office's test leaves when it passes, whatever it left: heat and grading built in,
    // the authority list the built-in one with 兰州新闻网 first.
    const reset = await office.put('/api/v1/events/settings', {
      heat: null,
      grading: null,
      authority: null,
    });
    expect(reset.status).toBe(200);
    const set = await office.put('/api/v1/events/settings', {
      authority: [LANZHOU_NEWS, ...(reset.body.authority as unknown[])],
    });
    expect(set.status).toBe(200);
    expect(set.body.defaults).toEqual({ heat: true, grading: true, authority: false });
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login?next=${encodeURIComponent('/settings')}`);
    await signIn(page, 'viewer', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/settings');
    await page.getByTestId('event-settings-heading').waitFor();
    const grading = page.getByTestId('event-grading');
    await grading.getByTestId('event-grading-default').waitFor();
    await page.getByTestId('event-authority-custom').waitFor();
    await page.getByTestId('authority-table').getByText('兰州新闻网').waitFor();
    for (const part of ['heat', 'grading', 'authority']) {
      expect(await page.getByTestId(`event-${part}-save`).count()).toBe(0);
      expect(await page.getByTestId(`event-${part}-reset`).count()).toBe(0);
    }
    expect(await page.getByTestId('authority-add').count()).toBe(0);
    expect(await grading.getByTestId('grading-majorHeat').isDisabled()).toBe(true);
    expect(await page.getByTestId('heat-weight-volume').isDisabled()).toBe(true);
    expect(await page.getByTestId('heat-share-volume').textContent()).toBe('占 20.0 分');

    expect(problems).toEqual([]);
  }, 120_000);
});
