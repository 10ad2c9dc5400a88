// 信息发布 in a real browser (the system's Chromium) against a real server. Through the API, what
// is tedious: an incident about a rumour event (posts ingested), graded general, a release plan
// naming the website and a press conference approved by the leadership group, and the emergency
// response started (the first statement's clock runs from there). Through the page,
// what matters: the office submits talking points on the incident page (a 答问 without a
// question is refused at the Q&A list; then a 辟谣 with the claim, facts, source and one Q&A);
// the leader in charge approves them; the office publishes from the incident page and finds
// the statement on /publishing with both channels awaiting proof, records the website's proof
// with a screenshot (published, with the thumbnail), opens the share kit (text, Q&A, links, QR
// code, copy) and the effect on the event; revises the talking points and sees the diff of the
// two versions. A viewer reads /publishing without the office's buttons (and, before anything
// is published, an empty state saying where statements come from); the public page /releases
// shows the statement to a browser that never signed in. Then, on /publishing?incident=ID alone,
// the office finds the incident's release (the plan in force with its channels, the first
// statement's clock met), revises the talking points there, and once the leader in charge has
// approved them publishes the new version there; the viewer sees the same card without
// buttons. Sign-ins: 5 on one server (the login limit is 10 a minute per address).
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { POSTS } from './event-posts.ts';
import {
  Client,
  collectorClient,
  DEMO_PASSWORD_FOR_TESTS,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const TITLE = '网传青石县统计局篡改收入数据（信息发布演练）';
const POINTS_TITLE = '关于网传青石县统计数据造假的情况说明';
const BODY = '经核查，网传内容不实。\n青石县统计局依法依规开展统计工作。';
const CLAIM = '青石县统计局篡改农民人均可支配收入数据';
const FACTS = '网传数据与公布数据统计口径不同，公布数据经依法核算，不存在篡改。';
const SOURCE = '青石县统计局核算科';
const QUESTION = '为什么网传数据与公布数据不一致？';
const ANSWER = '两者统计口径不同：网传数据未扣除转移性支出。';
const REVISED_LINE = '相关数据将于本周在官方网站公开。';
const THIRD_LINE = '如有疑问，请致电青石县统计局咨询。';
const POLL = { timeout: 20_000 };

async function signInAt(page: Page, url: string, user: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
  await page.waitForURL((u) => u.pathname + u.search === path);
}

/** Opens a step's form from the action panel. */
async function openStep(page: Page, type: string): Promise<Locator> {
  await page.getByTestId('incident-actions').getByTestId(`action-${type}`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${type}"]`);
  await form.waitFor();
  return form;
}

/** Submits the open step's form and waits for it to close. */
async function submitStep(page: Page): Promise<void> {
  await page.getByTestId('action-submit').click();
  await page.getByTestId('action-form').waitFor({ state: 'detached' });
}

/** A small PNG, as a screenshot would be. */
function pngBuffer(): Buffer {
  const png = new PNG({ width: 24, height: 16 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = 31;
    png.data[i + 1] = 78;
    png.data[i + 2] = 154;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** An <img> that loaded (the browser decoded it: the address answered an image). */
async function imageLoaded(img: Locator): Promise<boolean> {
  return img.evaluate((el) => {
    const i = el as unknown as { complete: boolean; naturalWidth: number };
    return i.complete && i.naturalWidth > 0;
  });
}

/** What the page's clipboard holds. */
async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
}

requireBrowserOrSkip('releases in a browser');

describe.skipIf(!hasBrowser)('releases in a browser', () => {
  const browser = useBrowser();
  /** A fresh page whose console errors, warnings and uncaught exceptions are collected. */
  const newPage = async () => {
    const opened = await browser.newPage();
    opened.page.on('console', (msg) => {
      if (msg.type() === 'warning') opened.problems.push(`warning: ${msg.text()}`);
    });
    return opened;
  };
  let server: TestServer;
  let office: Client;
  let deputy: Client;
  let incidentId = '';
  let eventId = '';
  let releaseId = '';
  const pages: Page[] = [];
  let officePage: Page | undefined;
  let officeProblems: string[] = [];
  let viewerPage: Page | undefined;
  let viewerProblems: string[] = [];

  /** The incident as the office reads it now. */
  const read = async () => (await office.get(`/api/v1/incidents/${incidentId}`)).body;
  const act = async (c: Client, action: Record<string, unknown>) => {
    const view = await read();
    const r = await c.post(`/api/v1/incidents/${incidentId}/actions`, {
      action,
      expectedRevision: view.incident.revision,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    // The rumour's posts make an event for the incident (its effect has something to count).
    const collector = await collectorClient(server, 'browser-releases collector');
    const pushed = await collector.post('/api/v1/ingest', POSTS);
    expect(pushed.status).toBe(200);
    office = await new Client(server.url).login('office', DEMO_PASSWORD_FOR_TESTS);
    deputy = await new Client(server.url).login('deputy', DEMO_PASSWORD_FOR_TESTS);
    // (expect.poll runs inside tests only: a plain wait for the clustering.)
    for (let i = 0; i < 100 && !eventId; i++) {
      const events = (await office.get('/api/v1/events?limit=20')).body.items as {
        id: string;
        title: string;
      }[];
      eventId = events.find((e) => e.title.includes('青石县'))?.id ?? '';
      if (!eventId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(eventId).not.toBe('');
    // The public page's address as the world reaches it: here, the test server itself.
    const settings = (await office.get('/api/v1/releases/settings')).body;
    const saved = await office.put('/api/v1/releases/settings', {
      ...settings,
      publicBaseUrl: server.url,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const me = (await office.get('/api/v1/auth/me')).body;
    const deputyMe = (await deputy.get('/api/v1/auth/me')).body;
    const opened = await office.post('/api/v1/incidents', {
      title: TITLE,
      unitId: me.unit.id,
      source: { kind: 'manual', refId: null },
      mentionIds: [],
      eventIds: [eventId],
    });
    expect(opened.status).toBe(201);
    incidentId = opened.body.incident.id;
    await act(office, { type: 'start_assessment' });
    await act(office, { type: 'set_leader_in_charge', userId: deputyMe.id });
    await act(office, {
      type: 'grade',
      grade: 'general',
      reason: '已核实为口径误读，按一般舆情处置',
    });
    const planned = await act(office, {
      type: 'submit_document',
      document: {
        docType: 'release_plan',
        title: '信息发布方案',
        body: '在官方网站和新闻发布会上发布情况说明。',
        channels: ['website', 'press_conference'],
        aim: '澄清网传数据',
        spokesperson: '新闻发言人',
      },
    });
    const plan = planned.approvals.find((a: { docType: string }) => a.docType === 'release_plan');
    expect(plan.signer.userIds).toContain(deputyMe.id);
    const decided = await deputy.post(`/api/v1/approvals/${plan.id}/decision`, {
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    // The response starts: the first statement is due within the hour ([P9]).
    const proposed = await act(office, {
      type: 'propose_response_activation',
      title: '启动应急响应',
      body: '建议启动一般舆情应急响应。',
    });
    const activation = proposed.approvals.find(
      (a: { docType: string }) => a.docType === 'response_activation',
    );
    const activated = await deputy.post(`/api/v1/approvals/${activation.id}/decision`, {
      decision: 'approve',
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body.incident.state).toBe('responding');
    expect(
      activated.body.clocks.find((c: { kind: string }) => c.kind === 'first_statement')?.status,
    ).toBe('running');
  }, 180_000);

  afterAll(async () => {
    // Pages first: an open page holds its live stream, which would keep the server open.
    for (const p of pages) await p.close().catch(() => undefined);
    await server?.close();
  }, 60_000);

  it('viewer: before anything is published, /publishing says where statements come from', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    viewerPage = page;
    viewerProblems = problems;
    await signInAt(page, server.url, 'viewer', '/publishing');
    await page.getByTestId('releases-page').waitFor();
    expect(await page.getByTestId('nav-releases').textContent()).toBe('信息发布');
    const empty = page.getByTestId('releases-empty');
    await empty.waitFor(POLL);
    expect(await empty.textContent()).toContain('已批准的口径');
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: submits talking points (辟谣 with its facts and a Q&A) on the incident page', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    officePage = page;
    officeProblems = problems;
    await signInAt(page, server.url, 'office', `/incidents/${incidentId}`);
    await page.getByTestId('incident-page').waitFor();

    await openStep(page, 'submit_document');
    await page.getByTestId('f-docType').getByText('口径', { exact: true }).click();
    await page.getByTestId('f-title').fill(POINTS_TITLE);
    await page.getByTestId('f-body').fill(BODY);
    // A 答问 without a question: the server refuses it, said at the Q&A list.
    await page.getByTestId('f-pointsKind').getByText('答问').click();
    await page.getByTestId('f-qa').waitFor();
    await page.getByTestId('action-submit').click();
    await page
      .getByTestId('action-form')
      .locator('.ant-form-item-explain-error', { hasText: '答问至少需要一组问答' })
      .waitFor(POLL);
    expect(await page.getByTestId('action-error').count()).toBe(0);

    // A 辟谣: the claim, the facts, their source, and one question with its answer.
    await page.getByTestId('f-pointsKind').getByText('辟谣').click();
    await page.getByTestId('f-claim').fill(CLAIM);
    await page.getByTestId('f-facts').fill(FACTS);
    await page.getByTestId('f-factSource').fill(SOURCE);
    await page.getByTestId('qa-add').click();
    await page.getByTestId('f-qa-question-0').fill(QUESTION);
    await page.getByTestId('f-qa-answer-0').fill(ANSWER);
    await expect
      .poll(() => page.getByTestId('f-qa').locator('.ant-form-item-explain-error').count(), POLL)
      .toBe(0);
    await page.screenshot({ path: '/tmp/releases-points-form.png' });
    await submitStep(page);

    await page.getByTestId('tab-approvals').click();
    const doc = page.locator('[data-testid="approval-document"][data-doc-type="talking_points"]');
    await doc.waitFor(POLL);
    expect(await doc.getByTestId('approval-version').first().getAttribute('data-status')).toBe(
      'pending',
    );
    const points = (await read()).approvals.find(
      (a: { docType: string }) => a.docType === 'talking_points',
    );
    expect(points.payload).toEqual({
      kind: 'clarification',
      qa: [{ question: QUESTION, answer: ANSWER }],
      claim: CLAIM,
      facts: FACTS,
      factSource: SOURCE,
    });
    // (The browser logs the refused request; nothing else went wrong.)
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    problems.length = 0;
  }, 120_000);

  it('office: the leader in charge approves; publishing from the incident page lists the statement', async () => {
    const page = officePage!;
    const points = (await read()).approvals.find(
      (a: { docType: string }) => a.docType === 'talking_points',
    );
    const decided = await deputy.post(`/api/v1/approvals/${points.id}/decision`, {
      decision: 'approve',
      comment: '同意发布',
    });
    expect(decided.status).toBe(200);

    await page.getByTestId('incident-reload').click();
    await page.getByTestId('tab-releases').click();
    await page.getByTestId('statements-empty').waitFor(POLL);
    await page.getByTestId('statements-publish').click();
    const form = page.locator('[data-testid="action-form"][data-action="publish_release"]');
    await form.waitFor();
    // The plan in force, the one approved version to publish, its channels chosen.
    expect(await form.getByTestId('publish-plan').textContent()).toContain('官方网站');
    expect(await form.getByTestId('f-approvalId').textContent()).toContain(POINTS_TITLE);
    const chosen = await form
      .getByTestId('f-channels')
      .locator('.ant-select-selection-item')
      .allTextContents();
    expect(chosen).toEqual(['官方网站', '新闻发布会']);
    await submitStep(page);

    const statement = page.getByTestId('incident-statement').first();
    await statement.waitFor(POLL);
    releaseId = (await statement.getAttribute('data-release-id'))!;
    expect(await statement.getAttribute('data-status')).toBe('published');
    expect(await statement.getByTestId('release-status').textContent()).toBe('已发布');
    expect(await statement.getByTestId('release-kind').textContent()).toBe('辟谣');
    expect(await statement.getByTestId('release-channels').getAttribute('data-channels')).toBe(
      'website,press_conference',
    );
    expect(await statement.getByTestId('statement-public-link').getAttribute('href')).toBe(
      `/releases/${releaseId}`,
    );
    await page.screenshot({ path: '/tmp/releases-incident-statements.png', fullPage: true });
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('office: on /publishing both channels await proof; a screenshot proves the website', async () => {
    const page = officePage!;
    await page
      .getByTestId('incident-statement')
      .first()
      .getByTestId('statement-publishing-link')
      .click();
    await page.waitForURL((u) => u.pathname === '/publishing');
    expect(new URL(page.url()).searchParams.get('incident')).toBe(incidentId);
    const card = page.locator(`[data-testid="release-card"][data-release-id="${releaseId}"]`);
    await card.waitFor(POLL);
    expect(await page.getByTestId('releases-page').getAttribute('data-office')).toBe('true');
    expect(await card.getByTestId('release-title').textContent()).toBe(POINTS_TITLE);
    expect(await card.getByTestId('release-status').getAttribute('data-status')).toBe('published');
    expect(await card.getByTestId('statement-claim').textContent()).toBe(CLAIM);
    expect(await card.getByTestId('statement-facts').textContent()).toBe(FACTS);
    expect(await card.getByTestId('statement-fact-source').textContent()).toBe(SOURCE);
    expect(await card.getByTestId('statement-qa-pair').count()).toBe(1);
    expect(await card.getByTestId('release-hash').getAttribute('data-hash')).toMatch(
      /^[0-9a-f]{64}$/,
    );
    const row = (channel: string) =>
      card.locator(`tr[data-testid="publication"][data-channel="${channel}"]`);
    await row('website').waitFor();
    expect(await row('website').getAttribute('data-status')).toBe('awaiting_proof');
    expect(await row('press_conference').getAttribute('data-status')).toBe('awaiting_proof');
    expect(await row('website').getByTestId('publication-channel').textContent()).toBe('官方网站');

    // The proof of the website: where it appeared and a screenshot.
    await row('website').getByTestId('publication-record-proof').click();
    const proof = page.getByTestId('proof-form');
    await proof.waitFor();
    await proof
      .getByTestId('proof-url')
      .fill('https://www.example.gov.cn/xxgk/2026/statement.html');
    await proof.locator('input[type="file"]').setInputFiles({
      name: 'website.png',
      mimeType: 'image/png',
      buffer: pngBuffer(),
    });
    await proof.locator('.ant-upload-list-item').first().waitFor();
    await page.getByTestId('proof-submit').click();
    await proof.waitFor({ state: 'detached' });
    await expect.poll(() => row('website').getAttribute('data-status'), POLL).toBe('published');
    const thumb = row('website')
      .locator('img[data-testid="publication-proof"], [data-testid="publication-proof"] img')
      .first();
    await thumb.waitFor(POLL);
    await expect.poll(() => imageLoaded(thumb), POLL).toBe(true);
    expect(await row('website').getByTestId('publication-url').textContent()).toBe(
      'https://www.example.gov.cn/xxgk/2026/statement.html',
    );
    // The press conference still awaits its proof.
    expect(await row('press_conference').getAttribute('data-status')).toBe('awaiting_proof');
    const api = (await office.get(`/api/v1/releases/${releaseId}`)).body;
    const website = api.publications.find((p: { channel: string }) => p.channel === 'website');
    expect(website).toMatchObject({ status: 'published', proof: { type: 'image/png' } });
    await page.screenshot({ path: '/tmp/releases-publishing.png', fullPage: true });
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('office: the share kit (text, Q&A, links, QR code, copy) and the effect on the event', async () => {
    const page = officePage!;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    });
    const card = page.locator(`[data-testid="release-card"][data-release-id="${releaseId}"]`);
    await card.getByTestId('release-share').click();
    const kit = page.getByTestId('share-kit');
    await kit.getByTestId('share-text').waitFor(POLL);
    const text = (await kit.getByTestId('share-text').textContent())!;
    expect(text).toContain(`【辟谣】${POINTS_TITLE}`);
    expect(text).toContain(`【网传】${CLAIM}`);
    expect(text).toContain(`【事实】${FACTS}`);
    expect(text).toContain(`原文：${server.url}/releases/${releaseId}`);
    expect(await kit.getByTestId('share-qa').textContent()).toBe(`问1：${QUESTION}\n答：${ANSWER}`);
    expect(await kit.getByTestId('share-page').getAttribute('href')).toBe(
      `${server.url}/releases/${releaseId}`,
    );
    expect(await kit.getByTestId('share-feed').getAttribute('href')).toBe(
      `${server.url}/releases/feed.xml`,
    );
    const qr = kit.getByTestId('share-qr');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;utf8,/);
    await expect.poll(() => imageLoaded(qr), POLL).toBe(true);
    await kit.getByTestId('share-copy-text').click();
    await page.locator('.ant-message-notice', { hasText: '已复制到剪贴板' }).waitFor(POLL);
    expect(await clipboardText(page)).toBe(text);
    await page.screenshot({ path: '/tmp/releases-share-kit.png' });
    await page.keyboard.press('Escape');
    await kit.waitFor({ state: 'detached' });

    // The effect on the incident's event: mentions per hour around the statement.
    await card.getByTestId('release-effect-toggle').click();
    const effect = card.locator(`[data-testid="effect-event"][data-event-id="${eventId}"]`);
    await effect.waitFor(POLL);
    const chart = effect.getByTestId('effect-chart');
    await chart.locator('canvas').first().waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBe(2 * 24 * 2);
    expect(
      Number(await effect.getByTestId('effect-before-mentions').getAttribute('data-value')),
    ).toBeGreaterThan(0);
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('office: a revised version of the talking points shows in the diff', async () => {
    const page = officePage!;
    await page.goto(`${server.url}/incidents/${incidentId}?tab=approvals`);
    const doc = page.locator('[data-testid="approval-document"][data-doc-type="talking_points"]');
    await doc.getByTestId('approval-revise').click();
    const form = page.locator('[data-testid="action-form"][data-action="revise_document"]');
    await form.waitFor();
    // The version's parts come with it, its kind chosen; another kind could be chosen.
    expect(await form.getByTestId('f-claim').inputValue()).toBe(CLAIM);
    expect(await form.getByTestId('f-qa-question-0').inputValue()).toBe(QUESTION);
    const kinds = form.getByTestId('f-pointsKind');
    expect(await kinds.locator('input[value="clarification"]').isChecked()).toBe(true);
    expect(await kinds.locator('input[value="statement"]').isDisabled()).toBe(false);
    await form.getByTestId('f-body').fill(`${BODY}\n${REVISED_LINE}`);
    await submitStep(page);

    await page.goto(`${server.url}/publishing?incident=${incidentId}`);
    const versions = page.getByTestId('versions-card').getByTestId('points-document');
    await versions.waitFor(POLL);
    const listed = await versions
      .getByTestId('points-version')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-version'), e.getAttribute('data-status')]),
      );
    expect(listed).toEqual([
      ['2', 'pending'],
      ['1', 'approved'],
    ]);
    expect(await versions.getByTestId('points-version-published').count()).toBe(1);
    const added = versions.locator('[data-testid="diff-line"][data-op="added"]');
    await added.first().waitFor();
    expect(await added.allTextContents()).toEqual([expect.stringContaining(REVISED_LINE)]);
    expect(await versions.locator('[data-testid="diff-line"][data-op="removed"]').count()).toBe(0);
    expect(await versions.getByTestId('diff-stats').getAttribute('data-added')).toBe('1');
    await page.screenshot({ path: '/tmp/releases-diff.png', fullPage: true });
    // The statement is still the approved version 1's words.
    const card = page.locator(`[data-testid="release-card"][data-release-id="${releaseId}"]`);
    expect(await card.getByTestId('statement-body').textContent()).toBe(BODY);
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('viewer: reads the statement, its proof and share kit, without the office buttons', async () => {
    const page = viewerPage!;
    await page.getByTestId('releases-reload').click();
    const card = page.locator(`[data-testid="release-card"][data-release-id="${releaseId}"]`);
    await card.waitFor(POLL);
    expect(await page.getByTestId('releases-page').getAttribute('data-office')).toBe('false');
    expect(await card.getByTestId('publication').count()).toBe(2);
    expect(await card.getByTestId('publication-record-proof').count()).toBe(0);
    expect(await card.getByTestId('publication-retry').count()).toBe(0);
    const thumb = card
      .locator('tr[data-channel="website"]')
      .locator('img[data-testid="publication-proof"], [data-testid="publication-proof"] img')
      .first();
    await expect.poll(() => imageLoaded(thumb), POLL).toBe(true);
    await card.getByTestId('release-share').click();
    await page.getByTestId('share-kit').getByTestId('share-qr').waitFor(POLL);
    await page.keyboard.press('Escape');
    expect(viewerProblems).toEqual([]);
  }, 120_000);

  it('the public page /releases shows the statement without signing in', async () => {
    const { page, problems } = await newPage();
    pages.push(page);
    await page.goto(`${server.url}/releases`);
    await page.getByText(POINTS_TITLE).first().waitFor(POLL);
    expect(await page.locator('a[href*="/login"]').count()).toBe(0);
    await page.goto(`${server.url}/releases/${releaseId}`);
    const body = (await page.locator('body').textContent())!;
    expect(body).toContain(POINTS_TITLE);
    expect(body).toContain(CLAIM);
    expect(body).toContain(QUESTION);
    await page.screenshot({ path: '/tmp/releases-public.png', fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('office: withdraws the statement from the incident page; /publishing marks it withdrawn', async () => {
    const page = officePage!;
    await page.goto(`${server.url}/incidents/${incidentId}?tab=releases`);
    const statement = page.locator(
      `[data-testid="incident-statement"][data-release-id="${releaseId}"]`,
    );
    await statement.getByTestId('statement-withdraw').click();
    const form = page.locator('[data-testid="action-form"][data-action="withdraw_release"]');
    await form.waitFor();
    await form.getByTestId('f-reason').fill('数据口径说明有误，待更正后重新发布');
    await submitStep(page);
    await expect.poll(() => statement.getAttribute('data-status'), POLL).toBe('withdrawn');
    expect(await statement.getByTestId('statement-withdrawal').textContent()).toContain(
      '数据口径说明有误',
    );
    await page.goto(`${server.url}/publishing?incident=${incidentId}`);
    const card = page.locator(`[data-testid="release-card"][data-release-id="${releaseId}"]`);
    await card.waitFor(POLL);
    expect(await card.getByTestId('release-status').textContent()).toBe('已撤回');
    expect(await card.getByTestId('release-withdrawal').textContent()).toContain(
      '数据口径说明有误',
    );
    // Nothing to share once withdrawn.
    expect(await card.getByTestId('release-share').count()).toBe(0);
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('office: on /publishing?incident=ID, the plan in force and the clock; revises and publishes there', async () => {
    const page = officePage!;
    await page.goto(`${server.url}/publishing?incident=${incidentId}`);
    const desk = page.getByTestId('incident-release');
    await desk.waitFor(POLL);
    expect(await desk.getAttribute('data-incident-id')).toBe(incidentId);
    expect(await desk.getByTestId('release-incident-link').getAttribute('href')).toBe(
      `/incidents/${incidentId}`,
    );
    expect(await desk.getByTestId('release-incident-link').textContent()).toBe(TITLE);
    expect(await desk.getByTestId('incident-grade').getAttribute('data-grade')).toBe('general');

    // The release plan approved before anything was published is the one in force.
    const plan = desk.locator('[data-testid="release-plan"][data-in-force="true"]');
    await plan.waitFor();
    const inForce = plan.locator('[data-testid="plan-version"][data-in-force="true"]');
    expect(await inForce.getAttribute('data-status')).toBe('approved');
    expect(await inForce.getByTestId('plan-in-force').textContent()).toBe('现行方案');
    expect(await inForce.getByTestId('release-channels').getAttribute('data-channels')).toBe(
      'website,press_conference',
    );
    expect(
      await inForce.getByTestId('release-channels').locator('.ant-tag').allTextContents(),
    ).toEqual(['官方网站', '新闻发布会']);
    expect(await inForce.getByTestId('document-parts').textContent()).toContain('澄清网传数据');
    expect(await inForce.getByTestId('plan-body').textContent()).toBe(
      '在官方网站和新闻发布会上发布情况说明。',
    );

    // The first statement went out within the hour: the clock is met, with its time.
    const clock = desk.getByTestId('statement-clock');
    expect(await clock.getAttribute('data-status')).toBe('met');
    expect(await clock.getByTestId('clock-status').textContent()).toBe('按时完成');
    expect(await clock.getByTestId('statement-clock-done').textContent()).toContain('首次发布于');

    // The talking points await the signer (version 2); the office revises them from here.
    const points = desk.getByTestId('release-points-doc');
    expect(await points.getAttribute('data-version')).toBe('2');
    expect(await points.getAttribute('data-status')).toBe('pending');
    expect(await desk.getByTestId('release-to-versions').getAttribute('href')).toBe(
      '#versions-card',
    );
    expect(await desk.getByTestId('release-steps').count()).toBe(1);
    await points.getByTestId('release-revise').click();
    const form = page.locator('[data-testid="action-form"][data-action="revise_document"]');
    await form.waitFor();
    expect(await form.getByTestId('f-body').inputValue()).toBe(`${BODY}\n${REVISED_LINE}`);
    expect(await form.getByTestId('f-claim').inputValue()).toBe(CLAIM);
    await form.getByTestId('f-body').fill(`${BODY}\n${REVISED_LINE}\n${THIRD_LINE}`);
    await submitStep(page);
    await expect.poll(() => points.getAttribute('data-version'), POLL).toBe('3');
    expect(await points.getAttribute('data-status')).toBe('pending');
    const versions = page.getByTestId('versions-card').getByTestId('points-version');
    await expect.poll(() => versions.count(), POLL).toBe(3);
    // Nothing approved is left to publish yet.
    expect(await desk.getByTestId('release-publish').isDisabled()).toBe(true);

    // The leader in charge approves version 3 through the API.
    const v3 = (await read()).approvals.find(
      (a: { docType: string; version: number }) =>
        a.docType === 'talking_points' && a.version === 3,
    );
    const decided = await deputy.post(`/api/v1/approvals/${v3.id}/decision`, {
      decision: 'approve',
    });
    expect(decided.status).toBe(200);

    await desk.getByTestId('release-desk-reload').click();
    await expect.poll(() => points.getAttribute('data-status'), POLL).toBe('approved');
    await points.getByTestId('release-points-publishable').waitFor(POLL);
    await expect.poll(() => desk.getByTestId('release-publish').isDisabled(), POLL).toBe(false);
    await page.screenshot({ path: '/tmp/releases-desk.png', fullPage: true });
    await desk.getByTestId('release-publish').click();
    const publish = page.locator('[data-testid="action-form"][data-action="publish_release"]');
    await publish.waitFor();
    expect(await publish.getByTestId('publish-plan').textContent()).toContain('官方网站');
    expect(await publish.getByTestId('f-approvalId').textContent()).toContain(POINTS_TITLE);
    expect(
      await publish
        .getByTestId('f-channels')
        .locator('.ant-select-selection-item')
        .allTextContents(),
    ).toEqual(['官方网站', '新闻发布会']);
    await submitStep(page);

    // The new statement is listed (the withdrawn one stays, marked), with version 3's words.
    const list = page.getByTestId('releases-list');
    await expect.poll(() => list.getAttribute('data-count'), POLL).toBe('2');
    const fresh = list.locator('[data-testid="release-card"][data-status="published"]');
    await fresh.waitFor(POLL);
    expect(await fresh.getAttribute('data-release-id')).not.toBe(releaseId);
    expect(await fresh.getByTestId('release-title').textContent()).toBe(POINTS_TITLE);
    expect(await fresh.getByTestId('statement-body').textContent()).toBe(
      `${BODY}\n${REVISED_LINE}\n${THIRD_LINE}`,
    );
    expect(await fresh.getByTestId('release-card-withdraw').count()).toBe(1);
    await expect.poll(() => points.getByTestId('release-points-publishable').count(), POLL).toBe(0);
    const api = (await read()).incident.releases as { status: string; version: number }[];
    expect(api.map((r) => [r.version, r.status])).toEqual([
      [1, 'withdrawn'],
      [3, 'published'],
    ]);
    await page.screenshot({ path: '/tmp/releases-desk-published.png', fullPage: true });
    expect(officeProblems).toEqual([]);
  }, 120_000);

  it('viewer: the incident release card without the office buttons', async () => {
    const page = viewerPage!;
    await page.goto(`${server.url}/publishing?incident=${incidentId}`);
    const desk = page.getByTestId('incident-release');
    await desk.waitFor(POLL);
    await desk.locator('[data-testid="plan-version"][data-in-force="true"]').waitFor();
    expect(await desk.getByTestId('statement-clock').getAttribute('data-status')).toBe('met');
    expect(await desk.getByTestId('release-steps').count()).toBe(0);
    expect(await desk.getByTestId('release-revise').count()).toBe(0);
    expect(await page.getByTestId('release-card-withdraw').count()).toBe(0);
    expect(viewerProblems).toEqual([]);
  }, 120_000);
});
