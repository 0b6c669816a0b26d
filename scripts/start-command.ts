import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface StartCommand {
  /** Node's flags (memory ceiling, GC settings): measured once, used by npm start, the image and the bench. */
  flags: string[];
  /** The compiled server. */
  entry: string;
}

/**
 * package.json's "start" script is the one place that says how the server runs in production; the
 * bench and the API tests that start real server processes read it here, and a unit test checks the
 * Dockerfile repeats it.
 */
export function startCommand(): StartCommand {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`package.json "start" should run node, not "${command}"`);
  const entry = args.pop();
  if (!entry || entry.startsWith('-')) throw new Error('package.json "start" should end with the server to run');
  return { flags: args, entry };
}
