import type { DashboardOutput } from '@intake/schema';
import { Table, TableContainer, Td, Th } from '../ui/table';
import { formatMs } from './health-format';

const num = 'text-right tabular-nums';

export function SlowestTable({ slowest }: { slowest: DashboardOutput['slowest'] }) {
  if (slowest.length === 0)
    return <p className="px-5 py-4 text-sm text-zinc-500">No requests in the last 5 minutes.</p>;
  return (
    <TableContainer>
      <Table aria-label="Slowest procedures">
        <thead>
          <tr>
            <Th>Procedure or route</Th>
            <Th className={num}>P99</Th>
            <Th className={num}>P50</Th>
            <Th className={num}>Requests</Th>
          </tr>
        </thead>
        <tbody>
          {slowest.map((s) => (
            <tr key={`${s.kind}:${s.key}`}>
              <Td>
                <code className="text-xs">{s.key}</code>
              </Td>
              <Td className={num}>{formatMs(s.p99Ms)}</Td>
              <Td className={num}>{formatMs(s.p50Ms)}</Td>
              <Td className={num}>{s.requests.toLocaleString()}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableContainer>
  );
}
