import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { ROOT, sourceHash } from './source-hash';

const OUT_DIR = path.join(ROOT, 'dist/server');
export const SERVER_BUNDLE = path.join(OUT_DIR, 'main.js');
const STAMP = path.join(OUT_DIR, '.source-hash');
const INPUTS = ['server/src', 'package-lock.json', 'tsconfig.json', 'scripts/build-server.ts'];

/**
 * Bundles the server's own code into one CommonJS file with esbuild; packages stay in node_modules
 * (`packages: 'external'`), so native and WebAssembly parts (argon2, PGlite) load as they always do.
 * Types are checked by `npm run typecheck`, not here.
 */
export async function buildServer(options: { ifStale: boolean }): Promise<number> {
  const hash = sourceHash(INPUTS);
  if (
    options.ifStale &&
    fs.existsSync(SERVER_BUNDLE) &&
    fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, 'utf8') === hash
  )
    return 0;
  console.error('Building the server…');
  await bundleServer(SERVER_BUNDLE);
  fs.writeFileSync(STAMP, hash);
  return 0;
}

/** The bundle itself, into `outfile` (under the project, so the server finds its folders from it). */
export async function bundleServer(outfile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(ROOT, 'server/src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (require.main === module) runCli(() => buildServer({ ifStale: process.argv.includes('--if-stale') }));
