import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { GlossaryList } from './GlossaryList';

/** Every term of a release's glossary, in the reader's language. */
export function GlossaryPage() {
  const { course = '', release = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.glossary(course, release, lang, signal), [course, release, lang]);
  const heading = usePage(t('glossary.title'), `${course}/${release}/glossary`);
  return (
    <article className="glossary-page">
      <p className="meta">
        <Link to={`/courses/${course}/releases/${release}`}>{t('module.backToCourse')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('glossary.title')}
      </h1>
      <Status state={state}>
        {(data) =>
          data.terms.length === 0 ? (
            <p>{t('glossary.empty')}</p>
          ) : (
            <GlossaryList terms={data.terms} lang={data.locale} />
          )
        }
      </Status>
    </article>
  );
}
