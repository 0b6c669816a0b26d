import { rows as dbRows } from '../../server/src/lib/db';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(90_000);

// Statements are read as loose JSON: the assertions below say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = { verb: string; statement: Record<string, any> };
async function statementsOf(userId: string): Promise<Row[]> {
  const result = await dbRows<Row>(
    env.app.database.db,
    sql`select verb_id as verb, statement from xapi_statements where actor = ${`account:${env.baseUrl}|${userId}`} order by seq`,
  );
  return result.map((r) => ({ ...r, verb: r.verb.split('/').pop()! }));
}

async function waitForVerbs(userId: string, verbs: string[]): Promise<Row[]> {
  for (let i = 0; i < 100; i++) {
    const rows = await statementsOf(userId);
    if (verbs.every((v) => rows.some((r) => r.verb === v))) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `statements ${verbs.join(', ')} did not arrive; got ${(await statementsOf(userId)).map((r) => r.verb).join(', ')}`,
  );
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a reading passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
}

describe('reading a module records xAPI statements', () => {
  it('records experienced and progressed once each, with actor, registration, revision and language', async () => {
    const email = `reader${Date.now()}@example.org`;
    const { id: userId } = await createUser(env.app.database.db, {
      email,
      password: 'a reading passphrase',
      role: 'learner',
    });
    const page = await (
      await env.browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 320 } })
    ).newPage();
    await signIn(page, email);

    await page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/welcome`);
    const first = await waitForVerbs(userId, ['registered', 'experienced']);
    const experienced = first.find((r) => r.verb === 'experienced')!.statement;
    const registration = first.find((r) => r.verb === 'registered')!.statement.context.registration;
    expect(experienced).toMatchObject({
      actor: { account: { homePage: env.baseUrl, name: userId } },
      object: { id: `${env.baseUrl}/courses/sample/modules/welcome` },
      context: {
        registration,
        revision: 'v2',
        language: 'en',
        contextActivities: { parent: [{ id: `${env.baseUrl}/courses/sample` }] },
      },
    });

    // Offline: reading on is queued in the browser, then sent when the connection returns.
    await page.context().setOffline(true);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(
      () => (JSON.parse(localStorage.getItem('atrium.xapi.queue') ?? '[]') as unknown[]).length >= 4,
    );
    expect((await statementsOf(userId)).map((r) => r.verb)).not.toContain('progressed');
    await page.context().setOffline(false);
    const progressOf = (rows: Row[]) =>
      rows
        .filter((r) => r.verb === 'progressed')
        .map((r) => r.statement.result.extensions['https://w3id.org/xapi/cmi5/result/extensions/progress'] as number)
        .sort((a, b) => a - b);
    for (let i = 0; i < 100 && progressOf(await statementsOf(userId)).length < 4; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(progressOf(await statementsOf(userId))).toEqual([25, 50, 75, 100]);

    // Switching language and reloading record nothing twice.
    // On a phone the language choice is in the header's menu.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.locator('header select').selectOption('it');
    await page.getByRole('heading', { level: 1, name: 'Benvenuti' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Benvenuti' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(500);
    const counts = (await statementsOf(userId)).reduce<Record<string, number>>(
      (n, r) => ({ ...n, [r.verb]: (n[r.verb] ?? 0) + 1 }),
      {},
    );
    // Read to the end but its quiz not yet passed: the module is not completed.
    expect(counts).toEqual({ registered: 1, experienced: 1, progressed: 4 });
  });
});
