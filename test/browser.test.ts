// The web UI in a real browser (the system's Chromium, never a downloaded one) against a real
// server: sign-in redirect, the organisation page, sign-out, unit scope, language switch, and
// no console errors (a CSP violation would be one).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasBrowser = existsSync(CHROMIUM);
const requireBrowser = process.env.YUQING_REQUIRE_BROWSER === '1';
const DEMO_PASSWORD = 'yuqing-demo';

if (!hasBrowser) {
  if (requireBrowser) {
    describe('web UI in a browser', () => {
      it('needs Chromium', () => {
        throw new Error(
          `YUQING_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install Chromium (apt-get install chromium)`,
        );
      });
    });
  } else {
    console.warn(
      `[tests] ${CHROMIUM} not found: the browser tests are skipped (set YUQING_REQUIRE_BROWSER=1 to make this a failure)`,
    );
  }
}

/** Console errors and uncaught exceptions of a page, apart from the expected 401s. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    // The browser logs every non-2xx answer; 401 from "who am I" is how a signed-out start
    // and a finished sign-out look, so that one alone is expected.
    if (msg.text().includes('status of 401') && where.endsWith('/api/v1/auth/me')) {
      return;
    }
    problems.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  return problems;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe.skipIf(!hasBrowser)('web UI in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(REPO, 'web/dist/index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(REPO, 'web/vite.config.ts'), logLevel: 'warn' });
    }
    // The server looks for the built UI when it starts, so build first.
    server = await startTestServer('sqlite');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { page, problems: watchConsole(page) };
  }

  it('office: sign-in redirect, organisation, leadership group, sign-out', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/org`);
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/org');
    await page.getByTestId('login-page').waitFor();

    await signIn(page, 'office', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/org');
    const units = page.getByTestId('units-tab');
    await units.waitFor();
    for (const name of ['综合处', '兰州市统计局', '甘南藏族自治州统计局']) {
      const cell = units.getByTestId('unit-name').filter({ hasText: new RegExp(`^${name}$`) });
      await cell.waitFor();
      expect(await cell.isVisible()).toBe(true);
    }
    // 综合处 hosts the office (舆情处置办公室).
    const zh = units.getByRole('row').filter({ hasText: '综合处' });
    expect(await zh.getByTestId('hosts-office').isVisible()).toBe(true);
    // The header names the signed-in user.
    expect((await page.getByTestId('current-user').textContent())?.length).toBeGreaterThan(0);

    await page.getByRole('tab', { name: '领导小组与办公室' }).click();
    const group = page.getByTestId('leadership-group');
    await group.getByText('组长', { exact: true }).waitFor();
    expect(await group.getByText('组长', { exact: true }).isVisible()).toBe(true);
    expect(await group.getByText('主要负责同志').first().isVisible()).toBe(true);

    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout').click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-page').waitFor();
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
      return res.status;
    });
    expect(status).toBe(401);

    expect(problems).toEqual([]);
  });

  it('informant of a city bureau sees only its unit; the language switches to English', async () => {
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/login`);
    await signIn(page, 'informant', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-org').click();
    await page.waitForURL((u) => u.pathname === '/org');
    const units = page.getByTestId('units-tab');
    await units.getByText('兰州市统计局', { exact: true }).waitFor();
    expect(await units.getByText('兰州市统计局', { exact: true }).isVisible()).toBe(true);
    expect(await units.getByText('天水市统计局').count()).toBe(0);
    expect(await units.getByText('综合处').count()).toBe(0);

    await page.getByTestId('lang-switch').click();
    const orgNav = page.getByTestId('nav-org');
    await orgNav.getByText('Organisation & duty').waitFor();
    expect(await page.getByTestId('nav-audit').textContent()).toBe('Audit');
    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('nav-org').getByText('Organisation & duty').waitFor();

    expect(problems).toEqual([]);
  });
});
