import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { usageError } from './exit-codes.js';
import type { Ui } from './ui.js';

/** Dataset column -> file header (null: leave the column empty), as imports.createFromUpload takes it. */
export type ColumnMapping = Record<string, string | null>;

/**
 * `--mapping auto` (undefined: the server applies its own proposal, read with the right
 * delimiter) or a JSON file `{ "order_id": "Order No", "status": null }`. The server checks it
 * against the dataset; here only its shape, so a typo in the file is a usage error (exit 2).
 */
export async function loadMapping(value: string, cwd: string): Promise<ColumnMapping | undefined> {
  if (value === 'auto') return undefined;
  const path = resolve(cwd, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw usageError(`--mapping ${value}: cannot read a JSON file (${why})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`--mapping ${value}: must be a JSON object {"column": "header" | null}`);
  }
  const mapping: ColumnMapping = {};
  for (const [column, header] of Object.entries(parsed)) {
    if (header !== null && typeof header !== 'string') {
      throw usageError(`--mapping ${value}: "${column}" must map to a header name or null`);
    }
    mapping[column] = header;
  }
  return mapping;
}

/** The mapping as a small table: who reads what, and how sure the proposal was. */
export function showMapping(
  ui: Ui,
  rows: { column: string; header: string | null; confidence?: number }[],
): void {
  const width = Math.max(...rows.map((r) => r.column.length), 6);
  for (const r of rows) {
    const source = r.header === null ? '(empty)' : JSON.stringify(r.header);
    const sure =
      r.confidence === undefined || r.header === null
        ? ''
        : `  ${Math.round(r.confidence * 100)}%${r.confidence < 0.8 ? ' (check this)' : ''}`;
    ui.note(`  ${r.column.padEnd(width)} <- ${source}${sure}`);
  }
}
