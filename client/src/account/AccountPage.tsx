import { useId, useMemo, useState } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Profile } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { Field, FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { UI_LANGUAGES } from '../i18n';
import { countriesByName, languagesByName, type Named } from './names';

const KINDS = ['municipality', 'ngo', 'migrant-led', 'other'] as const;
const GENDERS = ['woman', 'man', 'non-binary', 'self-described', 'prefer-not-to-say'] as const;

export function AccountPage() {
  const { user, ready } = useAuth();
  const state = useApi((signal) => (user ? api.me(signal) : Promise.resolve(null)), [user?.id]);
  // Once erased, the signed-out state must lead to the "deleted" page, not to sign-in.
  const [deleted, setDeleted] = useState(false);
  if (deleted) return <Navigate to="/account-deleted" replace />;
  if (ready && !user) return <Navigate to="/sign-in?next=/account" replace />;
  return (
    <Status state={state}>
      {(profile) => (profile ? <AccountView profile={profile} onDeleted={() => setDeleted(true)} /> : null)}
    </Status>
  );
}

function Select({
  label,
  name,
  value,
  options,
  hint,
}: {
  label: string;
  name: string;
  value: string | null;
  options: Named[];
  hint?: string;
}) {
  const id = useId();
  // A value saved before the list knew it still shows, by its code.
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''} aria-describedby={hint ? `${id}-hint` : undefined}>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="meta">
          {hint}
        </p>
      )}
    </div>
  );
}

function AccountView({ profile, onDeleted }: { profile: Profile; onDeleted: () => void }) {
  const { t, i18n } = useTranslation();
  const heading = usePage(t('account.title'), 'account');
  const countries = useMemo(() => countriesByName(i18n.language), [i18n.language]);
  const { setUser } = useAuth();
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const none = { value: '', label: t('account.notSaid') };

  const save = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '').trim() || null;
    try {
      await api.updateMe({
        displayName: text('displayName') ?? profile.displayName,
        preferredLocale: text('preferredLocale'),
        organisation: text('organisation'),
        city: text('city'),
        country: text('country'),
        organisationKind: text('organisationKind'),
        gender: text('gender'),
        namedInReports: form.get('namedInReports') === 'on',
      });
      setMessage({ success: t('account.saved') });
    } catch (err) {
      setMessage({ error: errorText(t, err) });
    }
  };

  const remove = async () => {
    try {
      await api.deleteMe();
      onDeleted();
      await setUser(null);
    } catch (err) {
      setMessage({ error: errorText(t, err) });
    }
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('account.title')}
      </h1>
      <p>
        {profile.email} · {profile.emailVerified ? t('account.verified') : t('account.notVerified')}
      </p>
      {!profile.emailVerified && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => void api.resendVerification().then(() => setMessage({ success: t('auth.checkInbox') }))}
        >
          {t('account.resend')}
        </button>
      )}
      <h2>{t('account.profile')}</h2>
      <p className="meta">{t('account.profileWhy')}</p>
      <form onSubmit={(e) => void save(e)} className="form">
        <Field
          label={t('auth.displayName')}
          name="displayName"
          defaultValue={profile.displayName ?? ''}
          required
          maxLength={100}
        />
        <Select
          label={t('account.language')}
          name="preferredLocale"
          value={profile.preferredLocale}
          options={[none, ...languagesByName(UI_LANGUAGES, i18n.language)]}
        />
        <Field
          label={t('account.organisation')}
          name="organisation"
          defaultValue={profile.organisation ?? ''}
          maxLength={200}
        />
        <Field label={t('account.city')} name="city" defaultValue={profile.city ?? ''} maxLength={100} />
        <Select
          label={t('account.country')}
          name="country"
          value={profile.country}
          options={[none, ...countries]}
          hint={t('account.countryHint')}
        />
        <Select
          label={t('account.organisationKind')}
          name="organisationKind"
          value={profile.organisationKind}
          options={[none, ...KINDS.map((k) => ({ value: k, label: t(`account.kinds.${k}`) }))]}
        />
        <Select
          label={t('account.gender')}
          name="gender"
          value={profile.gender}
          options={[none, ...GENDERS.map((g) => ({ value: g, label: t(`account.genders.${g}`) }))]}
        />
        <div className="field field-check">
          <input id="namedInReports" name="namedInReports" type="checkbox" defaultChecked={profile.namedInReports} />
          <label htmlFor="namedInReports">{t('account.namedInReports')}</label>
        </div>
        <FormMessage error={message.error} success={message.success} />
        <button type="submit">{t('account.save')}</button>
      </form>
      <h2>{t('account.yourData')}</h2>
      <p>
        <a className="button button-secondary" href="/api/me/export" download>
          {t('account.download')}
        </a>
      </p>
      <h2>{t('account.delete')}</h2>
      <p>{t('account.deleteExplained')}</p>
      <div className="field field-check">
        <input
          id="confirmDelete"
          type="checkbox"
          checked={confirmDelete}
          onChange={(e) => setConfirmDelete(e.target.checked)}
        />
        <label htmlFor="confirmDelete">{t('account.deleteConfirm')}</label>
      </div>
      <button type="button" className="button-danger" disabled={!confirmDelete} onClick={() => void remove()}>
        {t('account.deleteButton')}
      </button>
    </>
  );
}
