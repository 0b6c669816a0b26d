import { Router } from 'express';
import { requireUser } from '../auth/middleware';
import { ZDeleteAccount, ZProfileUpdate } from './schema';
import * as service from './service';

export function accountRoutes(deps: service.AccountDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get('/me', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.getProfile(db, requireUser(req).id));
  });

  router.patch('/me', async (req, res) => {
    const user = requireUser(req);
    res.json(await service.updateProfile(db, user.id, ZProfileUpdate.parse(req.body), deps.hooks));
  });

  router.get('/me/export', async (req, res) => {
    const user = requireUser(req);
    res
      .set({ 'Content-Disposition': 'attachment; filename="atrium-my-data.json"', 'Cache-Control': 'no-store' })
      .json(await service.exportData(deps, user.id));
  });

  router.delete('/me', async (req, res, next) => {
    const user = requireUser(req);
    ZDeleteAccount.parse(req.body);
    await service.deleteAccount(deps, user.id);
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.status(204).end());
    });
  });

  return router;
}
