import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../lib/db';
import {
  discussionAudit,
  discussionComments,
  discussionDigests,
  discussionFollows,
  discussionLikes,
  discussionMutes,
  discussionNotifications,
  discussionReports,
  discussions,
} from '../lib/db/schema';
import type { Frequency } from './schema';

export type DiscussionRecord = typeof discussions.$inferSelect;
export type CommentRecord = typeof discussionComments.$inferSelect;

export interface Place {
  courseId: string;
  moduleId: string;
  stepId: string;
}

export async function findDiscussion(db: Executor, place: Place): Promise<DiscussionRecord | undefined> {
  const [row] = await db
    .select()
    .from(discussions)
    .where(
      and(
        eq(discussions.courseId, place.courseId),
        eq(discussions.moduleId, place.moduleId),
        eq(discussions.stepId, place.stepId),
      ),
    );
  return row;
}

export async function findDiscussionById(db: Executor, id: string): Promise<DiscussionRecord | undefined> {
  const [row] = await db.select().from(discussions).where(eq(discussions.id, id));
  return row;
}

export async function ensureDiscussion(db: Executor, id: string, place: Place): Promise<DiscussionRecord> {
  await db
    .insert(discussions)
    .values({ id, ...place })
    .onConflictDoNothing();
  return (await findDiscussion(db, place))!;
}

/** A comment with what readers see of its author. */
export interface CommentRow {
  id: string;
  discussion_id: string;
  parent_id: string | null;
  author_id: string;
  language: string;
  body: string | null;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  pinned_at: Date | null;
  helpful_at: Date | null;
  like_count: number;
  reply_count: number;
  report_count: number;
  author_name: string | null;
  author_role: string;
  author_since: Date;
  author_gone: boolean;
  liked: boolean;
}

const fields = (viewer: string | undefined) => sql`c.id, c.discussion_id, c.parent_id, c.author_id, c.language,
  c.body, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.pinned_at, c.helpful_at, c.like_count,
  c.reply_count, c.report_count, u.display_name as author_name, u.role as author_role,
  u.created_at as author_since, (u.deleted_at is not null) as author_gone,
  ${viewer ? sql`exists(select 1 from discussion_likes l where l.comment_id = c.id and l.user_id = ${viewer})` : sql`false`} as liked`;

/** Who may see what: moderators see everything; others see what is not hidden (their own too) and not gone. */
function visible(viewer: string | undefined, moderator: boolean, topLevel: boolean): SQL {
  if (moderator) return topLevel ? sql`(c.deleted_at is null or c.reply_count > 0)` : sql`c.deleted_at is null`;
  const notHidden = viewer ? sql`(c.hidden_at is null or c.author_id = ${viewer})` : sql`c.hidden_at is null`;
  return topLevel
    ? sql`${notHidden} and (c.deleted_at is null or c.reply_count > 0)`
    : sql`${notHidden} and c.deleted_at is null`;
}

export interface PageQuery {
  viewer?: string;
  moderator: boolean;
  sort: 'newest' | 'oldest' | 'liked';
  filter: 'all' | 'mine' | 'replies-to-me';
  languages: string[];
  after?: string;
  limit: number;
  /** The first page of the unfiltered list starts with the pinned comments. */
  withPinned: boolean;
}

export interface DiscussionView {
  discussionId: string;
  /** Up to limit + 1 top-level comments: one more than shown tells that there is a next page. */
  page: CommentRow[];
  pinned: CommentRow[];
  /** Replies to the comments of the page (without its extra one) and to the pinned ones. */
  replies: CommentRow[];
  following: boolean;
}

/**
 * One page of a discussion in one round trip: the page of top-level comments by keyset (the next
 * page starts after the last comment of this one, so page 500 costs what page 1 costs: indexes
 * discussion_comments_page_idx / _liked_idx), the pinned comments, the replies to all of them and
 * whether the viewer follows. Undefined when the place has no discussion yet.
 */
