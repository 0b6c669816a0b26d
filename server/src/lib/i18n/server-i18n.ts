import fs from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { SERVER_LOCALES_DIR } from '../paths';

const LOCALES_DIR = SERVER_LOCALES_DIR;
export const SERVER_LANGUAGES = fs.readdirSync(LOCALES_DIR).sort();

const resources = Object.fromEntries(
  SERVER_LANGUAGES.map((lang) => [
    lang,
    Object.fromEntries(
      fs
        .readdirSync(path.join(LOCALES_DIR, lang))
        .filter((f) => f.endsWith('.json'))
        .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lang, f), 'utf8'))]),
    ),
  ]),
);

const instance = i18next.createInstance();
void instance.init({ resources, fallbackLng: 'en', initAsync: false, interpolation: { escapeValue: false } });

/** Server-side texts (mails) in the person's language, falling back to English. */
export function serverT(lang: string | null | undefined, ns: string): TFunction {
  return instance.getFixedT(lang && SERVER_LANGUAGES.includes(lang) ? lang : 'en', ns);
}
