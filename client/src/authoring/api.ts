import type * as authoring from '../../../server/src/authoring/service';
import type * as extraTexts from '../../../server/src/authoring/extra-texts';
import type * as publish from '../../../server/src/authoring/publish';
import { request } from '../api/client';

export type DraftView = Awaited<ReturnType<typeof authoring.getDraft>>;
export type DraftCourses = Awaited<ReturnType<typeof authoring.listCourses>>;
export type DraftText = Awaited<ReturnType<typeof authoring.getText>>;
export type Problem = Awaited<ReturnType<typeof authoring.checkText>>['problems'][number];
export type Revisions = Awaited<ReturnType<typeof authoring.listRevisions>>;
export type Uploaded = Awaited<ReturnType<typeof authoring.addImage>>;
export type ExtraFile = Awaited<ReturnType<typeof extraTexts.getExtra>>;
export type Published = Awaited<ReturnType<typeof publish.publishDraft>>;
export interface ConflictDetails {
  reason: 'edit_conflict';
  yours: { source: string; baseRevision: number };
  theirs: { source: string; revision: number; author: string | null; savedAt: string | null };
}

const e = encodeURIComponent;
const course = (c: string) => `/api/authoring/courses/${e(c)}`;
const text = (c: string, m: string, l: string) => `${course(c)}/modules/${e(m)}/texts/${e(l)}`;
/** A template's locale (`resource` given) or the glossary's. */
export interface ExtraRef {
  course: string;
  resource?: string;
  locale: string;
}
const extra = (r: ExtraRef) =>
  r.resource
    ? `${course(r.course)}/resources/${e(r.resource)}/${e(r.locale)}`
    : `${course(r.course)}/glossary/${e(r.locale)}`;

export const authoringApi = {
  courses: (signal?: AbortSignal) => request<DraftCourses>('GET', '/api/authoring/courses', undefined, signal),
  draft: (c: string, signal?: AbortSignal) => request<DraftView>('GET', course(c), undefined, signal),
  changeCourse: (
    c: string,
    change: { title?: Record<string, string>; summary?: Record<string, string>; passMark?: number },
  ) => request<DraftView>('PATCH', course(c), change),
  createModule: (c: string, body: { id: string; title: string }) =>
    request<DraftView>('POST', `${course(c)}/modules`, body),
  renameModule: (c: string, m: string, title: string) =>
    request<DraftView>('PATCH', `${course(c)}/modules/${e(m)}`, { title }),
  removeModule: (c: string, m: string) => request<DraftView>('DELETE', `${course(c)}/modules/${e(m)}`),
  reorder: (c: string, modules: string[]) => request<DraftView>('PUT', `${course(c)}/order`, { modules }),
  text: (c: string, m: string, l: string, signal?: AbortSignal) =>
    request<DraftText>('GET', text(c, m, l), undefined, signal),
  save: (c: string, m: string, l: string, source: string, baseRevision: number) =>
    request<{ revision: number; saved: boolean }>('PUT', text(c, m, l), { source, baseRevision }),
  check: (c: string, m: string, l: string, source: string, signal?: AbortSignal) =>
    request<{ problems: Problem[] }>('POST', `${text(c, m, l)}/check`, { source }, signal),
  stamp: (c: string, m: string, l: string, baseRevision: number) =>
    request<{ revision: number; saved: boolean }>('POST', `${text(c, m, l)}/stamp`, { baseRevision }),
  revisions: (c: string, m: string, l: string, signal?: AbortSignal) =>
    request<Revisions>('GET', `${text(c, m, l)}/revisions`, undefined, signal),
  revision: (c: string, m: string, l: string, revision: number) =>
    request<{ source: string; revision: number }>('GET', `${text(c, m, l)}/revisions/${revision}`),
  restore: (c: string, m: string, l: string, revision: number, baseRevision: number) =>
    request<{ revision: number; saved: boolean }>('POST', `${text(c, m, l)}/revisions/${revision}/restore`, {
      baseRevision,
    }),
  upload: (c: string, m: string, file: File, alt: string) => {
    const form = new FormData();
    form.append('alt', alt);
    form.append('file', file);
    return request<Uploaded>('POST', `${course(c)}/modules/${e(m)}/images`, form);
  },
  extra: (r: ExtraRef, signal?: AbortSignal) => request<ExtraFile>('GET', extra(r), undefined, signal),
  saveExtra: (r: ExtraRef, source: string, baseRevision: number) =>
    request<{ revision: number; saved: boolean }>('PUT', extra(r), { source, baseRevision }),
  checkExtra: (r: ExtraRef, source: string, signal?: AbortSignal) =>
    request<{ problems: Problem[] }>('POST', `${extra(r)}/check`, { source }, signal),
  publish: (c: string, body: { release: string; title: Record<string, string>; notes: Record<string, string> }) =>
    request<Published>('POST', `${course(c)}/publish`, body),
};
