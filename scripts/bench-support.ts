import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startCommand } from './start-command';

/** Pieces every bench section uses. */

const ROOT = path.resolve(__dirname, '..');

/** Waits until the URL answers 2xx; fails after `timeoutMs`. */
export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Starts the server exactly as `npm start` runs it (the same node flags, read from package.json), with
 * these environment variables on top of the bench's own.
 */
export function startServer(env: Record<string, string>): ChildProcess {
  const { flags, entry } = startCommand();
  return spawn(process.execPath, [...flags, entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}
