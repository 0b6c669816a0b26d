import type { CourseMeta, LoadedModule } from './types';

export type TranslationStatus = 'source' | 'current' | 'stale' | 'title-only' | 'missing';

export interface TranslationRow {
  moduleId: string;
  locale: string;
  status: TranslationStatus;
}

/** Per module and locale: is there a translation, and was it made from the current source? */
export function translationStatus(meta: CourseMeta, modules: LoadedModule[]): TranslationRow[] {
  const rows: TranslationRow[] = [];
  for (const module of modules) {
    const source = module.locales.find((l) => l.locale === meta.defaultLocale);
    for (const locale of meta.locales) {
      const file = module.locales.find((l) => l.locale === locale);
      let status: TranslationStatus;
      if (locale === meta.defaultLocale) status = 'source';
      else if (file) status = source && file.frontMatter.translatedFrom === source.sourceHash ? 'current' : 'stale';
      else status = module.titles[locale] ? 'title-only' : 'missing';
      rows.push({ moduleId: module.id, locale, status });
    }
  }
  return rows;
}
