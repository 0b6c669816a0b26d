import express, { Router, type Request, type Response } from 'express';
import { Invalid } from '../lib/errors';
import * as docs from './documents-service';
import type { DocumentKey } from './documents-store';
import { ZActivityParams, ZActivityProfileParams, ZAgentProfileParams, ZStateParams, zAgentParam } from './schema';
import type { Lrs } from './lrs';
import type { Principal } from './service';
import type { XapiVersion } from './validate';

type Req = Request & { principal?: Principal };

function bodyOf(req: Request): docs.DocumentBody {
  const contentType = req.get('Content-Type') ?? 'application/octet-stream';
  const content = Buffer.isBuffer(req.body)
    ? req.body
    : req.body !== undefined
      ? Buffer.from(JSON.stringify(req.body))
      : Buffer.alloc(0);
  return { contentType, content };
}

const preconditions = (req: Request): docs.Preconditions => ({
  ifMatch: req.get('If-Match'),
  ifNoneMatch: req.get('If-None-Match'),
});

/** One resource of documents (state, activity profile or agent profile): GET, PUT, POST and DELETE. */
function documentResource(
  router: Router,
  deps: Lrs,
  path: string,
  parse: (query: unknown) => { key: DocumentKey; docId?: string; since?: Date },
  idName: string,
) {
  router.get(path, async (req: Req, res: Response) => {
    const { key, docId, since } = parse(req.query);
    if (!docId) {
      res.json(await docs.listDocumentIds(deps.db, req.principal!, deps.publicUrl, key, since));
      return;
    }
    const doc = await docs.getDocument(deps.db, req.principal!, deps.publicUrl, key, docId);
    res
      .set({ 'Content-Type': doc.contentType, ETag: doc.etag, 'Last-Modified': doc.updated.toUTCString() })
      .send(doc.content);
  });
  for (const method of ['put', 'post'] as const)
    router[method](path, async (req: Req, res: Response) => {
      const { key, docId } = parse(req.query);
      if (!docId) throw new Invalid(`${idName} is required to store a document.`);
      const etag = await docs.saveDocument(
        deps.db,
        req.principal!,
        deps.publicUrl,
        key,
        docId,
        bodyOf(req),
        preconditions(req),
        method === 'post',
        res.locals.xapiVersion as XapiVersion,
      );
      res.set('ETag', etag).status(204).end();
    });
  router.delete(path, async (req: Req, res: Response) => {
    const { key, docId } = parse(req.query);
    if (!docId && key.kind !== 'state') throw new Invalid(`${idName} is required to delete a profile.`);
    await docs.deleteDocuments(deps.db, req.principal!, deps.publicUrl, key, docId, preconditions(req));
    res.status(204).end();
  });
}

export function documentRoutes(deps: Lrs): Router {
  const router = Router();
  // Documents may be of any type; JSON bodies arrive already parsed by the app's JSON parser.
  router.use(['/activities', '/agents'], express.raw({ type: () => true, limit: '1mb' }));

  documentResource(
    router,
    deps,
    '/activities/state',
    (q) => {
      const p = ZStateParams.parse(q);
      return {
        key: { kind: 'state', activityId: p.activityId, agent: p.agent, registration: p.registration ?? '' },
        docId: p.stateId,
        since: p.since,
      };
    },
    'stateId',
  );
  documentResource(
    router,
    deps,
    '/activities/profile',
    (q) => {
      const p = ZActivityProfileParams.parse(q);
      return {
        key: { kind: 'activity-profile', activityId: p.activityId, agent: '', registration: '' },
        docId: p.profileId,
        since: p.since,
      };
    },
    'profileId',
  );
  documentResource(
    router,
    deps,
    '/agents/profile',
    (q) => {
      const p = ZAgentProfileParams.parse(q);
      return {
        key: { kind: 'agent-profile', activityId: '', agent: p.agent, registration: '' },
        docId: p.profileId,
        since: p.since,
      };
    },
    'profileId',
  );

  router.get('/activities', async (req, res) => {
    const { activityId } = ZActivityParams.parse(req.query);
    res.json(await docs.activityDefinition(deps.db, activityId));
  });

  router.get('/agents', (req, res) => {
    const raw = String(req.query.agent ?? '');
    zAgentParam.parse(raw);
    const agent = JSON.parse(raw) as Record<string, unknown>;
    const person: Record<string, unknown> = { objectType: 'Person' };
    for (const k of ['name', 'mbox', 'mbox_sha1sum', 'openid', 'account'])
      if (agent[k] !== undefined) person[k] = [agent[k]];
    res.json(person);
  });

  return router;
}
