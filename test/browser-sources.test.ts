// The 监测源 tab of 信息流 in a real browser (the system's Chromium, never a downloaded one)
// against a real server: sources with problems first and counted, the reason of a status,
// the office adding a feed source (a malformed key and a taken key refused at the field by the
// server), the selector fields of a web source, editing its schedule (not-cron refused at the
// field), pausing it (已暂停), and a viewer who sees the list but may not change it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/** A whole journey in the browser; several run side by side in CI. */
const JOURNEY_TIMEOUT = 120_000;

requireBrowserOrSkip('sources tab in a browser');

describe.skipIf(!hasBrowser)('sources tab in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let office: Client;

  beforeAll(async () => {
    // The global setup built the UI before any server started.
    server = await startTestServer('sqlite');

    // A collector pushes two posts: the push source "weibo" appears, created by the system.
    const collector = await collectorClient(server, 'browser-test collector');
    const pushed = await collector.post('/api/v1/ingest', [
      { id: 'wb-1', source: 'weibo', text: '兰州统计数据发布', url: 'https://weibo.com/1/a' },
      { id: 'wb-2', source: 'weibo', text: '网友讨论统计数据', url: 'https://weibo.com/1/b' },
    ]);
    expect(pushed.status).toBe(200);

    // A feed the office added earlier, whose last polls failed (no poller runs in tests).
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const feed = await office.post('/api/v1/sources', {
      key: 'lanzhou-news',
      name: '兰州新闻网',
      type: 'feed',
      address: 'https://news.example.org/lanzhou/rss.xml',
    });
    expect(feed.status).toBe(201);
    const failedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await server.store.db
      .updateTable('sources')
      .set({
        last_run_at: failedAt,
        last_error_at: failedAt,
        last_error: 'HTTP 503 Service Unavailable',
        consecutive_failures: 3,
      })
      .where('key', '=', 'lanzhou-news')
      .execute();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('office: problems first; adds a feed source (bad keys refused), pauses it', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-mentions').click();
    await page.getByRole('tab', { name: '监测源' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'sources');

    const tab = page.getByTestId('sources-tab');
    const rows = tab.locator('tr[data-row-key]');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    // The failing feed is counted at the top and listed first, with its reason and error.
    expect(await tab.getByTestId('sources-attention').textContent()).toContain(
      '1 个监测源需要关注',
    );
    const failing = rows.first();
    expect(await failing.getByTestId('source-name').textContent()).toBe('兰州新闻网');
    const badge = failing.getByTestId('source-coverage');
    expect(await badge.getAttribute('data-status')).toBe('failing');
    expect(await badge.textContent()).toBe('采集失败');
    await badge.hover();
    await page.getByRole('tooltip').getByText('最近 3 次采集都失败了').waitFor();
    expect(await failing.getByTestId('source-error').textContent()).toBe(
      'HTTP 503 Service Unavailable',
    );
    expect(await failing.textContent()).toContain('连续失败 3 次');
    expect(await failing.textContent()).toContain('每 10 分钟');
    // The push source the system created: its type, its figures, no switch and no edit.
    const push = rows.filter({ hasText: 'weibo' });
    expect(await push.textContent()).toContain('推送接口');
    expect(await push.getByTestId('source-coverage').getAttribute('data-status')).toBe('ok');
    expect(await push.getByTestId('source-enabled').count()).toBe(0);
    expect(await push.getByTestId('source-edit').count()).toBe(0);
    // The help on RSSHub is open for those who add sources.
    expect(await tab.getByTestId('rsshub-help').textContent()).toContain(
      'https://<your-rsshub>/weibo/user/<uid>',
    );

    // Add a source: a malformed key, refused by the server at the field.
    await tab.getByTestId('source-add').click();
    const form = page.getByTestId('source-form');
    await form.waitFor();
    // A web page list asks for its selectors, each with help; a feed does not.
    await form.getByText('网页栏目（列表页）').click();
    const selectors = form.getByTestId('source-selectors');
    await selectors.waitFor();
    expect(await selectors.textContent()).toContain('在列表页上选中各篇文章的链接');
    await form.getByText('订阅源（RSS / Atom）').click();
    await selectors.waitFor({ state: 'detached' });

    await form.getByTestId('source-name-input').fill('甘肃统计官方微博');
    await form.getByTestId('source-key').fill('Gansu Weibo');
    await form
      .getByTestId('source-address')
      .fill('https://rsshub.example.org/weibo/user/1234567890');
    // antd spaces out a two-character label (保 存); a loading icon on its way out may still
    // add "loading" to the name on a busy machine.
    const save = page.locator('.ant-modal-footer').getByRole('button', { name: /保\s?存$/ });
    const [bad] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/sources') && r.request().method() === 'POST',
      ),
      save.click(),
    ]);
    expect(bad.status()).toBe(400);
    const keyItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('source-key') });
    await keyItem.getByText('只能使用 2–64 个小写字母、数字或 _ . -').waitFor();
    // The error can show before the button stops spinning, and a spinning button takes no
    // clicks: wait for it, as a person would.
    const saveReady = () =>
      page.locator('.ant-modal .ant-btn-loading').waitFor({ state: 'detached' });
    await saveReady();

    // A key another source has: 409, said at the field too.
    await form.getByTestId('source-key').fill('lanzhou-news');
    const [taken] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/sources') && r.request().method() === 'POST',
      ),
      save.click(),
    ]);
    expect(taken.status()).toBe(409);
    await keyItem.getByText('该标识已被另一个监测源使用').waitFor();
    await saveReady();

    // A good key: added, waiting for its first poll.
    await form.getByTestId('source-key').fill('gstj-weibo');
    await save.click();
    await form.waitFor({ state: 'detached' });
    const added = rows.filter({ hasText: 'gstj-weibo' });
    await added.waitFor();
    expect(await added.getByTestId('source-coverage').textContent()).toBe('等待首次采集');
    expect(await rows.count()).toBe(3);

    // Edit its schedule: not cron is refused at the field; every 30 minutes is taken.
    await added.getByTestId('source-edit').click();
    await form.waitFor();
    expect(await form.getByTestId('source-key').inputValue()).toBe('gstj-weibo');
    await form.getByTestId('source-schedule').fill('every minute');
    await save.click();
    const scheduleItem = form
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId('source-schedule') });
    await scheduleItem.getByText('不是有效的 cron 表达式').waitFor();
    await saveReady();
    await form.getByTestId('source-schedule').fill('*/30 * * * *');
    await save.click();
    await form.waitFor({ state: 'detached' });
    await added.getByText('每 30 分钟').waitFor();

    // Pause it: the badge says so, and so does the server.
    await added.getByTestId('source-enabled').click();
    await added.locator('[data-testid="source-coverage"][data-status="paused"]').waitFor();
    expect(await added.getByTestId('source-coverage').textContent()).toBe('已暂停');
    const listed = await office.get('/api/v1/sources');
    expect(listed.body.items.find((s: { key: string }) => s.key === 'gstj-weibo')).toMatchObject({
      enabled: false,
      schedule: '*/30 * * * *',
      type: 'feed',
    });

    await page.mouse.move(0, 0);
    await page.screenshot({ path: '/tmp/sources-page.png', fullPage: true });
    // The browser logs the three refusals asked for above; nothing else may appear.
    const refused =
      /status of (400 \(Bad Request\)|409 \(Conflict\)) \(.*\/api\/v1\/sources(\/[^/)]+)?\)$/;
    expect(problems.filter((p) => refused.test(p))).toHaveLength(3);
    expect(problems.filter((p) => !refused.test(p))).toEqual([]);
  });

  it('viewer: sees the sources but cannot add, edit or pause them', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/mentions?tab=sources`);
    await page.waitForURL((u) => u.pathname === '/login');
    await signIn(page, 'viewer', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/mentions');
    const tab = page.getByTestId('sources-tab');
    const rows = tab.locator('tr[data-row-key]');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await tab.getByTestId('sources-attention').count()).toBe(1);
    expect(await tab.getByTestId('source-add').count()).toBe(0);
    expect(await tab.getByTestId('source-edit').count()).toBe(0);
    const switches = tab.getByTestId('source-enabled');
    expect(await switches.count()).toBe(2);
    for (const s of await switches.all()) expect(await s.isDisabled()).toBe(true);

    expect(problems).toEqual([]);
  });

  it('office: tries a feed before saving it, then polls it at once', async () => {
    const feed = http.createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>统计公报今日发布</title><guid>try-1</guid><description>正文</description></item></channel></rss>',
        );
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const address = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`;
    try {
      const { page, problems } = await newPage();
      await page.goto(`${server.url}/login`);
      await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
      await page.waitForURL((u) => u.pathname === '/');
      await page.goto(`${server.url}/mentions?tab=sources`);
      const tab = page.getByTestId('sources-tab');
      await tab.getByTestId('source-add').click();
      const form = page.getByTestId('source-form');
      await form.getByTestId('source-name-input').fill('本地公报');
      await form.getByTestId('source-key').fill('local-bulletin');
      await form.getByTestId('source-address').fill(address);
      await page.getByTestId('source-test').click();
      const result = page.getByTestId('source-test-result');
      await result.getByText('统计公报今日发布').waitFor();
      expect(await result.textContent()).toContain('试采集到 1 条（未保存）');
      await page
        .locator('.ant-modal-footer')
        .getByRole('button', { name: /保\s?存$/ })
        .click();
      await form.waitFor({ state: 'detached' });
      const row = tab.locator('tr[data-row-key]').filter({ hasText: 'local-bulletin' });
      await row.getByTestId('source-run').click();
      await page.getByText('「本地公报」已采集：新增 1 条，重复 0 条').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await new Promise<void>((r) => feed.close(() => r()));
    }
  });
});
