import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestAppOptions } from './app';

export const CHROMIUM = '/usr/bin/chromium';
const CLIENT_DIR = path.resolve(__dirname, '../../dist/client');

export interface BrowserEnv {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\`.`);
  return chromium.launch({
    executablePath: CHROMIUM,
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

/**
 * The real server on a free port with the built client, and Debian's Chromium, headless.
 * `prepare` may add app options that need the server's address (e.g. a sign-on provider's redirect).
 */
export async function startBrowserEnv(
  options: TestAppOptions & { prepare?: (baseUrl: string) => Promise<TestAppOptions> } = {},
): Promise<BrowserEnv> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { prepare, ...appOptions } = options;
  const app = await createTestApp({
    clientDir: CLIENT_DIR,
    publicUrl: baseUrl,
    ...appOptions,
    ...(prepare ? await prepare(baseUrl) : {}),
  });
  server.on('request', app.app);
  const browser = await launchChromium();
  return {
    app,
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns the serious and critical violations, readably. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's own Content-Security-Policy still holds.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 3).join(', ')})`);
}

/** True when the page fits the viewport's width (no sideways scrolling on a phone). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Presses Tab until the element has focus: proves it can be reached by keyboard. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} by keyboard`);
}

/** Reaches a field by keyboard, by its label, and types into it. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  await tabTo(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.type(value);
}

/** A person with an account, signed in in their own browser context (own cookies), in their language. */
export async function signedInPerson(
  env: BrowserEnv,
  name: string,
  locale: string,
  role: Role = 'learner',
  viewport = { width: 360, height: 740 },
) {
  const email = `${name.split(' ')[0].toLowerCase()}${Date.now()}@example.org`;
  const user = await createUser(env.app.database.db, { email, password: TEST_PASSWORD, role, displayName: name });
  const context = await env.browser.newContext({ locale, viewport });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(TEST_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return { page, context, email, id: user.id };
}
