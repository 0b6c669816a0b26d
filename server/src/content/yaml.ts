import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { FileProblem } from './types';

/**
 * Parses YAML and validates it with a zod schema; every problem names the file and the line
 * of the offending key (lineOffset shifts lines when the YAML is a file's front matter).
 */
export function parseYaml<T>(
  text: string,
  schema: z.ZodType<T>,
  file: string,
  lineOffset = 0,
): { value?: T; problems: FileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: lineAt(e.pos[0]),
        severity: 'error' as const,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { value: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      // An unknown key is reported on its own line, not on the line of the map that holds it.
      const where = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
      let node: unknown;
      for (let depth = where.length; depth >= 0 && !node; depth--) {
        node = depth === 0 ? doc.contents : doc.getIn(where.slice(0, depth) as (string | number)[], true);
      }
      const range = (node as { range?: [number, number] } | undefined)?.range;
      const field = issue.path.length ? `"${issue.path.join('.')}"` : 'the document';
      return {
        file,
        line: range ? lineAt(range[0]) : 1 + lineOffset,
        severity: 'error' as const,
        message: `${field} ${issue.message}`,
      };
    }),
  };
}

/** The line of the value at `path` in a YAML text (1 when it is not there): for problems found after parsing. */
export function lineOfYamlPath(text: string, path: (string | number)[]): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
  return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
}
