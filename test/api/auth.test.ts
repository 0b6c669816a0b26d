import { rows as dbRows } from '../../server/src/lib/db';
import { sql } from 'drizzle-orm';
import { browserAgent, createTestApp, type TestApp } from '../support/app';
import { startSmtpServer } from '../support/smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let n = 0;
const uniqueEmail = () => `learner${Date.now()}${n++}@example.org`;
const PASSWORD = 'a long enough passphrase';
const tokenOf = (link: string | undefined) => new URL(link!).searchParams.get('token')!;

async function signUpAndVerify(email = uniqueEmail()) {
  const agent = await browserAgent(t.app);
  const before = smtp.mails.length;
  await agent.post('/api/auth/signup').send({ email, password: PASSWORD, displayName: 'Ana' }).expect(202);
  const mail = await smtp.next(email, before);
  await agent
    .post('/api/auth/verify')
    .send({ token: tokenOf(smtp.link(mail)) })
    .expect(200);
  return { agent, email };
}

const rows = (query: string) => dbRows<Record<string, unknown>>(t.database.db, sql.raw(query));

describe('sign-up and email verification', () => {
  it('mails a verification link; following it verifies the address and signs in', async () => {
    const email = uniqueEmail();
    const agent = await browserAgent(t.app);
    const before = smtp.mails.length;
    const res = await agent
      .post('/api/auth/signup')
      .send({ email, password: PASSWORD, displayName: 'Ana' })
      .expect(202);
    expect(res.body.message).toMatch(/Check your inbox/);
    const mail = await smtp.next(email, before);
    expect(mail.subject).toBe('Confirm your email address for Atrium');
    expect(mail.text).toContain('Hello Ana,');
    const link = smtp.link(mail)!;
    expect(link).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);

    await agent.get('/api/me').expect(401);
    const verified = await agent
      .post('/api/auth/verify')
      .send({ token: tokenOf(link) })
      .expect(200);
    expect(verified.body.user).toMatchObject({ email, displayName: 'Ana', role: 'learner', emailVerified: true });
    const me = await agent.get('/api/me').expect(200);
    expect(me.body.email).toBe(email);

    const again = await (
      await browserAgent(t.app)
    )
      .post('/api/auth/verify')
      .send({ token: tokenOf(link) })
      .expect(400);
    expect(again.body.error.message).toMatch(/expired or was already used/);
  });

  it('writes the mail in the language the learner signed up in', async () => {
    const email = uniqueEmail();
    const before = smtp.mails.length;
    await (
      await browserAgent(t.app)
    )
      .post('/api/auth/signup')
      .send({ email, password: PASSWORD, displayName: 'Giulia', locale: 'it' })
      .expect(202);
    const mail = await smtp.next(email, before);
    expect(mail.text).toContain('Giulia');
    expect(mail.subject).not.toBe('Confirm your email address for Atrium');
    expect(mail.text).toMatch(/[Cc]onferm/);
  });

  it('answers a second sign-up for the same address exactly like the first, and tells the owner by mail', async () => {
    const { email } = await signUpAndVerify();
    const before = smtp.mails.length;
    const res = await (
      await browserAgent(t.app)
    )
      .post('/api/auth/signup')
      .send({ email, password: 'another long passphrase', displayName: 'Mallory' })
      .expect(202);
    expect(res.body.message).toMatch(/Check your inbox/);
    const mail = await smtp.next(email, before);
    expect(mail.subject).toBe('Your Atrium account');
    expect((await rows(`select count(*)::int as n from users where email = '${email}'`))[0].n).toBe(1);
  });

  it.each([
    [{ email: 'a@example.org', password: 'password123', displayName: 'A' }, { reason: 'password.too_common' }],
    [
      { email: 'a@example.org', password: 'short', displayName: 'A' },
      { reason: 'password.too_short', min: 10 },
    ],
    [
      { email: 'not-an-email', password: PASSWORD, displayName: '' },
      { reason: 'request.invalid_fields', fields: ['email', 'displayName'] },
    ],
  ])('names the stable reason of a refused sign-up %j, for the client to translate', async (body, details) => {
    const res = await (await browserAgent(t.app)).post('/api/auth/signup').send(body).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', details });
  });

  it('names the reason of a refused sign-in', async () => {
    const agent = await browserAgent(t.app);
    const res = await agent.post('/api/auth/signin').send({ email: uniqueEmail(), password: PASSWORD }).expect(401);
    expect(res.body.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'auth.wrong_credentials' } });
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD, displayName: 'A' }, /email must be an address/],
    [{ email: 'a@example.org', password: 'short', displayName: 'A' }, /use at least 10 characters/],
    [{ email: 'a@example.org', password: 'password123', displayName: 'A' }, /among the most common/],
    [{ email: 'a@example.org', password: 'x'.repeat(300), displayName: 'A' }, /at most 256 characters/],
    [{ email: 'a@example.org', password: PASSWORD, displayName: '' }, /displayName: tell us what to call you/],
    [{ email: 'a@example.org', password: PASSWORD, displayName: 'A', role: 'admin' }, /Unrecognized key/i],
  ])('refuses %j with a message that says what to fix', async (body, message) => {
    const res = await (await browserAgent(t.app)).post('/api/auth/signup').send(body).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('accepts passwords of 64 characters and more', async () => {
    await (
      await browserAgent(t.app)
    )
      .post('/api/auth/signup')
      .send({ email: uniqueEmail(), password: 'p'.repeat(30) + 'q'.repeat(40), displayName: 'Long' })
      .expect(202);
  });

  it('refuses state-changing requests without the CSRF token', async () => {
    const res = await t.request
      .post('/api/auth/signup')
      .send({ email: uniqueEmail(), password: PASSWORD, displayName: 'A' })
      .expect(403);
    expect(res.body.error.message).toMatch(/CSRF/);
  });
});

