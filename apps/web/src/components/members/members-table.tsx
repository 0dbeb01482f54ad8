import { type WorkspaceRole, workspaceRoles } from '@intake/schema';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDate } from '../../lib/format';
import { queryClient, trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Button } from '../ui/button';
import { Select } from '../ui/input';
import { LoadingRows } from '../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../ui/table';

const roleHints: Record<WorkspaceRole, string> = {
  owner: 'everything, including members',
  member: 'imports, uploads, webhooks',
  viewer: 'reads only',
};

/** The workspace's people and their roles; owners change roles and remove people here. */
export function MembersTable({ selfId }: { selfId: string }) {
  const members = useQuery(trpc.workspaces.members.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.members.queryKey() });
  const setRole = useMutation(trpc.workspaces.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.workspaces.removeMember.mutationOptions({ onSuccess: refresh }));

  if (members.isError) {
    return (
      <div className="p-5">
        <ErrorPanel error={members.error} onRetry={() => members.refetch()} />
      </div>
    );
  }
  if (!members.data) return <LoadingRows label="Loading members" rows={3} />;
  return (
    <>
      {(setRole.isError || remove.isError) && (
        <div className="px-5 pt-4">
          <ErrorPanel error={setRole.error ?? remove.error} />
        </div>
      )}
      <TableContainer>
        <Table aria-label="Members">
          <thead>
            <tr>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((m) => (
              <tr key={m.userId}>
                <Td className="font-medium">
                  {m.email}
                  {m.userId === selfId && <span className="text-zinc-500"> (you)</span>}
                </Td>
                <Td>
                  <Select
                    aria-label={`Role of ${m.email}`}
                    className="h-8 w-auto"
                    value={m.role}
                    disabled={setRole.isPending}
                    onChange={(e) => {
                      const role = workspaceRoles.find((r) => r === e.target.value);
                      if (role) setRole.mutate({ userId: m.userId, role });
                    }}
                  >
                    {workspaceRoles.map((r) => (
                      <option key={r} value={r}>
                        {r}: {roleHints[r]}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td className="whitespace-nowrap">{formatDate(m.joinedAt)}</Td>
                <Td className="text-right">
                  {m.userId !== selfId && (
                    <Button
                      variant="danger"
                      size="sm"
                      aria-label={`Remove ${m.email}`}
                      loading={remove.isPending && remove.variables?.userId === m.userId}
                      onClick={() => remove.mutate({ userId: m.userId })}
                    >
                      Remove
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
    </>
  );
}
