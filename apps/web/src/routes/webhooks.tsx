import type { WebhookDelivery } from '@intake/schema';
import { useQuery } from '@tanstack/react-query';
import { Send, Webhook } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { Card, CardBody, CardHeader } from '../components/ui/card';
import { EmptyState } from '../components/ui/empty-state';
import { Select } from '../components/ui/input';
import { LoadingRows } from '../components/ui/skeleton';
import { Spinner } from '../components/ui/spinner';
import { WebhookDeliveriesTable } from '../components/webhook-deliveries-table';
import { type CreatedEndpoint, WebhookEndpointForm } from '../components/webhook-endpoint-form';
import { WebhookEndpointsTable } from '../components/webhook-endpoints-table';
import { WebhookSecretPanel } from '../components/webhook-secret-panel';
import { plural } from '../lib/format';
import { trpc } from '../trpc';

// Deliveries are retried on the server with backoff; a second is fresh enough to watch them.
const pollMs = 1000;

const hasPending = (items: readonly WebhookDelivery[] | undefined) =>
  items?.some((d) => d.status === 'pending') ?? false;

/** Said to screen readers when it changes, since the table updates by itself while polling. */
function summarize(items: readonly WebhookDelivery[]): string {
  const counts = (['pending', 'failed', 'succeeded'] as const)
    .map((status) => [status, items.filter((d) => d.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  return `${plural(items.length, 'delivery', 'deliveries')}${counts.length ? `: ${counts.join(', ')}` : ''}.`;
}

export function WebhooksPage() {
  const endpoints = useQuery(trpc.webhooks.listEndpoints.queryOptions());
  const [created, setCreated] = useState<CreatedEndpoint | undefined>();
  const [endpointId, setEndpointId] = useState('');
  const filterId = useId();
  const endpointsCard = useRef<HTMLElement>(null);
  // Bumped when an endpoint is deleted. Parents' effects run after their children's, so this
  // focus comes after the dialog has closed and handed focus back to the row's Delete button,
  // which is about to vanish with its row.
  const [deletions, setDeletions] = useState(0);
  useEffect(() => {
    if (deletions > 0) endpointsCard.current?.focus();
  }, [deletions]);

  const deliveries = useQuery(
    trpc.webhooks.listDeliveries.queryOptions(endpointId ? { endpointId } : {}, {
      // A log: imports made on another page add to it, so it is read afresh on every visit.
      staleTime: 0,
      // Poll only while something can still change; finished deliveries stay as they are.
      refetchInterval: (query) => (hasPending(query.state.data?.items) ? pollMs : false),
    }),
  );

  const endpointItems = endpoints.data?.items ?? [];
  const deliveryItems = deliveries.data?.items ?? [];
  const urls = useMemo(
    () => new Map((endpoints.data?.items ?? []).map((e) => [e.id, e.url] as const)),
    [endpoints.data],
  );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell other systems when an import finishes: Intake sends a signed POST to every endpoint subscribed to the event, and retries with backoff when it fails."
      />
      <div className="space-y-6">
        {created && (
          <WebhookSecretPanel
            key={created.id}
            endpoint={created}
            onDone={() => {
              setCreated(undefined);
              // The Done button goes away with the panel; keep focus near what was added.
              endpointsCard.current?.focus();
            }}
          />
        )}

        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <Card
            ref={endpointsCard}
            tabIndex={-1}
            aria-labelledby="endpoints-title"
            aria-busy={endpoints.isPending}
            className="focus:outline-none"
          >
            <CardHeader
              id="endpoints-title"
              title="Endpoints"
              description="Each endpoint has its own signing secret."
            />
            {endpoints.isPending ? (
              <LoadingRows label="Loading endpoints" rows={2} />
            ) : endpoints.isError ? (
              <div className="p-5">
                <ErrorPanel
                  error={endpoints.error}
                  onRetry={() => endpoints.refetch()}
                  retrying={endpoints.isFetching}
                />
              </div>
            ) : endpointItems.length === 0 ? (
              <EmptyState icon={Webhook} title="No endpoints yet">
                Add a URL with the form to have it called when imports finish.
              </EmptyState>
            ) : (
              <WebhookEndpointsTable
                endpoints={endpointItems}
                onDeleted={(id) => {
                  if (id === endpointId) setEndpointId('');
                  setDeletions((n) => n + 1);
                }}
              />
            )}
          </Card>

          <Card aria-labelledby="new-endpoint-title">
            <CardHeader id="new-endpoint-title" title="New endpoint" />
            <CardBody>
              <WebhookEndpointForm onCreated={setCreated} />
            </CardBody>
          </Card>
        </div>

        <Card aria-labelledby="deliveries-title" aria-busy={deliveries.isPending}>
          <CardHeader
            id="deliveries-title"
            title="Deliveries"
            description="The latest 50, newest first, with the last attempt of each."
            actions={
              <>
                {hasPending(deliveryItems) && (
                  <span className="inline-flex items-center gap-1.5 text-xs text-zinc-500">
                    <Spinner className="size-3.5" />
                    Updating
                  </span>
                )}
                <label htmlFor={filterId} className="text-sm text-zinc-600">
                  Endpoint
                </label>
                <div className="w-56">
                  <Select
                    id={filterId}
                    value={endpointId}
                    onChange={(e) => setEndpointId(e.target.value)}
                  >
                    <option value="">All endpoints</option>
                    {endpointItems.map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.url}
                      </option>
                    ))}
                  </Select>
                </div>
              </>
            }
          />
          <p className="sr-only" aria-live="polite">
            {deliveries.data ? summarize(deliveryItems) : ''}
          </p>
          {deliveries.isPending ? (
            <LoadingRows label="Loading deliveries" rows={3} />
          ) : deliveries.isError && deliveryItems.length === 0 ? (
            <div className="p-5">
              <ErrorPanel
                error={deliveries.error}
                onRetry={() => deliveries.refetch()}
                retrying={deliveries.isFetching}
              />
            </div>
          ) : deliveryItems.length === 0 ? (
            <EmptyState icon={Send} title="No deliveries yet">
              {endpointId
                ? 'Nothing was sent to this endpoint yet.'
                : 'One is recorded each time an import finishes, for every endpoint subscribed to its event.'}
            </EmptyState>
          ) : (
            <WebhookDeliveriesTable
              deliveries={deliveryItems}
              endpointUrls={endpointId ? undefined : urls}
            />
          )}
          {/* A failed refresh keeps the rows it had; say so rather than show them as current. */}
          {deliveries.isError && deliveryItems.length > 0 && (
            <div className="border-t border-zinc-200 p-4">
              <ErrorPanel
                error={deliveries.error}
                onRetry={() => deliveries.refetch()}
                retrying={deliveries.isFetching}
              />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
