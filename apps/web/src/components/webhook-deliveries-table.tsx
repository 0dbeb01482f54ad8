import type { WebhookDelivery } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { RotateCw } from 'lucide-react';
import { formatDate, formatMs, formatTime, formatTimestamp } from '../lib/format';
import { queryClient, trpc } from '../trpc';
import { DeliveryStatusBadge } from './delivery-status-badge';
import { ErrorPanel } from './error-panel';
import { Button } from './ui/button';
import { Table, TableContainer, Td, Th } from './ui/table';

interface WebhookDeliveriesTableProps {
  deliveries: readonly WebhookDelivery[];
  /** Endpoint URLs by id, for the Endpoint column; omitted when the list shows one endpoint. */
  endpointUrls?: ReadonlyMap<string, string> | undefined;
}

const none = <span className="text-zinc-400">—</span>;

/** What went wrong last as the summary (it wraps, so it is never cut), the answer inside. */
function LastAnswer({ delivery }: { delivery: WebhookDelivery }) {
  const { lastError, responseSnippet } = delivery;
  if (!lastError && !responseSnippet) return none;
  return (
    <details className="w-44">
      <summary
        className={`cursor-pointer rounded text-xs break-words focus-visible:outline-2 focus-visible:outline-indigo-600 ${lastError ? 'text-red-700' : 'text-zinc-600'}`}
      >
        {lastError ?? 'Response'}
      </summary>
      <pre className="mt-1.5 max-h-40 overflow-auto rounded-md bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap break-words text-zinc-700 ring-1 ring-zinc-200 ring-inset">
        {responseSnippet ?? '(no response body)'}
      </pre>
    </details>
  );
}

/** The delivery log, newest first; finished deliveries can be sent again. */
export function WebhookDeliveriesTable({ deliveries, endpointUrls }: WebhookDeliveriesTableProps) {
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      // The delivery is pending again: refetching shows it, and that starts the polling.
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.webhooks.listDeliveries.pathKey() }),
    }),
  );

  return (
    <>
      {redeliver.isError && (
        <div className="border-b border-zinc-200 p-4">
          <ErrorPanel
            error={redeliver.error}
            onRetry={() => redeliver.mutate(redeliver.variables)}
            retrying={redeliver.isPending}
          />
        </div>
      )}
      <TableContainer>
        <Table>
          <caption className="sr-only">Webhook deliveries, newest first</caption>
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Event</Th>
              {endpointUrls && <Th>Endpoint</Th>}
              <Th>Status</Th>
              <Th className="text-right">Attempts</Th>
              <Th className="text-right whitespace-nowrap">Last attempt</Th>
              <Th>Last answer</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => {
              const sending = redeliver.isPending && redeliver.variables.id === d.id;
              return (
                <tr key={d.id} className="hover:bg-zinc-50">
                  <Td
                    className="whitespace-nowrap"
                    title={`Last change ${formatTimestamp(d.updatedAt)}`}
                  >
                    <span className="block">{formatDate(d.createdAt)}</span>
                    <span className="block text-xs text-zinc-500 tabular-nums">
                      {formatTime(d.createdAt)}
                    </span>
                  </Td>
                  <Td className="font-mono text-xs whitespace-nowrap">{d.event}</Td>
                  {endpointUrls && (
                    <Td>
                      <span
                        className="block max-w-36 truncate font-mono text-xs text-zinc-600"
                        title={endpointUrls.get(d.endpointId)}
                      >
                        {endpointUrls.get(d.endpointId) ?? d.endpointId}
                      </span>
                    </Td>
                  )}
                  <Td>
                    <DeliveryStatusBadge status={d.status} />
                  </Td>
                  <Td className="text-right tabular-nums">{d.attempts}</Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    <span
                      className={`block ${d.lastStatus !== null && d.lastStatus >= 300 ? 'font-medium text-red-600' : ''}`}
                    >
                      {d.lastStatus === null ? (
                        none
                      ) : (
                        <>
                          <span className="sr-only">HTTP </span>
                          {d.lastStatus}
                        </>
                      )}
                    </span>
                    {d.lastLatencyMs !== null && (
                      <span className="block text-xs text-zinc-500">
                        {formatMs(d.lastLatencyMs)}
                      </span>
                    )}
                  </Td>
                  <Td>
                    <LastAnswer delivery={d} />
                  </Td>
                  <Td className="py-1.5 text-right">
                    {d.status !== 'pending' && (
                      <Button
                        variant="secondary"
                        size="sm"
                        loading={sending}
                        disabled={redeliver.isPending}
                        onClick={() => redeliver.mutate({ id: d.id })}
                      >
                        {!sending && <RotateCw aria-hidden="true" className="size-3.5" />}
                        Send again
                        <span className="sr-only">
                          : {d.event} of {formatTimestamp(d.createdAt)}
                        </span>
                      </Button>
                    )}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </TableContainer>
    </>
  );
}
