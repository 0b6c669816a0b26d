import type { LrsScope } from '../lrs-scopes';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { LocaleMap } from '../markdown/types';
import type { ModuleFrontMatter, QuizDefinition } from '../markdown/types';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

export const courses = pgTable('courses', {
  id: text('id').primaryKey(),
  defaultLocale: text('default_locale').notNull(),
  locales: jsonb('locales').$type<string[]>().notNull(),
  title: jsonb('title').$type<LocaleMap>().notNull(),
  summary: jsonb('summary').$type<LocaleMap>().notNull(),
  licence: text('licence').notNull(),
  passMark: integer('pass_mark_percent').notNull().default(70),
  /** Who made the course, per language; null when course.yaml does not say. */
  makers: jsonb('makers').$type<LocaleMap>(),
  outcomes: jsonb('outcomes').$type<Record<string, string[]>>(),
  /** The course's picture: an asset (by hash), the name it had in the course folder and its alt text. */
  image: jsonb('image').$type<{ hash: string; fileName: string; mediaType: string; alt: LocaleMap }>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One rendered module text in one locale, stored once however many releases share it. */
export const moduleVersions = pgTable('module_versions', {
  hash: text('hash').primaryKey(),
  moduleId: text('module_id').notNull(),
  locale: text('locale').notNull(),
  frontMatter: jsonb('front_matter').$type<ModuleFrontMatter>().notNull(),
  source: text('source').notNull(),
  html: text('html').notNull(),
  quizzes: jsonb('quizzes').$type<QuizDefinition[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const assets = pgTable('assets', {
  hash: text('hash').primaryKey(),
  mediaType: text('media_type').notNull(),
  content: bytea('content').notNull(),
});

export const releases = pgTable(
  'releases',
  {
    courseId: text('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    date: text('date').notNull(),
    title: jsonb('title').$type<LocaleMap>().notNull(),
    notes: jsonb('notes').$type<LocaleMap>().notNull(),
    manifestHash: text('manifest_hash').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.id] })],
);

export const releaseModules = pgTable(
  'release_modules',
  {
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    moduleId: text('module_id').notNull(),
    position: integer('position').notNull(),
    slug: text('slug').notNull(),
    minutes: integer('minutes').notNull(),
    titles: jsonb('titles').$type<LocaleMap>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.releaseId, t.moduleId] })],
);

export const releaseModuleLocales = pgTable(
  'release_module_locales',
  {
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    moduleId: text('module_id').notNull(),
    locale: text('locale').notNull(),
    versionHash: text('version_hash')
      .notNull()
      .references(() => moduleVersions.hash),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.releaseId, t.moduleId, t.locale] }),
    index('release_module_locales_version_idx').on(t.versionHash),
  ],
);

export const releaseAssets = pgTable(
  'release_assets',
  {
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    moduleId: text('module_id').notNull(),
    fileName: text('file_name').notNull(),
    assetHash: text('asset_hash')
      .notNull()
      .references(() => assets.hash),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.releaseId, t.moduleId, t.fileName] })],
);

/** A release's downloadable resources (templates), one row per locale; the source is the Markdown as written. */
export const releaseResources = pgTable(
  'release_resources',
  {
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    resourceId: text('resource_id').notNull(),
    locale: text('locale').notNull(),
    hash: text('hash').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.releaseId, t.resourceId, t.locale] })],
);

export interface StoredGlossaryTerm {
  id: string;
  term: string;
  definition: string;
  aliases: string[];
}

/** A release's glossary, one row per locale. */
export const releaseGlossaries = pgTable(
  'release_glossaries',
  {
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    locale: text('locale').notNull(),
    hash: text('hash').notNull(),
    terms: jsonb('terms').$type<StoredGlossaryTerm[]>().notNull(),
    /** The YAML as written, so an export gives back the file the hash was made from (empty before it was kept). */
    source: text('source').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.releaseId, t.locale] })],
);

