import { z } from 'zod';

export const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const zLocale = z.string().regex(LOCALE, 'must be a language code such as en, it or pt-BR');
const zLocaleMap = z.record(zLocale, z.string().trim().min(1, 'must not be empty'));
const zOutcomeList = z
  .array(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'))
  .min(1, 'must list at least one outcome')
  .max(8, 'must list at most 8 outcomes');

/** The course's picture: a file in the course folder and its text alternative in each language. */
export const ZCourseImage = z
  .object({
    file: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]*\.(png|jpe?g|webp|gif|svg)$/,
        'must be a file name in the course folder ending in .png, .jpg, .webp, .gif or .svg',
      ),
    alt: zLocaleMap,
  })
  .strict();

export const ZCourseYaml = z
  .object({
    id: z.string().regex(SLUG, 'must use lowercase letters, digits and hyphens'),
    defaultLocale: zLocale,
    locales: z.array(zLocale).min(1, 'must list at least one language'),
    licence: z.string().min(1, 'must name the licence, e.g. CC-BY-SA-4.0'),
    passMark: z
      .number()
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1 (0.7 means 70%)')
      .default(0.7),
    title: zLocaleMap,
    summary: zLocaleMap,
    /** Who made the course (the project and its partners), one line per language; printed on certificates. */
    makers: zLocaleMap.optional(),
    /** What a learner will be able to do afterwards, a list per language. */
    outcomes: z.record(zLocale, zOutcomeList).optional(),
    image: ZCourseImage.optional(),
    releases: z.array(z.string().regex(SLUG, 'release ids use lowercase letters, digits and hyphens')).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.locales.includes(c.defaultLocale))
      ctx.addIssue({
        code: 'custom',
        path: ['locales'],
        message: `must include the default locale "${c.defaultLocale}"`,
      });
    const maps = [
      ['title', c.title],
      ['summary', c.summary],
      ['makers', c.makers],
      ['outcomes', c.outcomes],
      ['image.alt', c.image?.alt],
    ] as const;
    for (const [key, map] of maps) {
      if (!map) continue;
      const path = key.split('.');
      if (!map[c.defaultLocale])
        ctx.addIssue({
          code: 'custom',
          path,
          message: `must have a "${c.defaultLocale}" entry (the default locale)`,
        });
      for (const locale of Object.keys(map))
        if (!c.locales.includes(locale))
          ctx.addIssue({ code: 'custom', path: [...path, locale], message: `is not one of the course's locales` });
    }
    if (new Set(c.releases).size !== c.releases.length)
      ctx.addIssue({ code: 'custom', path: ['releases'], message: 'lists a release twice' });
  });

export const ZReleaseYaml = z
  .object({
    id: z.string().regex(SLUG, 'must use lowercase letters, digits and hyphens'),
    date: z.union([z.string(), z.date()]).transform((d, ctx) => {
      const iso = d instanceof Date ? d.toISOString().slice(0, 10) : d;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(iso))) {
        ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
        return z.NEVER;
      }
      return iso;
    }),
    title: zLocaleMap.default({}),
    notes: zLocaleMap.default({}),
  })
  .strict();

export const ZFrontMatter = z
  .object({
    id: z.string().regex(SLUG, 'must use lowercase letters, digits and hyphens'),
    title: z.string().trim().min(1, 'must not be empty'),
    minutes: z.number().int('must be a whole number').min(1, 'must be at least 1').max(240, 'must be at most 240'),
    objectives: z
      .array(z.string().trim().min(1, 'must not be empty'))
      .min(1, 'must list at least one learning objective')
      .max(8, 'must list at most 8 objectives'),
    translatedFrom: z
      .string()
      .regex(/^[0-9a-f]{12}$/, 'must be 12 hex digits (written by `npm run course -- stamp`)')
      .optional(),
  })
  .strict();

export const ZTitlesYaml = zLocaleMap;
