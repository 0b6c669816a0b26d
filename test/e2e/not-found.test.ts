import path from 'node:path';
import { seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

const COURSES = path.resolve(__dirname, '../../courses');
let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: COURSES });
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(90_000);

describe('an address that leads nowhere', () => {
  it.each([
    ['an unknown course', '/courses/no-such-course'],
    ['an unknown module', '/courses/codesign/releases/2026-edition/modules/no-such-module'],
  ])('shows a "Page not found" page for %s, with its title and a link home', async (_, address) => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${env.baseUrl}${address}`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await expect(page.title()).resolves.toMatch(/^Page not found/);
    await page.getByText('There is nothing at this address.').waitFor();
    // The server's explanation for developers is not shown to readers.
    expect(await page.locator('body').innerText()).not.toMatch(/\/api\/|lists the courses|No course/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Back to all courses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.context().close();
  });

  it('speaks the reader’s language', async () => {
    const page = await (await env.browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${env.baseUrl}/courses/codesign/releases/2026-edition/modules/no-such-module`);
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
    await page.getByText('Unter dieser Adresse gibt es nichts.').waitFor();
    await page.context().close();
  });
});
