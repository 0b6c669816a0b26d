import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { errorText } from '../app/errorText';
import { Field, FormMessage } from '../app/Field';
import { usePage } from '../app/usePage';
import { useAuth } from './AuthContext';

export function SignInPage() {
  const { t } = useTranslation();
  const heading = usePage(t('auth.signInTitle'), 'sign-in');
  const { setUser, oidc } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState(params.get('error') === 'sso' ? t('auth.ssoFailed') : undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      const { user } = await api.signIn({ email: String(form.get('email')), password: String(form.get('password')) });
      await setUser(user);
      void navigate(params.get('next')?.startsWith('/') ? params.get('next')! : '/account');
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('auth.signInTitle')}
      </h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <Field label={t('auth.email')} name="email" type="email" autoComplete="email" required />
        <Field label={t('auth.password')} name="password" type="password" autoComplete="current-password" required />
        <FormMessage error={error} />
        <button type="submit" disabled={busy}>
          {t('auth.signIn')}
        </button>
      </form>
      {oidc && (
        <p>
          <a className="button button-secondary" href="/api/auth/oidc/start">
            {t('auth.signInWithSso')}
          </a>
        </p>
      )}
      <p>
        <Link to="/forgot-password">{t('auth.forgot')}</Link>
      </p>
      <p>
        {t('auth.noAccount')} <Link to="/sign-up">{t('auth.signUp')}</Link>
      </p>
    </>
  );
}
