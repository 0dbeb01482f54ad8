import type { ApiTokenInfo, CreatedApiToken } from '@intake/schema';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../../lib/format';
import { queryClient, trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { SecretOncePanel } from '../secret-once-panel';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { LoadingRows } from '../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../ui/table';
import { CreateTokenForm } from './create-token-form';

function tokenState(t: ApiTokenInfo): { label: string; tone: 'success' | 'neutral' | 'danger' } {
  if (t.revokedAt) return { label: 'revoked', tone: 'danger' };
  if (t.expiresAt && Date.parse(t.expiresAt) <= Date.now())
    return { label: 'expired', tone: 'neutral' };
  return { label: 'active', tone: 'success' };
}

/** Tokens for programs (`Authorization: Bearer`): created here, shown once, revocable. */
export function ApiTokensCard() {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const tokens = useQuery(trpc.auth.tokens.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeToken.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.queryKey() }),
    }),
  );

  return (
    <Card aria-labelledby="tokens-title">
      <CardHeader
        id="tokens-title"
        title="API tokens"
        description="For scripts and the CLI: sent as Authorization: Bearer, in this workspace."
      />
      <CardBody className="space-y-4">
        {created && (
          <SecretOncePanel
            title={`Token "${created.name}" created: copy it now`}
            label="token"
            secret={created.token}
            onDone={() => setCreated(null)}
          >
            Programs send it as <code className="font-mono text-xs">Authorization: Bearer</code>. If
            it is lost, revoke it and create another.
          </SecretOncePanel>
        )}
        <CreateTokenForm onCreated={setCreated} />
        {revoke.isError && <ErrorPanel error={revoke.error} />}
      </CardBody>
      {tokens.isError ? (
        <div className="p-5">
          <ErrorPanel error={tokens.error} onRetry={() => tokens.refetch()} />
        </div>
      ) : !tokens.data ? (
        <LoadingRows label="Loading tokens" rows={2} />
      ) : tokens.data.items.length === 0 ? (
        <p className="border-t border-zinc-100 px-5 py-4 text-sm text-zinc-500">No tokens yet.</p>
      ) : (
        <TableContainer>
          <Table aria-label="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Access</Th>
                <Th>State</Th>
                <Th>Created</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => {
                const state = tokenState(t);
                return (
                  <tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td>{t.scope === 'write' ? 'read and write' : 'read only'}</Td>
                    <Td>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(t.createdAt)}</Td>
                    <Td className="whitespace-nowrap">
                      {t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}
                    </Td>
                    <Td className="whitespace-nowrap">
                      {t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}
                    </Td>
                    <Td className="text-right">
                      {!t.revokedAt && (
                        <Button
                          variant="danger"
                          size="sm"
                          aria-label={`Revoke token ${t.name}`}
                          loading={revoke.isPending && revoke.variables?.id === t.id}
                          onClick={() => revoke.mutate({ id: t.id })}
                        >
                          Revoke
                        </Button>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </TableContainer>
      )}
    </Card>
  );
}
