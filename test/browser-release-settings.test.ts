// 信息发布 in 设置, the 总览's 处置时钟 and the event page's 发布效果 in a real browser (the
// system's Chromium) against a real server: the office sets the official Weibo's adapter with a
// token (an address the server refuses shows its problem at the field), reloads and sees the
// token masked, saves again without retyping it, and the token is still the one that reaches
// Weibo (a Weibo stand-in on loopback); a viewer is told the settings are not theirs and the
// server refuses them anyway. An incident linked to an event goes to an active response through
// the API: the dashboard's clock card shows the first statement's countdown; once the statement
// is published (to Weibo) the event page shows its effect, and the countdown is gone.
import type { IncomingMessage } from 'node:http';
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
import { serveLoopback, type LoopbackServer } from './loopback.ts';

const POLL = { timeout: 20_000 };
const TOKEN = '2.00weibo-access-token-for-tests';
const TITLE = '网传青石县统计局篡改收入数据（发布效果）';
const MASK = '••••';

/** antd puts the test id on the input itself or on its wrapper, by version: either. */
const input = (scope: Page | Locator, testId: string): Locator =>
  scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/** Chooses an option of an antd Select by its visible label. */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), POLL).toBe(0);
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}

/** The form item around a field, for the problem shown under it. */
const itemOf = (field: Locator): Locator =>
  field.locator('xpath=ancestor::div[contains(@class, "ant-form-item ")][1]');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

requireBrowserOrSkip('release settings, incident clocks and release effect in a browser');

