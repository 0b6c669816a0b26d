import { Router } from 'express';
import { z } from 'zod';
import { ZLangQuery, ZReleaseParams } from './schema';
import { SLUG } from '../content/schema';
import type { Db } from '../lib/db/index';
import { requestedLocales } from '../lib/i18n/negotiate';
import * as service from './resources';

const ZResourceFile = ZReleaseParams.extend({
  file: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(docx|pdf)$/, 'ask for <resource-id>.docx or <resource-id>.pdf'),
});

export function resourceRoutes(db: Db): Router {
  const router = Router();
  const wanted = (req: Parameters<typeof requestedLocales>[0]) =>
    requestedLocales(req, ZLangQuery.parse(req.query).lang);

  router.get('/courses/:course/releases/:release/resources', async (req, res) => {
    const { course, release } = ZReleaseParams.parse(req.params);
    res.json(await service.listResources(db, course, release, wanted(req)));
  });

  router.get('/courses/:course/releases/:release/resources/:file', async (req, res) => {
    const { course, release, file } = ZResourceFile.parse(req.params);
    const dot = file.lastIndexOf('.');
    const id = z.string().regex(SLUG).parse(file.slice(0, dot));
    const format = file.slice(dot + 1) as service.ResourceFormat;
    const doc = await service.resourceDocument(db, { course, release, id, format }, wanted(req));
    res
      .set({
        'Content-Type': service.RESOURCE_FORMATS[format],
        'Content-Disposition': `attachment; filename="${doc.fileName}"`,
        'Content-Language': doc.locale,
        'Cache-Control': 'public, max-age=3600',
        ETag: `"${doc.hash.slice(0, 32)}-${format}"`,
      })
      .send(doc.content);
  });

  router.get('/courses/:course/releases/:release/glossary', async (req, res) => {
    const { course, release } = ZReleaseParams.parse(req.params);
    res.json(await service.getGlossary(db, course, release, wanted(req)));
  });

  return router;
}