/** Per learner, release, module and step: first opened, last seen, read to the end (from step statements). */
export const stepVisits = pgTable(
  'step_visits',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    moduleId: text('module_id').notNull(),
    stepId: text('step_id').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.releaseId, t.moduleId, t.stepId] })],
);

export const ROLES = ['learner', 'trainer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Personal data lives only here (and in sessions); deleting an account blanks it and keeps the random id. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    passwordHash: text('password_hash'),
    displayName: text('display_name'),
    role: text('role').$type<Role>().notNull().default('learner'),
    preferredLocale: text('preferred_locale'),
    organisation: text('organisation'),
    city: text('city'),
    country: text('country'),
    organisationKind: text('organisation_kind'),
    gender: text('gender'),
    namedInReports: boolean('named_in_reports').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    /** Reports leave out the few accounts that are not learners: found here, not by reading every account. */
    index('users_not_learner_idx')
      .on(t.id)
      .where(sql`role <> 'learner'`),
  ],
);

export const userIdentities = pgTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);

/** Single-use links (email verification, password reset); only a hash of the token is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<'verify' | 'reset'>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('auth_tokens_user_idx').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    userId: uuid('user_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

/** Settings the platform makes for itself on first start (e.g. the session secret), shared by replicas. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** The learner, course release and module a progress row belongs to. */
const learnerModule = () => ({
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  courseId: text('course_id').notNull(),
  releaseId: text('release_id').notNull(),
  moduleId: text('module_id').notNull(),
});

export const moduleVisits = pgTable(
  'module_visits',
  {
    ...learnerModule(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    /** Share of the module read, 0..1, from `progressed` statements. */
    progress: real('progress').notNull().default(0),
    /** Where in the module the learner last was (a heading anchor), for "resume". */
    place: text('place'),
    /** When the learner reached the end of the module; completion also needs its quizzes passed. */
    readAt: timestamp('read_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Set when a release switch carried a completion over a module whose content changed. */
    changedSinceCompleted: boolean('changed_since_completed').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.releaseId, t.moduleId] })],
);

export const quizResults = pgTable(
  'quiz_results',
  {
    ...learnerModule(),
    quizId: text('quiz_id').notNull(),
    bestScore: integer('best_score_percent').notNull(),
    attempts: integer('attempts').notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.releaseId, t.quizId] })],
);

export { LRS_SCOPES, type LrsScope } from '../lrs-scopes';

