import type { DashboardOutput } from '@intake/schema';
import { Table, TableContainer, Td, Th } from '../ui/table';
import { formatRate, windowLabel } from './health-format';

const num = 'text-right tabular-nums';
type Depth = DashboardOutput['imports']['queue'];

const depth = (d: Depth) =>
  d ? `${d.waiting} waiting, ${d.delayed} retrying, ${d.active} running` : 'no answer';

/** The import queue now, and imports finished per window with their throughput. */
export function ImportsPanel({ imports }: { imports: DashboardOutput['imports'] }) {
  return (
    <div>
      <dl className="grid gap-2 px-5 py-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-zinc-500">File import queue</dt>
          <dd data-testid="import-queue">{depth(imports.queue)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Webhook queue</dt>
          <dd>{depth(imports.webhookQueue)}</dd>
        </div>
      </dl>
      <TableContainer>
        <Table aria-label="Import throughput">
          <thead>
            <tr>
              <Th>Window</Th>
              <Th className={num}>Rows/s</Th>
              <Th className={num}>Rows</Th>
              <Th className={num}>Succeeded</Th>
              <Th className={num}>Failed</Th>
            </tr>
          </thead>
          <tbody>
            {imports.windows.map((w) => (
              <tr key={w.windowSeconds}>
                <Td>Last {windowLabel(w.windowSeconds)}</Td>
                <Td className={num}>{formatRate(w.rowsPerSecond)}</Td>
                <Td className={num}>{w.rows.toLocaleString()}</Td>
                <Td className={num}>{w.succeeded}</Td>
                <Td className={num}>{w.failed}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
    </div>
  );
}
