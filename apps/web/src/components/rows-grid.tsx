import type { Dataset } from '@intake/schema';
import { Plus, Trash2 } from 'lucide-react';
import { type CellErrors, cellKey } from '../lib/cell-errors';
import { cn } from '../lib/cn';
import { columnExample } from '../lib/column-examples';
import { type GridRow, gridColumns } from '../lib/grid-rows';
import { Button } from './ui/button';
import { fieldClasses } from './ui/input';

interface RowsGridProps {
  dataset: Dataset;
  rows: readonly GridRow[];
  errors: CellErrors;
  onCellChange: (rowId: number, column: string, value: string) => void;
  onCellBlur: (rowNumber: number, column: string) => void;
  onAddRow: () => void;
  onRemoveRow: (rowId: number) => void;
}

/** One input per column and row; each cell's messages sit under it and are announced with it. */
export function RowsGrid(props: RowsGridProps) {
  const { dataset, rows, errors, onCellChange, onCellBlur, onAddRow, onRemoveRow } = props;
  const columns = gridColumns(dataset, rows);
  return (
    <div>
      {/* relative: the sr-only (absolute) texts in cells must scroll with the table, not widen
          the page. */}
      <div className="relative overflow-x-auto rounded-lg ring-1 ring-zinc-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Rows to import into {dataset.label}</caption>
          <thead className="bg-zinc-50">
            <tr>
              <th
                scope="col"
                className="w-12 px-3 py-2 text-right text-xs font-semibold text-zinc-500"
              >
                #
              </th>
              {columns.map((name) => {
                const column = dataset.columns[name];
                return (
                  <th
                    key={name}
                    scope="col"
                    title={column?.description ?? 'not a column of this dataset'}
                    className={cn(
                      'px-2 py-2 text-left font-mono text-xs font-semibold text-zinc-700',
                      // Wide enough for a full date-time with offset.
                      column?.kind === 'datetime' ? 'min-w-56' : 'min-w-40',
                    )}
                  >
                    {name}
                    {column?.required && (
                      <>
                        <span aria-hidden="true" className="ml-0.5 text-red-500">
                          *
                        </span>
                        <span className="sr-only"> (required)</span>
                      </>
                    )}
                    {name === dataset.key && (
                      <span className="ml-1.5 rounded bg-indigo-50 px-1 py-px font-sans text-[10px] font-medium text-indigo-700">
                        key
                      </span>
                    )}
                  </th>
                );
              })}
              <th scope="col" className="w-12 px-2 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const rowNumber = index + 1;
              const rowErrors = errors.get(cellKey(rowNumber, ''));
              return [
                <tr key={row.id} className="border-t border-zinc-100 align-top">
                  <th
                    scope="row"
                    className="px-3 pt-4 text-right font-mono text-xs font-normal text-zinc-400"
                  >
                    {rowNumber}
                  </th>
                  {columns.map((name) => {
                    const column = dataset.columns[name];
                    const messages = errors.get(cellKey(rowNumber, name));
                    const errorId = `cell-${row.id}-${name}-error`;
                    return (
                      <td key={name} className="px-1.5 py-2">
                        <input
                          aria-label={`${name}, row ${rowNumber}`}
                          aria-invalid={messages ? true : undefined}
                          aria-describedby={messages ? errorId : undefined}
                          value={row.cells[name] ?? ''}
                          placeholder={column ? columnExample(column) : ''}
                          onChange={(e) => onCellChange(row.id, name, e.target.value)}
                          onBlur={() => onCellBlur(rowNumber, name)}
                          className={cn(fieldClasses, 'h-8 font-mono text-xs')}
                        />
                        {messages && (
                          <p id={errorId} className="mt-1 text-xs text-red-600">
                            {messages.join('; ')}
                          </p>
                        )}
                      </td>
                    );
                  })}
                  <td className="px-2 py-2">
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove row ${rowNumber}`}
                      onClick={() => onRemoveRow(row.id)}
                    >
                      <Trash2 aria-hidden="true" className="size-4" />
                    </Button>
                  </td>
                </tr>,
                rowErrors && (
                  <tr key={`${row.id}-errors`}>
                    <td />
                    <td colSpan={columns.length + 1} className="px-1.5 pb-2 text-xs text-red-600">
                      Row {rowNumber}: {rowErrors.join('; ')}
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onAddRow}>
        <Plus aria-hidden="true" className="size-4" />
        Add row
      </Button>
    </div>
  );
}
