import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/users/service';
import { fitsWidth, seriousA11yViolations, startBrowserEnv, type BrowserEnv, tabTo } from '../support/browser';
import path from 'node:path';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { seedLearner, seedPopulation } from '../support/reports';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  await seedPopulation(env.app.database.db);
  await importCoursesFromDirectory(env.app.database.db, path.resolve(__dirname, '../fixtures/step-courses'));
  // Course "steps": 6 learners open the first step of "mapping", 4 the second, 2 the third, none the fourth.
  for (const opened of [1, 1, 2, 2, 3, 3])
    await seedLearner(env.app.database.db, {
      course: 'steps',
      release: 'r1',
      enrolledAt: '2026-11-02T09:00:00Z',
      steps: ['why-map', 'map-your-city', 'check-mapping']
        .slice(0, opened)
        .map((step) => ({ module: 'mapping', step, read: true })),
    });
}, 60_000);
afterAll(async () => {
  await env?.close();
});
jest.setTimeout(90_000);

async function signIn(page: Page, role: 'staff' | 'learner') {
  const email = `${role}-reports${Date.now()}@example.org`;
  await createUser(env.app.database.db, { email, password: 'a staff passphrase', role });
  await page.goto(`${env.baseUrl}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a staff passphrase');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
}

const kpi = (page: Page, name: string) => page.locator('.kpis div', { hasText: name }).locator('dd');

describe('the staff dashboard', () => {
  it('filters by keyboard, shows charts with their data, and downloads CSV and XLSX with the same totals', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'staff');
    await tabTo(page, page.getByRole('link', { name: 'Reports' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await expect(kpi(page, 'Enrolments').textContent()).resolves.toBe('13');
    await page.getByText('groups of fewer than 5 learners are never shown by gender or country').waitFor();

    // Charts are pictures with a name, and their numbers are one click away as a table.
    await page.getByRole('img', { name: /Enrolments and completions by month/ }).waitFor();
    await page.getByRole('img', { name: /Where learners drop off/ }).waitFor();
    await page.getByRole('img', { name: /Enrolled and completed learners over time/ }).waitFor();
    // Three charts drawn by the charting library on canvases that have been painted, not left blank.
    expect(await page.locator('figure.chart canvas').count()).toBe(3);
    const painted = await page.locator('figure.chart canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return canvas.width > 0 && pixels.some((v) => v !== 0);
      }),
    );
    expect(painted).toEqual([true, true, true]);
    // Month labels in the reader's locale, and the running totals end at the number of enrolments.
    await page.getByText('Show the data as a table').first().click();
    await page.getByRole('rowheader', { name: 'May 2024' }).first().waitFor();
    await page.getByText('Show the data as a table').nth(1).click();
    const cumulativeLastRow = page.locator('figure.chart').nth(1).locator('tbody tr').last();
    await expect(cumulativeLastRow.locator('td').first().textContent()).resolves.toBe('13');
    await page.getByText('Show the data as a table').nth(2).click();
    await page.getByRole('rowheader', { name: /^1\. / }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Filter by keyboard: release v2, then apply.
    await tabTo(page, page.getByLabel('Release'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Release').inputValue()).resolves.toBe('v2');
    await tabTo(page, page.getByRole('button', { name: 'Apply filters' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/release=v2/);
    await page.waitForFunction(() => document.querySelector('.kpis dd')?.textContent === '8');
    await expect(kpi(page, 'Completions').textContent()).resolves.toBe('3');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Completion report (CSV)' }).click(),
    ]);
    const rows = parse(fs.readFileSync((await csvDownload.path())!), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.completed_at).length).toBe(3);
    expect(new Set(rows.map((r) => r.release))).toEqual(new Set(['v2']));

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Completion report (Excel, XLSX)' }).click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^completions-sample-\d{4}-\d\d-\d\d\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path())!);
    expect(workbook.worksheets[0].rowCount).toBe(1 + 8);

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });

  it('drills from a module into its steps, by keyboard, with the numbers as a table, at 1280 and 360 px', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'staff');
    await page.goto(`${env.baseUrl}/staff/reports?course=steps`);
    await page.getByRole('img', { name: /Where learners drop off/ }).waitFor();
    await tabTo(page, page.getByLabel('See the steps of'));
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/steps=mapping/);
    await page.getByRole('img', { name: /Steps of Mapping stakeholders/ }).waitFor();
    const figure = page.locator('figure.chart', { hasText: 'Steps of Mapping stakeholders' });
    await figure.getByText('Show the data as a table').click();
    const rows = await figure
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['1. Why map stakeholders', '6', '6'],
      ['2. Map your city', '4', '4'],
      ['3. Check your understanding', '2', '2'],
      ['4. Who is missing', '0', '0'],
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/step-funnel-1280.png`, fullPage: true });
    // The choice is in the address: a reload (or a shared link) shows the same steps.
    await page.reload();
    await page.getByRole('img', { name: /Steps of Mapping stakeholders/ }).waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/step-funnel-360.png`, fullPage: true });
    await context.close();
  });

  it('sends a learner to sign in instead', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, 'learner');
    await expect(page.getByRole('link', { name: 'Reports' }).count()).resolves.toBe(0);
    await page.goto(`${env.baseUrl}/staff/reports`);
    await page.waitForURL(/\/sign-in\?next=/);
    await context.close();
  });
});
