import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';

export function CatalogPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.catalog(lang, signal), [lang]);
  const heading = usePage(t('catalog.title'), 'catalog');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('catalog.title')}
      </h1>
      <p className="lead">{t('catalog.intro')}</p>
      <Status state={state}>
        {({ courses }) =>
          courses.length === 0 ? (
            <p>{t('catalog.empty')}</p>
          ) : (
            <ul className="card-list">
              {courses.map((c) => (
                <li key={c.id} className="card">
                  <h2 lang={c.locale}>
                    <Link to={`/courses/${c.id}`}>{c.title}</Link>
                  </h2>
                  <p lang={c.locale}>{c.summary}</p>
                  <p className="meta">{t('catalog.languages', { count: c.locales.length })}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </>
  );
}
