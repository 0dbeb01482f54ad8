import type { ReactNode } from 'react';
import { isSessionLost } from '../../lib/auth/session-cache';
import { useWhoAmI } from '../../lib/auth/use-who-am-i';
import { ErrorPanel } from '../error-panel';
import { LoadingRows } from '../ui/skeleton';

/**
 * Renders the private app only for a signed-in person. Without a session `auth.me` answers 401,
 * and trpc.ts sends the browser to the sign-in page (which brings the person back here after).
 * Errors are checked before data: after a 401 the cache may still hold the old answer.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useWhoAmI();
  if (me.isError && !isSessionLost('auth.me', me.error)) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <ErrorPanel error={me.error} onRetry={() => me.refetch()} retrying={me.isFetching} />
      </main>
    );
  }
  if (me.isError || !me.data) return <LoadingRows label="Checking your session" />;
  return children;
}
