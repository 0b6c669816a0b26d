import type http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../lib/db/index';
import { readFigures } from './store';

export interface Metrics {
  registry: Registry;
  /** Counts and times every request by method, route pattern (never the raw path) and status. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Answers GET /metrics in Prometheus's text format. */
  handler(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/**
 * Remembers the route as Express matches it (`/api/courses/:course`), with the router's base path as it is
 * at that moment: by the time the answer is sent after an error, Express has left the router and reset
 * its base path. Each route is one series; raw paths never become labels.
 */
function watchRoute(req: Request): () => string {
  let matched = 'unmatched';
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value && typeof value.path === 'string') matched = `${req.baseUrl}${value.path}`;
    },
  });
  return () => matched;
}

/**
 * Prometheus metrics for one server: request rates and latencies per route, LRS statements stored, the
 * forwarding outbox (backlog, dead letters), the database pool, and Node's own (memory, GC, event loop).
 * Served on a port of its own (METRICS_PORT), never on the public one.
 */
export function createMetrics(database: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'atrium_' });
  const requests = new Counter({
    name: 'atrium_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'atrium_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  let figures: Promise<Awaited<ReturnType<typeof readFigures>>> | undefined;
  // One query per scrape for the three database figures, whichever gauge asks first.
  const figure = async (name: 'stored' | 'backlog' | 'dead') => {
    figures ??= readFigures(database.db).finally(() => setImmediate(() => (figures = undefined)));
    return (await figures)[name];
  };
  new Gauge({
    name: 'atrium_xapi_statements_stored',
    help: 'xAPI statements stored by the LRS (voided ones included)',
    registers: [registry],
    async collect() {
      this.set(await figure('stored'));
    },
  });
  new Gauge({
    name: 'atrium_xapi_outbox_backlog',
    help: 'Statements waiting to be forwarded to the external LRS',
    registers: [registry],
    async collect() {
      this.set(await figure('backlog'));
    },
  });
  new Gauge({
    name: 'atrium_xapi_outbox_dead_letters',
    help: 'Statements the external LRS refused for good (see the LRS admin page)',
    registers: [registry],
    async collect() {
      this.set(await figure('dead'));
    },
  });
  const pool = database.pool;
  if (pool) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    gauge('atrium_db_pool_connections', 'Open connections of the database pool', () => pool.totalCount);
    gauge('atrium_db_pool_idle', 'Idle connections of the database pool', () => pool.idleCount);
    gauge('atrium_db_pool_waiting', 'Queries waiting for a connection of the pool', () => pool.waitingCount);
  }

  return {
    registry,
    middleware(req, res, next) {
      const end = duration.startTimer();
      const routeOf = watchRoute(req);
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf() };
        end(labels);
        requests.inc({ ...labels, status: String(res.statusCode) });
      });
      next();
    },
    handler(req, res) {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Only GET /metrics is served on this port.\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (err: unknown) =>
          res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`metrics unavailable: ${(err as Error).message}\n`),
      );
    },
  };
}
