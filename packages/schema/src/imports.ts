import { z } from 'zod';
import { datasetName } from './dataset-api.js';

/** One reason a row was refused. `row` is 1-based; `field` is empty for row-level problems. */
export const rejection = z.object({
  row: z.number().int().positive(),
  field: z.string(),
  message: z.string(),
  value: z.string().optional(),
});
export type Rejection = z.infer<typeof rejection>;

export const importStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof importStatus>;

export const importId = z.uuid({ error: 'must be an import id (UUID)' });

export const createFromRowsInput = z.object({
  dataset: datasetName,
  rows: z
    .array(z.record(z.string(), z.unknown()), { error: 'must be an array of row objects' })
    .min(1, { error: 'must contain at least one row' }),
});
export type CreateFromRowsInput = z.infer<typeof createFromRowsInput>;

export const createFromRowsOutput = z.object({
  importId,
  status: importStatus,
  accepted: z.number().int().nonnegative(),
  rejected: z.array(rejection),
});
export type CreateFromRowsOutput = z.infer<typeof createFromRowsOutput>;

export const importSummary = z.object({
  id: importId,
  dataset: datasetName,
  source: z.enum(['rows', 'upload']),
  status: importStatus,
  /** Rows written (inserted or updated). */
  accepted: z.number().int().nonnegative(),
  /** Rows refused, each with at least one rejection. */
  rejected: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const importDetail = importSummary.extend({ rejections: z.array(rejection) });
export type ImportDetail = z.infer<typeof importDetail>;

export const importsListInput = z.object({
  cursor: importId.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type ImportsListInput = z.input<typeof importsListInput>;

export const importsListOutput = z.object({
  items: z.array(importSummary),
  nextCursor: importId.nullable(),
});
export type ImportsListOutput = z.infer<typeof importsListOutput>;

export const importsGetInput = z.object({ id: importId });
