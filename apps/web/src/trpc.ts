import type { AppRouter } from '@intake/api';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { toAppError } from './lib/app-error';
import { httpFetch } from './lib/http-fetch';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Retry only what may pass on a second try; a 400 or 404 will not.
      retry: (failureCount, error) => failureCount < 2 && toAppError(error).kind === 'network',
    },
  },
});

// Same origin in production (the API serves this app) and through Vite's proxy in development.
// Subscriptions (an import's live progress) arrive as server-sent events; the rest is batched.
const client = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc', fetch: httpFetch }),
    }),
  ],
});

/** Query and mutation options for every procedure, typed by the API router. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
