import { Router } from 'express';
import { z } from 'zod';
import { requireUser } from '../auth/middleware';
import { ZLangQuery, ZReleaseParams } from '../catalog/schema';
import * as service from './enrolment';

export function enrolmentRoutes(deps: service.EnrolmentDeps): Router {
  const router = Router();
  router.post('/courses/:course/releases/:release/enrolment', async (req, res) => {
    const user = requireUser(req);
    const { course, release } = ZReleaseParams.parse(req.params);
    const { lang, opening } = ZLangQuery.extend({
      opening: z.enum(['1'], { message: 'opening is 1 when the reader enrols by opening a module' }).optional(),
    }).parse(req.query);
    const how = opening ? 'by-opening' : 'on-purpose';
    const result = await service.ensureEnrolment(deps, user, course, release, lang ?? 'en', how);
    res.status(result.created ? 201 : 200).json(result);
  });
  return router;
}
