import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import * as outbox from '../../server/src/xapi/outbox-store';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv, tabTo, fill } from '../support/browser';
import { validStatement } from '../fixtures/xapi-statements';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(async () => {
  await env?.close();
});
jest.setTimeout(90_000);

async function expectUsable(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await fitsWidth(page)).toBe(true);
}

const postStatement = (baseUrl: string, key: string, secret: string) =>
  fetch(`${baseUrl}/xapi/statements`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
      Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
    },
    body: JSON.stringify(validStatement()),
  });

describe('the LRS admin page, by keyboard on a phone-sized screen', () => {
  it('creates credentials, shows the secret once, revokes them, and retries refused forwards', async () => {
    const admin = `lrsadmin${Date.now()}@example.org`;
    await createUser(env.app.database.db, { email: admin, password: 'an admin passphrase', role: 'admin' });
    const dead = [randomUUID(), randomUUID()];
    await outbox.enqueue(env.app.database.db, dead);
    for (const id of dead) await outbox.deadLetter(env.app.database.db, id, 1, `400 statement ${id} was refused`);

    const context = await env.browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/sign-in`);
    await fill(page, 'Email address', admin);
    await fill(page, 'Password', 'an admin passphrase');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    // On a phone the header's links are behind the menu button.
    await tabTo(page, page.getByRole('button', { name: 'Menu' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('link', { name: 'LRS' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Learning Record Store' }).waitFor();
    await page.getByText('No credentials yet.').waitFor();
    await expectUsable(page);

    // A label without a scope is refused with a message, then created with two scopes.
    await fill(page, 'Label', 'Oulu dashboard');
    await tabTo(page, page.getByRole('button', { name: 'Create credentials' }));
    await page.keyboard.press('Enter');
    await page.getByText('Choose at least one scope.').waitFor();
    for (const scope of ['Record statements statements/write', 'Read all statements statements/read']) {
      await tabTo(page, page.getByRole('checkbox', { name: scope }));
      await page.keyboard.press('Space');
    }
    await tabTo(page, page.getByRole('button', { name: 'Create credentials' }));
    await page.keyboard.press('Enter');
    const box = page.getByRole('status').filter({ hasText: 'Copy the secret now' });
    await box.waitFor();
    const [key, secret] = await box.locator('code').allTextContents();
    expect(key).toMatch(/^[\w-]{16}$/);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await postStatement(env.baseUrl, key, secret)).status).toBe(200);
    const row = page.getByRole('row').filter({ hasText: 'Oulu dashboard' });
    await row.getByText('statements/write, statements/read').waitFor();
    await expectUsable(page);

    // The secret is gone after a reload: it is shown only once.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Learning Record Store' }).waitFor();
    await row.waitFor();
    expect(await page.getByText(secret).count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await tabTo(page, page.getByRole('button', { name: 'Revoke the credentials Oulu dashboard' }));
    await page.keyboard.press('Enter');
    await page.getByText('The credentials Oulu dashboard were revoked.').waitFor();
    await row.getByText(/^Revoked on /).waitFor();
    expect((await postStatement(env.baseUrl, key, secret)).status).toBe(401);

    // Forwarding: the dead letters with their reasons; one retried alone, then the rest.
    await page.getByText('Forwarding is not configured', { exact: false }).waitFor();
    await page.getByText(`400 statement ${dead[0]} was refused`).waitFor();
    await tabTo(page, page.getByRole('button', { name: `Retry statement ${dead[0]}` }));
    await page.keyboard.press('Enter');
    await page.getByText('1 statement will be sent again.').waitFor();
    await page.getByText('1 statement is waiting to be sent.').waitFor();
    expect(await page.getByText(`400 statement ${dead[0]} was refused`).count()).toBe(0);
    await expectUsable(page);
    await tabTo(page, page.getByRole('button', { name: 'Retry all' }));
    await page.keyboard.press('Enter');
    await page.getByText('No statement was refused.').waitFor();
    await page.getByText('2 statements are waiting to be sent.').waitFor();
    await expectUsable(page);
    await context.close();
  });

  it('sends people who are not admins to sign in', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${env.baseUrl}/admin/lrs`);
    await page.waitForURL(/\/sign-in\?next=\/admin\/lrs$/);
  });
});
