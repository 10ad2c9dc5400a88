// The 信息流 page in a real browser (the system's Chromium, never a downloaded one) against a
// real server fed through the push API: the list, search (simplified finds traditional),
// untrusted text shown as text and never run, the detail drawer, the quarantine fixed through
// 修正后处理, the empty state of a city bureau, and the quarantine hidden from a viewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { collectorClient, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';

/** The list reloads after each search: give it time on a loaded machine. */
const POLL = { timeout: 15_000 };

const PWNED_TEXT = '<script>window.__pwned=1</script>網傳數據造假';

/** What the checks read in the page (this file compiles without the DOM library). */
interface PageGlobals {
  __pwned?: unknown;
  getComputedStyle(el: unknown): { whiteSpace: string };
}

requireBrowserOrSkip('mentions page in a browser');

describe.skipIf(!hasBrowser)('mentions page in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;

  beforeAll(async () => {
    // The global setup built the UI before any server started.
    server = await startTestServer('sqlite');

    // A collector with an ingest token pushes a batch: three good posts and one without text.
    const collector = await collectorClient(server, 'browser-test collector');
    const pushed = await collector.post('/api/v1/ingest', [
      {
        id: 'wb-1001',
        source: 'weibo',
        url: 'https://weibo.com/1001/AbCdEf',
        author: '陇上观察',
        text: '兰州一季度GDP同比增长6.1%，\n网友热议增速。',
        published_at: '2025-04-18T09:30:00+08:00',
        metrics: { reposts: 12, comments: 34, likes: 1234 },
      },
      {
        id: 'wb-1002',
        source: 'weibo',
        url: 'https://weibo.com/1002/GhIjKl',
        author: '<b>围观群众</b>',
        text: PWNED_TEXT,
        published_at: '2025-04-18T10:00:00+08:00',
        metrics: { reposts: 3, comments: 5, likes: 8 },
      },
      {
        id: 'news-1',
        source: 'news-site',
        url: 'https://news.example.org/gansu/1',
        title: '甘肃省统计局发布人口抽样调查主要数据',
        text: '省统计局今天发布了全省人口抽样调查的主要数据。',
      },
      { id: 'wb-1003', source: 'weibo', author: '某网友', title: '缺少正文的帖子' },
    ]);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({
      accepted: 3,
      duplicates: 0,
      rejected: [{ index: 3, error: 'text: is required' }],
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('office: list, search, untrusted text as text, drawer, quarantine fixed', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-mentions').click();
    await page.waitForURL((u) => u.pathname === '/mentions');

    const table = page.getByTestId('mentions-table');
    const rows = table.locator('tr[data-row-key]');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    // The title when there is one, else the text; authors as published; metrics; the link.
    await table.getByText('甘肃省统计局发布人口抽样调查主要数据', { exact: true }).waitFor();
    const first = rows.filter({ hasText: '陇上观察' });
    expect(await first.getByTestId('mention-content').textContent()).toBe(
      '兰州一季度GDP同比增长6.1%， 网友热议增速。',
    );
    expect(await first.textContent()).toContain('1,234');
    // Times in the browser's zone (Gansu: UTC+8), as published.
    expect(await first.textContent()).toContain('2025/04/18 09:30:00');
    const link = first.getByTestId('mention-link');
    expect(await link.getAttribute('href')).toBe('https://weibo.com/1001/AbCdEf');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await table.getByTestId('demo-tag').count()).toBe(0);

    // Simplified search finds the traditional text; the markup in it is text, never run.
    await page.getByTestId('mentions-q').fill('数据造假');
    await page.getByTestId('mentions-submit').click();
    await table.getByText(PWNED_TEXT, { exact: true }).waitFor();
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().getByTestId('mention-content').textContent()).toBe(PWNED_TEXT);
    expect(await rows.first().textContent()).toContain('<b>围观群众</b>');
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();
    expect(await page.locator('b', { hasText: '围观群众' }).count()).toBe(0);

    // The drawer: the full text as text, with its fields.
    await rows.first().click();
    const drawer = page.getByTestId('mention-drawer');
    const text = drawer.getByTestId('mention-text');
    await text.waitFor();
    expect(await text.textContent()).toBe(PWNED_TEXT);
    expect(
      await text.evaluate(
        (el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).whiteSpace,
      ),
    ).toBe('pre-wrap');
    expect(await drawer.getByTestId('drawer-author').textContent()).toBe('<b>围观群众</b>');
    expect(await drawer.textContent()).toContain('https://weibo.com/1002/GhIjKl');
    expect(await drawer.textContent()).toContain('推送接口');
    expect(new URL(page.url()).searchParams.get('mention')).not.toBeNull();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();
    await drawer.getByRole('button', { name: '关闭' }).click();
    await text.waitFor({ state: 'detached' });

    // 待处理输入: the rejected item with its reason and its raw input.
    await page.getByRole('tab', { name: '待处理输入' }).click();
    const quarantine = page.getByTestId('quarantine-tab');
    const qRows = quarantine.locator('tr[data-row-key]');
    await qRows.first().waitFor();
    expect(await qRows.count()).toBe(1);
    expect(await qRows.first().getByText('text: is required', { exact: true }).count()).toBe(1);
    await qRows
      .first()
      .getByRole('button', { name: /展开行|expand/i })
      .click();
    const payload = quarantine.getByTestId('quarantine-payload');
    await payload.waitFor();
    expect(JSON.parse((await payload.textContent()) ?? '')).toMatchObject({
      id: 'wb-1003',
      title: '缺少正文的帖子',
    });

    // As stored it is rejected again, and the reason says why.
    await qRows.first().getByTestId('quarantine-reprocess').click();
    const outcome = quarantine.getByTestId('quarantine-outcome');
    await outcome.getByText('text: is required').waitFor();
    expect(await outcome.textContent()).toContain('仍未通过校验');

    // 修正后处理: not JSON is caught here; the corrected post lands.
    await qRows.first().getByTestId('quarantine-correct').click();
    const editor = page.getByTestId('correct-json');
    await editor.waitFor();
    expect(JSON.parse(await editor.inputValue())).toMatchObject({ source: 'weibo' });
    await editor.fill('{"source": "weibo", text: }');
    await page.getByRole('button', { name: '提交处理' }).click();
    await page.getByTestId('correct-parse-error').getByText('不是有效的 JSON').waitFor();
    await editor.fill(
      JSON.stringify(
        {
          id: 'wb-1003',
          source: 'weibo',
          author: '某网友',
          title: '缺少正文的帖子',
          text: '补上的正文：统计数据质量如何保证？',
        },
        null,
        2,
      ),
    );
    await page.getByRole('button', { name: '提交处理' }).click();
    await editor.waitFor({ state: 'detached' });
    await outcome.getByText('已接收').waitFor();
    await quarantine.getByText('没有待处理的输入').waitFor();
    expect(await qRows.count()).toBe(0);

    // It is in the feed now.
    await outcome.getByRole('button', { name: '在信息流中查看' }).click();
    await page.getByTestId('mention-text').getByText('补上的正文').waitFor();
    await page.getByTestId('mention-drawer').getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('mentions-reset').click();
    await expect.poll(() => rows.count(), POLL).toBe(4);

    // A time window goes out as ISO 8601 with an offset (UTC, as the server stores times).
    await page.locator('.ant-picker-range').click();
    await page.getByText('最近 7 天', { exact: true }).click();
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/mentions?')),
      page.getByTestId('mentions-submit').click(),
    ]);
    const sent = new URL(request.url()).searchParams;
    const since = sent.get('since') ?? '';
    const until = sent.get('until') ?? '';
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const days = (Date.parse(until) - Date.parse(since)) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    await expect.poll(() => rows.count(), POLL).toBe(4);
    await page.screenshot({ path: '/tmp/mentions-page.png', fullPage: true });

    expect(problems).toEqual([]);
    // A long journey: room for the browser suites running side by side on two cores.
  }, 90_000);

  it('viewer: reads the feed but is not offered the quarantine', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/mentions?tab=quarantine`);
    await page.waitForURL((u) => u.pathname === '/login');
    await signIn(page, 'viewer', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/mentions');
    const rows = page.getByTestId('mentions-table').locator('tr[data-row-key]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(await page.getByRole('tab', { name: '待处理输入' }).count()).toBe(0);
    expect(await page.getByTestId('quarantine-tab').count()).toBe(0);
    expect(await page.getByTestId('quarantine-correct').count()).toBe(0);

    expect(problems).toEqual([]);
  });

  it('informant of a city bureau: no sources of its own, so the empty state explains', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'informant', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-mentions').click();
    const empty = page.getByTestId('mentions-empty');
    await empty.waitFor();
    const zh = (await empty.textContent()) ?? '';
    expect(zh).toContain('还没有舆情信息');
    expect(zh).toContain('POST /api/v1/ingest');
    expect(zh).toContain('npx yuqing import');
    expect(await page.getByRole('tab', { name: '待处理输入' }).count()).toBe(0);

    await page.getByTestId('lang-switch').click();
    await empty.getByText('No mentions yet').waitFor();
    const en = (await empty.textContent()) ?? '';
    expect(en).toContain('POST /api/v1/ingest');
    expect(en).toContain('npx yuqing import FILE');

    expect(problems).toEqual([]);
  });
});
