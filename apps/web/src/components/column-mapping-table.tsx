import type { ColumnMapping, Dataset, UploadPreview } from '@intake/schema';
import { confidenceOf } from '../lib/column-mapping';
import { ConfidenceBadge } from './confidence-badge';
import { Select } from './ui/input';
import { Table, TableContainer, Td, Th } from './ui/table';

interface ColumnMappingTableProps {
  dataset: Dataset;
  preview: UploadPreview;
  mapping: ColumnMapping;
  onChange: (column: string, header: string | null) => void;
}

// Text cells as tall as the select beside them, so a row reads on one line.
const level = 'flex h-9 items-center';

// A select's value cannot be null; this stands for "leave the column empty".
const empty = '';

/** One dropdown per dataset column: which file column feeds it, and how sure the proposal was. */
export function ColumnMappingTable({
  dataset,
  preview,
  mapping,
  onChange,
}: ColumnMappingTableProps) {
  const firstLine = preview.rows[0]?.values ?? [];
  return (
    <TableContainer>
      <Table>
        <caption className="sr-only">Column mapping</caption>
        <thead>
          <tr>
            <Th className="w-48">Dataset column</Th>
            <Th className="w-72">From file column</Th>
            <Th className="w-32">Match</Th>
            <Th>First value</Th>
          </tr>
        </thead>
        <tbody>
          {dataset.columnNames.map((column) => {
            const proposal = preview.proposal.find((p) => p.column === column);
            const header = mapping[column] ?? null;
            const required = dataset.columns[column]?.required ?? false;
            const index = header === null ? -1 : preview.headers.indexOf(header);
            const missing = required && header === null;
            return (
              <tr key={column}>
                <Td className="font-mono text-xs">
                  <span className={`${level} gap-1`}>
                    {column}
                    {required && (
                      <span className="text-red-600" title="required">
                        {' '}
                        *
                      </span>
                    )}
                  </span>
                </Td>
                <Td>
                  <Select
                    aria-label={`File column for ${column}`}
                    aria-invalid={missing || undefined}
                    value={header ?? empty}
                    onChange={(e) =>
                      onChange(column, e.target.value === empty ? null : e.target.value)
                    }
                  >
                    <option value={empty}>{required ? 'Choose a column…' : 'Leave empty'}</option>
                    {preview.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </Select>
                  {missing && (
                    <p className="mt-1 text-xs font-medium text-red-600">Required: pick a column</p>
                  )}
                </Td>
                <Td>
                  <span className={level}>
                    <ConfidenceBadge
                      confidence={confidenceOf(proposal?.confidence ?? 0)}
                      changed={(proposal?.header ?? null) !== header}
                    />
                  </span>
                </Td>
                <Td className="max-w-64 truncate font-mono text-xs text-zinc-600">
                  <span className={level}>
                    {index >= 0 ? (
                      <span className="truncate">{firstLine[index]}</span>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </span>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </TableContainer>
  );
}
