import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows as dbRows } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/db/schema';
import { sendDigests } from '../../server/src/discussions/digest';
import { addComment } from '../../server/src/discussions/store';
import { COMMENTED } from '../../server/src/discussions/xapi';
import { createLogger } from '../../server/src/lib/logger';
import { createMailer } from '../../server/src/lib/mail';
import { renderMarkdown } from '../../server/src/lib/markdown/render';
import { createTestApp, signedIn as signInAs, type TestApp } from '../support/app';
import { startSmtpServer } from '../support/smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const PUBLIC_URL = 'http://localhost:3000';
const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);
let names = 0;
const person = (role: Role = 'learner', name = `Person ${++names}`) => signInAs(t, role, name);
type Person = Awaited<ReturnType<typeof person>>;

let modules = 0;
/** Each test gets its own discussion (a step of the welcome module), so counts never mix. */
const newPlace = () => `/api/courses/sample/modules/welcome/discussion?step=s${++modules}`;
const withQuery = (place: string, query: string) => `${place}&${query}`;

const post = (who: Person, place: string, body: object) => who.agent.post(place).send(body);
const comment = async (who: Person, place: string, text: string, extra: object = {}) =>
  (await post(who, place, { text, ...extra }).expect(201)).body as { id: string; html: string };
const list = async (who: Person | undefined, place: string, query = '') =>
  (await (who ? who.agent : t.request).get(query ? withQuery(place, query) : place).expect(200)).body;

/** Makes the account a month old: its links are clickable and it is no longer new. */
const age = (who: Person) => rows(sql`update users set created_at = now() - interval '30 days' where id = ${who.id}`);

describe('reading and posting', () => {
  it('lets anyone read and only signed-in people with a confirmed e-mail and a display name post', async () => {
    const place = newPlace();
    expect(await list(undefined, place)).toMatchObject({ comments: [], next: null, following: false });
    await t.request.post(place).send({ text: 'hi' }).expect(403); // no CSRF token without a session
    const anna = await person();
    await rows(sql`update users set email_verified_at = null where id = ${anna.id}`);
    const unverified = await post(anna, place, { text: 'Hello' }).expect(403);
    expect(unverified.body.error.message).toMatch(/Confirm your e-mail/);
    await rows(sql`update users set email_verified_at = now(), display_name = null where id = ${anna.id}`);
    const unnamed = await post(anna, place, { text: 'Hello' }).expect(403);
    expect(unnamed.body.error.message).toMatch(/display name/);
    await rows(sql`update users set display_name = 'Anna' where id = ${anna.id}`);
    const posted = await comment(anna, place, 'Hello *everyone*');
    expect(posted.html).toBe('<p>Hello <em>everyone</em></p>\n');
    const seen = await list(undefined, place);
    expect(seen.comments).toEqual([
      expect.objectContaining({ id: posted.id, author: { name: 'Anna', former: false, role: null }, mine: false }),
    ]);
    expect(seen.comments[0].text).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(anna.email);
  });

  it('refuses bad input with a message saying what to fix', async () => {
    const place = newPlace();
    const anna = await person();
    expect((await post(anna, place, { text: '' }).expect(400)).body.error.message).toMatch(/write something/);
    expect((await post(anna, place, { text: 'x'.repeat(3001) }).expect(400)).body.error.message).toMatch(
      /at most 3000 characters/,
    );
    expect((await post(anna, place, { text: 'ok', language: 'Italian' }).expect(400)).body.error.message).toMatch(
      /language must be a language code/,
    );
    await post(anna, '/api/courses/sample/modules/no-such-module/discussion', { text: 'ok' }).expect(404);
    await t.request.get(withQuery(place, 'sort=random')).expect(400);
    await t.request.get('/api/courses/sample/modules/welcome/discussion?step=Bad Step').expect(400);
  });

  it('keeps one level of replies: a reply to a reply joins the thread', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    const question = await comment(anna, place, 'A question');
    const reply = await comment(ben, place, 'An answer', { parentId: question.id });
    const replyToReply = (await post(anna, place, { text: 'Thanks', parentId: reply.id }).expect(201)).body;
    expect(replyToReply.parentId).toBe(question.id);
    const seen = await list(anna, place);
    expect(seen.comments).toHaveLength(1);
    expect(seen.comments[0].replies.map((r: { html: string }) => r.html)).toEqual([
      '<p>An answer</p>\n',
      '<p>Thanks</p>\n',
    ]);
    await post(anna, newPlace(), { text: 'elsewhere', parentId: question.id }).expect(404);
  });

  it('shows raw HTML as text, marks links nofollow ugc, and makes them clickable only for accounts older than a day', async () => {
    const place = newPlace();
    const [young, old] = [await person(), await person()];
    await age(old);
    const text = 'See <script>alert(1)</script> [the guide](https://example.org/guide) ![x](https://example.org/x.png)';
    const fromYoung = await comment(young, place, text);
    expect(fromYoung.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(fromYoung.html).not.toContain('<a ');
    expect(fromYoung.html).toContain('the guide</span> (https://example.org/guide)');
    const fromOld = await comment(old, place, text);
    expect(fromOld.html).toContain('<a href="https://example.org/guide" rel="nofollow ugc noopener">the guide</a>');
    expect(fromOld.html).not.toContain('<img');
    expect(fromOld.html).not.toContain('<script');
    expect((await comment(old, place, '[x](javascript:alert(1))')).html).not.toContain('<a ');
  });

  it('records xAPI commented on the step with the comment id, never its text', async () => {
    const place = newPlace();
    const anna = await person();
    const posted = await comment(anna, place, 'A private thought', { language: 'it' });
    const [statement] = await rows(
      sql`select statement from xapi_statements where verb_id = ${COMMENTED} and statement->'actor'->'account'->>'name' = ${anna.id}`,
    );
    expect(statement.statement).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/commented' },
      object: { id: `${PUBLIC_URL}/courses/sample/modules/welcome/steps/s${modules}` },
      result: { response: posted.id },
      context: { language: 'it' },
    });
    expect(JSON.stringify(statement.statement)).not.toContain('private thought');
  });
});

