/**
 * xAPI statement validation (1.0.3 and 2.0): every rule that fails is reported with the property
 * path and what the rule is, e.g. `statement.actor.mbox: must be a mailto: IRI`.
 */
type Json = unknown;
type Obj = Record<string, Json>;
export type Problems = string[];
/** The API version a request speaks (X-Experience-API-Version): some rules differ between them. */
export type XapiVersion = '1.0.3' | '2.0.0';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const LANG_TAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wy-z\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$|^x(?:-[a-z\d]{1,8})+$|^und$/i;
/** RFC 5646's grandfathered tags whose shape the syntax above does not cover. */
const GRANDFATHERED = new Set(
  'en-gb-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn i-tao i-tay i-tsu sgn-be-fr sgn-be-nl sgn-ch-de'.split(
    ' ',
  ),
);
const isLanguageTag = (tag: string) => LANG_TAG.test(tag) || GRANDFATHERED.has(tag.toLowerCase());
const MBOX = /^mailto:[^@\s]+@[^@\s]+$/i;
const SHA1 = /^[0-9a-f]{40}$/i;
/** ISO 8601 durations: weeks stand alone (PnW); the other units do not mix with them. */
const DURATION =
  /^P(?:\d+(?:\.\d+)?W|(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;
/** xAPI 2.0 takes RFC 3339 timestamps, which may separate date and time with a space. */
const TIMESTAMP_2 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;
/** -00:00 is RFC 3339's "local offset unknown": such a time names no instant, so it is refused. */
const UNKNOWN_OFFSET = /-00:?00$/;
const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
];

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const FIELDS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

/** A real calendar date and time of day: no 30 February, no hour 24, no year 0000. */
function isCalendarTime(v: string): boolean {
  const m = FIELDS.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offH, offM] = m.slice(1).map((x) => Number(x ?? 0));
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leap(year) ? 1 : 0);
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offH <= 23 &&
    offM <= 59
  );
}
const PARTS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(?:Z|([+-]\d{2}):?(\d{2}))$/i;

/**
 * The same instant written in UTC with a Z, keeping every digit of the fraction of a second (xAPI 2.0
 * 4.2.7: the LRS converts Timestamps to UTC). Expects a timestamp that passed validation.
 */
export function inUtc(timestamp: string): string {
  const m = PARTS.exec(timestamp);
  if (!m || (m[4] === undefined && timestamp[10] === 'T' && timestamp.endsWith('Z'))) return timestamp;
  const instant = new Date(`${m[1]}T${m[2]}${m[4] === undefined ? 'Z' : `${m[4]}:${m[5]}`}`);
  const iso = instant.toISOString();
  return iso.length === 24 ? `${iso.slice(0, 19)}${m[3] ?? ''}Z` : timestamp;
}
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export const isTimestamp = (v: unknown, version: XapiVersion = '1.0.3'): v is string =>
  typeof v === 'string' &&
  (version === '2.0.0' ? TIMESTAMP_2 : TIMESTAMP).test(v) &&
  !UNKNOWN_OFFSET.test(v) &&
  isCalendarTime(v) &&
  !Number.isNaN(Date.parse(v.replace(' ', 'T')));
