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
  /** Per account: the email in the body; per user: the signed-in account; otherwise per client address. */
  by: 'ip' | 'account' | 'user';
  /** Count only failures (sign-in), so the real owner signing in does not use up attempts. */
  failuresOnly?: boolean;
}

export function limiter(db: Db, rule: LimitRule) {
  return rateLimit({
    windowMs: rule.windowMinutes * 60_000,
    limit: rule.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: rule.failuresOnly ?? false,
    store: new DbRateLimitStore(db, rule.name),
    keyGenerator: (req: Request) =>
      rule.by === 'user'
        ? String((req.user as { id?: string } | undefined)?.id)
        : rule.by === 'account'
          ? String((req.body as { email?: unknown })?.email ?? '')
              .trim()
              .toLowerCase()
          : ipKeyGenerator(req.ip ?? '0.0.0.0'),
    skip: (req: Request) =>
      rule.by === 'user'
        ? !req.user
        : rule.by === 'account' && typeof (req.body as { email?: unknown })?.email !== 'string',
    handler: (req, _res, next, options) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const minutes = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 60_000),
      );
      next(
        new TooManyRequests(`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
          retryAfterMinutes: minutes,
        }),
      );
    },
  });
}