/** Keys for external xAPI tools (HTTP Basic); only a hash of the secret is kept. */
export const lrsCredentials = pgTable('lrs_credentials', {
  key: text('key').primaryKey(),
  secretHash: text('secret_hash').notNull(),
  label: text('label').notNull(),
  scopes: text('scopes').array().$type<LrsScope[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * The Learning Record Store. `statement` is the statement as stored (with stored, authority,
 * version), kept as JSON text rather than jsonb: queries hand it out as it is, and converting jsonb
 * back to text cost a third of a query page. The other columns are what queries filter on, indexed with
 * btree (and GIN on the two short arrays) rather than a GIN index over the whole body.
 */
export const xapiStatements = pgTable(
  'xapi_statements',
  {
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    id: uuid('id').primaryKey(),
    statement: json('statement').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    actor: text('actor').notNull(),
    verbId: text('verb_id').notNull(),
    activityId: text('activity_id'),
    objectAgent: text('object_agent'),
    registration: uuid('registration'),
    relatedActivities: text('related_activities').array().notNull(),
    relatedAgents: text('related_agents').array().notNull(),
    authorityKey: text('authority_key').notNull(),
    voided: boolean('voided').notNull().default(false),
    stored: timestamp('stored', { withTimezone: true }).notNull(),
    /** The statement a StatementRef object points to (voiding statements among others), for query filters. */
    refTarget: uuid('ref_target'),
  },
  (t) => [
    index('xapi_statements_actor_idx').on(t.actor, t.seq),
    index('xapi_statements_object_agent_idx').on(t.objectAgent, t.seq),
    index('xapi_statements_verb_idx').on(t.verbId, t.seq),
    index('xapi_statements_activity_idx').on(t.activityId, t.seq),
    index('xapi_statements_registration_idx').on(t.registration, t.seq),
    index('xapi_statements_authority_idx').on(t.authorityKey, t.seq),
    index('xapi_statements_related_activities_idx').using('gin', t.relatedActivities),
    index('xapi_statements_related_agents_idx').using('gin', t.relatedAgents),
    index('xapi_statements_ref_target_idx')
      .on(t.seq)
      .where(sql`${t.refTarget} is not null`),
  ],
);

/**
 * Attachment bodies sent with statements (multipart/mixed), stored once per SHA-2 hash: statements
 * name them by `attachments[].sha2`, so two statements carrying the same file share one row.
 */
export const xapiAttachments = pgTable('xapi_attachments', {
  sha2: text('sha2').primaryKey(),
  contentType: text('content_type').notNull(),
  length: integer('length').notNull(),
  content: bytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** State, Activity Profile and Agent Profile documents; unused key parts are '' so one primary key fits all. */
export const xapiDocuments = pgTable(
  'xapi_documents',
  {
    kind: text('kind').$type<'state' | 'activity-profile' | 'agent-profile'>().notNull(),
    activityId: text('activity_id').notNull().default(''),
    agent: text('agent').notNull().default(''),
    registration: text('registration').notNull().default(''),
    docId: text('doc_id').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    etag: text('etag').notNull(),
    updated: timestamp('updated', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.activityId, t.agent, t.registration, t.docId] })],
);

/** A learner's enrolment in a course; its id is the xAPI registration of everything they do in it. */
export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('enrolments_user_course_idx').on(t.userId, t.courseId),
    index('enrolments_course_release_idx').on(t.courseId, t.releaseId),
    /** Reports: the period filter and the keyset order of streamed exports. */
    index('enrolments_course_enrolled_idx').on(t.courseId, t.enrolledAt, t.id),
  ],
);

/**
 * What reports need of an enrolment, one row per enrolment, for its current release: its dates, the
 * learner's profile and its learning. Kept by whoever changes any of them, last in the same transaction
 * (learning/summaries.ts), so the dashboard reads this one table and the exports one row per enrolment
 * instead of the progress tables.
 */
export const enrolmentSummaries = pgTable(
  'enrolment_summaries',
  {
    enrolmentId: uuid('enrolment_id')
      .primaryKey()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    userId: uuid('user_id').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Month enrolled and month completed, YYYY-MM (UTC), as the dashboard groups them. */
    enrolledMonth: text('enrolled_month').notNull(),
    completedMonth: text('completed_month'),
    country: text('country'),
    city: text('city'),
    organisation: text('organisation'),
    organisationKind: text('organisation_kind'),
    gender: text('gender'),
    preferredLocale: text('preferred_locale'),
    /** Completed modules that belong to the release. */
    modulesCompleted: integer('modules_completed').notNull(),
    quizzesAnswered: integer('quizzes_answered').notNull(),
    /** Sum of the best scores (percent) over the quizzes answered. */
    quizPoints: integer('quiz_points').notNull(),
    /** The latest module visit in the release. */
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    /**
     * The modules visited in the release, and those of them completed, by id in order: what the
     * dashboard's funnel counts, without reading the visits themselves.
     */
    funnelStarted: text('funnel_started')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    funnelCompleted: text('funnel_completed')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('enrolment_summaries_course_activity_idx').on(t.courseId, t.lastActivityAt),
    index('enrolment_summaries_user_idx').on(t.userId),
  ],
);

/** A learner's private answer to a `::: reflection`, kept across releases of the course. */
export const reflections = pgTable(
  'reflections',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    moduleId: text('module_id').notNull(),
    reflectionId: text('reflection_id').notNull(),
    text: text('text').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.moduleId, t.reflectionId] })],
);

