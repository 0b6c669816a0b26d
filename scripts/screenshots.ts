/**
 * Screenshots of the whole product at 1280 and 360 px: the real server with the real courses and a
 * demo population on a temporary database, and Debian's Chromium. Writes PNGs to screenshots/
 * (git-ignored). Build the client first: `npm run build`.
 *
 *   npm run screenshots
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import type { BrowserContext, Page } from 'playwright-core';
import { pdfFor } from '../server/src/certificates/service';
import { certificates, enrolments } from '../server/src/lib/db/schema';
import { createUser } from '../server/src/users/service';
import { startBrowserEnv } from '../test/support/browser';
import { seedDemo } from './demo-data';

const OUT = path.resolve(__dirname, '../screenshots');
const COURSES = path.resolve(__dirname, '../courses');
const PASSWORD = 'a long enough passphrase';
const WIDTHS = [1280, 360] as const;

async function signIn(context: BrowserContext, baseUrl: string, email: string): Promise<void> {
  const session = await context.request.get(`${baseUrl}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await context.request.post(`${baseUrl}/api/auth/signin`, {
    data: { email, password: PASSWORD },
    headers: { 'X-CSRF-Token': csrfToken },
  });
  if (!res.ok()) throw new Error(`signing in as ${email} failed: ${res.status()}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const env = await startBrowserEnv({ coursesDir: COURSES });
  try {
    const db = env.app.database.db;
    await seedDemo(db, { course: 'codesign', learners: 300, publicUrl: env.baseUrl, seed: 1 });
    const learner = 'learner@example.org';
    const admin = 'admin@example.org';
    await createUser(db, { email: learner, password: PASSWORD, role: 'learner', displayName: 'Ana Learner' });
    await createUser(db, { email: admin, password: PASSWORD, role: 'admin', displayName: 'Ada Admin' });
    const [cert] = await db
      .select({ code: certificates.code, userId: enrolments.userId })
      .from(certificates)
      .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
      .limit(1);

    const shots: { name: string; as?: string; url: string; locale?: string; act?: (page: Page) => Promise<void> }[] = [
      { name: 'catalogue', url: '/' },
      { name: 'course', url: '/courses/codesign' },
      {
        name: 'module',
        url: '/courses/codesign/releases/2024-conference/modules/stakeholder-coordination',
        as: learner,
      },
      {
        name: 'quiz-result',
        url: '/courses/codesign/releases/2024-conference/modules/why-codesign',
        as: learner,
        act: async (page) => {
          const quiz = page.locator('form.quiz-form').first();
          for (const fieldset of await quiz.locator('fieldset').all()) await fieldset.locator('input').first().check();
          await quiz.getByRole('button', { name: 'Check my answers' }).click();
          await quiz.locator('.quiz-score').waitFor();
        },
      },
      { name: 'my-learning', url: '/learning', as: learner },
      { name: 'verify', url: cert ? `/verify/${cert.code}` : '/verify' },
      { name: 'dashboard', url: '/staff/reports', as: admin },
      { name: 'editor', url: '/authoring/codesign/modules/why-codesign/en', as: admin },
      // A staff error in the reader's language: a module the draft does not have, in German.
      { name: 'editor-error', url: '/authoring/codesign/modules/no-such-module/en', as: admin, locale: 'de-DE' },
      { name: 'users', url: '/admin/users', as: admin },
      { name: 'lrs', url: '/admin/lrs', as: admin },
      { name: 'account', url: '/account', as: learner, locale: 'de-DE' },
      { name: 'account-deleted', url: '/account-deleted' },
      {
        name: 'sign-in-refused',
        url: '/sign-in',
        locale: 'de-DE',
        act: async (page) => {
          await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('nobody@example.org');
          await page.getByLabel('Passwort', { exact: true }).fill('not the right one at all');
          await page.getByLabel('Passwort', { exact: true }).press('Enter');
          await page.getByRole('alert').waitFor();
        },
      },
    ];
    for (const width of WIDTHS) {
      for (const shot of shots) {
        const context = await env.browser.newContext({
          locale: shot.locale ?? 'en-GB',
          viewport: { width, height: width > 400 ? 800 : 740 },
        });
        if (shot.as) await signIn(context, env.baseUrl, shot.as);
        const page = await context.newPage();
        await page.goto(env.baseUrl + shot.url);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        if (shot.name === 'my-learning' && (await page.getByRole('link', { name: /^Enrol/ }).count()) === 0) {
          // nothing to do: the learner may not be enrolled yet
        }
        await shot.act?.(page);
        await page.screenshot({ path: path.join(OUT, `${shot.name}-${width}.png`), fullPage: false });
        await context.close();
        console.log(`screenshots/${shot.name}-${width}.png`);
      }
    }
    if (cert) {
      const pdf = await pdfFor(db, cert.userId, cert.code, 'en', env.baseUrl);
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const result = await parser.getScreenshot({ partial: [1], scale: 1.5, imageBuffer: true, imageDataUrl: false });
      fs.writeFileSync(path.join(OUT, 'certificate-page1.png'), Buffer.from(result.pages[0].data));
      console.log('screenshots/certificate-page1.png');
    }
  } finally {
    await env.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
