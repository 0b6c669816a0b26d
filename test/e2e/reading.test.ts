import type { Page } from 'playwright-core';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
let page: Page;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(() => env?.close());
beforeEach(async () => {
  const context = await env.browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
});
afterEach(() => page.context().close());

jest.setTimeout(60_000);

describe('a learner reads a course', () => {
  it('opens the catalog, a course and a module, with no serious accessibility violations', async () => {
    await page.goto(env.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Sample course' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sample course' }).waitFor();
    await page.getByRole('heading', { name: 'Modules' }).waitFor();
    expect(await page.getByLabel('Course edition').inputValue()).toBe('v2');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Welcome' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
    await page.getByText('This module welcomes you.').waitFor();
    await page.getByText('City case study').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /Next: Practice/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Practice');
  });

  it('answers a knowledge check and shows feedback', async () => {
    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/welcome`);
    const quiz = page.locator('form.quiz-form');
    await quiz.getByLabel('case').check();
    await quiz.getByLabel('reflection').check();
    await quiz.getByRole('button', { name: 'Check my answers' }).click();
    await quiz.getByText('No: a case box tells a city’s story.').waitFor();
    await quiz.getByText('0 of 2 right. Read the feedback and try again.').waitFor();
    await quiz.getByLabel('quiz', { exact: true }).check();
    await quiz.getByLabel('activity').check();
    await quiz.getByRole('button', { name: 'Check my answers' }).click();
    await quiz.getByText('Well done: 2 of 2 right.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('switches language, keeps the reader in the same section, and remembers the choice', async () => {
    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/welcome`);
    await page.getByRole('heading', { level: 2, name: 'Check yourself' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('.module-content h2')!.scrollIntoView({ block: 'start' }));
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('heading', { level: 1, name: 'Benvenuti' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Verificate' }).waitFor();
    const top = await page.evaluate(() => document.querySelector('.module-content h2')!.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(120);
    expect(await page.getByLabel('Lingua').inputValue()).toBe('it');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('it');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Benvenuti' }).waitFor();
    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/practice`);
    await page.getByText('Questo modulo non è ancora stato tradotto', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('can be used with the keyboard alone', async () => {
    await page.goto(env.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sample course');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sample course' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('fits a 360 px wide phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const url of ['/', '/courses/sample', '/courses/sample/releases/v2/modules/welcome']) {
      await page.goto(env.baseUrl + url);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(`${url}: ${await fitsWidth(page)}`).toBe(`${url}: true`);
    }
  });
});
