import type { WhoAmI } from '@intake/schema';
import { navigate } from 'wouter/use-browser-location';
import { queryClient, trpc } from '../../trpc';
import { setCsrfToken } from './csrf-token';
import { procedurePath } from './session-cache';

/**
 * Signed in (sign-in, setup, invite accepted): nothing cached for a previous person may show,
 * so the cache starts empty but for who this is, then the page the person was going to opens.
 */
export function enterApp(who: WhoAmI, next: string): void {
  queryClient.clear();
  setCsrfToken(who.csrfToken);
  queryClient.setQueryData(trpc.auth.me.queryKey(), who);
  navigate(next, { replace: true });
}

/**
 * Signed out: every answer of the session goes (rows, imports, tokens), then the sign-in page
 * opens as a new history entry. Going back re-renders the private page from an empty cache,
 * which asks the server, gets 401, and lands on the sign-in page again: nothing private shows.
 */
export function leaveApp(): void {
  queryClient.clear();
  setCsrfToken(null);
  navigate('/sign-in');
}

/**
 * Another workspace: every cached answer belonged to the previous one. Reset rather than only
 * invalidated, so a page shows its loading state instead of the other workspace's rows while it
 * asks again.
 */
export async function workspaceSwitched(who: WhoAmI): Promise<void> {
  queryClient.setQueryData(trpc.auth.me.queryKey(), who);
  await queryClient.resetQueries({
    predicate: (query) => procedurePath(query.queryKey) !== 'auth.me',
  });
}
