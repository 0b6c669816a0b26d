import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import type { Role } from '../../server/src/lib/db/schema';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from '../support/browser';
import { TEST_PASSWORD } from '../support/app';

const COURSES = path.resolve(__dirname, '../../courses');
const RELEASE = '2024-conference';
let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ coursesDir: COURSES });
}, 180_000);
afterAll(() => env?.close());
jest.setTimeout(120_000);

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
let accounts = 0;

const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await env.app.database.db.execute(query)) as unknown as { rows: T[] }).rows;

async function modules(): Promise<string[]> {
  return (
    await rows<{ module_id: string }>(
      sql`select module_id from release_modules where course_id = 'codesign' and release_id = ${RELEASE} order by position`,
    )
  ).map((r) => r.module_id);
}

/** A browser context signed in to a fresh account, through the same API the sign-in page uses. */
async function signedInContext(role: Role, viewport = WIDE) {
  const email = `ui-${role}-${Date.now()}-${accounts++}@example.org`;
  const user = await createUser(env.app.database.db, {
    email,
    password: TEST_PASSWORD,
    role,
    displayName: `Ui ${role}`,
  });
  const context = await env.browser.newContext({ locale: 'en-GB', viewport });
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
  return page;
}

describe('resume', () => {
  it.each([WIDE, PHONE])(
    'lands at the saved place in the first module not completed, by in-app navigation (%o)',
    async (viewport) => {
      const { context, user, csrfToken } = await signedInContext('learner', viewport);
      const res = await context.request.post(
        `${env.baseUrl}/api/courses/codesign/releases/${RELEASE}/enrolment?lang=en`,
        { headers: { 'X-CSRF-Token': csrfToken } },
      );
      expect(res.ok()).toBe(true);
      const [first, second] = await modules();
      // The learner read into the second module, then went back to finish the first: it is done.
      await env.app.database.db.execute(sql`insert into module_visits
        (user_id, course_id, release_id, module_id, first_at, last_at, progress, place, read_at, completed_at) values
        (${user.id}, 'codesign', ${RELEASE}, ${second}, now() - interval '2 hours', now() - interval '1 hour', 0.4, 'section-3', null, null),
        (${user.id}, 'codesign', ${RELEASE}, ${first}, now() - interval '3 hours', now(), 1, 'start', now(), now())`);
      const page = await open(context, '/learning');
      const resume = page.getByRole('link', { name: /^Resume/ });
      expect(await resume.getAttribute('href')).toContain(`/modules/${second}?at=section-3`);
      await resume.click();
      await page.locator('.module-content').waitFor();
      await page.waitForLoadState('networkidle');
      const top = await page.evaluate(
        () => document.querySelectorAll('.module-content h2, .module-content h3')[3].getBoundingClientRect().top,
      );
      expect(top).toBeGreaterThanOrEqual(-2);
      expect(top).toBeLessThan(120);
      await context.close();
    },
  );
});

