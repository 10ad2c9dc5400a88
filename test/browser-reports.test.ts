// The 报送 page in a real browser (the system's Chromium, never a downloaded one) against a
// real server: an informant of the Lanzhou bureau reports on a phone (390x844) with a link,
// text and a screenshot, a file over 5 MiB is refused before it is sent, the result says
// whether a monitored source had the link first; the office sees the reports in 全部报送 with
// reporter and unit and downloads the screenshot, byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import {
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

// A 1x1 PNG (70 bytes).
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');

const FIRST_LINK = 'https://weibo.com/5566/LzTjSjSj';
const FIRST_TEXT = '网传兰州某区统计数据“注水”，评论区有转发';
/** A post a monitored source collected before anyone reported it. */
const MACHINE_LINK = 'https://weibo.com/7788/MachineSawIt';
const SECOND_TEXT = '微博热议甘肃人口数据';

/** What the checks read in the page (this file compiles without the DOM library). */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/** A whole journey in the browser; several run side by side in CI. */
const JOURNEY_TIMEOUT = 120_000;

requireBrowserOrSkip('reports page in a browser');

describe.skipIf(!hasBrowser)('reports page in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let dir: string;
  let pngPath: string;
  let bigPath: string;

  beforeAll(async () => {
    // The global setup built the UI before any server started.
    server = await startTestServer('sqlite');

    // A collector pushes the post that the second report will name.
    const collector = await collectorClient(server, 'browser-test collector');
    const pushed = await collector.post('/api/v1/ingest', [
      { id: 'wb-7788', source: 'weibo', url: MACHINE_LINK, text: '甘肃人口数据引发讨论' },
    ]);
    expect(pushed.body).toMatchObject({ accepted: 1 });

    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-reports-'));
    pngPath = path.join(dir, '截图.png');
    writeFileSync(pngPath, PNG);
    // Over the 5 MiB limit: refused in the browser, never sent.
    bigPath = path.join(dir, 'big-screenshot.png');
    writeFileSync(bigPath, Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1)]));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('informant on a phone: a screenshot, then a link the machine had first', async () => {
    const { page, problems } = await newPage({ phone: true });

    await page.goto(`${server.url}/reports`);
    await page.waitForURL((u) => u.pathname === '/login');
    await signIn(page, 'informant', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/reports');
    const form = page.getByTestId('report-form');
    await form.waitFor();
    expect(await page.getByTestId('report-as-unit').textContent()).toContain(
      '以兰州市统计局名义报送',
    );
    // An informant reports and sees their own reports, not everyone's.
    expect(await page.getByRole('tab', { name: '我的报送' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: '全部报送' }).count()).toBe(0);
    await page.getByTestId('reports-mine').getByText('你还没有报送过信息').waitFor();

    // Text is required; a link must be http(s).
    await page.getByTestId('report-submit').click();
    await form.getByText('请填写此项').waitFor();
    await page.getByTestId('report-link-input').fill('weibo.com/5566');
    await page.getByTestId('report-submit').click();
    await form.getByText('请填写以 http:// 或 https:// 开头的网址').waitFor();

    await page.getByTestId('report-link-input').fill(FIRST_LINK);
    await page.getByTestId('report-text-input').fill(FIRST_TEXT);
    await page.getByTestId('report-note-input').fill('已截图保存');

    // A file over 5 MiB is refused here, with its size; a small screenshot is taken.
    await page.getByTestId('report-file-input').setInputFiles(bigPath);
    const fileError = page.getByTestId('report-file-error');
    await fileError.waitFor();
    expect(await fileError.textContent()).toContain('超过了 5 MB 的上限');
    expect(await fileError.textContent()).toContain('big-screenshot.png');
    expect(await page.getByTestId('report-file').count()).toBe(0);
    await page.getByTestId('report-file-input').setInputFiles(pngPath);
    await fileError.waitFor({ state: 'detached' });
    expect(await page.getByTestId('report-file-name').textContent()).toBe('截图.png');
    expect(await page.getByTestId('report-file-size').textContent()).toBe('70 B');

    // Nothing wider than the phone.
    const fits = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as PageGlobals).document.documentElement;
        return el.scrollWidth <= el.clientWidth;
      });
    expect(await fits()).toBe(true);
    await page.screenshot({ path: '/tmp/reports-mobile-form.png', fullPage: true });

    const [sent] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST',
      ),
      page.getByTestId('report-submit').click(),
    ]);
    expect(sent.status()).toBe(201);
    const result = page.getByTestId('report-result');
    await result.getByText('报送成功').waitFor();
    const machine = result.getByTestId('report-machine');
    expect(await machine.getAttribute('data-machine-first')).toBe('no');
    expect(await machine.textContent()).toContain('你的报送是第一手线索');

    // It is in 我的报送, with its link and screenshot.
    const mine = page.getByTestId('reports-mine').getByTestId('report-item');
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.first().getByTestId('report-text').textContent()).toBe(FIRST_TEXT);
    expect(await mine.first().getByTestId('report-link').getAttribute('href')).toBe(FIRST_LINK);
    expect(await mine.first().getByTestId('report-attachment').textContent()).toContain('截图.png');
    expect(await mine.first().getByTestId('report-human-first').count()).toBe(1);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: '/tmp/reports-mobile.png', fullPage: true });

    // A second report names a post a monitored source had collected: the result says so.
    await page.getByTestId('report-another').click();
    await page.getByTestId('report-link-input').fill(MACHINE_LINK);
    await page.getByTestId('report-text-input').fill(SECOND_TEXT);
    await page.getByTestId('report-submit').click();
    const again = page.getByTestId('report-machine');
    await again.waitFor();
    expect(await again.getAttribute('data-machine-first')).toBe('yes');
    expect(await again.textContent()).toContain('系统的监测源已于');
    await mine.nth(1).waitFor();
    expect(await mine.count()).toBe(2);
    // Newest first.
    expect(await mine.first().getByTestId('report-text').textContent()).toBe(SECOND_TEXT);
    expect(await mine.first().getByTestId('report-machine-first').count()).toBe(1);

    expect(problems).toEqual([]);
  });

  it('office: all reports with reporter and unit; the screenshot downloads', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-reports').click();
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.getByRole('tab', { name: '全部报送' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'all');

    const items = page.getByTestId('reports-all').getByTestId('report-item');
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(2);
    const first = items.filter({ hasText: FIRST_TEXT });
    const second = items.filter({ hasText: SECOND_TEXT });
    // Newest first.
    expect(await items.first().getByTestId('report-text').textContent()).toBe(SECOND_TEXT);
    for (const item of [first, second]) {
      expect(await item.getByTestId('report-unit').textContent()).toBe('兰州市统计局');
      expect((await item.getByTestId('report-reporter').textContent())?.length).toBeGreaterThan(0);
    }
    expect(await second.getByTestId('report-machine-first').textContent()).toBe('系统已先采集');
    expect(await first.getByTestId('report-machine-first').count()).toBe(0);
    expect(await first.textContent()).toContain('备注：已截图保存');

    // The attachment link downloads the very bytes that were sent.
    const link = first.getByTestId('report-attachment');
    expect(await link.textContent()).toContain('截图.png');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/reports\/[^/]+\/attachment$/);
    const file = await page.request.get(`${server.url}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(file.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.from(await file.body()).equals(PNG)).toBe(true);

    expect(problems).toEqual([]);
  });
});
