import * as reports from '../../server/src/reports/service';
import { FILTER_LISTS_TTL_MS } from '../../server/src/reports/service';
import { createTestApp, type TestApp } from '../support/app';
import { seedLearner, seedPopulation } from '../support/reports';

/**
 * A filtered dashboard's filter lists (every country, city and language of the course) are kept for
 * FILTER_LISTS_TTL_MS per process; its figures are always read afresh. The clock is the dashboard's
 * `now`, so nothing here waits.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedPopulation(t.database.db);
});
afterAll(() => t.close());

it('keeps the filter lists of a filtered dashboard for a while, never its figures', async () => {
  const now = new Date();
  const dashboard = (at: Date, filters = { release: 'v2' }) => reports.dashboard(t.database.db, 'sample', filters, at);
  const before = await dashboard(now);
  expect(before.options.countries).toEqual(['DE', 'FR', 'IT']);
  await seedLearner(t.database.db, {
    release: 'v2',
    enrolledAt: '2024-03-01T10:00:00Z',
    profile: { country: 'PT', city: 'Porto' },
  });

  const soon = await dashboard(new Date(now.getTime() + FILTER_LISTS_TTL_MS - 1000));
  expect(soon.totals!.enrolments).toBe(before.totals!.enrolments + 1);
  expect(soon.options.countries).toEqual(['DE', 'FR', 'IT']);
  // Other filters of the same course share the kept lists.
  expect((await dashboard(now, { release: 'v1' })).options.countries).toEqual(['DE', 'FR', 'IT']);

  const later = await dashboard(new Date(now.getTime() + FILTER_LISTS_TTL_MS));
  expect(later.options.countries).toEqual(['DE', 'FR', 'IT', 'PT']);
  expect(later.options.cities).toContain('Porto');
  // Unfiltered, the lists come from the figures themselves: always current.
  expect((await reports.dashboard(t.database.db, 'sample', {}, now)).options.countries).toEqual([
    'DE',
    'FR',
    'IT',
    'PT',
  ]);
});