describe('languages, order and pages', () => {
  it('records each language, filters by the reader’s languages and counts the others', async () => {
    const place = newPlace();
    const anna = await person();
    await rows(sql`update users set preferred_locale = 'de' where id = ${anna.id}`);
    await comment(anna, place, 'Guten Tag');
    await comment(anna, place, 'Buongiorno', { language: 'it' });
    await comment(anna, place, 'Hello', { language: 'en' });
    const all = await list(undefined, place);
    expect(all.languages).toEqual({ de: 1, it: 1, en: 1 });
    const mine = await list(undefined, place, 'languages=it,en');
    expect(mine.comments.map((c: { language: string }) => c.language).sort()).toEqual(['en', 'it']);
    expect(mine.languages).toEqual({ de: 1, it: 1, en: 1 });
  });

  it('pages by keyset through newest, oldest and most liked without gaps or repeats', async () => {
    const place = newPlace();
    const anna = await person();
    const first = await comment(anna, place, 'first');
    const [{ discussion_id }] = await rows(sql`select discussion_id from discussion_comments where id = ${first.id}`);
    const base = Date.now() - 3600_000;
    for (let i = 0; i < 44; i++) {
      const id = randomUUID();
      await addComment(
        t.database.db,
        {
          id,
          discussionId: String(discussion_id),
          parentId: null,
          authorId: anna.id,
          language: 'en',
          body: `comment ${i}`,
          // Some share a millisecond, so the id decides between them.
          createdAt: new Date(base + Math.floor(i / 3) * 1000),
        },
        null,
      );
      await rows(sql`update discussion_comments set like_count = ${i % 5} where id = ${id}`);
    }
    for (const sort of ['newest', 'oldest', 'liked']) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: { comments: { id: string }[]; next: string | null } = await list(
          undefined,
          place,
          `sort=${sort}&limit=10${after ? `&after=${after}` : ''}`,
        );
        seen.push(...page.comments.map((c) => c.id));
        after = page.next;
        pages++;
      } while (after);
      expect(`${sort} ${new Set(seen).size} ${seen.length} ${pages}`).toBe(`${sort} 45 45 5`);
    }
    const newest = (await list(undefined, place, 'limit=2')).comments;
    expect(newest[0].id).toBe(first.id);
    const liked = (await list(undefined, place, 'sort=liked&limit=3')).comments;
    expect(liked.map((c: { likes: number }) => c.likes)).toEqual([4, 4, 4]);
  });

  it('filters my comments and replies to me', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    const mine = await comment(anna, place, 'mine, answered');
    await comment(anna, place, 'mine, unanswered');
    await comment(ben, place, 'answer', { parentId: mine.id });
    await comment(ben, place, 'not mine');
    expect((await list(anna, place, 'filter=mine')).comments).toHaveLength(2);
    const replies = (await list(anna, place, 'filter=replies-to-me')).comments;
    expect(replies.map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });
});

