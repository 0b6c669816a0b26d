import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { requireRole, requireUser } from '../auth/middleware';
import type { Db } from '../lib/db';
import { Invalid, TooLarge } from '../lib/errors';
import { checkExtra, getExtra, saveExtra, type ExtraKey } from './extra-texts';
import { MAX_IMAGE_BYTES } from './images';
import { publishDraft } from './publish';
import {
  ZBase,
  ZCheckExtra,
  ZCheckText,
  ZCourseChange,
  ZCourseParams,
  ZGlossaryParams,
  ZImageFields,
  ZModuleChange,
  ZModuleParams,
  ZNewModule,
  ZOrder,
  ZPublish,
  ZResourceParams,
  ZRevisionParams,
  ZSaveExtra,
  ZSaveText,
  ZTextParams,
} from './schema';
import * as service from './service';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5 } });

/** One image under the field name `file`; multer's own errors become messages that say what to fix. */
const oneImage: RequestHandler = (req, res, next) => {
  upload.single('file')(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE')
        return next(
          new TooLarge('Images are at most 2 MB: make it smaller or compress it.', {
            reason: 'image.too_large',
            megabytes: 2,
          }),
        );
      return next(
        new Invalid(`Send one image in the form field "file" with its alt text in "alt" (${err.message}).`, {
          reason: 'image.form_field',
        }),
      );
    }
    next(err);
  });
};

export function authoringRoutes(db: Db): Router {
  const router = Router();
  router.use('/authoring', requireRole('trainer', 'admin'), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  const base = '/authoring/courses/:course';
  const text = `${base}/modules/:module/texts/:locale`;

  router.get('/authoring/courses', async (_req, res) => {
    res.json(await service.listCourses(db));
  });
  router.get(base, async (req, res) => {
    res.json(await service.getDraft(db, ZCourseParams.parse(req.params).course));
  });
  router.patch(base, async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    res.json(await service.changeCourse(db, course, ZCourseChange.parse(req.body)));
  });
  router.post(`${base}/modules`, async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    res.status(201).json(await service.createModule(db, course, requireUser(req).id, ZNewModule.parse(req.body)));
  });
  router.put(`${base}/order`, async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    res.json(await service.reorderModules(db, course, ZOrder.parse(req.body).modules));
  });
  router.patch(`${base}/modules/:module`, async (req, res) => {
    const { course, module } = ZModuleParams.parse(req.params);
    res.json(await service.changeModule(db, course, module, requireUser(req).id, ZModuleChange.parse(req.body)));
  });
  router.delete(`${base}/modules/:module`, async (req, res) => {
    const { course, module } = ZModuleParams.parse(req.params);
    res.json(await service.removeModule(db, course, module));
  });
  router.post(`${base}/modules/:module/images`, oneImage, async (req, res) => {
    const { course, module } = ZModuleParams.parse(req.params);
    const fields = ZImageFields.parse(req.body ?? {});
    if (!req.file) throw new Invalid('Send the image in the form field "file".', { reason: 'image.form_field' });
    res
      .status(201)
      .json(
        await service.addImage(
          db,
          course,
          module,
          requireUser(req).id,
          { originalName: req.file.originalname, content: req.file.buffer },
          fields,
        ),
      );
  });

  router.get(text, async (req, res) => {
    const p = ZTextParams.parse(req.params);
    res.json(await service.getText(db, p.course, p.module, p.locale));
  });
  router.put(text, async (req, res) => {
    const p = ZTextParams.parse(req.params);
    res.json(await service.saveText(db, p.course, p.module, p.locale, requireUser(req).id, ZSaveText.parse(req.body)));
  });
  router.post(`${text}/check`, async (req, res) => {
    const p = ZTextParams.parse(req.params);
    res.json(await service.checkText(db, p.course, p.module, p.locale, ZCheckText.parse(req.body).source));
  });
  router.post(`${text}/stamp`, async (req, res) => {
    const p = ZTextParams.parse(req.params);
    const { baseRevision } = ZBase.parse(req.body);
    res.json(await service.stampTranslation(db, p.course, p.module, p.locale, requireUser(req).id, baseRevision));
  });
  router.get(`${text}/revisions`, async (req, res) => {
    const p = ZTextParams.parse(req.params);
    res.json(await service.listRevisions(db, p.course, p.module, p.locale));
  });
  router.get(`${text}/revisions/:revision`, async (req, res) => {
    const p = ZRevisionParams.parse(req.params);
    res.json(await service.getRevision(db, p.course, p.module, p.locale, p.revision));
  });
  router.post(`${text}/revisions/:revision/restore`, async (req, res) => {
    const p = ZRevisionParams.parse(req.params);
    const { baseRevision } = ZBase.parse(req.body);
    res.json(
      await service.restoreRevision(db, p.course, p.module, p.locale, requireUser(req).id, p.revision, baseRevision),
    );
  });

  // The draft's templates and glossary: one file per language, saved and checked like a module text.
  const extraRoutes = (path: string, keyOf: (params: unknown) => { course: string; key: ExtraKey }) => {
    router.get(path, async (req, res) => {
      const { course, key } = keyOf(req.params);
      res.json(await getExtra(db, course, key));
    });
    router.put(path, async (req, res) => {
      const { course, key } = keyOf(req.params);
      res.json(await saveExtra(db, course, key, requireUser(req).id, ZSaveExtra.parse(req.body)));
    });
    router.post(`${path}/check`, async (req, res) => {
      const { course, key } = keyOf(req.params);
      res.json(await checkExtra(db, course, key, ZCheckExtra.parse(req.body).source));
    });
  };
  extraRoutes(`${base}/glossary/:locale`, (params) => {
    const p = ZGlossaryParams.parse(params);
    return { course: p.course, key: { kind: 'glossary', itemId: '', locale: p.locale } };
  });
  extraRoutes(`${base}/resources/:resource/:locale`, (params) => {
    const p = ZResourceParams.parse(params);
    return { course: p.course, key: { kind: 'resource', itemId: p.resource, locale: p.locale } };
  });

  router.post(`${base}/publish`, async (req, res) => {
    const { course } = ZCourseParams.parse(req.params);
    res.status(201).json(await publishDraft(db, course, ZPublish.parse(req.body)));
  });
  return router;
}
