type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const IFI = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

function idsOnly(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => idsOnly(v, key));
  if (!isObj(value)) return value;
  if (key === 'verb' && typeof value.id === 'string') return { id: value.id };
  const type = value.objectType;
  const isAgent = type === 'Agent' || type === 'Group' || IFI.some((k) => k in value);
  if (isAgent && key !== 'account') {
    const out: Obj = type ? { objectType: type } : {};
    for (const k of IFI) if (k in value) out[k] = value[k];
    if (type === 'Group' && !IFI.some((k) => k in value)) out.member = idsOnly(value.member);
    return out;
  }
  if ((type === 'Activity' || (type === undefined && 'definition' in value)) && typeof value.id === 'string')
    return type ? { objectType: type, id: value.id } : { id: value.id };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, idsOnly(v, k)]));
}

const LANG_MAPS = new Set(['display', 'name', 'description']);

function canonical(value: unknown, languages: string[], key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, languages));
  if (!isObj(value)) return value;
  if (key && LANG_MAPS.has(key) && Object.values(value).every((v) => typeof v === 'string')) {
    const tags = Object.keys(value);
    const pick =
      languages
        .map(
          (l) =>
            tags.find((t) => t.toLowerCase() === l.toLowerCase()) ??
            tags.find((t) => t.split('-')[0] === l.split('-')[0]),
        )
        .find(Boolean) ?? tags[0];
    return pick ? { [pick]: value[pick] } : {};
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v, languages, k)]));
}

/** The `format` parameter: ids keeps identifiers only; canonical keeps one language per language map. */
export function formatStatement(statement: Obj, format: 'ids' | 'exact' | 'canonical', languages: string[]): unknown {
  if (format === 'ids') return idsOnly(statement);
  if (format === 'canonical') return canonical(statement, languages);
  return statement;
}