describe('likes, follows, edits and deletion', () => {
  it('counts one like per person and can take it back', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    const posted = await comment(anna, place, 'Like me');
    const url = `/api/discussions/comments/${posted.id}/like`;
    await ben.agent.put(url).expect(200);
    expect((await ben.agent.put(url).expect(200)).body).toEqual({ likes: 1, liked: true });
    expect((await list(ben, place)).comments[0]).toMatchObject({ likes: 1, liked: true });
    expect((await ben.agent.delete(url).expect(200)).body).toEqual({ likes: 0, liked: false });
    await t.request.put(url).expect(403);
  });

  it('lets the author edit for 15 minutes, marked edited, and no longer after', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    const posted = await comment(anna, place, 'Frist');
    expect((await list(anna, place)).comments[0]).toMatchObject({ canEdit: true, text: 'Frist' });
    const url = `/api/discussions/comments/${posted.id}`;
    expect((await ben.agent.patch(url).send({ text: 'mine now' }).expect(403)).body.error.message).toMatch(
      /only your own/,
    );
    const edited = (await anna.agent.patch(url).send({ text: 'First' }).expect(200)).body;
    expect(edited).toMatchObject({ html: '<p>First</p>\n', edited: true });
    // Pages are rendered once and kept: the edit must show on the page read before it too.
    expect((await list(ben, place)).comments[0]).toMatchObject({ html: '<p>First</p>\n', edited: true });
    await rows(sql`update discussion_comments set created_at = now() - interval '16 minutes' where id = ${posted.id}`);
    expect((await anna.agent.patch(url).send({ text: 'Again' }).expect(409)).body.error.message).toMatch(/15 minutes/);
    expect((await list(anna, place)).comments[0].canEdit).toBe(false);
  });

  it('deletes the author’s own comment, keeping it as "deleted" while it has replies', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    const alone = await comment(anna, place, 'Alone');
    const answered = await comment(anna, place, 'Answered');
    await comment(ben, place, 'Reply', { parentId: answered.id });
    await ben.agent.delete(`/api/discussions/comments/${alone.id}`).expect(403);
    await anna.agent.delete(`/api/discussions/comments/${alone.id}`).expect(204);
    await anna.agent.delete(`/api/discussions/comments/${answered.id}`).expect(204);
    const seen = (await list(ben, place)).comments;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: answered.id, deleted: true, html: null });
    expect(seen[0].replies).toHaveLength(1);
  });

  it('notifies the person replied to and the followers of a discussion', async () => {
    const place = newPlace();
    const [anna, ben, cleo] = [await person(), await person(), await person()];
    await cleo.agent.put(place.replace('discussion?', 'discussion/follow?')).expect(200);
    expect((await list(cleo, place)).following).toBe(true);
    const question = await comment(anna, place, 'Question?');
    await comment(ben, place, 'Risposta', { parentId: question.id, language: 'it' });
    const annas = (await anna.agent.get('/api/me/notifications').expect(200)).body;
    expect(annas.unread).toBe(1);
    expect(annas.notifications[0]).toMatchObject({ kind: 'reply', excerpt: 'Risposta', language: 'it' });
    const cleos = (await cleo.agent.get('/api/me/notifications').expect(200)).body;
    expect(cleos.notifications.map((n: { kind: string; excerpt: string }) => [n.kind, n.excerpt])).toEqual([
      ['followed', 'Risposta'],
      ['followed', 'Question?'],
    ]);
    expect(cleos.unread).toBe(2);
    // Anna follows by posting; Ben's reply reaches her once, as a reply, not again as a followed comment.
    expect(annas.notifications).toHaveLength(1);
    await anna.agent.post('/api/me/notifications/read').expect(204);
    expect((await anna.agent.get('/api/me/notifications').expect(200)).body.unread).toBe(0);
    await cleo.agent.post('/api/me/notifications/read').expect(204);
    const read = (await cleo.agent.get('/api/me/notifications').expect(200)).body;
    expect(read.unread).toBe(0);
    expect(read.notifications.map((n: { read: boolean }) => n.read)).toEqual([true, true]);
    const later = await comment(anna, place, 'Later');
    expect((await cleo.agent.get('/api/me/notifications').expect(200)).body.unread).toBe(1);
    await anna.agent.delete(`/api/discussions/comments/${later.id}`).expect(204);
    expect((await cleo.agent.get('/api/me/notifications').expect(200)).body.unread).toBe(0);
    // Unfollowing stops the news from that discussion, the earlier ones included.
    await cleo.agent.delete(place.replace('discussion?', 'discussion/follow?')).expect(200);
    await comment(ben, place, 'more');
    expect((await cleo.agent.get('/api/me/notifications').expect(200)).body.notifications).toHaveLength(0);
  });
});

