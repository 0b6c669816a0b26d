import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { bundleServer } from '../../scripts/build-server';
import { startCommand } from '../../scripts/start-command';
import { FIXTURE_COURSES } from './app';

/**
 * Real server processes, started as `npm start` starts one: the server bundled by esbuild and run by
 * node with the flags of package.json's "start". Each test file bundles into a folder of its own.
 */
const ROOT = path.resolve(__dirname, '../..');
const BUNDLE_DIR = path.join(ROOT, 'dist', `test-server-${process.pid}`);
let bundled: Promise<string> | undefined;
const serverBundle = () =>
  (bundled ??= bundleServer(path.join(BUNDLE_DIR, 'main.js')).then(() => path.join(BUNDLE_DIR, 'main.js')));

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** What the server wrote to stderr, to explain a failure. */
  stderr(): string;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const { flags } = startCommand();
  const child = spawn(process.execPath, [...flags, await serverBundle()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      COURSES_DIR: FIXTURE_COURSES,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: ServerProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    exited,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  await waitUntilAnswering(server);
  return server;
}

async function waitUntilAnswering(server: ServerProcess, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.stderr()}`);
    try {
      if ((await fetch(`${server.baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end)
      throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function removeServerBundle(): void {
  fs.rmSync(BUNDLE_DIR, { recursive: true, force: true });
}

/** A PostgreSQL database of its own on the server of DATABASE_URL, for server processes to share. */
export async function createFreshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `atrium_proc_${randomBytes(5).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 25,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A browser-like client of one or more server processes: one cookie jar, the CSRF token, one address. */
export class HttpClient {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly forwardedFor = '203.0.113.7') {}

  async request(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        'X-Forwarded-For': this.forwardedFor,
        ...(this.cookies.size ? { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrf ? { 'X-CSRF-Token': this.csrf } : {}),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: body as Record<string, unknown> & { [k: string]: unknown } };
  }

  /** Opens a session (CSRF token) on `baseUrl`; signs in when an email is given. */
  async signIn(baseUrl: string, email: string, password: string) {
    const session = await this.request(`${baseUrl}/api/auth/session`);
    this.csrf = String(session.body.csrfToken);
    const res = await this.request(`${baseUrl}/api/auth/signin`, { method: 'POST', body: { email, password } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
