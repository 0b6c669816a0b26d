import supertest from 'supertest';
import { passwordWork } from '../../server/src/auth/passwords';
import { createUser } from '../../server/src/users/service';
import { browserAgent, createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';

/** Accounts that behave the same for everyone: no case trap, no timing tell, no lock-out of the owner. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let n = 0;
const uniqueEmail = () => `owner${Date.now()}${n++}@example.org`;
async function account() {
  const email = uniqueEmail();
  await createUser(t.database.db, { email, password: TEST_PASSWORD, role: 'learner', displayName: 'Owner' });
  return email;
}
/** A browser-like client from a given address (the trusted local proxy passes X-Forwarded-For). */
async function from(address: string) {
  const agent = await browserAgent(t.app);
  agent.set('X-Forwarded-For', address);
  return agent;
}
const signIn = (agent: ReturnType<typeof supertest.agent>, email: string, password = TEST_PASSWORD) =>
  agent.post('/api/auth/signin').send({ email, password });

describe('sign-in', () => {
  it('takes the e-mail in any letter case', async () => {
    const email = await account();
    const mixed = email.replace('owner', 'Owner').replace('example.org', 'Example.ORG');
    const res = await signIn(await browserAgent(t.app), mixed).expect(200);
    expect(res.body.user.email).toBe(email);
  });

  it('lets the owner in from a device that signed in before while the account is locked; a guesser stays locked', async () => {
    const email = await account();
    const owner = await from('203.0.113.10');
    await signIn(owner, email).expect(200);
    await owner.post('/api/auth/signout').expect(204);

    const guesser = await from('198.18.0.99');
    for (let i = 0; i < 10; i++) await signIn(guesser, email, `guess number ${i}`).expect(401);
    await signIn(guesser, email, 'guess number 10').expect(429);
    // Even the right password from a device the account never used waits for the lock to pass.
    await signIn(await from('198.18.0.100'), email).expect(429);

    await signIn(owner, email).expect(200);
    await owner.post('/api/auth/signout').expect(204);
    // The owner's device has a count of its own: it is no way around the limit for a thief of the cookie.
    for (let i = 0; i < 10; i++) await signIn(owner, email, `owner typo ${i}`).expect(401);
    await signIn(owner, email).expect(429);
  }, 180_000);

  it('limits failures from one address per account, not everyone behind that address', async () => {
    const office = '192.0.2.77';
    const careless = await from(office);
    for (let a = 0; a < 6; a++) {
      const email = await account();
      for (let i = 0; i < 9; i++) await signIn(careless, email, `wrong ${i}`).expect(401);
    }
    // 54 failures from the office so far: a colleague behind the same address still signs in.
    await signIn(await from(office), await account()).expect(200);
  }, 300_000);
});

describe('sign-up and password reset', () => {
  it('do the same work for a known and an unknown address (the password hash runs either way)', async () => {
    const known = await account();
    const agent = await browserAgent(t.app);
    const work = async (path: string, body: object) => {
      const before = passwordWork.hashes;
      await agent.post(path).send(body).expect(202);
      return passwordWork.hashes - before;
    };
    const signUp = (email: string) => work('/api/auth/signup', { email, password: TEST_PASSWORD, displayName: 'X' });
    expect(await signUp(known)).toBe(1);
    expect(await signUp(uniqueEmail())).toBe(1);
    const forgot = (email: string) => work('/api/auth/forgot', { email });
    expect(await forgot(known)).toBe(await forgot(uniqueEmail()));
  });
});