const TIMESTAMP_RULE = (version: XapiVersion) =>
  `must be an ${version === '2.0.0' ? 'RFC 3339' : 'ISO 8601'} timestamp with a time zone other than -00:00, such as 2024-05-01T10:00:00Z`;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  problems: Problems = [];
  constructor(readonly version: XapiVersion) {}
  add(path: string, rule: string) {
    this.problems.push(`${path}: ${rule}`);
  }
  keys(o: Obj, path: string, allowed: string[]) {
    for (const key of Object.keys(o))
      if (!allowed.includes(key))
        this.add(`${path}.${key}`, `is not a property of this object (allowed: ${allowed.join(', ')})`);
  }
  object(v: unknown, path: string): v is Obj {
    if (isObj(v)) return true;
    this.add(path, 'must be a JSON object');
    return false;
  }
  string(v: unknown, path: string): boolean {
    if (typeof v === 'string') return true;
    this.add(path, 'must be a string');
    return false;
  }
  iri(v: unknown, path: string) {
    if (typeof v !== 'string' || !IRI.test(v))
      this.add(path, 'must be an absolute IRI such as http://example.org/verbs/did');
  }
  langMap(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    for (const [tag, text] of Object.entries(v)) {
      if (!isLanguageTag(tag))
        this.add(`${path}.${tag}`, 'language map keys must be RFC 5646 language tags such as en-US');
      if (typeof text !== 'string') this.add(`${path}.${tag}`, 'language map values must be strings');
    }
  }
  extensions(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    for (const key of Object.keys(v)) this.iri(key, `${path}[${JSON.stringify(key)}]`);
  }
  boolean(v: unknown, path: string) {
    if (typeof v !== 'boolean') this.add(path, 'must be true or false');
  }

  agent(v: unknown, path: string, asGroupMember = false) {
    if (!this.object(v, path)) return;
    if (v.objectType === 'Group') {
      if (asGroupMember) this.add(`${path}.objectType`, 'a Group member must be an Agent, not a Group');
      else this.group(v, path);
      return;
    }
    if (v.objectType !== undefined && v.objectType !== 'Agent')
      this.add(`${path}.objectType`, 'must be "Agent" or "Group"');
    this.keys(v, path, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
    if (v.name !== undefined) this.string(v.name, `${path}.name`);
    const count = this.ifi(v, path);
    if (count !== 1)
      this.add(
        path,
        `an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account); it has ${count}`,
      );
  }

  group(v: Obj, path: string) {
    this.keys(v, path, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account', 'member']);
    if (v.name !== undefined) this.string(v.name, `${path}.name`);
    const count = this.ifi(v, path);
    if (count > 1) this.add(path, `a Group may have at most one inverse functional identifier; it has ${count}`);
    if (v.member !== undefined) {
      if (!Array.isArray(v.member)) this.add(`${path}.member`, 'must be an array of Agents');
      else v.member.forEach((m, i) => this.agent(m, `${path}.member[${i}]`, true));
    }
    if (count === 0 && (!Array.isArray(v.member) || v.member.length === 0))
      this.add(`${path}.member`, 'an anonymous Group (without identifier) must list its members');
  }

  /** An Agent, or (for an OAuth consumer and its user) an anonymous Group of exactly two Agents. */
  authority(v: unknown, path: string) {
    this.agent(v, path);
    if (!isObj(v) || v.objectType !== 'Group') return;
    if (['mbox', 'mbox_sha1sum', 'openid', 'account'].some((k) => v[k] !== undefined))
      this.add(path, 'an authority that is a Group must be an anonymous Group (without identifier)');
    if (!Array.isArray(v.member) || v.member.length !== 2)
      this.add(
        `${path}.member`,
        `an authority that is a Group must have exactly two Agents (an OAuth consumer and a user); it has ${Array.isArray(v.member) ? v.member.length : 0}`,
      );
  }

  ifi(v: Obj, path: string): number {
    let count = 0;
    if (v.mbox !== undefined) {
      count++;
      if (typeof v.mbox !== 'string' || !MBOX.test(v.mbox))
        this.add(`${path}.mbox`, 'must be a mailto: IRI such as mailto:name@example.org');
    }
    if (v.mbox_sha1sum !== undefined) {
      count++;
      if (typeof v.mbox_sha1sum !== 'string' || !SHA1.test(v.mbox_sha1sum))
        this.add(`${path}.mbox_sha1sum`, 'must be 40 hexadecimal digits (SHA-1 of the mailto: IRI)');
    }
    if (v.openid !== undefined) {
      count++;
      this.iri(v.openid, `${path}.openid`);
    }
    if (v.account !== undefined) {
      count++;
      if (this.object(v.account, `${path}.account`)) {
        this.keys(v.account, `${path}.account`, ['homePage', 'name']);
        this.iri(v.account.homePage, `${path}.account.homePage`);
        if (typeof v.account.name !== 'string' || v.account.name === '')
          this.add(`${path}.account.name`, 'must be a non-empty string');
      }
    }
    return count;
  }

  verb(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    this.keys(v, path, ['id', 'display']);
    this.iri(v.id, `${path}.id`);
    if (v.display !== undefined) this.langMap(v.display, `${path}.display`);
  }

  activity(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    this.keys(v, path, ['objectType', 'id', 'definition']);
    if (v.objectType !== undefined && v.objectType !== 'Activity') this.add(`${path}.objectType`, 'must be "Activity"');
    this.iri(v.id, `${path}.id`);
    if (v.definition !== undefined) this.definition(v.definition, `${path}.definition`);
  }

  definition(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    const components = ['choices', 'scale', 'source', 'target', 'steps'];
    this.keys(v, path, [
      'name',
      'description',
      'type',
      'moreInfo',
      'extensions',
      'interactionType',
      'correctResponsesPattern',
      ...components,
    ]);
    if (v.name !== undefined) this.langMap(v.name, `${path}.name`);
    if (v.description !== undefined) this.langMap(v.description, `${path}.description`);
    if (v.type !== undefined) this.iri(v.type, `${path}.type`);
    if (v.moreInfo !== undefined) this.iri(v.moreInfo, `${path}.moreInfo`);
    if (v.extensions !== undefined) this.extensions(v.extensions, `${path}.extensions`);
    if (v.interactionType !== undefined && !INTERACTION_TYPES.includes(v.interactionType as string))
      this.add(`${path}.interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
    if (v.correctResponsesPattern !== undefined && v.interactionType === undefined)
      this.add(`${path}.correctResponsesPattern`, "an interaction's correctResponsesPattern needs an interactionType");
    if (
      v.correctResponsesPattern !== undefined &&
      (!Array.isArray(v.correctResponsesPattern) || v.correctResponsesPattern.some((p) => typeof p !== 'string'))
    )
      this.add(`${path}.correctResponsesPattern`, 'must be an array of strings');
    for (const c of components) {
      if (v[c] === undefined) continue;
      if (v.interactionType === undefined) this.add(`${path}.${c}`, 'interaction components need an interactionType');
      if (!Array.isArray(v[c])) {
        this.add(`${path}.${c}`, 'must be an array of interaction components');
        continue;
      }
      (v[c] as unknown[]).forEach((item, i) => {
        if (!this.object(item, `${path}.${c}[${i}]`)) return;
        this.keys(item, `${path}.${c}[${i}]`, ['id', 'description']);
        if (typeof item.id !== 'string' || item.id === '')
          this.add(`${path}.${c}[${i}].id`, 'must be a non-empty string');
        if (item.description !== undefined) this.langMap(item.description, `${path}.${c}[${i}].description`);
      });
    }
  }

  object_(v: unknown, path: string, inSubStatement: boolean) {
    if (!this.object(v, path)) return;
    switch (v.objectType ?? 'Activity') {
      case 'Activity':
        return this.activity(v, path);
      case 'Agent':
      case 'Group':
        return this.agent(v, path);
      case 'StatementRef':
        this.keys(v, path, ['objectType', 'id']);
        if (!isUuid(v.id)) this.add(`${path}.id`, 'must be a UUID');
        return;
      case 'SubStatement':
        if (inSubStatement) this.add(`${path}.objectType`, 'a SubStatement cannot contain another SubStatement');
        return this.statementBody(v, path, true);
      default:
        this.add(`${path}.objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
    }
  }

  result(v: unknown, path: string) {
    if (!this.object(v, path)) return;
    this.keys(v, path, ['score', 'success', 'completion', 'response', 'duration', 'extensions']);
    if (v.score !== undefined && this.object(v.score, `${path}.score`)) {
      const s = v.score;
      this.keys(s, `${path}.score`, ['scaled', 'raw', 'min', 'max']);
      for (const k of ['scaled', 'raw', 'min', 'max'])
        if (s[k] !== undefined && typeof s[k] !== 'number') this.add(`${path}.score.${k}`, 'must be a number');
      if (typeof s.scaled === 'number' && (s.scaled < -1 || s.scaled > 1))
        this.add(`${path}.score.scaled`, 'must be between -1 and 1');
      if (typeof s.min === 'number' && typeof s.max === 'number' && s.min > s.max)
        this.add(`${path}.score.min`, 'must not be greater than max');
      if (
        typeof s.raw === 'number' &&
        ((typeof s.min === 'number' && s.raw < s.min) || (typeof s.max === 'number' && s.raw > s.max))
      )
        this.add(`${path}.score.raw`, 'must lie between min and max');
    }
    if (v.success !== undefined) this.boolean(v.success, `${path}.success`);
    if (v.completion !== undefined) this.boolean(v.completion, `${path}.completion`);
    if (v.response !== undefined) this.string(v.response, `${path}.response`);
    if (v.duration !== undefined && (typeof v.duration !== 'string' || !DURATION.test(v.duration)))
      this.add(`${path}.duration`, 'must be an ISO 8601 duration such as PT1H30M');
    if (v.extensions !== undefined) this.extensions(v.extensions, `${path}.extensions`);
  }

  context(v: unknown, path: string, objectIsActivity: boolean) {
    if (!this.object(v, path)) return;
    this.keys(v, path, [
      'registration',
      'instructor',
      'team',
      'contextActivities',
      'revision',
      'platform',
      'language',
      'statement',
      'extensions',
      ...(this.version === '2.0.0' ? ['contextAgents', 'contextGroups'] : []),
    ]);
    for (const k of ['contextAgents', 'contextGroups'])
      if (v[k] !== undefined && this.version !== '2.0.0')
        this.add(`${path}.${k}`, 'is a property of xAPI 2.0 only: send X-Experience-API-Version: 2.0.0');
      else if (v[k] !== undefined) this.contextActors(v[k], `${path}.${k}`, k === 'contextAgents');
    if (v.registration !== undefined && !isUuid(v.registration)) this.add(`${path}.registration`, 'must be a UUID');
    if (v.instructor !== undefined) this.agent(v.instructor, `${path}.instructor`);
    if (v.team !== undefined) {
      if (isObj(v.team) && v.team.objectType !== 'Group') this.add(`${path}.team`, 'must be a Group');
      else this.agent(v.team, `${path}.team`);
    }
    if (v.contextActivities !== undefined && this.object(v.contextActivities, `${path}.contextActivities`)) {
      const ca = v.contextActivities;
      this.keys(ca, `${path}.contextActivities`, ['parent', 'grouping', 'category', 'other']);
      for (const [k, list] of Object.entries(ca)) {
        const items = Array.isArray(list) ? list : [list];
        items.forEach((a, i) => this.activity(a, `${path}.contextActivities.${k}[${i}]`));
      }
    }
    for (const k of ['revision', 'platform'])
      if (v[k] !== undefined) {
        this.string(v[k], `${path}.${k}`);
        if (!objectIsActivity) this.add(`${path}.${k}`, 'may only be used when the object is an Activity');
      }
    if (v.language !== undefined && (typeof v.language !== 'string' || !isLanguageTag(v.language)))
      this.add(`${path}.language`, 'must be an RFC 5646 language tag such as it or de-AT');
    if (v.statement !== undefined)
      this.object_(
        { objectType: 'StatementRef', ...(isObj(v.statement) ? v.statement : {}) },
        `${path}.statement`,
        false,
      );
    if (v.extensions !== undefined) this.extensions(v.extensions, `${path}.extensions`);
  }

  /** xAPI 2.0 contextAgents / contextGroups: who else took part, with what role (relevantTypes). */
  contextActors(v: unknown, path: string, agents: boolean) {
    if (!Array.isArray(v))
      return this.add(path, `must be an array of ${agents ? 'contextAgent' : 'contextGroup'} objects`);
    const [type, member] = agents ? ['contextAgent', 'agent'] : ['contextGroup', 'group'];
    v.forEach((item, i) => {
      const p = `${path}[${i}]`;
      if (!this.object(item, p)) return;
      this.keys(item, p, ['objectType', member, 'relevantTypes']);
      if (item.objectType !== type) this.add(`${p}.objectType`, `must be "${type}"`);
      if (item[member] === undefined) this.add(`${p}.${member}`, 'is required');
      else if (agents) {
        if (isObj(item.agent) && item.agent.objectType === 'Group')
          this.add(`${p}.agent`, 'must be an Agent, not a Group');
        else this.agent(item.agent, `${p}.agent`);
      } else if (isObj(item.group) && item.group.objectType !== 'Group') this.add(`${p}.group`, 'must be a Group');
      else this.agent(item.group, `${p}.group`);
      if (item.relevantTypes !== undefined) {
        if (!Array.isArray(item.relevantTypes) || item.relevantTypes.length === 0)
          this.add(`${p}.relevantTypes`, 'must be a non-empty array of IRIs');
        else item.relevantTypes.forEach((t, j) => this.iri(t, `${p}.relevantTypes[${j}]`));
      }
    });
  }

  statementBody(v: Obj, path: string, sub: boolean) {
    const allowed = ['actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];
    this.keys(v, path, sub ? ['objectType', ...allowed] : ['id', 'stored', 'authority', 'version', ...allowed]);
    if (v.actor === undefined) this.add(`${path}.actor`, 'is required');
    else this.agent(v.actor, `${path}.actor`);
    if (v.verb === undefined) this.add(`${path}.verb`, 'is required');
    else this.verb(v.verb, `${path}.verb`);
    if (v.object === undefined) this.add(`${path}.object`, 'is required');
    else this.object_(v.object, `${path}.object`, sub);
    if (v.result !== undefined) this.result(v.result, `${path}.result`);
    const objectIsActivity = isObj(v.object) && (v.object.objectType ?? 'Activity') === 'Activity';
    if (v.context !== undefined) this.context(v.context, `${path}.context`, objectIsActivity);
    if (v.timestamp !== undefined && !isTimestamp(v.timestamp, this.version))
      this.add(`${path}.timestamp`, TIMESTAMP_RULE(this.version));
    if (v.attachments !== undefined) {
      if (!Array.isArray(v.attachments)) this.add(`${path}.attachments`, 'must be an array');
      else
        v.attachments.forEach((a, i) => {
          const p = `${path}.attachments[${i}]`;
          if (!this.object(a, p)) return;
          this.keys(a, p, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl']);
          this.iri(a.usageType, `${p}.usageType`);
          this.langMap(a.display, `${p}.display`);
          if (a.description !== undefined) this.langMap(a.description, `${p}.description`);
          this.string(a.contentType, `${p}.contentType`);
          if (!Number.isInteger(a.length) || (a.length as number) < 0)
            this.add(`${p}.length`, 'must be a whole number of bytes');
          if (typeof a.sha2 !== 'string' || !/^[0-9a-f]{56,128}$/i.test(a.sha2))
            this.add(`${p}.sha2`, 'must be a SHA-2 hash in hexadecimal');
          if (a.fileUrl !== undefined) this.iri(a.fileUrl, `${p}.fileUrl`);
        });
    }
  }
}

/** Returns the problems of one statement under the given API version; an empty list means it is valid. */
export function validateStatement(statement: unknown, path = 'statement', version: XapiVersion = '1.0.3'): Problems {
  const c = new Checker(version);
  if (!c.object(statement, path)) return c.problems;
  if (statement.id !== undefined && !isUuid(statement.id)) c.add(`${path}.id`, 'must be a UUID');
  const versions = version === '2.0.0' ? /^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/ : /^1\.0(\.\d+)?$/;
  if (statement.version !== undefined && (typeof statement.version !== 'string' || !versions.test(statement.version)))
    c.add(
      `${path}.version`,
      version === '2.0.0'
        ? 'must be an xAPI version such as 1.0.3 or 2.0.0'
        : 'must be an xAPI version 1.0.x such as 1.0.3 (send X-Experience-API-Version: 2.0.0 for 2.0 statements)',
    );
  if (statement.stored !== undefined && !isTimestamp(statement.stored, version))
    c.add(`${path}.stored`, TIMESTAMP_RULE(version));
  if (statement.authority !== undefined) c.authority(statement.authority, `${path}.authority`);
  c.statementBody(statement, path, false);
  if (isObj(statement.verb) && statement.verb.id === 'http://adlnet.gov/expapi/verbs/voided') {
    if (!isObj(statement.object) || statement.object.objectType !== 'StatementRef')
      c.add(`${path}.object`, 'a voiding statement must have a StatementRef as its object');
  }
  return c.problems;
}
