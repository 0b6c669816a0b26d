import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { loadConfig } from '../server/src/lib/config';
import { describeZodError } from '../server/src/lib/errors';
import { importCoursesFromDirectory } from '../server/src/authoring/import-dir';
import { UsageError, parseCommandLine, progressBar, runCli, withCliDatabase } from './cli';
import { seedDemo } from './demo-data';
import { seedDiscussions } from './demo-discussions';

const USAGE = `Usage: npm run demo -- [--learners N] [--course <id>] [--seed N]

Adds a realistic population of learners to the configured database (DATABASE_URL, or the embedded one):
cities, organisations, languages, enrolments over the course's releases, their progress, quiz results,
certificates and the xAPI statements of that progress, and multilingual discussions beside the modules
(with replies and likes). Meant for demonstrations and the benchmark:
use a database of its own, since demo learners are not removed again.

  --learners   how many learners to add (default 1000; at most 2000000)
  --course     the course to enrol them in (default codesign; imported first if needed)
  --seed       the random seed, for the same population again (default 1)`;

const ZArgs = z.object({
  learners: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(2_000_000, 'must be at most 2000000'),
  course: z.string().regex(/^[a-z0-9-]+$/, 'must be a course id such as codesign'),
  seed: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number'),
});

runCli(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      learners: { type: 'string', default: '1000' },
      course: { type: 'string', default: 'codesign' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  const parsed = ZArgs.safeParse(values);
  if (!parsed.success)
    throw new UsageError(`${describeZodError(parsed.error, 'arguments').replace(/^(\w+):/gm, '--$1')}\n\n${USAGE}`);
  const args = parsed.data;
  const config = loadConfig();
  return withCliDatabase(async (database) => {
    const results = await importCoursesFromDirectory(database.db, config.coursesDir, { only: args.course });
    const failed = results.find((r) => r.error);
    if (failed) throw new Error(`importing ${failed.courseDir} failed: ${failed.error}`);
    const bar = progressBar('learners');
    const started = performance.now();
    const totals = await seedDemo(database.db, {
      course: args.course,
      learners: args.learners,
      publicUrl: config.publicUrl,
      seed: args.seed,
      progress: (done, total) => bar.update(done, total, ''),
    });
    bar.stop();
    const comments = await seedDiscussions(database.db, args.course, args.seed);
    // As autovacuum would soon after a bulk load: the planner needs statistics to choose its plans.
    await database.db.execute(sql`analyze`);
    console.log(
      `Added ${totals.enrolments.toLocaleString('en')} learners to ${args.course} ` +
        `(${totals.completions.toLocaleString('en')} completed, ${totals.statements.toLocaleString('en')} xAPI statements) ` +
        `and ${comments.toLocaleString('en')} discussion comments ` +
        `in ${((performance.now() - started) / 1000).toFixed(0)} s. Staff see them at ${config.publicUrl}/staff/reports.`,
    );
    return 0;
  });
});
