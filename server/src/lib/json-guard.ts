/**
 * Checks parsed JSON before anything walks it recursively: nesting depth, NUL characters and lone
 * UTF-16 surrogates. PostgreSQL refuses NUL and lone surrogates in text and jsonb, and a recursive
 * walk over a value nested thousands of levels deep overflows the stack; both are refused at the
 * door with the path of the property at fault. The walk itself uses an explicit stack, never recursion.
 */
export const MAX_JSON_DEPTH = 128;

export interface JsonGuardOptions {
  /** Deepest nesting allowed (an object or array inside another counts one level). */
  maxDepth?: number;
  /** Refuse NUL characters and lone surrogates in strings and property names (default true). */
  text?: boolean;
}

const segment = (path: string, key: string | number) =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with this text, if anything. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which is not allowed';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone UTF-16 surrogate (an invalid \\uD800–\\uDFFF escape), which is not text';
  return undefined;
}

/** A value met on the walk, with the way back to the root: its path is spelled only if it is at fault. */
interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
  depth: number;
}

function pathOf(visit: Visit, where: string): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) keys.push(v.key);
  return keys.reduceRight<string>((path, key) => segment(path, key), where);
}

/** Returns the first problem found, as "path: what is wrong", or undefined when the value is acceptable. */
export function jsonProblem(value: unknown, where: string, options: JsonGuardOptions = {}): string | undefined {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const text = options.text ?? true;
  const stack: Visit[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length) {
    const visit = stack.pop()!;
    const { value: v, depth } = visit;
    if (typeof v === 'string') {
      const problem = text ? textProblem(v) : undefined;
      if (problem) return `${pathOf(visit, where)}: ${problem}`;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth)
      return `${pathOf(visit, where)}: JSON is nested more than ${maxDepth} levels deep here; flatten the data (the limit is ${maxDepth})`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: visit, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child: Visit = { value: (v as Record<string, unknown>)[key], key, parent: visit, depth: depth + 1 };
      if (text) {
        const problem = textProblem(key);
        if (problem) return `${pathOf(child, where)}: the property name ${problem}`;
      }
      stack.push(child);
    }
  }
  return undefined;
}
