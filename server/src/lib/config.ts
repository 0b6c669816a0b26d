import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Express's `trust proxy` names, or an IPv4/IPv6 address with an optional /prefix. */
const TRUST_PROXY_ITEM = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i;

const ZEnv = z.object({
  PORT: z.coerce
    .number({ message: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(1, 'must be a whole number between 1 and 65535')
    .max(65535, 'must be a whole number between 1 and 65535')
    .default(3000),
  PUBLIC_URL: z
    .string()
    .url('must be an absolute http(s) URL such as https://atrium.example.org')
    .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
    .optional(),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => /^postgres(ql)?:\/\//.test(v),
      'must be a PostgreSQL URL such as postgres://user@host:5432/atrium (leave it unset to use the embedded database)',
    )
    .optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('data'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  COURSES_DIR: z.string().min(1, 'must not be empty').default('courses'),
  SMTP_URL: z
    .string()
    .refine(
      (v) => /^smtps?:\/\//.test(v),
      'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@mail.example.org',
    )
    .optional(),
  MAIL_FROM: z
    .string()
    .min(3, 'must be an address such as "Atrium <atrium@example.org>"')
    .default('Atrium <atrium@localhost>'),
  OIDC_ISSUER: z.string().url('must be the issuer URL of your OpenID Connect provider').optional(),
  OIDC_CLIENT_ID: z.string().min(1, 'must not be empty').optional(),
  OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty').optional(),
  LRS_FORWARD_ENDPOINT: z
    .string()
    .url('must be the URL of the external LRS, such as https://lrs.example.org/xapi/')
    .optional(),
  LRS_FORWARD_KEY: z.string().min(1, 'must not be empty').optional(),
  LRS_FORWARD_SECRET: z.string().min(1, 'must not be empty').optional(),
  LRS_FORWARD_TIMEOUT_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds between 0.1 and 300' })
    .min(0.1, 'must be a number of seconds between 0.1 and 300')
    .max(300, 'must be a number of seconds between 0.1 and 300')
    .default(15),
  TRUST_PROXY: z
    .string()
    .refine(
      (v) => /^\d+$/.test(v) || v.split(',').every((p) => TRUST_PROXY_ITEM.test(p.trim())),
      'must be a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses or CIDR ranges (e.g. "uniquelocal" behind the compose file\'s Caddy)',
    )
    .default('loopback'),
  METRICS_PORT: z.coerce
    .number({ message: 'must be a whole number between 1 and 65535 (leave it unset for no metrics)' })
    .int('must be a whole number between 1 and 65535 (leave it unset for no metrics)')
    .min(1, 'must be a whole number between 1 and 65535 (leave it unset for no metrics)')
    .max(65535, 'must be a whole number between 1 and 65535 (leave it unset for no metrics)')
    .optional(),
  STATEMENTS_PARTITIONED: z
    .enum(['month'], { message: 'must be "month" (leave it unset for one statements table)' })
    .optional(),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (leave it unset to have one generated)')
    .optional(),
});

export interface Config {
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  coursesDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where mails go when no SMTP server is set, so a local user can still open the links. */
  mailDir: string;
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  sessionSecret: string | undefined;
  /** Every stored statement is also sent to this external LRS, when set. */
  lrsForward: { endpoint: string; key: string; secret: string; timeoutMs: number } | undefined;
  /** Express's `trust proxy`: which hops may set X-Forwarded-For/-Proto (the client's address, https). */
  trustProxy: string | number;
  /** Prometheus metrics are served on this port (GET /metrics), apart from the public one; unset: none. */
  metricsPort: number | undefined;
  /** PostgreSQL only: the statements table partitioned by the month stored (docs/operations.md). */
  statementsPartitioned: 'month' | undefined;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once, at start-up; nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = ZEnv.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const oidcVars = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean))
    throw new ConfigError([
      'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together (or none of them)',
    ]);
  if (e.STATEMENTS_PARTITIONED && !e.DATABASE_URL)
    throw new ConfigError([
      'STATEMENTS_PARTITIONED needs PostgreSQL (DATABASE_URL): the embedded database keeps one statements table',
    ]);
  const forwardVars = [e.LRS_FORWARD_ENDPOINT, e.LRS_FORWARD_KEY, e.LRS_FORWARD_SECRET];
  if (forwardVars.some(Boolean) && !forwardVars.every(Boolean))
    throw new ConfigError([
      'LRS_FORWARD_ENDPOINT, LRS_FORWARD_KEY and LRS_FORWARD_SECRET must be set together (or none of them)',
    ]);
  return {
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    coursesDir: path.resolve(e.COURSES_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailDir: path.resolve(e.DATA_DIR, 'mail'),
    oidc: e.OIDC_ISSUER
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! }
      : undefined,
    sessionSecret: e.SESSION_SECRET,
    lrsForward: e.LRS_FORWARD_ENDPOINT
      ? {
          endpoint: e.LRS_FORWARD_ENDPOINT.replace(/\/?$/, '/'),
          key: e.LRS_FORWARD_KEY!,
          secret: e.LRS_FORWARD_SECRET!,
          timeoutMs: Math.round(e.LRS_FORWARD_TIMEOUT_SECONDS * 1000),
        }
      : undefined,
    metricsPort: e.METRICS_PORT,
    statementsPartitioned: e.STATEMENTS_PARTITIONED,
    trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
  };
}
