import type { ImportSummary } from '@intake/schema';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { trpc } from '../trpc';

const live = (status: ImportSummary['status'] | undefined) =>
  status === 'queued' || status === 'running';

/**
 * An import's summary as it changes: pushed over SSE by `imports.onProgress` (one message per
 * change, ending with the final status). Where the stream cannot be opened (a proxy that buffers
 * event streams, say), it falls back to polling `imports.get` twice a second; that answer also
 * carries every rejection, so it is the heavier way.
 */
export function useImportProgress(id: string | null): {
  summary: ImportSummary | undefined;
  error: unknown;
  retry: () => void;
} {
  // Kept here, not read from `stream.data`: the hook clears its data when the server ends the
  // stream, which it does right after the final status.
  const [last, setLast] = useState<{ id: string; summary: ImportSummary }>();
  const stream = useSubscription(
    trpc.imports.onProgress.subscriptionOptions(
      { id: id ?? '' },
      {
        enabled: id !== null,
        onData: (summary) => setLast({ id: summary.id, summary }),
      },
    ),
  );
  const fallback = stream.status === 'error';
  const poll = useQuery({
    ...trpc.imports.get.queryOptions({ id: id ?? '' }),
    enabled: id !== null && fallback,
    refetchInterval: (query) => (live(query.state.data?.status) ? 500 : false),
  });
  if (fallback) return { summary: poll.data, error: poll.error, retry: () => poll.refetch() };
  return {
    summary: last?.id === id ? last.summary : undefined,
    error: null,
    retry: stream.reset,
  };
}
