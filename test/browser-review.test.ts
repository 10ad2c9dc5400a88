// 总结评估 ([P17]) in a real browser (the system's Chromium) against a real server. Through the
// API, what is tedious: posts fire a real alert and the drill takes its major incident to the
// termination of the response; the office starts the review. Through the page, what matters:
// the incident's 总结评估 tab shows the review generated from the record (every clock with its
// result, the curve of the event around the statement drawn as a chart); the office writes the
// review report there (what worked, one per line); once the leadership group has approved it, the
// office archives the incident from the tab; the review opens as its own page (the HTML export,
// under its own Content-Security-Policy) with the chart as SVG, and a screenshot of it is not
// blank. Any console error or warning fails the test. Sign-ins: 1 in the browser.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrill } from '../src/cli/drill-command.ts';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const RUMOUR = '网传青石县统计局篡改农民人均可支配收入数据，数据造假严重，要求彻查';
const WORKED = '一小时内发布权威信息';
const DID_NOT = '续报间隔偏长';

requireBrowserOrSkip('the after-action review in a browser');

describe.skipIf(!hasBrowser)('the after-action review in a browser', () => {
  const browser = useBrowser();
  let server: TestServer;
  let office: Client;
  let incidentId = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const machine = await collectorClient(server);
    const posts = [1, 2, 3, 4].map((i) => ({
      id: `browser-review-${i}`,
      source: 'weibo',
      author: `网友${i}`,
      text: `${RUMOUR}（${i}）`,
      url: `https://weibo.example/browser-review-${i}`,
    }));
    expect((await machine.post('/api/v1/ingest', posts)).body.accepted).toBe(4);
    const drill = await runDrill(
      { url: server.url, password: DEMO_PASSWORD_FOR_TESTS, fromAlert: 'any' },
      { write: () => undefined },
    );
    expect(drill.failure).toBeNull();
    incidentId = drill.incidentId!;
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    const started = await office.post(`/api/v1/incidents/${incidentId}/actions`, {
      action: { type: 'start_review', note: '开始总结评估' },
    });
    expect(started.status).toBe(200);
  }, 120_000);
  afterAll(async () => server?.close());

  it('office: writes the review on the generated draft, archives it once approved, and opens the page', async () => {
    const { page, problems } = await browser.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'warning') problems.push(`warning: ${msg.text()}`);
    });
    const path = `/incidents/${incidentId}?tab=review`;
    await page.goto(`${server.url}${path}`);
    await signIn(page, 'office', DEMO_PASSWORD_FOR_TESTS);
    await page.waitForURL((u) => u.pathname + u.search === path);

    // The draft generated from the record: every clock met, the event's curve drawn.
    const doc = page.getByTestId('review-document');
    await doc.getByText('三、时限执行情况').waitFor();
    const clocks = (await office.get(`/api/v1/incidents/${incidentId}`)).body.clocks as {
      label: string;
    }[];
    expect(clocks.length).toBeGreaterThanOrEqual(4);
    const clockTable = doc.locator('table').filter({ hasText: '首报时限' });
    for (const c of clocks) await clockTable.getByText(c.label, { exact: true }).first().waitFor();
    expect(await clockTable.getByText('按时完成').count()).toBe(clocks.length);
    const chart = doc.locator('[data-testid^="report-chart-"]').first();
    await chart.waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await doc.getByText('（待舆情处置办公室填写）').first().waitFor();

    // The office writes the review report: the form opens on it, one item per line.
    await page.getByTestId('review-write').click();
    const form = page.locator('[data-testid="action-form"][data-action="submit_document"]');
    await form.waitFor();
    await form.getByTestId('f-title').fill('关于青石县数据造假传言处置的总结评估');
    await form.getByTestId('f-body').fill('处置及时，口径统一。');
    await form.getByTestId('f-successes').fill(`${WORKED}\n\n首报按时`);
    await form.getByTestId('f-problems').fill(DID_NOT);
    await page.getByTestId('action-submit').click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByTestId('incident-review')
      .getByText('总结评估报告（第 1 版）待领导小组审定。')
      .waitFor();
    await doc.getByText(WORKED, { exact: true }).waitFor();
    await doc.getByText(DID_NOT, { exact: true }).waitFor();

    // The leadership group approves it (its head, through the API); the tab offers the archive.
    const view = (await office.get(`/api/v1/incidents/${incidentId}`)).body;
    const pending = view.approvals.find(
      (a: { docType: string; status: string }) =>
        a.docType === 'review_report' && a.status === 'pending',
    );
    expect(pending.payload.successes).toEqual([WORKED, '首报按时']);
    const leader = await new Client(server.url).login('leader', DEMO_PASSWORD_FOR_TESTS);
    const decided = await leader.post(`/api/v1/approvals/${pending.id}/decision`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(decided.status).toBe(200);
    await page.reload();
    await page
      .getByTestId('incident-review')
      .getByText('总结评估报告（第 1 版）已经领导小组审定，可以归档。')
      .waitFor();
    await page.getByTestId('review-archive').click();
    const archive = page.locator('[data-testid="action-form"][data-action="archive"]');
    await archive.waitFor();
    await archive.getByTestId('f-summary').fill('总结评估报告经领导小组审定，归档。');
    await page.getByTestId('action-submit').click();
    await archive.waitFor({ state: 'detached' });
    expect((await office.get(`/api/v1/incidents/${incidentId}`)).body.incident.state).toBe(
      'archived',
    );

    // The HTML export as its own page: the title, the chart as SVG, a screenshot not blank.
    const href = await page.getByTestId('review-html').getAttribute('href');
    expect(href).toBe(`/api/v1/incidents/${incidentId}/review.html`);
    await page.goto(`${server.url}${href!}`);
    await page.getByText('三、时限执行情况').waitFor();
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await page.getByText(WORKED).first().waitFor();
    const shot = PNG.sync.read(await page.screenshot({ fullPage: true }));
    const colours = new Set<number>();
    for (let i = 0; i < shot.data.length; i += 4 * 97) {
      colours.add((shot.data[i]! << 16) | (shot.data[i + 1]! << 8) | shot.data[i + 2]!);
    }
    expect(shot.height).toBeGreaterThan(1000);
    expect(colours.size).toBeGreaterThan(8);
    expect(problems).toEqual([]);
  }, 120_000);
});
