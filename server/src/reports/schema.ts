import { z } from 'zod';
import { GENDERS, ORGANISATION_KINDS } from '../account/schema';
import { LOCALE, SLUG } from '../content/schema';

/** Statistical disclosure control: groups of fewer learners are never shown by gender or country. */
export const MIN_GROUP = 5;

const day = (field: string) =>
  z.iso.date({ message: `${field} must be a date such as 2024-05-31` }).transform((v) => new Date(`${v}T00:00:00Z`));

/** The filters shared by the dashboard and every export; all optional. */
export const ZReportFilters = z
  .object({
    release: z.string().regex(SLUG, 'release must be a release id such as 2024-conference').optional(),
    language: z.string().regex(LOCALE, 'language must be a language code such as en or it').optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'country must be a two-letter ISO code in capitals, such as IT or DE')
      .optional(),
    city: z.string().trim().min(1, 'city must not be empty').max(100, 'city: use at most 100 characters').optional(),
    organisationKind: z
      .enum(ORGANISATION_KINDS, { message: `organisationKind must be one of ${ORGANISATION_KINDS.join(', ')}` })
      .optional(),
    gender: z.enum(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')}` }).optional(),
    /** Enrolled on or after this day (UTC). */
    from: day('from').optional(),
    /** Enrolled on or before this day (UTC), the whole day included. */
    to: day('to').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from must be on or before to', path: ['from'] });

export type TReportFilters = z.infer<typeof ZReportFilters>;

export const ZCourseParam = z.object({
  course: z.string().regex(SLUG, 'course must be a course id such as codesign'),
});

const format = <const T extends readonly [string, ...string[]]>(allowed: T) =>
  z.enum(allowed, { message: `format must be ${allowed.join(' or ')}` });

/** Names appear only of learners who agreed (`named_in_reports`), and only when asked for. */
export const ZNames = z.enum(['pseudonym', 'consented'], {
  message: 'names must be pseudonym (everyone pseudonymised) or consented (names of those who agreed)',
});

const withoutGender = (f: { gender?: unknown }) => f.gender === undefined;
const GENDER_REFUSED = {
  message: 'gender filters only aggregated figures (dashboard, aggregate report), never a list of learners',
  path: ['gender'],
};

export const ZCompletionExport = ZReportFilters.and(
  z.object({ format: format(['csv', 'xlsx']), names: ZNames.default('pseudonym') }),
).refine(withoutGender, GENDER_REFUSED);

export const ZAggregateExport = ZReportFilters.and(z.object({ format: format(['csv', 'xlsx']) }));

export const ZStatementExport = z
  .object({
    from: day('from').optional(),
    to: day('to').optional(),
    format: format(['ndjson']).default('ndjson'),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from must be on or before to', path: ['from'] });

/** Query strings: refuse unknown parameters, so that a misspelt filter is not silently ignored. */
export function strictQuery<T extends z.ZodType>(schema: T, allowed: readonly string[]) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((q, ctx) => {
      for (const key of Object.keys(q))
        if (!allowed.includes(key))
          ctx.addIssue({
            code: 'custom',
            message: `unknown parameter "${key}"; use ${allowed.join(', ')}`,
            path: [key],
          });
      for (const [key, value] of Object.entries(q))
        if (Array.isArray(value)) ctx.addIssue({ code: 'custom', message: `give ${key} once`, path: [key] });
    })
    .pipe(
      z.preprocess(
        (q) => Object.fromEntries(Object.entries(q as Record<string, unknown>).filter(([, v]) => v !== '')),
        schema,
      ),
    );
}

export const FILTER_KEYS = ['release', 'language', 'country', 'city', 'organisationKind', 'gender', 'from', 'to'];
export const ZDashboardQuery = strictQuery(ZReportFilters, FILTER_KEYS);
export const ZCompletionQuery = strictQuery(ZCompletionExport, [...FILTER_KEYS, 'format', 'names']);
export const ZAggregateQuery = strictQuery(ZAggregateExport, [...FILTER_KEYS, 'format']);
export const ZStatementQuery = strictQuery(ZStatementExport, ['from', 'to', 'format']);

export const ZModuleParam = ZCourseParam.extend({
  module: z.string().regex(SLUG, 'module must be a module id such as stakeholders'),
});

/** The step funnel of a module: the dashboard's filters, and the language of the step titles. */
export const ZStepFunnelQuery = strictQuery(
  ZReportFilters.and(
    z.object({ lang: z.string().regex(LOCALE, 'lang must be a language code such as en or it').optional() }),
  ),
  [...FILTER_KEYS, 'lang'],
);
