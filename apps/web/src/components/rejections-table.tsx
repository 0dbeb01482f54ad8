import type { Rejection } from '@intake/schema';
import { CheckCircle2 } from 'lucide-react';
import { EmptyState } from './ui/empty-state';
import { Table, TableContainer, Td, Th } from './ui/table';

/** The rows the server refused, one line per field problem, in row order. */
export function RejectionsTable({
  rejections,
  caption,
}: {
  rejections: readonly Rejection[];
  caption: string;
}) {
  if (rejections.length === 0) {
    return (
      <EmptyState icon={CheckCircle2} title="No rejected rows">
        Every row passed validation.
      </EmptyState>
    );
  }
  return (
    <TableContainer>
      <Table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <Th className="w-20">Row</Th>
            <Th className="w-44">Field</Th>
            <Th>Message</Th>
            <Th>Value</Th>
          </tr>
        </thead>
        <tbody>
          {rejections.map((r, i) => (
            <tr key={i} className="hover:bg-zinc-50">
              <Td className="font-mono tabular-nums text-zinc-500">{r.row}</Td>
              <Td className="font-mono text-xs">
                {r.field || <span className="text-zinc-400">(row)</span>}
              </Td>
              {/* describeRejection's form, written out so this chunk does not pull in zod. */}
              <Td className="text-red-700">{r.field ? `${r.field}: ${r.message}` : r.message}</Td>
              <Td className="max-w-xs truncate font-mono text-xs text-zinc-600" title={r.value}>
                {r.value ?? <span className="text-zinc-400">—</span>}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableContainer>
  );
}
