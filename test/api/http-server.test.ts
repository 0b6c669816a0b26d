import type { IncomingMessage, ServerResponse } from 'node:http';
import { createTestApp, serveOverHttp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the HTTP server', () => {
  it('creates requests and responses with the app’s prototypes, so Express never swaps them', async () => {
    const { server, baseUrl: base, close } = await serveOverHttp(t.app);
    const seen: { req: IncomingMessage; res: ServerResponse; before: [object, object] }[] = [];
    // Runs before the app's own listener: the prototypes the server gave the request and response.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      seen.push({ req, res, before: [Object.getPrototypeOf(req), Object.getPrototypeOf(res)] }),
    );
    try {
      const about = await fetch(`${base}/xapi/about`);
      expect(about.status).toBe(200);
      expect(await about.json()).toEqual({ version: ['1.0.3', '2.0.0'], extensions: {} });
      const refused = await fetch(`${base}/xapi/statements`, { method: 'POST', body: '{}' });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /X-Experience-API-Version/,
      );

      expect(seen).toHaveLength(2);
      for (const { req, res, before } of seen) {
        expect([Object.getPrototypeOf(req), Object.getPrototypeOf(res)]).toEqual(before);
        expect(before[0]).toBe(t.app.request);
        expect(before[1]).toBe(t.app.response);
      }
    } finally {
      await close();
    }
  });
});
