import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../server/src/lib/config';
import { openDatabase, type Database } from '../server/src/lib/db';
import { AppError } from '../server/src/lib/errors';
import { runningServerPid } from '../server/src/lib/runtime-lock';

/**
 * Peak resident memory of a process in MB, from its VmHWM. Not getrusage's maxRSS: Linux carries that
 * across exec, so a command started by a larger process would report its parent's peak.
 */
export function peakMemoryMb(pid: number | 'self' = 'self'): number {
  const status = `/proc/${pid}/status`;
  if (pid === 'self' && !fs.existsSync(status)) return process.resourceUsage().maxRSS / 1024;
  return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(status, 'utf8'))?.[1] ?? 0) / 1024;
}

/** A mistake in how a command was called: printed as is, exit code 2. */
export class UsageError extends Error {}

/** The usage, printed on standard output: asked for with `--help` (exit 0), or a command is missing (exit 2). */
export class ShowUsage extends Error {
  constructor(
    readonly usage: string,
    readonly code: 0 | 2,
  ) {
    super('usage');
  }
}

/** Parses the arguments; `--help`, or fewer than `commands` positionals, ends the tool with its usage. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
  commands = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
  const help = Boolean((parsed.values as { help?: boolean }).help);
  if (help || parsed.positionals.length < commands) throw new ShowUsage(usage, help ? 0 : 2);
  return parsed;
}

export function progressBar(label: string): { update(done: number, total: number, step: string): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let last = -1;
    return {
      update(done, total, step) {
        const pct = total ? Math.floor((done / total) * 10) : 10;
        if (pct !== last || done === total) process.stderr.write(`${label}: ${done}/${total} ${step}\n`);
        last = pct;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {step}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, step) {
      if (!started) bar.start(total, 0, { step });
      started = true;
      bar.update(done, { step });
    },
    stop: () => started && bar.stop(),
  };
}

/** Runs a command's main and turns its failures into a message and an exit code. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof ShowUsage) {
        console.log(err.usage);
        process.exit(err.code);
      }
      if (err instanceof UsageError) {
        console.error(err.message);
        process.exit(2);
      }
      // A rule of the platform refused the input (e.g. a weak password): say what to fix.
      if (err instanceof AppError) {
        console.error(`error: ${err.message}`);
        process.exit(2);
      }
      console.error(err instanceof Error ? `error: ${err.message}` : err);
      process.exit(1);
    },
  );
}

/**
 * Opens the configured database for a command-line tool, migrated. The embedded database allows one
 * process at a time, so this refuses while the server is using it.
 */
export async function openCliDatabase(): Promise<Database> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const pid = runningServerPid(config.dataDir);
    if (pid)
      throw new UsageError(
        `error: the Atrium server (pid ${pid}) is using the embedded database in ${config.dataDir}; stop it first.`,
      );
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  });
  await database.migrate();
  return database;
}

/** Runs a command's work on the database, and closes it whatever happens. */
export async function withCliDatabase(work: (database: Database) => Promise<number>): Promise<number> {
  const database = await openCliDatabase();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