describe('trainers and moderation', () => {
  it('marks trainers and staff, and lets them pin and mark helpful, not learners', async () => {
    const place = newPlace();
    const [anna, trainer] = [await person(), await person('trainer', 'Tina Trainer')];
    const question = await comment(anna, place, 'Question');
    const answer = await comment(trainer, place, 'Answer', { parentId: question.id });
    await anna.agent.put(`/api/discussions/comments/${question.id}/pin`).expect(403);
    await trainer.agent.put(`/api/discussions/comments/${question.id}/pin`).expect(200);
    await trainer.agent.put(`/api/discussions/comments/${answer.id}/helpful`).expect(200);
    await comment(anna, place, 'Later comment');
    const seen = (await list(anna, place)).comments;
    expect(seen[0]).toMatchObject({ id: question.id, pinned: true });
    expect(seen[0].replies[0]).toMatchObject({ helpful: true, author: { name: 'Tina Trainer', role: 'trainer' } });
  });

  it('hides a comment reported by three different people: invisible to learners, visible to moderators and in the queue', async () => {
    const place = newPlace();
    const [anna, r1, r2, r3, staff] = [
      await person(),
      await person(),
      await person(),
      await person(),
      await person('staff'),
    ];
    const bad = await comment(anna, place, 'Buy cheap watches');
    const reportUrl = `/api/discussions/comments/${bad.id}/reports`;
    expect((await r1.agent.post(reportUrl).send({ reason: 'rude' }).expect(400)).body.error.message).toMatch(
      /reason must be one of/,
    );
    await anna.agent.post(reportUrl).send({ reason: 'spam' }).expect(409);
    expect((await r1.agent.post(reportUrl).send({ reason: 'spam' }).expect(201)).body.hidden).toBe(false);
    await r1.agent.post(reportUrl).send({ reason: 'spam' }).expect(409);
    await r2.agent.post(reportUrl).send({ reason: 'spam' }).expect(201);
    expect((await list(r3, place)).comments).toHaveLength(1);
    expect((await r3.agent.post(reportUrl).send({ reason: 'abuse', note: 'ads' }).expect(201)).body.hidden).toBe(true);
    expect((await list(r3, place)).comments).toHaveLength(0);
    expect((await list(undefined, place)).comments).toHaveLength(0);
    expect((await list(anna, place)).comments[0]).toMatchObject({ hidden: true });
    expect((await list(staff, place)).comments[0]).toMatchObject({ id: bad.id, hidden: true, reports: 3 });
    await r1.agent.get('/api/discussions/moderation').expect(403);
    const hidden = (await staff.agent.get('/api/discussions/moderation?queue=hidden').expect(200)).body;
    const item = hidden.comments.find((c: { id: string }) => c.id === bad.id);
    expect(item).toMatchObject({ text: 'Buy cheap watches', place: { course: 'sample', module: 'welcome' } });
    expect(item.reportReasons.map((r: { reason: string }) => r.reason)).toEqual(['spam', 'spam', 'abuse']);
    const reported = (await staff.agent.get('/api/discussions/moderation?queue=reported').expect(200)).body;
    expect(reported.comments.map((c: { id: string }) => c.id)).toContain(bad.id);
    await staff.agent.get('/api/discussions/moderation?queue=everything').expect(400);
  });

  it('restores, hides and deletes with a logged reason, tells the author, and keeps an audit log', async () => {
    const place = newPlace();
    const [anna, ben, trainer] = [await person(), await person(), await person('trainer')];
    const posted = await comment(anna, place, 'Borderline');
    const url = `/api/discussions/comments/${posted.id}/moderation`;
    await ben.agent.post(url).send({ action: 'hide', reason: 'rude' }).expect(403);
    expect((await trainer.agent.post(url).send({ action: 'hide' }).expect(400)).body.error.message).toMatch(/reason/);
    await trainer.agent.post(url).send({ action: 'hide', reason: 'off topic for now' }).expect(200);
    expect((await list(ben, place)).comments).toHaveLength(0);
    await trainer.agent.post(url).send({ action: 'restore', reason: 'fine after all' }).expect(200);
    expect((await list(ben, place)).comments).toHaveLength(1);
    await trainer.agent.post(url).send({ action: 'delete', reason: 'personal data of a colleague' }).expect(200);
    expect((await list(ben, place)).comments).toHaveLength(0);
    const notes = (await anna.agent.get('/api/me/notifications').expect(200)).body.notifications;
    expect(notes.map((n: { kind: string; detail: string }) => `${n.kind} ${n.detail}`)).toEqual([
      'moderation delete: personal data of a colleague',
      'moderation restore: fine after all',
      'moderation hide: off topic for now',
    ]);
    const log = (await trainer.agent.get('/api/discussions/audit').expect(200)).body.entries;
    expect(
      log
        .filter((e: { commentId: string }) => e.commentId === posted.id)
        .map((e: { action: string; reason: string }) => `${e.action}: ${e.reason}`),
    ).toEqual(['delete: personal data of a colleague', 'restore: fine after all', 'hide: off topic for now']);
  });

  it('lists recent comments of new accounts for review', async () => {
    const place = newPlace();
    const [fresh, old, staff] = [await person(), await person(), await person('admin')];
    await age(old);
    const a = await comment(fresh, place, 'new here');
    const b = await comment(old, place, 'been here');
    const queue = (await staff.agent.get('/api/discussions/moderation?queue=new-accounts').expect(200)).body;
    const ids = queue.comments.map((c: { id: string }) => c.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
  });

  it('mutes a learner for a time: 403 on posting, editing, until unmuted', async () => {
    const place = newPlace();
    const [anna, trainer] = [await person(), await person('trainer')];
    const posted = await comment(anna, place, 'before');
    await anna.agent.put(`/api/discussions/mutes/${trainer.id}`).send({ days: 1, reason: 'nope' }).expect(403);
    const muted = (
      await trainer.agent
        .put(`/api/discussions/mutes/${anna.id}`)
        .send({ days: 3, reason: 'repeated insults' })
        .expect(200)
    ).body;
    expect(new Date(muted.until).getTime()).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
    const refused = await post(anna, place, { text: 'after' }).expect(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'discussion.muted' } });
    await anna.agent.patch(`/api/discussions/comments/${posted.id}`).send({ text: 'edited' }).expect(403);
    expect((await list(undefined, place)).comments).toHaveLength(1);
    await trainer.agent.delete(`/api/discussions/mutes/${anna.id}`).expect(204);
    await post(anna, place, { text: 'after' }).expect(201);
    const log = (await trainer.agent.get('/api/discussions/audit').expect(200)).body.entries;
    expect(
      log.filter((e: { targetUserId: string }) => e.targetUserId === anna.id).map((e: { action: string }) => e.action),
    ).toEqual(['unmute', 'mute']);
  });

  it('keeps a filtered, paged audit log: who did what to whose comment, where, when and why', async () => {
    const place = newPlace();
    const step = `s${modules}`;
    const [anna, ben, trainer] = [
      await person('learner', `Anna Audit ${modules}`),
      await person(),
      await person('trainer', `Tara Audit ${modules}`),
    ];
    const posted = await comment(anna, place, 'A comment to review, with *care*');
    const url = `/api/discussions/comments/${posted.id}`;
    await trainer.agent.post(`${url}/moderation`).send({ action: 'hide', reason: 'checking a link' }).expect(200);
    await trainer.agent.post(`${url}/moderation`).send({ action: 'restore', reason: 'the link is fine' }).expect(200);
    await trainer.agent.put(`${url}/pin`).expect(200);
    await trainer.agent.put(`/api/discussions/mutes/${anna.id}`).send({ days: 2, reason: 'cool down' }).expect(200);

    const audit = async (query: string) =>
      (await trainer.agent.get(`/api/discussions/audit?${query}`).expect(200)).body as {
        entries: {
          id: number;
          action: string;
          reason: string;
          by: string;
          byRole: string;
          target: object;
          comment: object;
        }[];
        next: number | null;
      };
    const who = `person=${encodeURIComponent(`Anna Audit ${modules}`)}`;
    const first = await audit(`${who}&limit=3`);
    expect(first.entries.map((e) => e.action)).toEqual(['mute', 'pin', 'restore']);
    expect(first.entries[2]).toMatchObject({
      reason: 'the link is fine',
      by: `Tara Audit ${modules}`,
      byRole: 'trainer',
      target: { name: `Anna Audit ${modules}`, former: false },
      comment: {
        excerpt: 'A comment to review, with *care*',
        deleted: false,
        place: { course: 'sample', module: 'welcome', step },
      },
    });
    expect(first.entries[0]).toMatchObject({ reason: '2 days: cool down', comment: null });
    expect(first.next).toBe(first.entries[2].id);
    const rest = await audit(`${who}&limit=3&before=${first.next}`);
    expect(rest.entries.map((e) => e.action)).toEqual(['hide']);
    expect(rest.next).toBeNull();

    // The same entries found by the moderator's name, by action, course and day; none outside them.
    expect((await audit(`person=Tara%20Audit%20${modules}&action=hide`)).entries.map((e) => e.reason)).toEqual([
      'checking a link',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await audit(`${who}&from=${today}&to=${today}`)).entries).toHaveLength(4);
    expect((await audit(`${who}&from=2999-01-01`)).entries).toHaveLength(0);
    expect((await audit(`${who}&course=sample`)).entries.map((e) => e.action)).toEqual(['pin', 'restore', 'hide']);
    expect((await audit(`${who}&course=another-course`)).entries).toHaveLength(0);
    expect((await audit('person=%25')).entries.every((e) => JSON.stringify(e).includes('%'))).toBe(true);

    // Learners have no access; bad filters say what to fix.
    await ben.agent.get('/api/discussions/audit').expect(403);
    const bad = async (query: string) =>
      (await trainer.agent.get(`/api/discussions/audit?${query}`).expect(400)).body.error.message as string;
    expect(await bad('action=shout')).toMatch(/action must be one of/);
    expect(await bad('from=2026-02-01&to=2026-01-01')).toMatch(/from must be on or before to/);
    expect(await bad('from=yesterday')).toMatch(/from must be a date/);
    expect(await bad('limit=1000')).toMatch(/limit is at most 100/);
    expect(await bad('before=abc')).toMatch(/before/);
  });

  it('counts comments posted by others since the reader last looked, for a live "new comments" notice', async () => {
    const place = newPlace();
    const newUrl = place.replace('/discussion?', '/discussion/new?');
    const [anna, ben, trainer] = [await person(), await person(), await person('trainer')];
    const since = async (who: Person | undefined, at: string) =>
      (await (who ? who.agent : t.request).get(`${newUrl}&since=${encodeURIComponent(at)}`).expect(200)).body.count;
    const start = (await anna.agent.get(newUrl).expect(200)).body;
    expect(start.count).toBe(0);
    expect(Number.isNaN(Date.parse(start.checkedAt))).toBe(false);

    const question = await comment(ben, place, 'Has anyone tried walking interviews?');
    await comment(anna, place, 'My own comment is not news to me');
    expect(await since(anna, start.checkedAt)).toBe(1);
    await comment(ben, place, 'In Ghent, yes', { parentId: question.id });
    expect(await since(anna, start.checkedAt)).toBe(2);
    expect(await since(undefined, start.checkedAt)).toBe(3);

    // A hidden comment is news only to moderators.
    await trainer.agent
      .post(`/api/discussions/comments/${question.id}/moderation`)
      .send({ action: 'hide', reason: 'checking' })
      .expect(200);
    expect(await since(anna, start.checkedAt)).toBe(1);
    expect(await since(trainer, start.checkedAt)).toBe(3);

    // Asking again from the time of the last answer finds nothing new.
    const later = (await anna.agent.get(`${newUrl}&since=${encodeURIComponent(start.checkedAt)}`).expect(200)).body;
    expect(await since(anna, later.checkedAt)).toBe(0);
    // Counted in the languages the reader's list shows.
    await comment(ben, place, 'Anche a Torino', { language: 'it' });
    const inLanguages = async (languages: string) =>
      (
        await anna.agent
          .get(`${newUrl}&since=${encodeURIComponent(later.checkedAt)}&languages=${languages}`)
          .expect(200)
      ).body.count;
    expect(await inLanguages('it')).toBe(1);
    expect(await inLanguages('de,en')).toBe(0);
    const refused = await anna.agent.get(`${newUrl}&since=yesterday`).expect(400);
    expect(refused.body.error.message).toMatch(/since is a time/);
  });

  it('limits posting per account', async () => {
    const place = newPlace();
    const [anna, ben] = [await person(), await person()];
    for (let i = 0; i < 10; i++) await post(anna, place, { text: `message ${i}` }).expect(201);
    const limited = await post(anna, place, { text: 'one too many' }).expect(429);
    expect(limited.body.error.message).toMatch(/Try again in \d+ minute/);
    await post(ben, place, { text: 'someone else may still post' }).expect(201);
  });
});

