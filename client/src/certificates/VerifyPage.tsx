import { useId, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Verification } from '../api/client';
import { useApi } from '../api/useApi';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { errorText } from '../app/errorText';

/** A box to type the code printed on a certificate; dashes and case do not matter. */
function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  return (
    <form
      className="verify-form"
      role="search"
      aria-label={t('verify.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const typed = String(new FormData(e.currentTarget).get('code') ?? '')
          .toUpperCase()
          .replace(/[\s-]/g, '')
          .replace(/^(.{4})(.{4})(.{4})$/, '$1-$2-$3');
        if (typed) void navigate(`/verify/${encodeURIComponent(typed)}`);
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('verify.code')}</label>
        <input
          id={id}
          name="code"
          defaultValue={initial}
          key={initial}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          required
        />
        <p className="meta" id={`${id}-hint`}>
          {t('verify.codeHint')}
        </p>
      </div>
      <button type="submit">{t('verify.check')}</button>
    </form>
  );
}

/** Public: confirms a certificate is genuine (or revoked), or says no certificate has the code. */
export function VerifyPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const heading = usePage(t('verify.title'), `verify:${code}`);
  const [version, setVersion] = useState(0);
  const state = useApi(
    async (signal) =>
      code &&
      api.verifyCertificate(code, i18n.language, signal).catch((err: unknown) => {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }),
    [code, i18n.language, version],
  );
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('verify.title')}
      </h1>
      <CodeForm initial={code} />
      <div aria-live="polite">
        {code && state.status === 'loading' && <p>{t('status.loading')}</p>}
        {state.status === 'error' && <p role="alert">{errorText(t, state.error)}</p>}
        {state.status === 'ready' &&
          code &&
          (state.data ? (
            <Certificate data={state.data} onRevoked={() => setVersion((v) => v + 1)} />
          ) : (
            <p className="verify-result verify-unknown">{t('verify.unknown', { code })}</p>
          ))}
      </div>
    </>
  );
}

function Certificate({ data, onRevoked }: { data: Verification; onRevoked: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const date = (d: Date | string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date(d));
  return (
    <>
      <p className={`verify-result verify-${data.status}`}>
        <strong>
          {data.status === 'valid' ? t('verify.valid') : t('verify.revoked', { date: date(data.revokedAt!) })}
        </strong>
      </p>
      <dl className="facts">
        <dt>{t('verify.holder')}</dt>
        <dd>{data.holderName ?? t('verify.holderClosed')}</dd>
        <dt>{t('verify.course')}</dt>
        <dd>{data.courseTitle}</dd>
        {data.issuer && (
          <>
            <dt>{t('verify.issuer')}</dt>
            <dd>{data.issuer}</dd>
          </>
        )}
        <dt>{t('verify.release')}</dt>
        <dd>{data.releaseTitle}</dd>
        <dt>{t('verify.issued')}</dt>
        <dd>{date(data.issuedAt)}</dd>
        <dt>{t('verify.minutes')}</dt>
        <dd>{t('course.minutes', { count: data.minutes })}</dd>
        <dt>{t('verify.code')}</dt>
        <dd>{data.code}</dd>
      </dl>
      {data.status === 'valid' && (user?.role === 'staff' || user?.role === 'admin') && (
        <RevokeForm code={data.code} onRevoked={onRevoked} />
      )}
    </>
  );
}

function RevokeForm({ code, onRevoked }: { code: string; onRevoked: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api.revokeCertificate(code, reason);
      onRevoked();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="revoke">
      <h2>{t('verify.revokeTitle')}</h2>
      <label htmlFor={id}>{t('verify.reason')}</label>
      <textarea id={id} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      <button type="submit">{t('verify.revoke')}</button>
      {error && (
        <p role="alert" className="feedback-wrong">
          {error}
        </p>
      )}
    </form>
  );
}
