import type * as service from '../../../server/src/discussions/service';
import type { participationReport } from '../../../server/src/discussions/reports';
import type { Frequency } from '../../../server/src/discussions/schema';
import { request } from '../api/client';

export type CommentList = Awaited<ReturnType<typeof service.listComments>>;
export type Comment = Awaited<ReturnType<typeof service.postComment>>;
export type Queue = Awaited<ReturnType<typeof service.moderationQueue>>;
export type Notifications = Awaited<ReturnType<typeof service.notifications>>;
export type AuditLog = Awaited<ReturnType<typeof service.auditLog>>;
export type AuditEntry = AuditLog['entries'][number];
export type Participation = Awaited<ReturnType<typeof participationReport>>;
export type NewSince = Awaited<ReturnType<typeof service.newSince>>;
export type { Frequency };

export interface ListOptions {
  step: string;
  sort: 'newest' | 'oldest' | 'liked';
  filter: 'all' | 'mine' | 'replies-to-me';
  languages: string[];
  after?: string;
}

const enc = encodeURIComponent;
const placeUrl = (course: string, module: string) => `/api/courses/${enc(course)}/modules/${enc(module)}/discussion`;
const comment = (id: string) => `/api/discussions/comments/${enc(id)}`;

export const discussionApi = {
  list: (course: string, module: string, o: ListOptions, signal?: AbortSignal) => {
    const params = new URLSearchParams({ step: o.step, sort: o.sort, filter: o.filter });
    if (o.languages.length) params.set('languages', o.languages.join(','));
    if (o.after) params.set('after', o.after);
    return request<CommentList>('GET', `${placeUrl(course, module)}?${params}`, undefined, signal);
  },
  post: (course: string, module: string, step: string, body: { text: string; language: string; parentId?: string }) =>
    request<Comment>('POST', `${placeUrl(course, module)}?step=${enc(step)}`, body),
  follow: (course: string, module: string, step: string, on: boolean) =>
    request<{ following: boolean }>(on ? 'PUT' : 'DELETE', `${placeUrl(course, module)}/follow?step=${enc(step)}`),
  edit: (id: string, text: string) => request<Comment>('PATCH', comment(id), { text }),
  remove: (id: string) => request<void>('DELETE', comment(id)),
  like: (id: string, on: boolean) =>
    request<{ likes: number; liked: boolean }>(on ? 'PUT' : 'DELETE', `${comment(id)}/like`),
  mark: (id: string, what: 'pin' | 'helpful', on: boolean) =>
    request<unknown>(on ? 'PUT' : 'DELETE', `${comment(id)}/${what}`),
  report: (id: string, reason: string) =>
    request<{ reported: boolean; hidden: boolean }>('POST', `${comment(id)}/reports`, { reason }),
  queue: (queue: string, signal?: AbortSignal) =>
    request<Queue>('GET', `/api/discussions/moderation?queue=${enc(queue)}`, undefined, signal),
  moderate: (id: string, action: 'hide' | 'restore' | 'delete', reason: string) =>
    request<unknown>('POST', `${comment(id)}/moderation`, { action, reason }),
  mute: (userId: string, days: number, reason: string) =>
    request<unknown>('PUT', `/api/discussions/mutes/${enc(userId)}`, { days, reason }),
  unmute: (userId: string) => request<void>('DELETE', `/api/discussions/mutes/${enc(userId)}`),
  /** Without `since`: only the server's time to ask from next. */
  newSince: (course: string, module: string, step: string, since?: string, languages: string[] = []) => {
    const params = new URLSearchParams({ step });
    if (since) params.set('since', since);
    if (languages.length) params.set('languages', languages.join(','));
    return request<NewSince>('GET', `${placeUrl(course, module)}/new?${params}`);
  },
  audit: (query: string, signal?: AbortSignal) =>
    request<AuditLog>('GET', `/api/discussions/audit?${query}`, undefined, signal),
  participation: (course: string, signal?: AbortSignal) =>
    request<Participation>('GET', `/api/staff/reports/${enc(course)}/discussions`, undefined, signal),
  notifications: (signal?: AbortSignal) => request<Notifications>('GET', '/api/me/notifications', undefined, signal),
  markRead: () => request<void>('POST', '/api/me/notifications/read'),
  digest: (signal?: AbortSignal) =>
    request<{ frequency: Frequency }>('GET', '/api/me/discussion-digest', undefined, signal),
  setDigest: (frequency: Frequency) =>
    request<{ frequency: Frequency }>('PUT', '/api/me/discussion-digest', { frequency }),
};