describe('privacy', () => {
  it('puts comments in "Download my data" and erases their text and name with the account, keeping replies', async () => {
    const place = newPlace();
    const [anna, ben] = [await person('learner', 'Anna Erased'), await person()];
    const question = await comment(anna, place, 'My question about my city');
    await comment(ben, place, 'An answer', { parentId: question.id });
    const exported = (await anna.agent.get('/api/me/export').expect(200)).body;
    expect(exported.discussions.comments).toEqual([
      expect.objectContaining({ id: question.id, text: 'My question about my city', module_id: 'welcome' }),
    ]);
    expect(exported.discussions.follows).toHaveLength(1);
    await anna.agent.delete('/api/me').send({ confirm: 'DELETE' }).expect(204);
    const seen = (await list(ben, place)).comments;
    expect(seen[0]).toMatchObject({ id: question.id, deleted: true, html: null, author: { name: null, former: true } });
    expect(seen[0].replies[0].html).toBe('<p>An answer</p>\n');
    const [stored] = await rows(sql`select body from discussion_comments where id = ${question.id}`);
    expect(stored.body).toBeNull();
    expect(JSON.stringify(await list(ben, place))).not.toContain('Anna Erased');
  });

  it('reports participation per module and step as counts, never text, hiding groups under five people', async () => {
    const place = newPlace();
    const step = `s${modules}`;
    const staff = await person('staff');
    for (let i = 0; i < 6; i++) {
      const p = await person();
      await rows(sql`update users set gender = ${i < 5 ? 'woman' : 'man'}, country = 'IT' where id = ${p.id}`);
      await comment(p, place, `secret text ${i}`);
    }
    await person().then((p) =>
      t.request
        .get(`/api/staff/reports/sample/discussions`)
        .expect(401)
        .then(() => p),
    );
    const report = (await staff.agent.get('/api/staff/reports/sample/discussions').expect(200)).body;
    expect(JSON.stringify(report)).not.toContain('secret text');
    const row = report.places.find((p: { step: string }) => p.step === step);
    expect(row).toMatchObject({ module: 'welcome', comments: 6, participants: 6 });
    expect(row.byCountry.groups).toEqual([{ group: 'IT', comments: 6, participants: 6 }]);
    // 5 women shown would give away the one man by subtraction: both are hidden.
    expect(row.byGender).toEqual({ groups: [], hiddenGroups: 2 });
  });
});

