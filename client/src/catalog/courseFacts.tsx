import { useTranslation } from 'react-i18next';

interface Facts {
  minutes: number;
  modules: number;
  fullLocales: string[];
  licence: string;
  edition?: string | null;
}

/** A course's length, languages (only those with every module's text), edition and licence. */
export function CourseFacts({ facts }: { facts: Facts }) {
  const { t, i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: 'language' });
  const languages = facts.fullLocales.map((l) => names.of(l) ?? l);
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' });
  const hours = Math.round((facts.minutes / 60) * 2) / 2;
  return (
    <dl className="course-facts">
      <div>
        <dt>{t('catalog.length')}</dt>
        <dd>
          {facts.minutes >= 90
            ? t('catalog.hours', { count: hours, hours: new Intl.NumberFormat(i18n.language).format(hours) })
            : t('course.minutes', { count: facts.minutes })}
          {' · '}
          {t('course.modulesCount', { count: facts.modules })}
        </dd>
      </div>
      <div>
        <dt>{t('catalog.languagesLabel')}</dt>
        <dd>{languages.length ? list.format(languages) : '–'}</dd>
      </div>
      {facts.edition && (
        <div>
          <dt>{t('course.release')}</dt>
          <dd>{facts.edition}</dd>
        </div>
      )}
      <div>
        <dt>{t('catalog.licenceLabel')}</dt>
        <dd>{facts.licence}</dd>
      </div>
    </dl>
  );
}
