import path from 'node:path';
import { backup, defaultBackupFile, restore, type BackupTarget } from '../server/src/backup/service';
import { loadConfig } from '../server/src/lib/config';
import { UsageError, parseCommandLine, runCli } from './cli';

const USAGE = `Usage:
  npm run backup [-- --out <file>]      copy the whole database to a file (default: backups/atrium-<time>.*)
  npm run restore -- <file> --yes       replace the database with a backup

The embedded database (DATA_DIR/pglite) is copied as a .pglite.tar.gz; stop the server first.
With DATABASE_URL set, pg_dump/pg_restore write and read a .pgdump file.`;

runCli(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseCommandLine(
    rest,
    {
      out: { type: 'string' },
      yes: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  const config = loadConfig();
  const target: BackupTarget = {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  };
  if (command === 'backup') {
    if (positionals.length) throw new UsageError(`backup takes no file name; use --out <file>.\n\n${USAGE}`);
    console.error('Backing up…');
    const result = await backup(target, values.out ?? defaultBackupFile(target));
    console.log(`Backup written to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB).`);
    return 0;
  }
  if (command === 'restore') {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError(`restore needs exactly one backup file.\n\n${USAGE}`);
    if (!values.yes) throw new UsageError(`restore replaces the current database; add --yes to confirm.\n\n${USAGE}`);
    console.error(`Restoring ${file}…`);
    const result = await restore(target, file);
    console.log(`Restored ${file}.${result.keptAside ? ` The previous database is kept in ${result.keptAside}.` : ''}`);
    return 0;
  }
  throw new UsageError(USAGE);
});
