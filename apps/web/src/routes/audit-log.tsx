import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { ScrollText } from 'lucide-react';
import { useState } from 'react';
import { type AuditFilter, AuditFilters, noFilter } from '../components/audit/audit-filters';
import { AuditTable } from '../components/audit/audit-table';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { EmptyState } from '../components/ui/empty-state';
import { LoadingRows } from '../components/ui/skeleton';
import { useWhoAmI } from '../lib/auth/use-who-am-i';
import { useDebouncedValue } from '../lib/use-debounced-value';
import { trpc } from '../trpc';

const pageSize = 50;

/** Security-relevant events, newest first; instance administrators only. */
export function AuditLogPage() {
  const who = useWhoAmI().data;
  const [filter, setFilter] = useState<AuditFilter>(noFilter);
  const actor = useDebouncedValue(filter.actor.trim());
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      {
        limit: pageSize,
        ...(filter.action ? { action: filter.action } : {}),
        ...(actor ? { actor } : {}),
        ...(filter.workspaceId ? { workspaceId: filter.workspaceId } : {}),
      },
      {
        enabled: who?.user.isAdmin === true,
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
      },
    ),
  );
  if (!who) return null;
  if (!who.user.isAdmin) {
    return (
      <Alert tone="warning" title="Administrators only">
        The audit log is open to administrators of this Intake instance.
      </Alert>
    );
  }
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const names = new Map(who.workspaces.map((w) => [w.id, w.name]));

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Sign-ins, tokens, roles, imports, webhooks and charges: who, where, when."
      />
      <div className="space-y-4">
        <AuditFilters value={filter} workspaces={who.workspaces} onChange={setFilter} />
        <Card aria-busy={events.isFetching || undefined}>
          {events.isPending ? (
            <LoadingRows label="Loading the audit log" rows={6} />
          ) : events.isError && items.length === 0 ? (
            <div className="p-5">
              <ErrorPanel error={events.error} onRetry={() => events.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <EmptyState icon={ScrollText} title="No matching events" />
          ) : (
            <AuditTable events={items} workspaceNames={names} />
          )}
        </Card>
        {events.isFetchNextPageError && (
          <ErrorPanel error={events.error} onRetry={() => events.fetchNextPage()} />
        )}
        {events.hasNextPage && (
          <div className="flex justify-center">
            <Button
              variant="secondary"
              loading={events.isFetchingNextPage}
              onClick={() => events.fetchNextPage()}
            >
              Load more
            </Button>
          </div>
        )}
      </div>
    </>
  );
}
