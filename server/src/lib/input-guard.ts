import type { NextFunction, Request, Response } from 'express';
import { Invalid } from './errors';
import { jsonProblem, textProblem, type JsonGuardOptions } from './json-guard';

/** Throws 400 naming the property when parsed JSON is too deep or holds text no database can store. */
export function guardJson(value: unknown, where: string, options?: JsonGuardOptions): void {
  const problem = jsonProblem(value, where, options);
  if (problem) throw new Invalid(problem);
}

function queryProblem(value: unknown, name: string): string | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem && `query parameter ${name}: ${problem}`;
  }
  if (Array.isArray(value)) return value.map((v) => queryProblem(v, name)).find(Boolean);
  return undefined;
}

/** xAPI documents are stored as bytes, whatever they hold: only their depth is limited. */
const isXapiDocument = (url: string) => /^\/xapi\/(activities|agents)\b/.test(url);

/**
 * The door every request passes after its body is parsed: query parameters and JSON bodies with a
 * NUL character or a lone surrogate, and JSON nested deeper than MAX_JSON_DEPTH, are refused with
 * 400 before any route walks them.
 */
export function inputGuard(req: Request, _res: Response, next: NextFunction) {
  try {
    const query = req.query as Record<string, unknown>;
    for (const name of Object.keys(query)) {
      const problem = textProblem(name) ?? queryProblem(query[name], name);
      if (problem) throw new Invalid(problem.startsWith('query') ? problem : `a query parameter name ${problem}`);
    }
    const body: unknown = req.body;
    if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) {
      const statements = req.originalUrl.startsWith('/xapi/statements');
      const where = statements ? (Array.isArray(body) ? 'statements' : 'statement') : 'body';
      guardJson(body, where, { text: !isXapiDocument(req.originalUrl) });
    }
    next();
  } catch (err) {
    next(err);
  }
}
