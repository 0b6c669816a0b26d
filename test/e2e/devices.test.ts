import type { BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { TEST_PASSWORD } from '../support/app';
import { startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 60_000);
afterAll(() => env?.close());
jest.setTimeout(120_000);

const V = { 'X-Experience-API-Version': '1.0.3' };

/** Polls until `condition` holds; the test never waits for a fixed time. */
async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

interface Device {
  context: BrowserContext;
  page: Page;
  /** Statement ids the page sent to the LRS, and the status of every answer it got from /xapi/statements. */
  sent: Set<string>;
  statuses: number[];
}

async function device(email: string, height: number): Promise<Device> {
  const context = await env.browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height } });
  const page = await context.newPage();
  const sent = new Set<string>();
  const statuses: number[] = [];
  page.on('request', (req) => {
    if (!new URL(req.url()).pathname.endsWith('/xapi/statements') || req.method() === 'GET') return;
    const body = req.postDataJSON() as { id?: string } | { id?: string }[] | null;
    for (const s of Array.isArray(body) ? body : body ? [body] : []) if (s.id) sent.add(s.id);
    const id = new URL(req.url()).searchParams.get('statementId');
    if (id) sent.add(id);
  });
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('/xapi/statements') && res.request().method() !== 'GET')
      statuses.push(res.status());
  });
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  return { context, page, sent, statuses };
}

/** The ids of every statement the LRS holds about the signed-in learner, read through the API with the session. */
async function statementIdsInLrs(d: Device): Promise<Set<string>> {
  const ids = new Set<string>();
  let next: string | undefined = `${env.baseUrl}/xapi/statements?limit=500`;
  while (next) {
    const res = await d.context.request.get(next, { headers: V });
    expect(res.status()).toBe(200);
    const page = (await res.json()) as { statements: { id: string }[]; more?: string };
    for (const s of page.statements) ids.add(s.id);
    next = page.more ? new URL(page.more, env.baseUrl).toString() : undefined;
  }
  return ids;
}

async function myModule(d: Device, module: string) {
  const res = await d.context.request.get(`${env.baseUrl}/api/me/courses/sample`);
  if (res.status() !== 200) return undefined;
  const body = (await res.json()) as { modules: { id: string; read: boolean; progress: number; status: string }[] };
  return body.modules.find((m) => m.id === module);
}

describe('one learner on two devices', () => {
  it('reads the same module on both: no conflict, no statement dropped, the furthest progress shown', async () => {
    const email = `devices${Date.now()}@example.org`;
    await createUser(env.app.database.db, {
      email,
      password: TEST_PASSWORD,
      role: 'learner',
      displayName: 'Two Devices',
    });
    const laptop = await device(email, 900);
    const phone = await device(email, 300);
    try {
      const welcome = `${env.baseUrl}/courses/sample/releases/v2/modules/welcome`;
      // Both open the module; the phone shows only its top.
      await laptop.page.goto(welcome);
      await laptop.page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
      await phone.page.goto(welcome);
      await phone.page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();

      // The laptop reads to the end.
      await laptop.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await until(
        'the laptop’s reading to the end is recorded',
        async () => (await myModule(laptop, 'welcome'))?.read === true,
      );

      // The phone, which saw only the top, is shown the furthest progress of the two.
      const onPhone = await myModule(phone, 'welcome');
      expect(onPhone).toMatchObject({ read: true, status: 'in-progress' });

      // Now the phone reads to the end as well, and the laptop opens and finishes Practice.
      await phone.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await laptop.page.goto(`${env.baseUrl}/courses/sample/releases/v2/modules/practice`);
      await laptop.page.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
      await laptop.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await until('Practice is completed', async () => (await myModule(laptop, 'practice'))?.status === 'completed');

      // The phone's course page shows Practice completed, and Welcome still read.
      await phone.page.goto(`${env.baseUrl}/courses/sample`);
      await phone.page.getByRole('heading', { name: 'Your progress' }).waitFor();
      await phone.page.locator('.module-list .badge-completed').first().waitFor();
      expect(await phone.page.locator('.module-list .badge-completed').count()).toBe(1);

      // Every statement either device sent is in the LRS; none was refused as a conflict.
      const sent = new Set([...laptop.sent, ...phone.sent]);
      expect(phone.sent.size).toBeGreaterThan(0);
      expect(laptop.sent.size).toBeGreaterThan(0);
      let missing: string[] = [];
      await until('the LRS holds every statement both devices sent', async () => {
        const stored = await statementIdsInLrs(phone);
        missing = [...sent].filter((id) => !stored.has(id));
        return missing.length === 0;
      }).catch(() => {
        throw new Error(`statements dropped: ${missing.join(', ')}`);
      });
      expect([...laptop.statuses, ...phone.statuses].filter((s) => s >= 300)).toEqual([]);
    } finally {
      await laptop.context.close();
      await phone.context.close();
    }
  });
});
