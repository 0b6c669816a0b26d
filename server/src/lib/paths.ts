import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folders, found from wherever this code runs: `server/src/lib` under tsx, or the one
 * bundle in `dist/server` after `npm run build`. Both lie under the folder holding Atrium's
 * package.json, so that folder is looked for upwards instead of counting `..`s that differ between them.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'atrium')
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`Atrium's package.json was not found above ${from}`);
  }
}

export const ROOT = findRoot(__dirname);
export const MIGRATIONS_DIR = path.join(ROOT, 'server/migrations');
export const SERVER_LOCALES_DIR = path.join(ROOT, 'server/src/lib/i18n/locales');
export const CLIENT_DIR = path.join(ROOT, 'dist/client');