describe('sign-in, sign-out and sessions', () => {
  it('signs in with the right password only, on a new session id, with safe cookie flags', async () => {
    const { email } = await signUpAndVerify();
    const agent = await browserAgent(t.app);
    const wrong = await agent.post('/api/auth/signin').send({ email, password: 'not the password' }).expect(401);
    expect(wrong.body.error.message).toBe(
      'The email or the password is not right. Check both, or reset your password.',
    );
    const unknown = await agent.post('/api/auth/signin').send({ email: uniqueEmail(), password: PASSWORD }).expect(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);

    const first = await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(200);
    const cookie = first.headers['set-cookie'] as unknown as string[];
    const sid = cookie.find((c) => c.startsWith('atrium.sid='))!;
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    expect(sid).not.toMatch(/Secure/);
    const second = await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(200);
    const sid2 = (second.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('atrium.sid='))!;
    expect(sid2.split(';')[0]).not.toBe(sid.split(';')[0]);

    await agent.post('/api/auth/signout').expect(204);
    await agent.get('/api/me').expect(401);
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const secureApp = await createTestApp({ publicUrl: 'https://atrium.example.org' });
    try {
      const res = await secureApp.request.get('/api/auth/session').expect(200);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^__Host-atrium\.csrf=.*Secure/);
    } finally {
      await secureApp.close();
    }
  });

  it('limits wrong passwords per account, says when to try again, and leaves other accounts alone', async () => {
    const { email } = await signUpAndVerify();
    const other = await signUpAndVerify();
    const agent = await browserAgent(t.app);
    for (let i = 0; i < 10; i++)
      await agent
        .post('/api/auth/signin')
        .send({ email, password: `wrong password ${i}` })
        .expect(401);
    for (let i = 0; i < 10; i++) {
      const res = await agent
        .post('/api/auth/signin')
        .send({ email, password: `wrong password x${i}` })
        .expect(429);
      expect(res.body.error.message).toMatch(/^Too many attempts\. Try again in (1[0-5]|[1-9]) minutes?\.$/);
    }
    await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(429);
    await agent.post('/api/auth/signin').send({ email: other.email, password: PASSWORD }).expect(200);

    // The lock lasts the stated window and no longer: once it has passed, the owner gets in.
    await t.database.db.execute(
      sql.raw(`update rate_limits set reset_at = now() - interval '1 second' where key like 'signin-account:%'`),
    );
    await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(200);
  });
});

describe('forgotten password', () => {
  it('mails a single-use link that sets a new password and signs in', async () => {
    const { email } = await signUpAndVerify();
    const agent = await browserAgent(t.app);
    const before = smtp.mails.length;
    await agent.post('/api/auth/forgot').send({ email }).expect(202);
    const mail = await smtp.next(email, before);
    expect(mail.subject).toBe('Reset your Atrium password');
    const token = tokenOf(smtp.link(mail));

    const weak = await agent.post('/api/auth/reset').send({ token, password: 'qwertyuiop' }).expect(400);
    expect(weak.body.error.message).toMatch(/most common/);
    await agent.post('/api/auth/reset').send({ token, password: 'a brand new passphrase' }).expect(200);
    await agent.get('/api/me').expect(200);
    await agent.post('/api/auth/reset').send({ token, password: 'yet another passphrase' }).expect(400);

    const fresh = await browserAgent(t.app);
    await fresh.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(401);
    await fresh.post('/api/auth/signin').send({ email, password: 'a brand new passphrase' }).expect(200);
  });

  it('refuses an expired link', async () => {
    const { email } = await signUpAndVerify();
    const agent = await browserAgent(t.app);
    const before = smtp.mails.length;
    await agent.post('/api/auth/forgot').send({ email }).expect(202);
    const token = tokenOf(smtp.link(await smtp.next(email, before)));
    await t.database.db.execute(
      sql.raw(`update auth_tokens set expires_at = now() - interval '1 minute' where purpose = 'reset'`),
    );
    const res = await agent.post('/api/auth/reset').send({ token, password: 'a brand new passphrase' }).expect(400);
    expect(res.body.error.message).toMatch(/expired or was already used/);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = smtp.mails.length;
    const email = uniqueEmail();
    const res = await (await browserAgent(t.app)).post('/api/auth/forgot').send({ email }).expect(202);
    expect(res.body.message).toMatch(/Check your inbox/);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails.slice(before).filter((m) => m.to.includes(email))).toEqual([]);
  });

  it('refuses a malformed token', async () => {
    const res = await (
      await browserAgent(t.app)
    )
      .post('/api/auth/reset')
      .send({ token: 'abc', password: PASSWORD })
      .expect(400);
    expect(res.body.error.message).toMatch(/open the whole link/);
  });
});