export async function discussionView(db: Executor, place: Place, q: PageQuery): Promise<DiscussionView | undefined> {
  const where: SQL[] = [
    sql`c.discussion_id = (select id from d)`,
    sql`c.parent_id is null`,
    sql`c.pinned_at is null`,
    visible(q.viewer, q.moderator, true),
  ];
  if (q.languages.length)
    where.push(
      sql`c.language in (${sql.join(
        q.languages.map((l) => sql`${l}`),
        sql`, `,
      )})`,
    );
  if (q.filter === 'mine' && q.viewer) where.push(sql`c.author_id = ${q.viewer}`);
  if (q.filter === 'replies-to-me' && q.viewer)
    where.push(
      sql`c.author_id = ${q.viewer} and exists(select 1 from discussion_comments r where r.parent_id = c.id and r.author_id <> ${q.viewer} and r.deleted_at is null)`,
    );
  let order: SQL;
  if (q.sort === 'liked') {
    if (q.after)
      where.push(
        sql`(c.like_count, c.created_at, c.id) < (select a.like_count, a.created_at, a.id from discussion_comments a where a.id = ${q.after})`,
      );
    order = sql`c.like_count desc, c.created_at desc, c.id desc`;
  } else if (q.sort === 'oldest') {
    if (q.after)
      where.push(
        sql`(c.created_at, c.id) > (select a.created_at, a.id from discussion_comments a where a.id = ${q.after})`,
      );
    order = sql`c.created_at asc, c.id asc`;
  } else {
    if (q.after)
      where.push(
        sql`(c.created_at, c.id) < (select a.created_at, a.id from discussion_comments a where a.id = ${q.after})`,
      );
    order = sql`c.created_at desc, c.id desc`;
  }
  const pinned = q.withPinned
    ? sql`select ${fields(q.viewer)}, row_number() over (order by c.pinned_at desc) as ord
        from discussion_comments c join users u on u.id = c.author_id
        where c.discussion_id = (select id from d) and c.parent_id is null and c.pinned_at is not null
          and ${visible(q.viewer, q.moderator, true)}`
    : sql`select ${fields(q.viewer)}, 0::bigint as ord from discussion_comments c join users u on u.id = c.author_id where false`;
  const following = q.viewer
    ? sql`exists(select 1 from discussion_follows f where f.discussion_id = (select id from d) and f.user_id = ${q.viewer})`
    : sql`false`;
  const result = await rows<
    CommentRow & { kind: 'page' | 'pinned' | 'reply' | 'none'; did: string; following: boolean }
  >(
    db,
    sql`with d as (
        select id from discussions
        where course_id = ${place.courseId} and module_id = ${place.moduleId} and step_id = ${place.stepId}
      ),
      page as (
        select ${fields(q.viewer)}, row_number() over (order by ${order}) as ord
        from discussion_comments c join users u on u.id = c.author_id
        where ${sql.join(where, sql` and `)} order by ${order} limit ${q.limit + 1}
      ),
      pinned as (${pinned}),
      parents as (
        select id from page where ord <= ${q.limit} and reply_count > 0
        union all select id from pinned where reply_count > 0
      ),
      replies as (
        select ${fields(q.viewer)}, row_number() over (order by c.created_at asc, c.id asc) as ord
        from discussion_comments c join users u on u.id = c.author_id
        where c.parent_id in (select id from parents) and ${visible(q.viewer, q.moderator, false)}
      ),
      shown as (
        select 'page' as kind, * from page
        union all select 'pinned', * from pinned
        union all select 'reply', * from replies
      )
      select d.id as did, ${following} as following, s.*
      from d left join shown s on true
      order by s.kind, s.ord`,
    { prepared: true },
  );
  if (!result.length) return undefined;
  const of = (kind: string) =>
    result
      .filter((r) => r.kind === kind)
      .map(
        ({
          kind: _k,
          did: _d,
          following: _f,
          ord: _o,
          ...row
        }: CommentRow & { kind: string; did: string; following: boolean; ord?: unknown }) => row,
      );
  return {
    discussionId: result[0].did,
    page: of('page'),
    pinned: of('pinned'),
    replies: of('reply'),
    following: result[0].following,
  };
}

