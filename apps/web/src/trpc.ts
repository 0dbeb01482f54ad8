import type { AppRouter } from '@intake/api';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { navigate } from 'wouter/use-browser-location';
import { toAppError } from './lib/app-error';
import { csrfHeaders, setCsrfToken } from './lib/auth/csrf-token';
import { csrfTokenIn, isSessionLost, procedurePath } from './lib/auth/session-cache';
import { isPublicPath, signInPath } from './lib/auth/sign-in-path';
import { httpFetch } from './lib/http-fetch';

/** Every answer that says who the person is brings the session's CSRF token along. */
function noteAnswer(key: readonly unknown[] | undefined, data: unknown) {
  const token = csrfTokenIn(procedurePath(key), data);
  if (token !== undefined) setCsrfToken(token);
}

/** A 401 anywhere: the session expired or was revoked. Sign in again, then come back here. */
function noteFailure(key: readonly unknown[] | undefined, error: unknown) {
  if (!isSessionLost(procedurePath(key), error)) return;
  setCsrfToken(null);
  if (isPublicPath(window.location.pathname)) return;
  // What the ended session loaded must not outlive it. Cleared before the sign-in page renders:
  // clearing cancels queries in flight, which would leave that page's own ones pending forever.
  queryClient.clear();
  navigate(signInPath(window.location), { replace: true });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onSuccess: (data, query) => noteAnswer(query.queryKey, data),
    onError: (error, query) => noteFailure(query.queryKey, error),
  }),
  mutationCache: new MutationCache({
    onSuccess: (data, _variables, _context, mutation) =>
      noteAnswer(mutation.options.mutationKey, data),
    onError: (error, _variables, _context, mutation) =>
      noteFailure(mutation.options.mutationKey, error),
  }),
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
// The session cookie goes with every request (same origin); the CSRF token is added as a header.
const client = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc', fetch: httpFetch, headers: csrfHeaders }),
    }),
  ],
});

/** Query and mutation options for every procedure, typed by the API router. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
