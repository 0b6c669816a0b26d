import type { StepDefinition } from '../lib/markdown/steps';
import type { ContentProblem, LocaleMap, ModuleFrontMatter, QuizDefinition } from '../lib/markdown/types';

export type { LocaleMap };

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
  makers?: LocaleMap;
  outcomes?: Record<string, string[]>;
  image?: { file: string; alt: LocaleMap };
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
  /** The module's `:::: step` containers; empty for a module written as one page (shown as step `all`). */
  steps: StepDefinition[];
  resourceLinks: { id: string; line: number }[];
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

export interface LoadedResourceLocale {
  locale: string;
  file: string;
  raw: string;
  hash: string;
  title: string;
  description: string;
  body: string;
}

/** A downloadable resource (template, checklist, canvas): `resources/<id>/<locale>.md`. */
export interface LoadedResource {
  id: string;
  locales: LoadedResourceLocale[];
}

export interface GlossaryEntry {
  id: string;
  line: number;
  term: string;
  definition: string;
  aliases: string[];
}

/** One locale of a course's glossary: `glossary/<locale>.yaml`. */
export interface LoadedGlossary {
  locale: string;
  file: string;
  raw: string;
  hash: string;
  terms: GlossaryEntry[];
}

export interface LoadedRelease {
  meta: ReleaseMeta;
  modules: LoadedModule[];
  resources?: LoadedResource[];
  glossary?: LoadedGlossary[];
}

export interface LoadedCourse {
  dir: string;
  meta: CourseMeta;
  draft: LoadedModule[];
  draftResources: LoadedResource[];
  draftGlossary: LoadedGlossary[];
  releases: LoadedRelease[];
  /** The picture `course.yaml` names, read from the course folder. */
  image?: LoadedAsset & { alt: LocaleMap };
  problems: FileProblem[];
}
