import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AppShell } from './components/app-shell';
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
const NotFoundPage = lazy(() =>
  import('./routes/not-found').then((m) => ({ default: m.NotFoundPage })),
);

export function App() {
  return (
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
            <Route>
              <NotFoundPage />
            </Route>
          </Switch>
        </Suspense>
      </RouteErrorBoundary>
    </AppShell>
  );
}
