import { z } from 'zod';
import { LOCALE, SLUG } from '../content/schema';

const slug = (what: string) => z.string().regex(SLUG, `${what} use lowercase letters, digits and hyphens`);
const locale = z.string().regex(LOCALE, 'must be a language code such as en, it or pt-BR');
const localeMap = z.record(locale, z.string().trim().max(2000, 'must be at most 2000 characters'));

export const ZCourseParams = z.object({ course: slug('course ids') });
export const ZModuleParams = ZCourseParams.extend({ module: slug('module ids') });
export const ZTextParams = ZModuleParams.extend({ locale });
export const ZGlossaryParams = ZCourseParams.extend({ locale });
export const ZResourceParams = ZCourseParams.extend({ resource: slug('template ids'), locale });
export const ZRevisionParams = ZTextParams.extend({
  revision: z.coerce.number().int('revision numbers are whole numbers').min(1, 'revisions start at 1'),
});

export const ZCourseChange = z
  .object({
    title: localeMap.optional(),
    summary: localeMap.optional(),
    passMark: z
      .number()
      .int('passMark is a whole percentage')
      .min(0, 'passMark must be between 0 and 100')
      .max(100, 'passMark must be between 0 and 100')
      .optional(),
  })
  .strict();
export type TCourseChange = z.infer<typeof ZCourseChange>;

const title = z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters');

export const ZNewModule = z
  .object({
    id: slug('module ids'),
    title,
    slug: slug('slugs').optional(),
  })
  .strict();
export type TNewModule = z.infer<typeof ZNewModule>;

export const ZModuleChange = z
  .object({ title: title.optional(), slug: slug('slugs').optional() })
  .strict()
  .refine((c) => c.title !== undefined || c.slug !== undefined, 'send a new title or slug');
export type TModuleChange = z.infer<typeof ZModuleChange>;

export const ZOrder = z
  .object({ modules: z.array(slug('module ids')).min(1, 'list the modules in their new order').max(99) })
  .strict();

const baseRevision = z
  .number()
  .int('baseRevision is the revision number your text was based on')
  .min(0, 'baseRevision is 0 for a new text, else the revision you started from');

export const ZSaveText = z
  .object({
    source: z.string().max(200_000, 'a module text is at most 200,000 characters'),
    baseRevision,
  })
  .strict();
export type TSaveText = z.infer<typeof ZSaveText>;

export const ZCheckText = z
  .object({ source: z.string().max(200_000, 'a module text is at most 200,000 characters') })
  .strict();

const extraSource = z.string().max(100_000, 'a template or glossary file is at most 100,000 characters');
export const ZSaveExtra = z.object({ source: extraSource, baseRevision }).strict();
export const ZCheckExtra = z.object({ source: extraSource }).strict();

export const ZBase = z.object({ baseRevision }).strict();

export const ZImageFields = z
  .object({
    alt: z
      .string()
      .trim()
      .min(1, 'alt text is required: describe what the image shows for people who cannot see it')
      .max(300, 'alt text is at most 300 characters'),
    name: slug('image names').max(60, 'image names are at most 60 characters').optional(),
  })
  .strict();

export const ZPublish = z
  .object({
    release: slug('release ids').max(60, 'release ids are at most 60 characters'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'date is written YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(d)), 'date is not a real day')
      .optional(),
    /** The release's title per language: what learners read instead of the release id. */
    title: z.record(locale, z.string().trim().max(120, 'a release title is at most 120 characters')).default({}),
    notes: localeMap,
  })
  .strict();
export type TPublish = z.infer<typeof ZPublish>;
