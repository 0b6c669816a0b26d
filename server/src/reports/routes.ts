import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import type { Db } from '../lib/db';
import * as service from './service';

export function reportRoutes(db: Db): Router {
  const router = Router();
  router.use('/staff', requireRole('staff', 'admin'));

  router.get('/staff/summary', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.summary(db));
  });

  return router;
}
