import { useQuery } from '@tanstack/react-query';
import { Redirect, useSearch } from 'wouter';
import { AuthLayout } from '../components/auth/auth-layout';
import { SetupForm } from '../components/auth/setup-form';
import { SignInForm } from '../components/auth/sign-in-form';
import { ErrorPanel } from '../components/error-panel';
import { LoadingRows } from '../components/ui/skeleton';
import { safeNext } from '../lib/auth/sign-in-path';
import { trpc } from '../trpc';

/** Sign-in, or on a new instance with no account yet, its one-time setup. */
export function SignInPage() {
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const status = useQuery(trpc.auth.setupStatus.queryOptions());
  // Already signed in (a bookmark, a second tab): straight on. This also matters for the form:
  // with a live session cookie the server wants the CSRF token on the sign-in request too.
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 0 }));

  if (me.data) return <Redirect to={next} replace />;
  if (status.data?.needsSetup) {
    return (
      <AuthLayout
        title="Set up Intake"
        description="No account exists yet. The first one administers this instance."
      >
        <SetupForm />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Sign in to Intake">
      {status.isError ? (
        <ErrorPanel error={status.error} onRetry={() => status.refetch()} />
      ) : status.isPending || me.isPending ? (
        <LoadingRows label="Loading" rows={3} />
      ) : (
        <SignInForm next={next} />
      )}
    </AuthLayout>
  );
}
