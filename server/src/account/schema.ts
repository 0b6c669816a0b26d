import { z } from 'zod';
import { ZQuizAnswers } from '../catalog/schema';
import { LOCALE, SLUG } from '../content/schema';

export const ORGANISATION_KINDS = ['municipality', 'ngo', 'migrant-led', 'other'] as const;
export const GENDERS = ['woman', 'man', 'non-binary', 'self-described', 'prefer-not-to-say'] as const;

const optionalText = (max: number, field: string) =>
  z
    .string()
    .trim()
    .max(max, `${field}: use at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const ZProfileUpdate = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(1, 'displayName: must not be empty')
      .max(100, 'displayName: use at most 100 characters')
      .optional(),
    preferredLocale: z
      .string()
      .regex(LOCALE, 'preferredLocale must be a language code such as en or it')
      .nullable()
      .optional(),
    organisation: optionalText(200, 'organisation'),
    city: optionalText(100, 'city'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'country must be a two-letter ISO code such as IT or DE')
      .nullable()
      .optional(),
    organisationKind: z
      .enum(ORGANISATION_KINDS, { message: `organisationKind must be one of ${ORGANISATION_KINDS.join(', ')}` })
      .nullable()
      .optional(),
    gender: z
      .enum(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')}` })
      .nullable()
      .optional(),
    namedInReports: z.boolean({ message: 'namedInReports must be true or false' }).optional(),
  })
  .strict();

const slug = z.string().regex(SLUG, 'ids use lowercase letters, digits and hyphens');
const when = z.iso.datetime({ message: 'at must be an ISO 8601 date-time', offset: true });

export const ZProgressImport = z
  .object({
    visits: z
      .array(z.object({ course: slug, release: slug, module: slug, at: when }).strict())
      .max(1000, 'visits: at most 1000 at once')
      .default([]),
    quizzes: z
      .array(
        z
          .object({
            course: slug,
            release: slug,
            module: slug,
            quiz: slug,
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

export const ZDeleteAccount = z
  .object({
    confirm: z.literal('DELETE', { message: 'confirm: send "DELETE" to confirm that the account should be deleted' }),
  })
  .strict();

export type TProfileUpdate = z.infer<typeof ZProfileUpdate>;
export type TProgressImport = z.infer<typeof ZProgressImport>;
