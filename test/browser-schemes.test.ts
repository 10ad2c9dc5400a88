// 方案, the analysis in the feed and 设置 › 分析 in a real browser (the system's Chromium)
// against a real server fed through the push API: a query with a syntax error is marked where
// the error is, with its message; the fixed query is tested against the stored history (the
// count and the hits marked, untrusted text kept as text), saved, and its match count leads to
// the feed filtered by it; similar articles fold into one row with "相似 2 篇"; the sentiment
// filter; a risk term added in 设置 reaches the feed after a re-analysis; a viewer is offered
// no editing; pausing and archiving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { collectorClient, startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';

const ORIGINAL =
  '网传七里河区统计局GDP数据造假，增速注水三成，群众质疑数据打架，要求一查到底，还大家一个真实的统计数据';
const MARKUP = '<img src=x onerror="window.__pwned=1">统计局数据造假？';
const TRAVEL = '今天去敦煌看了月牙泉，风景太美了，强烈推荐大家去玩！';

const POSTS = [
  { id: 'sc-1', source: 'weibo', author: '陇上观察', text: ORIGINAL },
  // A repost of the same long text: folded into the first one's group.
  { id: 'sc-2', source: 'weibo', author: '某网友', text: `//@某网友:${ORIGINAL}` },
  {
    id: 'sc-3',
    source: 'news-site',
    title: '甘肃省统计局发布前三季度全省经济运行情况',
    text: '省统计局今天发布前三季度全省经济运行情况，地区生产总值同比增长5.8%。',
  },
  { id: 'sc-4', source: 'weibo', author: '旅行者', text: TRAVEL },
  // 统计 and 造假, but a job advert: the scheme's -招聘 leaves it out.
  { id: 'sc-5', source: 'weibo', author: '招聘号', text: '市统计局招聘统计员，严禁简历造假' },
  { id: 'sc-6', source: 'weibo', author: '<b>围观</b>', text: MARKUP },
];

const QUERY = '(统计局 | 统计) (造假 | 注水 | 数据打架) -招聘';

/** Lists reload after each change of filter: give them time on a loaded machine. */
const POLL = { timeout: 15_000 };

interface PageGlobals {
  __pwned?: unknown;
}

