import { Router } from 'express';
import { requireUser } from '../auth/middleware';
import type { Db } from '../lib/db';
import { ZReleaseParams } from '../catalog/schema';
import { ZDeleteAccount, ZProfileUpdate, ZProgressImport } from './schema';
import * as service from './service';

export function accountRoutes(db: Db, hooks: service.AccountHooks = {}): Router {
  const router = Router();

  router.get('/me', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.getProfile(db, requireUser(req).id));
  });

  router.patch('/me', async (req, res) => {
    const user = requireUser(req);
    res.json(await service.updateProfile(db, user.id, ZProfileUpdate.parse(req.body)));
  });

  router.post('/me/progress', async (req, res) => {
    const user = requireUser(req);
    await service.importProgress(db, user.id, ZProgressImport.parse(req.body));
    res.status(204).end();
  });

  router.get('/me/progress/:course/:release', async (req, res) => {
    const user = requireUser(req);
    const { course, release } = ZReleaseParams.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await service.progress(db, user.id, course, release));
  });

  router.get('/me/export', async (req, res) => {
    const user = requireUser(req);
    res
      .set({ 'Content-Disposition': 'attachment; filename="atrium-my-data.json"', 'Cache-Control': 'no-store' })
      .json(await service.exportData(db, user.id, hooks));
  });

  router.delete('/me', async (req, res, next) => {
    const user = requireUser(req);
    ZDeleteAccount.parse(req.body);
    await service.deleteAccount(db, user.id, hooks);
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.status(204).end());
    });
  });

  return router;
}