export async function commentById(db: Executor, id: string, viewer?: string): Promise<CommentRow | undefined> {
  const [row] = await rows<CommentRow>(
    db,
    sql`select ${fields(viewer)} from discussion_comments c join users u on u.id = c.author_id where c.id = ${id}`,
    { prepared: true },
  );
  return row;
}

/** Comments per language that a reader can see, replies included. */
export async function languageCounts(db: Executor, discussionId: string): Promise<Record<string, number>> {
  const result = await rows<{ language: string; n: number }>(
    db,
    sql`select language, count(*)::int as n from discussion_comments
      where discussion_id = ${discussionId} and hidden_at is null and deleted_at is null group by language`,
  );
  return Object.fromEntries(result.map((r) => [r.language, r.n]));
}

/**
 * Posts a comment in one statement: stores it (and counts it as a reply of its parent), makes its
 * author follow the discussion, and tells the parent's author (when named). The other followers are not
 * told here: their notifications are computed when read (`notificationsOf`).
 * Returns the comment as its author reads it.
 */
export async function addComment(
  db: Executor,
  comment: {
    id: string;
    discussionId: string;
    parentId: string | null;
    authorId: string;
    language: string;
    body: string;
    createdAt: Date;
  },
  tellParentAuthor: string | null,
): Promise<CommentRow> {
  const { id, discussionId, parentId, authorId } = comment;
  const [row] = await rows<CommentRow>(
    db,
    sql`with c as (
        insert into discussion_comments (id, discussion_id, parent_id, author_id, language, body, created_at)
        values (${id}, ${discussionId}, ${parentId}, ${authorId}, ${comment.language}, ${comment.body}, ${comment.createdAt})
        returning *
      ),
      parent as (
        update discussion_comments set reply_count = reply_count + 1 where ${parentId}::uuid is not null and id = ${parentId}
      ),
      follow as (
        insert into discussion_follows (discussion_id, user_id) values (${discussionId}, ${authorId}) on conflict do nothing
      ),
      told as (
        insert into discussion_notifications (user_id, kind, discussion_id, comment_id, actor_id)
        select ${tellParentAuthor}::uuid, 'reply', ${discussionId}::uuid, ${id}::uuid, ${authorId}::uuid
          where ${tellParentAuthor}::uuid is not null
      )
      select ${fields(authorId)} from c join users u on u.id = c.author_id`,
    { prepared: true },
  );
  return row;
}

export async function updateComment(
  db: Executor,
  id: string,
  changes: Partial<typeof discussionComments.$inferInsert>,
): Promise<void> {
  await db.update(discussionComments).set(changes).where(eq(discussionComments.id, id));
}

export async function addLike(db: Executor, commentId: string, userId: string): Promise<void> {
  const added = await db.insert(discussionLikes).values({ commentId, userId }).onConflictDoNothing().returning();
  if (added.length)
    await db
      .update(discussionComments)
      .set({ likeCount: sql`${discussionComments.likeCount} + 1` })
      .where(eq(discussionComments.id, commentId));
}

export async function removeLike(db: Executor, commentId: string, userId: string): Promise<void> {
  const removed = await db
    .delete(discussionLikes)
    .where(and(eq(discussionLikes.commentId, commentId), eq(discussionLikes.userId, userId)))
    .returning();
  if (removed.length)
    await db
      .update(discussionComments)
      .set({ likeCount: sql`greatest(${discussionComments.likeCount} - 1, 0)` })
      .where(eq(discussionComments.id, commentId));
}

export async function follow(db: Executor, discussionId: string, userId: string): Promise<void> {
  await db.insert(discussionFollows).values({ discussionId, userId }).onConflictDoNothing();
}

export async function unfollow(db: Executor, discussionId: string, userId: string): Promise<void> {
  await db
    .delete(discussionFollows)
    .where(and(eq(discussionFollows.discussionId, discussionId), eq(discussionFollows.userId, userId)));
}