/** Chooses an option of an antd Select by its visible label. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

requireBrowserOrSkip('schemes and analysis in a browser');

describe.skipIf(!hasBrowser)('schemes and analysis in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const collector = await collectorClient(server, 'browser-schemes collector');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ accepted: POSTS.length, rejected: [] });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('office: a scheme from error to saved, its matches in the feed, folding, sentiment', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-schemes').click();
    await page.waitForURL((u) => u.pathname === '/schemes');
    await page.getByTestId('schemes-page').waitFor();

    // A new scheme; the query has an unclosed parenthesis.
    await page.getByTestId('scheme-add').click();
    const drawer = page.getByTestId('scheme-drawer');
    await drawer.getByTestId('scheme-name').fill('统计数据造假');
    const query = drawer.getByTestId('scheme-query');
    await query.fill('(统计 造假');
    const error = drawer.getByTestId('scheme-query-error');
    await error.waitFor();
    expect(await error.count()).toBe(1);
    expect(await error.textContent()).toContain('括号没有闭合');
    expect(await error.textContent()).toContain('第 1 个字符');
    // The marker sits on the parenthesis itself.
    const mark = drawer.getByTestId('scheme-query-error-mark');
    expect(await mark.count()).toBe(1);
    expect(await mark.textContent()).toBe('(');
    expect(await drawer.getByTestId('scheme-test-run').isDisabled()).toBe(true);
    // Saving is refused in the browser: nothing is sent with an error in it.
    await drawer.getByTestId('scheme-save').click();
    await drawer.getByText('表达式有语法错误').first().waitFor();

    // Fixed: the errors go; the colours follow the tokens (operators, parentheses, terms).
    await query.fill(QUERY);
    await error.waitFor({ state: 'detached' });
    const preview = drawer.getByTestId('scheme-query-preview');
    expect(await preview.textContent()).toBe(`${QUERY} `);
    // | | | and the leading - of -招聘.
    expect(await preview.locator('.sq-operator').count()).toBe(4);
    expect(await preview.locator('.sq-paren').count()).toBe(4);
    expect(await preview.locator('.sq-term', { hasText: '数据打架' }).count()).toBe(1);

    // The test run: the two copies of the rumour and the post with markup; not the advert.
    await drawer.getByTestId('scheme-test-run').click();
    const summary = drawer.getByTestId('scheme-test-summary');
    await summary.getByText('命中 3 条').waitFor();
    expect(await summary.textContent()).toContain('在最近 6 条信息中命中 3 条');
    const samples = drawer.getByTestId('scheme-test-sample');
    expect(await samples.count()).toBe(3);
    const marked = await drawer.locator('.scheme-samples mark.hit').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    for (const m of marked) expect(['统计局', '统计', '造假', '注水', '数据打架']).toContain(m);
    expect(marked).toContain('数据打架');
    // Untrusted text stays text (the author as published; the analysis text has no markup).
    const withMarkup = samples.filter({ hasText: '<b>围观</b>' });
    expect(await withMarkup.count()).toBe(1);
    expect(await withMarkup.locator('b').count()).toBe(0);
    expect(await withMarkup.getByTestId('scheme-test-text').textContent()).toContain(
      '统计局数据造假',
    );
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();

    await page.screenshot({ path: '/tmp/scheme-drawer.png' });

    // Saved: listed with its match count, which leads to the feed filtered by it.
    await drawer.getByTestId('scheme-save').click();
    await drawer.waitFor({ state: 'detached' });
    const row = page.getByTestId('schemes-table').locator('tr[data-row-key]', {
      hasText: '统计数据造假',
    });
    await row.waitFor();
    expect(await row.getByTestId('scheme-query-cell').textContent()).toBe(QUERY);
    const matches = row.getByTestId('scheme-matches');
    expect(await matches.textContent()).toBe('3');
    const schemeId = await row.getAttribute('data-row-key');
    await matches.click();
    await page.waitForURL((u) => u.pathname === '/mentions');
    expect(new URL(page.url()).searchParams.get('scheme')).toBe(schemeId);

    // Folded (the default): the rumour and its copy are one row with "相似 2 篇".
    const table = page.getByTestId('mentions-table');
    const rows = table.locator('tr[data-row-key]');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const rumour = rows.filter({ hasText: '陇上观察' });
    expect(await rumour.getByTestId('similar-badge').textContent()).toBe('相似 2 篇');
    expect(await rumour.getByTestId('scheme-tag').allTextContents()).toContain('统计数据造假');
    expect(await rumour.getByTestId('sentiment-tag').getAttribute('data-sentiment')).toBe(
      'negative',
    );
    expect(await rows.filter({ hasText: '招聘号' }).count()).toBe(0);
    expect(await rows.filter({ hasText: '旅行者' }).count()).toBe(0);

    // Unfolded: both copies, and the address says so.
    await page.getByTestId('filter-fold').click();
    await expect.poll(() => rows.count(), POLL).toBe(3);
    expect(new URL(page.url()).searchParams.get('fold')).toBe('0');
    expect(await rows.filter({ hasText: '某网友' }).count()).toBe(1);

    // The drawer: the analysis of the folded row, its group and keywords.
    await page.getByTestId('filter-fold').click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await rumour.click();
    const mention = page.getByTestId('mention-drawer');
    await mention.getByTestId('drawer-analysis').waitFor();
    expect(await mention.getByTestId('drawer-group').textContent()).toContain('本组共 2 篇');
    expect(
      await mention.getByTestId('drawer-keywords').locator('.ant-tag').count(),
    ).toBeGreaterThan(0);
    await mention.getByRole('button', { name: '关闭' }).click();
    await mention.waitFor({ state: 'detached' });

    // Without the scheme, filtered by sentiment: only positive posts, the travel one among them.
    await page.getByTestId('mentions-reset').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scheme'), POLL).toBeNull();
    await expect.poll(() => rows.count(), POLL).toBe(5);
    await choose(page, 'filter-sentiment', '正面');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('sentiment'), POLL)
      .toBe('positive');
    const shownLabels = async () =>
      [
        ...new Set(
          await table
            .getByTestId('sentiment-tag')
            .evaluateAll((els) => els.map((el) => el.getAttribute('data-sentiment'))),
        ),
      ].join(',');
    await expect.poll(shownLabels, POLL).toBe('positive');
    expect(await rows.filter({ hasText: '旅行者' }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/schemes-feed.png', fullPage: true });

    expect(problems).toEqual([]);
  }, 120_000);

  it('office: a risk term added in 设置 reaches the feed after a re-analysis', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login?next=${encodeURIComponent('/settings')}`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/settings');
    const lexicon = page.getByTestId('risk-lexicon');
    await lexicon.getByTestId('risk-lexicon-default').waitFor();

    // 月牙泉 joins the first category.
    const category = (await lexicon.getByTestId('risk-0-id').textContent()) ?? '';
    expect(category).not.toBe('');
    const terms = lexicon.getByTestId('risk-0-terms');
    await terms.click();
    await page.keyboard.type('月牙泉');
    await page.keyboard.press('Enter');
    await terms.getByText('月牙泉').waitFor();
    await lexicon.getByTestId('risk-save').click();
    await page.getByText('已保存风险词表').waitFor();
    await lexicon.getByTestId('risk-lexicon-custom').waitFor();

    // The history is analysed again; the progress ends in "完成".
    const reanalysis = page.getByTestId('reanalysis');
    await reanalysis.getByTestId('reanalysis-start').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '重新分析历史数据' }).click();
    await reanalysis.getByTestId('reanalysis-done').waitFor({ timeout: 60_000 });

    // The travel post now carries that risk category in the feed.
    await page.goto(`${server.url}/mentions?risk=${encodeURIComponent(category)}`);
    const rows = page.getByTestId('mentions-table').locator('tr[data-row-key]');
    const travel = rows.filter({ hasText: '旅行者' });
    await travel.waitFor();
    expect(await travel.getByTestId('risk-tag').count()).toBeGreaterThan(0);

    // 分析试验: the reading of a pasted text.
    await page.goto(`${server.url}/settings`);
    const tryBox = page.getByTestId('try-analysis');
    await tryBox.getByTestId('try-text').fill(ORIGINAL);
    await tryBox.getByTestId('try-run').click();
    const result = tryBox.getByTestId('try-result');
    await result.waitFor();
    expect(await result.getByTestId('sentiment-tag').getAttribute('data-sentiment')).toBe(
      'negative',
    );
    expect(await result.getByTestId('try-regions').textContent()).toContain('七里河区');
    expect(await result.getByTestId('try-keywords').locator('.ant-tag').count()).toBeGreaterThan(0);

    expect(problems).toEqual([]);
  }, 120_000);

  it('viewer: reads schemes and the analysis settings, is offered no editing', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login?next=${encodeURIComponent('/schemes')}`);
    await signIn(page, 'viewer', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/schemes');
    const rows = page.getByTestId('schemes-table').locator('tr[data-row-key]');
    await rows.filter({ hasText: '统计数据造假' }).waitFor();
    expect(await page.getByTestId('scheme-add').count()).toBe(0);
    expect(await page.getByTestId('scheme-edit').count()).toBe(0);
    for (const s of await page.getByTestId('scheme-enabled-switch').all())
      expect(await s.isDisabled()).toBe(true);

    // Opened read-only: no save, no archive, the query not editable; the test run still works.
    await rows.filter({ hasText: '统计数据造假' }).getByTestId('scheme-view').click();
    const drawer = page.getByTestId('scheme-drawer');
    await drawer.getByTestId('scheme-query').waitFor();
    expect(await drawer.getByTestId('scheme-save').count()).toBe(0);
    expect(await drawer.getByTestId('scheme-archive').count()).toBe(0);
    expect(await drawer.getByTestId('scheme-query').getAttribute('readonly')).not.toBeNull();
    await drawer.getByTestId('scheme-test-summary').getByText('命中 3 条').waitFor();
    await drawer.getByRole('button', { name: '关闭' }).first().click();

    await page.getByTestId('nav-settings').click();
    await page.waitForURL((u) => u.pathname === '/settings');
    await page.getByTestId('risk-lexicon-table').waitFor();
    expect(await page.getByTestId('risk-save').count()).toBe(0);
    expect(await page.getByTestId('risk-add').count()).toBe(0);
    expect(await page.getByTestId('risk-restore').count()).toBe(0);
    expect(await page.getByTestId('user-words-save').count()).toBe(0);
    expect(await page.getByTestId('reanalysis-start').count()).toBe(0);
    expect(await page.getByTestId('user-words-text').getAttribute('readonly')).not.toBeNull();
    // Trying the analysis is open to every member of staff.
    await page.getByTestId('try-run').waitFor();

    expect(problems).toEqual([]);
  }, 120_000);
  it('office: pauses the scheme (its matches go) and archives it after confirming', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login?next=${encodeURIComponent('/schemes')}`);
    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/schemes');
    const rows = page.getByTestId('schemes-table').locator('tr[data-row-key]');
    const row = rows.filter({ hasText: '统计数据造假' });
    await row.waitFor();

    // Paused: it matches nothing any more.
    await row.getByTestId('scheme-enabled-switch').click();
    await page.getByText('已停用方案「统计数据造假」').waitFor();
    await expect.poll(() => row.getByTestId('scheme-matches').textContent(), POLL).toBe('0');

    // Archived after the confirmation: gone from the list, back with "显示已归档".
    await row.getByTestId('scheme-edit').click();
    const drawer = page.getByTestId('scheme-drawer');
    await drawer.getByTestId('scheme-archive').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^归\s?档$/ })
      .click();
    await drawer.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('schemes-archived').click();
    await row.getByTestId('scheme-archived-tag').waitFor();
    // An archived scheme is only viewed.
    expect(await row.getByTestId('scheme-edit').count()).toBe(0);
    expect(await row.getByTestId('scheme-enabled-switch').isDisabled()).toBe(true);

    expect(problems).toEqual([]);
  }, 120_000);
});
