import {
  type CreateFromRowsInput,
  type CreateFromRowsOutput,
  checkRow,
  getDataset,
  type ImportDetail,
  type ImportStatus,
  type ImportsListOutput,
  type Rejection,
} from '@intake/schema';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { upsertRows } from '../db/repos/dataset-rows.js';
import { findImport, insertImport, insertRejections, listImports } from '../db/repos/imports.js';
import type { Database } from '../db/types.js';
import { NotFoundError, TooManyRowsError } from '../errors.js';

export interface ImportsServiceDeps {
  db: Kysely<Database>;
  maxRowsPerRequest: number;
  /** Told about every import once it is committed (webhooks). */
  onFinished?: (summary: ImportFinished) => Promise<void>;
}

export type ImportFinished = {
  importId: string;
  dataset: string;
  status: ImportStatus;
  accepted: number;
  rejected: number;
};

export function createImportsService({ db, maxRowsPerRequest, onFinished }: ImportsServiceDeps) {
  return {
    /**
     * Validates every row, then writes the valid ones (upsert by key), the import record and its
     * rejections in one transaction: the request is all or nothing.
     */
    async createFromRows(
      input: CreateFromRowsInput,
      requestId: string | null,
    ): Promise<CreateFromRowsOutput> {
      if (input.rows.length > maxRowsPerRequest) {
        throw new TooManyRowsError(input.rows.length, maxRowsPerRequest);
      }
      const dataset = getDataset(input.dataset);
      // Later rows win over earlier ones with the same key, as in a file read top to bottom.
      const byKey = new Map<string, Record<string, string | null>>();
      const rejected: Rejection[] = [];
      let accepted = 0;
      input.rows.forEach((raw, index) => {
        const check = checkRow(dataset, raw, index + 1);
        if (!check.ok) {
          rejected.push(...check.rejections);
          return;
        }
        accepted += 1;
        const key = check.value[dataset.key] as string;
        byKey.delete(key);
        byKey.set(key, check.value);
      });
      const rejectedRows = input.rows.length - accepted;
      const importId = uuidv7();
      await db.transaction().execute(async (tx) => {
        await insertImport(tx, {
          id: importId,
          dataset: dataset.name,
          source: 'rows',
          status: 'succeeded',
          accepted,
          rejected: rejectedRows,
          requestId,
          finished: true,
        });
        await upsertRows(tx, dataset, [...byKey.values()], importId);
        await insertRejections(tx, importId, rejected);
      });
      await onFinished?.({
        importId,
        dataset: dataset.name,
        status: 'succeeded',
        accepted,
        rejected: rejectedRows,
      });
      return { importId, status: 'succeeded', accepted, rejected };
    },

    list(opts: { cursor?: string | undefined; limit: number }): Promise<ImportsListOutput> {
      return listImports(db, opts);
    },

    async get(id: string): Promise<ImportDetail> {
      const found = await findImport(db, id);
      if (!found) throw new NotFoundError('Import', id);
      return found;
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
