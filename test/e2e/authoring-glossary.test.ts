import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

const STEP_COURSES = path.resolve(__dirname, '../fixtures/step-courses');
const RELEASE_IT = fs.readFileSync(path.join(STEP_COURSES, 'steps/releases/r1/glossary/it.yaml'), 'utf8');

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: STEP_COURSES });
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(180_000);

async function signInTrainer(page: Page): Promise<void> {
  const email = `trainer-${Date.now()}@example.org`;
  await createUser(env.app.database.db, {
    email,
    password: TEST_PASSWORD,
    role: 'trainer',
    displayName: 'E2E trainer',
  });
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
}

/** Checks the page at both widths: no serious accessibility problem, nothing wider than the screen. */
async function atBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('the glossary and templates in the browser', () => {
  it('a trainer adds a missing Italian term and sees it in the preview as the glossary page lists it', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signInTrainer(page);
    await page.goto(`${env.baseUrl}/authoring/steps`);
    await page.getByRole('heading', { name: 'Templates and glossary' }).waitFor();
    await atBothWidths(page, 'authoring-files');

    await page.getByRole('link', { name: 'Glossary · it: Edit (revision 1)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Glossary (it)' }).waitFor();
    // The same check as validate: the term the English glossary has is missing here.
    await page.locator('.problems li', { hasText: 'term "action-plan" (action plan) of en.yaml is missing' }).waitFor();
    const preview = page.locator('.preview');
    expect(await preview.locator('dfn').allTextContents()).toEqual(['attore', 'co-progettazione']);

    const editor = page.getByLabel('Glossary (glossary/it.yaml, YAML)');
    await editor.fill(
      `${RELEASE_IT}action-plan:\n  term: piano d'azione\n  definition: Chi fa cosa ed entro quando.\n`,
    );
    await preview.locator('dfn', { hasText: "piano d'azione" }).waitFor();
    expect(await preview.locator('dfn').allTextContents()).toEqual(['attore', 'co-progettazione', "piano d'azione"]);
    await page.locator('.editor-text + p', { hasText: 'Saved as revision 2' }).waitFor();
    await page.getByText('No problems found.').waitFor();
    await atBothWidths(page, 'authoring-glossary');

    // YAML that cannot be read: the problem names its line, saving says why it refuses, and the preview
    // waits for a readable text.
    await editor.fill(`${RELEASE_IT}action-plan:\n  term: piano: d'azione\n`);
    await page.locator('.problems li', { hasText: 'Line 9: YAML syntax' }).waitFor();
    await page.getByText('The preview appears again when the YAML can be read.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText('glossary/it.yaml cannot be read and was not saved: fix the problems listed with the text.')
      .waitFor();

    await page.getByRole('link', { name: 'Back to the draft' }).click();
    await page.getByRole('link', { name: 'Template: Stakeholder map grid · en: Edit (revision 1)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Template stakeholder-map (en)' }).waitFor();
    await page.locator('.preview .preview-title', { hasText: 'Stakeholder map grid' }).waitFor();
    await page.locator('.preview table').waitFor();
    await atBothWidths(page, 'authoring-template');
  });
});
