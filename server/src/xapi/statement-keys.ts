import { createHash } from 'node:crypto';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One string per Agent or identified Group (its inverse functional identifier), for indexing and matching. */
export function agentKey(agent: Obj): string {
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox.toLowerCase()}`;
  if (typeof agent.mbox_sha1sum === 'string') return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (isObj(agent.account)) return `account:${String(agent.account.homePage)}|${String(agent.account.name)}`;
  const members = Array.isArray(agent.member) ? agent.member.filter(isObj).map(agentKey).sort() : [];
  return `anon:${createHash('sha256').update(members.join('\n')).digest('hex').slice(0, 32)}`;
}

function agentsIn(value: unknown): string[] {
  if (!isObj(value)) return [];
  if (value.objectType !== 'Agent' && value.objectType !== 'Group' && value.objectType !== undefined) return [];
  if (
    value.objectType === undefined &&
    !('mbox' in value || 'mbox_sha1sum' in value || 'openid' in value || 'account' in value)
  )
    return [];
  const members = Array.isArray(value.member) ? value.member.flatMap(agentsIn) : [];
  return [agentKey(value), ...members];
}

function contextActivityIds(context: unknown): string[] {
  if (!isObj(context) || !isObj(context.contextActivities)) return [];
  return Object.values(context.contextActivities).flatMap((list) =>
    (Array.isArray(list) ? list : [list]).filter(isObj).map((a) => String(a.id)),
  );
}

export interface StatementKeys {
  actor: string;
  verbId: string;
  activityId: string | null;
  objectAgent: string | null;
  registration: string | null;
  relatedActivities: string[];
  relatedAgents: string[];
  /** The id a StatementRef object points to, lower case; null for any other object. */
  refTarget: string | null;
}

/** The values queries filter on, including those inside a SubStatement (for related_* queries). */
export function statementKeys(statement: Obj): StatementKeys {
  const object = statement.object as Obj;
  const type = object.objectType ?? 'Activity';
  const sub = type === 'SubStatement' ? object : undefined;
  const subObject = sub && isObj(sub.object) ? sub.object : undefined;
  const relatedActivities = new Set<string>([
    ...(type === 'Activity' ? [String(object.id)] : []),
    ...contextActivityIds(statement.context),
    ...(subObject && (subObject.objectType ?? 'Activity') === 'Activity' ? [String(subObject.id)] : []),
    ...(sub ? contextActivityIds(sub.context) : []),
  ]);
  const context = isObj(statement.context) ? statement.context : {};
  const subContext = sub && isObj(sub.context) ? sub.context : {};
  const relatedAgents = new Set<string>([
    ...agentsIn(statement.actor),
    ...agentsIn(object),
    ...agentsIn(statement.authority),
    ...agentsIn(context.instructor),
    ...agentsIn(context.team),
    ...(sub
      ? [
          ...agentsIn(sub.actor),
          ...agentsIn(subObject),
          ...agentsIn(subContext.instructor),
          ...agentsIn(subContext.team),
        ]
      : []),
  ]);
  return {
    actor: agentKey(statement.actor as Obj),
    verbId: String((statement.verb as Obj).id),
    activityId: type === 'Activity' ? String(object.id) : null,
    objectAgent: type === 'Agent' || type === 'Group' ? agentKey(object) : null,
    registration: typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
    relatedActivities: [...relatedActivities],
    relatedAgents: [...relatedAgents],
    refTarget: type === 'StatementRef' ? String(object.id).toLowerCase() : null,
  };
}

/** JSON with sorted keys, so that equal statements hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObj(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** What makes two posts of one statement id "the same statement": everything but what the LRS sets. */
export function contentHash(statement: Obj): string {
  const { stored: _s, authority: _a, version: _v, ...rest } = statement;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
