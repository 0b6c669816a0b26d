import { Router } from 'express';
import type { Database } from '../lib/db/index';

export function healthRoutes(database: Database): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: 'ok', database: database.kind });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', database: database.kind, error: (err as Error).message });
    }
  });
  return router;
}
