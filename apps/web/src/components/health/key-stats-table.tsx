import type { KeyStats } from '@intake/schema';
import { Badge } from '../ui/badge';
import { Table, TableContainer, Td } from '../ui/table';
import { WindowStatsCells, WindowStatsHeader } from './window-stats-table';

/** Per procedure or route, over one window; busiest first. */
export function KeyStatsTable({
  keys,
  windowSeconds,
}: {
  keys: KeyStats[];
  windowSeconds: number;
}) {
  const rows = keys
    .map((k) => ({ k, w: k.windows.find((w) => w.windowSeconds === windowSeconds) }))
    .filter(({ w }) => w && w.requests > 0)
    .sort((a, b) => (b.w?.requests ?? 0) - (a.w?.requests ?? 0));
  if (rows.length === 0)
    return <p className="px-5 py-4 text-sm text-zinc-500">No requests in this window.</p>;
  return (
    <TableContainer>
      <Table aria-label="By procedure or route">
        <thead>
          <WindowStatsHeader first="Procedure or route" />
        </thead>
        <tbody>
          {rows.map(({ k, w }) =>
            w ? (
              <tr key={`${k.kind}:${k.key}`}>
                <Td>
                  <code className="text-xs">{k.key}</code>{' '}
                  {k.kind === 'route' && <Badge>route</Badge>}
                </Td>
                <WindowStatsCells stats={w} />
              </tr>
            ) : null,
          )}
        </tbody>
      </Table>
    </TableContainer>
  );
}
