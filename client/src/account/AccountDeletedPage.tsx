import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePage } from '../app/usePage';
import { Alert, buttonClass, PageShell } from '../ui';

/** Shown once an account is erased: what happened, what was kept, and the way back. */
export function AccountDeletedPage() {
  const { t } = useTranslation();
  const heading = usePage(t('accountDeleted.title'), 'account-deleted');
  return (
    <PageShell width="reading">
      <h1 ref={heading} tabIndex={-1}>
        {t('accountDeleted.title')}
      </h1>
      <Alert tone="success" live="polite">
        <p>{t('accountDeleted.done')}</p>
      </Alert>
      <h2>{t('accountDeleted.erasedTitle')}</h2>
      <p>{t('accountDeleted.erased')}</p>
      <h2>{t('accountDeleted.keptTitle')}</h2>
      <ul>
        <li>{t('accountDeleted.keptRecords')}</li>
        <li>{t('accountDeleted.keptCertificates')}</li>
        <li>{t('accountDeleted.keptComments')}</li>
      </ul>
      <p>
        <Link to="/" className={buttonClass()}>
          {t('nav.backToCourses')}
        </Link>
      </p>
    </PageShell>
  );
}
