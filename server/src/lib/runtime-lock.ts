import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database must have one process at a time: the server writes its pid here, and
 * offline tools (backup, restore) refuse to touch the data while that process lives.
 */
const lockFile = (dataDir: string) => path.join(dataDir, 'server.pid');

export function writeServerLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(lockFile(dataDir), String(process.pid));
  return () => fs.rmSync(lockFile(dataDir), { force: true });
}

export function runningServerPid(dataDir: string): number | undefined {
  const file = lockFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  if (!Number.isInteger(pid) || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
