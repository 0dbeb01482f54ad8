import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { RejectionsTable } from '../components/rejections-table';
import { StatusBadge } from '../components/status-badge';
import { Card, CardHeader } from '../components/ui/card';
import { LoadingRows, Skeleton } from '../components/ui/skeleton';
import { formatCount, formatDateTime } from '../lib/format';
import { trpc } from '../trpc';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg bg-white px-4 py-3 ring-1 ring-zinc-200">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-zinc-900 tabular-nums">{children}</dd>
    </div>
  );
}

export function ImportDetailPage({ id }: { id: string }) {
  const detail = useQuery(trpc.imports.get.queryOptions({ id }));
  const data = detail.data;

  return (
    <>
      <Link
        href="/imports"
        className="mb-4 inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <ArrowLeft aria-hidden="true" className="size-4" /> Import history
      </Link>
      <PageHeader
        title={data ? `Import into ${data.dataset}` : 'Import'}
        description={<code className="font-mono text-xs">{id}</code>}
        actions={data && <StatusBadge status={data.status} />}
      />
      {detail.isError ? (
        <ErrorPanel
          error={detail.error}
          onRetry={() => detail.refetch()}
          retrying={detail.isFetching}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {data ? (
              <>
                <Stat label="Dataset">
                  <Link
                    href={`/datasets/${data.dataset}`}
                    className="rounded text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {data.dataset}
                  </Link>
                </Stat>
                <Stat label="Accepted">{formatCount(data.accepted)}</Stat>
                <Stat label="Rejected">{formatCount(data.rejected)}</Stat>
                <Stat label="Started">
                  <span className="text-sm">{formatDateTime(data.createdAt)}</span>
                </Stat>
              </>
            ) : (
              Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-18" />)
            )}
          </dl>
          <Card aria-labelledby="rejections-title">
            <CardHeader
              id="rejections-title"
              title="Rejected rows"
              description="Row numbers count from 1 in the order the rows were sent."
            />
            {data ? (
              <RejectionsTable rejections={data.rejections} caption="Rejected rows" />
            ) : (
              <LoadingRows label="Loading rejected rows" />
            )}
          </Card>
        </div>
      )}
    </>
  );
}
