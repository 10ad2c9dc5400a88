// The web UI in a real browser (the system's Chromium, never a downloaded one) against a real
// server: sign-in redirect, the organisation page, sign-out, unit scope, language switch, and
// no console errors (a CSP violation would be one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, requireBrowserOrSkip, signIn, useBrowser } from './browser-helpers.ts';
import { startTestServer, type TestServer } from './helpers.ts';

const DEMO_PASSWORD = 'yuqing-demo';

requireBrowserOrSkip('web UI in a browser');

describe.skipIf(!hasBrowser)('web UI in a browser', () => {
  const { newPage } = useBrowser();
  let server: TestServer;

  beforeAll(async () => {
    // The global setup built the UI before any server started.
    server = await startTestServer('sqlite');
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

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
