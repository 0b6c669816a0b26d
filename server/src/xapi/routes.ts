import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { Forbidden, Invalid, Unauthenticated } from '../lib/errors';
import { guardJson } from '../lib/input-guard';
import { alternateSyntax, usedAlternateSyntax } from './alternate-syntax';
import { readAttachmentParts, type AttachmentBody } from './attachments';
import { documentRoutes } from './documents-routes';
import { formatStatement } from './format';
import type { Lrs } from './lrs';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart';
import { MAX_LIMIT, ZPutParams, ZStatementQuery } from './schema';
import type { Principal } from './service';
import type { XapiVersion } from './validate';

/** Statements with attachments may be larger than the 1 MB of a JSON request. */
export const MULTIPART_LIMIT = '20mb';

const SUPPORTED = /^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/;
const VERSION = Symbol('xapiVersion');
type XapiRequest = Request & { [VERSION]?: XapiVersion; principal?: Principal };

/** CORS for browser-based xAPI tools; they authenticate with HTTP Basic, never with our cookies. */
function cors(req: Request, res: Response, next: NextFunction) {
  res.set({
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      'Authorization, Content-Type, X-Experience-API-Version, X-Experience-API-Hash, If-Match, If-None-Match',
    'Access-Control-Expose-Headers':
      'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through',
  });
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
}

/** Every resource but About needs a supported X-Experience-API-Version header; it is echoed back. */
function version(req: XapiRequest, res: Response, next: NextFunction) {
  const asked = req.get('X-Experience-API-Version');
  if (!asked || !SUPPORTED.test(asked))
    return next(
      new Invalid(`Send the header X-Experience-API-Version: 1.0.3 or 2.0.0${asked ? ` (not "${asked}")` : ''}.`),
    );
  const served = asked.startsWith('1') ? '1.0.3' : '2.0.0';
  req[VERSION] = served;
  res.locals.xapiVersion = served;
  res.set('X-Experience-API-Version', served);
  next();
}

/** How the LRS learns who is signed in on this request (the session belongs to the layers above). */
export type SignedInUser = (req: Request) => { id: string } | undefined;

