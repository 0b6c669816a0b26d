import { browserSession, percentile } from './bench-support';

/**
 * Sign-up and password reset must do the same work whether or not the address has an account (the
 * password hash runs either way), so that answer times do not tell who is registered.
 */
const TRIES = 12;

async function timed(label: string, run: (i: number) => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const start = performance.now();
    const res = await run(i);
    if (res.status >= 300) throw new Error(`${label}: HTTP ${res.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

export async function benchAccounts(base: string): Promise<void> {
  // Each try from its own address (through the trusted local proxy header), below the per-address limits.
  const client = (i: number, group: number) =>
    browserSession(base, { 'X-Forwarded-For': `203.0.113.${group * 40 + i + 1}` });
  const known = 'bench-known@example.org';
  const password = 'a long bench passphrase';
  await (await client(0, 5)).post('/api/auth/signup', { email: known, password, displayName: 'Known' });
  const signUp = async (email: (i: number) => string, group: number) =>
    timed('sign-up', async (i) =>
      (await client(i, group)).post('/api/auth/signup', { email: email(i), password, displayName: 'Bench' }),
    );
  const fresh = await signUp((i) => `bench-new-${i}@example.org`, 0);
  const taken = await signUp(() => known, 1);
  const reset = (email: (i: number) => string, group: number) =>
    timed('reset', async (i) => (await client(i, group)).post('/api/auth/forgot', { email: email(i) }));
  // The addresses signed up above now have accounts.
  const resetKnown = await reset((i) => `bench-new-${i}@example.org`, 2);
  const resetUnknown = await reset((i) => `bench-nobody-${i}@example.org`, 3);
  const line = (label: string, a: number, b: number) =>
    console.log(`${label.padEnd(34)} new/unknown address p50 ${a.toFixed(0)} ms, known address p50 ${b.toFixed(0)} ms`);
  line('sign-up', fresh, taken);
  line('password reset request', resetUnknown, resetKnown);
}