/** One per completed enrolment; the code is public and the verification page shows nothing else. */
export const certificates = pgTable(
  'certificates',
  {
    code: text('code').primaryKey(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    releaseId: text('release_id').notNull(),
    /**
     * The name as printed, kept so verification does not depend on later profile edits; null once
     * the holder erased their account (the certificate stays valid, with no name).
     */
    holderName: text('holder_name'),
    minutes: integer('minutes').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [uniqueIndex('certificates_enrolment_idx').on(t.enrolmentId)],
);

/**
 * Statements waiting to be forwarded to the external LRS: written in the same transaction as the
 * statement, so a restart loses nothing. `dead` rows were refused for good, with the remote's reason.
 */
export const xapiOutbox = pgTable(
  'xapi_outbox',
  {
    statementId: uuid('statement_id').primaryKey(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    dead: boolean('dead').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('xapi_outbox_due_idx').on(t.dead, t.nextAttemptAt)],
);

export const REPORT_KINDS = ['completions', 'aggregate', 'statements'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Every report export: who asked (a user, or the command line), when, and with which filters. */
export const reportExports = pgTable(
  'report_exports',
  {
    id: uuid('id').primaryKey(),
    /** The staff member who downloaded it; null for the command line. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** `user:<id>` or `cli:<operating-system user>`, kept when the account is gone. */
    requestedBy: text('requested_by').notNull(),
    courseId: text('course_id').notNull(),
    kind: text('kind').$type<ReportKind>().notNull(),
    format: text('format').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    /** Rows written; null until the export finished (or when it was cut off). */
    rows: integer('rows'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('report_exports_started_idx').on(t.startedAt)],
);

/**
 * The browser draft of a course: what trainers edit before publishing. `revision` counts every change
 * to the draft; `syncedRevision` is the revision at which the files' draft and this one were last the
 * same, so loading the files' draft can refuse to overwrite browser edits made since.
 */
export const draftCourses = pgTable('draft_courses', {
  courseId: text('course_id')
    .primaryKey()
    .references(() => courses.id, { onDelete: 'cascade' }),
  defaultLocale: text('default_locale').notNull(),
  locales: jsonb('locales').$type<string[]>().notNull(),
  licence: text('licence').notNull(),
  title: jsonb('title').$type<LocaleMap>().notNull(),
  summary: jsonb('summary').$type<LocaleMap>().notNull(),
  passMark: integer('pass_mark_percent').notNull(),
  revision: integer('revision').notNull().default(1),
  syncedRevision: integer('synced_revision').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const draftModules = pgTable(
  'draft_modules',
  {
    courseId: text('course_id')
      .notNull()
      .references(() => draftCourses.courseId, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    position: integer('position').notNull(),
    slug: text('slug').notNull(),
    /** Titles in locales that have no text yet (titles.yaml). */
    titles: jsonb('titles').$type<LocaleMap>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.moduleId] })],
);

/** The current text of a draft module in one locale; `revision` grows with every save. */
export const draftTexts = pgTable(
  'draft_texts',
  {
    courseId: text('course_id').notNull(),
    moduleId: text('module_id').notNull(),
    locale: text('locale').notNull(),
    source: text('source').notNull(),
    revision: integer('revision').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.moduleId, t.locale] })],
);

/** Every saved text, with its author (null: loaded from the files) and time. */
export const draftRevisions = pgTable(
  'draft_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    courseId: text('course_id').notNull(),
    moduleId: text('module_id').notNull(),
    locale: text('locale').notNull(),
    revision: integer('revision').notNull(),
    source: text('source').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('draft_revisions_text_idx').on(t.courseId, t.moduleId, t.locale, t.revision)],
);

/**
 * The draft's own templates (kind 'resource', itemId the resource id) and glossary (kind 'glossary',
 * itemId ''), one source per locale as its file is written; seeded from the latest release on the
 * first save, so until then the draft carries the release's.
 */
export const draftExtras = pgTable(
  'draft_extras',
  {
    courseId: text('course_id')
      .notNull()
      .references(() => draftCourses.courseId, { onDelete: 'cascade' }),
    kind: text('kind').$type<'resource' | 'glossary'>().notNull(),
    itemId: text('item_id').notNull(),
    locale: text('locale').notNull(),
    source: text('source').notNull(),
    revision: integer('revision').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.kind, t.itemId, t.locale] })],
);

