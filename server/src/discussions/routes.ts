import { Router, type Request } from 'express';
import { currentUser, requireRole, requireUser } from '../auth/middleware';
import { limiter } from '../auth/rate-limit';
import type { Db } from '../lib/db';
import { serverT } from '../lib/i18n/server-i18n';
import { requestedLocales } from '../lib/i18n/negotiate';
import { participationReport } from './reports';
import {
  ZAuditQuery,
  ZCommentParams,
  ZDigest,
  ZEditComment,
  ZListQuery,
  ZModeration,
  ZMute,
  ZNewComment,
  ZParticipationQuery,
  ZPlaceParams,
  ZQueueQuery,
  ZReport,
  ZSinceQuery,
  ZStepQuery,
  ZUnsubscribe,
  ZUserParams,
} from './schema';
import * as service from './service';

/** Comments per account: enough for a lively exchange, too few for a flood. */
export const POSTING_LIMIT = { name: 'discussion-post', windowMinutes: 10, max: 10, by: 'user' } as const;

const placeOf = (req: Request) => {
  const { course, module } = ZPlaceParams.parse(req.params);
  const { step } = ZStepQuery.parse({ step: req.query.step });
  return { courseId: course, moduleId: module, stepId: step };
};

export function discussionRoutes(deps: service.DiscussionDeps, keySecret: string): Router {
  const { db } = deps;
  const router = Router();
  const moderators = requireRole(...service.MODERATORS);
  const staff = requireRole('staff', 'admin');
  const path = '/courses/:course/modules/:module/discussion';

  router.get(path, async (req, res) => {
    const place = placeOf(req);
    const query = ZListQuery.parse(req.query);
    res.set('Cache-Control', 'no-store').json(await service.listComments(db, place, currentUser(req), query));
  });

  router.get(`${path}/new`, async (req, res) => {
    const query = ZSinceQuery.parse(req.query);
    res.set('Cache-Control', 'no-store').json(await service.newSince(db, placeOf(req), currentUser(req), query));
  });

  router.post(path, limiter(db, POSTING_LIMIT, keySecret), async (req, res) => {
    const user = requireUser(req);
    const place = placeOf(req);
    const input = ZNewComment.parse(req.body);
    res.status(201).json(await service.postComment(deps, place, user, input));
  });

  router.put(`${path}/follow`, async (req, res) => {
    res.json(await service.setFollow(db, placeOf(req), requireUser(req), true));
  });
  router.delete(`${path}/follow`, async (req, res) => {
    res.json(await service.setFollow(db, placeOf(req), requireUser(req), false));
  });

  router.patch('/discussions/comments/:id', async (req, res) => {
    const { id } = ZCommentParams.parse(req.params);
    res.json(await service.editComment(db, requireUser(req), id, ZEditComment.parse(req.body)));
  });
  router.delete('/discussions/comments/:id', async (req, res) => {
    const { id } = ZCommentParams.parse(req.params);
    await service.deleteComment(db, requireUser(req), id);
    res.status(204).end();
  });
  router.put('/discussions/comments/:id/like', async (req, res) => {
    res.json(await service.like(db, requireUser(req), ZCommentParams.parse(req.params).id, true));
  });
  router.delete('/discussions/comments/:id/like', async (req, res) => {
    res.json(await service.like(db, requireUser(req), ZCommentParams.parse(req.params).id, false));
  });
  for (const what of ['pin', 'helpful'] as const) {
    router.put(`/discussions/comments/:id/${what}`, moderators, async (req, res) => {
      res.json(await service.mark(db, requireUser(req), ZCommentParams.parse(req.params).id, what, true));
    });
    router.delete(`/discussions/comments/:id/${what}`, moderators, async (req, res) => {
      res.json(await service.mark(db, requireUser(req), ZCommentParams.parse(req.params).id, what, false));
    });
  }
  router.post('/discussions/comments/:id/reports', async (req, res) => {
    const user = requireUser(req);
    const { id } = ZCommentParams.parse(req.params);
    res.status(201).json(await service.report(db, user, id, ZReport.parse(req.body)));
  });

  router.get('/discussions/moderation', moderators, async (req, res) => {
    const { queue } = ZQueueQuery.parse(req.query);
    res.set('Cache-Control', 'no-store').json(await service.moderationQueue(db, requireUser(req), queue));
  });
  router.post('/discussions/comments/:id/moderation', moderators, async (req, res) => {
    const { id } = ZCommentParams.parse(req.params);
    res.json(await service.moderate(db, requireUser(req), id, ZModeration.parse(req.body)));
  });
  router.put('/discussions/mutes/:userId', moderators, async (req, res) => {
    const { userId } = ZUserParams.parse(req.params);
    res.json(await service.mute(db, requireUser(req), userId, ZMute.parse(req.body)));
  });
  router.delete('/discussions/mutes/:userId', moderators, async (req, res) => {
    await service.unmute(db, requireUser(req), ZUserParams.parse(req.params).userId);
    res.status(204).end();
  });
  router.get('/discussions/audit', moderators, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.auditLog(db, ZAuditQuery.parse(req.query)));
  });
  router.get('/staff/reports/:course/discussions', staff, async (req, res) => {
    const { course } = ZParticipationQuery.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await participationReport(db, course));
  });

  router.get('/me/notifications', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.notifications(db, requireUser(req)));
  });
  router.post('/me/notifications/read', async (req, res) => {
    await service.markNotificationsRead(db, requireUser(req));
    res.status(204).end();
  });
  router.get('/me/discussion-digest', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.digestSetting(db, requireUser(req)));
  });
  router.put('/me/discussion-digest', async (req, res) => {
    const { frequency } = ZDigest.parse(req.body);
    res.json(await service.setDigestSetting(db, requireUser(req), frequency));
  });
  return router;
}

const page = (lang: string, title: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The digest's unsubscribe link, mounted before the CSRF check: the token in the link is the
 * authority, so it works from the mail without signing in. GET only asks (mail scanners open links);
 * POST, from the page's button or a mail client's one-click (RFC 8058), unsubscribes.
 */
export function unsubscribeRoutes(db: Db): Router {
  const router = Router();
  const texts = (req: Request) => {
    const lang = requestedLocales(req, undefined)[0] ?? 'en';
    return { lang, t: serverT(lang, 'discussion') };
  };
  router.get('/discussions/unsubscribe', (req, res) => {
    const { token } = ZUnsubscribe.parse(req.query);
    const { lang, t } = texts(req);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        page(
          lang,
          t('unsubscribe.title'),
          `<p>${t('unsubscribe.ask')}</p><form method="post" action="?token=${escapeHtml(token)}"><button type="submit">${t('unsubscribe.button')}</button></form>`,
        ),
      );
  });
  router.post('/discussions/unsubscribe', async (req, res) => {
    const { token } = ZUnsubscribe.parse(req.query);
    await service.unsubscribe(db, token);
    const { lang, t } = texts(req);
    if (req.accepts(['html', 'json']) === 'json') res.json({ frequency: 'off' });
    else res.type('html').send(page(lang, t('unsubscribe.title'), `<p role="status">${t('unsubscribe.done')}</p>`));
  });
  return router;
}
