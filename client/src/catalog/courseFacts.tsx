import { useTranslation } from 'react-i18next';

interface Facts {
  minutes: number;
  modules: number;
  fullLocales: string[];
  licence: string;
  edition?: string | null;
  makers?: { text: string; locale: string } | null;
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
      {facts.makers && (
        <div className="course-makers">
          <dt>{t('catalog.makersLabel')}</dt>
          <dd lang={facts.makers.locale}>{facts.makers.text}</dd>
        </div>
      )}
    </dl>
  );
}

/** What a learner will be able to do afterwards; `limit` shortens the list on the card. */
export function CourseOutcomes({
  outcomes,
  limit,
  headingLevel = 3,
}: {
  outcomes: { items: string[]; locale: string };
  limit?: number;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const shown = limit ? outcomes.items.slice(0, limit) : outcomes.items;
  const more = outcomes.items.length - shown.length;
  return (
    <section className="course-outcomes" aria-label={t('catalog.outcomesTitle')}>
      <Heading>{t('catalog.outcomesTitle')}</Heading>
      <ul lang={outcomes.locale}>
        {shown.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      {more > 0 && <p className="course-outcomes-more">{t('catalog.outcomesMore')}</p>}
    </section>
  );
}
