import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ZScopes } from './schema';
import type { Lrs } from './lrs';
import * as outbox from './outbox-store';
import * as service from './service';

const ZCreate = z
  .object({ label: z.string().trim().min(1, 'label: say which tool or city the key is for').max(100), scopes: ZScopes })
  .strict();
const ZRetry = z
  .object({ statementIds: z.array(z.uuid('statementIds must be statement ids (UUIDs)')).max(1000).optional() })
  .strict();
const ZKey = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'key is 16 characters') });

/** Admins (whom `adminOnly` lets through) manage the keys external xAPI tools use. */
export function lrsAdminRoutes(lrs: Lrs, adminOnly: RequestHandler): Router {
  const { db } = lrs;
  const router = Router();
  router.use('/admin/lrs', adminOnly);
  router.get('/admin/lrs/credentials', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ credentials: await service.listCredentials(db) });
  });
  router.post('/admin/lrs/credentials', async (req, res) => {
    const { label, scopes } = ZCreate.parse(req.body);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await service.createCredential(db, label, scopes));
  });
  router.delete('/admin/lrs/credentials/:key', async (req, res) => {
    await lrs.revokeCredential(ZKey.parse(req.params).key);
    res.status(204).end();
  });
  router.get('/admin/lrs/outbox', async (_req, res) => {
    // The address tools send statements to, and whether an external LRS is configured at all.
    res
      .set('Cache-Control', 'no-store')
      .json({ ...(await outbox.summary(db)), endpoint: `${lrs.publicUrl}/xapi/`, forwarding: lrs.forwarding });
  });
  router.post('/admin/lrs/outbox/retry', async (req, res) => {
    const { statementIds } = ZRetry.parse(req.body ?? {});
    res.json({ revived: await outbox.revive(db, statementIds) });
  });
  return router;
}
