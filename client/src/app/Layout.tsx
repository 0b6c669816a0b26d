import { Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import { rememberReadingPlace } from '../module/readingPlace';
import { DiscussionNavLinks } from '../discussion/NavLinks';

/** Atrium's mark: an open doorway under an arch. Decorative; the name beside it is the link text. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="30" height="30" rx="8" fill="var(--color-accent)" />
      <path d="M9 25V15a7 7 0 0 1 14 0v10" fill="none" stroke="var(--color-on-accent)" strokeWidth="3" />
      <path d="M14 25v-7h4v7" fill="var(--color-on-accent)" />
    </svg>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  // On a phone the menu closes once a page is chosen.
  useEffect(() => setOpen(false), [location.pathname]);
  const signOut = async () => {
    await api.signOut();
    await setUser(null);
    void navigate('/');
  };
  const signInTarget = `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className={open ? 'site-header open' : 'site-header'}>
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <BrandMark />
            {t('app.name')}
          </Link>
          <button
            type="button"
            className="menu-toggle button-secondary"
            aria-expanded={open}
            aria-controls="site-nav"
            onClick={() => setOpen((o) => !o)}
          >
            <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
              <path d="M2 4h14M2 9h14M2 14h14" stroke="currentColor" strokeWidth="2" />
            </svg>
            {t('nav.menu')}
          </button>
          <nav aria-label={t('nav.main')} className="site-nav" id="site-nav">
            <ul className="nav-list">
              <li>
                <NavLink to="/" end>
                  {t('nav.courses')}
                </NavLink>
              </li>
              {user ? (
                <>
                  <li>
                    <NavLink to="/learning">{t('nav.learning')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/account">{t('nav.account')}</NavLink>
                  </li>
                  <DiscussionNavLinks user={user} />
                  {(user.role === 'trainer' || user.role === 'admin') && (
                    <li>
                      <NavLink to="/authoring">{t('nav.authoring')}</NavLink>
                    </li>
                  )}
                  {(user.role === 'staff' || user.role === 'admin') && (
                    <li>
                      <NavLink to="/staff/reports">{t('nav.reports')}</NavLink>
                    </li>
                  )}
                  {user.role === 'admin' && (
                    <>
                      <li>
                        <NavLink to="/admin/users">{t('nav.admin')}</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/lrs">{t('nav.lrs')}</NavLink>
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
                    <NavLink to={location.pathname.startsWith('/sign-in') ? '/sign-in' : signInTarget}>
                      {t('nav.signIn')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          <LanguageSwitcher onBeforeChange={rememberReadingPlace} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <p role="status" className="status">
              {t('status.loading')}
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>{t('app.footer')}</p>
          <p>
            <Link to="/privacy">{t('privacy.link')}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
