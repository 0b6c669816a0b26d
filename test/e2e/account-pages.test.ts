import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 120_000);
afterAll(() => env?.close());
jest.setTimeout(120_000);

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
let accounts = 0;

/** A browser in `locale`, signed in to a fresh learner account through the API the sign-in page uses. */
async function signedIn(locale: string, viewport: typeof WIDE) {
  const email = `account-${Date.now()}-${accounts++}@example.org`;
  const user = await createUser(env.app.database.db, {
    email,
    password: TEST_PASSWORD,
    role: 'learner',
    displayName: 'Ada Learner',
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

async function expectUsable(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await fitsWidth(page)).toBe(true);
}

const selectedText = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text);

describe('My account', () => {
  it.each([WIDE, PHONE])('names languages and countries in the reader’s language (%o)', async (viewport) => {
    const { context, user } = await signedIn('de-DE', viewport);
    await env.app.database.db.execute(
      sql`update users set preferred_locale = 'it', country = 'FI' where id = ${user.id}`,
    );
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/account`);
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    expect(await selectedText(page, 'Bevorzugte Sprache')).toBe('Italienisch');
    expect(await selectedText(page, 'Land')).toBe('Finnland');
    const languages = await page.getByLabel('Bevorzugte Sprache', { exact: true }).locator('option').allTextContents();
    expect(languages).toEqual(expect.arrayContaining(['Deutsch', 'Englisch', 'Griechisch', 'Kroatisch']));
    expect(languages).not.toContain('de');
    await expectUsable(page);

    // A country is chosen by its name; the account keeps its code.
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Österreich' });
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByText('Ihr Profil ist gespeichert.').waitFor();
    const [row] = (
      (await env.app.database.db.execute(sql`select country from users where id = ${user.id}`)) as unknown as {
        rows: { country: string }[];
      }
    ).rows;
    expect(row.country).toBe('AT');
    await context.close();
  });

  it.each([WIDE, PHONE])(
    'after deleting the account, says what was erased and what was kept (%o)',
    async (viewport) => {
      const { context, user } = await signedIn('en-GB', viewport);
      const page = await context.newPage();
      await page.goto(`${env.baseUrl}/account`);
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await page.getByLabel('I understand that this cannot be undone.').check();
      await page.getByRole('button', { name: 'Delete my account now' }).click();

      await page.getByRole('heading', { level: 1, name: 'Your account is deleted' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account-deleted');
      await page.getByText('Certificates you earned stay valid').waitFor();
      const session = (await (await context.request.get(`${env.baseUrl}/api/auth/session`)).json()) as {
        user: unknown;
      };
      expect(session.user).toBeNull();
      await expectUsable(page);
      const [row] = (
        (await env.app.database.db.execute(
          sql`select email, deleted_at from users where id = ${user.id}`,
        )) as unknown as {
          rows: { email: string | null; deleted_at: unknown }[];
        }
      ).rows;
      expect(row.email).toBeNull();
      expect(row.deleted_at).not.toBeNull();

      await page.getByRole('link', { name: 'Back to all courses' }).click();
      await page
        .getByRole('heading', { level: 1 })
        .filter({ hasText: /courses/i })
        .waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await context.close();
    },
  );
});

describe("errors in the reader's language", () => {
  it.each([WIDE, PHONE])('sign-in and sign-up refusals are whole translated sentences (%o)', async (viewport) => {
    const context = await env.browser.newContext({ locale: 'de-DE', viewport });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(`nobody-${Date.now()}@example.org`);
    await page.getByLabel('Passwort', { exact: true }).fill('not the right one at all');
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.innerText()).toBe(
      'E-Mail-Adresse oder Passwort stimmen nicht. Prüfen Sie beides oder setzen Sie Ihr Passwort zurück.',
    );
    await expectUsable(page);

    await page.goto(`${env.baseUrl}/sign-up`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('Ihr Name', { exact: true }).fill('Ada');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(`ada-${Date.now()}@example.org`);
    await page.getByLabel('Passwort', { exact: true }).fill('password123');
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    const weak = page.getByRole('alert');
    await weak.waitFor();
    expect(await weak.innerText()).toBe(
      'Dieses Passwort gehört zu den häufigsten. Wählen Sie eines, das schwerer zu erraten ist.',
    );
    expect(await weak.innerText()).not.toMatch(/password:/);
    await expectUsable(page);
    await context.close();
  });

  it('a quiz answered in an edition the learner is not enrolled in says so in Italian', async () => {
    const { context, csrfToken } = await signedIn('it-IT', WIDE);
    const enrolled = await context.request.post(`${env.baseUrl}/api/courses/sample/releases/v1/enrolment?lang=it`, {
      headers: { 'X-CSRF-Token': csrfToken },
    });
    expect(enrolled.ok()).toBe(true);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/welcome`);
    const quiz = page.locator('form.quiz-form').first();
    await quiz.waitFor();
    for (const question of await quiz.locator('fieldset').all()) await question.locator('input').first().check();
    await quiz.locator('button[type=submit]').click();
    const refused = quiz.locator('[aria-live] .feedback-wrong');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/^È iscritto all'edizione v1 di questo corso\./);
    await expectUsable(page);
    await context.close();
  });
});