/** Images of a draft module, by file name; the bytes are in the content-addressed `assets` table. */
export const draftImages = pgTable(
  'draft_images',
  {
    courseId: text('course_id').notNull(),
    moduleId: text('module_id').notNull(),
    fileName: text('file_name').notNull(),
    assetHash: text('asset_hash')
      .notNull()
      .references(() => assets.hash),
    alt: text('alt').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.moduleId, t.fileName] })],
);

/** A conversation beside a step of a module ('all' while a module is one step); see server/src/discussions. */
export const discussions = pgTable(
  'discussions',
  {
    id: uuid('id').primaryKey(),
    courseId: text('course_id').notNull(),
    moduleId: text('module_id').notNull(),
    stepId: text('step_id').notNull().default('all'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('discussions_place_idx').on(t.courseId, t.moduleId, t.stepId)],
);

export const discussionComments = pgTable(
  'discussion_comments',
  {
    id: uuid('id').primaryKey(),
    discussionId: uuid('discussion_id').notNull(),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id').notNull(),
    language: text('language').notNull(),
    /** Null once deleted by its author or erased with the account. */
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    helpfulAt: timestamp('helpful_at', { withTimezone: true }),
    likeCount: integer('like_count').notNull().default(0),
    replyCount: integer('reply_count').notNull().default(0),
    reportCount: integer('report_count').notNull().default(0),
  },
  (t) => [
    index('discussion_comments_page_idx')
      .on(t.discussionId, t.createdAt, t.id)
      .where(sql`parent_id is null`),
    index('discussion_comments_liked_idx')
      .on(t.discussionId, t.likeCount, t.createdAt, t.id)
      .where(sql`parent_id is null`),
    index('discussion_comments_replies_idx').on(t.parentId, t.createdAt),
    // Comments and replies alike, newest last: how many are new since a reader last looked.
    index('discussion_comments_recent_idx').on(t.discussionId, t.createdAt),
    index('discussion_comments_author_idx').on(t.authorId, t.createdAt),
    index('discussion_comments_language_idx').on(t.discussionId, t.language),
    index('discussion_comments_pinned_idx')
      .on(t.discussionId, t.pinnedAt)
      .where(sql`pinned_at is not null`),
  ],
);

export const discussionLikes = pgTable(
  'discussion_likes',
  {
    commentId: uuid('comment_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

export const discussionFollows = pgTable(
  'discussion_follows',
  {
    discussionId: uuid('discussion_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** New comments in a followed discussion are notifications computed when read; these say how far they were seen and mailed. */
    readThrough: timestamp('read_through', { withTimezone: true }),
    mailedThrough: timestamp('mailed_through', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.discussionId, t.userId] }), index('discussion_follows_user_idx').on(t.userId)],
);

export const discussionReports = pgTable(
  'discussion_reports',
  {
    commentId: uuid('comment_id').notNull(),
    reporterId: uuid('reporter_id').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.reporterId] })],
);

export const discussionMutes = pgTable('discussion_mutes', {
  userId: uuid('user_id').primaryKey(),
  until: timestamp('until', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
  mutedBy: uuid('muted_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const discussionAudit = pgTable('discussion_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  commentId: uuid('comment_id'),
  targetUserId: uuid('target_user_id'),
  reason: text('reason').notNull(),
});

export const discussionNotifications = pgTable(
  'discussion_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<'reply' | 'moderation'>().notNull(),
    discussionId: uuid('discussion_id').notNull(),
    commentId: uuid('comment_id'),
    actorId: uuid('actor_id'),
    detail: text('detail'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (t) => [index('discussion_notifications_user_idx').on(t.userId, t.id)],
);

export const discussionDigests = pgTable(
  'discussion_digests',
  {
    userId: uuid('user_id').primaryKey(),
    frequency: text('frequency').$type<'off' | 'daily' | 'weekly'>().notNull().default('off'),
    unsubscribeToken: text('unsubscribe_token').notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('discussion_digests_token_idx').on(t.unsubscribeToken)],
);
