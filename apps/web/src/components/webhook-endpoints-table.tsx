import type { WebhookEndpoint } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { formatDateTime } from '../lib/format';
import { queryClient, trpc } from '../trpc';
import { ErrorPanel } from './error-panel';
import { Badge } from './ui/badge';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Table, TableContainer, Td, Th } from './ui/table';

interface WebhookEndpointsTableProps {
  endpoints: readonly WebhookEndpoint[];
  /** Called as the dialog closes; the Delete button that had focus is about to go away. */
  onDeleted: (id: string) => void;
}

/** Registered endpoints; deleting one asks first, as it also drops its delivery log. */
export function WebhookEndpointsTable({ endpoints, onDeleted }: WebhookEndpointsTableProps) {
  const [doomed, setDoomed] = useState<WebhookEndpoint | undefined>();
  const remove = useMutation(
    trpc.webhooks.deleteEndpoint.mutationOptions({
      onSuccess: async ({ id }) => {
        setDoomed(undefined);
        onDeleted(id);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
    }),
  );
  const closed = () => {
    setDoomed(undefined);
    remove.reset();
  };

  return (
    <>
      <TableContainer>
        <Table>
          <caption className="sr-only">Webhook endpoints</caption>
          <thead>
            <tr>
              <Th>URL</Th>
              <Th>Events</Th>
              <Th>Added</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id} className="hover:bg-zinc-50">
                <Td className="max-w-xs">
                  <span className="block font-mono text-xs break-all text-zinc-900">
                    {endpoint.url}
                  </span>
                  {endpoint.description && (
                    <span className="mt-0.5 block text-xs text-zinc-500">
                      {endpoint.description}
                    </span>
                  )}
                </Td>
                <Td>
                  <span className="flex flex-wrap gap-1">
                    {endpoint.events.map((event) => (
                      <Badge key={event} tone="info">
                        {event}
                      </Badge>
                    ))}
                  </span>
                </Td>
                <Td className="whitespace-nowrap text-zinc-600">
                  {formatDateTime(endpoint.createdAt)}
                </Td>
                <Td className="py-1.5 text-right">
                  <Button
                    variant="danger"
                    size="icon"
                    aria-label={`Delete endpoint ${endpoint.url}`}
                    title="Delete"
                    onClick={() => setDoomed(endpoint)}
                  >
                    <Trash2 aria-hidden="true" className="size-4" />
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={doomed !== undefined}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        pending={remove.isPending}
        onCancel={closed}
        onConfirm={() => doomed && remove.mutate({ id: doomed.id })}
        error={remove.isError && <ErrorPanel error={remove.error} />}
      >
        <p>
          <span className="font-mono text-xs break-all text-zinc-900">{doomed?.url}</span> will get
          no more requests, and its delivery log is deleted with it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
