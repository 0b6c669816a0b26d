import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Generates a migration from the schema, then drops drizzle-kit's "public". prefixes so the same SQL
 * runs in any schema (the PostgreSQL tests give each test file its own).
 */
const dir = path.resolve(__dirname, '../server/migrations');
const result = spawnSync('npx', ['drizzle-kit', 'generate', ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  const full = path.join(dir, file);
  fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll('"public".', ''));
}
