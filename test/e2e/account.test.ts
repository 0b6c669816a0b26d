import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { seriousA11yViolations, startBrowserEnv, type BrowserEnv, tabTo, fill } from '../support/browser';
import { startSmtpServer } from '../support/smtp';

let env: BrowserEnv;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  env = await startBrowserEnv({ smtpUrl: smtp.url });
}, 60_000);
afterAll(async () => {
  await env?.close();
  await smtp?.close();
});
jest.setTimeout(90_000);

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

describe('an account, by keyboard alone', () => {
  it('signs up, verifies, signs out, resets the password and signs in; guest progress follows', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    const email = `keyboard${Date.now()}@example.org`;

    // As a guest, open a module: the visit is kept in the browser.
    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/practice`);
    await page.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
    await page.waitForFunction(() => (localStorage.getItem('atrium.guestProgress') ?? '').includes('"practice"'));

    await page.goto(`${env.baseUrl}/sign-up`);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await expectAccessible(page);
    const before = smtp.mails.length;
    await fill(page, 'Your name', 'Keyboard User');
    await fill(page, 'Email address', email);
    await fill(page, 'Password', 'keys only, no mouse');
    await page.keyboard.press('Enter');
    await page.getByText('Check your inbox').waitFor();

    const link = smtp
      .link(await smtp.next(email, before))!
      .replace('http://127.0.0.1', env.baseUrl.replace(/:\d+$/, ''));
    await page.goto(link);
    await page.getByText('your email address is confirmed').waitFor();
    await expectAccessible(page);

    await page.goto(`${env.baseUrl}/courses/sample/releases/v2`);
    await page.locator('.module-list li', { hasText: 'Practice' }).getByText('In progress').waitFor();

    await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();

    await page.goto(`${env.baseUrl}/forgot-password`);
    await expectAccessible(page);
    const beforeReset = smtp.mails.length;
    await fill(page, 'Email address', email);
    await page.keyboard.press('Enter');
    await page.getByText('Check your inbox').waitFor();
    await page.goto(smtp.link(await smtp.next(email, beforeReset))!);
    await fill(page, 'New password', 'a fresh keyboard phrase');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await expectAccessible(page);

    await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
    await page.keyboard.press('Enter');
    await page.goto(`${env.baseUrl}/sign-in`);
    await fill(page, 'Email address', email);
    await fill(page, 'Password', 'keys only, no mouse');
    await page.keyboard.press('Enter');
    await page.getByText('The email or the password is not right').waitFor();
    await expectAccessible(page);
    await tabTo(page, page.getByLabel('Password', { exact: true }));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('a fresh keyboard phrase');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByText(email).waitFor();
  });

  it('shows the privacy page in every UI language', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${env.baseUrl}/privacy`);
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    await expectAccessible(page);
    for (const lang of ['it', 'de', 'fr', 'es', 'el', 'fi', 'cs', 'hr']) {
      const strings = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, `../../client/src/locales/${lang}/common.json`), 'utf8'),
      );
      await page.locator('header select').selectOption(lang);
      await page.locator('main .lead', { hasText: strings.privacy.intro }).waitFor();
      expect(await page.locator('main h1').innerText()).toBe(strings.privacy.title);
      expect(await page.locator('main h2').allInnerTexts()).toEqual(
        ['account', 'profile', 'learning', 'cookies', 'rights'].map((k) => strings.privacy[k].title),
      );
    }
  });

  it('lets an admin find a user and change their role', async () => {
    const admin = `admin${Date.now()}@example.org`;
    const learner = `trainee${Date.now()}@example.org`;
    await createUser(env.app.database.db, { email: admin, password: 'an admin passphrase', role: 'admin' });
    await createUser(env.app.database.db, { email: learner, password: 'a learner passphrase', role: 'learner' });
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${env.baseUrl}/sign-in`);
    await fill(page, 'Email address', admin);
    await fill(page, 'Password', 'an admin passphrase');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Users' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await fill(page, 'Search by name, email or organisation', learner);
    await page.getByText('1 user', { exact: true }).waitFor();
    await page.getByLabel(`Role of ${learner}`).selectOption('trainer');
    await page.getByText(`${learner} is now Trainer.`).waitFor();
    await expectAccessible(page);
  });
});
