import { Link, Outlet, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import { rememberReadingPlace } from '../module/readingPlace';
import { DiscussionNavLinks } from '../discussion/NavLinks';

export function Layout() {
  const { t } = useTranslation();
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const signOut = async () => {
    await api.signOut();
    await setUser(null);
    void navigate('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            <li>
              <Link to="/">{t('nav.courses')}</Link>
            </li>
            {user ? (
              <>
                <li>
                  <Link to="/learning">{t('nav.learning')}</Link>
                </li>
                <li>
                  <Link to="/account">{t('nav.account')}</Link>
                </li>
                <DiscussionNavLinks user={user} />
                {(user.role === 'trainer' || user.role === 'admin') && (
                  <li>
                    <Link to="/authoring">{t('nav.authoring')}</Link>
                  </li>
                )}
                {(user.role === 'staff' || user.role === 'admin') && (
                  <li>
                    <Link to="/staff/reports">{t('nav.reports')}</Link>
                  </li>
                )}
                {user.role === 'admin' && (
                  <>
                    <li>
                      <Link to="/admin/users">{t('nav.admin')}</Link>
                    </li>
                    <li>
                      <Link to="/admin/lrs">{t('nav.lrs')}</Link>
                    </li>
                  </>
                )}
                <li>
                  <button type="button" className="link-button" onClick={() => void signOut()}>
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/sign-in">{t('nav.signIn')}</Link>
                </li>
                <li>
                  <Link to="/sign-up">{t('nav.signUp')}</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
        <LanguageSwitcher onBeforeChange={rememberReadingPlace} />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <Link to="/privacy">{t('privacy.link')}</Link>
        </p>
      </footer>
    </>
  );
}