describe('e-mail digest', () => {
  const mailer = () =>
    createMailer({
      smtpUrl: smtp.url,
      from: 'Atrium <atrium@example.org>',
      mailDir: path.join(os.tmpdir(), 'atrium-test-mail'),
      logger: createLogger('silent'),
    });

  it('is off by default, mails daily with a one-click unsubscribe that needs no sign-in', async () => {
    const place = newPlace();
    const [anna, ben] = [await person('learner', 'Anna Digest'), await person('learner', 'Ben Reply')];
    expect((await anna.agent.get('/api/me/discussion-digest').expect(200)).body).toEqual({ frequency: 'off' });
    await anna.agent.put('/api/me/discussion-digest').send({ frequency: 'hourly' }).expect(400);
    const question = await comment(anna, place, 'Who has tried this?');
    await comment(ben, place, 'Noi a Bologna sì', { parentId: question.id, language: 'it' });
    const deps = { db: t.database.db, mailer: mailer(), publicUrl: PUBLIC_URL };
    await sendDigests(deps, 'daily');
    expect(smtp.mails.filter((m) => m.to.includes(anna.email))).toHaveLength(0);

    await anna.agent.put('/api/me/discussion-digest').send({ frequency: 'daily' }).expect(200);
    const before = smtp.mails.length;
    const progress: string[] = [];
    expect((await sendDigests(deps, 'weekly')).sent).toBe(0);
    await sendDigests(deps, 'daily', (done, total) => progress.push(`${done}/${total}`));
    const mail = await smtp.next(anna.email, before);
    expect(progress.at(-1)).toMatch(/^[1-9]\d*\/[1-9]\d*$/);
    expect(mail.text).toContain('Ben Reply replied to you');
    expect(mail.text).toContain('Noi a Bologna sì');
    const link = /http:\/\/localhost:3000\/api\/discussions\/unsubscribe\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
    const headers = mail.headers.replace(/\r?\n[ \t]+/g, ' '); // long headers are folded
    expect(headers).toContain(`List-Unsubscribe: <${link}>`);
    expect(headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // Already mailed: the next run sends nothing new.
    const after = smtp.mails.length;
    await sendDigests(deps, 'daily');
    expect(smtp.mails.length).toBe(after);

    const url = link.replace(PUBLIC_URL, '');
    const page = await t.request.get(url).expect(200);
    expect(page.text).toContain('<form method="post"');
    expect((await anna.agent.get('/api/me/discussion-digest').expect(200)).body.frequency).toBe('daily');
    await t.request.post(url).set('Accept', 'application/json').send('List-Unsubscribe=One-Click').expect(200);
    expect((await anna.agent.get('/api/me/discussion-digest').expect(200)).body.frequency).toBe('off');
    await t.request.post('/api/discussions/unsubscribe?token=not-a-known-token-at-all').expect(404);
    await t.request.post('/api/discussions/unsubscribe?token=x').expect(400);
  });

  it('mails the new comments of a followed discussion once, and only those after the follow', async () => {
    const place = newPlace();
    const [dora, eli] = [await person('learner', 'Dora Follows'), await person('learner', 'Eli Writes')];
    await comment(eli, place, 'Before Dora followed');
    await dora.agent.put(place.replace('discussion?', 'discussion/follow?')).expect(200);
    await dora.agent.put('/api/me/discussion-digest').send({ frequency: 'weekly' }).expect(200);
    await comment(eli, place, 'Zagreb ran a walk with residents');
    await comment(eli, place, 'Oulu did the same');
    const deps = { db: t.database.db, mailer: mailer(), publicUrl: PUBLIC_URL };
    const before = smtp.mails.length;
    await sendDigests(deps, 'weekly');
    const mail = await smtp.next(dora.email, before);
    expect(mail.text).toContain('Zagreb ran a walk with residents');
    expect(mail.text).toContain('Oulu did the same');
    expect(mail.text).not.toContain('Before Dora followed');
    const after = smtp.mails.length;
    await sendDigests(deps, 'weekly');
    expect(smtp.mails.filter((m) => m.to.includes(dora.email))).toHaveLength(1);
    expect(smtp.mails.length).toBe(after);
    await comment(eli, place, 'Athens joined');
    await sendDigests(deps, 'weekly');
    const next = await smtp.next(dora.email, after);
    expect(next.text).toContain('Athens joined');
    expect(next.text).not.toContain('Oulu did the same');
  });
});

describe('discussion prompts in the content', () => {
  it('renders `::: discuss <id>` as the opening of the discussion and checks its id', () => {
    const ok = renderMarkdown('::: discuss first-steps\nWhat did your city try first?\n:::\n');
    expect(ok.html).toContain('<section class="box box-discuss" data-discuss="first-steps">');
    expect(ok.html).toContain('What did your city try first?');
    expect(ok.discussions).toEqual([{ id: 'first-steps', line: 1 }]);
    expect(ok.problems).toEqual([]);
    const bad = renderMarkdown('::: discuss Not An Id\nQ\n:::\n');
    expect(bad.problems.map((p) => p.message)).toEqual([expect.stringMatching(/discuss needs an id/)]);
  });
});
