import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/lib/config';

describe('loadConfig', () => {
  it('has defaults that need no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      logLevel: 'info',
    });
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number between 1 and 65535/],
    [{ PUBLIC_URL: 'atrium.example.org' }, /PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY must be a number of proxy hops, or a comma-separated list/],
    [
      { LRS_FORWARD_TIMEOUT_SECONDS: '0' },
      /LRS_FORWARD_TIMEOUT_SECONDS must be a number of seconds between 0.1 and 300/,
    ],
    [{ METRICS_PORT: 'ninety' }, /METRICS_PORT must be a whole number between 1 and 65535/],
  ])('names the variable that is wrong: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the proxy trust, the forwarding time-out and the metrics port', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal, 203.0.113.0/24' }).trustProxy).toBe('uniquelocal, 203.0.113.0/24');
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    const forward = {
      LRS_FORWARD_ENDPOINT: 'https://lrs.example.org/xapi',
      LRS_FORWARD_KEY: 'k',
      LRS_FORWARD_SECRET: 's',
    };
    expect(loadConfig(forward).lrsForward?.timeoutMs).toBe(15_000);
    expect(loadConfig({ ...forward, LRS_FORWARD_TIMEOUT_SECONDS: '2.5' }).lrsForward?.timeoutMs).toBe(2_500);
  });

  it('partitions the statements table only on PostgreSQL, and only by month', () => {
    const postgres = { DATABASE_URL: 'postgres://atrium@db:5432/atrium' };
    expect(loadConfig(postgres).statementsPartitioned).toBeUndefined();
    expect(loadConfig({ ...postgres, STATEMENTS_PARTITIONED: 'month' }).statementsPartitioned).toBe('month');
    expect(() => loadConfig({ ...postgres, STATEMENTS_PARTITIONED: 'week' })).toThrow(
      /STATEMENTS_PARTITIONED must be "month"/,
    );
    expect(() => loadConfig({ STATEMENTS_PARTITIONED: 'month' })).toThrow(/STATEMENTS_PARTITIONED needs PostgreSQL/);
  });

  it('drops a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://atrium.example.org/' }).publicUrl).toBe('https://atrium.example.org');
  });
});
