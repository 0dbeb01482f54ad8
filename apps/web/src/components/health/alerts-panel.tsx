import type { AlertEvent, AlertStatus } from '@intake/schema';
import { formatTimestamp } from '../../lib/format';
import { Badge, type BadgeTone } from '../ui/badge';
import { Table, TableContainer, Td, Th } from '../ui/table';

const tone: Record<AlertStatus['state'], BadgeTone> = {
  ok: 'success',
  pending: 'warning',
  firing: 'danger',
};

/** Every rule with its state, then the latest transitions (firing, resolved). */
export function AlertsPanel({ alerts, history }: { alerts: AlertStatus[]; history: AlertEvent[] }) {
  return (
    <div>
      <TableContainer>
        <Table aria-label="Alert rules">
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>State</Th>
              <Th>Now</Th>
              <Th>Since</Th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.rule}>
                <Td>
                  <code className="text-xs">{a.rule}</code>
                </Td>
                <Td>
                  <Badge tone={tone[a.state]}>{a.state}</Badge>
                </Td>
                <Td>{a.summary}</Td>
                <Td className="whitespace-nowrap text-zinc-500">
                  {a.since ? formatTimestamp(a.since) : '–'}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
      <h3 className="px-5 pt-4 text-sm font-semibold text-zinc-900">Recent alerts</h3>
      {history.length === 0 ? (
        <p className="px-5 py-3 text-sm text-zinc-500">No alert has fired yet.</p>
      ) : (
        <ul aria-label="Recent alerts" className="divide-y divide-zinc-100 px-5 pb-3">
          {history.map((e) => (
            <li key={`${e.rule}:${e.at}:${e.state}`} className="flex flex-wrap gap-2 py-2 text-sm">
              <Badge tone={e.state === 'firing' ? 'danger' : 'success'}>{e.state}</Badge>
              <span className="text-zinc-500">{formatTimestamp(e.at)}</span>
              <span>{e.summary}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
