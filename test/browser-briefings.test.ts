// 简报 in a real browser (the system's Chromium) against a real server (development build of the
// UI, so antd's deprecation warnings would show). Posts of yesterday (Asia/Shanghai) go in
// through the API; on the page the office makes yesterday's daily briefing (the default of the
// form), sees it previewed (the stored HTML page in a sandboxed frame) and listed as issue 1,
// downloads the Word file (a DOCX with the Chinese text, tables and a chart image), makes a 专报
// of an event, and sets the schedule and subscribers (a bad time is refused at its field); the
// briefing opens as its own HTML page (its own Content-Security-Policy) with the charts as SVG,
// and a screenshot of it is not blank. Any console error or warning fails the test.
// Sign-ins: 1 in the browser.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { readDocx } from './docx-reader.ts';
import { POSTS } from './event-posts.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

/**
 * Closes the preview drawer with its close button and waits until it is gone (a key press may
 * land in the sandboxed frame, which does not pass it on to the page).
 */
async function closePreview(page: Page): Promise<void> {
  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('briefing-preview').waitFor({ state: 'detached' });
}

requireBrowserOrSkip('briefings page in a browser');

describe.skipIf(!hasBrowser)('briefings page in a browser', () => {
  const browser = useBrowser();
  let server: TestServer;
  let office: Client;
  /** Yesterday in Shanghai, YYYY-MM-DD (what the form offers first). */
  let yesterday = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const todayStart = Math.floor((Date.now() + OFFSET) / DAY) * DAY - OFFSET;
    const start = todayStart - DAY;
    yesterday = new Date(start + OFFSET).toISOString().slice(0, 10);
    const machine = await collectorClient(server, 'briefing browser collector');
    const posts = POSTS.map((p, i) => ({
      ...p,
      id: `bb-${p.id}`,
      published_at: new Date(start + 9 * 3_600_000 + i * 1_800_000).toISOString(),
    }));
    expect((await machine.post('/api/v1/ingest', posts)).body.accepted).toBe(POSTS.length);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
  }, 120_000);
  afterAll(async () => server?.close());

  it('office: makes, previews and downloads a daily briefing, a 专报, and sets the schedule', async () => {
    const { page, problems } = await browser.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'warning') problems.push(`warning: ${msg.text()}`);
    });
    await page.goto(`${server.url}/briefings`);
    await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/briefings');
    await page.getByTestId('briefings-page').waitFor();
    await page.getByText('尚无简报').first().waitFor();

    // 生成简报: yesterday's daily briefing is what the form offers first.
    await page.getByTestId('briefing-generate').click();
    const form = page.getByTestId('briefing-generate-form');
    await form.waitFor();
    expect(await page.getByTestId('briefing-generate-date').inputValue()).toBe(yesterday);
    await page.getByTestId('briefing-generate-submit').click();

    // The preview: the stored HTML page in a sandboxed frame.
    const frame = page.getByTestId('briefing-preview');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    const inner = page.frameLocator('[data-testid="briefing-preview"]');
    await inner.getByText('甘肃省统计局网络舆情日报').first().waitFor();
    await inner.getByText(/共监测到与我局工作相关的网络舆情信息 7 条/).waitFor();
    expect(await inner.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);

    // The Word file, as the button downloads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('briefing-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `甘肃省统计局网络舆情日报-${yesterday.slice(0, 4)}年第1期.docx`,
    );
    const docx = await readDocx(readFileSync(await download.path()));
    expect(docx.text).toContain('网络舆情信息 7 条');
    expect(docx.tables).toBeGreaterThanOrEqual(5);
    expect(docx.media.length).toBeGreaterThan(0);
    await closePreview(page);

    // Listed as issue 1 of its year.
    const table = page.getByTestId('briefing-table');
    await table.getByText('甘肃省统计局网络舆情日报').waitFor();
    await table.getByText(`${yesterday.slice(0, 4)}年第 1 期`).waitFor();

    // A 专报 of the rumour's event.
    await page.getByTestId('briefing-generate').click();
    await page.getByTestId('briefing-generate-kind').getByText('专报').click();
    await page.getByText('舆情事件', { exact: true }).click();
    await page.getByTestId('briefing-generate-event').click();
    await page.locator('.ant-select-item-option', { hasText: '青石县' }).first().click();
    await page.getByTestId('briefing-generate-submit').click();
    await page
      .frameLocator('[data-testid="briefing-preview"]')
      .getByText(/网络舆情专报：.*青石县/)
      .first()
      .waitFor();
    await closePreview(page);
    await table.getByText(/网络舆情专报/).waitFor();

    // 定时与订阅: a bad time is refused at its field; a good one, a subscriber and weekly off save.
    await page.getByRole('tab', { name: '定时与订阅' }).click();
    const schedule = page.getByTestId('briefing-schedule-form');
    await schedule.waitFor();
    await page.getByTestId('briefing-daily-time').fill('7:30');
    await page.getByTestId('briefing-schedule-save').click();
    await schedule.getByText('时间格式为 HH:MM（如 08:00）').waitFor();
    await page.getByTestId('briefing-daily-time').fill('07:30');
    await page.getByTestId('briefing-weekly-enabled').click();
    const emails = page.getByTestId('briefing-daily-emails');
    await emails.click();
    await page.keyboard.type('duty@example.org');
    await page.keyboard.press('Enter');
    await page.getByTestId('briefing-schedule-save').click();
    await page.getByText('已保存').first().waitFor();
    const saved = (await office.get('/api/v1/briefings/settings')).body.settings;
    expect(saved.schedule.daily).toEqual({ enabled: true, time: '07:30' });
    expect(saved.schedule.weekly.enabled).toBe(false);
    expect(saved.subscribers.daily).toEqual([{ email: 'duty@example.org' }]);

    // The briefing as its own page: title, charts as SVG, a screenshot that is not blank.
    const list = (await office.get('/api/v1/briefings?kind=daily')).body.items as { id: string }[];
    await page.goto(`${server.url}/api/v1/briefings/${list[0]!.id}/html`);
    await page.getByText('九、监测覆盖检查').waitFor();
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
    const shotPath = path.join(mkdtempSync(path.join(tmpdir(), 'yuqing-briefing-')), 'daily.png');
    const shot = PNG.sync.read(await page.screenshot({ fullPage: true, path: shotPath }));
    const colours = new Set<number>();
    for (let i = 0; i < shot.data.length; i += 4 * 97) {
      colours.add((shot.data[i]! << 16) | (shot.data[i + 1]! << 8) | shot.data[i + 2]!);
    }
    expect(shot.height).toBeGreaterThan(1500);
    expect(colours.size).toBeGreaterThan(8);
    expect(problems).toEqual([]);
  }, 120_000);
});
