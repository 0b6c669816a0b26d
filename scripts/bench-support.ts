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

/** A browser-like client: keeps the cookies it is given and sends the CSRF token the API asks for. */
export async function browserSession(base: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      jar.set(k, v);
    }
  };
  const session = await fetch(`${base}/api/auth/session`, { headers });
  keep(session);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const headersNow = () => ({
    ...headers,
    'Content-Type': 'application/json',
    'X-CSRF-Token': csrfToken,
    Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  });
  return {
    headers: headersNow,
    async post(pathName: string, body: unknown): Promise<Response> {
      const res = await fetch(`${base}${pathName}`, {
        method: 'POST',
        headers: headersNow(),
        body: JSON.stringify(body),
      });
      keep(res);
      await res.arrayBuffer();
      return res;
    },
  };
}
