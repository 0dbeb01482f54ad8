import { z } from 'zod';
import { type ColumnRule, datetimeInPostgresRange } from './columns.js';
import type { Dataset } from './dataset.js';
import { checkRow, type RowCheck } from './row-validation.js';

type Row = Record<string, string | null>;
/** A cell's stored form, or `undefined` when the fast path does not accept it. */
type Accept = (cell: string) => string | undefined;

// zod's own patterns, so the fast path and the schema agree on what a valid value is.
const emailPattern = z.regexes.email;
const datetimePattern = z.regexes.datetime({ offset: true, local: false, precision: null });
const isDigit = (v: string, i: number) => {
  const c = v.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** The stored form of a cell that passes `rule`, written as columns.ts's zod schema does. */
function acceptor(rule: ColumnRule): Accept {
  switch (rule.kind) {
    case 'text':
      // PostgreSQL text cannot hold U+0000 (columns.ts refuses it; zod says so). The other kinds'
      // patterns and lists never take it.
      return (cell) => {
        const v = cell.trim();
        return v.length >= rule.min && v.length <= rule.max && !v.includes('\u0000')
          ? v
          : undefined;
      };
    case 'email':
      return (cell) => {
        const v = cell.trim().toLowerCase();
        return emailPattern.test(v) ? v : undefined;
      };
    case 'decimal': {
      const intDigits = rule.precision - rule.scale;
      // decimalShape by hand: this runs once per cell of a file import.
      return (cell) => {
        const v = cell.trim();
        const negative = v.charCodeAt(0) === 45;
        let i = negative ? 1 : 0;
        let lead = i;
        while (lead < v.length - 1 && v.charCodeAt(lead) === 48 && isDigit(v, lead + 1)) lead++;
        const intStart = i;
        while (isDigit(v, i)) i++;
        if (i === intStart || i - lead > intDigits) return undefined;
        if (i < v.length) {
          if (v.charCodeAt(i) !== 46) return undefined;
          const fracStart = ++i;
          while (isDigit(v, i)) i++;
          if (i === fracStart || i !== v.length || i - fracStart > rule.scale) return undefined;
        }
        if (rule.min !== undefined && (negative || rule.min > 0) && Number(v) < rule.min)
          return undefined;
        return v;
      };
    }
    case 'enum':
      return (cell) => {
        const v = cell.trim().toLowerCase();
        return rule.values.includes(v) ? v : undefined;
      };
    case 'datetime':
      return (cell) => {
        const v = cell.trim();
        return datetimePattern.test(v) && datetimeInPostgresRange(v) ? v : undefined;
      };
    case 'phone':
      return (cell) => {
        const v = cell.trim();
        return rule.pattern.test(v) ? v : undefined;
      };
    case 'currency':
    case 'country':
      return (cell) => {
        const v = cell.trim().toUpperCase();
        return rule.codes.has(v) ? v : undefined;
      };
  }
}

/**
 * The fast path alone, for cells in `dataset.columnNames` order (undefined: the file has no such
 * column): writes each cell's stored form into `stored` (null for a blank optional cell) and
 * returns true, or returns false when the row needs `checkRow` for its answer (a refusal, or a
 * cell the fast path does not take). No object per row: file imports call it a million times.
 */
export function compiledCellsAccept(
  dataset: Dataset,
): (cells: ArrayLike<string | undefined>, stored: (string | null)[]) => boolean {
  const columns = dataset.columnNames.map((name) => {
    const column = dataset.columns[name];
    if (!column) throw new Error(`dataset ${dataset.name}: no column ${name}`);
    return { required: column.required, accept: acceptor(column.rule) };
  });
  return (cells, stored) => {
    for (let i = 0; i < columns.length; i++) {
      const { required, accept } = columns[i] as (typeof columns)[number];
      const cell = cells[i];
      if (cell === undefined || (!required && cell.trim() === '')) {
        if (required) return false;
        stored[i] = null;
        continue;
      }
      const value = accept(cell);
      if (value === undefined) return false;
      stored[i] = value;
    }
    return true;
  };
}

/**
 * `checkRow` for bulk work (file imports), with the same answers. A row of string cells that
 * passes every column's rule (columns.ts keeps each rule's parameters next to its zod schema) is
 * accepted by generated-free plain code; any other row goes to `checkRow` on zod's own
 * `z.compile` of the row schema, so every refusal and its messages are zod's.
 * test/compiled-row-check.test.ts checks both against `checkRow` on random rows. Server only:
 * `z.compile` generates code with `new Function`, which the web app's CSP forbids.
 */
export function compiledRowCheck(dataset: Dataset): (raw: unknown, rowNumber: number) => RowCheck {
  const slow: Dataset = { ...dataset, rowSchema: z.compile(dataset.rowSchema) };
  const accept = compiledCellsAccept(dataset);
  const names = dataset.columnNames;
  const known = new Set(names);
  const cells: unknown[] = [];
  const stored: (string | null)[] = [];

  const fast = (raw: Record<string, unknown>): Row | undefined => {
    for (const key in raw) if (!known.has(key)) return undefined;
    for (let i = 0; i < names.length; i++) {
      const cell = raw[names[i] as string];
      // Other JSON scalars (numbers, ...) are zod's to convert.
      if (cell !== undefined && typeof cell !== 'string') return undefined;
      cells[i] = cell;
    }
    if (!accept(cells as (string | undefined)[], stored)) return undefined;
    const value: Row = {};
    for (let i = 0; i < names.length; i++) value[names[i] as string] = stored[i] ?? null;
    return value;
  };

  return (raw, rowNumber) => {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const value = fast(raw as Record<string, unknown>);
      if (value) return { ok: true, value };
    }
    return checkRow(slow, raw, rowNumber);
  };
}
