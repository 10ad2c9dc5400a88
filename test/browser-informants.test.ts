// The informant network's tabs on the 报送 page in a real browser (the system's Chromium)
// against a real server: the office works through the 审核 queue (ages, the lead over the
// machine, the "already found" suggestion, a refused review without its reason, a changed
// review with its history), reads the 排名 of this month by unit and by person and downloads the
// notice as a Word file that opens with the right text, and keeps 保障记录 (adds, voids); the
// informant sees only their own support records and none of the office's tabs.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKey, periodOf, shanghaiDate } from '../src/domain/informant-scoring.ts';
import type { Actor } from '../src/services/context.ts';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { readDocx } from './docx-reader.ts';
import {
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 20_000 };

const LEAD_LINK = 'https://weibo.com/3344/InformantFirst';
const MACHINE_LINK = 'https://weibo.com/3344/MachineFirst';
const LEAD_TEXT = '网传某县统计局篡改数据，已有转发';
const MACHINE_TEXT = '微博热议全省人口普查数据';
const PLAIN_TEXT = '听群众反映某调查员态度生硬';

/** Chooses an option of an antd Select by its visible label (typed when searchable: long lists scroll). */
async function choose(page: Page, select: Locator, label: string, type = false): Promise<void> {
  await select.click();
  if (type) await page.keyboard.type(label);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

requireBrowserOrSkip('informant network tabs in a browser');

describe.skipIf(!hasBrowser)(
  'informant network tabs in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    const { newPage } = useBrowser();
    let server: TestServer;
    /** The server's clock runs `shift` ms off the real one while the reports are set up. */
    let shift = 0;

    beforeAll(async () => {
      server = await startTestServer('sqlite', { now: () => new Date(Date.now() + shift) });
      const collector = await collectorClient(server, 'browser-test collector');
      const db = server.store.db;
      const actorOf = async (username: string): Promise<Actor> => {
        const user = await db
          .selectFrom('users')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirstOrThrow();
        return { principal: await server.app.services.auth.principalForUser(user), ip: null };
      };
      const informant = await actorOf('informant');
      const division = await actorOf('division');
      const push = (id: string, url: string) =>
        collector.post('/api/v1/ingest', [{ id, source: 'weibo', url, text: `监测源：${url}` }]);

      // A monitored source had this one first.
      shift = -120 * 60_000;
      await push('wb-machine', MACHINE_LINK);
      shift = -100 * 60_000;
      await server.app.services.reports.create(informant, {
        text: MACHINE_TEXT,
        link: MACHINE_LINK,
      });
      // The informant was 60 minutes ahead of the machine on this one.
      shift = -90 * 60_000;
      await server.app.services.reports.create(informant, { text: LEAD_TEXT, link: LEAD_LINK });
      shift = -30 * 60_000;
      await push('wb-lead', LEAD_LINK);
      shift = -10 * 60_000;
      await server.app.services.reports.create(division, { text: PLAIN_TEXT });
      shift = 0;
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    it('office: reviews the queue, reads the ranking, downloads the notice, keeps support records', async () => {
      const { page, problems } = await newPage();
      await page.goto(`${server.url}/login`);
      await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
      await page.waitForURL((u) => u.pathname === '/');
      await page.goto(`${server.url}/reports?tab=review`);
      const tab = page.getByTestId('review-tab');
      const items = tab.getByTestId('assessment-item');
      await expect.poll(() => items.count(), POLL).toBe(3);

      // Oldest first, each with its age and where it stood against the machine.
      const machine = items.filter({ hasText: MACHINE_TEXT });
      const lead = items.filter({ hasText: LEAD_TEXT });
      const plain = items.filter({ hasText: PLAIN_TEXT });
      expect(await items.first().getByTestId('assessment-text').textContent()).toBe(MACHINE_TEXT);
      expect(await machine.getByTestId('assessment-age').textContent()).toContain('已等待 1 小时');
      expect(await plain.getByTestId('assessment-age').textContent()).toMatch(/^已等待 1\d 分钟$/);
      expect(await machine.getByTestId('lead-tag').textContent()).toBe('系统已先采集');
      expect(await machine.getByTestId('assessment-suggestion').textContent()).toBe(
        '建议：机器已发现',
      );
      expect(await lead.getByTestId('lead-tag').textContent()).toBe('领先系统 60 分钟');
      expect(await plain.getByTestId('lead-tag').textContent()).toBe('无链接');

      // Adopted as a special report: 1 + 4 + the 60-minute band's 2 = 7 points.
      await lead.getByTestId('assessment-review').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByTestId('review-form').waitFor();
      await choose(page, modal.getByTestId('review-level'), '专报采用');
      await expect
        .poll(() => modal.getByTestId('review-preview').textContent(), POLL)
        .toBe('按现行积分规则，此结果计 7 分。');
      await page.getByTestId('review-submit').click();
      await expect.poll(() => items.count(), POLL).toBe(2);

      // The suggestion is the form's first answer.
      await machine.getByTestId('assessment-review').click();
      await modal.getByTestId('review-form').waitFor();
      expect(await modal.locator('.ant-radio-button-wrapper-checked').textContent()).toBe(
        '机器已发现',
      );
      await page.getByTestId('review-submit').click();
      await expect.poll(() => items.count(), POLL).toBe(1);

      // Not adopted needs its reason.
      await plain.getByTestId('assessment-review').click();
      await modal.getByTestId('review-form').waitFor();
      await modal.getByText('不采用', { exact: true }).click();
      await page.getByTestId('review-submit').click();
      await modal.getByText('请说明不采用的理由').waitFor();
      await modal.getByTestId('review-reason').fill('线索不具体，无法核实');
      await page.getByTestId('review-submit').click();
      await tab.getByText('没有待审核的报送').waitFor();

      // Changed: the plain one adopted after all; its history keeps both versions.
      await tab.getByTestId('review-status').getByText('已审核').click();
      await expect.poll(() => items.count(), POLL).toBe(3);
      expect(await plain.getByTestId('decision-tag').textContent()).toBe('不采用');
      await plain.getByTestId('assessment-review').click();
      await modal.getByTestId('review-history').waitFor();
      await modal.getByText('采用', { exact: true }).click();
      await choose(page, modal.getByTestId('review-level'), '日报采用');
      await page.getByTestId('review-submit').click();
      await expect
        .poll(() => plain.getByTestId('decision-tag').textContent(), POLL)
        .toBe('采用 · 日报采用');
      expect(await plain.getByTestId('assessment-points').textContent()).toBe('3 分');
      expect(await lead.getByTestId('assessment-points').textContent()).toBe('7 分');
      await plain.getByTestId('assessment-review').click();
      const history = modal.getByTestId('review-history');
      await expect.poll(() => history.locator('.ant-timeline-item').count(), POLL).toBe(2);
      expect(await history.textContent()).toContain('线索不具体，无法核实');
      await modal.getByRole('button', { name: /取\s?消/ }).click();
      await page.screenshot({ path: '/tmp/informants-review.png', fullPage: true });

      // 排名: this month, by unit then by person.
      await page.getByRole('tab', { name: '排名' }).click();
      await page.waitForURL((u) => u.searchParams.get('tab') === 'ranking');
      const ranking = page.getByTestId('ranking-tab');
      const rows = ranking.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), POLL).toBe(29);
      const cells = async (row: Locator) =>
        (await row.locator('td').allTextContents()).map((s) => s.trim());
      expect(await cells(rows.nth(0))).toEqual([
        '1',
        '兰州市统计局',
        '2',
        '1',
        '50.0%',
        '1',
        '7',
        '0',
      ]);
      expect(await cells(rows.nth(1))).toEqual([
        '2',
        '国民经济核算处',
        '1',
        '1',
        '100.0%',
        '0',
        '3',
        '0',
      ]);
      expect(await cells(rows.nth(2))).toEqual(['3', '综合处', '0', '0', '—', '0', '0', '0']);
      expect(await ranking.getByTestId('ranking-totals').textContent()).toContain(
        '报送 3 条，采用 2 条，采用率 66.7%，先于系统发现并采用 1 条，积分合计 10 分',
      );
      await ranking.getByTestId('ranking-by').getByText('按人员').click();
      await expect.poll(() => rows.count(), POLL).toBe(2);
      expect((await cells(rows.nth(0))).slice(0, 3)).toEqual([
        '1',
        expect.any(String),
        '兰州市统计局',
      ]);
      await ranking
        .getByTestId('scoring-rules')
        .getByText('每条采用信息计 1 分', { exact: false })
        .waitFor();
      // The office changes a rule: 专报采用 worth 5, so the adopted special report earns 8.
      await ranking.getByTestId('rules-edit').click();
      const rules = page.locator('.ant-modal:visible');
      await rules.getByTestId('rules-form').waitFor();
      await rules.getByLabel('专报采用', { exact: true }).fill('5');
      await page.getByTestId('rules-save').click();
      await rules.waitFor({ state: 'detached' });
      await expect
        .poll(() => ranking.getByTestId('ranking-totals').textContent(), POLL)
        .toContain('积分合计 11 分');
      expect(await ranking.getByTestId('scoring-rules').textContent()).toContain('专报采用 5 分');

      // The notice downloads as a Word file that opens with this month's figures.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        ranking.getByTestId('notice-docx').click(),
      ]);
      const month = periodKey(periodOf(new Date().toISOString(), 'month'));
      expect(download.suggestedFilename()).toBe(`报送及采用情况通报-${month}.docx`);
      const docx = await readDocx(readFileSync(await download.path()));
      expect(docx.text).toContain('网络舆情信息报送及采用情况通报');
      expect(docx.text).toContain('全省共报送舆情信息3条，经审核采用2条，采用率66.7%');
      expect(docx.text).toContain(LEAD_TEXT);
      expect(docx.media.length).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: '/tmp/informants-ranking.png', fullPage: true });

      // 保障记录: a duty allowance and a training for 兰州's informant; a wrong one voided.
      await page.getByRole('tab', { name: '保障记录' }).click();
      const support = page.getByTestId('support-tab');
      const today = shanghaiDate(new Date().toISOString());
      const addRecord = async (kind: string, value: string) => {
        await support.getByTestId('support-add').click();
        const form = page.locator('.ant-modal:visible');
        await form.getByTestId('support-form').waitFor();
        await choose(page, form.getByTestId('support-person'), '兰州市统计局', true);
        await choose(page, form.getByTestId('support-kind-select'), kind);
        await form.getByTestId('support-date').click();
        await page.keyboard.type(today);
        await page.keyboard.press('Enter');
        await form.getByLabel(kind === '培训' ? '培训学时（小时）' : '金额（元）').fill(value);
        await page.getByTestId('support-save').click();
        await form.waitFor({ state: 'detached', timeout: 10_000 }).catch(async (e: unknown) => {
          await page.screenshot({ path: '/tmp/informants-support-form.png' });
          throw new Error(`the form stayed open: ${await form.textContent()}`, { cause: e });
        });
      };
      await addRecord('值班补贴', '300');
      await addRecord('流量补贴', '50.5');
      await addRecord('培训', '2.5');
      const records = support
        .getByTestId('support-table')
        .locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => records.count(), POLL).toBe(3);
      await expect
        .poll(() => support.getByTestId('support-total').textContent(), POLL)
        .toBe('合计：3 条，金额 350.50 元，培训 2.5 小时');
      await records.filter({ hasText: '流量补贴' }).getByTestId('support-void').click();
      await page.getByTestId('support-void-reason').fill('重复登记');
      await page.getByTestId('support-void-confirm').click();
      await expect
        .poll(() => support.getByTestId('support-total').textContent(), POLL)
        .toBe('合计：2 条，金额 300.00 元，培训 2.5 小时');
      expect(await support.getByTestId('support-by-unit').textContent()).toContain('兰州市统计局');
      await support.getByText('含已作废').click();
      await support.getByTestId('support-voided').getByText('已作废：重复登记').waitFor();
      await page.screenshot({ path: '/tmp/informants-support.png', fullPage: true });

      expect(problems).toEqual([]);
    });

    it('informant: only their own support records, none of the office’s tabs', async () => {
      const { page, problems } = await newPage({ phone: true });
      await page.goto(`${server.url}/login`);
      await page
        .getByTestId('login-username')
        .waitFor({ timeout: 10_000 })
        .catch(async (e: unknown) => {
          await page.screenshot({ path: '/tmp/informants-login.png' });
          throw new Error(
            `no login form: ${page.url()} ${await page.textContent('body')} ${problems.join(' | ')}`,
            { cause: e },
          );
        });
      await signIn(page, 'informant', DEMO_PASSWORD_FOR_TESTS);
      await page.waitForURL((u) => u.pathname === '/');
      await page.goto(`${server.url}/reports?tab=support`);
      const support = page.getByTestId('support-tab');
      await support.getByText('这里只显示你本人的保障记录。').waitFor();
      expect(await page.getByRole('tab', { name: '审核' }).count()).toBe(0);
      expect(await page.getByRole('tab', { name: '排名' }).count()).toBe(0);
      expect(await support.getByTestId('support-add').count()).toBe(0);
      await expect
        .poll(() => support.getByTestId('support-total').textContent(), POLL)
        .toBe('合计：2 条，金额 300.00 元，培训 2.5 小时');
      await page.screenshot({ path: '/tmp/informants-support-mobile.png', fullPage: true });
      expect(problems).toEqual([]);
    });
  },
);
