import { z } from 'zod';

export const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const zLocale = z.string().regex(LOCALE, 'must be a language code such as en, it or pt-BR');
const zLocaleMap = z.record(zLocale, z.string().trim().min(1, 'must not be empty'));

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
    for (const key of ['title', 'summary'] as const) {
      if (!c[key][c.defaultLocale])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `must have a "${c.defaultLocale}" entry (the default locale)`,
        });
      for (const locale of Object.keys(c[key]))
        if (!c.locales.includes(locale))
          ctx.addIssue({ code: 'custom', path: [key, locale], message: `is not one of the course's locales` });
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
