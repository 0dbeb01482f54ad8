import { useQuery } from '@tanstack/react-query';
import { Database, Search } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { DatasetRowsTable } from '../components/dataset-rows-table';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { Card, CardHeader } from '../components/ui/card';
import { EmptyState } from '../components/ui/empty-state';
import { Input } from '../components/ui/input';
import { Skeleton } from '../components/ui/skeleton';
import { cn } from '../lib/cn';
import { formatCount, plural } from '../lib/format';
import { useDebouncedValue } from '../lib/use-debounced-value';
import { trpc } from '../trpc';

export function DatasetBrowserPage({ name }: { name?: string | undefined }) {
  const list = useQuery(trpc.datasets.list.queryOptions());
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 300);
  const items = list.data?.items ?? [];
  const selected = items.find((d) => d.name === name) ?? (name ? undefined : items[0]);

  return (
    <>
      <PageHeader title="Datasets" description="Browse the rows each dataset holds." />
      {list.isError ? (
        <ErrorPanel error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
          <nav aria-label="Datasets">
            <ul className="space-y-1">
              {list.isPending
                ? [0, 1].map((i) => (
                    <li key={i}>
                      <Skeleton className="h-14" />
                    </li>
                  ))
                : items.map((d) => {
                    const active = d.name === selected?.name;
                    return (
                      <li key={d.name}>
                        <Link
                          href={`/datasets/${d.name}`}
                          aria-current={active ? 'page' : undefined}
                          onClick={() => setSearch('')}
                          className={cn(
                            'flex items-center justify-between rounded-lg px-3 py-2.5 text-sm transition-colors',
                            'focus-visible:outline-2 focus-visible:outline-indigo-600',
                            active
                              ? 'bg-white font-semibold text-zinc-900 shadow-xs ring-1 ring-zinc-200'
                              : 'text-zinc-600 hover:bg-white hover:text-zinc-900',
                          )}
                        >
                          <span>{d.label}</span>
                          <span className="text-xs font-normal text-zinc-500 tabular-nums">
                            {formatCount(d.rowCount)}
                          </span>
                        </Link>
                      </li>
                    );
                  })}
            </ul>
          </nav>
          <Card aria-labelledby="dataset-title" className="min-w-0">
            {list.isPending ? (
              <div className="space-y-3 p-5">
                <Skeleton className="h-6 w-40" />
                <Skeleton className="h-40 w-full" />
              </div>
            ) : selected ? (
              <>
                <CardHeader
                  id="dataset-title"
                  title={selected.label}
                  description={`${plural(selected.rowCount, 'row')}, keyed by ${selected.key}`}
                  actions={
                    <div className="relative">
                      <Search
                        aria-hidden="true"
                        className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400"
                      />
                      <Input
                        type="search"
                        aria-label={`Search ${selected.label}`}
                        placeholder="Search…"
                        value={search}
                        onChange={(e) => setSearch(e.target.value)}
                        className="w-64 pl-8"
                      />
                    </div>
                  }
                />
                <DatasetRowsTable key={selected.name} dataset={selected} search={debounced} />
              </>
            ) : (
              <EmptyState icon={Database} title="No such dataset">
                {name ? `There is no dataset called “${name}”.` : 'No datasets are defined.'}
              </EmptyState>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
