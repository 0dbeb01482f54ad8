import { z } from 'zod';
import type { Column } from './columns.js';

/**
 * A dataset is data: a name, a key column and typed columns. Everything else (the row schema,
 * the table, the REST docs, the web form) is derived from this definition.
 */
export interface DatasetDefinition<C extends Record<string, Column>> {
  name: string;
  label: string;
  key: keyof C & string;
  columns: C;
}

export interface Dataset {
  name: string;
  label: string;
  key: string;
  columns: Readonly<Record<string, Column>>;
  /** Column names in declaration order. */
  columnNames: readonly string[];
  /** Validates one raw row; unknown columns are refused so typos do not vanish silently. */
  rowSchema: z.ZodType<Record<string, string | null>>;
}

export function defineDataset<const C extends Record<string, Column>>(
  def: DatasetDefinition<C>,
): Dataset {
  if (!def.columns[def.key]?.required) {
    throw new Error(`dataset ${def.name}: key ${def.key} must be a required column`);
  }
  const shape = Object.fromEntries(
    Object.entries(def.columns).map(([name, col]) => [
      name,
      col.required ? col.schema : col.schema.optional(),
    ]),
  );
  return {
    ...def,
    columnNames: Object.keys(def.columns),
    rowSchema: z.strictObject(shape) as unknown as z.ZodType<Record<string, string | null>>,
  };
}
