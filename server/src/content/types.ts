import type { ContentProblem, ModuleFrontMatter, QuizDefinition } from '../lib/markdown/types';

export type LocaleMap = Record<string, string>;

export interface FileProblem extends ContentProblem {
  file: string;
}

export interface CourseMeta {
  id: string;
  defaultLocale: string;
  locales: string[];
  licence: string;
  passMark: number;
  title: LocaleMap;
  summary: LocaleMap;
  releases: string[];
}

export interface ReleaseMeta {
  id: string;
  date: string;
  title: LocaleMap;
  notes: LocaleMap;
}

export interface LoadedAsset {
  fileName: string;
  hash: string;
  mediaType: string;
  content: Buffer;
}

export interface LoadedModuleLocale {
  locale: string;
  file: string;
  /** The file as written; its hash tells whether a translation is stale. */
  raw: string;
  sourceHash: string;
  /** Content address: the Markdown plus the assets it links to. */
  versionHash: string;
  frontMatter: ModuleFrontMatter;
  body: string;
  html: string;
  quizzes: QuizDefinition[];
  reflections: { id: string; line: number }[];
}

export interface LoadedModule {
  dir: string;
  slug: string;
  position: number;
  id: string;
  titles: LocaleMap;
  locales: LoadedModuleLocale[];
  assets: LoadedAsset[];
}

export interface LoadedRelease {
  meta: ReleaseMeta;
  modules: LoadedModule[];
}

export interface LoadedCourse {
  dir: string;
  meta: CourseMeta;
  draft: LoadedModule[];
  releases: LoadedRelease[];
  problems: FileProblem[];
}
