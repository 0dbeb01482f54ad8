import { healthWindows } from '@intake/schema';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { ErrorPanel } from '../components/error-panel';
import { AlertsPanel } from '../components/health/alerts-panel';
import { windowLabel } from '../components/health/health-format';
import { ImportsPanel } from '../components/health/imports-panel';
import { KeyStatsTable } from '../components/health/key-stats-table';
import { SlowestTable } from '../components/health/slowest-table';
import { WindowStatsTable } from '../components/health/window-stats-table';
import { PageHeader } from '../components/page-header';
import { Card, CardHeader } from '../components/ui/card';
import { Select } from '../components/ui/input';
import { LoadingRows, Skeleton } from '../components/ui/skeleton';
import { trpc } from '../trpc';

// uPlot and its styles load with the charts, after the figures are on screen.
const HealthCharts = lazy(() => import('../components/health/health-charts'));

/** The server keeps 10 s buckets; a few seconds is live enough and cheap to compute. */
const refreshMs = 3000;
type Window = (typeof healthWindows)[number];

export function HealthPage() {
  const [chartWindow, setChartWindow] = useState<Window>(900);
  const [tableWindow, setTableWindow] = useState<Window>(300);
  const dashboard = useQuery(
    trpc.ops.dashboard.queryOptions(
      { seriesSeconds: chartWindow },
      { refetchInterval: refreshMs, staleTime: 0 },
    ),
  );
  const data = dashboard.data;
  const windowSelect = (value: Window, onChange: (w: Window) => void, label: string) => (
    <Select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(Number(e.target.value) as Window)}
    >
      {healthWindows.map((w) => (
        <option key={w} value={w}>
          Last {windowLabel(w)}
        </option>
      ))}
    </Select>
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title="Health"
        description={
          data ? (
            <span data-testid="instances">
              {data.instances.source === 'redis'
                ? `${data.instances.merged} instance(s) merged through Redis.`
                : (data.instances.note ?? 'This instance only.')}{' '}
              Percentiles within {data.relativeAccuracy * 100} % (DDSketch); refreshed every{' '}
              {refreshMs / 1000} s.
            </span>
          ) : (
            'Latency, errors and traffic of this Intake, computed in the API.'
          )
        }
      />
      {dashboard.error && <ErrorPanel error={dashboard.error} />}
      {!data ? (
        <LoadingRows label="Loading health figures" />
      ) : (
        <>
          <Card aria-labelledby="health-alerts">
            <CardHeader id="health-alerts" title="Alerts" />
            <AlertsPanel alerts={data.alerts} history={data.alertHistory} />
          </Card>
          <Card aria-labelledby="health-overall">
            <CardHeader
              id="health-overall"
              title="All requests"
              description="The dashboard's own requests and metric scrapes are not counted."
            />
            <WindowStatsTable label="All requests" windows={data.overall} />
          </Card>
          <Card aria-labelledby="health-charts">
            <CardHeader
              id="health-charts"
              title="Live"
              description={`One point per ${data.bucketSeconds} s.`}
              actions={windowSelect(chartWindow, setChartWindow, 'Chart range')}
            />
            <Suspense fallback={<Skeleton className="m-5 h-52" />}>
              <HealthCharts series={data.series} />
            </Suspense>
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card aria-labelledby="health-slowest">
              <CardHeader
                id="health-slowest"
                title="Slowest procedures"
                description="By P99 over the last 5 min."
              />
              <SlowestTable slowest={data.slowest} />
            </Card>
            <Card aria-labelledby="health-imports">
              <CardHeader id="health-imports" title="Imports" />
              <ImportsPanel imports={data.imports} />
            </Card>
          </div>
          <Card aria-labelledby="health-keys">
            <CardHeader
              id="health-keys"
              title="By procedure or route"
              description="tRPC procedures (either face, batched calls counted one by one) and other routes."
              actions={windowSelect(tableWindow, setTableWindow, 'Table window')}
            />
            <KeyStatsTable keys={data.keys} windowSeconds={tableWindow} />
          </Card>
        </>
      )}
    </div>
  );
}
