import express, { type NextFunction, type Request, type Response } from 'express';
import { Invalid } from '../lib/errors';
import { guardJson } from '../lib/input-guard';
import { textProblem } from '../lib/json-guard';

/**
 * The alternate request syntax of xAPI 1.0.3 (Communication §1.3), for browsers that can only POST
 * forms across origins: `POST …?method=PUT` with an application/x-www-form-urlencoded body whose fields
 * are the headers, the parameters and the content. The request is rewritten into the one it stands for
 * before anything else looks at it. xAPI 2.0 removed this syntax, so a 2.0 request using it is refused.
 */
const METHODS = ['GET', 'PUT', 'POST', 'DELETE'];
const HEADERS = [
  'authorization',
  'x-experience-api-version',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
];
const form = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 100 });

function rewrite(req: Request) {
  const query = new URL(req.originalUrl, 'http://x').searchParams;
  const method = String(query.get('method')).toUpperCase();
  if (!METHODS.includes(method))
    throw new Invalid(`method must be GET, PUT, POST or DELETE (not "${query.get('method')}").`);
  const extra = [...query.keys()].filter((k) => k !== 'method');
  if (extra.length)
    throw new Invalid(
      `With ?method=, the only query parameter is method: send ${extra.join(', ')} as form fields of the body.`,
    );
  if (!req.is('application/x-www-form-urlencoded'))
    throw new Invalid('With ?method=, send the request as a form (Content-Type: application/x-www-form-urlencoded).');
  const fields = (req.body ?? {}) as Record<string, unknown>;
  const params = new URLSearchParams();
  let content: string | undefined;
  delete req.headers['content-type'];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') throw new Invalid(`form field ${name}: send it once, as text.`);
    const lower = name.toLowerCase();
    const problem = lower === 'content' ? undefined : (textProblem(name) ?? textProblem(value));
    if (problem) throw new Invalid(`form field ${name.replaceAll('\u0000', '\\u0000')}: ${problem}`);
    if (lower === 'content') content = value;
    else if (HEADERS.includes(lower)) req.headers[lower] = value;
    else params.append(name, value);
  }
  const version = req.get('X-Experience-API-Version') ?? '';
  if (version.startsWith('2'))
    throw new Invalid(
      'xAPI 2.0 has no alternate request syntax (?method=): send the request with its own method and headers.',
    );
  req.method = method;
  const qs = params.toString();
  req.url = `${req.path}${qs ? `?${qs}` : ''}`;
  if (content === undefined) {
    req.body = undefined;
    delete req.headers['content-type'];
    return;
  }
  req.headers['content-type'] ??= 'application/json';
  req.headers['content-length'] = String(Buffer.byteLength(content));
  if (req.is('application/json')) {
    try {
      req.body = JSON.parse(content) as unknown;
    } catch (err) {
      throw new Invalid(`form field content is not valid JSON: ${(err as Error).message}`);
    }
    const statements = req.path.startsWith('/statements');
    guardJson(req.body, statements ? (Array.isArray(req.body) ? 'statements' : 'statement') : 'content', {
      text: statements,
    });
  } else req.body = Buffer.from(content, 'utf8');
}

const REWRITTEN = Symbol('alternateSyntax');

/**
 * Whether the request came in the alternate syntax. Its headers were form fields, which any web page
 * can make a browser send with our cookies and without a pre-flight: such requests may only use
 * LRS credentials (HTTP Basic), never the session.
 */
export const usedAlternateSyntax = (req: Request) => (req as Request & { [REWRITTEN]?: boolean })[REWRITTEN] === true;

export function alternateSyntax(req: Request, res: Response, next: NextFunction) {
  if (req.method !== 'POST' || !/[?&]method=/.test(req.originalUrl)) return next();
  form(req, res, (err?: unknown) => {
    if (err) return next(err);
    try {
      (req as Request & { [REWRITTEN]?: boolean })[REWRITTEN] = true;
      rewrite(req);
      next();
    } catch (e) {
      next(e);
    }
  });
}
