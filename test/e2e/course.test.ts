import path from 'node:path';
import type { Page } from 'playwright-core';
import { seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

const COURSES = path.resolve(__dirname, '../../courses');
let env: BrowserEnv;
let page: Page;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: COURSES });
}, 60_000);
afterAll(() => env?.close());
beforeEach(async () => {
  page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
});
afterEach(() => page.context().close());
jest.setTimeout(180_000);

async function chooseLanguage(lang: string): Promise<void> {
  await page.goto(env.baseUrl);
  await page.locator('header select').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Reads a release from its first module to its last by the "Next" links; answers every quiz. */
async function readRelease(release: string, lang: string, expectedModules: number): Promise<string[]> {
  const titles: string[] = [];
  await page.goto(`${env.baseUrl}/courses/codesign/releases/${release}`);
  await page.locator('.module-list a').first().click();
  for (let i = 1; ; i++) {
    const article = page.locator(`article.module[lang="${lang}"]`);
    await article.waitFor();
    titles.push((await page.locator('h1').innerText()).trim());
    expect(await page.locator('.notice').count()).toBe(0);
    expect(await page.locator('.module-content p').count()).toBeGreaterThan(10);
    const quizzes = page.locator('form.quiz-form');
    expect(await quizzes.count()).toBeGreaterThan(0);
    for (const quiz of await quizzes.all()) {
      const questions = quiz.locator('fieldset');
      for (const question of await questions.all()) await question.locator('input').first().check();
      await quiz.locator('button[type=submit]').click();
      await quiz.locator('.quiz-score').waitFor();
      expect(await quiz.locator('.feedback').count()).toBeGreaterThanOrEqual(await questions.count());
    }
    const next = page.locator('nav.pager a[rel=next]');
    if ((await next.count()) === 0) break;
    await next.click();
    await page.waitForFunction((n) => !document.querySelector('h1')?.textContent?.includes(n), titles.at(-1)!);
  }
  expect(titles).toHaveLength(expectedModules);
  return titles;
}

describe('the codesign course in the browser', () => {
  it('reads the 2022 pilot end to end in English', async () => {
    const titles = await readRelease('2022-pilot', 'en', 6);
    expect(titles[0]).toBe('Why co-design integration strategies?');
  });

  it('reads the 2024 conference release end to end in English, with the eight city case studies', async () => {
    const titles = await readRelease('2024-conference', 'en', 8);
    expect(titles.at(-1)).toBe('Passing it on: peer learning and mentoring');
    await page.goto(`${env.baseUrl}/courses/codesign/releases/2024-conference/modules/cities-journeys`);
    const cases = page.locator('aside.box-case');
    await cases.first().waitFor();
    expect(await cases.count()).toBe(8);
    expect(await cases.first().locator('.box-kind').innerText()).toMatch(/city case study/i);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it.each([
    ['it', 'Perché co-progettare le strategie di integrazione?'],
    ['de', 'Warum Integrationsstrategien gemeinsam gestalten?'],
  ])('reads the 2024 conference release end to end in %s', async (lang, firstTitle) => {
    await chooseLanguage(lang);
    const titles = await readRelease('2024-conference', lang, 8);
    expect(titles[0]).toBe(firstTitle);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows untranslated modules in English with a notice, and translated titles in the outline', async () => {
    await chooseLanguage('fr');
    await page.goto(`${env.baseUrl}/courses/codesign`);
    await page
      .getByRole('heading', { level: 1, name: 'Co-concevoir des stratégies locales d’intégration' })
      .or(page.locator('h1'))
      .first()
      .waitFor();
    await page.locator('.module-list a').first().waitFor();
    expect(await page.locator('.module-list a').first().innerText()).toMatch(/co-concevoir/i);
    await page.locator('.module-list a').first().click();
    await page.locator('article.module[lang="en"]').waitFor();
    expect(await page.locator('.notice').innerText()).toMatch(/français/);
  });
});
