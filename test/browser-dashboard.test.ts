// 总览 and the event page in a real browser (the system's Chromium) against a real server fed
// through the push API with two stories (a rumour about a county bureau's figures, a flood in
// Lanzhou's 七里河区): the charts draw (canvases with pixels, series with data), the map has
// Lanzhou, the hot events are ranked by heat; a pushed post reaches the open dashboard over SSE
// without a reload; the incident clocks card shows the demo's incident; the event page shows
// every heat factor and grade reason; the office merges the two events and splits them again; a
// viewer is offered neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { FLOOD, POSTS } from './event-posts.ts';
import { collectorClient, startTestServer, type Client, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';

/** Lists reload after each change: give them time on a loaded machine. */
const POLL = { timeout: 20_000 };

interface PageGlobals {
  __stayed?: number;
}

/** Size of a chart's canvas and how many of its pixels are drawn (not transparent). */
async function canvasInk(chart: Locator): Promise<{ width: number; height: number; ink: number }> {
  await chart.locator('canvas').first().waitFor();
  return chart.evaluate((el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas) return { width: 0, height: 0, ink: 0 };
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0)
      return { width: canvas.width, height: canvas.height, ink: 0 };
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
    return { width: canvas.width, height: canvas.height, ink };
  });
}

async function expectDrawn(chart: Locator): Promise<void> {
  await expect.poll(async () => (await canvasInk(chart)).ink, POLL).toBeGreaterThan(500);
  const { width, height } = await canvasInk(chart);
  expect(width).toBeGreaterThan(100);
  expect(height).toBeGreaterThan(100);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
}

async function signInAt(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname === path);
}

requireBrowserOrSkip('dashboard and events in a browser');

