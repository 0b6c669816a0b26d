import { z } from 'zod';
import { LOCALE, SLUG } from '../content/schema';

const slug = (what: string) => z.string().regex(SLUG, `${what} ids use lowercase letters, digits and hyphens`);

/** Longest comment, in characters: a few paragraphs, not an essay. */
export const MAX_COMMENT = 3000;
/** An author may change their comment for this long after posting it. */
export const EDIT_MINUTES = 15;
/** Distinct reporters that hide a comment until someone reviews it. */
export const REPORTS_TO_HIDE = 3;
/** Links of accounts younger than this are shown but not clickable. */
export const LINKS_AFTER_HOURS = 24;
export const PAGE_SIZE = 20;

export const ZPlaceParams = z.object({ course: slug('course'), module: slug('module') });
export const ZStepQuery = z.object({ step: slug('step').default('all') });

export const SORTS = ['newest', 'oldest', 'liked'] as const;
export const FILTERS = ['all', 'mine', 'replies-to-me'] as const;

/** Comma-separated language codes, such as `en,it`. */
const languageList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').filter(Boolean) : []))
  .pipe(z.array(z.string().regex(LOCALE, 'languages: a comma-separated list of codes such as en,it')).max(20));

export const ZListQuery = ZStepQuery.extend({
  sort: z.enum(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` }).default('newest'),
  filter: z.enum(FILTERS, { message: `filter must be one of ${FILTERS.join(', ')}` }).default('all'),
  /** Comma-separated language codes: only comments in these languages; counts of the others are given. */
  languages: languageList,
  after: z.uuid({ message: 'after is the id of the last comment of the previous page' }).optional(),
  limit: z.coerce.number().int().min(1, 'limit is at least 1').max(100, 'limit is at most 100').default(PAGE_SIZE),
});
export type TListQuery = z.infer<typeof ZListQuery>;

const text = z
  .string()
  .trim()
  .min(1, 'text: write something before posting')
  .max(MAX_COMMENT, `text: a comment is at most ${MAX_COMMENT} characters`);
const language = z.string().regex(LOCALE, 'language must be a language code such as en or it');

export const ZNewComment = z
  .object({ text, language: language.optional(), parentId: z.uuid({ message: 'parentId: a comment id' }).optional() })
  .strict();
export type TNewComment = z.infer<typeof ZNewComment>;

export const ZEditComment = z.object({ text, language: language.optional() }).strict();

export const ZCommentParams = z.object({ id: z.uuid({ message: 'the comment id is a UUID' }) });

export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'personal-data', 'other'] as const;
export const ZReport = z
  .object({
    reason: z.enum(REPORT_REASONS, { message: `reason must be one of ${REPORT_REASONS.join(', ')}` }),
    note: z.string().trim().max(500, 'note: at most 500 characters').optional(),
  })
  .strict();

const reason = z.string().trim().min(3, 'reason: say in a few words why').max(500, 'reason: at most 500 characters');

export const MODERATION_ACTIONS = ['hide', 'restore', 'delete'] as const;
export const ZModeration = z
  .object({
    action: z.enum(MODERATION_ACTIONS, { message: `action must be one of ${MODERATION_ACTIONS.join(', ')}` }),
    reason,
  })
  .strict();
export type TModeration = z.infer<typeof ZModeration>;

export const QUEUES = ['reported', 'hidden', 'new-accounts'] as const;
export const ZQueueQuery = z.object({
  queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(', ')}` }).default('reported'),
});

export const ZMute = z
  .object({
    days: z.number().int().min(1, 'days: at least 1').max(365, 'days: at most 365'),
    reason,
  })
  .strict();
export const ZUserParams = z.object({ userId: z.uuid({ message: 'the user id is a UUID' }) });

export const FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const ZDigest = z
  .object({ frequency: z.enum(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(', ')}` }) })
  .strict();

export const ZUnsubscribe = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'token: use the whole link from the mail'),
});

export const ZParticipationQuery = z.object({ course: slug('course') });

/** Everything the audit log records: moderators' actions, the automatic hide, and mutes. */
export const AUDIT_ACTIONS = [
  'hide',
  'restore',
  'delete',
  'auto-hide',
  'mute',
  'unmute',
  'pin',
  'unpin',
  'mark-helpful',
  'unmark-helpful',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const day = (field: string) =>
  z.iso.date({ message: `${field} must be a date such as 2026-05-31` }).transform((v) => new Date(`${v}T00:00:00Z`));

export const ZAuditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
    course: slug('course').optional(),
    /** Part of the name of the person who acted or whom the action concerned. */
    person: z
      .string()
      .trim()
      .min(1, 'person: write part of a name')
      .max(100, 'person: at most 100 characters')
      .optional(),
    /** On or after this day (UTC). */
    from: day('from').optional(),
    /** On or before this day (UTC), the whole day included. */
    to: day('to').optional(),
    /** The id of the last entry of the previous page. */
    before: z.coerce
      .number()
      .int('before is the id of the last entry shown')
      .positive('before is a positive id')
      .optional(),
    limit: z.coerce.number().int().min(1, 'limit is at least 1').max(100, 'limit is at most 100').default(50),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from must be on or before to', path: ['from'] });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZSinceQuery = ZStepQuery.extend({
  /** The `checkedAt` of the previous answer; without it, only the time to ask from is returned. */
  since: z.iso.datetime({ offset: true, message: 'since is a time such as 2026-05-31T12:00:00.000Z' }).optional(),
  /** Count only comments in these languages, as the list the reader sees. */
  languages: languageList,
});
