import type * as account from '../../../server/src/account/service';
import type { SessionUser } from '../../../server/src/auth/service';
import type * as catalog from '../../../server/src/catalog/service';
import type * as certificates from '../../../server/src/certificates/service';
import type { SwitchPlan } from '../../../server/src/learning/switch';
import type * as learning from '../../../server/src/learning/service';
import type { TextBlock } from '../../../server/src/lib/markdown/blocks';
import type * as releases from '../../../server/src/releases/compare';
import type * as resources from '../../../server/src/catalog/resources';
import type { Dashboard, StepFunnel } from '../../../server/src/reports/service';
import type * as users from '../../../server/src/users/service';
import type { LrsScope } from '../../../server/src/lib/lrs-scopes';

export type Catalog = { courses: Awaited<ReturnType<typeof catalog.listCatalog>> };
export type Course = Awaited<ReturnType<typeof catalog.getCourse>>;
export type Outline = Awaited<ReturnType<typeof catalog.getOutline>>;
export type Module = Awaited<ReturnType<typeof catalog.getModule>>;
export type StepPage = Awaited<ReturnType<typeof catalog.getStep>>;
export type Glossary = Awaited<ReturnType<typeof resources.getGlossary>>;
export type QuizResult = Awaited<ReturnType<typeof learning.answerQuiz>>;
export type CourseProgress = Awaited<ReturnType<typeof learning.courseProgress>>;
export type Enrolled = Extract<CourseProgress, { modules: unknown }>;
export type MyLearning = Awaited<ReturnType<typeof learning.myLearning>>;
export type Comparison = Awaited<ReturnType<typeof releases.compareReleases>>;
export type Verification = Awaited<ReturnType<typeof certificates.verify>>;
export type { SwitchPlan, TextBlock };
export type User = SessionUser;
export type Profile = Awaited<ReturnType<typeof account.getProfile>>;
export type UserList = Awaited<ReturnType<typeof users.listUsers>>;
export type { Dashboard, StepFunnel };
export interface Session {
  user: User | null;
  csrfToken: string;
  oidc: boolean;
  publicUrl: string;
}
export { LRS_SCOPES } from '../../../server/src/lib/lrs-scopes';
export interface LrsCredential {
  key: string;
  label: string;
  scopes: LrsScope[];
  createdAt: string;
  revokedAt: string | null;
}
export interface NewLrsCredential {
  key: string;
  secret: string;
  label: string;
  scopes: LrsScope[];
}
export interface OutboxSummary {
  endpoint: string;
  forwarding: boolean;
  backlog: number;
  dead: { statementId: string; attempts: number; error: string | null; since: string }[];
}
export interface ProgressImport {
  visits?: { course: string; release: string; module: string; at: string }[];
  /** The answers given, which the server checks again; it never takes a score from the browser. */
  quizzes?: { course: string; release: string; module: string; quiz: string; answers: number[][]; at: string }[];
}

