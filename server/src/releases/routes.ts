import { Router } from 'express';
import { ZCourseParams, ZLangQuery, ZReleaseParams } from '../catalog/schema';
import type { Db } from '../lib/db';
import { requestedLocales } from '../lib/i18n/negotiate';
import { compareReleases } from './compare';

const ZCompareQuery = ZLangQuery.extend({
  from: ZReleaseParams.shape.release,
  to: ZReleaseParams.shape.release,
});

export function releaseRoutes(db: Db): Router {
  const router = Router();
  router.get('/courses/:course/compare', async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    const { from, to, lang } = ZCompareQuery.parse(req.query);
    res
      .set('Cache-Control', 'public, max-age=60')
      .json(await compareReleases(db, course, from, to, requestedLocales(req, lang)));
  });
  return router;
}
