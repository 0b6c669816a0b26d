import { z } from 'zod';
import { LOCALE } from '../content/schema';

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

export const ZDeleteAccount = z
  .object({
    confirm: z.literal('DELETE', { message: 'confirm: send "DELETE" to confirm that the account should be deleted' }),
  })
  .strict();

export type TProfileUpdate = z.infer<typeof ZProfileUpdate>;
