import { randomUUID } from 'node:crypto';
import { refreshSummaries } from '../../server/src/learning/store';
import type { Db } from '../../server/src/lib/db';
import { certificates, enrolments, moduleVisits, quizResults, stepVisits, users } from '../../server/src/lib/db/schema';
import { contentHash, statementKeys } from '../../server/src/xapi/statement-keys';
import { insertNewStatements } from '../../server/src/xapi/store';

export interface LearnerSpec {
  course?: string;
  release: string;
  enrolledAt: string;
  completedAt?: string;
  profile?: Partial<typeof users.$inferInsert>;
  /** Modules opened, and whether each was completed. */
  visits?: { module: string; completed?: boolean; lastAt?: string }[];
  quizzes?: { quiz: string; module: string; score: number }[];
  /** Steps opened, and whether each was read to the end. */
  steps?: { module: string; step: string; read?: boolean }[];
  certificate?: string;
}

/** A learner with a unique email and name, enrolled and with the progress rows given; returns their ids. */
export async function seedLearner(db: Db, spec: LearnerSpec) {
  const id = randomUUID();
  const course = spec.course ?? 'sample';
  const tag = id.slice(0, 8);
  await db.insert(users).values({
    id,
    email: `learner-${tag}@example.org`,
    displayName: `Hidden Person ${tag}`,
    role: 'learner',
    ...spec.profile,
  });
  const enrolmentId = randomUUID();
  await db.insert(enrolments).values({
    id: enrolmentId,
    userId: id,
    courseId: course,
    releaseId: spec.release,
    enrolledAt: new Date(spec.enrolledAt),
    completedAt: spec.completedAt ? new Date(spec.completedAt) : null,
  });
  for (const v of spec.visits ?? []) {
    const at = new Date(v.lastAt ?? spec.enrolledAt);
    await db.insert(moduleVisits).values({
      userId: id,
      courseId: course,
      releaseId: spec.release,
      moduleId: v.module,
      firstAt: at,
      lastAt: at,
      progress: v.completed ? 1 : 0.5,
      completedAt: v.completed ? at : null,
    });
  }
  for (const st of spec.steps ?? []) {
    const at = new Date(spec.enrolledAt);
    await db.insert(stepVisits).values({
      userId: id,
      courseId: course,
      releaseId: spec.release,
      moduleId: st.module,
      stepId: st.step,
      firstAt: at,
      lastAt: at,
      readAt: st.read ? at : null,
    });
  }
  for (const q of spec.quizzes ?? [])
    await db.insert(quizResults).values({
      userId: id,
      courseId: course,
      releaseId: spec.release,
      moduleId: q.module,
      quizId: q.quiz,
      bestScore: q.score,
      attempts: 1,
      lastAt: new Date(spec.enrolledAt),
    });
  if (spec.certificate)
    await db.insert(certificates).values({
      code: spec.certificate,
      enrolmentId,
      courseId: course,
      releaseId: spec.release,
      holderName: 'printed name',
      minutes: 30,
      issuedAt: new Date(spec.completedAt ?? spec.enrolledAt),
    });
  // Written straight into the tables: summarised as the learning rules do after their own writes.
  await refreshSummaries(db, { courseId: course, userIds: [id] });
  return { userId: id, enrolmentId, email: `learner-${tag}@example.org`, displayName: `Hidden Person ${tag}` };
}

/** Stores statements as the LRS would, with a chosen `stored` time. */
export async function seedStatements(db: Db, statements: Record<string, unknown>[], stored: Date) {
  await insertNewStatements(
    db,
    statements.map((s) => {
      const full = {
        ...s,
        stored: stored.toISOString(),
        authority: { objectType: 'Agent', account: { homePage: 'http://localhost:3000', name: 'seed' } },
        version: '1.0.3',
      };
      return {
        id: String(s.id),
        statement: full,
        contentHash: contentHash(full),
        ...statementKeys(full),
        authorityKey: 'cred:seed',
        stored,
      };
    }),
  );
}

/**
 * A small course population with known figures (course "sample", 13 enrolments):
 * - 6 in Bologna (IT, municipality, women, Italian, v2), enrolled in March 2024; 3 completed, after
 *   10, 20 and 30 days, with certificates; one of them agreed to be named ("Ada Named").
 * - 5 in Berlin (DE, NGO, men, German, v1), enrolled in May 2024; 1 completed; one named account was deleted.
 * - 2 in Lyon (FR, migrant-led, non-binary, no language set, v2), enrolled in June 2024.
 */
export async function seedPopulation(db: Db) {
  const people: Awaited<ReturnType<typeof seedLearner>>[] = [];
  for (let i = 0; i < 6; i++) {
    const done = i < 3;
    people.push(
      await seedLearner(db, {
        release: 'v2',
        enrolledAt: `2024-03-0${i + 1}T09:00:00Z`,
        completedAt: done
          ? new Date(Date.parse(`2024-03-0${i + 1}T09:00:00Z`) + (i + 1) * 10 * 86400_000).toISOString()
          : undefined,
        profile: {
          country: 'IT',
          city: 'Bologna',
          organisation: 'Comune di Bologna',
          organisationKind: 'municipality',
          gender: 'woman',
          preferredLocale: 'it',
          ...(i === 0 ? { namedInReports: true, displayName: 'Ada Named' } : {}),
        },
        visits: [{ module: 'welcome', completed: i < 4 }, ...(done ? [{ module: 'practice', completed: true }] : [])],
        quizzes: done ? [{ module: 'welcome', quiz: 'welcome-check', score: 80 }] : [],
        certificate: done ? `CERT-IT-${i}` : undefined,
      }),
    );
  }
  for (let i = 0; i < 5; i++)
    people.push(
      await seedLearner(db, {
        release: 'v1',
        enrolledAt: `2024-05-1${i}T09:00:00Z`,
        completedAt: i === 0 ? '2024-06-01T09:00:00Z' : undefined,
        profile: {
          country: 'DE',
          city: 'Berlin',
          organisation: 'Verein Ankommen',
          organisationKind: 'ngo',
          gender: 'man',
          preferredLocale: 'de',
          ...(i === 4 ? { namedInReports: true, displayName: 'Gone Named', deletedAt: new Date() } : {}),
        },
        visits: [{ module: 'welcome', completed: i === 0 }],
        quizzes: i === 0 ? [{ module: 'welcome', quiz: 'welcome-check', score: 50 }] : [],
      }),
    );
  for (let i = 0; i < 2; i++)
    people.push(
      await seedLearner(db, {
        release: 'v2',
        enrolledAt: `2024-06-2${i}T09:00:00Z`,
        profile: {
          country: 'FR',
          city: 'Lyon',
          organisation: 'Association Passerelles',
          organisationKind: 'migrant-led',
          gender: 'non-binary',
        },
      }),
    );
  return people;
}
