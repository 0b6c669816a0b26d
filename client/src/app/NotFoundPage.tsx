import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePage } from './usePage';

/** An address that leads nowhere: an unknown page, course, release or module. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const heading = usePage(t('errors.not_found'), 'not-found');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('errors.not_found')}
      </h1>
      <p>{t('errors.notFoundHint')}</p>
      <p>
        <Link to="/">{t('nav.backToCourses')}</Link>
      </p>
    </>
  );
}
