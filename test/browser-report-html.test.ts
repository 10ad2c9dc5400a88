// A rendered report page (html-render.ts) in a real browser (the system's Chromium), served over
// loopback HTTP with the strict headers of htmlReportHeaders (no scripts, the one <style> by its
// hash): the Chinese title and the SVG charts show, the styles apply (so the policy let them
// through), nothing is logged to the console, the phone layout does not scroll sideways, and a
// screenshot of the page (kept in the test's temp dir) is not blank.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gansuMapOption, lineChartOption, SENTIMENT_COLORS } from '../src/reports/charts.ts';
import {
  b,
  chart,
  facts,
  h,
  list,
  p,
  table,
  type ReportDocument,
} from '../src/reports/document.ts';
import { htmlReportHeaders, renderHtml } from '../src/reports/html-render.ts';
import { hasBrowser, requireBrowserOrSkip, useBrowser } from './browser-helpers.ts';

const TITLE = '甘肃省统计局网络舆情日报';
const CURVE_ALT = '负面信息 11 月 2 日最多，通报发布后回落';
const MAP_ALT = '兰州市信息最多，其次是天水市';

const doc: ReportDocument = {
  title: TITLE,
  subtitle: '第 12 期 · 2026年11月28日',
  issuer: '省统计局网络舆情工作领导小组办公室',
  marking: '内部资料 注意保存',
  generatedAt: '2026-11-28T07:04:00Z',
  blocks: [
    h(1, '一、总体情况'),
    p('本日共监测到相关信息', b('128'), '条。网民留言 <script>alert(1)</script> 按原文显示。'),
    list(['核实原始台账', '发布权威说明'], true),
    table(
      ['平台', '信息数', '负面', '说明'],
      [
        ['新浪微博', 86, 4, '话题 #某县统计数据# 阅读量下降，评论趋于理性，转发以官方通报为主'],
        ['抖音', 30, 1, '短视频评论区有零星质疑'],
      ],
      { caption: '表1 平台分布', widths: [2, 1, 1, 5] },
    ),
    facts([
      ['事件名称', '某县统计数据质疑'],
      ['处置级别', '一般（Ⅳ级）'],
    ]),
    chart({
      title: '图1 舆情走势',
      alt: CURVE_ALT,
      option: lineChartOption({
        categories: ['11-01', '11-02', '11-03', '11-04'],
        series: [
          { name: '负面', data: [3, 12, 4, 1] },
          { name: '正面', data: [1, 2, 6, 8] },
        ],
        markLine: { at: '11-02', label: '发布通报' },
      }),
    }),
    chart({
      title: '图2 地域分布',
      alt: MAP_ALT,
      height: 420,
      option: gansuMapOption({
        values: [
          { name: '兰州市', value: 20 },
          { name: '天水市', value: 6 },
        ],
        label: '信息量',
      }),
    }),
  ],
};

/** What the checks read in the page (this file compiles without the DOM library). */
interface PageGlobals {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelector(s: string): unknown;
  };
  getComputedStyle(e: unknown): { borderBottomColor: string; textAlign: string };
}

function inked(png: PNG): { count: number; has: (hex: string) => boolean } {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if ((png.data[i] ?? 255) < 235 || (png.data[i + 1] ?? 255) < 235) count++;
  return {
    count,
    has: (hex) => {
      const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      for (let i = 0; i < png.data.length; i += 4)
        if (
          Math.abs((png.data[i] ?? 0) - r!) +
            Math.abs((png.data[i + 1] ?? 0) - g!) +
            Math.abs((png.data[i + 2] ?? 0) - bl!) <
          30
        )
          return true;
      return false;
    },
  };
}

requireBrowserOrSkip('report HTML in a browser');

describe.skipIf(!hasBrowser)('report HTML in a browser', { timeout: 120_000 }, () => {
  const { newPage } = useBrowser();
  let server: Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    const html = await renderHtml(doc);
    const headers = htmlReportHeaders(html);
    server = createServer((req, res) => {
      if (req.url !== '/report') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, headers).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/report`;
    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-report-html-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows the title, the tables and the charts under the strict policy, without a console message', async () => {
    const { page, problems } = await newPage();
    const warnings: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'warning') warnings.push(msg.text());
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");

    await expect.poll(() => page.title()).toBe(TITLE);
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe(TITLE);
    expect(await heading.isVisible()).toBe(true);
    // The script in the text is text.
    expect(await page.getByText('网民留言 <script>alert(1)</script> 按原文显示').isVisible()).toBe(
      true,
    );

    // The hashed <style> applied: the masthead is centred with its red rule.
    const masthead = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const style = g.getComputedStyle(g.document.querySelector('.masthead'));
      return { rule: style.borderBottomColor, align: style.textAlign };
    });
    expect(masthead).toEqual({ rule: 'rgb(192, 0, 0)', align: 'center' });

    expect(await page.getByRole('cell', { name: '新浪微博' }).isVisible()).toBe(true);
    expect(await page.getByRole('columnheader', { name: '信息数' }).isVisible()).toBe(true);

    const curve = page.getByRole('img', { name: CURVE_ALT });
    expect(await curve.isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: MAP_ALT }).isVisible()).toBe(true);
    const box = await curve.boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    const curveShot = inked(PNG.sync.read(await curve.screenshot()));
    expect(curveShot.count).toBeGreaterThan(2_000);
    expect(curveShot.has(SENTIMENT_COLORS['负面']!)).toBe(true);

    const file = path.join(dir, 'report-desktop.png');
    writeFileSync(file, await page.screenshot({ fullPage: true }));
    const shot = inked(PNG.sync.read(await page.screenshot({ fullPage: true })));
    expect(shot.count).toBeGreaterThan(20_000);
    expect(shot.has('#c00000')).toBe(true);

    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('fits a phone’s width: charts scale, only the tables may scroll', async () => {
    const { page, problems } = await newPage({ phone: true });
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const widths = await page.evaluate(() => {
      const e = (globalThis as unknown as PageGlobals).document.documentElement;
      return { scroll: e.scrollWidth, client: e.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const box = await page.getByRole('img', { name: CURVE_ALT }).boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    expect(box?.width).toBeGreaterThan(300);
    writeFileSync(path.join(dir, 'report-phone.png'), await page.screenshot({ fullPage: true }));
    expect(problems).toEqual([]);
  });
});
