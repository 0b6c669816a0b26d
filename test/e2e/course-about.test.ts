import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import type { BrowserContext, Page } from 'playwright-core';
import { issueCertificate } from '../../server/src/certificates/service';
import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { FIXTURE_COURSES, TEST_PASSWORD } from '../support/app';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

// The codesign course, and the small sample course to publish from the browser (codesign's resources
// are not yet carried by a browser publish).
const COURSES = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-about-courses-'));
fs.cpSync(path.resolve(__dirname, '../../courses/codesign'), path.join(COURSES, 'codesign'), { recursive: true });
fs.cpSync(path.join(FIXTURE_COURSES, 'sample'), path.join(COURSES, 'sample'), { recursive: true });
let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: COURSES });
}, 180_000);
afterAll(async () => {
  await env?.close();
  fs.rmSync(COURSES, { recursive: true, force: true });
});
jest.setTimeout(180_000);

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const MAKERS =
  /UNITES, a project of Integrating Cities led by Eurocities, with MigrationWork, New Women Connectors, UNITEE/;
let accounts = 0;

/** Saves a full-page picture when SCREENSHOT_DIR is set, so each changed page can be looked at. */
async function picture(page: Page, name: string, part?: string) {
  if (!process.env.SCREENSHOT_DIR) return;
  const file = path.join(process.env.SCREENSHOT_DIR, `${name}.png`);
  if (part) await page.locator(part).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
}

async function signedInContext(role: Role, viewport = WIDE, locale = 'en-GB') {
  const email = `about-${role}-${Date.now()}-${accounts++}@example.org`;
  const user = await createUser(env.app.database.db, {
    email,
    password: TEST_PASSWORD,
    role,
    displayName: 'Lea Novak',
  });
  const context = await env.browser.newContext({ locale, viewport });
  const { csrfToken } = (await (await context.request.get(`${env.baseUrl}/api/auth/session`)).json()) as {
    csrfToken: string;
  };
  const res = await context.request.post(`${env.baseUrl}/api/auth/signin`, {
    data: { email, password: TEST_PASSWORD },
    headers: { 'X-CSRF-Token': csrfToken },
  });
  expect(res.status()).toBe(200);
  return { context, user, csrfToken };
}

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(env.baseUrl + url);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  return page;
}

const imageLoaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

describe('the catalogue card and the course page', () => {
  it.each([
    ['wide', WIDE],
    ['phone', PHONE],
  ])('show the picture, who made the course and what a learner can do afterwards (%s)', async (name, viewport) => {
    const context = await env.browser.newContext({ locale: 'en-GB', viewport });
    const catalogue = await open(context, '/');
    const card = catalogue.locator('.course-card', { hasText: 'Co-designing local integration strategies' });
    expect(await imageLoaded(catalogue, '.course-card img')).toBe(true);
    // On the card the picture is decorative: the title beside it names the course.
    expect(await card.locator('img').getAttribute('alt')).toBe('');
    expect(await card.locator('.course-makers').innerText()).toMatch(/Made by\s+UNITES/);
    expect(await card.locator('.course-makers dd').innerText()).toMatch(MAKERS);
    await card.getByRole('heading', { name: 'What you will be able to do' }).waitFor();
    expect(await card.locator('.course-outcomes li').count()).toBe(3);
    await card.getByText('More on the course page').waitFor();
    expect(await seriousA11yViolations(catalogue)).toEqual([]);
    expect(await fitsWidth(catalogue)).toBe(true);
    await picture(catalogue, `catalogue-${name}`);

    const course = await open(context, '/courses/codesign');
    const hero = course.locator('.course-hero');
    expect(await imageLoaded(course, '.course-hero img')).toBe(true);
    expect(await hero.getByRole('img').getAttribute('alt')).toMatch(/^Eight circles, one for each UNITES partner city/);
    expect(await hero.locator('.course-makers dd').innerText()).toMatch(MAKERS);
    const outcomes = course.locator('.course-outcomes');
    await outcomes.getByRole('heading', { level: 2, name: 'What you will be able to do' }).waitFor();
    expect(await outcomes.locator('li').allInnerTexts()).toContain(
      'Review an existing stakeholder coordination structure or set up a new one.',
    );
    expect(await outcomes.locator('li').count()).toBe(6);
    expect(await seriousA11yViolations(course)).toEqual([]);
    expect(await fitsWidth(course)).toBe(true);
    await picture(course, `course-${name}`);
    await context.close();
  });

  it('gives makers, outcomes and the picture in the reader language, and marks the language of a fallback', async () => {
    const context = await env.browser.newContext({ locale: 'it-IT', viewport: WIDE });
    const course = await open(context, '/courses/codesign?lang=it');
    const hero = course.locator('.course-hero');
    await course.getByRole('heading', { level: 2, name: 'Che cosa saprai fare' }).waitFor();
    expect(await hero.locator('.course-makers dd').innerText()).toMatch(/coordinato da\s+Eurocities/);
    expect(await hero.getByRole('img').getAttribute('alt')).toMatch(/^Otto cerchi/);
    await context.close();

    // French has a title but no makers of its own: the English line is shown, marked as English.
    const french = await env.browser.newContext({ locale: 'fr-FR', viewport: WIDE });
    const page = await open(french, '/courses/codesign?lang=fr');
    expect(await page.locator('.course-makers dd').getAttribute('lang')).toBe('en');
    expect(await page.locator('.course-outcomes ul').getAttribute('lang')).toBe('en');
    await french.close();
  });
});

