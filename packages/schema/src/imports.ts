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
  /** File imports: rows whose key an earlier row of the same file already had (last wins). */
  duplicates: z.number().int().nonnegative(),
  /** File imports: how far the job is, for progress bars. Null for JSON imports. */
  progress: z
    .object({
      bytesDone: z.number().int().nonnegative(),
      bytesTotal: z.number().int().nonnegative(),
      rowsDone: z.number().int().nonnegative(),
      rowsPerSecond: z.number().nonnegative(),
      etaSeconds: z.number().nonnegative().nullable(),
    })
    .nullable(),
  /** Why a failed import failed, in words. */
  error: z.string().nullable(),
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

/** Dataset column -> file header it is read from (null: left empty). */
export const columnMapping = z.record(z.string(), z.string().nullable());
export type ColumnMapping = z.infer<typeof columnMapping>;

export const createFromUploadInput = z.object({
  uploadId: z.string().regex(/^[a-f0-9]{32}$/, { error: 'must be an upload id' }),
  dataset: datasetName,
  /** Omitted: the proposed mapping (see uploads.preview) is used. */
  mapping: columnMapping.optional(),
  options: z
    .object({
      delimiter: z.enum([',', ';', '\t', '|']).optional(),
      /** On cancel, keep the batches already written (default) or remove them. */
      onCancel: z.enum(['keep', 'rollback']).default('keep'),
    })
    .default({ onCancel: 'keep' }),
});
export type CreateFromUploadInput = z.input<typeof createFromUploadInput>;

export const mappingProposal = z.object({
  column: z.string(),
  header: z.string().nullable(),
  /** 1 exact, 0.9 same after normalising, 0.8 a known synonym, lower: fuzzy. */
  confidence: z.number().min(0).max(1),
});

export const uploadPreviewInput = z.object({
  uploadId: createFromUploadInput.shape.uploadId,
  dataset: datasetName,
  rows: z.number().int().min(1).max(100).default(20),
});

export const uploadPreview = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number().int(), values: z.array(z.string()) })),
  proposal: z.array(mappingProposal),
  /** Problems of the sample rows under the proposed mapping. */
  rejections: z.array(rejection),
});
export type UploadPreview = z.infer<typeof uploadPreview>;
