import { useInfiniteQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { Link } from 'wouter';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { EmptyState } from '../components/ui/empty-state';
import { LoadingRows } from '../components/ui/skeleton';
import { Table, TableContainer, Td, Th } from '../components/ui/table';
import { formatCount, formatDateTime } from '../lib/format';
import { trpc } from '../trpc';

const linkClasses =
  'rounded font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600';

export function ImportHistoryPage() {
  const history = useInfiniteQuery(
    trpc.imports.list.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="Import history" description="Every import, newest first." />
      <Card aria-busy={history.isPending}>
        {history.isPending ? (
          <LoadingRows label="Loading imports" />
        ) : history.isError && items.length === 0 ? (
          <div className="p-5">
            <ErrorPanel
              error={history.error}
              onRetry={() => history.refetch()}
              retrying={history.isFetching}
            />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={History}
            title="No imports yet"
            action={
              <Link href="/" className={linkClasses}>
                Start your first import
              </Link>
            }
          >
            Imports appear here with how many rows were accepted and rejected.
          </EmptyState>
        ) : (
          <TableContainer>
            <Table>
              <caption className="sr-only">Imports, newest first</caption>
              <thead>
                <tr>
                  <Th>Started</Th>
                  <Th>Dataset</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Accepted</Th>
                  <Th className="text-right">Rejected</Th>
                  <Th>
                    <span className="sr-only">Details</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} className="hover:bg-zinc-50">
                    <Td className="whitespace-nowrap">{formatDateTime(item.createdAt)}</Td>
                    <Td className="font-mono text-xs">{item.dataset}</Td>
                    <Td>
                      <StatusBadge status={item.status} />
                    </Td>
                    <Td className="text-right tabular-nums">{formatCount(item.accepted)}</Td>
                    <Td
                      className={`text-right tabular-nums ${item.rejected > 0 ? 'font-medium text-red-600' : ''}`}
                    >
                      {formatCount(item.rejected)}
                    </Td>
                    <Td className="text-right">
                      <Link href={`/imports/${item.id}`} className={linkClasses}>
                        View
                        <span className="sr-only"> import of {formatDateTime(item.createdAt)}</span>
                      </Link>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableContainer>
        )}
        {history.isError && items.length > 0 && (
          <div className="border-t border-zinc-200 p-4">
            <ErrorPanel
              error={history.error}
              onRetry={() => history.fetchNextPage()}
              retrying={history.isFetchingNextPage}
            />
          </div>
        )}
        {history.hasNextPage && (
          <div className="flex justify-center border-t border-zinc-200 p-3">
            <Button
              variant="secondary"
              onClick={() => history.fetchNextPage()}
              loading={history.isFetchingNextPage}
            >
              Load more
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