describe.skipIf(!hasBrowser)('dashboard and events in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let collector: Client;
  let rumourId = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    collector = await collectorClient(server, 'browser-dashboard collector');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ accepted: POSTS.length, rejected: [] });
  }, 180_000);

  afterAll(async () => {
    // Pages first (a closing server also ends the live streams of pages still open).
    for (const p of pages) await p.close().catch(() => undefined);
    await server?.close();
  }, 180_000);

  it('an empty system: the dashboard says where data comes from, and invents nothing', async () => {
    const empty = await startTestServer('sqlite');
    const { page, problems } = await newPage();
    try {
      await page.goto(`${empty.url}/login`);
      await signIn(page, 'office', DEMO_PASSWORD);
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByTestId('dashboard-empty').waitFor();
      expect(await page.getByTestId('dashboard-totals').getAttribute('data-total')).toBe('0');
      expect(await page.getByTestId('volume-chart').count()).toBe(0);
      // No alert yet: zeros, not made-up numbers; the incident clocks of the demo's incident.
      expect(await page.getByTestId('alerts-card-open').getAttribute('data-value')).toBe('0');
      expect(await page.getByTestId('alerts-card-overdue').getAttribute('data-value')).toBe('0');
      await page.getByTestId('incidents-card-list').waitFor();
      expect(await page.getByTestId('incidents-card-running').getAttribute('data-value')).toBe('1');
      expect(await page.getByTestId('incidents-card-breached').getAttribute('data-value')).toBe(
        '0',
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await empty.close();
    }
  });

  it('office: the charts, the map, the hot events by heat, and a live update', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('dashboard-page').waitFor();

    const totals = page.getByTestId('dashboard-totals');
    await totals.waitFor({ state: 'attached' });
    expect(await totals.getAttribute('data-total')).toBe(String(POSTS.length));
    expect(await page.getByTestId('fig-total').textContent()).toBe(String(POSTS.length));

    await expectDrawn(page.getByTestId('volume-chart'));
    await expectDrawn(page.getByTestId('sentiment-chart'));
    await expectDrawn(page.getByTestId('sources-chart'));
    const map = page.getByTestId('gansu-map');
    await expectDrawn(map);
    // The 14 prefectures; one named (Lanzhou: the click below finds it by its colour).
    expect(await map.getAttribute('data-points')).toBe('14');
    expect(await page.getByTestId('fig-prefectures').textContent()).toBe('1 / 14');
    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
    // The other colouring of the map draws too.
    await page.getByTestId('map-mode').getByText('按负面信息').click();
    await expectDrawn(map);

    // Two events, hottest first, each with a grade, a sparkline and its count.
    const table = page.getByTestId('hot-events-table');
    const rows = table.locator('tr[data-row-key]');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    const heats = (await table.getByTestId('hot-event-heat').allTextContents()).map(Number);
    expect(heats).toEqual([...heats].sort((a, b) => b - a));
    expect(await table.getByTestId('grade-tag').count()).toBe(2);
    expect(await table.getByTestId('sparkline').count()).toBe(2);
    const counts = (await table.getByTestId('hot-event-count').allTextContents()).map(Number);
    expect([...counts].sort()).toEqual([3, 4]);
    const rumourRow = rows.filter({ hasText: '青石县' });
    expect(await rumourRow.count()).toBe(1);
    // Covered by 人民日报: central media, and the machine suggests major.
    expect(await rumourRow.getByTestId('authority-tag').textContent()).toBe('中央媒体：人民日报');
    expect(await rumourRow.getByTestId('grade-tag').textContent()).toBe('重大');
    rumourId = (await rumourRow.getAttribute('data-row-key'))!;

    await page.getByTestId('word-cloud').waitFor();
    expect(await page.getByTestId('word-cloud-word').count()).toBeGreaterThan(0);
    // The alert counts are the server's (the demo's rules may have fired on these posts); the
    // incident clocks card lists the demo's incident with its next clock.
    const alertCounts = (await page.evaluate(async () =>
      (await fetch('/api/v1/alerts/counts')).json(),
    )) as Record<string, number>;
    for (const [id, key] of [
      ['alerts-card-open', 'open'],
      ['alerts-card-major', 'open_major'],
      ['alerts-card-overdue', 'overdue'],
    ] as const) {
      expect(await page.getByTestId(id).getAttribute('data-value')).toBe(String(alertCounts[key]));
    }
    const clocks = page.getByTestId('incidents-card');
    await clocks.getByTestId('incidents-card-item').first().waitFor();
    expect(await clocks.getByTestId('incidents-card-next').first().textContent()).toMatch(/剩余 /);

    // Live: a new flood post arrives; the open page updates itself, no reload.
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-status'), POLL)
      .toBe('open');
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).__stayed = 1;
    });
    const more = await collector.post('/api/v1/ingest', [
      { id: 'f4', source: 'weibo', author: '网友丁', text: `${FLOOD}，愿平安` },
    ]);
    expect(more.body).toMatchObject({ accepted: 1 });
    await expect.poll(() => totals.getAttribute('data-total'), POLL).toBe(String(POSTS.length + 1));
    await expect
      .poll(
        async () =>
          (await table.getByTestId('hot-event-count').allTextContents()).map(Number).sort(),
        POLL,
      )
      .toEqual([4, 4]);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__stayed)).toBe(1);

    // A click on Lanzhou (the only prefecture named: the darkest blue) opens the feed filtered
    // by it.
    await page.getByTestId('map-mode').getByText('按信息量').click();
    await expectDrawn(map);
    const spot = await map.evaluate((el) => {
      const canvas = el.querySelector('canvas')!;
      const { data, width, height } = canvas
        .getContext('2d')!
        .getImageData(0, 0, canvas.width, canvas.height);
      // #1f4e9a, the top of the volume scale (the legend bar at the left edge left out).
      const hits: [number, number][] = [];
      for (let y = 0; y < height; y += 2) {
        for (let x = Math.floor(width * 0.25); x < width; x += 2) {
          const i = (y * width + x) * 4;
          const near =
            Math.abs(data[i]! - 31) + Math.abs(data[i + 1]! - 78) + Math.abs(data[i + 2]! - 154);
          if (near < 12) hits.push([x, y]);
        }
      }
      if (hits.length === 0) return null;
      // The hit nearest the middle of them all: well inside the shape, not on its border.
      const mx = hits.reduce((a, h) => a + h[0], 0) / hits.length;
      const my = hits.reduce((a, h) => a + h[1], 0) / hits.length;
      const [x, y] = hits.reduce((best, h) =>
        (h[0] - mx) ** 2 + (h[1] - my) ** 2 < (best[0] - mx) ** 2 + (best[1] - my) ** 2 ? h : best,
      );
      const box = canvas.getBoundingClientRect();
      return { x: box.left + (x * box.width) / width, y: box.top + (y * box.height) / height };
    });
    expect(spot).not.toBeNull();
    await page.mouse.click(spot!.x, spot!.y);
    await page.waitForURL(
      (u) => u.pathname === '/mentions' && u.searchParams.get('region') === '620100',
    );
    await page.getByTestId('mentions-table').waitFor();

    expect(problems).toEqual([]);
  }, 90_000);

  it('office: an event with its heat factors and grade reasons; merge and split', async () => {
    expect(rumourId).not.toBe('');
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'office', '/');
    await page
      .getByTestId('hot-events-table')
      .locator(`tr[data-row-key="${rumourId}"]`)
      .getByTestId('hot-event-title')
      .click();
    await page.waitForURL((u) => u.pathname === `/events/${rumourId}`);
    await page.getByTestId('event-page').waitFor();

    expect(await page.getByTestId('event-title').textContent()).toContain('青石县');
    expect(await page.getByTestId('event-mention-count').textContent()).toBe('4');
    // Every factor of the heat, with its points and what it read.
    const factors = page.getByTestId('heat-factor');
    await factors.first().waitFor();
    expect(await factors.count()).toBe(6);
    expect(await factors.locator('[data-testid="heat-factor-text"]').allTextContents()).toContain(
      '中央媒体：人民日报',
    );
    expect(await page.getByTestId('heat-factor-points').first().textContent()).toMatch(
      /^\d+(\.\d)? \/ \d+ 分$/,
    );
    // Every grading rule, the met ones first and marked.
    const reasons = page.getByTestId('grade-reason');
    expect(await reasons.count()).toBeGreaterThan(2);
    const met = await reasons.evaluateAll((els) => els.map((e) => e.getAttribute('data-met')));
    expect(met[0]).toBe('1');
    expect(met.join('')).toMatch(/^1+0*$/);
    expect(await reasons.first().textContent()).toContain('满足');
    expect(met).toContain('0');

    // Trend (hour, then minute), sentiment, the repost chain as a graph.
    await expectDrawn(page.getByTestId('event-trend-chart'));
    await page.getByTestId('event-trend-res').getByText('按分钟').click();
    await expectDrawn(page.getByTestId('event-trend-chart'));
    await expectDrawn(page.getByTestId('event-sentiment-chart'));
    await expectDrawn(page.getByTestId('propagation-graph'));
    // The timeline starts with the first mention and shows where the story spread.
    const timeline = page.getByTestId('event-timeline');
    await timeline.getByTestId('timeline-first').waitFor();
    expect(await timeline.getByTestId('timeline-first').textContent()).toContain('首发');
    expect(await timeline.getByTestId('timeline-source').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/event.png', fullPage: true });
    const mentionRows = page.getByTestId('event-mentions-table').locator('tr[data-row-key]');
    await mentionRows.nth(3).waitFor();
    expect(await mentionRows.count()).toBe(4);

    // Merge the flood into it: chosen from the list, confirmed; the count follows.
    await page.getByTestId('event-merge').click();
    const modal = page.getByTestId('merge-modal');
    // The candidates load first (the select shows a spinner meanwhile); a choice enables 合并.
    await expect.poll(() => modal.locator('.anticon-loading').count(), POLL).toBe(0);
    // The modal zooms in and the list slides down: a click while they move may miss.
    const settle = () =>
      modal.evaluate((el) =>
        Promise.all(
          el.ownerDocument.getAnimations().map((a: { finished: Promise<unknown> }) => a.finished),
        ),
      );
    await settle();
    const confirm = page.getByTestId('merge-confirm');
    const option = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '七里河' })
      .first();
    for (let attempt = 0; attempt < 3 && !(await confirm.isEnabled()); attempt++) {
      if (!(await option.isVisible())) await page.getByTestId('merge-select').click();
      await option.waitFor();
      await settle();
      await option.click();
      await expect
        .poll(() => confirm.isEnabled(), { timeout: 3_000 })
        .toBe(true)
        .catch(() => undefined);
    }
    expect(await confirm.isEnabled()).toBe(true);
    await confirm.click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('event-mention-count').textContent(), POLL).toBe('8');
    await expect.poll(() => mentionRows.count(), POLL).toBe(8);

    // Split the flood posts out again: selected, confirmed, a new event of 4.
    const floodRows = mentionRows.filter({ hasText: /七里河|暴雨/ });
    expect(await floodRows.count()).toBe(4);
    for (let i = 0; i < 4; i++) await floodRows.nth(i).locator('.ant-checkbox-input').check();
    const split = page.getByTestId('event-split');
    expect(await split.textContent()).toContain('已选 4 条');
    await split.click();
    await page.getByTestId('split-confirm').click();
    await page.getByTestId('split-result').waitFor();
    await expect.poll(() => page.getByTestId('event-mention-count').textContent(), POLL).toBe('4');
    const splitLink = page.getByTestId('split-link');
    const newId = (await splitLink.getAttribute('href'))!.replace('/events/', '');
    expect(newId).not.toBe(rumourId);
    await splitLink.click();
    await page.locator(`[data-testid="event-page"][data-event-id="${newId}"]`).waitFor();
    expect(await page.getByTestId('event-mention-count').textContent()).toBe('4');
    expect(await page.getByTestId('event-title').textContent()).toMatch(/七里河|暴雨/);
    // No repost chain among the flood posts: said so instead of an empty graph.
    await page.getByTestId('propagation-none').waitFor();

    expect(problems).toEqual([]);
  }, 90_000);

  it('viewer: reads the dashboard and an event, is offered no merge or split', async () => {
    expect(rumourId).not.toBe('');
    const { page, problems } = await newPage();
    pages.push(page);
    await signInAt(page, server.url, 'viewer', '/');
    await page.getByTestId('dashboard-page').waitFor();
    await expectDrawn(page.getByTestId('volume-chart'));
    await page.goto(`${server.url}/events/${rumourId}`);
    await page.getByTestId('event-page').waitFor();
    await page.getByTestId('heat-factor').first().waitFor();
    await page.getByTestId('event-mentions-table').locator('tr[data-row-key]').first().waitFor();
    expect(await page.getByTestId('event-merge').count()).toBe(0);
    expect(await page.getByTestId('event-split').count()).toBe(0);
    expect(await page.getByTestId('event-mentions-table').locator('.ant-checkbox').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
