import type { Dataset } from './dataset.js';
import type { Rejection } from './imports.js';

export type RowCheck =
  | { ok: true; value: Record<string, string | null> }
  | { ok: false; rejections: Rejection[] };

/**
 * The value as a report shows it: at most 200 characters, U+0000 as the visible `␀` (reports
 * are stored in PostgreSQL text, which cannot hold U+0000).
 */
const preview = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = raw.includes('\u0000') ? raw.replaceAll('\u0000', '\u2400') : raw;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

/**
 * Validates one row against its dataset and turns zod issues into per-field messages a person
 * understands: `{ row: 3, field: 'amount', message: 'must be >= 0' }`.
 * `rowNumber` is 1-based, as people count rows.
 */
export function checkRow(dataset: Dataset, raw: unknown, rowNumber: number): RowCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      rejections: [{ row: rowNumber, field: '', message: 'must be an object of column values' }],
    };
  }
  const result = dataset.rowSchema.safeParse(raw);
  if (result.success) {
    // Optional columns that were left out are stored as NULL.
    const value: Record<string, string | null> = {};
    for (const name of dataset.columnNames) value[name] = result.data[name] ?? null;
    return { ok: true, value };
  }
  const cells = raw as Record<string, unknown>;
  const rejections: Rejection[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        rejections.push({
          row: rowNumber,
          field: key,
          message: `is not a column of ${dataset.name} (columns: ${dataset.columnNames.join(', ')})`,
        });
      }
      continue;
    }
    const field = String(issue.path[0] ?? '');
    const value = preview(cells[field]);
    rejections.push({
      row: rowNumber,
      field,
      message: issue.message,
      ...(value === undefined ? {} : { value }),
    });
  }
  return { ok: false, rejections };
}

/** `amount: must be >= 0`, the one-line form used in reports and the UI. */
export function describeRejection(rejection: Rejection): string {
  return rejection.field ? `${rejection.field}: ${rejection.message}` : rejection.message;
}