describe.skipIf(!hasBrowser)(
  'release settings, incident clocks and release effect in a browser',
  () => {
    const { newPage } = useBrowser();
    let server: TestServer;
    let weibo: LoopbackServer;
    /** What the Weibo stand-in received: the token and the post. */
    const posted: { token: string | null; status: string | null }[] = [];
    const as: Record<string, Client> = {};
    let eventId = '';
    let otherEventId = '';
    let incidentId = '';
    let office: { page: Page; problems: string[]; warnings: string[] } | null = null;
    const pages: Page[] = [];

    /** A page with its console errors (the helper's) and warnings (here) collected. */
    async function watchedPage() {
      const { page, problems } = await newPage();
      pages.push(page);
      const warnings: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'warning') warnings.push(`${msg.text()} (${msg.location().url})`);
      });
      return { page, problems, warnings };
    }

    async function signInAt(page: Page, user: string, path: string): Promise<void> {
      await page.goto(`${server.url}${path}`);
      await signIn(page, user, DEMO_PASSWORD_FOR_TESTS);
      await page.waitForURL((u) => u.pathname === path);
    }

    const c = (u: string): Client => {
      const client = as[u];
      if (!client) throw new Error(`no client ${u}`);
      return client;
    };

    interface View {
      incident: { id: string; state: string; revision: number };
      approvals: { id: string; docType: string; status: string }[];
      clocks: { kind: string; status: string; targetAt: string }[];
    }

    async function step(incident: string, action: object): Promise<View> {
      const r = await c('office').post(`/api/v1/incidents/${incident}/actions`, { action });
      expect(r.status, `${JSON.stringify(action)}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as View;
    }

    /** Submits a document as the office and has the leader (the group's head) approve it. */
    async function approved(incident: string, action: object, docType: string): Promise<View> {
      const v = await step(incident, action);
      const pending = v.approvals.find((a) => a.docType === docType && a.status === 'pending');
      if (!pending) throw new Error(`no pending ${docType}`);
      const r = await c('leader').post(`/api/v1/approvals/${pending.id}/decision`, {
        decision: 'approve',
        comment: '同意',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as View;
    }

    beforeAll(async () => {
      // The official Weibo's API: records the token and the post, answers with the post's id.
      weibo = await serveLoopback((req, res) => {
        void readBody(req).then((body) => {
          const form = new URLSearchParams(body);
          posted.push({ token: form.get('access_token'), status: form.get('status') });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ idstr: '5012345678901234', user: { idstr: '7654321' } }));
        });
      });
      server = await startTestServer('sqlite');
      // Sign-ins are limited per address: the admin (for the collector), the office and the
      // leader here; the office and the viewer in the browser.
      const collector = await collectorClient(server, 'browser-release collector');
      const pushed = await collector.post('/api/v1/ingest', POSTS);
      expect(pushed.status).toBe(200);
      for (const u of ['office', 'leader']) {
        as[u] = await new Client(server.url).login(u, DEMO_PASSWORD_FOR_TESTS);
      }
      // The two stories cluster into two events (expect.poll is for tests only: a loop here).
      let events: { items: { id: string; title: string }[] } = { items: [] };
      for (let tries = 0; tries < 40 && events.items.length < 2; tries++) {
        if (tries) await new Promise((r) => setTimeout(r, 500));
        events = (await c('office').get('/api/v1/events')).body as typeof events;
      }
      eventId = events.items.find((e) => e.title.includes('青石县'))?.id ?? '';
      otherEventId = events.items.find((e) => e.id !== eventId)?.id ?? '';
      expect(eventId).not.toBe('');
      expect(otherEventId).not.toBe('');
    }, 120_000);

    afterAll(async () => {
      // Pages first: an open page holds its live stream, which would keep the server open.
      for (const p of pages) await p.close().catch(() => undefined);
      await server?.close();
      await weibo?.close();
    }, 60_000);

    it('office: a Weibo adapter with a token, masked once saved, kept when saved again untouched', async () => {
      office = await watchedPage();
      const { page } = office;
      await signInAt(page, 'office', '/settings');
      const card = page.getByTestId('release-settings');
      await card.getByTestId('release-settings-save').waitFor(POLL);
      // Nothing set yet: every channel is recorded by hand; the rooms are manual only.
      expect(await card.getByTestId('release-channel-weibo').getAttribute('data-kind')).toBe(
        'manual',
      );
      expect(await card.getByTestId('release-manual-only').textContent()).toContain('新闻发布会');
      expect(await card.getByTestId('release-manual-only').textContent()).toContain('人工登记');

      await input(card, 'release-site-title').fill('甘肃省统计局权威信息发布');
      await input(card, 'release-public-base-url').fill('https://tjj.example.gov.cn');
      await choose(page, card.getByTestId('release-kind-weibo'), '微博');
      const weiboCard = card.getByTestId('release-channel-weibo');
      await expect.poll(() => weiboCard.getAttribute('data-kind'), POLL).toBe('weibo');
      const apiBase = input(weiboCard, 'release-weibo-apiBase');
      expect(await apiBase.inputValue()).toBe('https://api.weibo.com');
      // An API address with a query: the server refuses it, and says so at the field.
      await apiBase.fill(`${weibo.url}/?from=test`);
      await input(weiboCard, 'release-weibo-accessToken').fill(TOKEN);
      await card.getByTestId('release-settings-save').click();
      await itemOf(apiBase)
        .locator('.ant-form-item-explain-error', { hasText: 'plain address' })
        .waitFor(POLL);
      expect(((await c('office').get('/api/v1/releases/settings')).body as object) ?? {}).toEqual(
        expect.objectContaining({ adapters: {} }),
      );

      // Corrected: saved; the server answers with the token masked; the rest are manual.
      await apiBase.fill(weibo.url);
      await card.getByTestId('release-settings-save').click();
      await expect
        .poll(
          async () =>
            ((await c('office').get('/api/v1/releases/settings')).body as { adapters: object })
              .adapters,
          POLL,
        )
        .toEqual({
          website: { kind: 'manual' },
          weibo: { kind: 'weibo', apiBase: weibo.url, accessToken: MASK },
          wechat: { kind: 'manual' },
          press_conference: { kind: 'manual' },
          media_briefing: { kind: 'manual' },
        });

      // Reloaded: the token shows masked, with a word on what that means.
      await page.reload();
      const again = page.getByTestId('release-settings');
      const token = input(again.getByTestId('release-channel-weibo'), 'release-weibo-accessToken');
      await token.waitFor(POLL);
      expect(await token.inputValue()).toBe(MASK);
      expect(await itemOf(token).textContent()).toContain('不修改则保留原值');
      expect(await input(again, 'release-site-title').inputValue()).toBe(
        '甘肃省统计局权威信息发布',
      );
      await page.screenshot({ path: '/tmp/release-settings.png', fullPage: true });

      // Saved again without retyping: the token stays the one typed in.
      await input(again, 'release-site-title').fill('甘肃省统计局权威发布');
      await again.getByTestId('release-settings-save').click();
      await expect
        .poll(
          async () =>
            ((await c('office').get('/api/v1/releases/settings')).body as { siteTitle: string })
              .siteTitle,
          POLL,
        )
        .toBe('甘肃省统计局权威发布');
      const row = await server.store.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'releases')
        .executeTakeFirstOrThrow();
      const stored = JSON.parse(row.value) as {
        adapters: { weibo?: { accessToken?: string } };
      };
      expect(stored.adapters.weibo?.accessToken).toBe(TOKEN);

      // (The browser logs the one refused request; nothing else went wrong.)
      expect(office.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
      expect(office.problems.filter((p) => p.includes('status of 400'))).toHaveLength(1);
      expect(office.warnings).toEqual([]);
    }, 120_000);

    it('viewer: is told the release settings are not theirs; the server refuses them too', async () => {
      const { page, problems, warnings } = await watchedPage();
      await signInAt(page, 'viewer', '/settings');
      const card = page.getByTestId('release-settings');
      await card.getByTestId('release-settings-readonly').waitFor(POLL);
      expect(await card.textContent()).toContain('只有管理员和办公室');
      expect(await card.getByTestId('release-settings-save').count()).toBe(0);
      expect(await card.locator('input').count()).toBe(0);
      // Asked directly, with the viewer's own session: refused, and nothing changes.
      const cookie = (await page.context().cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
      const viewer = new Client(server.url);
      viewer.cookie = cookie;
      expect((await viewer.get('/api/v1/releases/settings')).status).toBe(403);
      const put = await viewer.put('/api/v1/releases/settings', {
        siteTitle: '改名',
        publicBaseUrl: null,
        adapters: {},
      });
      expect(put.status).toBe(403);
      expect(
        ((await c('office').get('/api/v1/releases/settings')).body as { siteTitle: string })
          .siteTitle,
      ).toBe('甘肃省统计局权威发布');
      // The dashboard's clock card reads for the viewer too (the demo's incident is open).
      await page.goto(`${server.url}/`);
      await page.getByTestId('incidents-card-list').waitFor(POLL);
      expect(
        Number(await page.getByTestId('incidents-card-running').getAttribute('data-value')),
      ).toBe(1);
      expect(problems).toEqual([]);
      expect(warnings).toEqual([]);
    }, 120_000);

    it('office: the dashboard counts down to the first statement of an active response', async () => {
      // An incident about the rumour's event, major, with its plan and talking points agreed,
      // and its response activated: the first statement's clock runs.
      const opened = await c('office').post('/api/v1/incidents', {
        title: TITLE,
        unitId: ((await c('office').get('/api/v1/auth/me')).body as { unit: { id: string } }).unit
          .id,
        source: { kind: 'event', refId: eventId },
        mentionIds: [],
        eventIds: [eventId],
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      const view = opened.body as View & { group: { deputyHeadIds: string[] } };
      incidentId = view.incident.id;
      await step(incidentId, { type: 'start_assessment' });
      await step(incidentId, { type: 'set_leader_in_charge', userId: view.group.deputyHeadIds[0] });
      await step(incidentId, { type: 'grade', grade: 'major', reason: '涉及统计数据真实性' });
      await approved(
        incidentId,
        {
          type: 'submit_document',
          document: {
            docType: 'release_plan',
            title: '信息发布方案',
            body: '在官方微博发布情况说明。',
            channels: ['weibo'],
          },
        },
        'release_plan',
      );
      await approved(
        incidentId,
        {
          type: 'submit_document',
          document: {
            docType: 'talking_points',
            title: '关于网传青石县统计数据问题的情况说明',
            body: '经核实，青石县农民人均可支配收入数据依法核算，网传篡改说法与事实不符。',
            pointsKind: 'statement',
          },
        },
        'talking_points',
      );
      const v = await approved(
        incidentId,
        { type: 'propose_response_activation', title: '启动应急响应', body: '建议启动。' },
        'response_activation',
      );
      expect(v.incident.state).toBe('responding');
      expect(v.clocks.find((k) => k.kind === 'first_statement')?.status).toBe('running');

      if (!office) throw new Error('the office page did not open');
      const { page } = office;
      await page.goto(`${server.url}/`);
      const card = page.getByTestId('incidents-card');
      const item = card.locator(`[data-testid="incidents-card-item"][data-id="${incidentId}"]`);
      await item.waitFor(POLL);
      expect(await item.getAttribute('data-state')).toBe('responding');
      expect(await item.getByTestId('incidents-card-title').getAttribute('href')).toBe(
        `/incidents/${incidentId}`,
      );
      // Its next clock is the first report (graded major before the response); the statement's
      // countdown shows beside it.
      const next = item.getByTestId('incidents-card-next');
      expect(await next.getAttribute('data-kind')).toBe('first_report');
      expect(await next.getAttribute('data-status')).toBe('running');
      const statement = item.getByTestId('incidents-card-statement');
      await statement.waitFor(POLL);
      expect(await statement.getAttribute('data-kind')).toBe('first_statement');
      expect(await statement.getAttribute('data-status')).toBe('running');
      expect(await statement.textContent()).toMatch(/首次权威发布时限 剩余 (1 小时 00 分|\d+ 分)/);
      // It ticks.
      const before = await statement.getByTestId('incidents-card-countdown').textContent();
      await expect
        .poll(() => statement.getByTestId('incidents-card-countdown').textContent(), POLL)
        .not.toBe(before);
      // The figures: two in progress (the demo's and this one), nothing breached, one statement due.
      expect(await card.getByTestId('incidents-card-running').getAttribute('data-value')).toBe('2');
      expect(await card.getByTestId('incidents-card-breached').getAttribute('data-value')).toBe(
        '0',
      );
      expect(await card.getByTestId('incidents-card-statements').getAttribute('data-value')).toBe(
        '1',
      );
      await page.screenshot({ path: '/tmp/dashboard-clocks.png', fullPage: true });
      // The link opens the incident.
      await item.getByTestId('incidents-card-title').click();
      await page.waitForURL((u) => u.pathname === `/incidents/${incidentId}`);
      await page.getByTestId('incident-page').waitFor();

      expect(office.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
      expect(office.warnings).toEqual([]);
    }, 120_000);

    it('office: published to Weibo with the kept token; the event page shows the effect', async () => {
      expect(incidentId).not.toBe('');
      const v = (await c('office').get(`/api/v1/incidents/${incidentId}`)).body as View;
      const points = v.approvals.find(
        (a) => a.docType === 'talking_points' && a.status === 'approved',
      );
      if (!points) throw new Error('no approved talking points');
      await step(incidentId, {
        type: 'publish_release',
        approvalId: points.id,
        channels: ['weibo'],
      });
      // The Weibo adapter sends it with the token typed in once, never the mask.
      await expect
        .poll(async () => {
          const r = (await c('office').get(`/api/v1/releases?incidentId=${incidentId}`)).body as {
            items: { publications: { channel: string; status: string }[] }[];
          };
          return r.items[0]?.publications.find((p) => p.channel === 'weibo')?.status;
        }, POLL)
        .toBe('published');
      expect(posted).toHaveLength(1);
      expect(posted[0]?.token).toBe(TOKEN);
      expect(posted[0]?.status).toContain('https://tjj.example.gov.cn/releases/');

      const effect = (await c('office').get(`/api/v1/events/${eventId}/release-effect`)).body as {
        items: {
          releaseId: string;
          events: { before: { mentions: number }; after: { mentions: number } }[];
        }[];
      };
      expect(effect.items).toHaveLength(1);
      const counts = effect.items[0]!.events[0]!;
      expect(counts.before.mentions).toBeGreaterThan(0);

      if (!office) throw new Error('the office page did not open');
      const { page } = office;
      await page.goto(`${server.url}/events/${eventId}`);
      const card = page.getByTestId('release-effect');
      await card.waitFor(POLL);
      expect(await card.getAttribute('data-count')).toBe('1');
      const item = card.getByTestId('release-effect-item');
      expect(await item.getAttribute('data-release-id')).toBe(effect.items[0]!.releaseId);
      // 48 hourly buckets of all mentions and of negative ones, a line at the statement.
      const chart = card.getByTestId('release-effect-chart');
      await chart.locator('canvas').first().waitFor();
      expect(await chart.getAttribute('data-points')).toBe('96');
      await expect
        .poll(
          () =>
            chart.evaluate((el) => {
              const canvas = el.querySelector('canvas');
              const ctx = canvas?.getContext('2d');
              if (!canvas || !ctx) return 0;
              const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
              let ink = 0;
              for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
              return ink;
            }),
          POLL,
        )
        .toBeGreaterThan(500);
      expect(
        await card.getByTestId('release-effect-before-mentions').getAttribute('data-value'),
      ).toBe(String(counts.before.mentions));
      expect(
        await card.getByTestId('release-effect-after-mentions').getAttribute('data-value'),
      ).toBe(String(counts.after.mentions));
      expect(await card.getByTestId('release-effect-table').textContent()).toContain('平均情感分');
      await page.screenshot({ path: '/tmp/release-effect.png', fullPage: true });

      // An event no statement concerns has no such card.
      const answered = page.waitForResponse((r) =>
        r.url().includes(`/events/${otherEventId}/release-effect`),
      );
      await page.goto(`${server.url}/events/${otherEventId}`);
      await page.getByTestId('event-page').waitFor();
      await answered;
      await page.getByTestId('heat-factor').first().waitFor();
      expect(await page.getByTestId('release-effect').count()).toBe(0);

      // Published: the first statement's clock is met, its countdown gone from the dashboard.
      await page.goto(`${server.url}/`);
      const row = page.locator(`[data-testid="incidents-card-item"][data-id="${incidentId}"]`);
      await row.waitFor(POLL);
      await row.getByTestId('incidents-card-next').waitFor();
      expect(await row.getByTestId('incidents-card-statement').count()).toBe(0);
      expect(await page.getByTestId('incidents-card-statements').getAttribute('data-value')).toBe(
        '0',
      );

      expect(office.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
      expect(office.warnings).toEqual([]);
    }, 120_000);
  },
);
