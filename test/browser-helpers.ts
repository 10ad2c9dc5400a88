// Shared by the browser tests: the system's Chromium (never a downloaded one), the rule for
// skipping or failing when it is absent, and the page helpers every journey uses.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);

/**
 * Without Chromium, a suite is skipped with a message, or fails when YUQING_REQUIRE_BROWSER=1
 * (CI). Call once per test file with the suite's name.
 */
export function requireBrowserOrSkip(suite: string): void {
  if (hasBrowser) return;
  if (process.env.YUQING_REQUIRE_BROWSER === '1') {
    describe(suite, () => {
      it('needs Chromium', () => {
        throw new Error(
          `YUQING_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install Chromium (apt-get install chromium)`,
        );
      });
    });
  } else {
    console.warn(
      `[tests] ${CHROMIUM} not found: "${suite}" is skipped (set YUQING_REQUIRE_BROWSER=1 to make this a failure)`,
    );
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps calling out, and this
    // machine's closed network refuses every call.
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
}

/** Console errors and uncaught exceptions of a page, apart from the expected 401s. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    // The browser logs every non-2xx answer; 401 from "who am I" is how a signed-out start
    // and a finished sign-out look, so that one alone is expected.
    if (msg.text().includes('status of 401') && where.endsWith('/api/v1/auth/me')) return;
    problems.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  return problems;
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * Registers the browser's start and stop around a suite and hands out fresh pages, each in its
 * own context (cookies apart) with its console watched. Call inside the suite's describe.
 */
export function useBrowser(): {
  newPage: (options?: { phone?: boolean }) => Promise<{ page: Page; problems: string[] }>;
} {
  let browser: Browser | undefined;
  const contexts: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    newPage: async (options) => {
      if (!browser) throw new Error('the browser is not running');
      const context = await browser.newContext({
        locale: 'zh-CN',
        // Where the users are: times on the pages read as in Gansu.
        timezoneId: 'Asia/Shanghai',
        ...(options?.phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
          : { viewport: { width: 1366, height: 900 } }),
      });
      contexts.push(context);
      const page = await context.newPage();
      // Generous: CI runs the browser suites side by side on two cores.
      page.setDefaultTimeout(30_000);
      return { page, problems: watchConsole(page) };
    },
  };
}
