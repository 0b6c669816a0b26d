import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, rememberLanguage } from '../i18n';

/** Each language is named in itself, so a reader finds their own whatever language the page is in. */
const ENDONYMS: Record<string, string> = {
  en: 'English',
  it: 'Italiano',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  el: 'Ελληνικά',
  fi: 'Suomi',
  cs: 'Čeština',
  hr: 'Hrvatski',
};

export function LanguageSwitcher({ onBeforeChange }: { onBeforeChange?: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('nav.language')}</label>
      <select
        id={id}
        value={i18n.language}
        onChange={(e) => {
          onBeforeChange?.();
          rememberLanguage(e.target.value);
          void i18n.changeLanguage(e.target.value);
        }}
      >
        {UI_LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {ENDONYMS[lang]}
          </option>
        ))}
      </select>
    </div>
  );
}
