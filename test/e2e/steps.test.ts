import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import type { BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, tabTo, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: path.resolve(__dirname, '../fixtures/step-courses') });
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(120_000);

const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> =>
  ((await env.app.database.db.execute(query)) as unknown as { rows: T[] }).rows;

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  return page;
}

/** Scrolls to the end of the step and waits until the server has recorded it as read. */
async function readStep(page: Page, userId: string, step: string): Promise<void> {
  for (let i = 0; ; i++) {
    // Scrolled to the end (again, in case the page was already there when its tracker started).
    await page.evaluate(() => {
      window.scrollTo(0, document.body.scrollHeight);
      window.dispatchEvent(new Event('scroll'));
    });
    const [visit] = await rows<{ read_at: string | null }>(
      sql`select read_at from step_visits where user_id = ${userId} and module_id = 'mapping' and step_id = ${step}`,
    );
    if (visit?.read_at) return;
    if (i === 600) throw new Error(`reading step ${step} was not recorded`);
    await page.waitForTimeout(100);
  }
}

describe('a module in steps', () => {
  it('is walked step by step, with a template, a glossary term by keyboard, resume on a second device and completion', async () => {
    const email = `steps${Date.now()}@example.org`;
    const user = await createUser(env.app.database.db, {
      email,
      password: TEST_PASSWORD,
      role: 'learner',
      displayName: 'Lea',
    });
    const first = await env.browser.newContext({
      locale: 'en-GB',
      acceptDownloads: true,
      viewport: { width: 1280, height: 720 },
    });
    const page = await signIn(first, email);
    await page.goto(`${env.baseUrl}/courses/steps/releases/r1`);
    await page.getByRole('button', { name: /^Enrol in/ }).click();
    await page.getByRole('heading', { name: 'Your progress' }).waitFor();

    // The module's address opens its first step.
    await page.goto(`${env.baseUrl}/courses/steps/releases/r1/modules/mapping`);
    await page.waitForURL(/\/modules\/mapping\/steps\/why-map$/);
    await page.getByText('Step 1 of 4').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Why map stakeholders' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A glossary term, reached with the keyboard, explains itself.
    const term = page.getByRole('button', { name: 'stakeholder', exact: true });
    const tip = page.locator('#term-stakeholder');
    expect(await tip.isVisible()).toBe(false);
    await tabTo(page, term);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toBe('Anyone affected by a decision or able to influence it.');
    expect(await term.getAttribute('aria-describedby')).toBe('term-stakeholder');
    await readStep(page, user.id, 'why-map');

    // Step 2: the template downloads as a DOCX that opens as an archive.
    await page.getByRole('link', { name: /Next step: Map your city/ }).click();
    await page.getByText('Step 2 of 4').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'stakeholder map grid', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('stakeholder-map-en.docx');
    const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    expect(await zip.file('word/document.xml')!.async('string')).toContain('Stakeholder map grid');
    // The same template as a printable PDF, from a visible link beside it.
    const pdfLink = page.getByRole('link', { name: 'stakeholder map grid as PDF' });
    expect(await pdfLink.isVisible()).toBe(true);
    expect(await pdfLink.textContent()).toBe('PDF');
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^stakeholder-map.*\.pdf$/);
    const pdf = fs.readFileSync((await pdfDownload.path())!);
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text;
    expect(text).toContain('Stakeholder map grid');
    expect(text).toMatch(/Residents. association High Medium Yes/);
    // The step with its template links, at both widths.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 720 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await pdfLink.scrollIntoViewIfNeeded();
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/step-template-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await readStep(page, user.id, 'map-your-city');

    // Step 3: the knowledge check.
    await page.getByRole('link', { name: /Next step: Check your understanding/ }).click();
    await page.getByText('Step 3 of 4').waitFor();
    await page.getByLabel('Ask the group how and when they could take part.').check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await page.locator('.quiz-score.feedback-right').waitFor();
    await readStep(page, user.id, 'check-mapping');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // On a phone too.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });

    // A second device resumes at the step the learner was on.
    await page.getByRole('link', { name: /Next step: Who is missing/ }).click();
    await page.getByText('Step 4 of 4').waitFor();
    // Leaving the step for the course page saves the place.
    await page.getByRole('link', { name: 'Course outline' }).first().click();
    await page.waitForURL(/\/courses\/steps\/releases\/r1$/);
    for (let i = 0; ; i++) {
      const [visit] = await rows<{ place: string | null }>(
        sql`select place from module_visits where user_id = ${user.id} and module_id = 'mapping'`,
      );
      if (visit?.place?.startsWith('who-is-missing__')) break;
      if (i === 200) throw new Error('the place was not saved');
      await page.waitForTimeout(100);
    }
    const second = await env.browser.newContext({ locale: 'en-GB' });
    const other = await signIn(second, email);
    await other.goto(`${env.baseUrl}/courses/steps/releases/r1`);
    await other.getByRole('link', { name: /^Resume: Mapping stakeholders/ }).click();
    await other.waitForURL(/\/modules\/mapping\/steps\/who-is-missing/);
    await other.getByText('Step 4 of 4').waitFor();

    // Reading the last step completes the module: every step read and its knowledge check passed.
    for (let i = 0; ; i++) {
      await other.evaluate(() => {
        window.scrollTo(0, document.body.scrollHeight);
        window.dispatchEvent(new Event('scroll'));
      });
      const [visit] = await rows<{ completed_at: string | null }>(
        sql`select completed_at from module_visits where user_id = ${user.id} and module_id = 'mapping'`,
      );
      if (visit?.completed_at) break;
      if (i === 200) throw new Error('the module was not completed');
      await other.waitForTimeout(100);
    }
    await first.close();
    await second.close();
  });

  it('saves the reading place when the tab is closed', async () => {
    const email = `close${Date.now()}@example.org`;
    const user = await createUser(env.app.database.db, { email, password: TEST_PASSWORD, role: 'learner' });
    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await signIn(context, email);
    await page.goto(`${env.baseUrl}/courses/steps/releases/r1`);
    await page.getByRole('button', { name: /^Enrol in/ }).click();
    await page.getByRole('heading', { name: 'Your progress' }).waitFor();
    // Time stands still in the page, so the every-few-seconds save never runs: only leaving can save.
    await page.clock.install();
    await page.clock.pauseAt(new Date(Date.now() + 1000));
    await page.goto(`${env.baseUrl}/courses/steps/releases/r1/modules/mapping/steps/who-is-missing`);
    // The page still needs a little time to show a page that loads lazily (React reveals it on a timer):
    // let page time pass in small steps, far less in all than the reader's save interval.
    const shown = page.getByText('Step 4 of 4');
    for (let i = 0; !(await shown.isVisible()); i++) {
      if (i === 120) throw new Error('the step page did not show');
      await page.clock.runFor(20);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const place = async () =>
      (
        await rows<{ place: string | null }>(
          sql`select place from module_visits where user_id = ${user.id} and module_id = 'mapping'`,
        )
      )[0]?.place ?? null;
    expect(await place()).toBeNull();
    await page.close({ runBeforeUnload: true });
    for (let i = 0; ; i++) {
      if ((await place())?.startsWith('who-is-missing__')) break;
      if (i === 200) throw new Error('closing the tab did not save the place');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await context.close();
  });

  it('is edited in the browser with templates and terms in the preview, and the knowledge-check check in the problems', async () => {
    const email = `trainer${Date.now()}@example.org`;
    await createUser(env.app.database.db, { email, password: TEST_PASSWORD, role: 'trainer' });
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, email);
    await page.goto(`${env.baseUrl}/authoring/steps/modules/mapping/en`);
    const editor = page.getByLabel('Module text (Markdown)');
    await editor.waitFor();
    const preview = page.locator('.preview');
    const link = preview.getByRole('link', { name: 'stakeholder map grid', exact: true });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(
      '/api/courses/steps/releases/r1/resources/stakeholder-map.docx?lang=en',
    );
    await preview.getByRole('button', { name: 'stakeholder', exact: true }).waitFor();
    const source = await editor.inputValue();
    await editor.fill(
      source
        .replace('- [ ] Hold the meeting anyway and inform them later by letter.', '- [ ] Wait.')
        .replace('resource:stakeholder-map', 'resource:no-such-template'),
    );
    const problems = page.locator('.problems');
    await problems.getByText(/options differ in length by more than 3×/).waitFor();
    await problems.getByText(/resource "no-such-template" does not exist/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Put the text back, so the draft stays as the files have it.
    await editor.fill(source);
    await page.getByText('No problems found.').first().waitFor();
    await context.close();
  });
});
