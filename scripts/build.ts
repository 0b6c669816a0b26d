import { buildClient } from './build-client';
import { buildServer } from './build-server';
import { runCli } from './cli';

/** `npm run build` (everything) and `npm start`'s pre-step (`--if-stale`: only what changed). */
if (require.main === module)
  runCli(async () => {
    const ifStale = process.argv.includes('--if-stale');
    return (await buildServer({ ifStale })) || (await buildClient({ ifStale }));
  });
