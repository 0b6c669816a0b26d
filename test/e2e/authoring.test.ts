import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(300_000);

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082',
  'hex',
);

const ENGLISH = `---
id: browser-made
title: Made in the browser
minutes: 5
objectives:
  - Write a module without touching a file.
---

A module written in the browser. <script>window.pwned = true</script>

<img src=x onerror="window.pwned = true">

::: quiz browser-check
? Where was this module written?
- [x] In the browser
  Right: no file was touched.
- [ ] In a text editor
  No: it was written in the browser.
:::
`;

async function signIn(page: Page, role: 'trainer' | 'learner'): Promise<void> {
  const email = `${role}-${Date.now()}@example.org`;
  await createUser(env.app.database.db, { email, password: TEST_PASSWORD, role, displayName: `E2E ${role}` });
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
}

/** Waits until the editor says the text on screen is saved (it says "not saved" as soon as anything changes). */
async function waitSaved(page: Page): Promise<void> {
  await page.locator('.editor-text + p', { hasText: 'Saved as revision' }).waitFor();
}

describe('authoring in the browser', () => {
  it('takes a trainer from an empty module to a published release that a learner is offered', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, 'trainer');

    await page.getByRole('link', { name: 'Authoring' }).click();
    await page.getByRole('link', { name: 'Sample course' }).click();
    await page.getByRole('heading', { name: 'Draft of Sample course' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Module id').fill('browser-made');
    await page.getByLabel('Module title').fill('Made in the browser');
    await page.getByRole('button', { name: 'Create module' }).click();
    await page.locator('.authoring-modules').getByRole('link', { name: 'Made in the browser' }).click();
    await page.getByRole('heading', { name: 'Made in the browser (en)' }).waitFor();

    const editor = page.getByLabel('Module text (Markdown)');
    await editor.fill(ENGLISH);
    await page.getByLabel('Image file (PNG, JPEG, WebP or SVG, at most 2 MB)').setInputFiles({
      name: 'Pixel.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByLabel('Alt text: what the image shows').fill('A single pixel');
    await page.getByRole('button', { name: 'Upload and insert' }).click();
    await page.locator('.preview img[alt="A single pixel"]').waitFor();
    expect(await editor.inputValue()).toContain('![A single pixel](pixel.png)');

    // The preview shows the quiz and treats HTML written in the module as text.
    const preview = page.locator('.preview');
    await preview.getByText('Where was this module written?').waitFor();
    expect(await preview.innerText()).toContain('<script>window.pwned = true</script>');
    expect(await preview.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await waitSaved(page);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Translate into Italian beside the source.
    await page.goto(`${env.baseUrl}/authoring/sample/modules/browser-made/it`);
    await page.getByRole('button', { name: 'Start from the source text' }).click();
    const italian = ENGLISH.replace('title: Made in the browser', 'title: Scritto nel browser')
      .replace('A module written in the browser.', 'Un modulo scritto nel browser.')
      .replace('Where was this module written?', 'Dove è stato scritto questo modulo?');
    await page.getByLabel('Module text (Markdown)').fill(`${italian}\n![Un solo pixel](pixel.png)\n`);
    await waitSaved(page);
    await page.getByRole('button', { name: 'Mark as translated from the current source' }).click();
    await page.waitForFunction(() =>
      /translatedFrom: [0-9a-f]{12}/.test(document.querySelector<HTMLTextAreaElement>('.editor-text')?.value ?? ''),
    );
    await waitSaved(page);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The draft shows the translation up to date, and publishes.
    await page.getByRole('link', { name: 'Back to the draft' }).click();
    await page.getByRole('link', { name: 'Made in the browser · it: Up to date' }).waitFor();
    await page.getByLabel('Release id').fill('v3');
    await page.getByLabel('Release title (English)').fill('Third edition');
    await page.getByLabel('Release notes (English)').fill('A module made in the browser.');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Release v3 is published').waitFor();

    // A learner is offered the new release, in Italian too.
    const learner = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(learner, 'learner');
    await learner.goto(`${env.baseUrl}/courses/sample`);
    await learner.locator('.module-list').waitFor();
    expect(await learner.locator('.module-list').innerText()).toContain('Made in the browser');
    await learner.goto(`${env.baseUrl}/courses/sample/releases/v3/modules/browser-made?lang=it`);
    await learner.locator('article.module h1').waitFor();
    expect(await learner.locator('article.module .module-content').innerText()).toContain(
      '<script>window.pwned = true</script>',
    );
  });

  it('fits a phone and stays accessible', async () => {
    const page = await (
      await env.browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 740 } })
    ).newPage();
    await signIn(page, 'trainer');
    await page.goto(`${env.baseUrl}/authoring/sample/modules/practice/en`);
    await page.getByLabel('Module text (Markdown)').waitFor();
    await page.getByText('No problems found.').first().waitFor();
    await page.getByRole('button', { name: 'Show revision 1' }).click();
    await page.locator('.history pre', { hasText: 'id: practice' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${env.baseUrl}/authoring/sample`);
    await page.getByRole('heading', { name: 'Draft of Sample course' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
  });

  it('says a module the draft does not have is not there, rather than opening an empty text', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, 'trainer');
    await page.goto(`${env.baseUrl}/authoring/sample/modules/no-such-module/en`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByLabel('Module text (Markdown)').count()).toBe(0);
  });
});
