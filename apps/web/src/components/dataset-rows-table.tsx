import type { DatasetSummary } from '@intake/schema';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { SearchX, TableProperties } from 'lucide-react';
import { plural } from '../lib/format';
import { useOnVisible } from '../lib/use-on-visible';
import { trpc } from '../trpc';
import { ErrorPanel } from './error-panel';
import { Button } from './ui/button';
import { EmptyState } from './ui/empty-state';
import { LoadingRows } from './ui/skeleton';
import { Spinner } from './ui/spinner';
import { Table, TableContainer, Td, Th } from './ui/table';

const pageSize = 50;

/** A dataset's rows by key, loading the next page as the end scrolls into view. */
export function DatasetRowsTable({ dataset, search }: { dataset: DatasetSummary; search: string }) {
  const rows = useInfiniteQuery(
    trpc.datasets.rows.infiniteQueryOptions(
      { dataset: dataset.name, limit: pageSize, ...(search ? { search } : {}) },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        // While a new search runs, the previous rows stay (dimmed) instead of a skeleton flash.
        placeholderData: keepPreviousData,
      },
    ),
  );
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  const canLoadMore =
    rows.hasNextPage && !rows.isFetchingNextPage && !rows.isError && !rows.isPlaceholderData;
  const sentinel = useOnVisible<HTMLDivElement>(() => {
    if (canLoadMore) void rows.fetchNextPage();
  }, canLoadMore);

  if (rows.isPending || (rows.isPlaceholderData && items.length === 0))
    return <LoadingRows label={`Loading ${dataset.label}`} rows={6} />;
  if (rows.isError && items.length === 0) {
    return (
      <div className="p-5">
        <ErrorPanel error={rows.error} onRetry={() => rows.refetch()} retrying={rows.isFetching} />
      </div>
    );
  }
  if (items.length === 0) {
    return search ? (
      <EmptyState icon={SearchX} title="No matching rows">
        Nothing in {dataset.label} matches “{search}”.
      </EmptyState>
    ) : (
      <EmptyState icon={TableProperties} title={`${dataset.label} is empty`}>
        Rows appear here once an import accepts them.
      </EmptyState>
    );
  }
  return (
    <div aria-busy={rows.isFetching}>
      <TableContainer
        className={rows.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}
      >
        <Table>
          <caption className="sr-only">
            {dataset.label}
            {search ? `, rows matching ${search}` : ''}
          </caption>
          <thead>
            <tr>
              {dataset.columns.map((c) => (
                <Th key={c.name} className="font-mono" title={c.description}>
                  {c.name}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={row[dataset.key] ?? ''} className="hover:bg-zinc-50">
                {dataset.columns.map((c) => (
                  <Td key={c.name} className="whitespace-nowrap font-mono text-xs">
                    {row[c.name] ?? <span className="text-zinc-400">—</span>}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
      <div ref={sentinel} className="flex justify-center p-3">
        {rows.isError ? (
          <ErrorPanel
            error={rows.error}
            onRetry={() => rows.fetchNextPage()}
            retrying={rows.isFetchingNextPage}
          />
        ) : rows.hasNextPage ? (
          // Scrolling loads more on its own; the button is for keyboards and slow observers.
          <Button
            variant="ghost"
            size="sm"
            onClick={() => rows.fetchNextPage()}
            loading={rows.isFetchingNextPage}
          >
            Load more
          </Button>
        ) : (
          <p className="text-xs text-zinc-400">
            {rows.isFetching ? (
              <Spinner className="size-4" />
            ) : (
              `${plural(items.length, 'row')}, all shown`
            )}
          </p>
        )}
      </div>
    </div>
  );
}
