import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AccountPage } from './account/AccountPage';
import { PrivacyPage } from './account/PrivacyPage';
import { AdminLrsPage } from './admin/AdminLrsPage';
import { AdminUsersPage } from './admin/AdminUsersPage';
import { Layout } from './app/Layout';
import { AuthProvider } from './auth/AuthContext';
import { SignInPage } from './auth/SignInPage';
import { SignUpPage } from './auth/SignUpPage';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from './auth/TokenPages';
import { NotFoundPage } from './app/NotFoundPage';
import { CatalogPage } from './catalog/CatalogPage';
import { CoursePage } from './course/CoursePage';
import { setupI18n } from './i18n';
import { ModulePage, StepPage } from './module/ModulePage';
import { GlossaryPage } from './module/GlossaryPage';
import { VerifyPage } from './certificates/VerifyPage';
import { ComparePage } from './learning/ComparePage';
import { MyLearningPage } from './learning/MyLearningPage';
import './styles.css';

// The authoring area loads only when a trainer opens it, so the learner's first page stays small.
const AuthoringHome = lazy(() => import('./authoring/DraftPage').then((m) => ({ default: m.AuthoringHome })));
const DraftPage = lazy(() => import('./authoring/DraftPage').then((m) => ({ default: m.DraftPage })));
const EditorPage = lazy(() => import('./authoring/EditorPage').then((m) => ({ default: m.EditorPage })));
const authoring = (page: React.ReactNode) => <Suspense fallback={<p role="status">…</p>}>{page}</Suspense>;

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <CatalogPage /> },
      { path: '/courses/:course', element: <CoursePage /> },
      { path: '/courses/:course/releases/:release', element: <CoursePage /> },
      { path: '/courses/:course/releases/:release/modules/:module', element: <ModulePage /> },
      { path: '/courses/:course/releases/:release/modules/:module/steps/:step', element: <StepPage /> },
      { path: '/courses/:course/:release/modules/:module/steps/:step', element: <StepPage /> },
      { path: '/courses/:course/releases/:release/glossary', element: <GlossaryPage /> },
      { path: '/courses/:course/compare', element: <ComparePage /> },
      { path: '/learning', element: <MyLearningPage /> },
      { path: '/verify/:code', element: <VerifyPage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/privacy', element: <PrivacyPage /> },
      { path: '/admin/users', element: <AdminUsersPage /> },
      { path: '/admin/lrs', element: <AdminLrsPage /> },
      {
        // Staff only: loaded when opened, so it adds nothing to what learners download.
        path: '/staff/reports',
        lazy: async () => ({ Component: (await import('./reports/DashboardPage')).DashboardPage }),
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
