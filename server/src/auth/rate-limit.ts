import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { Request } from 'express';
import type { Db } from '../lib/db';
import { rateLimits } from '../lib/db/schema';
import { AppError } from '../lib/errors';

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
}

/** Counters in the database, so every replica of the app counts the same attempts. */
class DbRateLimitStore implements Store {
  private windowMs = 60_000;
  prefix: string;
  constructor(
    private readonly db: Db,
    prefix: string,
  ) {
    this.prefix = prefix;
  }
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const id = `${this.prefix}:${key}`;
    const resetAt = new Date(Date.now() + this.windowMs);
    const rows = await this.db
      .insert(rateLimits)
      .values({ key: id, hits: 1, resetAt })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          hits: sql`case when ${rateLimits.resetAt} <= now() then 1 else ${rateLimits.hits} + 1 end`,
          resetAt: sql`case when ${rateLimits.resetAt} <= now() then ${resetAt.toISOString()}::timestamptz else ${rateLimits.resetAt} end`,
        },
      })
      .returning();
    return { totalHits: rows[0].hits, resetTime: rows[0].resetAt };
  }
  async decrement(key: string): Promise<void> {
    await this.db
      .update(rateLimits)
      .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
      .where(eq(rateLimits.key, `${this.prefix}:${key}`));
  }
  async resetKey(key: string): Promise<void> {
    await this.db.delete(rateLimits).where(eq(rateLimits.key, `${this.prefix}:${key}`));
  }
}

export interface LimitRule {
  name: string;
  windowMinutes: number;
  max: number;
  /**
   * Per account (the email in the body), per client address, or per account from one address (so that
   * failures from one office network limit that network for that account, not everyone behind it), or
   * per signed-in account (`user`).
   */
  by: 'ip' | 'account' | 'ip-account' | 'device' | 'user';
  /** For `device`: the id of the device the request comes from. */
  device?: (req: Request) => string | undefined;
  /** Count only failures (sign-in), so the real owner signing in does not use up attempts. */
  failuresOnly?: boolean;
  /** Requests this rule does not count (e.g. from a device that signed in to the account before). */
  skip?: (req: Request) => boolean;
}

const emailOf = (req: Request) =>
  String((req.body as { email?: unknown })?.email ?? '')
    .trim()
    .toLowerCase();

/**
 * The stored key is a keyed hash (HMAC-SHA-256 with the server's secret) of the address and e-mail,
 * never the e-mail or address itself: the table holds nothing that names a person, and the hash cannot
 * be reversed by trying likely addresses without the secret.
 */
export const limitKey = (secret: string, parts: string[]) =>
  createHmac('sha256', secret).update(parts.join('\0')).digest('base64url');

export function limiter(db: Db, rule: LimitRule, secret: string) {
  return rateLimit({
    windowMs: rule.windowMinutes * 60_000,
    limit: rule.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: rule.failuresOnly ?? false,
    store: new DbRateLimitStore(db, rule.name),
    keyGenerator: (req: Request) => {
      const ip = ipKeyGenerator(req.ip ?? '0.0.0.0');
      const parts = {
        ip: [ip],
        account: [emailOf(req)],
        'ip-account': [ip, emailOf(req)],
        device: [rule.device?.(req) ?? '', emailOf(req)],
        user: [String((req.user as { id?: string } | undefined)?.id)],
      };
      return limitKey(secret, parts[rule.by]);
    },
    skip: (req: Request) =>
      (rule.by === 'user'
        ? !req.user
        : rule.by !== 'ip' && typeof (req.body as { email?: unknown })?.email !== 'string') ||
      Boolean(rule.skip?.(req)),
    handler: (req, _res, next, options) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const minutes = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 60_000),
      );
      next(
        new TooManyRequests(`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
          reason: 'rate_limited',
          retryAfterMinutes: minutes,
        }),
      );
    },
  });
}
