import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './app/Layout';
import { AuthProvider } from './auth/AuthContext';
import { NotFoundPage } from './app/NotFoundPage';
import { CatalogPage } from './catalog/CatalogPage';
import { loadStaffStrings, setupI18n } from './i18n';
import './ui/tokens.css';
import './ui/ui.css';
import './styles.css';

// The authoring area loads only when a trainer opens it, so the learner's first page stays small.
const staffPage = <T,>(load: Promise<T>) => Promise.all([load, loadStaffStrings()]).then(([m]) => m);
const AuthoringHome = lazy(() =>
  staffPage(import('./authoring/DraftPage')).then((m) => ({ default: m.AuthoringHome })),
);
const DraftPage = lazy(() => staffPage(import('./authoring/DraftPage')).then((m) => ({ default: m.DraftPage })));
const EditorPage = lazy(() => staffPage(import('./authoring/EditorPage')).then((m) => ({ default: m.EditorPage })));
const authoring = (page: React.ReactNode) => <Suspense fallback={<p role="status">…</p>}>{page}</Suspense>;

// Only the catalogue is in the first download; every other page loads when opened (staff, authoring and
// administration pages never load for learners).
const coursePage = async () => ({ Component: (await import('./course/CoursePage')).CoursePage });
const verifyPage = async () => ({ Component: (await import('./certificates/VerifyPage')).VerifyPage });

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <CatalogPage /> },
      { path: '/courses/:course', lazy: coursePage },
      { path: '/courses/:course/releases/:release', lazy: coursePage },
      {
        path: '/courses/:course/releases/:release/modules/:module',
        lazy: async () => ({ Component: (await import('./module/ModulePage')).ModulePage }),
      },
      {
        path: '/courses/:course/releases/:release/modules/:module/steps/:step',
        lazy: async () => ({ Component: (await import('./module/ModulePage')).StepPage }),
      },
      {
        path: '/courses/:course/:release/modules/:module/steps/:step',
        lazy: async () => ({ Component: (await import('./module/ModulePage')).StepPage }),
      },
      {
        path: '/courses/:course/releases/:release/glossary',
        lazy: async () => ({ Component: (await import('./module/GlossaryPage')).GlossaryPage }),
      },
      {
        path: '/courses/:course/compare',
        lazy: async () => ({ Component: (await import('./learning/ComparePage')).ComparePage }),
      },
      {
        path: '/learning',
        lazy: async () => ({ Component: (await import('./learning/MyLearningPage')).MyLearningPage }),
      },
      { path: '/verify', lazy: verifyPage },
      { path: '/verify/:code', lazy: verifyPage },
      { path: '/sign-in', lazy: async () => ({ Component: (await import('./auth/SignInPage')).SignInPage }) },
      { path: '/sign-up', lazy: async () => ({ Component: (await import('./auth/SignUpPage')).SignUpPage }) },
      { path: '/verify-email', lazy: async () => ({ Component: (await import('./auth/TokenPages')).VerifyEmailPage }) },
      {
        path: '/forgot-password',
        lazy: async () => ({ Component: (await import('./auth/TokenPages')).ForgotPasswordPage }),
      },
      {
        path: '/reset-password',
        lazy: async () => ({ Component: (await import('./auth/TokenPages')).ResetPasswordPage }),
      },
      { path: '/account', lazy: async () => ({ Component: (await import('./account/AccountPage')).AccountPage }) },
      { path: '/privacy', lazy: async () => ({ Component: (await import('./account/PrivacyPage')).PrivacyPage }) },
      {
        path: '/admin/users',
        lazy: async () => ({ Component: (await staffPage(import('./admin/AdminUsersPage'))).AdminUsersPage }),
      },
      {
        path: '/admin/lrs',
        lazy: async () => ({ Component: (await staffPage(import('./admin/AdminLrsPage'))).AdminLrsPage }),
      },
      {
        path: '/notifications',
        lazy: async () => ({ Component: (await import('./discussion/NotificationsPage')).NotificationsPage }),
      },
      {
        // Trainers, staff and admins only: loaded when opened.
        path: '/moderation',
        lazy: async () => ({ Component: (await import('./discussion/ModerationPage')).ModerationPage }),
      },
      {
        path: '/moderation/audit',
        lazy: async () => ({ Component: (await import('./discussion/AuditPage')).AuditPage }),
      },
      {
        // Staff only: loaded when opened, so it adds nothing to what learners download.
        path: '/staff/reports',
        lazy: async () => ({ Component: (await staffPage(import('./reports/DashboardPage'))).DashboardPage }),
      },
      { path: '/authoring', element: authoring(<AuthoringHome />) },
      { path: '/authoring/:course', element: authoring(<DraftPage />) },
      { path: '/authoring/:course/modules/:module/:locale', element: authoring(<EditorPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

void setupI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </StrictMode>,
  );
});
