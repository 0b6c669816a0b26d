import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './app/Layout';
import { AuthProvider } from './auth/AuthContext';
import { NotFoundPage } from './app/NotFoundPage';
import { CatalogPage } from './catalog/CatalogPage';
import { loadStaffStrings, setupI18n } from './i18n';
import './ui/tokens.css';
import './ui/ui.css';
import './styles.css';

/** A page loaded when first opened, so the learner's first download holds only the catalogue. */
const page = <M,>(load: () => Promise<M>, name: keyof M & string) =>
  lazy(() => load().then((m) => ({ default: m[name] as React.ComponentType })));
// Staff, authoring and administration pages bring their own strings ("staff") and never load for learners.
const staffPage = <M,>(load: () => Promise<M>, name: keyof M & string) =>
  page(() => Promise.all([load(), loadStaffStrings()]).then(([m]) => m), name);

const CoursePage = page(() => import('./course/CoursePage'), 'CoursePage');
const ModulePage = page(() => import('./module/ModulePage'), 'ModulePage');
const StepPage = page(() => import('./module/ModulePage'), 'StepPage');
const GlossaryPage = page(() => import('./module/GlossaryPage'), 'GlossaryPage');
const ComparePage = page(() => import('./learning/ComparePage'), 'ComparePage');
const MyLearningPage = page(() => import('./learning/MyLearningPage'), 'MyLearningPage');
const VerifyPage = page(() => import('./certificates/VerifyPage'), 'VerifyPage');
const SignInPage = page(() => import('./auth/SignInPage'), 'SignInPage');
const SignUpPage = page(() => import('./auth/SignUpPage'), 'SignUpPage');
const VerifyEmailPage = page(() => import('./auth/TokenPages'), 'VerifyEmailPage');
const ForgotPasswordPage = page(() => import('./auth/TokenPages'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('./auth/TokenPages'), 'ResetPasswordPage');
const AccountPage = page(() => import('./account/AccountPage'), 'AccountPage');
const AccountDeletedPage = page(() => import('./account/AccountDeletedPage'), 'AccountDeletedPage');
const PrivacyPage = page(() => import('./account/PrivacyPage'), 'PrivacyPage');
const NotificationsPage = page(() => import('./discussion/NotificationsPage'), 'NotificationsPage');
const ModerationPage = page(() => import('./discussion/ModerationPage'), 'ModerationPage');
const AuditPage = page(() => import('./discussion/AuditPage'), 'AuditPage');
const AdminUsersPage = staffPage(() => import('./admin/AdminUsersPage'), 'AdminUsersPage');
const AdminLrsPage = staffPage(() => import('./admin/AdminLrsPage'), 'AdminLrsPage');
const DashboardPage = staffPage(() => import('./reports/DashboardPage'), 'DashboardPage');
const AuthoringHome = staffPage(() => import('./authoring/DraftPage'), 'AuthoringHome');
const DraftPage = staffPage(() => import('./authoring/DraftPage'), 'DraftPage');
const EditorPage = staffPage(() => import('./authoring/EditorPage'), 'EditorPage');
const FileEditorPage = staffPage(() => import('./authoring/FileEditorPage'), 'FileEditorPage');

// The declarative router: the data router (loaders, actions) would add about 16 KB gzip to the first page.
function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route path="/" element={<CatalogPage />} />
          <Route path="/courses/:course" element={<CoursePage />} />
          <Route path="/courses/:course/releases/:release" element={<CoursePage />} />
          <Route path="/courses/:course/releases/:release/modules/:module" element={<ModulePage />} />
          <Route path="/courses/:course/releases/:release/modules/:module/steps/:step" element={<StepPage />} />
          <Route path="/courses/:course/:release/modules/:module/steps/:step" element={<StepPage />} />
          <Route path="/courses/:course/releases/:release/glossary" element={<GlossaryPage />} />
          <Route path="/courses/:course/compare" element={<ComparePage />} />
          <Route path="/learning" element={<MyLearningPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/verify/:code" element={<VerifyPage />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/sign-up" element={<SignUpPage />} />
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/account-deleted" element={<AccountDeletedPage />} />
          <Route path="/privacy" element={<PrivacyPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          {/* Trainers, staff and admins only. */}
          <Route path="/moderation" element={<ModerationPage />} />
          <Route path="/moderation/audit" element={<AuditPage />} />
          <Route path="/admin/users" element={<AdminUsersPage />} />
          <Route path="/admin/lrs" element={<AdminLrsPage />} />
          <Route path="/staff/reports" element={<DashboardPage />} />
          <Route path="/authoring" element={<AuthoringHome />} />
          <Route path="/authoring/:course" element={<DraftPage />} />
          <Route path="/authoring/:course/modules/:module/:locale" element={<EditorPage />} />
          <Route path="/authoring/:course/glossary/:locale" element={<FileEditorPage />} />
          <Route path="/authoring/:course/templates/:resource/:locale" element={<FileEditorPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

void setupI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AuthProvider>
        <App />
      </AuthProvider>
    </StrictMode>,
  );
});