describe('the module page', () => {
  it('puts the outline with statuses beside the text on a wide screen, in a drawer on a phone', async () => {
    const [, second] = await modules();
    const wide = await env.browser.newContext({ locale: 'en-GB', viewport: WIDE });
    let page = await open(wide, `/courses/codesign/releases/${RELEASE}/modules/${second}`);
    const outline = page.getByRole('complementary', { name: 'Modules' });
    await outline.getByRole('link', { name: /Mapping stakeholders/ }).waitFor();
    expect(await outline.locator('[aria-current=page]').count()).toBe(1);
    expect(await outline.locator('.badge').count()).toBeGreaterThan(3);
    const [aside, text] = await Promise.all([
      outline.boundingBox(),
      page.locator('article.module .module-content').boundingBox(),
    ]);
    expect(aside!.x + aside!.width).toBeLessThanOrEqual(text!.x);
    // About 70 characters to a line.
    const chars = await page.evaluate(() => {
      const p = document.querySelector('.module-content p')!;
      const ch = parseFloat(getComputedStyle(p).fontSize) * 0.5;
      return p.getBoundingClientRect().width / ch;
    });
    expect(chars).toBeGreaterThan(55);
    expect(chars).toBeLessThan(90);
    await wide.close();

    const phone = await env.browser.newContext({ locale: 'en-GB', viewport: PHONE });
    page = await open(phone, `/courses/codesign/releases/${RELEASE}/modules/${second}`);
    const toggle = page.getByRole('button', { name: /^Course outline/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: /Mapping stakeholders/ }).isVisible()).toBe(false);
    await toggle.click();
    await page.getByRole('link', { name: /Mapping stakeholders/ }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: /Mapping stakeholders/ }).waitFor({ state: 'hidden' });
    expect(await fitsWidth(page)).toBe(true);
    await phone.close();
  });

  it('moves focus to the quiz result and says right or wrong once', async () => {
    const [first] = await modules();
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: WIDE });
    const page = await open(context, `/courses/codesign/releases/${RELEASE}/modules/${first}`);
    const quiz = page.locator('form.quiz-form').first();
    for (const fieldset of await quiz.locator('fieldset').all()) await fieldset.locator('input').last().check();
    await quiz.getByRole('button', { name: 'Check my answers' }).click();
    await quiz.locator('.quiz-score').waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('quiz-score');
    // What a sighted reader sees: the verdict is not followed by the author's own "No." / "Yes."
    const seen = await quiz.locator('.feedback').evaluateAll((els) =>
      els.map((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode())
          if (n.parentElement!.getBoundingClientRect().width > 2) text += n.textContent;
        return text.trim();
      }),
    );
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toMatch(/^(Right|Not quite)\./);
    await context.close();
  });
});

describe('on a phone', () => {
  it('collapses the header to a menu and keeps badges on one line', async () => {
    const { context } = await signedInContext('admin', PHONE);
    const page = await open(context, '/courses/codesign');
    const header = await page.locator('header.site-header').boundingBox();
    expect(header!.height).toBeLessThan(80);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Users' }).waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await page.getByRole('link', { name: 'Reports' }).isVisible()).toBe(false);

    await page.goto(`${env.baseUrl}/courses/codesign`);
    await page.locator('.module-list .badge').first().waitFor();
    const wrapped = await page
      .locator('.badge')
      .evaluateAll((els) =>
        els
          .filter((el) => el.getClientRects().length > 1 || el.scrollWidth > el.clientWidth + 1)
          .map((el) => el.textContent),
      );
    expect(wrapped).toEqual([]);
    await context.close();
  });
});

