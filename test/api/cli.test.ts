import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
jest.setTimeout(60_000);

/** Runs an npm script as a person would, against this run's store (PGlite in a temporary folder, or DATABASE_URL). */
function run(script: string, args: string[], input?: string) {
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [`scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run course', () => {
  it('prints every problem with file and line and exits 1', () => {
    const r = run('course', ['validate', '--courses-dir', 'test/fixtures/broken-courses']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /test\/fixtures\/broken-courses\/broken\/modules\/01-bad\/en\.md:11: error: image "missing\.png" has no alt text/,
    );
    expect(r.out).toMatch(/\d+ error\(s\)/);
  });

  it('passes on a valid course and reports translations', () => {
    const r = run('course', ['validate', 'sample', '--courses-dir', 'test/fixtures/courses']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/it\s+STALE: welcome \| MISSING: practice/);
  });

  it('names an unknown course or command', () => {
    expect(run('course', ['validate', 'nope', '--courses-dir', 'test/fixtures/courses']).err).toMatch(
      /No course "nope".*Courses found: sample/,
    );
    expect(run('course', ['frobnicate']).code).toBe(2);
  });
});

describe('npm run users', () => {
  const email = `cli${Date.now()}@example.org`;
  it('creates the first admin with a password from standard input, and refuses bad input', () => {
    const created = run(
      'users',
      ['create', '--email', email, '--role', 'admin', '--password-stdin'],
      'correct horse battery\n',
    );
    expect(created.err).toBe('');
    expect(created.out).toMatch(new RegExp(`Created ${email} \\(admin\\)`));
    expect(
      run('users', ['create', '--email', email, '--role', 'admin', '--password-stdin'], 'correct horse battery\n').err,
    ).toMatch(/There is already an account/);
    expect(
      run('users', ['create', '--email', `x${email}`, '--role', 'admin', '--password-stdin'], 'short\n').err,
    ).toMatch(/at least 10/);
    expect(run('users', ['set-role', '--email', email, '--role', 'boss']).err).toMatch(/--role must be one of/);
    expect(run('users', ['create', '--email', 'not-an-email', '--role', 'admin']).err).toMatch(
      /--email must be an address/,
    );
  });

  it('lists, changes roles and disables', () => {
    expect(run('users', ['set-role', '--email', email, '--role', 'staff']).out).toMatch(/is now staff/);
    expect(run('users', ['list', '--search', email]).out).toMatch(new RegExp(`${email}\\tstaff\\tactive`));
    expect(run('users', ['disable', '--email', email]).out).toMatch(/is disabled/);
    expect(run('users', ['list', '--search', email]).out).toMatch(/\tdisabled\t/);
  });

  // Only the embedded database is single-process; PostgreSQL takes many clients at once.
  const embeddedOnly = process.env.DATABASE_URL ? () => undefined : it;
  embeddedOnly('refuses to open the embedded database while a server is using it', () => {
    fs.writeFileSync(path.join(dataDir, 'server.pid'), String(process.ppid));
    try {
      const r = run('users', ['list']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is using the embedded database .* stop it first/);
    } finally {
      fs.rmSync(path.join(dataDir, 'server.pid'));
    }
  });
});

describe('npm run lrs', () => {
  it('creates, lists and revokes credentials, and refuses unknown scopes', () => {
    const created = run('lrs', [
      'credentials',
      'create',
      '--label',
      'City dashboard',
      '--scope',
      'statements/read',
      '--scope',
      'state',
    ]);
    expect(created.code).toBe(0);
    const key = /key:\s+(\S+)/.exec(created.out)![1];
    expect(created.out).toMatch(/secret:\s+\S{32}/);
    expect(run('lrs', ['credentials', 'list']).out).toMatch(
      new RegExp(`${key}\tactive\tstatements/read state\tCity dashboard`),
    );
    expect(run('lrs', ['credentials', 'revoke', '--key', key]).out).toMatch(/is revoked/);
    expect(run('lrs', ['credentials', 'list']).out).toMatch(new RegExp(`${key}\trevoked`));
    const bad = run('lrs', ['credentials', 'create', '--label', 'x', '--scope', 'everything']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown scope everything/);
  });
});
