import { z } from 'zod';
import { LRS_SCOPES } from '../lib/db/schema';
import { isTimestamp, isUuid, validateStatement } from './validate';
import { agentKey } from './statement-keys';
import { jsonProblem } from '../lib/json-guard';

const bool = (name: string) =>
  z.enum(['true', 'false'], { message: `${name} must be true or false` }).transform((v) => v === 'true');
const iri = (name: string) => z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, `${name} must be an absolute IRI`);
const timestamp = (name: string) =>
  z
    .string()
    .refine((v) => isTimestamp(v), `${name} must be an ISO 8601 timestamp with a time zone (not -00:00)`)
    .transform((v) => new Date(v));

export const MAX_LIMIT = 500;

/** An Agent or Group given as JSON in a query parameter, turned into its identifier key. */
export const zAgentParam = z.string().transform((v, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'agent must be an Agent or Group as JSON' });
    return z.NEVER;
  }
  const unsafe = jsonProblem(parsed, 'agent');
  if (unsafe) {
    ctx.addIssue({ code: 'custom', message: unsafe });
    return z.NEVER;
  }
  const problems = validateStatement({
    actor: parsed,
    verb: { id: 'http://x.org/v' },
    object: { id: 'http://x.org/a' },
  }).filter((p) => p.startsWith('statement.actor'));
  if (problems.length) {
    ctx.addIssue({ code: 'custom', message: problems.join('; ').replaceAll('statement.actor', 'agent') });
    return z.NEVER;
  }
  return agentKey(parsed as Record<string, unknown>);
});

/** With statementId or voidedStatementId, the only other parameters allowed are attachments and format. */
const SINGLE_PARAMS = ['statementId', 'voidedStatementId', 'attachments', 'format'];

const ZStatementQueryParams = z
  .object({
    statementId: z.string().refine(isUuid, 'statementId must be a UUID').optional(),
    voidedStatementId: z.string().refine(isUuid, 'voidedStatementId must be a UUID').optional(),
    agent: zAgentParam.optional(),
    verb: iri('verb').optional(),
    activity: iri('activity').optional(),
    registration: z
      .string()
      .refine(isUuid, 'registration must be a UUID')
      .transform((v) => v.toLowerCase())
      .optional(),
    related_activities: bool('related_activities').default(false),
    related_agents: bool('related_agents').default(false),
    since: timestamp('since').optional(),
    until: timestamp('until').optional(),
    limit: z.coerce.number().int('limit must be a whole number').min(0, 'limit must be 0 or more').default(0),
    format: z
      .enum(['ids', 'exact', 'canonical'], { message: 'format must be ids, exact or canonical' })
      .default('exact'),
    attachments: bool('attachments').default(false),
    ascending: bool('ascending').default(false),
    cursor: z.coerce.number().int().min(0).optional(),
    through: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const ZStatementQuery = z
  .record(z.string(), z.unknown())
  .superRefine((q, ctx) => {
    if (q.statementId !== undefined && q.voidedStatementId !== undefined)
      ctx.addIssue({ code: 'custom', message: 'send statementId or voidedStatementId, not both' });
    else if (q.statementId !== undefined || q.voidedStatementId !== undefined) {
      const others = Object.keys(q).filter((k) => !SINGLE_PARAMS.includes(k));
      if (others.length)
        ctx.addIssue({
          code: 'custom',
          message: `with statementId or voidedStatementId, only format and attachments may be sent (not ${others.join(', ')})`,
        });
    }
  })
  .pipe(ZStatementQueryParams);

export const ZPutParams = z.object({ statementId: z.string().refine(isUuid, 'statementId must be a UUID') }).strict();

export const ZScopes = z
  .array(z.enum(LRS_SCOPES, { message: `scopes are ${LRS_SCOPES.join(', ')}` }))
  .min(1, 'give at least one scope');

const activityId = iri('activityId');
const docId = (name: string) => z.string().min(1, `${name} must not be empty`).max(500, `${name} is too long`);
const registration = z
  .string()
  .refine(isUuid, 'registration must be a UUID')
  .transform((v) => v.toLowerCase());

export const ZStateParams = z
  .object({
    activityId,
    agent: zAgentParam,
    registration: registration.optional(),
    stateId: docId('stateId').optional(),
    since: timestamp('since').optional(),
  })
  .strict();
export const ZActivityProfileParams = z
  .object({ activityId, profileId: docId('profileId').optional(), since: timestamp('since').optional() })
  .strict();
export const ZAgentProfileParams = z
  .object({ agent: zAgentParam, profileId: docId('profileId').optional(), since: timestamp('since').optional() })
  .strict();
export const ZActivityParams = z.object({ activityId }).strict();
