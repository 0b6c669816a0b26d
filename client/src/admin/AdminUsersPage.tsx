import '../ui/staff.css';
import { PageShell, TableBox } from '../ui';
import { useId, useState } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';

const ROLES = ['learner', 'trainer', 'staff', 'admin'] as const;

export function AdminUsersPage() {
  const { t } = useTranslation('staff');
  const { user, ready } = useAuth();
  const heading = usePage(t('admin.usersTitle'), 'admin-users');
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const state = useApi((signal) => api.users(query, page, signal), [query, page, version]);
  if (ready && user?.role !== 'admin') return <Navigate to="/sign-in?next=/admin/users" replace />;

  const change = async (id: string, email: string | null, role: string) => {
    try {
      await api.changeUser(id, { role });
      setMessage({ success: t('admin.roleChanged', { email, role: t(`roles.${role}`) }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setMessage({ error: errorText(t, err) });
    }
  };

  return (
    <PageShell width="full">
      <h1 ref={heading} tabIndex={-1}>
        {t('admin.usersTitle')}
      </h1>
      <form role="search" className="form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={searchId}>{t('admin.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(1);
          }}
        />
      </form>
      <FormMessage error={message.error} success={message.success} />
      <Status state={state}>
        {(list) => (
          <>
            <p className="meta" role="status">
              {t('admin.found', { count: list.total })}
            </p>
            <TableBox label={t('admin.usersTitle')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('auth.email')}</th>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.role')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.users.map((u) => (
                    <tr key={u.id}>
                      <td>{u.email}</td>
                      <td>{u.displayName}</td>
                      <td>
                        <select
                          className="role-select"
                          aria-label={t('admin.roleOf', { email: u.email })}
                          value={u.role}
                          disabled={u.id === user?.id}
                          onChange={(e) => void change(u.id, u.email, e.target.value)}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`roles.${r}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
            {list.total > list.pageSize && (
              <nav aria-label={t('admin.pages')} className="pager">
                <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
                  {t('module.previous')}
                </button>
                <button type="button" disabled={page * list.pageSize >= list.total} onClick={() => setPage(page + 1)}>
                  {t('module.next')}
                </button>
              </nav>
            )}
          </>
        )}
      </Status>
    </PageShell>
  );
}
