import type { AuditEvent } from '@intake/schema';
import { formatTimestamp } from '../../lib/format';
import { Table, TableContainer, Td, Th } from '../ui/table';

const detailsText = (details: AuditEvent['details']) =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');

export function AuditTable({
  events,
  workspaceNames,
}: {
  events: readonly AuditEvent[];
  workspaceNames: ReadonlyMap<string, string>;
}) {
  return (
    <TableContainer>
      <Table aria-label="Audit events">
        <thead>
          <tr>
            <Th>Time</Th>
            <Th>Action</Th>
            <Th>Actor</Th>
            <Th>Workspace</Th>
            <Th>Target</Th>
            <Th>IP address</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <Td className="whitespace-nowrap">{formatTimestamp(e.at)}</Td>
              <Td className="font-mono text-xs whitespace-nowrap">{e.action}</Td>
              <Td>{e.actorEmail ?? '—'}</Td>
              <Td>{e.workspaceId ? (workspaceNames.get(e.workspaceId) ?? e.workspaceId) : '—'}</Td>
              <Td className="max-w-56 break-all">{e.target ?? '—'}</Td>
              <Td className="font-mono text-xs">{e.ip ?? '—'}</Td>
              <Td className="max-w-64 text-xs break-words text-zinc-600">
                {detailsText(e.details)}
                {e.requestId && (
                  <span className="block font-mono text-zinc-400">request {e.requestId}</span>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableContainer>
  );
}
