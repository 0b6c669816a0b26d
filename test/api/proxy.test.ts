import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestApp } from '../support/app';

/** The log lines the app writes, as parsed JSON. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'error' }, stream), lines };
}

describe('behind an https PUBLIC_URL', () => {
  it('logs an error naming the proxy setting when the first request comes without X-Forwarded-Proto', async () => {
    const { logger, lines } = capturedLogger();
    const t = await createTestApp({ publicUrl: 'https://atrium.example.org', logger });
    try {
      await t.request.get('/api/auth/session').expect(200);
      await t.request.get('/api/auth/session').expect(200);
      const errors = lines.filter((l) => l.level === 50);
      expect(errors).toHaveLength(1);
      expect(String(errors[0].msg)).toMatch(/X-Forwarded-Proto/);
      expect(errors[0]).toMatchObject({ setting: 'X-Forwarded-Proto', seenProtocol: 'http' });
    } finally {
      await t.close();
    }
  });

  it('stays quiet when the proxy says https', async () => {
    const { logger, lines } = capturedLogger();
    const t = await createTestApp({ publicUrl: 'https://atrium.example.org', logger });
    try {
      await t.request.get('/api/auth/session').set('X-Forwarded-Proto', 'https').expect(200);
      expect(lines.filter((l) => l.level === 50)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
