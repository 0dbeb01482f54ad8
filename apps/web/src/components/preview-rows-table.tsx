import type { ColumnMapping, Dataset, Rejection, UploadPreview } from '@intake/schema';
import { cn } from '../lib/cn';
import { rowFromLine } from '../lib/column-mapping';
import { Table, TableContainer, Td, Th } from './ui/table';

interface PreviewRowsTableProps {
  dataset: Dataset;
  preview: UploadPreview;
  mapping: ColumnMapping;
  /** Problems of these lines under `mapping` (see checkPreview). */
  rejections: readonly Rejection[];
}

/** The first lines of the file as the import would read them, invalid cells marked. */
export function PreviewRowsTable({ dataset, preview, mapping, rejections }: PreviewRowsTableProps) {
  const problems = new Map<string, string>();
  const lineProblems = new Map<number, string[]>();
  for (const r of rejections) {
    if (r.field) problems.set(`${r.row}:${r.field}`, r.message);
    else lineProblems.set(r.row, [...(lineProblems.get(r.row) ?? []), r.message]);
  }
  return (
    <TableContainer className="max-h-96 overflow-y-auto">
      <Table>
        <caption className="sr-only">First lines of the file under this mapping</caption>
        <thead className="sticky top-0">
          <tr>
            <Th className="w-16">Line</Th>
            {dataset.columnNames.map((c) => (
              <Th key={c} className="font-mono">
                {c}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((line) => {
            const row = rowFromLine(preview.headers, line.values, mapping);
            return (
              <tr key={line.line}>
                <Td className="font-mono text-xs text-zinc-500 tabular-nums">
                  {line.line}
                  {lineProblems.has(line.line) && (
                    <span className="block text-red-600">
                      {lineProblems.get(line.line)?.join('; ')}
                    </span>
                  )}
                </Td>
                {dataset.columnNames.map((c) => {
                  const message = problems.get(`${line.line}:${c}`);
                  return (
                    <Td
                      key={c}
                      data-invalid={message ? 'true' : undefined}
                      title={message}
                      className={cn(
                        'max-w-56 truncate font-mono text-xs',
                        message && 'bg-red-50 text-red-800 ring-1 ring-red-300 ring-inset',
                      )}
                    >
                      {row[c] ?? <span className="text-zinc-400">—</span>}
                      {message && <span className="sr-only"> (invalid: {message})</span>}
                    </Td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </TableContainer>
  );
}
