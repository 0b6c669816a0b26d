import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/common.json';
import enDiscussion from '../locales/en/discussion.json';

export const UI_LANGUAGES = ['en', 'it', 'de', 'fr', 'es', 'el', 'fi', 'cs', 'hr'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const STORAGE_KEY = 'atrium.lang';
export const LANG_COOKIE = 'atrium_lang';

const locales = import.meta.glob<{ default: Record<string, unknown> }>([
  '../locales/*/*.json',
  '!../locales/en/common.json',
  '!../locales/en/discussion.json',
]);

/**
 * English learner strings ship in the first bundle; other languages load when chosen, so learners
 * download one language. The strings of the staff, authoring and administration pages are a namespace
 * of their own ("staff"), loaded with those pages only.
 */
const lazyBackend: BackendModule = {
  type: 'backend',
  init: () => {},
  read(language, namespace, callback) {
    const load = locales[`../locales/${language}/${namespace}.json`];
    if (!load) return callback(null, {});
    load().then(
      (m) => callback(null, m.default),
      (err: Error) => callback(err, null),
    );
  },
};

function initialLanguage(): UiLanguage {
  const saved = localStorage.getItem(STORAGE_KEY);
  const wanted = [saved, ...navigator.languages].filter(Boolean) as string[];
  for (const lang of wanted) {
    const base = lang.split('-')[0].toLowerCase();
    if ((UI_LANGUAGES as readonly string[]).includes(base)) return base as UiLanguage;
  }
  return 'en';
}

export function rememberLanguage(lang: string): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = lang;
}

export async function setupI18n(): Promise<typeof i18n> {
  const lng = initialLanguage();
  await i18n
    .use(lazyBackend)
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: 'en',
      ns: ['common', 'discussion'],
      defaultNS: 'common',
      // Staff pages ask for "staff" first and still find the shared strings (buttons, errors, roles).
      fallbackNS: 'common',
      partialBundledLanguages: true,
      resources: { en: { common: en, discussion: enDiscussion } },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  rememberLanguage(lng);
  return i18n;
}

/** Loads the staff pages' strings before such a page renders. */
export async function loadStaffStrings(): Promise<void> {
  await i18n.loadNamespaces('staff');
}
