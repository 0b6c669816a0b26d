import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { toSessionUser } from '../server/src/auth/service';
import { mark, moderate, report } from '../server/src/discussions/service';
import { addComment, addLike, ensureDiscussion, findDiscussion } from '../server/src/discussions/store';
import { rows, type Db } from '../server/src/lib/db';
import { users } from '../server/src/lib/db/schema';
import { createUser } from '../server/src/users/service';
import { random } from './demo-data';

/** What city staff ask and answer, in their languages: [questions, answers]. */
const TALK: Record<string, [string[], string[]]> = {
  en: [
    [
      'How did you reach residents who never come to public meetings?',
      'Has anyone paid community members for their time in a co-design workshop? How did you handle the budget rules?',
    ],
    [
      'We went to them: a stand at the Saturday market worked better than any invitation letter.',
      'Our finance office accepted vouchers for the local shops. It took a month to agree.',
    ],
  ],
  it: [
    [
      'Come avete coinvolto le associazioni dei migranti fin dall’inizio?',
      'Qualcuno ha usato la mappa degli attori con i consiglieri di quartiere?',
    ],
    [
      'A Bologna siamo partiti dalle associazioni di quartiere: conoscono già le persone.',
      'Sì, e ci ha aiutato a vedere chi mancava al tavolo.',
    ],
  ],
  de: [
    [
      'Wie dokumentiert ihr die Ergebnisse so, dass die Teilnehmenden sie wiedererkennen?',
      'Hat jemand Erfahrung mit Dolmetschern in kleinen Gruppen?',
    ],
    [
      'Wir schicken eine Seite mit Fotos der Plakate zurück, in einfacher Sprache.',
      'Zwei Dolmetscherinnen für vier Sprachen, die Gruppen nach Sprache gemischt: das ging gut.',
    ],
  ],
  fr: [
    ['Comment expliquez-vous aux élus que la co-conception prend plus de temps ?'],
    ['Nous montrons un projet précédent qui a dû être refait faute de concertation.'],
  ],
  es: [
    ['¿Qué hacéis cuando un grupo domina toda la sesión?'],
    ['Usamos rondas con tiempo fijo y una persona que modera desde fuera del ayuntamiento.'],
  ],
  el: [
    ['Πώς κρατάτε σε επαφή τους συμμετέχοντες μετά το εργαστήριο;'],
    ['Μια ομάδα στο Viber και ενημέρωση κάθε μήνα για το τι άλλαξε.'],
  ],
  fi: [['Miten olette saaneet nuoret mukaan suunnitteluun?'], ['Koulujen kautta, ja palkitsimme osallistumisen.']],
  cs: [
    ['Máte zkušenost s online workshopy pro seniory?'],
    ['Ano, ale jen s pomocí knihovny, která zapůjčila tablety.'],
  ],
  hr: [
    ['Kako ste uključili nove stanovnike grada u savjetovanje?'],
    ['U Zagrebu smo radili s udrugama koje već vode tečajeve jezika.'],
  ],
};

/**
 * Realistic conversations beside each module of the course's newest release: questions and answers in
 * the demo learners' languages, a few replies and likes, over the last weeks. Returns the comments added.
 */
export async function seedDiscussions(db: Db, course: string, seed: number): Promise<number> {
  const rnd = random(seed + 18);
  const people = await rows<{ id: string; preferred_locale: string | null }>(
    db,
    sql`select id, preferred_locale from users where role = 'learner' and deleted_at is null and display_name is not null
      order by created_at desc limit 300`,
  );
  if (people.length < 5) return 0;
  const modules = await rows<{ module_id: string }>(
    db,
    sql`select module_id from release_modules where course_id = ${course}
      and release_id = (select release_id from release_modules where course_id = ${course} order by release_id desc limit 1)
      order by position`,
  );
  let added = 0;
  const questionIds: string[] = [];
  const now = Date.now();
  for (const { module_id } of modules) {
    const place = { courseId: course, moduleId: module_id, stepId: 'all' };
    const discussion = (await findDiscussion(db, place)) ?? (await ensureDiscussion(db, randomUUID(), place));
    for (let i = 0; i < 6 + Math.floor(rnd.next() * 6); i++) {
      const author = rnd.pick(people);
      const language = author.preferred_locale && TALK[author.preferred_locale] ? author.preferred_locale : 'en';
      const [questions] = TALK[language];
      const id = randomUUID();
      const at = now - Math.floor(rnd.next() * 30 * 86_400_000);
      await addComment(
        db,
        {
          id,
          discussionId: discussion.id,
          parentId: null,
          authorId: author.id,
          language,
          body: rnd.pick(questions),
          createdAt: new Date(at),
        },
        null,
      );
      added++;
      for (let r = 0; r < Math.floor(rnd.next() * 3); r++) {
        const replier = rnd.pick(people);
        const lang = replier.preferred_locale && TALK[replier.preferred_locale] ? replier.preferred_locale : 'en';
        await addComment(
          db,
          {
            id: randomUUID(),
            discussionId: discussion.id,
            parentId: id,
            authorId: replier.id,
            language: lang,
            body: rnd.pick(TALK[lang][1]),
            createdAt: new Date(at + (r + 1) * 3_600_000),
          },
          null,
        );
        added++;
      }
      for (let l = 0; l < Math.floor(rnd.next() * 8); l++) await addLike(db, id, rnd.pick(people).id);
      questionIds.push(id);
    }
  }
  await seedModeration(db, questionIds, people.map((p) => p.id).slice(0, 3));
  return added;
}

const TRAINER_EMAIL = 'demo-trainer@example.org';

/**
 * A trainer's work, through the same rules as in the app, so the moderation queue and its audit log
 * are not empty: a pin and a helpful answer, a comment hidden after three reports and restored, one
 * hidden with a reason, and one reported once and waiting. The trainer has a random password: the
 * account only names who acted.
 */
async function seedModeration(db: Db, questionIds: string[], reporterIds: string[]): Promise<void> {
  if (questionIds.length < 4 || reporterIds.length < 3) return;
  const [existing] = await db.select().from(users).where(eq(users.email, TRAINER_EMAIL));
  if (existing) return; // seeded by an earlier run
  await createUser(db, {
    email: TRAINER_EMAIL,
    password: randomBytes(24).toString('base64url'),
    role: 'trainer',
    displayName: 'Teresa Conti (trainer)',
  });
  const [record] = await db.select().from(users).where(eq(users.email, TRAINER_EMAIL));
  const trainer = toSessionUser(record);
  const reporters = (await db.select().from(users).where(inArray(users.id, reporterIds))).map(toSessionUser);
  const [pinned, restored, hidden, waiting] = questionIds;
  await mark(db, trainer, pinned, 'pin', true);
  await mark(db, trainer, pinned, 'helpful', true);
  for (const [i, who] of reporters.entries())
    await report(db, who, restored, { reason: i === 0 ? 'off-topic' : 'spam' }).catch(() => undefined);
  await moderate(db, trainer, restored, { action: 'restore', reason: 'On topic: a question about the module' });
  await moderate(db, trainer, hidden, { action: 'hide', reason: 'Names a colleague; asked the author to rephrase' });
  await report(db, reporters[0], waiting, { reason: 'personal-data', note: 'Mentions a street address' }).catch(
    () => undefined,
  );
}
