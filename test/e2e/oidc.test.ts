import { rows as dbRows } from '../../server/src/lib/db';
import { sql } from 'drizzle-orm';
import { discoverOidc } from '../../server/src/auth/passport';
import { startBrowserEnv, type BrowserEnv } from '../support/browser';
import { startOidcProvider } from '../support/oidc';

let env: BrowserEnv;
let provider: Awaited<ReturnType<typeof startOidcProvider>> | undefined;
beforeAll(async () => {
  env = await startBrowserEnv({
    prepare: async (baseUrl) => {
      provider = await startOidcProvider(`${baseUrl}/api/auth/oidc/callback`);
      return {
        oidc: await discoverOidc({ issuer: provider.issuer, clientId: 'atrium', clientSecret: 'atrium-test-secret' }),
      };
    },
  });
}, 60_000);
afterAll(async () => {
  await env?.close();
  provider?.stop();
});
jest.setTimeout(60_000);

describe('single sign-on with OpenID Connect', () => {
  it('signs a city user in through their provider, creating the account once', async () => {
    const page = await env.browser.newPage();
    for (let round = 0; round < 2; round++) {
      await page.goto(`${env.baseUrl}/api/auth/oidc/start`);
      if (round === 0) {
        await page.locator('input[name=login]').fill('worker1');
        await page.locator('input[name=password]').fill('any');
        await page.locator('button[type=submit]').click();
      }
      await page.waitForURL(`${env.baseUrl}/`);
      const session = await page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()));
      expect(session.user).toMatchObject({
        email: 'worker1@city.example.org',
        displayName: 'City worker worker1',
        emailVerified: true,
        role: 'learner',
        preferredLocale: 'it',
      });
    }
    const users = await dbRows<{ n: number }>(
      env.app.database.db,
      sql`select count(*)::int as n from users where email = 'worker1@city.example.org'`,
    );
    expect(users[0].n).toBe(1);
    await page.close();
  });
});
