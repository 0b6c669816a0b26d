import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { loadConfig } from '../server/src/lib/config';
import { describeZodError } from '../server/src/lib/errors';
import { exportAggregate, exportCompletions, exportStatements } from '../server/src/reports/exports';
import { ZAggregateExport, ZCompletionExport, ZStatementExport } from '../server/src/reports/schema';
import { UsageError, parseCommandLine, peakMemoryMb, progressBar, runCli, withCliDatabase } from './cli';

const USAGE = `Usage: npm run reports -- <report> --course <id> --out <file> [options]

Reports:
  completions   one row per enrolment (CSV or XLSX); learners are pseudonymised unless --names consented
  aggregate     the dashboard's figures by release, month, country, city, organisation kind, gender (CSV or XLSX)
  statements    raw xAPI statements about the course (NDJSON)

Options:
  --course <id>             the course, e.g. codesign (required)
  --out <file>              where to write; "-" writes to standard output (required)
  --format <csv|xlsx|ndjson> default: from the file name's extension
  --release <id>  --language <code>  --country <XX>  --city <name>  --organisation-kind <kind>
  --gender <gender> (aggregate only)  --from <YYYY-MM-DD>  --to <YYYY-MM-DD>   filters, as on the dashboard
  --names <pseudonym|consented>   completions: name the learners who agreed (default pseudonym)

Every export is logged (who, when, which filters), like a download from the dashboard.`;

const options = {
  course: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  release: { type: 'string' },
  language: { type: 'string' },
  country: { type: 'string' },
  city: { type: 'string' },
  'organisation-kind': { type: 'string' },
  gender: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  names: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parsed<T extends z.ZodType>(schema: T, input: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!result.success)
    throw new UsageError(`${describeZodError(result.error, 'arguments').replace(/\b(\w+):/g, '--$1:')}\n\n${USAGE}`);
  return result.data;
}

runCli(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, USAGE, 1);
  const [report] = positionals;
  if (!['completions', 'aggregate', 'statements'].includes(report))
    throw new UsageError(`Unknown report "${report}".\n\n${USAGE}`);
  const head = parsed(
    z.object({
      course: z.string({ message: 'give the course, e.g. --course codesign' }).regex(/^[a-z0-9-]+$/, 'is a course id'),
      out: z.string({ message: 'give the file to write, e.g. --out report.csv (or - for standard output)' }),
    }),
    { course: values.course, out: values.out },
  );
  const extension = /\.(csv|xlsx|ndjson)$/i.exec(head.out)?.[1]?.toLowerCase();
  const format = values.format ?? extension ?? (report === 'statements' ? 'ndjson' : undefined);
  const filters = {
    release: values.release,
    language: values.language,
    country: values.country,
    city: values.city,
    organisationKind: values['organisation-kind'],
    gender: values.gender,
    from: values.from,
    to: values.to,
  };
  const requester = { cli: os.userInfo().username };
  const config = loadConfig();

  const job =
    report === 'completions'
      ? {
          kind: 'completions' as const,
          options: parsed(ZCompletionExport, { ...filters, format, names: values.names }),
        }
      : report === 'aggregate'
        ? { kind: 'aggregate' as const, options: parsed(ZAggregateExport, { ...filters, format }) }
        : {
            kind: 'statements' as const,
            options: parsed(ZStatementExport, { from: values.from, to: values.to, format }),
          };

  return withCliDatabase(async (database) => {
    const toStdout = head.out === '-';
    const partial = `${head.out}.part`;
    const out = toStdout ? process.stdout : fs.createWriteStream(partial);
    const bar = progressBar(`${report}`);
    const started = performance.now();
    const req = {
      course: head.course,
      requester,
      out,
      progress: (done: number, total: number) => bar.update(done, total, ''),
    };
    let rows: number;
    try {
      if (job.kind === 'completions') rows = await exportCompletions(database.db, req, job.options);
      else if (job.kind === 'aggregate') rows = await exportAggregate(database.db, req, job.options);
      else rows = await exportStatements(database.db, config.publicUrl, req, job.options);
    } catch (err) {
      bar.stop();
      if (!toStdout) fs.rmSync(partial, { force: true });
      throw err;
    }
    bar.stop();
    if (!toStdout && !out.writableFinished) await once(out, 'finish');
    // Written under a temporary name and renamed at the end, so a scheduled job never picks up half a file.
    if (!toStdout) fs.renameSync(partial, head.out);
    const seconds = (performance.now() - started) / 1000;
    const peak = peakMemoryMb();
    console.error(
      `${rows.toLocaleString('en')} rows written to ${toStdout ? 'standard output' : head.out} in ${seconds.toFixed(1)} s (peak memory ${peak.toFixed(0)} MB).`,
    );
    return 0;
  });
});