/** An API error: `code` is translated by the client, `message` is the server's explanation. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  signal?: AbortSignal,
  /** Let the request finish after the page is gone (a save as the tab closes). */
  keepalive = false,
): Promise<T> {
  if (method !== 'GET' && !csrfToken) await api.session();
  const form = body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      signal,
      keepalive,
      headers: {
        ...(body && !form ? { 'Content-Type': 'application/json' } : {}),
        ...(method !== 'GET' && csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: form ? body : body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'offline', (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  if (res.ok) return (await res.json()) as T;
  const data = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: Record<string, unknown> };
  };
  throw new ApiError(
    res.status,
    data.error?.code ?? 'internal',
    data.error?.message ?? res.statusText,
    data.error?.details,
  );
}

const q = (lang: string) => `?lang=${encodeURIComponent(lang)}`;
const base = (course: string, release: string) =>
  `/api/courses/${encodeURIComponent(course)}/releases/${encodeURIComponent(release)}`;

export const api = {
  async session(): Promise<Session> {
    const session = await request<Session>('GET', '/api/auth/session');
    csrfToken = session.csrfToken;
    return session;
  },
  signUp: (body: { email: string; password: string; displayName: string; locale: string }) =>
    request<{ message: string }>('POST', '/api/auth/signup', body),
  signIn: (body: { email: string; password: string }) => request<{ user: User }>('POST', '/api/auth/signin', body),
  signOut: () => request<void>('POST', '/api/auth/signout'),
  verify: (token: string) => request<{ user: User }>('POST', '/api/auth/verify', { token }),
  resendVerification: () => request<{ message: string }>('POST', '/api/auth/verify/resend'),
  forgot: (email: string) => request<{ message: string }>('POST', '/api/auth/forgot', { email }),
  reset: (token: string, password: string) => request<{ user: User }>('POST', '/api/auth/reset', { token, password }),
  /** `opening`: the reader opened a module (only a learner is enrolled by that; registration is then null for others). */
  enrol: (course: string, release: string, lang: string, opening = false) =>
    request<{ registration: string | null; releaseId: string; created: boolean }>(
      'POST',
      `/api/courses/${encodeURIComponent(course)}/releases/${encodeURIComponent(release)}/enrolment?lang=${encodeURIComponent(lang)}${opening ? '&opening=1' : ''}`,
    ),
  me: (signal?: AbortSignal) => request<Profile>('GET', '/api/me', undefined, signal),
  updateMe: (changes: Partial<Profile>) => request<Profile>('PATCH', '/api/me', changes),
  deleteMe: () => request<void>('DELETE', '/api/me', { confirm: 'DELETE' }),
  saveProgress: (progress: ProgressImport) => request<void>('POST', '/api/me/progress', progress),
  visited: (course: string, release: string, signal?: AbortSignal) =>
    request<{ visited: { module: string }[] }>('GET', `/api/me/progress/${course}/${release}`, undefined, signal),
  courseProgress: (course: string, lang: string, signal?: AbortSignal) =>
    request<CourseProgress>('GET', `/api/me/courses/${encodeURIComponent(course)}${q(lang)}`, undefined, signal),
  myLearning: (lang: string, signal?: AbortSignal) =>
    request<MyLearning>('GET', `/api/me/learning${q(lang)}`, undefined, signal),
  switchRelease: (course: string, release: string, lang: string) =>
    request<SwitchPlan>('POST', `/api/me/courses/${encodeURIComponent(course)}/switch${q(lang)}`, { release }),
  savePlace: (course: string, place: { release: string; module: string; place: string }, keepalive = false) =>
    request<{ saved: boolean }>(
      'PUT',
      `/api/me/courses/${encodeURIComponent(course)}/place`,
      place,
      undefined,
      keepalive,
    ),
  reflections: (course: string, module: string, signal?: AbortSignal) =>
    request<{ reflections: { id: string; text: string }[] }>(
      'GET',
      `/api/me/courses/${encodeURIComponent(course)}/modules/${encodeURIComponent(module)}/reflections`,
      undefined,
      signal,
    ),
  saveReflection: (course: string, module: string, reflection: string, text: string) =>
    request<void>(
      'PUT',
      `/api/me/courses/${encodeURIComponent(course)}/modules/${encodeURIComponent(module)}/reflections/${encodeURIComponent(reflection)}`,
      { text },
    ),
  compare: (course: string, from: string, to: string, lang: string, signal?: AbortSignal) =>
    request<Comparison>(
      'GET',
      `/api/courses/${encodeURIComponent(course)}/compare${q(lang)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      undefined,
      signal,
    ),
  verifyCertificate: (code: string, lang: string, signal?: AbortSignal) =>
    request<Verification>('GET', `/api/verify/${encodeURIComponent(code)}${q(lang)}`, undefined, signal),
  revokeCertificate: (code: string, reason: string) =>
    request<void>('POST', `/api/staff/certificates/${encodeURIComponent(code)}/revoke`, { reason }),
  certificatePdfUrl: (code: string, lang: string) => `/api/me/certificates/${encodeURIComponent(code)}/pdf${q(lang)}`,
  users: (q: string, page: number, signal?: AbortSignal) =>
    request<UserList>('GET', `/api/admin/users?q=${encodeURIComponent(q)}&page=${page}`, undefined, signal),
  changeUser: (id: string, change: { role?: string; disabled?: boolean }) =>
    request<unknown>('PATCH', `/api/admin/users/${id}`, change),
  lrsCredentials: (signal?: AbortSignal) =>
    request<{ credentials: LrsCredential[] }>('GET', '/api/admin/lrs/credentials', undefined, signal),
  createLrsCredential: (label: string, scopes: LrsScope[]) =>
    request<NewLrsCredential>('POST', '/api/admin/lrs/credentials', { label, scopes }),
  revokeLrsCredential: (key: string) =>
    request<void>('DELETE', `/api/admin/lrs/credentials/${encodeURIComponent(key)}`),
  lrsOutbox: (signal?: AbortSignal) => request<OutboxSummary>('GET', '/api/admin/lrs/outbox', undefined, signal),
  retryOutbox: (statementIds?: string[]) =>
    request<{ revived: number }>('POST', '/api/admin/lrs/outbox/retry', statementIds ? { statementIds } : {}),
  dashboard: (course: string, query: string, signal?: AbortSignal) =>
    request<Dashboard>('GET', `/api/staff/reports/${encodeURIComponent(course)}/dashboard?${query}`, undefined, signal),
  stepFunnel: (course: string, module: string, query: string, signal?: AbortSignal) =>
    request<StepFunnel>(
      'GET',
      `/api/staff/reports/${encodeURIComponent(course)}/modules/${encodeURIComponent(module)}/steps?${query}`,
      undefined,
      signal,
    ),
  catalog: (lang: string, signal?: AbortSignal) => request<Catalog>('GET', `/api/courses${q(lang)}`, undefined, signal),
  course: (course: string, lang: string, signal?: AbortSignal) =>
    request<Course>('GET', `/api/courses/${encodeURIComponent(course)}${q(lang)}`, undefined, signal),
  outline: (course: string, release: string, lang: string, signal?: AbortSignal) =>
    request<Outline>('GET', `${base(course, release)}${q(lang)}`, undefined, signal),
  module: (course: string, release: string, module: string, lang: string, signal?: AbortSignal) =>
    request<Module>(
      'GET',
      `${base(course, release)}/modules/${encodeURIComponent(module)}${q(lang)}`,
      undefined,
      signal,
    ),
  step: (course: string, release: string, module: string, step: string, lang: string, signal?: AbortSignal) =>
    request<StepPage>(
      'GET',
      `${base(course, release)}/modules/${encodeURIComponent(module)}/steps/${encodeURIComponent(step)}${q(lang)}`,
      undefined,
      signal,
    ),
  glossary: (course: string, release: string, lang: string, signal?: AbortSignal) =>
    request<Glossary>('GET', `${base(course, release)}/glossary${q(lang)}`, undefined, signal),
  checkQuiz: (course: string, release: string, module: string, quiz: string, lang: string, answers: number[][]) =>
    request<QuizResult>(
      'POST',
      `${base(course, release)}/modules/${encodeURIComponent(module)}/quizzes/${encodeURIComponent(quiz)}/check${q(lang)}`,
      { answers },
    ),
};
