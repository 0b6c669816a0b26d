import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { validStatement } from '../fixtures/xapi-statements';
import { createTestApp, type TestApp } from '../support/app';
import { xapiClient } from '../support/xapi';

let t: TestApp;
let metricsServer: http.Server;
let scrape: () => Promise<string>;
beforeAll(async () => {
  t = await createTestApp({ metrics: true, forwarding: true });
  metricsServer = http.createServer(t.metrics!.handler);
  await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
  scrape = async () =>
    (
      await supertest(url)
        .get('/metrics')
        .expect(200)
        .expect('Content-Type', /text\/plain/)
    ).text;
});
afterAll(async () => {
  await new Promise((resolve) => metricsServer.close(resolve));
  await t.close();
});

/** The value of one series, e.g. value(text, 'atrium_xapi_outbox_backlog'). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (Prometheus, on its own port)', () => {
  it('counts and times requests per route pattern, not per raw path', async () => {
    await t.request.get('/api/courses/sample').expect(200);
    await t.request.get('/api/courses/sample').expect(200);
    await t.request.get('/api/courses/no-such-course').expect(404);
    const text = await scrape();
    expect(value(text, 'atrium_http_requests_total{method="GET",route="/api/courses/:course",status="200"}')).toBe(2);
    expect(value(text, 'atrium_http_requests_total{method="GET",route="/api/courses/:course",status="404"}')).toBe(1);
    expect(text).not.toContain('route="/api/courses/sample"');
    expect(value(text, 'atrium_http_request_duration_seconds_count{method="GET",route="/api/courses/:course"}')).toBe(
      3,
    );
  });

  it('reports statements stored, the forwarding backlog and dead letters', async () => {
    const before = await scrape();
    const client = await xapiClient(t, '1.0.3', 'statements/write');
    await client.post([validStatement(), validStatement()]).expect(200);
    const after = await scrape();
    expect(value(after, 'atrium_xapi_statements_stored')! - value(before, 'atrium_xapi_statements_stored')!).toBe(2);
    expect(value(after, 'atrium_xapi_outbox_backlog')! - value(before, 'atrium_xapi_outbox_backlog')!).toBe(2);
    expect(value(after, 'atrium_xapi_outbox_dead_letters')).toBe(0);
    expect(after).toMatch(/^atrium_process_resident_memory_bytes \d+/m);
  });

  it('serves nothing else on that port', async () => {
    const url = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
    await supertest(url).get('/api/courses').expect(404);
  });

  it('is not served on the public port', async () => {
    await t.request.get('/metrics').expect(404);
  });
});