function authenticate(lrs: Lrs, currentUser: SignedInUser) {
  return async (req: XapiRequest, res: Response, next: NextFunction) => {
    const header = req.get('Authorization');
    try {
      const [key, ...secret] = header?.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')
        : [''];
      // Empty Basic credentials (some xAPI clients always send them) mean "no credentials": use the session.
      if (key) {
        req.principal = await lrs.authenticate(key, secret.join(':'));
      } else {
        const user = currentUser(req);
        if (!user) {
          res.set('WWW-Authenticate', 'Basic realm="Atrium LRS"');
          throw new Unauthenticated('Authenticate with LRS credentials (HTTP Basic) or sign in.');
        }
        // A signed-in browser's requests carry X-Experience-API-Version as a real header, which no other
        // site can add without a CORS pre-flight that the LRS does not grant with cookies. Requests in
        // the alternate syntax carry it as a form field instead, so they could come from any page.
        if (usedAlternateSyntax(req))
          throw new Forbidden(
            'The alternate request syntax (?method=) is for tools with LRS credentials (HTTP Basic); a signed-in browser sends the request with its own method and headers.',
          );
        req.principal = { kind: 'learner', userId: user.id };
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The statements of a POST or PUT: JSON, or multipart/mixed with the statements as the first part and
 * the attachment bodies after it.
 */
function statementsOf(req: Request): { statements: unknown; parts: AttachmentBody[] } {
  if (req.is('application/json')) return { statements: req.body, parts: [] };
  if (!req.is('multipart/mixed') || !Buffer.isBuffer(req.body))
    throw new Invalid('Send statements as application/json, or as multipart/mixed with attachments.');
  const [first, ...rest] = parseMultipart(req.body, boundaryOf(req.get('Content-Type')!));
  if (!first) throw new Invalid('multipart/mixed: the first part must hold the statements.');
  if (!/^application\/json\s*(;|$)/i.test(first.headers['content-type'] ?? ''))
    throw new Invalid('multipart/mixed: the first part must hold the statements, with Content-Type: application/json.');
  let statements: unknown;
  try {
    statements = JSON.parse(first.body.toString('utf8'));
  } catch (err) {
    throw new Invalid(`multipart/mixed: the statements part is not valid JSON: ${(err as Error).message}`);
  }
  guardJson(statements, Array.isArray(statements) ? 'statements' : 'statement');
  return { statements, parts: readAttachmentParts(rest) };
}

/** A statement or StatementResult followed by the attachment bodies, as multipart/mixed. */
function sendWithAttachments(res: Response, body: unknown, attachments: AttachmentBody[]) {
  const { boundary, body: multipart } = buildMultipart([
    { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) },
    ...attachments.map((a) => ({
      headers: {
        'Content-Type': a.contentType,
        'Content-Transfer-Encoding': 'binary',
        'X-Experience-API-Hash': a.sha2,
      },
      body: a.content,
    })),
  ]);
  res.set('Content-Type', `multipart/mixed; boundary=${boundary}`).send(multipart);
}

export function xapiRoutes(lrs: Lrs, currentUser: SignedInUser): Router {
  const router = Router();
  // Every answer names the version it speaks, errors included; a supported request header changes it.
  router.use((req, res, next) => {
    res.set('X-Experience-API-Version', req.get('X-Experience-API-Version')?.startsWith('1.0') ? '1.0.3' : '2.0.0');
    next();
  });
  router.use(cors);
  router.use(alternateSyntax);
  // Every answer to GET statements, errors included, says up to when the results are complete.
  router.use('/statements', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD')
      res.set('X-Experience-API-Consistent-Through', new Date().toISOString());
    next();
  });

  router.get('/about', (_req, res) => {
    res.json({ version: ['1.0.3', '2.0.0'], extensions: {} });
  });

  router.use(version);
  router.use(authenticate(lrs, currentUser));

  router.use('/statements', express.raw({ type: 'multipart/mixed', limit: MULTIPART_LIMIT }));

  router.post('/statements', async (req: XapiRequest, res) => {
    const { statements, parts } = statementsOf(req);
    res.json(await lrs.store(req.principal!, statements, req[VERSION]!, { parts }));
  });

  router.put('/statements', async (req: XapiRequest, res) => {
    const { statements, parts } = statementsOf(req);
    const { statementId } = ZPutParams.parse(req.query);
    if (Array.isArray(statements)) throw new Invalid('PUT takes one statement, not a list.');
    await lrs.store(req.principal!, statements, req[VERSION]!, {
      fixedId: statementId.toLowerCase(),
      parts,
    });
    res.status(204).end();
  });

  router.get('/statements', async (req: XapiRequest, res) => {
    const q = ZStatementQuery.parse(req.query);
    const languages = req.acceptsLanguages().filter((l) => l !== '*');
    const single = q.statementId ?? q.voidedStatementId;
    if (single) {
      const statement = await lrs.getStatement(req.principal!, single, Boolean(q.voidedStatementId));
      res.set('Last-Modified', new Date(String(statement.stored)).toUTCString());
      const body = formatStatement(statement, q.format, languages);
      if (q.attachments) sendWithAttachments(res, body, await lrs.attachmentsOf([statement]));
      else res.json(body);
      return;
    }
    const limit = q.limit === 0 ? MAX_LIMIT : Math.min(q.limit, MAX_LIMIT);
    const page = await lrs.queryStatements(req.principal!, {
      agent: q.agent,
      relatedAgents: q.related_agents,
      verb: q.verb,
      activity: q.activity,
      relatedActivities: q.related_activities,
      registration: q.registration,
      since: q.since,
      until: q.until,
      ascending: q.ascending,
      limit,
      after: q.cursor,
      through: q.through,
    });
    let more = '';
    if (page.nextAfter !== undefined) {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('cursor', String(page.nextAfter));
      params.set('through', String(page.through));
      more = `${req.baseUrl}/statements?${params.toString()}`;
    }
    if (q.format === 'exact' && !q.attachments) {
      // The stored text goes out as it is: no parsing and serialising of every statement, and no ETag
      // (hashing a page costs as much as sending it, and a query result is not revalidated).
      res.type('json').end(`{"statements":[${page.statements.join(',')}],"more":${JSON.stringify(more)}}`);
      return;
    }
    const statements = page.statements.map((text) => JSON.parse(text) as Record<string, unknown>);
    const result = { statements: statements.map((s) => formatStatement(s, q.format, languages)), more };
    if (q.attachments) sendWithAttachments(res, result, await lrs.attachmentsOf(statements));
    else res.json(result);
  });

  router.use(documentRoutes(lrs));

  return router;
}
