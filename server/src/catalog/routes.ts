import { Router, type Request, type Response } from 'express';
import type { Db } from '../lib/db/index';
import { requestedLocales } from '../lib/i18n/negotiate';
import { ZAssetParams, ZCourseParams, ZLangQuery, ZModuleParams, ZReleaseParams, ZStepParams } from './schema';
import * as service from './service';

const wantedLocales = (req: Request) => requestedLocales(req, ZLangQuery.parse(req.query).lang);

/** Published content never changes, so clients may keep it briefly and revalidate by ETag. */
function cacheable(res: Response): Response {
  return res.set({ 'Cache-Control': 'public, max-age=60, must-revalidate', Vary: 'Accept-Language, Cookie' });
}

export function catalogRoutes(db: Db): Router {
  const router = Router();

  router.get('/courses', async (req, res) => {
    cacheable(res).json({ courses: await service.listCatalog(db, wantedLocales(req)) });
  });

  router.get('/courses/:course', async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    cacheable(res).json(await service.getCourse(db, course, wantedLocales(req)));
  });

  router.get('/courses/:course/releases/:release', async (req, res) => {
    const { course, release } = ZReleaseParams.parse(req.params);
    cacheable(res).json(await service.getOutline(db, course, release, wantedLocales(req)));
  });

  router.get('/courses/:course/releases/:release/modules/:module', async (req, res) => {
    const p = ZModuleParams.parse(req.params);
    cacheable(res).json(await service.getModule(db, p.course, p.release, p.module, wantedLocales(req)));
  });

  router.get('/courses/:course/releases/:release/modules/:module/steps/:step', async (req, res) => {
    const p = ZStepParams.parse(req.params);
    cacheable(res).json(await service.getStep(db, p, wantedLocales(req)));
  });

  router.get('/assets/:file', async (req, res) => {
    const { file } = ZAssetParams.parse(req.params);
    const asset = await service.getAsset(db, file);
    res
      .set({
        'Content-Type': asset.mediaType,
        'Cache-Control': 'public, max-age=31536000, immutable',
        // An SVG opened on its own must not run script.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      })
      .send(asset.content);
  });

  return router;
}