describe('the certificate', () => {
  it('names its issuer, the course makers, under the course title in the PDF and on the verification page', async () => {
    const { context, user, csrfToken } = await signedInContext('learner', PHONE);
    const res = await context.request.post(
      `${env.baseUrl}/api/courses/codesign/releases/2024-conference/enrolment?lang=en`,
      { headers: { 'X-CSRF-Token': csrfToken } },
    );
    expect(res.ok()).toBe(true);
    const { rows } = (await env.app.database.db.execute(
      sql`select id from enrolments where user_id = ${user.id}`,
    )) as unknown as { rows: { id: string }[] };
    const enrolment = { id: rows[0].id, userId: user.id, courseId: 'codesign', releaseId: '2024-conference' };
    const code = await env.app.database.db.transaction((tx) => issueCertificate(tx, enrolment, 480, new Date()));

    const pdf = await context.request.get(`${env.baseUrl}/api/me/certificates/${code}/pdf?lang=en`);
    expect(pdf.status()).toBe(200);
    const text = (await new PDFParse({ data: new Uint8Array(await pdf.body()) }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toMatch(/Co-designing local integration strategies Issued by UNITES/);
    expect(text).toMatch(/Grenoble Alpes Métropole, Oulu, Prague, Zagreb and Zaragoza/);
    if (process.env.SCREENSHOT_DIR) {
      const shot = await new PDFParse({ data: new Uint8Array(await pdf.body()) }).getScreenshot({
        partial: [1],
        scale: 1.5,
        imageBuffer: true,
        imageDataUrl: false,
      });
      fs.writeFileSync(path.join(process.env.SCREENSHOT_DIR, 'certificate-page1.png'), Buffer.from(shot.pages[0].data));
    }
    const german = await context.request.get(`${env.baseUrl}/api/me/certificates/${code}/pdf?lang=de`);
    const deText = (await new PDFParse({ data: new Uint8Array(await german.body()) }).getText()).text;
    expect(deText.replace(/\s+/g, ' ')).toMatch(
      /Ausgestellt von UNITES, ein Projekt von Integrating Cities unter der Leitung von EUROCITIES/,
    );

    const page = await open(context, `/verify/${code}`);
    await page.getByText('This certificate is genuine.').waitFor();
    expect(await page.locator('dt', { hasText: 'Issued by' }).locator('+ dd').innerText()).toMatch(MAKERS);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await picture(page, 'verify-phone');
    await context.close();
  });
});

describe('comparing two editions', () => {
  const COMPARE = '/courses/codesign/compare?from=2024-conference&to=2026-edition';
  /** The first screen only: the whole page is long. */
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`) });
  };

  it.each([
    ['wide', WIDE],
    ['phone', PHONE],
  ])('shows learners the text as read, marked word by word, step by step, with links (%s)', async (name, viewport) => {
    const { context } = await signedInContext('learner', viewport);
    const page = await open(context, COMPARE);
    const module = page.locator('article.compare-module').first();
    // Each changed module says how much changed in each language and opens by keyboard.
    const english = module.locator('details > summary').first();
    expect(await english.innerText()).toMatch(/^English: text changed Words added: \d+\. Words removed: \d+\.$/);
    await english.focus();
    await page.keyboard.press('Enter');
    await module.locator('.compare-text').first().waitFor();
    await shot(page, `compare-editions-${name}`);
    const inserted = await page.locator('.compare-text ins').allTextContents();
    const deleted = await page.locator('.compare-text del').allTextContents();
    expect(inserted.length).toBeGreaterThan(0);
    expect(deleted.length).toBeGreaterThan(0);
    expect(inserted.filter((text) => !/^added: \s*\S/u.test(text))).toEqual([]);
    expect(inserted.filter((text) => /^added: .*\p{L}{2}/u.test(text)).length).toBeGreaterThan(0);
    expect(deleted.filter((text) => !/^removed: \s*\S/u.test(text))).toEqual([]);
    expect(deleted.filter((text) => /^removed: .*\p{L}{2}/u.test(text)).length).toBeGreaterThan(0);
    // Not colour alone.
    expect(
      await page
        .locator('.compare-text ins')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('underline');
    expect(
      await page
        .locator('.compare-text del')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('line-through');
    // Long unchanged stretches are counted, not shown.
    await page
      .locator('.compare-skip', { hasText: /^\[\d+ unchanged paragraphs?\]$/ })
      .first()
      .waitFor();
    // Rendered text, not source: no Markdown marks, containers or front matter, and no source diff for learners.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\*\*|:::|^---|^id: |^#+ /m);
    expect(await page.getByText('Show source changes (Markdown)').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    // The module and step headings lead to them in the newer edition.
    const moduleLink = module.getByRole('link', { name: 'Why co-design integration strategies?' });
    expect(await moduleLink.getAttribute('href')).toMatch(
      /\/courses\/codesign\/releases\/2026-edition\/modules\/why-codesign$/,
    );
    const stepLink = module.locator('h4 a').first();
    const stepTitle = await stepLink.innerText();
    await stepLink.click();
    await page.waitForURL(/\/courses\/codesign\/releases\/2026-edition\/modules\/why-codesign\/steps\/[a-z0-9-]+$/);
    await page.getByRole('heading', { name: stepTitle }).first().waitFor();
    await context.close();
  });

  it('lets a trainer open the source line diff', async () => {
    const { context } = await signedInContext('trainer', PHONE);
    const page = await open(context, COMPARE);
    const module = page.locator('article.compare-module').first();
    await module.locator('details > summary').first().click();
    const source = module.locator('summary', { hasText: 'Show source changes (Markdown)' }).first();
    await source.focus();
    await page.keyboard.press('Enter');
    const diff = module.getByRole('region', { name: 'Changes in English' });
    await diff.waitFor();
    expect(await diff.innerText()).toMatch(/^:::: step /m);
    expect(await diff.locator('ins').count()).toBeGreaterThan(0);
    await source.scrollIntoViewIfNeeded();
    await shot(page, 'compare-editions-source-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });
});

describe('authoring', () => {
  it.each([
    ['wide', WIDE, 'why-codesign'],
    ['phone', PHONE, 'stakeholder-coordination'],
  ])('compares two revisions word by word, marked for screen readers too (%s)', async (name, viewport, module) => {
    const { context } = await signedInContext('trainer', viewport);
    const page = await open(context, `/authoring/codesign/modules/${module}/en`);
    const editor = page.getByLabel('Module text (Markdown)');
    await editor.waitFor();
    const source = await editor.inputValue();
    // The first objective gains a word and loses its last one.
    const objective = /^ {2}- (\S+) (.*) (\S+)$/m.exec(source)!;
    const removed = objective[3];
    await editor.fill(source.replace(objective[0], `  - ${objective[1]} clearly ${objective[2]} bystanders.`));
    await page.locator('.editor-text + p', { hasText: 'Saved as revision' }).waitFor();
    const compare = page.getByRole('button', { name: /^Compare \d+ with \d+$/ }).first();
    await compare.click();
    const diff = page.locator('.word-diff');
    await diff.waitFor();
    expect(await compare.getAttribute('aria-expanded')).toBe('true');
    expect(await diff.locator('ins').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^added: clearly/), expect.stringMatching(/^added: bystanders/)]),
    );
    expect(await diff.locator('del').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(`removed: ${removed.replace(/\.$/, '')}`)]),
    );
    await diff.getByText(/^Words added: \d+\. Words removed: \d+\.$/).waitFor();
    // The long unchanged rest of the module is skipped, not shown in full.
    expect(await diff.locator('.word-diff-skip').last().innerText()).toMatch(/^\[unchanged lines skipped: \d+\]$/);
    // Not colour alone: additions are underlined and removals struck through.
    expect(
      await diff
        .locator('ins')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('underline');
    expect(
      await diff
        .locator('del')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('line-through');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await picture(page, `compare-${name}`, 'section[aria-labelledby="history-heading"]');
    await context.close();
  });

  it('asks for a release title in every course language', async () => {
    const { context } = await signedInContext('trainer', PHONE);
    const page = await open(context, '/authoring/codesign');
    const form = page.locator('form.publish-form');
    for (const language of [
      'English',
      'Italian',
      'German',
      'French',
      'Spanish',
      'Greek',
      'Finnish',
      'Czech',
      'Croatian',
    ])
      expect(await form.getByLabel(`Release title (${language})`).getAttribute('lang')).toBeTruthy();
    expect(await form.getByLabel('Release title (English)').getAttribute('required')).not.toBeNull();
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await picture(page, 'publish-form-phone');
    await context.close();
  });

  it('publishes with the titles given and announces the result, or what failed, beside the button', async () => {
    const { context } = await signedInContext('trainer', PHONE);
    const page = await open(context, '/authoring/sample');
    const form = page.locator('form.publish-form');
    const status = form.getByRole('status');

    // A release id already used: the refusal is said beside the button.
    await form.getByLabel('Release id').fill('v1');
    await form.getByLabel('Release title (English)').fill('Spring 2027 edition');
    await form.getByLabel('Release notes (English)').fill('Clearer wording in the first module.');
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await status.getByText(/^Not published\. .*already published/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await picture(page, 'publish-refused-phone');

    await form.getByLabel('Release id').fill('v2027');
    await form.getByLabel('Release title (Italian)').fill('Edizione primavera 2027');
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await status
      .getByText('Release v2027 is published: learners can enrol in it.')
      .waitFor({ timeout: 60_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nThe status said: ${await status.innerText()}`);
      });
    await page.setViewportSize(WIDE);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await picture(page, 'publish-done-wide');

    // Learners read the title, in their language, not the release id.
    const learner = await env.browser.newContext({ locale: 'it-IT', viewport: WIDE });
    const italian = await open(learner, '/courses/sample?lang=it');
    expect(await italian.locator('.release-picker select option:checked').innerText()).toMatch(
      /^Edizione primavera 2027/,
    );
    const english = await open(context, '/courses/sample');
    expect(await english.locator('.release-picker select option:checked').innerText()).toMatch(/^Spring 2027 edition/);
    await Promise.all([learner.close(), context.close()]);
  });
});
