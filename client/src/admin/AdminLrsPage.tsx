import '../ui/staff.css';
import { PageShell } from '../ui';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, LRS_SCOPES, type NewLrsCredential } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { Field, FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';

type Scope = (typeof LRS_SCOPES)[number];
type Message = { error?: string; success?: string };

/** The scope names as translation keys (keys cannot hold slashes). */
const SCOPE_KEY: Record<Scope, string> = {
  'statements/write': 'write',
  'statements/read/mine': 'readMine',
  'statements/read': 'read',
  state: 'state',
  define: 'define',
  all: 'all',
};

/**
 * A change an admin makes on this page: its outcome becomes the message, and a success reloads the
 * list (`version` is a dependency of the list's request).
 */
function useChange() {
  const { t, i18n } = useTranslation('staff');
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<Message>({});
  const run = async (change: () => Promise<string | undefined>) => {
    try {
      const success = await change();
      setMessage(success ? { success } : {});
      setVersion((v) => v + 1);
    } catch (err) {
      setMessage({ error: errorText(t, err) });
    }
  };
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return { version, message, setMessage, run, date };
}

/** A table that scrolls sideways on a phone, named by a heading, with a last column of buttons. */
function ActionTable({
  labelledBy,
  columns,
  children,
}: {
  labelledBy: string;
  columns: string[];
  children: ReactNode;
}) {
  const { t } = useTranslation('staff');
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-labelledby={labelledBy}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('lrs.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Admins manage the credentials of external xAPI tools and the statements waiting to be forwarded. */
export function AdminLrsPage() {
  const { t } = useTranslation('staff');
  const { user, ready } = useAuth();
  const heading = usePage(t('lrs.title'), 'admin-lrs');
  if (ready && user?.role !== 'admin') return <Navigate to="/sign-in?next=/admin/lrs" replace />;
  return (
    <PageShell width="full">
      <h1 ref={heading} tabIndex={-1}>
        {t('lrs.title')}
      </h1>
      <p>{t('lrs.intro')}</p>
      <Endpoint />
      <Credentials />
      <Outbox />
    </PageShell>
  );
}

function Credentials() {
  const { t } = useTranslation('staff');
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [created, setCreated] = useState<NewLrsCredential>();
  const { version, message, setMessage, run, date } = useChange();
  const state = useApi((signal) => api.lrsCredentials(signal), [version]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    if (!scopes.length) return setMessage({ error: t('lrs.chooseScope') });
    await run(async () => {
      setCreated(await api.createLrsCredential(label, scopes));
      setLabel('');
      setScopes([]);
      return undefined;
    });
  };

  const revoke = async (key: string, name: string) => {
    if (!window.confirm(t('lrs.confirmRevoke', { label: name }))) return;
    await run(async () => {
      await api.revokeLrsCredential(key);
      return t('lrs.revoked', { label: name });
    });
  };

  return (
    <section aria-labelledby="lrs-credentials">
      <h2 id="lrs-credentials">{t('lrs.credentials')}</h2>
      <form className="form" onSubmit={(e) => void create(e)}>
        <Field
          label={t('lrs.label')}
          hint={t('lrs.labelHint')}
          value={label}
          required
          maxLength={100}
          onChange={(e) => setLabel(e.target.value)}
        />
        <fieldset className="scopes">
          <legend>{t('lrs.scopes')}</legend>
          {LRS_SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes((list) => (e.target.checked ? [...list, scope] : list.filter((s) => s !== scope)))
                }
              />{' '}
              {t(`lrs.scope.${SCOPE_KEY[scope]}`)} <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('lrs.create')}</button>
      </form>
      <FormMessage error={message.error} success={message.success} />
      {created && (
        <div className="secret-box" role="status">
          <p>{t('lrs.created', { label: created.label })}</p>
          <dl>
            <dt>{t('lrs.key')}</dt>
            <dd>
              <code>{created.key}</code>
            </dd>
            <dt>{t('lrs.secret')}</dt>
            <dd>
              <code>{created.secret}</code>
            </dd>
          </dl>
        </div>
      )}
      <Status state={state}>
        {({ credentials }) =>
          credentials.length === 0 ? (
            <p>{t('lrs.none')}</p>
          ) : (
            <ActionTable
              labelledBy="lrs-credentials"
              columns={[t('lrs.label'), t('lrs.key'), t('lrs.scopes'), t('lrs.status')]}
            >
              {credentials.map((c) => (
                <tr key={c.key}>
                  <td>{c.label}</td>
                  <td>
                    <code>{c.key}</code>
                  </td>
                  <td>{c.scopes.join(', ')}</td>
                  <td>
                    {c.revokedAt
                      ? t('lrs.revokedOn', { date: date(c.revokedAt) })
                      : t('lrs.activeSince', { date: date(c.createdAt) })}
                  </td>
                  <td>
                    {!c.revokedAt && (
                      <button
                        type="button"
                        className="button-danger"
                        aria-label={t('lrs.revokeLabel', { label: c.label })}
                        onClick={() => void revoke(c.key, c.label)}
                      >
                        {t('lrs.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </ActionTable>
          )
        }
      </Status>
    </section>
  );
}

/** The address to give to xAPI tools. */
function Endpoint() {
  const { t } = useTranslation('staff');
  const state = useApi((signal) => api.lrsOutbox(signal), []);
  if (state.status !== 'ready') return null;
  return (
    <section aria-labelledby="lrs-endpoint" className="card">
      <h2 id="lrs-endpoint">{t('lrs.endpointTitle')}</h2>
      <p>{t('lrs.endpointHelp')}</p>
      <p>
        <code className="endpoint">{state.data.endpoint}</code>
      </p>
    </section>
  );
}

function Outbox() {
  const { t } = useTranslation('staff');
  const { version, message, run, date } = useChange();
  const state = useApi((signal) => api.lrsOutbox(signal), [version]);

  const retry = (ids?: string[]) => run(async () => t('lrs.retried', { count: (await api.retryOutbox(ids)).revived }));

  return (
    <section aria-labelledby="lrs-outbox">
      <h2 id="lrs-outbox">{t('lrs.forwarding')}</h2>
      <FormMessage error={message.error} success={message.success} />
      <Status state={state}>
        {({ backlog, dead, forwarding }) => (
          <>
            {!forwarding && <p className="notice">{t('lrs.notForwarding')}</p>}
            {(forwarding || backlog > 0) && <p>{t('lrs.backlog', { count: backlog })}</p>}
            <h3 id="lrs-dead">{t('lrs.deadTitle')}</h3>
            {dead.length === 0 ? (
              <p>{t('lrs.deadNone')}</p>
            ) : (
              <>
                <button type="button" onClick={() => void retry()}>
                  {t('lrs.retryAll')}
                </button>
                <ActionTable
                  labelledBy="lrs-dead"
                  columns={[t('lrs.statement'), t('lrs.reason'), t('lrs.attempts'), t('lrs.since')]}
                >
                  {dead.map((d) => (
                    <tr key={d.statementId}>
                      <td>
                        <code>{d.statementId}</code>
                      </td>
                      <td className="reason">{d.error}</td>
                      <td>{d.attempts}</td>
                      <td>{date(d.since)}</td>
                      <td>
                        <button
                          type="button"
                          aria-label={t('lrs.retryLabel', { id: d.statementId })}
                          onClick={() => void retry([d.statementId])}
                        >
                          {t('lrs.retry')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </ActionTable>
              </>
            )}
          </>
        )}
      </Status>
    </section>
  );
}
