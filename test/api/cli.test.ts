import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { updateProfile } from '../../server/src/account/service';
import { createPlatformLrs } from '../../server/src/app';
import { ensureEnrolment } from '../../server/src/learning/enrolment';
import { openDatabase } from '../../server/src/lib/db';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { createUser } from '../../server/src/users/service';

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

describe('npm run course export and import --draft', () => {
  let courses: string;
  beforeAll(() => {
    courses = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-cli-courses-'));
    fs.cpSync(path.join(ROOT, 'test/fixtures/courses'), courses, { recursive: true });
  });
  afterAll(() => fs.rmSync(courses, { recursive: true, force: true }));

  it('writes a release and the browser draft to the files, and loads the files draft back', () => {
    expect(run('course', ['import', 'sample', '--courses-dir', courses]).code).toBe(0);
    fs.rmSync(path.join(courses, 'sample/releases/v1'), { recursive: true });
    const release = run('course', ['export', 'sample', '--release', 'v1', '--courses-dir', courses]);
    expect(release.code).toBe(0);
    expect(release.out).toMatch(/sample\/releases\/v1: written/);
    expect(fs.readFileSync(path.join(courses, 'sample/releases/v1/modules/01-welcome/diagram.svg'), 'utf8')).toBe(
      fs.readFileSync(
        path.join(ROOT, 'test/fixtures/courses/sample/releases/v1/modules/01-welcome/diagram.svg'),
        'utf8',
      ),
    );
    const draft = run('course', ['export', 'sample', '--draft', '--courses-dir', courses]);
    expect(draft.out).toMatch(/sample\/modules: written from the browser draft/);
    expect(run('course', ['validate', 'sample', '--courses-dir', courses, '--quiet']).code).toBe(0);

    const file = path.join(courses, 'sample/modules/02-practice/en.md');
    fs.appendFileSync(file, '\nEdited in a file.\n');
    const loaded = run('course', ['import', 'sample', '--draft', '--courses-dir', courses]);
    expect(loaded.err).toBe('');
    expect(loaded.out).toMatch(/browser draft loaded from .*modules \(1 text\(s\) changed\)/);
  }, 180_000);

  it('names wrong arguments', () => {
    const bad = run('course', ['export', 'Not_A_Course']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/course "Not_A_Course": course ids use lowercase letters/);
    expect(run('course', ['export', 'sample', '--release', 'v1', '--draft']).err).toMatch(/not both/);
    expect(run('course', ['import', '--force']).err).toMatch(/--force only goes with import --draft/);
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

describe('npm run enrolments', () => {
  const organisation = `City of Testburg ${Date.now()}`;
  const emails = [`a${Date.now()}@example.org`, `b${Date.now()}@example.org`];

  /** Two learners of one organisation enrolled in v1, made in the store the commands use. */
  beforeAll(async () => {
    const database = await openDatabase(
      process.env.DATABASE_URL
        ? { databaseUrl: process.env.DATABASE_URL }
        : { pgliteDir: path.join(dataDir, 'pglite') },
    );
    try {
      await database.migrate();
      await importCoursesFromDirectory(database.db, path.join(ROOT, 'test/fixtures/courses'));
      const lrs = createPlatformLrs({ db: database.db, publicUrl: 'http://localhost:3000' });
      for (const email of emails) {
        const user = await createUser(database.db, { email, password: 'a long enough passphrase', role: 'learner' });
        await updateProfile(database.db, user.id, { organisation });
        await ensureEnrolment(lrs, user, 'sample', 'v1', 'en');
      }
    } finally {
      await database.close();
    }
  });

  it('shows a dry run, then moves a group by organisation, and says so when they are already there', () => {
    const args = ['switch', '--course', 'sample', '--to', 'v2', '--organisation', organisation.toUpperCase()];
    const dry = run('enrolments', [...args, '--dry-run']);
    expect(dry.err).not.toMatch(/error/);
    expect(dry.out).toContain(`${emails[0]}: v1 → v2`);
    expect(dry.out).toMatch(/Dry run: 2 learner\(s\) would move to v2; nothing was changed/);
    expect(run('enrolments', args).out).toMatch(/2 learner\(s\) moved to v2/);
    expect(run('enrolments', args).out).toContain(`${emails[1]}: already on v2`);
  });

  it('names a bad line of an email list, and refuses unclear or missing arguments', () => {
    const file = path.join(dataDir, 'learners.txt');
    fs.writeFileSync(file, `# Zagreb cohort\n${emails[0]}\nnot an address\n`);
    const bad = run('enrolments', ['switch', '--course', 'sample', '--to', 'v1', '--emails-file', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${file}:3: "not an address" is not an email address`);
    const both = run('enrolments', [
      'switch',
      '--course',
      'sample',
      '--to',
      'v1',
      '--organisation',
      'x',
      '--emails',
      emails[0],
    ]);
    expect(both.err).toMatch(/exactly one of --organisation, --emails or --emails-file/);
    expect(run('enrolments', ['switch', '--to', 'v1', '--emails', emails[0]]).err).toMatch(/--course is required/);
    expect(run('enrolments', ['revoke-certificate', '--code', 'nope', '--reason', 'x']).err).toMatch(/codes look like/);
    expect(run('enrolments', ['revoke-certificate', '--code', 'AAAA-BBBB-CCCC', '--reason', 'test']).err).toMatch(
      /No certificate has the code/,
    );
  });

  it('moves the listed learners back and reports addresses that are not enrolled', () => {
    const r = run('enrolments', [
      'switch',
      '--course',
      'sample',
      '--to',
      'v1',
      '--emails',
      `${emails[0]},nobody@example.org`,
    ]);
    expect(r.out).toContain(`${emails[0]}: v2 → v1`);
    expect(r.out).toContain('nobody@example.org: not enrolled in sample (skipped)');
  });
});