describe('sign-in', () => {
  it('returns to the page that asked for it', async () => {
    const email = `ui-back-${Date.now()}@example.org`;
    await createUser(env.app.database.db, { email, password: TEST_PASSWORD, role: 'learner', displayName: 'Back' });
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: WIDE });
    const page = await open(context, '/courses/codesign');
    await page.getByRole('link', { name: 'Sign in to enrol', exact: false }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${env.baseUrl}/courses/codesign`);
    await page.getByRole('button', { name: /^Enrol in/ }).waitFor();
    await context.close();
  });
});

describe('administration pages', () => {
  it('users: a Name column, a role box wide enough for its longest role, the full width', async () => {
    const { context } = await signedInContext('admin', WIDE);
    const page = await open(context, '/admin/users');
    await page.getByRole('columnheader', { name: 'Name' }).waitFor();
    const fits = await page
      .locator('select.role-select, td select')
      .first()
      .evaluate((select: HTMLSelectElement) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.style.position = 'absolute';
        probe.textContent = Array.from(select.options)
          .map((o) => o.text)
          .sort((a, b) => b.length - a.length)[0];
        document.body.append(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        return select.clientWidth >= need + 24;
      });
    expect(fits).toBe(true);
    expect((await page.locator('main').boundingBox())!.width).toBeGreaterThan(1200);
    await context.close();
  });

  it('LRS: shows the xAPI endpoint and says that forwarding is not configured', async () => {
    const { context } = await signedInContext('admin', WIDE);
    const page = await open(context, '/admin/lrs');
    await page.getByText(`${env.baseUrl}/xapi/`, { exact: true }).waitFor();
    await page.getByText('Forwarding is not configured', { exact: false }).waitFor();
    expect(await page.getByText(/statements? (is|are) waiting/).count()).toBe(0);
    await context.close();
  });
});

describe('accessibility', () => {
  const pages: { url: string; role?: Role; act?: (page: Page) => Promise<void> }[] = [
    { url: '/' },
    { url: '/courses/codesign' },
    { url: `/courses/codesign/releases/${RELEASE}/modules/stakeholder-coordination` },
    {
      url: `/courses/codesign/releases/${RELEASE}/modules/why-codesign`,
      act: async (page) => {
        const quiz = page.locator('form.quiz-form').first();
        for (const fieldset of await quiz.locator('fieldset').all()) await fieldset.locator('input').first().check();
        await quiz.getByRole('button', { name: 'Check my answers' }).click();
        await quiz.locator('.quiz-score').waitFor();
      },
    },
    { url: '/learning', role: 'learner' },
    { url: '/verify/ABCD-EFGH-JKLM' },
    { url: '/staff/reports', role: 'admin' },
    { url: '/authoring/codesign/modules/why-codesign/en', role: 'admin' },
    { url: '/admin/users', role: 'admin' },
  ];
  it.each([WIDE, PHONE])('has no serious or critical axe violations on the main pages (%o)', async (viewport) => {
    const admin = await signedInContext('admin', viewport);
    const learner = await signedInContext('learner', viewport);
    const guest = await env.browser.newContext({ locale: 'en-GB', viewport });
    const found: string[] = [];
    for (const p of pages) {
      const context = p.role === 'admin' ? admin.context : p.role === 'learner' ? learner.context : guest;
      const page = await open(context, p.url);
      await page.waitForLoadState('networkidle');
      await p.act?.(page);
      for (const v of await seriousA11yViolations(page)) found.push(`${p.url}: ${v}`);
      if (!(await fitsWidth(page))) found.push(`${p.url}: wider than the screen`);
      await page.close();
    }
    expect(found).toEqual([]);
    await Promise.all([admin.context.close(), learner.context.close(), guest.close()]);
  });
});

describe('certificate verification', () => {
  it('offers a form without a code, and takes a code typed in lower case without dashes', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: PHONE });
    const page = await open(context, '/verify');
    await page.getByLabel('Verification code').fill('abcd efghjklm');
    await page.getByRole('button', { name: 'Check the certificate' }).click();
    await page.waitForURL(`${env.baseUrl}/verify/ABCD-EFGH-JKLM`);
    await page.getByText('No certificate has the code ABCD-EFGH-JKLM', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('the switch offer on My learning', () => {
  it('is a short summary with what is new behind a disclosure', async () => {
    const { context, csrfToken } = await signedInContext('learner', PHONE);
    const res = await context.request.post(
      `${env.baseUrl}/api/courses/codesign/releases/2022-pilot/enrolment?lang=en`,
      {
        headers: { 'X-CSRF-Token': csrfToken },
      },
    );
    expect(res.ok()).toBe(true);
    const page = await open(context, '/learning');
    const offer = page.locator('.newer-release');
    await offer.getByRole('button', { name: /^Switch to/ }).waitFor();
    const words = await offer.evaluate((el) => (el as HTMLElement).innerText.split(/\s+/).length);
    expect(words).toBeLessThan(60);
    await offer.getByText(/^What is new in/).click();
    expect(await offer.evaluate((el) => (el as HTMLElement).innerText.split(/\s+/).length)).toBeGreaterThan(words);
    await context.close();
  });
});

describe('report filters', () => {
  it('keep showing, after Apply, the filters the figures use', async () => {
    const { context } = await signedInContext('staff', WIDE);
    const page = await open(context, '/staff/reports?course=codesign');
    const release = page.getByLabel('Release', { exact: true });
    await release.selectOption('2022-pilot');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/release=2022-pilot/);
    await page.waitForLoadState('networkidle');
    expect(await release.inputValue()).toBe('2022-pilot');
    await context.close();
  });
});
