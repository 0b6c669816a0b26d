import { canonicalJson } from './statement-keys';

/**
 * Statement comparison (xAPI 1.0.3 Data §2.3.1, "Statement Comparison Requirements"): differences the
 * immutability exceptions allow are ignored, every other difference counts. Ignored: the properties
 * the LRS may set (id when either side lacks it, authority, stored, version, timestamp when either side
 * lacks it), attachments, Activity definitions, Verb display, how a timestamp is written (compared as
 * an instant), precision of a duration beyond hundredths of a second, the order of Group members, the case of UUIDs and of e-mail domains, and objectType
 * where it may be left out (Activity as object, Agent).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function agent(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = { ...v, objectType: v.objectType ?? 'Agent' };
  if (typeof v.mbox === 'string') {
    const at = v.mbox.lastIndexOf('@');
    out.mbox = at < 0 ? v.mbox : v.mbox.slice(0, at) + v.mbox.slice(at).toLowerCase();
  }
  if (typeof v.mbox_sha1sum === 'string') out.mbox_sha1sum = v.mbox_sha1sum.toLowerCase();
  if (Array.isArray(v.member)) out.member = v.member.map(agent).sort((a, b) => cmp(canonicalJson(a), canonicalJson(b)));
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function activity(v: unknown): unknown {
  if (!isObj(v)) return v;
  const { definition: _definition, ...rest } = v;
  return { ...rest, objectType: 'Activity' };
}

function object(v: unknown): unknown {
  if (!isObj(v)) return v;
  switch (v.objectType ?? 'Activity') {
    case 'Activity':
      return activity(v);
    case 'Agent':
    case 'Group':
      return agent(v);
    case 'StatementRef':
      return { ...v, id: typeof v.id === 'string' ? v.id.toLowerCase() : v.id };
    case 'SubStatement':
      return body(v);
    default:
      return v;
  }
}

function context(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = { ...v };
  if (typeof v.registration === 'string') out.registration = v.registration.toLowerCase();
  if (v.instructor !== undefined) out.instructor = agent(v.instructor);
  if (v.team !== undefined) out.team = agent(v.team);
  if (isObj(v.statement) && typeof v.statement.id === 'string')
    out.statement = { ...v.statement, objectType: 'StatementRef', id: v.statement.id.toLowerCase() };
  if (isObj(v.contextActivities))
    out.contextActivities = Object.fromEntries(
      Object.entries(v.contextActivities).map(([k, list]) => [k, (Array.isArray(list) ? list : [list]).map(activity)]),
    );
  for (const [k, member] of [
    ['contextAgents', 'agent'],
    ['contextGroups', 'group'],
  ] as const)
    if (Array.isArray(v[k])) out[k] = v[k].map((x) => (isObj(x) ? { ...x, [member]: agent(x[member]) } : x));
  return out;
}

/** A duration with its seconds cut to hundredths: finer precision is not compared (xAPI 2.0 4.2.7). */
function duration(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return v.replace(/(\d+)(?:\.(\d*))?S$/, (_all, whole: string, fraction = '') => {
    const hundredths = fraction.slice(0, 2).replace(/0+$/, '');
    return `${Number(whole)}${hundredths ? `.${hundredths}` : ''}S`;
  });
}

function body(v: Obj): Obj {
  const { id: _i, authority: _a, stored: _s, version: _v, timestamp: _t, attachments: _at, ...rest } = v;
  const out: Obj = { ...rest, actor: agent(v.actor), object: object(v.object) };
  if (isObj(v.verb)) out.verb = { id: v.verb.id };
  if (v.context !== undefined) out.context = context(v.context);
  if (isObj(v.result) && v.result.duration !== undefined)
    out.result = { ...v.result, duration: duration(v.result.duration) };
  return out;
}

/** Returns undefined when the two statements match, else the first property that differs. */
export function statementDifference(original: Obj, received: Obj): string | undefined {
  if (typeof original.id === 'string' && typeof received.id === 'string')
    if (original.id.toLowerCase() !== received.id.toLowerCase()) return 'id';
  if (original.timestamp !== undefined && received.timestamp !== undefined) {
    const instant = (t: unknown) => (typeof t === 'string' ? Date.parse(t.replace(' ', 'T')) : NaN);
    if (instant(original.timestamp) !== instant(received.timestamp)) return 'timestamp';
  }
  const a = body(original);
  const b = body(received);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (canonicalJson(a[key]) !== canonicalJson(b[key])) return key;
  return undefined;
}
