import { Router } from 'express';
import { requireUser } from '../auth/middleware';
import { ZLangQuery, ZReleaseParams } from '../catalog/schema';
import * as service from './service';

export function enrolmentRoutes(deps: service.EnrolmentDeps): Router {
  const router = Router();
  router.post('/courses/:course/releases/:release/enrolment', async (req, res) => {
    const user = requireUser(req);
    const { course, release } = ZReleaseParams.parse(req.params);
    const { lang } = ZLangQuery.parse(req.query);
    const result = await service.ensureEnrolment(deps, user.id, course, release, lang ?? 'en');
    res.status(result.created ? 201 : 200).json(result);
  });
  return router;
}