/** Adds a report once per reporter; returns the number of distinct reporters since the last review. */
export async function addReport(
  db: Executor,
  report: typeof discussionReports.$inferInsert,
  since: Date | null,
): Promise<{ added: boolean; reporters: number }> {
  const added = await db.insert(discussionReports).values(report).onConflictDoNothing().returning();
  if (added.length)
    await db
      .update(discussionComments)
      .set({ reportCount: sql`${discussionComments.reportCount} + 1` })
      .where(eq(discussionComments.id, report.commentId));
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from discussion_reports where comment_id = ${report.commentId}
      ${since ? sql`and created_at > ${since.toISOString()}::timestamptz` : sql``}`,
  );
  return { added: added.length > 0, reporters: n };
}

export async function reportsOf(db: Executor, commentIds: string[]) {
  if (!commentIds.length) return [];
  return rows<{ comment_id: string; reason: string; note: string | null; created_at: Date }>(
    db,
    sql`select comment_id, reason, note, created_at from discussion_reports where comment_id in (${sql.join(
      commentIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) order by created_at`,
  );
}

export type QueueRow = CommentRow & { course_id: string; module_id: string; step_id: string };

/** The moderation queue: reported, hidden, or posted in the last week by accounts younger than a week. */
export async function queue(db: Executor, kind: 'reported' | 'hidden' | 'new-accounts'): Promise<QueueRow[]> {
  const where =
    kind === 'reported'
      ? sql`c.report_count > 0 and c.deleted_at is null and (c.reviewed_at is null or exists(
          select 1 from discussion_reports r where r.comment_id = c.id and r.created_at > c.reviewed_at))`
      : kind === 'hidden'
        ? sql`c.hidden_at is not null and c.deleted_at is null`
        : sql`c.deleted_at is null and c.reviewed_at is null and c.created_at > now() - interval '7 days'
            and u.created_at > now() - interval '7 days'`;
  return rows<QueueRow>(
    db,
    sql`select ${fields(undefined)}, d.course_id, d.module_id, d.step_id
      from discussion_comments c join users u on u.id = c.author_id join discussions d on d.id = c.discussion_id
      where ${where} order by c.created_at desc limit 200`,
  );
}

export async function audit(db: Executor, entry: typeof discussionAudit.$inferInsert): Promise<void> {
  await db.insert(discussionAudit).values(entry);
}

export async function muteOf(db: Executor, userId: string) {
  const [row] = await db.select().from(discussionMutes).where(eq(discussionMutes.userId, userId));
  return row;
}

export async function setMute(db: Executor, mute: typeof discussionMutes.$inferInsert): Promise<void> {
  await db
    .insert(discussionMutes)
    .values(mute)
    .onConflictDoUpdate({
      target: discussionMutes.userId,
      set: { until: mute.until, reason: mute.reason, mutedBy: mute.mutedBy, createdAt: new Date() },
    });
}

export async function removeMute(db: Executor, userId: string): Promise<boolean> {
  return (await db.delete(discussionMutes).where(eq(discussionMutes.userId, userId)).returning()).length > 0;
}

export async function addNotifications(
  db: Executor,
  list: (typeof discussionNotifications.$inferInsert)[],
): Promise<void> {
  if (list.length) await db.insert(discussionNotifications).values(list);
}

export interface NotificationRow {
  /** A stored notification's number, or for a new comment in a followed discussion the comment's id. */
  id: string;
  kind: 'reply' | 'followed' | 'moderation';
  detail: string | null;
  /** As PostgreSQL writes a timestamp: raw rows are not converted. */
  created_at: string;
  read_at: string | null;
  comment_id: string | null;
  discussion_id: string;
  course_id: string;
  module_id: string;
  step_id: string;
  actor_name: string | null;
  excerpt: string | null;
  language: string | null;
}

/**
 * A person's notifications: the stored ones (replies to them, moderation), and the comments others wrote
 * in discussions they follow since they followed, computed here rather than stored as a row per follower
 * when each comment is posted. `since` says from which column of the follow a comment counts
 * (`read_through` for what is unread, `mailed_through` for what the digest has not sent); each followed
 * discussion gives at most `perDiscussion` comments, newest first or oldest first. `userId` is the
 * person's id, or a column of an outer query (the digest's recipients).
 */
function notificationsQuery(
  userId: string | SQL,
  opts: { stored: SQL; since?: SQL; newestFirst: boolean; perDiscussion: number },
): SQL {
  const order = opts.newestFirst ? sql`desc` : sql`asc`;
  const since = opts.since ? sql`greatest(f.created_at, coalesce(${opts.since}, f.created_at))` : sql`f.created_at`;
  return sql`select n.id::text as id, n.kind, n.detail, n.created_at, n.read_at, n.comment_id, n.discussion_id,
        d.course_id, d.module_id, d.step_id, a.display_name as actor_name,
        case when c.hidden_at is null then left(c.body, 200) end as excerpt, c.language
      from discussion_notifications n
      join discussions d on d.id = n.discussion_id
      left join discussion_comments c on c.id = n.comment_id
      left join users a on a.id = n.actor_id
      where n.user_id = ${userId} and ${opts.stored}
    union all
    select c.id::text, 'followed', null, c.created_at,
        case when c.created_at <= f.read_through then f.read_through end, c.id, f.discussion_id,
        d.course_id, d.module_id, d.step_id, a.display_name, left(c.body, 200), c.language
      from discussion_follows f
      join discussions d on d.id = f.discussion_id
      cross join lateral (
        select c.* from discussion_comments c
          left join discussion_comments p on p.id = c.parent_id
          where c.discussion_id = f.discussion_id and c.created_at > ${since} and c.author_id <> f.user_id
            and c.deleted_at is null and c.hidden_at is null and p.author_id is distinct from f.user_id
          order by c.created_at ${order} limit ${opts.perDiscussion}
      ) c
      left join users a on a.id = c.author_id
      where f.user_id = ${userId}`;
}

export async function notificationsOf(db: Executor, userId: string, limit = 50): Promise<NotificationRow[]> {
  return rows<NotificationRow>(
    db,
    sql`${notificationsQuery(userId, { stored: sql`true`, newestFirst: true, perDiscussion: limit })}
      order by created_at desc, id desc limit ${limit}`,
  );
}

/** Counted up to 100 new comments per followed discussion: enough to say "there is news". */
export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (${notificationsQuery(userId, {
      stored: sql`n.read_at is null`,
      since: sql`f.read_through`,
      newestFirst: false,
      perDiscussion: 100,
    })}) x`,
  );
  return n;
}

/** Everything read: the stored notifications and each followed discussion, in one statement. */
export async function markRead(db: Executor, userId: string): Promise<void> {
  await db.execute(
    sql`with stored as (
        update discussion_notifications set read_at = now() where user_id = ${userId} and read_at is null
      )
      update discussion_follows set read_through = now() where user_id = ${userId}`,
  );
}

export async function digestOf(db: Executor, userId: string) {
  const [row] = await db.select().from(discussionDigests).where(eq(discussionDigests.userId, userId));
  return row;
}

export async function setDigest(db: Executor, userId: string, frequency: Frequency, token: string): Promise<void> {
  await db
    .insert(discussionDigests)
    .values({ userId, frequency, unsubscribeToken: token })
    .onConflictDoUpdate({ target: discussionDigests.userId, set: { frequency } });
}

export async function unsubscribeByToken(db: Executor, token: string): Promise<boolean> {
  const done = await db
    .update(discussionDigests)
    .set({ frequency: 'off' })
    .where(eq(discussionDigests.unsubscribeToken, token))
    .returning();
  return done.length > 0;
}

export interface DigestRecipient {
  user_id: string;
  email: string;
  display_name: string | null;
  preferred_locale: string | null;
  unsubscribe_token: string;
}

/** People with this digest frequency who have notifications not yet mailed (seen in the app or not). */
export async function digestRecipients(db: Executor, frequency: Frequency): Promise<DigestRecipient[]> {
  return rows<DigestRecipient>(
    db,
    sql`select g.user_id, u.email, u.display_name, u.preferred_locale, g.unsubscribe_token
      from discussion_digests g join users u on u.id = g.user_id
      where g.frequency = ${frequency} and u.email is not null and u.deleted_at is null and u.disabled_at is null
        and exists(${notificationsQuery(sql`g.user_id`, {
          stored: sql`n.mailed_at is null`,
          since: sql`f.mailed_through`,
          newestFirst: false,
          perDiscussion: 1,
        })})
      order by g.user_id`,
  );
}

export async function unmailedOf(db: Executor, userId: string): Promise<NotificationRow[]> {
  return rows<NotificationRow>(
    db,
    sql`${notificationsQuery(userId, {
      stored: sql`n.mailed_at is null`,
      since: sql`f.mailed_through`,
      newestFirst: false,
      perDiscussion: 100,
    })} order by created_at, id limit 100`,
  );
}

/**
 * The digest sent these, in one statement: stored ones are marked, each followed discussion counts as
 * mailed up to its newest comment sent, and the person's digest as sent now.
 */
export async function markMailed(db: Executor, userId: string, sent: NotificationRow[]): Promise<void> {
  const stored = sent.filter((n) => n.kind !== 'followed').map((n) => Number(n.id));
  const followed = sent
    .filter((n) => n.kind === 'followed')
    .map((n) => ({ discussion: n.discussion_id, at: n.created_at }));
  await db.execute(
    sql`with stored as (
        update discussion_notifications set mailed_at = now()
        where user_id = ${userId} and id in (select json_array_elements_text(${JSON.stringify(stored)}::json)::bigint)
      ), followed as (
        update discussion_follows f set mailed_through = m.at
        from (select discussion, max(at) as at
          from json_to_recordset(${JSON.stringify(followed)}::json) as v(discussion uuid, at timestamptz)
          group by discussion) m
        where f.user_id = ${userId} and f.discussion_id = m.discussion
      )
      update discussion_digests set last_sent_at = now() where user_id = ${userId}`,
  );
}

/** Everything a person wrote or set in discussions, for "Download my data". */
export async function exportOf(db: Executor, userId: string) {
  return {
    comments: await rows(
      db,
      sql`select c.id, c.parent_id, d.course_id, d.module_id, d.step_id, c.language, c.body as text, c.created_at,
        c.edited_at, c.deleted_at, c.like_count from discussion_comments c join discussions d on d.id = c.discussion_id
        where c.author_id = ${userId} order by c.created_at`,
    ),
    likes: await rows(
      db,
      sql`select comment_id, created_at from discussion_likes where user_id = ${userId} order by created_at`,
    ),
    follows: await rows(
      db,
      sql`select d.course_id, d.module_id, d.step_id, f.created_at, f.read_through from discussion_follows f
        join discussions d on d.id = f.discussion_id where f.user_id = ${userId}`,
    ),
    reportsMade: await rows(
      db,
      sql`select comment_id, reason, note, created_at from discussion_reports where reporter_id = ${userId}`,
    ),
    notifications: await rows(
      db,
      sql`select kind, comment_id, created_at, read_at from discussion_notifications where user_id = ${userId} order by id`,
    ),
    digest: (await digestOf(db, userId))?.frequency ?? 'off',
  };
}

/** Erasure: the text of every comment goes; the rows stay so replies keep their place. */
export async function eraseAuthor(db: Executor, userId: string): Promise<void> {
  await db.execute(
    sql`update discussion_comments set body = null, deleted_at = coalesce(deleted_at, now()) where author_id = ${userId}`,
  );
  await db.execute(sql`delete from discussion_follows where user_id = ${userId}`);
  await db.execute(sql`delete from discussion_notifications where user_id = ${userId}`);
  await db.execute(sql`delete from discussion_digests where user_id = ${userId}`);
  await db.execute(sql`update discussion_reports set note = null where reporter_id = ${userId}`);
}

export interface ParticipationRow {
  module_id: string;
  step_id: string;
  group: string | null;
  comments: number;
  participants: number;
}

/** Counts of comments and of people commenting per module and step, optionally split by a profile field. */
export async function participation(
  db: Executor,
  courseId: string,
  split?: 'gender' | 'country',
): Promise<ParticipationRow[]> {
  const group = split === 'gender' ? sql`u.gender` : split === 'country' ? sql`u.country` : sql`null::text`;
  return rows<ParticipationRow>(
    db,
    sql`select d.module_id, d.step_id, ${group} as "group", count(*)::int as comments,
        count(distinct c.author_id)::int as participants
      from discussion_comments c join discussions d on d.id = c.discussion_id join users u on u.id = c.author_id
      where d.course_id = ${courseId} and c.deleted_at is null
      group by d.module_id, d.step_id, ${group} order by d.module_id, d.step_id`,
  );
}

export async function reviewedAt(db: Executor, id: string): Promise<Date | null> {
  const [row] = await db
    .select({ reviewedAt: discussionComments.reviewedAt })
    .from(discussionComments)
    .where(eq(discussionComments.id, id));
  return row?.reviewedAt ?? null;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  reason: string;
  comment_id: string | null;
  target_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_gone: boolean | null;
  target_name: string | null;
  target_gone: boolean | null;
  excerpt: string | null;
  comment_language: string | null;
  comment_deleted: boolean | null;
  course_id: string | null;
  module_id: string | null;
  step_id: string | null;
}

export interface AuditFilter {
  action?: string;
  courseId?: string;
  person?: string;
  from?: Date;
  /** Exclusive: the day after the last day asked for. */
  until?: Date;
  before?: number;
  limit: number;
}

/**
 * A page of the audit log, newest first, with who acted, whom it concerned (the comment's author when
 * the entry names only the comment) and the comment's place and opening words.
 */
export async function auditPage(db: Executor, f: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [sql`true`];
  if (f.action) where.push(sql`a.action = ${f.action}`);
  if (f.courseId) where.push(sql`d.course_id = ${f.courseId}`);
  if (f.from) where.push(sql`a.at >= ${f.from.toISOString()}::timestamptz`);
  if (f.until) where.push(sql`a.at < ${f.until.toISOString()}::timestamptz`);
  if (f.before) where.push(sql`a.id < ${f.before}`);
  if (f.person) {
    const like = `%${f.person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(actor.display_name ilike ${like} or target.display_name ilike ${like})`);
  }
  return rows<AuditRow>(
    db,
    sql`select a.id, a.at, a.action, a.reason, a.comment_id, a.target_user_id,
        actor.display_name as actor_name, actor.role as actor_role, (actor.deleted_at is not null) as actor_gone,
        target.display_name as target_name, (target.deleted_at is not null) as target_gone,
        left(c.body, 160) as excerpt, c.language as comment_language, (c.deleted_at is not null) as comment_deleted,
        d.course_id, d.module_id, d.step_id
      from discussion_audit a
      left join discussion_comments c on c.id = a.comment_id
      left join discussions d on d.id = c.discussion_id
      left join users actor on actor.id = a.actor_id
      left join users target on target.id = coalesce(a.target_user_id, c.author_id)
      where ${sql.join(where, sql` and `)}
      order by a.id desc limit ${f.limit}`,
  );
}

/** How many comments and replies others posted in a discussion after a time (hidden ones only for moderators). */
export async function countSince(
  db: Executor,
  discussionId: string,
  since: Date,
  viewer: string | undefined,
  moderator: boolean,
  languages: string[] = [],
): Promise<number> {
  const inLanguages = languages.length
    ? sql`and c.language in (${sql.join(
        languages.map((l) => sql`${l}`),
        sql`, `,
      )})`
    : sql``;
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from discussion_comments c
      where c.discussion_id = ${discussionId} and c.created_at > ${since.toISOString()}::timestamptz
        and c.deleted_at is null ${moderator ? sql`` : sql`and c.hidden_at is null`} ${inLanguages}
        ${viewer ? sql`and c.author_id <> ${viewer}` : sql``}`,
  );
  return n;
}
