import { sql } from 'drizzle-orm';
import { readingStatementId } from '../../client/src/xapi/statement-ids';
import { rows as dbRows } from '../../server/src/lib/db';
import { createUser } from '../../server/src/users/service';
import { learningStatement } from '../../server/src/xapi/profile';
import { browserAgent, createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };

describe('reading on two devices', () => {
  it('stores every progressed statement of both (no 409), and keeps the furthest progress', async () => {
    const email = `two-devices${Date.now()}@example.org`;
    const user = await createUser(t.database.db, { email, password: TEST_PASSWORD, role: 'learner' });
    const [laptop, phone] = [await browserAgent(t.app), await browserAgent(t.app)];
    for (const device of [laptop, phone])
      await device.post('/api/auth/signin').send({ email, password: TEST_PASSWORD }).expect(200);
    const { registration } = (await laptop.post('/api/courses/sample/releases/v1/enrolment').expect(201)).body;
    // The statements each device's reader makes, with the ids it gives them.
    const progressed = async (device: string, step: number) => ({
      id: await readingStatementId({ registration, device, module: 'welcome', event: `progressed|${step}` }),
      timestamp: new Date(Date.now() + step * 1000).toISOString(),
      ...learningStatement({
        publicUrl: PUBLIC_URL,
        userId: user.id,
        course: 'sample',
        release: 'v1',
        registration,
        language: 'en',
        module: 'welcome',
        verb: 'progressed',
        progress: step,
      }),
    });
    for (const step of [0.25, 0.5, 0.75])
      await laptop
        .post('/xapi/statements')
        .set(V)
        .send([await progressed('laptop-id', step)])
        .expect(200);
    const phoneHalf = await progressed('phone-id', 0.5);
    await phone
      .post('/xapi/statements')
      .set(V)
      .send([await progressed('phone-id', 0.25)])
      .expect(200);
    await phone.post('/xapi/statements').set(V).send([phoneHalf]).expect(200);
    // A retry from the same device sends the same statement again: stored once.
    await phone.post('/xapi/statements').set(V).send([phoneHalf]).expect(200);

    const [{ n }] = await dbRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from xapi_statements where registration = ${registration} and verb_id like '%progressed'`,
    );
    expect(Number(n)).toBe(5);
    const mine = (await phone.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules[0]).toMatchObject({ id: 'welcome', progress: 0.75 });
  });
});
