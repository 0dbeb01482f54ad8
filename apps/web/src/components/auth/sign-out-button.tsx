import { useMutation } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { toAppError } from '../../lib/app-error';
import { leaveApp } from '../../lib/auth/session-transitions';
import { trpc } from '../../trpc';
import { Button } from '../ui/button';

/**
 * Ends this browser's session. Only once the server confirms does the page let go: on a
 * failure the session still works, and the person must know they are still signed in.
 * (Already signed out elsewhere: the 401 takes the page to sign-in through trpc.ts.)
 */
export function SignOutButton() {
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: leaveApp }));
  return (
    <div className="flex items-center gap-2">
      {signOut.isError && (
        <span role="alert" className="text-xs text-red-600">
          Not signed out: {toAppError(signOut.error).message}
        </span>
      )}
      <Button
        variant="ghost"
        size="sm"
        title="Sign out"
        loading={signOut.isPending}
        onClick={() => signOut.mutate()}
      >
        {!signOut.isPending && <LogOut aria-hidden="true" className="size-4" />}
        <span className="sr-only 2xl:not-sr-only">Sign out</span>
      </Button>
    </div>
  );
}
