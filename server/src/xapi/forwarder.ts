import type { Logger } from 'pino';
import type { Db } from '../lib/db';
import { buildMultipart } from './multipart';
import * as outbox from './outbox-store';
import { findAttachments } from './store';

export interface ForwardTarget {
  endpoint: string;
  key: string;
  secret: string;
}

const BATCH = 50;
/** 5 s, 10 s, 20 s … up to an hour between tries: a remote that is down is not hammered. */
export const backoff = (attempts: number) => Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));

type Outcome = { kind: 'delivered' } | { kind: 'retry'; error: string } | { kind: 'refused'; error: string };

/**
 * Sends stored statements to the external LRS through the durable outbox. A batch the remote takes is
 * done; a refused batch is sent one by one so one bad statement never holds up the others. 409 means the
 * remote holds that id already: delivered. Other 4xx: a dead letter with the remote's reason. Network
 * errors and 5xx: tried again later, with back-off.
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

  private async send(statements: unknown[]): Promise<Outcome> {
    const { contentType, body } = await this.body(statements);
    let res: Response;
    try {
      res = await fetch(new URL('statements', this.target.endpoint), {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
          'X-Experience-API-Version': '1.0.3',
          Authorization: `Basic ${Buffer.from(`${this.target.key}:${this.target.secret}`).toString('base64')}`,
        },
        body,
        signal: AbortSignal.timeout(15_000),
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
    for (;;) {
      const rows = await outbox.due(this.db, BATCH);
      if (!rows.length) return deliveredCount;
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
