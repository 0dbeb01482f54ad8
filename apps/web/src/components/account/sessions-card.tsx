import { useMutation, useQuery } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { leaveApp } from '../../lib/auth/session-transitions';
import { formatDateTime } from '../../lib/format';
import { queryClient, trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardHeader } from '../ui/card';
import { LoadingRows } from '../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../ui/table';

/** Where this account is signed in; any other browser can be signed out from here. */
export function SessionsCard() {
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: leaveApp }),
  );

  return (
    <Card aria-labelledby="sessions-title">
      <CardHeader
        id="sessions-title"
        title="Sessions"
        description="Browsers signed in to this account."
        actions={
          <Button
            variant="secondary"
            size="sm"
            loading={everywhere.isPending}
            onClick={() => everywhere.mutate()}
          >
            {!everywhere.isPending && <LogOut aria-hidden="true" className="size-4" />}
            Sign out everywhere
          </Button>
        }
      />
      {(everywhere.isError || revoke.isError) && (
        <div className="px-5 pt-4">
          <ErrorPanel error={everywhere.error ?? revoke.error} />
        </div>
      )}
      {sessions.isError ? (
        <div className="p-5">
          <ErrorPanel error={sessions.error} onRetry={() => sessions.refetch()} />
        </div>
      ) : !sessions.data ? (
        <LoadingRows label="Loading sessions" rows={2} />
      ) : (
        <TableContainer>
          <Table aria-label="Sessions">
            <thead>
              <tr>
                <Th>Browser</Th>
                <Th>IP address</Th>
                <Th>Signed in</Th>
                <Th>Last active</Th>
                <Th>Expires</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.items.map((s) => (
                <tr key={s.id}>
                  <Td className="max-w-72">
                    <span className="line-clamp-2 break-all">{s.userAgent ?? 'Unknown'}</span>
                    {s.current && (
                      <span className="mt-1 block">
                        <Badge tone="info">This browser</Badge>
                      </span>
                    )}
                  </Td>
                  <Td className="font-mono text-xs">{s.ip ?? '—'}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(s.createdAt)}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(s.lastSeenAt)}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(s.expiresAt)}</Td>
                  <Td className="text-right">
                    {!s.current && (
                      <Button
                        variant="danger"
                        size="sm"
                        aria-label={`Sign out session from ${s.userAgent ?? 'an unknown browser'}, signed in ${formatDateTime(s.createdAt)}`}
                        loading={revoke.isPending && revoke.variables?.id === s.id}
                        onClick={() => revoke.mutate({ id: s.id })}
                      >
                        Sign out
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableContainer>
      )}
    </Card>
  );
}
