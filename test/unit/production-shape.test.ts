import fs from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { startCommand } from '../../scripts/start-command';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The Dockerfile's stages: each FROM line with the instructions under it (continuation lines joined). */
function stages(dockerfile: string): { from: string; lines: string[] }[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const result: { from: string; lines: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) result.push({ from: line, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

describe('the production start command, image and compose file agree', () => {
  const docker = stages(read('Dockerfile'));
  const runtime = docker.at(-1)!;
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; build?: string; environment?: Record<string, string> }>;
  };

  it('npm start runs the compiled server with node flags', () => {
    const { flags, entry } = startCommand();
    expect(entry).toBe('dist/server/main.js');
    expect(flags).toContain('--max-old-space-size=160');
    expect(flags).toContain('--no-allocation-site-pretenuring');
    expect(flags).toContain('--wasm-num-compilation-tasks=1');
  });

  it("the image's command is npm start's, flag for flag", () => {
    const cmd = runtime.lines.find((l) => /^CMD\s/.test(l));
    expect(cmd).toBeDefined();
    const { flags, entry } = startCommand();
    expect(JSON.parse(cmd!.replace(/^CMD\s+/, ''))).toEqual(['node', ...flags, entry]);
  });

  it('builds in one stage and runs production dependencies only, as a non-root user, with a health check', () => {
    expect(docker.length).toBeGreaterThanOrEqual(2);
    expect(docker[0].lines).toContain('RUN npm run build');
    expect(runtime.lines.some((l) => /npm ci .*--omit=dev/.test(l))).toBe(true);
    expect(runtime.lines.some((l) => /^COPY --from=\S+ \/app\/dist/.test(l))).toBe(true);
    const user = runtime.lines.filter((l) => /^USER\s/.test(l)).at(-1);
    expect(user).toMatch(/^USER\s+(?!root\b|0\b)\S+/);
    expect(runtime.lines.find((l) => /^HEALTHCHECK\s/.test(l))).toMatch(/\/healthz/);
  });

  it("ships the PostgreSQL client tools of compose's PostgreSQL version", () => {
    const major = /^postgres:(\d+)/.exec(compose.services.postgres.image ?? '')?.[1];
    expect(major).toBeDefined();
    const client = /postgresql-client-(\d+)/.exec(runtime.lines.join('\n'))?.[1];
    expect(client).toBe(major);
  });

  it('compose is valid YAML with PostgreSQL, two replicas and a proxy; the password is required', () => {
    const doc = parseDocument(read('docker-compose.yml'), { merge: true });
    expect(doc.errors).toEqual([]);
    expect(Object.keys(compose.services).sort()).toEqual(['app1', 'app2', 'caddy', 'postgres']);
    for (const name of ['app1', 'app2']) {
      const app = compose.services[name];
      expect(app.build).toBe('.');
      expect(app.environment?.DATABASE_URL).toMatch(/\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\//);
      expect(app.environment?.TRUST_PROXY).toBeTruthy();
    }
    expect(compose.services.postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(compose.services.caddy.image).toMatch(/^caddy:/);
  });

  it('the proxy sends to both replicas and sets X-Forwarded-Proto and X-Forwarded-For', () => {
    const caddy = read('deploy/Caddyfile');
    expect(caddy).toMatch(/reverse_proxy\s+app1:3000\s+app2:3000/);
    expect(caddy).toMatch(/header_up X-Forwarded-Proto \{scheme\}/);
    expect(caddy).toMatch(/header_up X-Forwarded-For \{remote_host\}/);
  });
});
