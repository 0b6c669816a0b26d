import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import type { Page, Response } from 'playwright-core';
import type { QuizDefinition } from '../../server/src/lib/markdown/types';
import { createUser } from '../../server/src/users/service';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';
import { TEST_PASSWORD } from '../support/app';

const COURSES = path.resolve(__dirname, '../../courses');
let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: COURSES });
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(300_000);

const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await env.app.database.db.execute(query)) as unknown as { rows: T[] }).rows;

async function modulesOf(release: string): Promise<string[]> {
  return (
    await rows<{ module_id: string }>(
      sql`select module_id from release_modules where course_id = 'codesign' and release_id = ${release} order by position`,
    )
  ).map((r) => r.module_id);
}

/** The right answers, read from the store the way only the server can: the page never gets them. */
async function rightAnswers(release: string, module: string): Promise<QuizDefinition[]> {
  const [row] = await rows<{ quizzes: QuizDefinition[] }>(sql`select mv.quizzes from module_versions mv
    join release_module_locales rml on rml.version_hash = mv.hash
    where rml.course_id = 'codesign' and rml.release_id = ${release} and rml.module_id = ${module} and rml.locale = 'en'`);
  return row.quizzes;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** Opens a module, reads it to the end, and answers its quizzes right; the page never had the answers before. */
async function completeModule(page: Page, userId: string, release: string, module: string): Promise<void> {
  // Everything the page loads before answering, to show that no right answer is among it.
  const bodies: Promise<string>[] = [];
  const listen = (res: Response) => {
    if (res.url().includes('/api/')) bodies.push(res.text().catch(() => ''));
  };
  page.on('response', listen);
  await page.goto(`${env.baseUrl}/courses/codesign/releases/${release}/modules/${module}`);
  await page.locator('form.quiz-form').first().waitFor();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  for (let i = 0; i < 100; i++) {
    const [visit] = await rows<{ read_at: string | null }>(
      sql`select read_at from module_visits where user_id = ${userId} and release_id = ${release} and module_id = ${module}`,
    );
    if (visit?.read_at) break;
    if (i === 99) throw new Error(`reading ${module} to the end was not recorded`);
    await page.waitForTimeout(100);
  }
  page.off('response', listen);
  const loaded = await Promise.all(bodies);
  expect(loaded.some((b) => b.includes('"quizzes"'))).toBe(true);
  expect(loaded.filter((b) => /"correct"/.test(b))).toEqual([]);
  const quizzes = await rightAnswers(release, module);
  const forms = page.locator('form.quiz-form');
  for (const [qi, quiz] of quizzes.entries()) {
    const form = forms.nth(qi);
    for (const [n, question] of quiz.questions.entries()) {
      const inputs = form.locator('fieldset').nth(n).locator('input');
      for (const [o, option] of question.options.entries()) if (option.correct) await inputs.nth(o).check();
    }
    await form.locator('button[type=submit]').click();
    await form.locator('.quiz-score.feedback-right').waitFor();
  }
  await page.getByText('You have completed this module.').waitFor();
}

/** Polls until `condition` holds; the test never waits for a fixed time. */
async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/**
 * Walks a module written in steps: opens each step, reads it to the end, and answers the knowledge
 * check on its step right; the page never had the answers before.
 */
async function completeStepModule(page: Page, userId: string, release: string, module: string): Promise<void> {
  const res = await page.request.get(
    `${env.baseUrl}/api/courses/codesign/releases/${release}/modules/${module}?lang=en`,
  );
  expect(res.status()).toBe(200);
  const steps = ((await res.json()) as { steps: { id: string }[] }).steps.map((s) => s.id);
  expect(steps.length).toBeGreaterThan(1);
  const bodies: Promise<string>[] = [];
  const listen = (r: Response) => {
    if (r.url().includes('/api/')) bodies.push(r.text().catch(() => ''));
  };
  page.on('response', listen);
  for (const step of steps) {
    await page.goto(`${env.baseUrl}/courses/codesign/releases/${release}/modules/${module}/steps/${step}`);
    await page.locator('nav.step-pager').waitFor();
    await until(`reading step ${module}/${step} to the end is recorded`, async () => {
      // Scrolls to the end again each time: the page starts watching the scroll once it knows the enrolment.
      await page.evaluate(() => {
        window.scrollTo(0, document.body.scrollHeight - window.innerHeight - 1);
        window.scrollTo(0, document.body.scrollHeight);
      });
      const [visit] = await rows<{ read_at: string | null }>(
        sql`select read_at from step_visits where user_id = ${userId} and release_id = ${release} and module_id = ${module} and step_id = ${step}`,
      );
      return Boolean(visit?.read_at);
    });
  }
  page.off('response', listen);
  const loaded = await Promise.all(bodies);
  expect(loaded.some((b) => b.includes('"quizzes"'))).toBe(true);
  expect(loaded.filter((b) => /"correct"/.test(b))).toEqual([]);

  const quizzes = await rightAnswers(release, module);
  expect(quizzes.length).toBeGreaterThan(0);
  // The quizzes come in the order of the steps that hold them.
  let next = 0;
  for (const step of steps) {
    await page.goto(`${env.baseUrl}/courses/codesign/releases/${release}/modules/${module}/steps/${step}`);
    await page.locator('nav.step-pager').waitFor();
    const forms = page.locator('form.quiz-form');
    if ((await forms.count()) === 0) continue;
    for (let qi = 0; qi < (await forms.count()); qi++) {
      const form = forms.nth(qi);
      const quiz = quizzes[next++];
      for (const [n, question] of quiz.questions.entries()) {
        const inputs = form.locator('fieldset').nth(n).locator('input');
        for (const [o, option] of question.options.entries()) if (option.correct) await inputs.nth(o).check();
      }
      await form.locator('button[type=submit]').click();
      await form.locator('.quiz-score.feedback-right').waitFor();
    }
  }
  expect(next).toBe(quizzes.length);
  await until(`${module} is completed`, async () => {
    const [visit] = await rows<{ completed_at: string | null }>(
      sql`select completed_at from module_visits where user_id = ${userId} and release_id = ${release} and module_id = ${module}`,
    );
    return Boolean(visit?.completed_at);
  });
}

describe('the learner journey', () => {
  it('enrols in the pilot, completes modules, switches to the 2026 edition, walks its steps, passes its knowledge checks and verifies the certificate', async () => {
    const email = `journey${Date.now()}@example.org`;
    const user = await createUser(env.app.database.db, {
      email,
      password: TEST_PASSWORD,
      role: 'learner',
      displayName: 'Ana Kovačević',
    });
    const context = await env.browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

    // Enrol in the 2022 pilot, though a newer edition exists.
    await page.goto(`${env.baseUrl}/courses/codesign/releases/2022-pilot`);
    await page.getByRole('button', { name: /^Enrol in/ }).click();
    await page.getByRole('heading', { name: 'Your progress' }).waitFor();
    await expectAccessible(page);

    const pilot = await modulesOf('2022-pilot');
    for (const module of pilot.slice(0, 2)) await completeModule(page, user.id, '2022-pilot', module);

    // The course page shows the progress and that the conference release exists.
    await page.goto(`${env.baseUrl}/courses/codesign`);
    await page.getByText('2 of 6 modules completed').waitFor();
    const newer = page.locator('.newer-release');
    await newer.getByRole('heading', { name: /A newer edition is available/ }).waitFor();
    expect(await page.locator('.module-list .badge-completed').count()).toBe(2);
    await expectAccessible(page);

    await newer.getByRole('link', { name: 'See what changed' }).click();
    await page.getByRole('heading', { level: 2, name: /modules? added/ }).waitFor();
    await expectAccessible(page);
    await page.goBack();

    // The newest edition is written in steps, with new knowledge checks: the two modules completed in
    // the pilot come along as in progress, to be checked again; nothing counts as completed yet.
    await page.locator('.newer-release button').click();
    await page.getByText('your progress in 2 modules came with you').waitFor();
    await page.getByText('0 of 8 modules completed').waitFor();
    expect(await page.locator('.module-list .badge-completed').count()).toBe(0);
    expect(await page.locator('.module-list').getByText('In progress: new knowledge check').count()).toBe(2);
    await expectAccessible(page);

    const edition = await modulesOf('2026-edition');
    expect(edition.slice(0, 2)).toEqual(pilot.slice(0, 2));
    for (const module of edition) await completeStepModule(page, user.id, '2026-edition', module);
    await page.goto(`${env.baseUrl}/courses/codesign`);
    await page.locator('.certificate a[download]').waitFor();

    await page.goto(`${env.baseUrl}/learning`);
    await page.getByText('8 of 8 modules completed').waitFor();
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download your certificate (PDF)' }).click(),
    ]);
    const pdf = fs.readFileSync((await download.path())!);
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text;
    expect(text).toContain('Ana Kovačević');
    expect(text).toContain('Co-designing local integration strategies');
    const code = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(text)![0];

    // Anyone, on a phone, can check it.
    const phone = await (
      await env.browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 740 } })
    ).newPage();
    await phone.goto(`${env.baseUrl}/verify/${code}`);
    await phone.getByText('This certificate is genuine.').waitFor();
    await phone.getByText('Ana Kovačević').waitFor();
    expect(await fitsWidth(phone)).toBe(true);
    await expectAccessible(phone);
    await phone.goto(`${env.baseUrl}/verify/AAAA-BBBB-CCCC`);
    await phone.getByText('No certificate has the code AAAA-BBBB-CCCC.').waitFor();
    await phone.context().close();

    // Statements: the course completed once; two registrations (enrol and switch) on one registration id.
    const verbs = await rows<{
      verb: string;
      n: number;
    }>(sql`select split_part(verb_id, '/', 6) as verb, count(*)::int as n
      from xapi_statements where statement->'actor'->'account'->>'name' = ${user.id}
      and activity_id = ${`${env.baseUrl}/courses/codesign`} group by 1 order by 1`);
    expect(verbs).toEqual([
      { verb: 'completed', n: 1 },
      { verb: 'registered', n: 2 },
    ]);
    await context.close();
  });
});
