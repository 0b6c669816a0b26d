import fs from 'node:fs';
import { createPlatformLrs } from '../server/src/app';
import { CERTIFICATE_CODE, revoke } from '../server/src/certificates/service';
import { switchGroup, type LearnerGroup } from '../server/src/learning/group';
import { loadConfig } from '../server/src/lib/config';
import { UsageError, parseCommandLine, progressBar, runCli, withCliDatabase } from './cli';

const USAGE = `Usage: npm run enrolments -- <command> [options]

Commands:
  switch --course <id> --to <release> (--organisation <name> | --emails <a@x.org,b@y.org> | --emails-file <path>)
         [--dry-run]
                 move a group of enrolled learners to another release of the course: same enrolment, progress
                 carried, changed modules flagged; --dry-run prints what would change and writes nothing
  revoke-certificate --code <ABCD-EFGH-JKLM> --reason <text>
                 the public verification page then says the certificate is revoked`;

const options = {
  course: { type: 'string' },
  to: { type: 'string' },
  organisation: { type: 'string' },
  emails: { type: 'string' },
  'emails-file': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  code: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

function required(name: string, value: string | undefined, pattern?: RegExp, hint = ''): string {
  if (!value) throw new UsageError(`--${name} is required.\n\n${USAGE}`);
  if (pattern && !pattern.test(value)) throw new UsageError(`--${name} "${value}" is not valid${hint}.`);
  return value;
}

/** One address per line; blank lines and lines starting with # are skipped; a bad line is named. */
function readEmailsFile(file: string): string[] {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file.`);
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .flatMap((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return [];
      if (!EMAIL.test(line)) throw new UsageError(`${file}:${i + 1}: "${line}" is not an email address.`);
      return [line];
    });
}

function group(values: { organisation?: string; emails?: string; 'emails-file'?: string }): LearnerGroup {
  const given = [values.organisation, values.emails, values['emails-file']].filter(Boolean).length;
  if (given !== 1) throw new UsageError(`Give exactly one of --organisation, --emails or --emails-file.\n\n${USAGE}`);
  if (values.organisation) return { organisation: values.organisation };
  if (values['emails-file']) return { emails: readEmailsFile(values['emails-file']) };
  const emails = values.emails!.split(',').map((e) => e.trim());
  const bad = emails.find((e) => !EMAIL.test(e));
  if (bad !== undefined) throw new UsageError(`--emails: "${bad}" is not an email address.`);
  return { emails };
}

runCli(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, USAGE, 1);
  const [command] = positionals;
  if (command === 'switch') {
    const courseId = required('course', values.course, SLUG, ' (a course id such as codesign)');
    const to = required('to', values.to, SLUG, ' (a release id such as 2024-conference)');
    const learners = group(values);
    const dryRun = values['dry-run'];
    const config = loadConfig();
    return withCliDatabase(async (database) => {
      const bar = progressBar(dryRun ? 'planning' : 'switching');
      const { plans, notEnrolled } = await switchGroup(
        createPlatformLrs({ db: database.db, publicUrl: config.publicUrl, forwarding: Boolean(config.lrsForward) }),
        { courseId, to, group: learners, dryRun },
        (done, total) => bar.update(done, total, ''),
      );
      bar.stop();
      for (const p of plans) {
        const who = p.email ?? p.userId;
        if (p.unchanged) console.log(`${who}: already on ${to}`);
        else
          console.log(
            `${who}: ${p.from} → ${p.to}; carried ${p.carried.join(', ') || 'nothing'}` +
              (p.updated.length ? `; updated since completed: ${p.updated.join(', ')}` : '') +
              (p.leftBehind.length ? `; not in ${to}: ${p.leftBehind.join(', ')}` : ''),
          );
      }
      for (const e of notEnrolled) console.log(`${e}: not enrolled in ${courseId} (skipped)`);
      const moved = plans.filter((p) => !p.unchanged).length;
      console.log(
        dryRun
          ? `Dry run: ${moved} learner(s) would move to ${to}; nothing was changed.`
          : `${moved} learner(s) moved to ${to}.`,
      );
      return 0;
    });
  }
  if (command === 'revoke-certificate') {
    const code = required('code', values.code?.toUpperCase(), CERTIFICATE_CODE, ' (codes look like ABCD-EFGH-JKLM)');
    const reason = required('reason', values.reason?.trim());
    return withCliDatabase(async (database) => {
      await revoke(database.db, code, reason);
      console.log(`Certificate ${code} is revoked.`);
      return 0;
    });
  }
  throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
});
