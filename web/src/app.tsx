// The routes: /login for everyone, every other page behind sign-in inside the app frame.
import { Button, Result, Spin } from 'antd';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { NAV } from './layout/nav.tsx';
import { describeError } from './lib/format.ts';
import { AlertsPage } from './pages/alerts-page.tsx';
import { ApprovalsPage } from './pages/approvals-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { BriefingsPage } from './pages/briefings-page.tsx';
import { CasesPage } from './pages/cases-page.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { EventPage } from './pages/event-page.tsx';
import { IncidentPage } from './pages/incident-page.tsx';
import { IncidentsPage } from './pages/incidents-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { MentionsPage } from './pages/mentions-page.tsx';
import { OrgPage } from './pages/org-page.tsx';
import { NotFoundPage, PlaceholderPage } from './pages/placeholder-page.tsx';
import { ReleasesPage } from './pages/releases-page.tsx';
import { ReportsPage } from './pages/reports-page.tsx';
import { SchemesPage } from './pages/schemes-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';

function RequireAuth() {
  const { state, reload } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return (
        <div className="full-screen-center">
          <Spin size="large" description={t('common.loading')} />
        </div>
      );
    case 'error':
      return (
        <Result
          status="error"
          title={t('common.loadFailed')}
          subTitle={describeError(state.error, t)}
          extra={
            <Button type="primary" onClick={reload}>
              {t('common.retry')}
            </Button>
          }
        />
      );
    case 'signed-out': {
      const here = location.pathname + location.search;
      const to = here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
      return <Navigate to={to} replace />;
    }
    case 'signed-in':
      return <AppLayout />;
  }
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireAuth />}>
              {NAV.filter((n) => !n.built).map((n) =>
                n.path === '/' ? (
                  <Route key={n.id} index element={<PlaceholderPage page={n.id} />} />
                ) : (
                  <Route key={n.id} path={n.path} element={<PlaceholderPage page={n.id} />} />
                ),
              )}
              <Route index element={<DashboardPage />} />
              <Route path="/events/:id" element={<EventPage />} />
              <Route path="/mentions" element={<MentionsPage />} />
              <Route path="/schemes" element={<SchemesPage />} />
              <Route path="/alerts/:id?" element={<AlertsPage />} />
              <Route path="/incidents" element={<IncidentsPage />} />
              <Route path="/incidents/:id" element={<IncidentPage />} />
              <Route path="/approvals" element={<ApprovalsPage />} />
              <Route path="/publishing" element={<ReleasesPage />} />
              <Route path="/reports" element={<ReportsPage />} />
              <Route path="/briefings" element={<BriefingsPage />} />
              <Route path="/cases" element={<CasesPage />} />
              <Route path="/org" element={<OrgPage />} />
              <Route path="/audit" element={<AuditPage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
