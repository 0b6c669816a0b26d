import { randomBytes, randomUUID } from 'node:crypto';
import type { SessionUser } from '../auth/service';
import { getCourse, getOutline } from '../catalog/service';
import type { Db } from '../lib/db';
import type { Role } from '../lib/db/schema';
import { Conflict, Forbidden, NotFound } from '../lib/errors';
import type { Lrs } from '../xapi/lrs';
import { newStatement } from '../xapi/service';
import { commentedStatement } from './xapi';
import {
  EDIT_MINUTES,
  LINKS_AFTER_HOURS,
  REPORTS_TO_HIDE,
  type Frequency,
  type TAuditQuery,
  type TListQuery,
  type TModeration,
  type TNewComment,
} from './schema';
import { languageCounts, languageCountsChanged } from './language-counts';
import { commentHtml } from './rendered';
import * as store from './store';

export const MODERATORS: readonly Role[] = ['trainer', 'staff', 'admin'];
export const isModerator = (user: SessionUser | undefined) => Boolean(user && MODERATORS.includes(user.role));

export type Viewer = SessionUser | undefined;

/** What a reader sees of a comment. `text` (the Markdown) only goes to its author, for editing. */
function present(row: store.CommentRow, viewer: Viewer, now = Date.now()) {
  const mine = viewer?.id === row.author_id;
  const moderator = isModerator(viewer);
  const gone = row.deleted_at !== null || row.body === null;
  const linksClickable = now - new Date(row.author_since).getTime() >= LINKS_AFTER_HOURS * 3600_000;
  return {
    id: row.id,
    parentId: row.parent_id,
    language: row.language,
    html: gone ? null : commentHtml(row.id, row.edited_at, row.body!, linksClickable),
    ...(mine && !gone ? { text: row.body } : {}),
    author: {
      name: row.author_gone ? null : row.author_name,
      former: row.author_gone,
      role: row.author_role === 'learner' ? null : row.author_role,
      ...(moderator ? { id: row.author_id } : {}),
    },
    createdAt: row.created_at,
    edited: row.edited_at !== null,
    deleted: gone,
    hidden: row.hidden_at !== null,
    pinned: row.pinned_at !== null,
    helpful: row.helpful_at !== null,
    likes: row.like_count,
    liked: row.liked,
    replyCount: row.reply_count,
    mine,
    canEdit: mine && !gone && now - new Date(row.created_at).getTime() < EDIT_MINUTES * 60_000,
    ...(moderator ? { reports: row.report_count } : {}),
  };
}
export type PresentedComment = ReturnType<typeof present>;

export async function listComments(db: Db, place: store.Place, viewer: Viewer, query: TListQuery) {
  const view = await store.discussionView(db, place, {
    viewer: viewer?.id,
    moderator: isModerator(viewer),
    sort: query.sort,
    filter: viewer ? query.filter : 'all',
    languages: query.languages,
    after: query.after,
    limit: query.limit,
    withPinned: !query.after && query.filter === 'all',
  });
  if (!view) return { stepId: place.stepId, comments: [], next: null, languages: {}, following: false };
  const languages = await languageCounts(db, view.discussionId);
  const more = view.page.length > query.limit;
  const shown = view.page.slice(0, query.limit);
  const now = Date.now();
  return {
    stepId: place.stepId,
    comments: [...view.pinned, ...shown].map((c) => ({
      ...present(c, viewer, now),
      replies: view.replies.filter((r) => r.parent_id === c.id).map((r) => present(r, viewer, now)),
    })),
    next: more ? shown.at(-1)!.id : null,
    languages,
    following: view.following,
  };
}

