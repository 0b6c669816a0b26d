import { loadConfig } from '../server/src/lib/config';
import { sendDigests } from '../server/src/discussions/digest';
import { createLogger } from '../server/src/lib/logger';
import { createMailer } from '../server/src/lib/mail';
import { UsageError, parseCommandLine, progressBar, runCli, withCliDatabase } from './cli';

const USAGE = `Usage: npm run discussions -- <command> [options]

Commands:
  digest --frequency <daily|weekly>
        mails each person who chose this digest what happened in their discussions since the last one
        (replies to them, followed discussions, moderation outcomes); run it from cron once a day
        (daily) and once a week (weekly). Mails go through SMTP_URL, or to DATA_DIR/mail without it.`;

const options = {
  frequency: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

runCli(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, USAGE, 1);
  if (positionals[0] !== 'digest') throw new UsageError(`Unknown command "${positionals[0]}".\n\n${USAGE}`);
  const frequency = values.frequency;
  if (frequency !== 'daily' && frequency !== 'weekly')
    throw new UsageError('--frequency must be daily or weekly, e.g. --frequency daily.');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: config.mailDir, logger });
  return withCliDatabase(async (database) => {
    const bar = progressBar(`${frequency} digest`);
    const { sent } = await sendDigests(
      { db: database.db, mailer, publicUrl: config.publicUrl },
      frequency,
      (done, total) => bar.update(done, total, 'mails'),
    );
    bar.stop();
    console.log(`${sent} ${frequency} digest mail${sent === 1 ? '' : 's'} sent.`);
    return 0;
  });
});
