import { z } from 'zod';
import { datasetNames } from './datasets/index.js';

export const datasetName = z.enum(datasetNames, {
  error: `must be one of ${datasetNames.join(', ')}`,
});

export const columnInfo = z.object({
  name: z.string(),
  kind: z.string(),
  required: z.boolean(),
  description: z.string(),
});

export const datasetSummary = z.object({
  name: datasetName,
  label: z.string(),
  key: z.string(),
  columns: z.array(columnInfo),
  rowCount: z.number().int().nonnegative(),
});
export type DatasetSummary = z.infer<typeof datasetSummary>;

export const datasetsListOutput = z.object({ items: z.array(datasetSummary) });

export const datasetRowsInput = z.object({
  dataset: datasetName,
  /** Key of the last row of the previous page (keyset paging on the key column). No U+0000:
   * PostgreSQL text cannot hold it, and the query answered 500. */
  cursor: z
    .string()
    .max(1000)
    .regex(/^[^\0]*$/, { error: 'must not contain U+0000' })
    .optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Case-insensitive substring match over the dataset's text columns. */
  search: z
    .string()
    .trim()
    .max(200)
    .regex(/^[^\0]*$/, { error: 'must not contain U+0000' })
    .optional(),
});
export type DatasetRowsInput = z.input<typeof datasetRowsInput>;

export const datasetRow = z.record(z.string(), z.string().nullable());

export const datasetRowsOutput = z.object({
  items: z.array(datasetRow),
  nextCursor: z.string().nullable(),
});
export type DatasetRowsOutput = z.infer<typeof datasetRowsOutput>;