/** Posting needs a confirmed e-mail, a display name, and no running mute. */
async function requirePoster(db: Db, user: SessionUser): Promise<void> {
  if (!user.emailVerified)
    throw new Forbidden('Confirm your e-mail address before taking part in discussions.', {
      reason: 'discussion.unverified',
    });
  if (!user.displayName?.trim())
    throw new Forbidden('Choose a display name in your account before taking part in discussions.', {
      reason: 'discussion.no_display_name',
    });
  const mute = await store.muteOf(db, user.id);
  if (mute && mute.until.getTime() > Date.now())
    throw new Forbidden(
      `A moderator has paused your posting in discussions until ${mute.until.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      { reason: 'discussion.muted', until: mute.until },
    );
}

async function requireModulePlace(db: Db, place: store.Place): Promise<void> {
  const course = await getCourse(db, place.courseId, []);
  for (const release of [...course.releases].reverse()) {
    const outline = await getOutline(db, place.courseId, release.id, []);
    if (outline.modules.some((m) => m.id === place.moduleId)) return;
  }
  throw new NotFound(`Course "${place.courseId}" has no module "${place.moduleId}".`);
}

export type DiscussionDeps = Lrs;

/**
 * Posts a comment or a reply (one level: a reply to a reply joins the same thread), follows the
 * discussion for its author, tells the people concerned, and records `commented` in the LRS, all
 * in one transaction.
 */
export async function postComment(deps: DiscussionDeps, place: store.Place, user: SessionUser, input: TNewComment) {
  const { db } = deps;
  let [, discussion] = await Promise.all([requirePoster(db, user), store.findDiscussion(db, place)]);
  if (!discussion) {
    await requireModulePlace(db, place);
    discussion = await store.ensureDiscussion(db, randomUUID(), place);
  }
  let parent: store.CommentRow | undefined;
  if (input.parentId) {
    parent = await store.commentById(db, input.parentId);
    if (!parent || parent.discussion_id !== discussion.id)
      throw new NotFound('The comment you reply to is not in this discussion.');
    if (parent.parent_id) parent = await store.commentById(db, parent.parent_id);
    if (!parent || parent.deleted_at || (parent.hidden_at && !isModerator(user)))
      throw new Conflict('The comment you reply to was removed: write a new comment instead.', {
        reason: 'discussion.parent_removed',
      });
  }
  const id = randomUUID();
  const now = new Date();
  const language = input.language ?? user.preferredLocale ?? 'en';
  const discussionId = discussion.id;
  const tellParentAuthor = parent && parent.author_id !== user.id && !parent.author_gone ? parent.author_id : null;
  const row = await db.transaction(async (tx) => {
    const added = await store.addComment(
      tx,
      { id, discussionId, parentId: parent?.id ?? null, authorId: user.id, language, body: input.text, createdAt: now },
      tellParentAuthor,
    );
    await deps.store(
      { kind: 'learner', userId: user.id },
      newStatement(
        commentedStatement({ publicUrl: deps.publicUrl, userId: user.id, ...place, language, commentId: id }),
        now,
      ),
      '1.0.3',
      { within: tx },
    );
    return added;
  });
  languageCountsChanged(db, discussionId);
  return { ...present(row, user), replies: [] };
}

async function requireComment(db: Db, id: string, viewer?: string) {
  const row = await store.commentById(db, id, viewer);
  if (!row) throw new NotFound('There is no such comment.');
  return row;
}

async function requireVisible(db: Db, id: string, user: SessionUser) {
  const row = await requireComment(db, id, user.id);
  if ((row.hidden_at && row.author_id !== user.id && !isModerator(user)) || row.deleted_at)
    throw new NotFound('There is no such comment.');
  return row;
}

export async function editComment(db: Db, user: SessionUser, id: string, input: { text: string; language?: string }) {
  await requirePoster(db, user);
  const row = await requireComment(db, id, user.id);
  if (row.author_id !== user.id) throw new Forbidden('You can edit only your own comments.');
  if (row.deleted_at) throw new Conflict('This comment was deleted.', { reason: 'discussion.comment_deleted' });
  if (Date.now() - new Date(row.created_at).getTime() >= EDIT_MINUTES * 60_000)
    throw new Conflict(`A comment can be edited for ${EDIT_MINUTES} minutes after posting: write a reply instead.`, {
      reason: 'discussion.edit_window',
      minutes: EDIT_MINUTES,
    });
  await store.updateComment(db, id, {
    body: input.text,
    language: input.language ?? row.language,
    editedAt: new Date(),
  });
  if (input.language && input.language !== row.language) languageCountsChanged(db, row.discussion_id);
  return present((await store.commentById(db, id, user.id))!, user);
}

/** The author removes their comment; one that has replies stays as "deleted" so the replies keep their place. */
export async function deleteComment(db: Db, user: SessionUser, id: string): Promise<void> {
  const row = await requireComment(db, id, user.id);
  if (row.author_id !== user.id) throw new Forbidden('You can delete only your own comments.');
  await store.updateComment(db, id, { body: null, deletedAt: new Date() });
  languageCountsChanged(db, row.discussion_id);
}

export async function like(db: Db, user: SessionUser, id: string, on: boolean) {
  await requireVisible(db, id, user);
  if (on) await store.addLike(db, id, user.id);
  else await store.removeLike(db, id, user.id);
  const row = (await store.commentById(db, id, user.id))!;
  return { likes: row.like_count, liked: row.liked };
}

export async function setFollow(db: Db, place: store.Place, user: SessionUser, on: boolean) {
  let discussion = await store.findDiscussion(db, place);
  if (!discussion) {
    if (!on) return { following: false };
    await requireModulePlace(db, place);
    discussion = await store.ensureDiscussion(db, randomUUID(), place);
  }
  if (on) await store.follow(db, discussion.id, user.id);
  else await store.unfollow(db, discussion.id, user.id);
  return { following: on };
}

/** Trainers, staff and admins pin a comment to the top, or mark an answer as helpful. */
export async function mark(db: Db, user: SessionUser, id: string, what: 'pin' | 'helpful', on: boolean) {
  await requireVisible(db, id, user);
  await store.updateComment(
    db,
    id,
    what === 'pin' ? { pinnedAt: on ? new Date() : null } : { helpfulAt: on ? new Date() : null },
  );
  await store.audit(db, {
    actorId: user.id,
    action: `${on ? '' : 'un'}${what === 'pin' ? 'pin' : 'mark-helpful'}`,
    commentId: id,
    reason: '-',
  });
  return { [what === 'pin' ? 'pinned' : 'helpful']: on };
}

/** A report per person and comment; the third distinct reporter since the last review hides it. */
export async function report(db: Db, user: SessionUser, id: string, input: { reason: string; note?: string }) {
  const row = await requireVisible(db, id, user);
  if (row.author_id === user.id)
    throw new Conflict('You cannot report your own comment: delete it instead.', { reason: 'discussion.own_comment' });
  const raw = await requireRawComment(db, id);
  const result = await db.transaction(async (tx) => {
    const { added, reporters } = await store.addReport(
      tx,
      { commentId: id, reporterId: user.id, reason: input.reason, note: input.note ?? null },
      raw.reviewedAt,
    );
    if (!added)
      throw new Conflict('You have already reported this comment; a moderator will look at it.', {
        reason: 'discussion.already_reported',
      });
    let hidden = row.hidden_at !== null;
    if (!hidden && reporters >= REPORTS_TO_HIDE) {
      hidden = true;
      await store.updateComment(tx, id, { hiddenAt: new Date() });
      await store.audit(tx, {
        actorId: null,
        action: 'auto-hide',
        commentId: id,
        targetUserId: row.author_id,
        reason: `${reporters} people reported it`,
      });
    }
    return { reported: true, hidden };
  });
  if (result.hidden) languageCountsChanged(db, row.discussion_id);
  return result;
}

async function requireRawComment(db: Db, id: string) {
  const row = await store.commentById(db, id);
  if (!row) throw new NotFound('There is no such comment.');
  const reviewed = await store.reviewedAt(db, id);
  return { ...row, reviewedAt: reviewed };
}

export async function moderationQueue(db: Db, user: SessionUser, kind: 'reported' | 'hidden' | 'new-accounts') {
  const list = await store.queue(db, kind);
  const reports = await store.reportsOf(
    db,
    list.map((c) => c.id),
  );
  return {
    queue: kind,
    comments: list.map((c) => ({
      ...present(c, user),
      text: c.body,
      place: { course: c.course_id, module: c.module_id, step: c.step_id },
      reportReasons: reports
        .filter((r) => r.comment_id === c.id)
        .map((r) => ({ reason: r.reason, note: r.note, at: r.created_at })),
    })),
  };
}

/** Hide, restore or delete, with the reason logged and the author told. */
export async function moderate(db: Db, user: SessionUser, id: string, input: TModeration) {
  const row = await requireComment(db, id);
  const now = new Date();
  await db.transaction(async (tx) => {
    const changes =
      input.action === 'hide'
        ? { hiddenAt: now, reviewedAt: now }
        : input.action === 'restore'
          ? { hiddenAt: null, reviewedAt: now }
          : { body: null, deletedAt: now, reviewedAt: now };
    await store.updateComment(tx, id, changes);
    await store.audit(tx, {
      actorId: user.id,
      action: input.action,
      commentId: id,
      targetUserId: row.author_id,
      reason: input.reason,
    });
    if (!row.author_gone && row.author_id !== user.id)
      await store.addNotifications(tx, [
        {
          userId: row.author_id,
          kind: 'moderation',
          discussionId: row.discussion_id,
          commentId: id,
          actorId: null,
          detail: `${input.action}: ${input.reason}`,
        },
      ]);
  });
  languageCountsChanged(db, row.discussion_id);
  return { action: input.action };
}

export async function mute(db: Db, user: SessionUser, target: string, input: { days: number; reason: string }) {
  if (target === user.id) throw new Conflict('You cannot mute yourself.');
  const until = new Date(Date.now() + input.days * 86_400_000);
  await db.transaction(async (tx) => {
    await store.setMute(tx, { userId: target, until, reason: input.reason, mutedBy: user.id });
    await store.audit(tx, {
      actorId: user.id,
      action: 'mute',
      targetUserId: target,
      reason: `${input.days} days: ${input.reason}`,
    });
  });
  return { userId: target, until };
}

export async function unmute(db: Db, user: SessionUser, target: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await store.removeMute(tx, target))) throw new NotFound('This account is not muted.');
    await store.audit(tx, { actorId: user.id, action: 'unmute', targetUserId: target, reason: '-' });
  });
}

export async function notifications(db: Db, user: SessionUser) {
  const list = await store.notificationsOf(db, user.id);
  return {
    unread: await store.unreadCount(db, user.id),
    notifications: list.map((n) => ({
      id: n.id,
      kind: n.kind,
      detail: n.detail,
      at: n.created_at,
      read: n.read_at !== null,
      commentId: n.comment_id,
      place: { course: n.course_id, module: n.module_id, step: n.step_id },
      actor: n.actor_name,
      excerpt: n.excerpt,
      language: n.language,
    })),
  };
}

export const markNotificationsRead = (db: Db, user: SessionUser) => store.markRead(db, user.id);

export async function digestSetting(db: Db, user: SessionUser) {
  return { frequency: ((await store.digestOf(db, user.id))?.frequency ?? 'off') as Frequency };
}

export async function setDigestSetting(db: Db, user: SessionUser, frequency: Frequency) {
  const existing = await store.digestOf(db, user.id);
  await store.setDigest(db, user.id, frequency, existing?.unsubscribeToken ?? randomBytes(24).toString('base64url'));
  return { frequency };
}

export async function unsubscribe(db: Db, token: string): Promise<void> {
  if (!(await store.unsubscribeByToken(db, token)))
    throw new NotFound('This unsubscribe link is not known: it may be from an account that no longer exists.');
}

/** The audit log for moderators: filtered, a page at a time, newest first. */
export async function auditLog(db: Db, query: TAuditQuery) {
  const page = await store.auditPage(db, {
    action: query.action,
    courseId: query.course,
    person: query.person,
    from: query.from,
    until: query.to && new Date(query.to.getTime() + 86_400_000),
    before: query.before,
    limit: query.limit + 1,
  });
  const shown = page.slice(0, query.limit);
  return {
    entries: shown.map((e) => ({
      id: Number(e.id),
      at: e.at,
      action: e.action,
      reason: e.reason,
      commentId: e.comment_id,
      targetUserId: e.target_user_id,
      /** Null for the platform's own actions, such as hiding a comment after enough reports. */
      by: e.actor_name,
      byRole: e.actor_role,
      byFormer: Boolean(e.actor_gone),
      target: e.target_gone === null ? null : { name: e.target_gone ? null : e.target_name, former: e.target_gone },
      comment: e.comment_id
        ? {
            excerpt: e.comment_deleted ? null : e.excerpt,
            language: e.comment_language,
            deleted: Boolean(e.comment_deleted),
            place: e.course_id ? { course: e.course_id, module: e.module_id!, step: e.step_id! } : null,
          }
        : null,
    })),
    next: page.length > query.limit ? Number(shown.at(-1)!.id) : null,
  };
}

/**
 * How many comments others posted since the reader last looked, for "N new comments — show". The
 * answer carries the server's time to ask from next, so the reader's clock does not matter.
 */
export async function newSince(
  db: Db,
  place: store.Place,
  viewer: Viewer,
  query: { since?: string; languages: string[] },
) {
  const checkedAt = new Date();
  if (!query.since) return { count: 0, checkedAt };
  const discussion = await store.findDiscussion(db, place);
  const count = discussion
    ? await store.countSince(db, discussion.id, new Date(query.since), viewer?.id, isModerator(viewer), query.languages)
    : 0;
  return { count, checkedAt };
}
