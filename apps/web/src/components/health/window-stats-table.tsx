import type { WindowStats } from '@intake/schema';
import { Table, TableContainer, Td, Th } from '../ui/table';
import { formatMs, formatRate, formatShare, windowLabel } from './health-format';

const num = 'text-right tabular-nums';

export function WindowStatsHeader({ first }: { first: string }) {
  return (
    <tr>
      <Th>{first}</Th>
      <Th className={num}>Requests</Th>
      <Th className={num}>QPS</Th>
      <Th className={num}>P50</Th>
      <Th className={num}>P90</Th>
      <Th className={num}>P99</Th>
      <Th className={num}>4xx</Th>
      <Th className={num}>5xx</Th>
    </tr>
  );
}

export function WindowStatsCells({ stats }: { stats: WindowStats }) {
  return (
    <>
      <Td className={num}>{stats.requests.toLocaleString()}</Td>
      <Td className={num}>{formatRate(stats.qps)}</Td>
      <Td className={num}>{formatMs(stats.p50Ms)}</Td>
      <Td className={num}>{formatMs(stats.p90Ms)}</Td>
      <Td className={num}>{formatMs(stats.p99Ms)}</Td>
      <Td className={num}>{formatShare(stats.rate4xx)}</Td>
      <Td className={num}>{formatShare(stats.rate5xx)}</Td>
    </>
  );
}

/** Overall figures, one row per window (5, 15, 60 minutes). */
export function WindowStatsTable({ label, windows }: { label: string; windows: WindowStats[] }) {
  return (
    <TableContainer>
      <Table aria-label={label}>
        <thead>
          <WindowStatsHeader first="Window" />
        </thead>
        <tbody>
          {windows.map((w) => (
            <tr key={w.windowSeconds}>
              <Td>
                Last {windowLabel(w.windowSeconds)}
                {w.coveredSeconds < w.windowSeconds && (
                  <span className="ml-1 text-xs text-zinc-500">
                    (up {Math.round(w.coveredSeconds)} s)
                  </span>
                )}
              </Td>
              <WindowStatsCells stats={w} />
            </tr>
          ))}
        </tbody>
      </Table>
    </TableContainer>
  );
}
