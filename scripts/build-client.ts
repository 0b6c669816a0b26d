import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from './cli';
import { ROOT, sourceHash } from './source-hash';

const OUT = path.join(ROOT, 'dist/client');
const STAMP = path.join(OUT, '.source-hash');
export const BUDGET_KB = 130;
// The editor's preview bundles the server's Markdown renderer, so it is an input too.
const INPUTS = [
  'client',
  'vite.config.mts',
  'package-lock.json',
  'server/src/catalog/service.ts',
  'server/src/lib/markdown',
];

/** Gzip size of what the first page loads: the entry script, its preloaded chunks and the CSS. */
export function firstLoadSize(): { files: { file: string; gzip: number }[]; total: number } {
  const html = fs.readFileSync(path.join(OUT, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const files = [...new Set(refs)].map((ref) => ({
    file: ref,
    gzip: gzipSync(fs.readFileSync(path.join(OUT, ref))).length,
  }));
  return { files, total: files.reduce((n, f) => n + f.gzip, 0) };
}

export async function buildClient(options: { ifStale: boolean }): Promise<number> {
  const hash = sourceHash(INPUTS);
  if (options.ifStale && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash) return 0;
  console.error('Building the web client…');
  const { build } = await import('vite');
  // Test runners set NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.mts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const size = firstLoadSize();
  for (const f of size.files) console.error(`  ${f.file}  ${(f.gzip / 1024).toFixed(1)} KB gzip`);
  console.error(`First page loads ${(size.total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_KB} KB).`);
  if (size.total > BUDGET_KB * 1024) {
    console.error(`error: the first page is over its ${BUDGET_KB} KB budget; split or drop code before adding more.`);
    return 1;
  }
  // Stamped only within budget, so a build over it is not taken as up to date next time.
  fs.writeFileSync(STAMP, hash);
  return 0;
}

if (require.main === module) runCli(() => buildClient({ ifStale: process.argv.includes('--if-stale') }));
