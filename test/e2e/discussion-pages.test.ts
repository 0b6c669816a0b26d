import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import {
  fitsWidth,
  seriousA11yViolations,
  signedInPerson,
  startBrowserEnv,
  tabTo,
  type BrowserEnv,
} from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(async () => {
  await env?.close();
});
jest.setTimeout(120_000);

const MODULE = '/courses/sample/releases/v1/modules/welcome';
const WIDE = { width: 1280, height: 900 };
/** The client's POLL_SECONDS: an open discussion asks for new comments this often. */
const POLL_MS = 30_000;

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** With SCREENSHOT_DIR set, keeps a picture of the page for a person to look at. */
async function picture(page: Page, name: string, part?: Locator): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  const file = path.join(process.env.SCREENSHOT_DIR, `${name}.png`);
  await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file }));
}

const execute = (query: ReturnType<typeof sql>) => env.app.database.db.execute(query);

// The tests run in order: the dashboard's figures count the comments the two tests before it wrote.
describe('discussion pages', () => {
  it('tells a reader politely of comments others post while the discussion is open, and shows them on request', async () => {
    const asha = await signedInPerson(env, 'Asha Live', 'en-GB');
    const marco = await signedInPerson(env, 'Marco Live', 'it-IT', 'learner', WIDE);
    await asha.page.clock.install();
    await asha.page.goto(`${env.baseUrl}${MODULE}`);
    await asha.page.getByText('No comments yet').waitFor();
    const asks: string[] = [];
    asha.page.on('request', (r) => {
      if (r.url().includes('/discussion/new?')) asks.push(r.url());
    });

    // Marco comments from his own browser.
    await marco.page.goto(`${env.baseUrl}${MODULE}`);
    await marco.page.getByLabel('Il tuo commento').fill('Da noi il primo incontro si è tenuto in biblioteca.');
    await marco.page.getByRole('button', { name: 'Pubblica commento' }).click();
    await marco.page.getByRole('article', { name: 'Marco Live' }).waitFor();
    await expectAccessible(marco.page);
    await picture(marco.page, 'discussion-1280', marco.page.locator('.discussion'));

    // Half a minute later Asha's page has asked, and offers the new comment in a polite live region.
    await asha.page.clock.runFor(POLL_MS);
    const notice = asha.page.locator('.discussion-new[aria-live="polite"]').getByRole('button', {
      name: '1 new comment — show',
    });
    await notice.waitFor();
    expect(await asha.page.getByRole('article', { name: 'Marco Live' }).count()).toBe(0);
    await expectAccessible(asha.page);
    expect(await fitsWidth(asha.page)).toBe(true);
    await picture(asha.page, 'discussion-new-360', asha.page.locator('.discussion'));
    await tabTo(asha.page, notice);
    await asha.page.keyboard.press('Enter');
    await asha.page.getByRole('article', { name: 'Marco Live' }).getByText('primo incontro').waitFor();
    await asha.page.getByText('The new comments are shown.').waitFor();
    expect(await asha.page.evaluate(() => document.activeElement?.textContent)).toBe('Discussion');
    expect(await notice.count()).toBe(0);

    // A tab in the background does not ask; coming back to it asks at once.
    await asha.page.evaluate(() =>
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true }),
    );
    const before = asks.length;
    await marco.page.getByLabel('Il tuo commento').fill('E poi abbiamo invitato le associazioni.');
    await marco.page.getByRole('button', { name: 'Pubblica commento' }).click();
    await marco.page.getByText('E poi abbiamo invitato').waitFor();
    await asha.page.clock.runFor(3 * POLL_MS);
    expect(asks.length).toBe(before);
    await asha.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { get: () => 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await asha.page.getByRole('button', { name: '1 new comment — show' }).waitFor();
    expect(asks.length).toBe(before + 1);
    await asha.context.close();
    await marco.context.close();
  });

  it('lets a trainer read, filter and page the moderation audit log by keyboard, at 1280 and 360 px', async () => {
    const tina = await signedInPerson(env, 'Tina Audit', 'en-GB', 'trainer', WIDE);
    const ben = await signedInPerson(env, 'Ben Author', 'en-GB');
    const discussion = '00000000-0000-4000-8000-00000000a0d1';
    const comment = '00000000-0000-4000-8000-00000000c0d1';
    await execute(sql`insert into discussions (id, course_id, module_id, step_id) values
      (${discussion}, 'sample', 'practice', 'all')`);
    await execute(sql`insert into discussion_comments (id, discussion_id, author_id, language, body) values
      (${comment}, ${discussion}, ${ben.id}, 'en', 'Buy cheap watches at example.com')`);
    // Sixty earlier reviews, then a hide and a mute: more than one page.
    await execute(sql`insert into discussion_audit (actor_id, action, comment_id, target_user_id, reason)
      select ${tina.id}, 'restore', ${comment}::uuid, ${ben.id}, 'review ' || n from generate_series(1, 60) n`);
    await execute(sql`insert into discussion_audit (actor_id, action, comment_id, target_user_id, reason) values
      (${tina.id}, 'hide', ${comment}, ${ben.id}, 'Advertising, not a contribution')`);
    await execute(sql`insert into discussion_audit (actor_id, action, target_user_id, reason) values
      (${tina.id}, 'mute', ${ben.id}, '7 days: repeated advertising')`);
    await execute(sql`insert into discussion_mutes (user_id, until, reason, muted_by) values
      (${ben.id}, now() + interval '7 days', 'repeated advertising', ${tina.id})`);

    const page = tina.page;
    await page.goto(`${env.baseUrl}/moderation`);
    await tabTo(page, page.getByRole('link', { name: 'Audit log of moderation actions' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Moderation audit log' }).waitFor();
    const hide = page.getByRole('article', { name: /^Hidden/ }).first();
    await hide.getByText('Advertising, not a contribution').waitFor();
    await hide.getByText('Tina Audit (Trainer)').waitFor();
    await hide.getByText('Ben Author').waitFor();
    await hide.getByText('Buy cheap watches at example.com').waitFor();
    await hide.getByRole('link', { name: 'Sample course' }).waitFor();
    const mute = page.getByRole('article', { name: /^Muted/ }).first();
    await mute.getByText('7 days: repeated advertising').waitFor();
    // The mute can be lifted from its entry, once; the lifting is logged.
    await mute.getByRole('button', { name: 'Lift this mute now' }).click();
    await mute.getByText('The mute is lifted; it is in the log.').waitFor();
    await mute.getByRole('button', { name: 'Lift this mute now' }).click();
    await mute.getByText('This mute has already ended.').waitFor();
    await page.getByText('50 entries shown.').waitFor();
    await expectAccessible(page);
    await picture(page, 'audit-1280');

    // Older entries, by keyboard (after fifty entries' links: one Tab back from the end of the page).
    await page.locator('footer a').first().focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show older entries');
    await page.keyboard.press('Enter');
    await page.getByText('older entries loaded.').waitFor();
    await page.getByText('review 1', { exact: true }).waitFor();

    // Only the hides of Ben's comments.
    await tabTo(page, page.getByLabel('Action'));
    await page.getByLabel('Action').selectOption('hide');
    await page.getByLabel('Name (moderator or author)').fill('Ben Auth');
    await tabTo(page, page.getByRole('button', { name: 'Apply filters' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/action=hide/);
    await page.getByText('1 entry shown.').waitFor();
    expect(await page.getByRole('article').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('50 entries shown.').waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page);
    await picture(page, 'audit-360');

    // Learners are sent to sign in with another account.
    await ben.page.goto(`${env.baseUrl}/moderation/audit`);
    await ben.page.waitForURL(/\/sign-in\?next=/);
    await tina.context.close();
    await ben.context.close();
  });

  it('shows staff the participation per module and step as a chart with its table, at 1280 and 360 px', async () => {
    // Five more people from Italy comment on "Practice" after Ben (also from Italy): a group large enough
    // to be shown by country; Marco alone in "Welcome" is not.
    await execute(sql`update users set country = 'IT' where display_name = 'Ben Author'`);
    for (let i = 0; i < 5; i++) {
      const user = await createUser(env.app.database.db, {
        email: `italy${i}${Date.now()}@example.org`,
        password: TEST_PASSWORD,
        role: 'learner',
        displayName: `Persona ${i}`,
      });
      await execute(sql`update users set country = 'IT' where id = ${user.id}`);
      await execute(sql`insert into discussion_comments (id, discussion_id, author_id, language, body)
        values (gen_random_uuid(), '00000000-0000-4000-8000-00000000a0d1', ${user.id}, 'it', 'Anche noi')`);
    }
    const staff = await signedInPerson(env, 'Sam Staff', 'en-GB', 'staff', WIDE);
    const page = staff.page;
    await page.goto(`${env.baseUrl}/staff/reports?course=sample`);
    await page.getByRole('heading', { level: 2, name: 'Discussions' }).waitFor();
    const chart = page.getByRole('img', { name: /^Discussions\. Bar chart of 8 comments in 2 discussions/ });
    await chart.waitFor();
    const painted = await chart.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      return canvas
        .getContext('2d')!
        .getImageData(0, 0, canvas.width, canvas.height)
        .data.some((v) => v !== 0);
    });
    expect(painted).toBe(true);
    const figure = page.locator('figure.chart', { has: chart });
    await tabTo(page, figure.getByText('Show the data as a table'));
    await page.keyboard.press('Enter');
    // The first two comments from the live test are in "Welcome"; the advertising one in "Practice".
    const welcome = figure.getByRole('row', { name: /^1\. Welcome/ });
    await expect(welcome.getByRole('cell').allTextContents()).resolves.toEqual(['2', '1']);
    await figure.getByRole('rowheader', { name: /^2\. / }).waitFor();
    expect(await figure.textContent()).not.toContain('primo incontro');
    // Only groups of five people or more show; gender is not stated by anyone here.
    const cells = (table: string) =>
      page
        .getByRole('region', { name: table })
        .getByRole('row', { name: /^2\. Practice/ })
        .getByRole('cell');
    await expect(cells('Comments by country').allTextContents()).resolves.toEqual(['IT', '6', '6']);
    await expect(cells('Comments by gender').allTextContents()).resolves.toEqual(['Not stated', '6', '6']);
    expect(await page.getByRole('region', { name: 'Comments by country' }).getByRole('row').count()).toBe(2);
    await page
      .locator('section', { has: chart })
      .getByText(/groups with fewer than 5 learners are hidden/)
      .waitFor();
    await expectAccessible(page);
    await picture(page, 'dashboard-1280', page.locator('section', { has: chart }));
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page);
    await picture(page, 'dashboard-360', page.locator('section', { has: chart }));
    await staff.context.close();
  });
});
