import fs from 'node:fs';
import path from 'node:path';
import { sha256 } from '../server/src/content/hash';

export const ROOT = path.resolve(__dirname, '..');

function filesUnder(p: string): string[] {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A hash of every file a build reads (paths relative to the project), so `npm start` rebuilds only when one changed. */
export function sourceHash(inputs: string[]): string {
  return sha256(
    inputs
      .flatMap(filesUnder)
      .map((f) => `${path.relative(ROOT, f)}\0${sha256(fs.readFileSync(f))}`)
      .join('\n'),
  );
}
