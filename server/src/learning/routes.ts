import { Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware';
import { ZCourseParams, ZLangQuery, ZQuizAnswers, ZQuizParams, ZReleaseParams } from '../catalog/schema';
import { switchRelease } from './switch';
import { requestedLocales } from '../lib/i18n/negotiate';
import type { Lrs } from '../xapi/lrs';
import { ZCourseModuleParams, ZPlace, ZProgressImport, ZReflectionParams, ZReflectionText, ZSwitch } from './schema';
import * as service from './service';

export function learningRoutes(deps: Lrs): Router {
  const router = Router();
  const wanted = (req: Parameters<typeof requestedLocales>[0]) =>
    requestedLocales(req, ZLangQuery.parse(req.query).lang);

  router.post('/courses/:course/releases/:release/modules/:module/quizzes/:quiz/check', async (req, res) => {
    const key = ZQuizParams.parse(req.params);
    const answers = ZQuizAnswers.parse(req.body);
    res.json(await service.answerQuiz(deps, currentUser(req), key, wanted(req), answers));
  });

  router.post('/me/progress', async (req, res) => {
    const user = requireUser(req);
    await service.importGuestProgress(deps, user, ZProgressImport.parse(req.body), wanted(req));
    res.status(204).end();
  });

  router.get('/me/progress/:course/:release', async (req, res) => {
    const user = requireUser(req);
    const { course, release } = ZReleaseParams.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await service.visitedModules(deps, user.id, course, release));
  });

  router.get('/me/learning', async (req, res) => {
    const user = requireUser(req);
    res.set('Cache-Control', 'no-store').json(await service.myLearning(deps, user.id, wanted(req)));
  });

  router.get('/me/courses/:course', async (req, res) => {
    const user = requireUser(req);
    const { course } = ZCourseParams.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await service.courseProgress(deps, user.id, course, wanted(req)));
  });

  router.put('/me/courses/:course/place', async (req, res) => {
    const user = requireUser(req);
    const { course } = ZCourseParams.parse(req.params);
    res.json(await service.savePlace(deps, user.id, { course, ...ZPlace.parse(req.body) }));
  });

  router.post('/me/courses/:course/switch', async (req, res) => {
    const user = requireUser(req);
    const { course } = ZCourseParams.parse(req.params);
    const { release } = ZSwitch.parse(req.body);
    const plan = await switchRelease(deps, user.id, course, release, { language: wanted(req)[0] });
    res.json(plan);
  });

  router.get('/me/courses/:course/modules/:module/reflections', async (req, res) => {
    const user = requireUser(req);
    const { course, module } = ZCourseModuleParams.parse(req.params);
    res
      .set('Cache-Control', 'no-store')
      .json({ reflections: await service.reflectionsOf(deps, user.id, course, module) });
  });

  router.put('/me/courses/:course/modules/:module/reflections/:reflection', async (req, res) => {
    const user = requireUser(req);
    const key = ZReflectionParams.parse(req.params);
    await service.saveReflection(deps, user.id, key, ZReflectionText.parse(req.body).text);
    res.status(204).end();
  });

  return router;
}
