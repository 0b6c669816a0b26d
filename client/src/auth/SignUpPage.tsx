import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { errorText } from '../app/errorText';
import { Field, FormMessage, NewPasswordField } from '../app/Field';
import { usePage } from '../app/usePage';

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const heading = usePage(t('auth.signUpTitle'), 'sign-up');
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api.signUp({
        displayName: String(form.get('displayName')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        locale: i18n.language,
      });
      setSent(true);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('auth.signUpTitle')}
      </h1>
      <p>{t('auth.signUpIntro')}</p>
      {sent ? (
        <p role="status" className="notice">
          {t('auth.checkInbox')}
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          <Field label={t('auth.displayName')} name="displayName" autoComplete="name" required maxLength={100} />
          <Field label={t('auth.email')} name="email" type="email" autoComplete="email" required />
          <NewPasswordField label={t('auth.password')} />
          <FormMessage error={error} />
          <button type="submit" disabled={busy}>
            {t('auth.signUp')}
          </button>
        </form>
      )}
      <p>
        <Link to="/privacy">{t('privacy.link')}</Link>
      </p>
      <p>
        {t('auth.haveAccount')} <Link to="/sign-in">{t('auth.signIn')}</Link>
      </p>
    </>
  );
}
