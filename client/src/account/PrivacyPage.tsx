import { useTranslation } from 'react-i18next';
import { usePage } from '../app/usePage';

const SECTIONS = ['account', 'profile', 'learning', 'cookies', 'rights'] as const;

export function PrivacyPage() {
  const { t } = useTranslation();
  const heading = usePage(t('privacy.title'), 'privacy');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('privacy.title')}
      </h1>
      <p className="lead">{t('privacy.intro')}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`}>{t(`privacy.${s}.title`)}</h2>
          <p>{t(`privacy.${s}.text`)}</p>
        </section>
      ))}
    </>
  );
}
