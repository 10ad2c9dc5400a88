// The 案例库 page in a real browser (the system's Chromium, never a downloaded one) against a
// real server: the office searches in traditional Chinese and sees the simplified cases with the
// match marked (the title match first), opens one in the drawer, edits it into a second version
// with a video link, attaches a picture that shows in the drawer (a text file is refused before
// it is sent), makes a case from an archived incident's approved review, filters by tag and
// withdraws a case; a viewer reads without the office's buttons; an informant is told the
// library is not for their role.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { Client, DEMO_PASSWORD_FOR_TESTS, startTestServer, type TestServer } from './helpers.ts';

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const REVIEW_TITLE = '关于青石县人口数据误读舆情的总结评估';
const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 30_000 };

/** What the checks read in the page (this file compiles without the DOM library). */
interface PageGlobals {
  document: { querySelector(s: string): { naturalWidth: number; complete: boolean } | null };
}

async function choose(page: Page, select: Locator, label: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  await expect.poll(() => open.count(), POLL).toBe(0);
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

requireBrowserOrSkip('case library in a browser');

describe.skipIf(!hasBrowser)('case library in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  const { newPage } = useBrowser();
  let server: TestServer;
  let dir: string;
  let pngPath: string;
  let textPath: string;
  let inTitleId = '';
  let inBodyId = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    const deputy = await new Client(server.url).login('deputy', DEMO_PASSWORD_FOR_TESTS);
    const me = (await office.get('/api/v1/auth/me')).body as { unit: { id: string } };
    const deputyId = (await deputy.get('/api/v1/auth/me')).body.id as string;

    // Two cases by hand: the words in one's title, in the other's summary.
    const a = await office.post('/api/v1/cases', {
      title: '统计数据打架的澄清',
      summary: '办公室核实后一小时内发布说明，媒体转载。',
      successes: ['核实快', '口径统一'],
      problems: ['夜间值班响应偏慢'],
      lessons: ['完善夜间提醒'],
      tags: ['数据质量', '澄清'],
      kind: 'positive',
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    inTitleId = a.body.id;
    const b = await office.post('/api/v1/cases', {
      title: '一次网络舆情应对的回顾',
      summary: '网传两份统计数据打架，办公室发布说明后平息。',
      tags: ['数据质量'],
      kind: 'negative',
    });
    inBodyId = b.body.id;
    await office.post('/api/v1/cases', { title: '人口普查宣传', summary: '普查登记按时完成。' });

    // An incident taken through a general response to an approved review, then archived.
    const opened = await office.post('/api/v1/incidents', {
      title: '青石县人口数据误读',
      unitId: me.unit.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [],
    });
    const iid = opened.body.incident.id as string;
    const act = async (action: object) => {
      const r = await office.post(`/api/v1/incidents/${iid}/actions`, { action });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { approvals: { id: string; docType: string; status: string }[] };
    };
    const approve = async (c: Client, v: Awaited<ReturnType<typeof act>>, docType: string) => {
      const p = v.approvals.find((x) => x.docType === docType && x.status === 'pending')!;
      const r = await c.post(`/api/v1/approvals/${p.id}/decision`, {
        decision: 'approve',
        comment: '同意',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await act({ type: 'start_assessment' });
    await act({ type: 'grade', grade: 'general' });
    await act({ type: 'set_leader_in_charge', userId: deputyId });
    await approve(
      deputy,
      await act({ type: 'propose_response_activation', title: '启动', body: '启动' }),
      'response_activation',
    );
    await approve(
      deputy,
      await act({ type: 'propose_termination', title: '终止', body: '终止' }),
      'response_termination',
    );
    await act({ type: 'start_review' });
    await approve(
      leader,
      await act({
        type: 'submit_document',
        document: {
          docType: 'review_report',
          title: REVIEW_TITLE,
          body: '网传人口数据被误读，办公室及时解读，舆情平息。',
          successes: ['解读及时'],
          problems: ['图表说明不足'],
          improvements: ['发布时附图解'],
        },
      }),
      'review_report',
    );
    await act({ type: 'archive', summary: '归档' });

    dir = mkdtempSync(path.join(tmpdir(), 'yuqing-cases-'));
    pngPath = path.join(dir, '现场截图.png');
    writeFileSync(pngPath, PNG);
    textPath = path.join(dir, 'notes.txt');
    writeFileSync(textPath, 'not a picture');
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('office: searches in traditional Chinese, edits, attaches, makes a case from a review, withdraws', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-cases').click();
    await page.waitForURL((u) => u.pathname === '/cases');
    const results = page.getByTestId('case-result');
    await results.nth(2).waitFor();

    // A traditional query finds the simplified cases; the title match comes first, marked.
    await page.getByTestId('cases-search').locator('input').fill('數據打架');
    await page.getByTestId('cases-search').locator('input').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '數據打架');
    await expect
      .poll(() => page.getByTestId('cases-total').textContent(), POLL)
      .toBe('共找到 2 个案例');
    expect(await results.count()).toBe(2);
    expect(await results.nth(0).getAttribute('data-case-id')).toBe(inTitleId);
    expect(await results.nth(1).getAttribute('data-case-id')).toBe(inBodyId);
    expect(
      await results.nth(0).getByTestId('case-result-title').locator('mark').textContent(),
    ).toBe('数据打架');
    expect(
      await results.nth(1).getByTestId('case-result-snippet').locator('mark').textContent(),
    ).toBe('数据打架');
    await page.screenshot({ path: '/tmp/cases-search.png', fullPage: true });

    // The drawer: the case in full; edit it into version 2 with a video link.
    await results.nth(1).click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('case-detail').waitFor();
    expect(await drawer.getByTestId('case-summary').locator('mark').textContent()).toBe('数据打架');
    await drawer.getByTestId('case-edit').click();
    const form = page.getByTestId('case-form');
    await form.waitFor();
    await form.getByTestId('case-title-input').fill('一次网络舆情应对的回顾（修订）');
    await form.getByTestId('case-successes-input').fill('发布及时\n口径统一');
    await form.getByTestId('case-video-add').click();
    await form.getByTestId('case-video-title').fill('新闻发布会实录');
    await form.getByTestId('case-video-url').fill('http://video.example/1');
    await page.getByTestId('case-form-submit').click();
    await form.getByText('请输入 https:// 开头的链接').waitFor();
    await form.getByTestId('case-video-url').fill('https://video.example/live/1');
    await form.getByTestId('case-note-input').fill('补充经验做法');
    await page.getByTestId('case-form-submit').click();
    await form.waitFor({ state: 'detached' });
    await expect
      .poll(() => drawer.getByTestId('case-drawer-title').textContent(), POLL)
      .toBe('一次网络舆情应对的回顾（修订）');
    const versions = drawer.getByTestId('case-version');
    await versions.nth(1).waitFor();
    expect(await versions.nth(0).textContent()).toContain('第 2 版');
    expect(await versions.nth(0).textContent()).toContain('补充经验做法');
    await versions.nth(1).click();
    await drawer.getByText('网传两份统计数据打架，办公室发布说明后平息。').last().waitFor();
    const video = drawer.getByTestId('case-video');
    expect(await video.getAttribute('href')).toBe('https://video.example/live/1');
    expect(await video.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await drawer.getByTestId('case-successes').locator('li').allTextContents()).toEqual([
      '发布及时',
      '口径统一',
    ]);

    // Attach: a text file is refused here; the picture shows in the drawer.
    await drawer.getByTestId('case-attach').click();
    const fileForm = page.getByTestId('case-file-form');
    await fileForm.waitFor();
    await fileForm.getByTestId('case-file-input').setInputFiles(textPath);
    expect(await fileForm.getByTestId('case-file-problem').textContent()).toContain('notes.txt');
    await fileForm.getByTestId('case-file-input').setInputFiles(pngPath);
    await fileForm.getByTestId('case-file-problem').waitFor({ state: 'detached' });
    await fileForm.getByTestId('case-file-caption').fill('微博截图');
    await page.getByTestId('case-file-submit').click();
    await fileForm.waitFor({ state: 'detached' });
    const attachment = drawer.getByTestId('case-attachment');
    await attachment.waitFor();
    expect(await attachment.textContent()).toContain('现场截图.png');
    expect(await attachment.textContent()).toContain('微博截图');
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const img = (globalThis as unknown as PageGlobals).document.querySelector(
              '[data-testid="case-attachment"] img',
            );
            return img && img.complete ? img.naturalWidth : 0;
          }),
        POLL,
      )
      .toBe(1);
    await page.screenshot({ path: '/tmp/cases-drawer.png', fullPage: true });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'detached' });

    // From an archived incident: its approved review becomes a case.
    await page.getByTestId('case-from-incident').click();
    const from = page.getByTestId('from-incident-form');
    await from.waitFor();
    await choose(page, from.getByTestId('from-incident-select'), '青石县人口数据误读');
    await from.getByTestId('from-incident-chosen').waitFor();
    await page.getByTestId('from-incident-submit').click();
    await from.waitFor({ state: 'detached' });
    const made = page.getByTestId('case-drawer');
    await expect
      .poll(() => made.getByTestId('case-drawer-title').textContent(), POLL)
      .toBe(REVIEW_TITLE);
    expect(await made.getByTestId('case-successes').locator('li').allTextContents()).toEqual([
      '解读及时',
    ]);
    expect(await made.getByTestId('case-lessons').locator('li').allTextContents()).toEqual([
      '发布时附图解',
    ]);
    expect(await made.getByTestId('case-incident').textContent()).toBe('青石县人口数据误读');

    // The same incident again: the page says it is in the library and opens that case.
    await made.locator('.ant-drawer-close').click();
    await made.waitFor({ state: 'detached' });
    await page.getByTestId('case-from-incident').click();
    await from.waitFor();
    await choose(page, from.getByTestId('from-incident-select'), '青石县人口数据误读');
    await page.getByTestId('from-incident-submit').click();
    const exists = from.getByTestId('from-incident-exists');
    await exists.waitFor();
    expect(await exists.textContent()).toContain('该事件已收入案例库');
    await exists.getByRole('button').click();
    await from.waitFor({ state: 'detached' });
    await expect
      .poll(() => made.getByTestId('case-drawer-title').textContent(), POLL)
      .toBe(REVIEW_TITLE);

    // Withdraw it: gone from the library, listed under 已撤回 for the office.
    await made.getByTestId('case-withdraw').click();
    await page.getByTestId('case-withdraw-reason').fill('与已有案例重复');
    await page.getByTestId('case-withdraw-submit').click();
    await made.getByTestId('case-withdrawn').waitFor();
    expect(await made.getByTestId('case-withdrawn').textContent()).toContain('与已有案例重复');
    await made.locator('.ant-drawer-close').click();
    await made.waitFor({ state: 'detached' });

    // Tag filter (the search cleared): the two cases tagged 数据质量.
    await page.getByTestId('cases-search').locator('input').fill('');
    await page.getByTestId('cases-search').locator('input').press('Enter');
    await page.waitForURL((u) => !u.searchParams.has('q'));
    await choose(page, page.getByTestId('cases-tag-filter'), '数据质量');
    await page.waitForURL((u) => u.searchParams.get('tag') === '数据质量');
    await expect.poll(() => results.count(), POLL).toBe(2);
    expect(await page.getByText(REVIEW_TITLE).count()).toBe(0);
    // The withdrawn case is listed for the office under 已撤回.
    await page.goto(`${server.url}/cases`);
    await choose(page, page.getByTestId('cases-status-filter'), '已撤回');
    await page.waitForURL((u) => u.searchParams.get('status') === 'withdrawn');
    await results.filter({ hasText: REVIEW_TITLE }).waitFor();
    expect(await results.count()).toBe(1);

    // The one expected failure: the browser logs the 409 of the incident made a case twice.
    expect(problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
    expect(problems.filter((p) => p.includes('status of 409'))).toHaveLength(1);
  });

  it('viewer reads without the office’s buttons; an informant is told the library is not for them', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/cases?case=${inTitleId}`);
    await page.waitForURL((u) => u.pathname === '/login');
    await signIn(page, 'viewer', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname === '/cases');
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('case-detail').waitFor();
    expect(await drawer.getByTestId('case-drawer-title').textContent()).toBe('统计数据打架的澄清');
    expect(await drawer.getByTestId('case-edit').count()).toBe(0);
    expect(await page.getByTestId('case-new').count()).toBe(0);
    expect(await page.getByTestId('cases-status-filter').count()).toBe(0);
    expect(await drawer.getByTestId('case-kind').getAttribute('data-kind')).toBe('positive');
    expect(problems).toEqual([]);

    const informant = await newPage({ phone: true });
    await informant.page.goto(`${server.url}/cases`);
    await informant.page.waitForURL((u) => u.pathname === '/login');
    await signIn(informant.page, 'informant', DEMO_PASSWORD_FOR_TESTS);
    await informant.page.waitForURL((u) => u.pathname === '/cases');
    await informant.page.getByText('信息员账号无权查看').waitFor();
    expect(informant.problems).toEqual([]);
  });
});
