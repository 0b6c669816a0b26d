import type { Logger } from 'pino';
import type { Db } from '../lib/db';
import { buildMultipart } from './multipart';
import * as outbox from './outbox-store';
import { findAttachments } from './store';

export interface ForwardTarget {
  endpoint: string;
  key: string;
  secret: string;
  /** How long one request to the external LRS may take (LRS_FORWARD_TIMEOUT_SECONDS); 15 s if not given. */
  timeoutMs?: number;
}

const BATCH = 50;
const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * A lease outlasts any request made under it: it is renewed before each request, and runs for twice the
 * time-out plus 30 s (for the database work around the request), so a slow remote never lets another
 * replica take the same rows while this one is still waiting for an answer.
 */
export const leaseFor = (timeoutMs: number) => 2 * timeoutMs + 30_000;
/** 5 s, 10 s, 20 s … up to an hour between tries: a remote that is down is not hammered. */
export const backoff = (attempts: number) => Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));

type Outcome = { kind: 'delivered' } | { kind: 'retry'; error: string } | { kind: 'refused'; error: string };

/**
 * Sends stored statements to the external LRS through the durable outbox. A batch the remote takes is
 * done; a refused batch is sent one by one so one bad statement never holds up the others. 409 means the
 * remote holds that id already: delivered. Other 4xx: a dead letter with the remote's reason. Network
 * errors, time-outs and 5xx: tried again later, with back-off, after asking the remote whether it stored
 * them anyway. Rows are leased from the outbox, so any number of replicas can run a forwarder on one
 * database and each statement is sent by one of them.
 */
export class Forwarder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    private readonly target: ForwardTarget,
    private readonly logger?: Logger,
  ) {}

  /** JSON, or multipart/mixed with the attachment bodies when the statements carry some we hold. */
  private async body(statements: unknown[]): Promise<{ contentType: string; body: Uint8Array<ArrayBuffer> | string }> {
    const sha2s = statements.flatMap((s) => {
      const list = (s as { attachments?: { sha2?: unknown; fileUrl?: unknown }[] }).attachments ?? [];
      return list.filter((a) => a.fileUrl === undefined).map((a) => String(a.sha2).toLowerCase());
    });
    const json = JSON.stringify(statements);
    const parts = await findAttachments(this.db, [...new Set(sha2s)]);
    if (!parts.length) return { contentType: 'application/json', body: json };
    const { boundary, body } = buildMultipart([
      { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(json) },
      ...parts.map((p) => ({
        headers: {
          'Content-Type': p.contentType,
          'Content-Transfer-Encoding': 'binary',
          'X-Experience-API-Hash': p.sha2,
        },
        body: p.content,
      })),
    ]);
    return { contentType: `multipart/mixed; boundary=${boundary}`, body: new Uint8Array(body) };
  }

  private get timeoutMs(): number {
    return this.target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private get authorization(): string {
    return `Basic ${Buffer.from(`${this.target.key}:${this.target.secret}`).toString('base64')}`;
  }

  /**
   * Whether the remote holds a statement already. Asked before sending again a statement whose earlier
   * try failed: a request that timed out or failed with a 5xx may have been stored all the same. Any
   * answer but 200 or 404 (no read scope, an error) means "unknown", and the statement is sent.
   */
  private async remoteHolds(id: string): Promise<boolean> {
    try {
      const url = new URL('statements', this.target.endpoint);
      url.searchParams.set('statementId', id);
      const res = await fetch(url, {
        headers: { 'X-Experience-API-Version': '1.0.3', Authorization: this.authorization },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status === 200;
    } catch {
      return false;
    }
  }

  private async send(statements: unknown[]): Promise<Outcome> {
    const { contentType, body } = await this.body(statements);
    let res: Response;
    try {
      res = await fetch(new URL('statements', this.target.endpoint), {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
          'X-Experience-API-Version': '1.0.3',
          Authorization: this.authorization,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      return { kind: 'retry', error: `could not reach the external LRS: ${(err as Error).message}` };
    }
    const text = await res.text().catch(() => '');
    // 409 for one statement: the remote holds that id already. For a batch it may be any one of them.
    if (res.ok || (res.status === 409 && statements.length === 1)) return { kind: 'delivered' };
    const reason = `${res.status} ${text.slice(0, 500)}`;
    return res.status >= 500 || res.status === 429
      ? { kind: 'retry', error: reason }
      : { kind: 'refused', error: reason };
  }

  /** One pass over what is due; returns how many statements were delivered. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    let deliveredCount = 0;
    const leaseMs = leaseFor(this.timeoutMs);
    for (;;) {
      const leased = await outbox.lease(this.db, BATCH, leaseMs);
      if (!leased.length) return deliveredCount;
      // Tried before: the remote may hold some already (an answer lost to a time-out, say).
      const held: string[] = [];
      for (const row of leased.filter((r) => r.attempts > 0)) {
        await outbox.renew(this.db, [row.statementId], leaseMs);
        if (await this.remoteHolds(row.statementId)) held.push(row.statementId);
      }
      if (held.length) {
        await outbox.delivered(this.db, held);
        deliveredCount += held.length;
      }
      const rows = leased.filter((r) => !held.includes(r.statementId));
      if (!rows.length) continue;
      await outbox.renew(
        this.db,
        rows.map((r) => r.statementId),
        leaseMs,
      );
      const batch = await this.send(rows.map((r) => r.statement));
      if (batch.kind === 'delivered') {
        await outbox.delivered(
          this.db,
          rows.map((r) => r.statementId),
        );
        deliveredCount += rows.length;
        continue;
      }
      if (batch.kind === 'retry') {
        for (const row of rows)
          await outbox.retryLater(this.db, row.statementId, row.attempts + 1, batch.error, backoff(row.attempts + 1));
        return deliveredCount;
      }
      for (const row of rows) {
        if (rows.length > 1) await outbox.renew(this.db, [row.statementId], leaseMs);
        const one = rows.length === 1 ? batch : await this.send([row.statement]);
        const attempts = row.attempts + 1;
        if (one.kind === 'delivered') {
          await outbox.delivered(this.db, [row.statementId]);
          deliveredCount++;
        } else if (one.kind === 'refused') {
          await outbox.deadLetter(this.db, row.statementId, attempts, one.error);
          this.logger?.warn({ statement: row.statementId, reason: one.error }, 'external LRS refused a statement');
        } else {
          await outbox.retryLater(this.db, row.statementId, attempts, one.error, backoff(attempts));
        }
      }
    }
  }

  start(intervalMs = 2000): void {
    const tick = () => {
      this.runOnce()
        .catch((err: unknown) => this.logger?.error({ err }, 'forwarding failed'))
        .finally(() => (this.timer = setTimeout(tick, intervalMs)));
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }
}
