import type { Dataset } from '@intake/schema';

/** One editable row of the grid: cell text per column, plus a stable key for React. */
export interface GridRow {
  id: number;
  cells: Readonly<Record<string, string>>;
}

let nextId = 1;

export function emptyRow(): GridRow {
  return { id: nextId++, cells: {} };
}

/**
 * The row object sent to the server. Blank cells are left out, so a missing required value is
 * reported as "is required" and a blank optional one is stored as NULL, as in a JSON import.
 */
export function gridRowToObject(row: GridRow): Record<string, string> {
  return Object.fromEntries(Object.entries(row.cells).filter(([, v]) => v.trim() !== ''));
}

/**
 * The rows to send. Blank rows at the end are the grid's spare lines and are left out, as a
 * spreadsheet would; a blank row between filled ones is sent, so row numbers keep matching the
 * grid and the server's answer names it.
 */
export function gridRowsToObjects(rows: readonly GridRow[]): Record<string, string>[] {
  const objects = rows.map(gridRowToObject);
  while (objects.length > 0 && Object.keys(objects[objects.length - 1] ?? {}).length === 0) {
    objects.pop();
  }
  return objects;
}

const cellText = (value: unknown): string =>
  value === undefined || value === null
    ? ''
    : typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);

/** Pasted JSON rows into the grid; keys the dataset lacks are kept so their error still shows. */
export function objectsToGridRows(rows: readonly unknown[]): GridRow[] {
  return rows.map((raw) => {
    const cells: Record<string, string> = {};
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      for (const [key, value] of Object.entries(raw)) cells[key] = cellText(value);
    }
    return { id: nextId++, cells };
  });
}

/** Columns shown in the grid: the dataset's, then any unknown keys that came from pasted JSON. */
export function gridColumns(dataset: Dataset, rows: readonly GridRow[]): string[] {
  const names = [...dataset.columnNames];
  for (const row of rows) {
    for (const key of Object.keys(row.cells)) if (!names.includes(key)) names.push(key);
  }
  return names;
}
