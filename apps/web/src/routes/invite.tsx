import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AcceptInviteForm } from '../components/auth/accept-invite-form';
import { AuthLayout } from '../components/auth/auth-layout';
import { ErrorPanel } from '../components/error-panel';
import { Alert } from '../components/ui/alert';
import { LoadingRows } from '../components/ui/skeleton';
import { formatDateTime } from '../lib/format';
import { trpc } from '../trpc';

function tokenFromFragment(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return ''; // A mangled link: shown as incomplete below.
  }
}

/**
 * `/invite#<token>`: the token rides in the fragment, which browsers never send to a server, so
 * it stays out of access logs and Referer headers.
 */
export function InvitePage() {
  const [token] = useState(() => tokenFromFragment(window.location.hash));
  const valid = token.length >= 16 && token.length <= 128;
  const info = useQuery(trpc.auth.inviteInfo.queryOptions({ token }, { enabled: valid }));
  // Someone already signed in accepts with a live session cookie, so the server wants the
  // session's CSRF token: asking who they are fetches it (trpc.ts keeps it). A 401 is fine here.
  useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 0 }));

  return (
    <AuthLayout
      title={info.data ? `Join ${info.data.workspaceName}` : 'Accept an invite'}
      description={
        info.data
          ? `You are invited as ${info.data.role}. The invite expires ${formatDateTime(info.data.expiresAt)}.`
          : undefined
      }
    >
      {!valid ? (
        <Alert tone="warning" title="This invite link is incomplete">
          Open the whole link you were given, including the part after #.
        </Alert>
      ) : info.isError ? (
        <ErrorPanel error={info.error} onRetry={() => info.refetch()} />
      ) : info.data ? (
        <AcceptInviteForm token={token} invite={info.data} />
      ) : (
        <LoadingRows label="Loading the invite" rows={3} />
      )}
    </AuthLayout>
  );
}
