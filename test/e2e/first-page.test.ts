import { gzipSync } from 'node:zlib';
import { BUDGET_KB } from '../../scripts/build-client';
import { startBrowserEnv, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 120_000);
afterAll(() => env?.close());
jest.setTimeout(120_000);

describe('the first page', () => {
  it(`downloads at most ${BUDGET_KB} KB of gzipped script and style, and nothing of the staff pages`, async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    // Everything the catalogue fetches, lazily loaded chunks included, not only what index.html names.
    const files: Promise<{ path: string; gzip: number }>[] = [];
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname;
      if (/^\/assets\/.+\.(js|css)$/.test(path))
        files.push(res.body().then((body) => ({ path, gzip: gzipSync(body).length })));
    });
    await page.goto(env.baseUrl + '/');
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(files);

    expect(loaded.length).toBeGreaterThan(2);
    const total = loaded.reduce((n, f) => n + f.gzip, 0);
    expect(total).toBeLessThanOrEqual(BUDGET_KB * 1024);
    for (const staff of ['DashboardPage', 'EditorPage', 'DraftPage', 'AdminUsersPage', 'AdminLrsPage', '/staff-'])
      expect(loaded.map((f) => f.path).filter((p) => p.includes(staff))).toEqual([]);
  });
});
