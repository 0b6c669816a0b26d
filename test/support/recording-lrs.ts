import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in external LRS on 127.0.0.1 that records every statement POSTed to it (on arrival, as a real
 * LRS stores before it answers), can answer slowly, and answers GET ?statementId= from what it holds.
 */
export class RecordingLrs {
  readonly received = new Map<string, number>();
  /** Milliseconds to wait before answering a POST. */
  delayMs = 0;
  posts = 0;
  private server: http.Server | undefined;
  port = 0;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/xapi/`;
  }

  async start(port = 0): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Statements that arrived more than once. */
  duplicates(): string[] {
    return [...this.received].filter(([, n]) => n > 1).map(([id]) => id);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/xapi/statements') {
      const id = url.searchParams.get('statementId') ?? '';
      res.writeHead(this.received.has(id) ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(this.received.has(id) ? { id } : { error: 'no such statement' }));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/xapi/statements') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { id: string }[] | { id: string };
    const statements = Array.isArray(body) ? body : [body];
    this.posts++;
    for (const s of statements) this.received.set(s.id, (this.received.get(s.id) ?? 0) + 1);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (res.destroyed) return;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(statements.map((s) => s.id)));
  }
}
