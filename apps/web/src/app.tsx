import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AppShell } from './components/app-shell';
import { RequireSession } from './components/auth/require-session';
import { RouteErrorBoundary } from './components/route-error-boundary';
import { LoadingRows } from './components/ui/skeleton';

// Each page is its own chunk: the zod schemas and the grid load only where they are used, which
// keeps the initial JS small (see test/build/bundle.test.ts).
const NewImportPage = lazy(() =>
  import('./routes/new-import').then((m) => ({ default: m.NewImportPage })),
);
const UploadImportPage = lazy(() =>
  import('./routes/upload-import').then((m) => ({ default: m.UploadImportPage })),
);
const ImportHistoryPage = lazy(() =>
  import('./routes/import-history').then((m) => ({ default: m.ImportHistoryPage })),
);
const ImportDetailPage = lazy(() =>
  import('./routes/import-detail').then((m) => ({ default: m.ImportDetailPage })),
);
const DatasetBrowserPage = lazy(() =>
  import('./routes/dataset-browser').then((m) => ({ default: m.DatasetBrowserPage })),
);
const WebhooksPage = lazy(() =>
  import('./routes/webhooks').then((m) => ({ default: m.WebhooksPage })),
);
const SignInPage = lazy(() => import('./routes/sign-in').then((m) => ({ default: m.SignInPage })));
const InvitePage = lazy(() => import('./routes/invite').then((m) => ({ default: m.InvitePage })));
const AccountPage = lazy(() =>
  import('./routes/account').then((m) => ({ default: m.AccountPage })),
);
const MembersPage = lazy(() =>
  import('./routes/members').then((m) => ({ default: m.MembersPage })),
);
const AuditLogPage = lazy(() =>
  import('./routes/audit-log').then((m) => ({ default: m.AuditLogPage })),
);
const HealthPage = lazy(() => import('./routes/health').then((m) => ({ default: m.HealthPage })));
const NotFoundPage = lazy(() =>
  import('./routes/not-found').then((m) => ({ default: m.NotFoundPage })),
);

/** The private pages: only for a signed-in person (RequireSession), inside the app's frame. */
function PrivateApp() {
  return (
    <RequireSession>
      <AppShell>
        <RouteErrorBoundary>
          <Suspense fallback={<LoadingRows label="Loading page" />}>
            <Switch>
              <Route path="/">
                <NewImportPage />
              </Route>
              <Route path="/upload">
                <UploadImportPage />
              </Route>
              <Route path="/imports">
                <ImportHistoryPage />
              </Route>
              <Route path="/imports/:id">{(params) => <ImportDetailPage id={params.id} />}</Route>
              <Route path="/datasets">
                <DatasetBrowserPage />
              </Route>
              <Route path="/datasets/:name">
                {(params) => <DatasetBrowserPage name={params.name} />}
              </Route>
              <Route path="/webhooks">
                <WebhooksPage />
              </Route>
              <Route path="/account">
                <AccountPage />
              </Route>
              <Route path="/members">
                <MembersPage />
              </Route>
              <Route path="/audit">
                <AuditLogPage />
              </Route>
              <Route path="/health">
                <HealthPage />
              </Route>
              <Route>
                <NotFoundPage />
              </Route>
            </Switch>
          </Suspense>
        </RouteErrorBoundary>
      </AppShell>
    </RequireSession>
  );
}

export function App() {
  return (
    <RouteErrorBoundary>
      <Suspense fallback={<LoadingRows label="Loading page" />}>
        <Switch>
          <Route path="/sign-in">
            <SignInPage />
          </Route>
          <Route path="/invite">
            <InvitePage />
          </Route>
          <Route>
            <PrivateApp />
          </Route>
        </Switch>
      </Suspense>
    </RouteErrorBoundary>
  );
}
