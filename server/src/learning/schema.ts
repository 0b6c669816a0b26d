import { z } from 'zod';
import { ZQuizAnswers } from '../catalog/schema';
import { SLUG } from '../content/schema';

const slug = (what: string) => z.string().regex(SLUG, `${what} ids use lowercase letters, digits and hyphens`);

export const ZCourseModuleParams = z.object({ course: slug('course'), module: slug('module') });
export const ZReflectionParams = ZCourseModuleParams.extend({ reflection: slug('reflection') });

export const ZPlace = z
  .object({
    release: slug('release'),
    module: slug('module'),
    place: z
      .string()
      .max(200, 'place is at most 200 characters')
      .regex(/^[\p{L}\p{N}_-]*$/u, 'place is the id of a heading in the module (letters, digits, - and _)'),
  })
  .strict();

export const ZReflectionText = z
  .object({ text: z.string().max(20_000, 'a reflection is at most 20,000 characters') })
  .strict();

export const ZSwitch = z.object({ release: slug('release') }).strict();

const anyId = z.string().regex(SLUG, 'ids use lowercase letters, digits and hyphens');
const when = z.iso.datetime({ message: 'at must be an ISO 8601 date-time', offset: true });

/** Guest progress kept in the browser, sent at sign-in (`POST /api/me/progress`). */
export const ZProgressImport = z
  .object({
    visits: z
      .array(z.object({ course: anyId, release: anyId, module: anyId, at: when }).strict())
      .max(1000, 'visits: at most 1000 at once')
      .default([]),
    quizzes: z
      .array(
        z
          .object({
            course: anyId,
            release: anyId,
            module: anyId,
            quiz: anyId,
            answers: ZQuizAnswers.shape.answers,
            // The server scores answers itself: a score a browser states is never taken.
            score: z
              .never({ message: 'quizzes[].score is not accepted: send the answers given (quizzes[].answers)' })
              .optional(),
            at: when,
          })
          .strict(),
      )
      .max(100, 'quizzes: at most 100 at once')
      .default([]),
  })
  .strict();

export type TProgressImport = z.infer<typeof ZProgressImport>;
