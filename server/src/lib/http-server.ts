import http from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server for the app, creating every request and response with the app's own prototypes.
 * Otherwise Express moves each request and response onto them with Object.setPrototypeOf, which makes V8
 * build new hidden classes per request: under the LRS bench that cost about a fifth of the server's time
 * and brought a full garbage collection every half second (expressjs/express#5998). With the prototypes
 * already in place, Express's Object.setPrototypeOf finds nothing to change.
 */
export function createHttpServer(app: Express): http.Server {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse {}
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as unknown as Express['request'];
  app.response = AppResponse.prototype as unknown as Express['response'];
  return http.createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}
