import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { errorText } from '../app/errorText';
import { Field, FormMessage, NewPasswordField } from '../app/Field';
import { usePage } from '../app/usePage';
import { useAuth } from './AuthContext';

/** Opened from the verification mail: confirms the address and signs in. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const heading = usePage(t('auth.verifyTitle'), 'verify');
  const [params] = useSearchParams();
  const { setUser } = useAuth();
  const [state, setState] = useState<{ done?: boolean; error?: string }>({});
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.verify(params.get('token') ?? '').then(
      ({ user }) => setUser(user).then(() => setState({ done: true })),
      (err: unknown) => setState({ error: errorText(t, err) }),
    );
  }, [params, setUser, t]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('auth.verifyTitle')}
      </h1>
      {!state.done && !state.error && <p role="status">{t('status.loading')}</p>}
      <FormMessage error={state.error} success={state.done ? t('auth.verified') : undefined} />
      {state.done && (
        <p>
          <Link to="/account">{t('nav.account')}</Link>
        </p>
      )}
    </>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const heading = usePage(t('auth.forgotTitle'), 'forgot');
  const [state, setState] = useState<{ sent?: boolean; error?: string }>({});
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      await api.forgot(String(new FormData(e.currentTarget).get('email')));
      setState({ sent: true });
    } catch (err) {
      setState({ error: errorText(t, err) });
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('auth.forgotTitle')}
      </h1>
      <p>{t('auth.forgotIntro')}</p>
      <form onSubmit={(e) => void submit(e)} className="form">
        <Field label={t('auth.email')} name="email" type="email" autoComplete="email" required />
        <FormMessage error={state.error} success={state.sent ? t('auth.checkInbox') : undefined} />
        <button type="submit">{t('auth.sendLink')}</button>
      </form>
    </>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const heading = usePage(t('auth.resetTitle'), 'reset');
  const [params] = useSearchParams();
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      const { user } = await api.reset(
        params.get('token') ?? '',
        String(new FormData(e.currentTarget).get('password')),
      );
      await setUser(user);
      void navigate('/account');
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('auth.resetTitle')}
      </h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <NewPasswordField label={t('auth.newPassword')} />
        <FormMessage error={error} />
        <button type="submit">{t('auth.savePassword')}</button>
      </form>
    </>
  );
}
