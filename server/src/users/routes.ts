import { Router } from 'express';
import { requireRole, requireUser } from '../auth/middleware';
import type { Db } from '../lib/db';
import { ZUserChange, ZUserParams, ZUserQuery } from './schema';
import * as service from './service';

export function userAdminRoutes(db: Db): Router {
  const router = Router();
  router.use('/admin', requireRole('admin'));

  router.get('/admin/users', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.listUsers(db, ZUserQuery.parse(req.query)));
  });

  router.patch('/admin/users/:id', async (req, res) => {
    const { id } = ZUserParams.parse(req.params);
    res.json(await service.changeUser(db, requireUser(req).id, id, ZUserChange.parse(req.body)));
  });

  return router;
}
