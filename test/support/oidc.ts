import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** Starts the test OpenID Connect provider in its own process (it is an ES module only package). */
export async function startOidcProvider(redirectUri: string): Promise<{ issuer: string; stop(): void }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs'), redirectUri], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited with ${code}`)));
  });
  return { issuer: (JSON.parse(line) as { issuer: string }).issuer, stop: () => child.kill() };
}
