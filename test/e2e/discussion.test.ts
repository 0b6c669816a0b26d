import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { sendDigests } from '../../server/src/discussions/digest';
import { createLogger } from '../../server/src/lib/logger';
import { createMailer } from '../../server/src/lib/mail';
import type { Role } from '../../server/src/lib/db/schema';
import {
  fitsWidth,
  seriousA11yViolations,
  signedInPerson,
  startBrowserEnv,
  tabTo,
  type BrowserEnv,
} from '../support/browser';
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
jest.setTimeout(120_000);

const MODULE = '/courses/sample/releases/v1/modules/welcome';

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

const signedIn = (name: string, locale: string, role?: Role) => signedInPerson(env, name, locale, role);

describe('learning together in a discussion', () => {
  it('one asks, another replies in Italian, the first is notified in the app and by digest, a third reports, a trainer reviews', async () => {
    const asha = await signedIn('Asha Patel', 'en-GB');
    const marco = await signedIn('Marco Rossi', 'it-IT');
    const cleo = await signedIn('Cleo Martin', 'en-GB');
    const tina = await signedIn('Tina Trainer', 'en-GB', 'trainer');

    // Asha asks, by keyboard, on a phone-sized screen; the posting is announced politely.
    await asha.page.goto(`${env.baseUrl}${MODULE}`);
    await asha.page.getByRole('heading', { level: 2, name: 'Discussion' }).waitFor();
    await asha.page.getByText('No comments yet').waitFor();
    await expectAccessible(asha.page);
    await tabTo(asha.page, asha.page.getByLabel('Your comment'));
    await asha.page.keyboard.type('How did your city first invite residents who are new to the country?');
    await tabTo(asha.page, asha.page.getByRole('button', { name: 'Post comment' }));
    await asha.page.keyboard.press('Enter');
    await asha.page.locator('[aria-live="polite"]', { hasText: 'Your comment was posted.' }).waitFor();
    await asha.page.getByRole('article', { name: 'Asha Patel' }).waitFor();
    expect(await fitsWidth(asha.page)).toBe(true);
    await expectAccessible(asha.page);

    // She wants the daily digest.
    await asha.page.goto(`${env.baseUrl}/notifications`);
    await asha.page.getByLabel('Send me a digest of these notifications').selectOption('daily');
    await asha.page.getByText('Saved.').waitFor();

    // Marco, whose screen is in Italian, replies in Italian.
    await marco.page.goto(`${env.baseUrl}${MODULE}`);
    const question = marco.page.getByRole('article', { name: 'Asha Patel' });
    await question.getByText('How did your city first invite').waitFor();
    await marco.page.getByRole('button', { name: 'Rispondi' }).click();
    await marco.page.getByLabel('La tua risposta').fill('A Bologna siamo partiti dalle associazioni di quartiere.');
    expect(await marco.page.getByLabel('Scritto in').first().inputValue()).toBe('it');
    await marco.page.getByRole('button', { name: 'Pubblica risposta' }).click();
    await marco.page.locator('[aria-live="polite"]', { hasText: 'La tua risposta è stata pubblicata.' }).waitFor();
    await marco.page.getByRole('article', { name: 'Marco Rossi' }).waitFor();
    await expectAccessible(marco.page);

    // Asha finds the reply among her notifications.
    await asha.page.goto(`${env.baseUrl}/notifications`);
    await asha.page.getByText('Marco Rossi replied to you').waitFor();
    await asha.page.getByText('A Bologna siamo partiti').waitFor();
    await expectAccessible(asha.page);

    // ...and in the daily digest, from the real SMTP server, with an unsubscribe link.
    const before = smtp.mails.length;
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'Atrium <a@example.org>',
      mailDir: '/tmp',
      logger: createLogger('silent'),
    });
    await sendDigests({ db: env.app.database.db, mailer, publicUrl: env.baseUrl }, 'daily');
    const mail = await smtp.next(asha.email, before);
    expect(mail.text).toContain('Marco Rossi replied to you');
    expect(mail.text).toContain('A Bologna siamo partiti dalle associazioni di quartiere.');
    expect(mail.text).toMatch(/\/api\/discussions\/unsubscribe\?token=/);

    // Cleo reports the reply.
    await cleo.page.goto(`${env.baseUrl}${MODULE}`);
    const reply = cleo.page.getByRole('article', { name: 'Marco Rossi' });
    await reply.getByRole('button', { name: 'Report' }).click();
    await reply.getByLabel('Why are you reporting this?').selectOption('off-topic');
    await reply.getByRole('button', { name: 'Send report' }).click();
    await reply.getByText('Thank you. A moderator will look at it.').waitFor();

    // Tina, a trainer, reviews it in the queue and keeps it, with a reason.
    await tina.page.goto(`${env.baseUrl}/moderation`);
    await tina.page.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    const item = tina.page.getByRole('article', { name: 'Marco Rossi' });
    await item.getByText('A Bologna siamo partiti').waitFor();
    await item.getByText('1 report').waitFor();
    await expectAccessible(tina.page);
    await item.getByLabel('Reason (logged, and told to the author)').fill('On topic: an example from a city');
    await item.getByRole('button', { name: 'Restore' }).click();
    await tina.page.getByText('Nothing to review.').waitFor();
    const [logged] = await (
      env.app.database.db.execute(
        sql`select action, reason from discussion_audit where action = 'restore' order by id desc limit 1`,
      ) as unknown as Promise<{ rows: { action: string; reason: string }[] }>
    ).then((r) => r.rows);
    expect(logged).toEqual({ action: 'restore', reason: 'On topic: an example from a city' });

    // Marco is told of the outcome.
    await marco.page.goto(`${env.baseUrl}/notifications`);
    await marco.page.getByText(/On topic: an example from a city/).waitFor();
  });
});
