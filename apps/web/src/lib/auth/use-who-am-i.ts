import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../trpc';

/**
 * Who is signed in, in which workspace: `auth.me`, shared by every component through the query
 * cache. It changes only on sign-in, sign-out and workspace switch (which set it), so a minute
 * of staleness costs nothing, while a lost session still shows up on the next call of any page.
 */
export const useWhoAmI = () =>
  useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
