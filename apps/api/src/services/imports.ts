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
import type { Cache } from '../cache/cache.js';
import { datasetGroup, importGroup } from '../cache/keys.js';
import { upsertRows } from '../db/repos/dataset-rows.js';
import { findImport, insertImport, insertRejections, listImports } from '../db/repos/imports.js';
import type { Database } from '../db/types.js';
import { NotFoundError, TooManyRowsError } from '../errors.js';

export interface ImportsServiceDeps {
  db: Kysely<Database>;
  maxRowsPerRequest: number;
  /** Import details (once finished) are read through it; imports invalidate their dataset. */
  cache: Cache;
  /** Told about every import once it is committed (webhooks). */
  onFinished?: (summary: ImportFinished) => Promise<void>;
}

export type ImportFinished = {
  workspaceId: string;
  importId: string;
  dataset: string;
  status: ImportStatus;
  accepted: number;
  rejected: number;
};

/** A finished import never changes again; a running one changes with every batch. */
const FINISHED: ReadonlySet<ImportStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function createImportsService({
  db,
  maxRowsPerRequest,
  cache,
  onFinished,
}: ImportsServiceDeps) {
  const details = cache.region<ImportDetail | undefined>('import-detail', {
    keep: (detail) => detail !== undefined && FINISHED.has(detail.status),
  });
  return {
    /**
     * Validates every row, then writes the valid ones (upsert by key), the import record and its
     * rejections in one transaction: the request is all or nothing.
     */
    async createFromRows(
      workspaceId: string,
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
          workspaceId,
          dataset: dataset.name,
          source: 'rows',
          status: 'succeeded',
          accepted,
          rejected: rejectedRows,
          requestId,
          finished: true,
        });
        await upsertRows(tx, dataset, workspaceId, [...byKey.values()], importId);
        await insertRejections(tx, importId, rejected);
      });
      await cache.invalidate(workspaceId, datasetGroup(dataset.name));
      await onFinished?.({
        workspaceId,
        importId,
        dataset: dataset.name,
        status: 'succeeded',
        accepted,
        rejected: rejectedRows,
      });
      return { importId, status: 'succeeded', accepted, rejected };
    },

    list(
      workspaceId: string,
      opts: { cursor?: string | undefined; limit: number },
    ): Promise<ImportsListOutput> {
      return listImports(db, workspaceId, opts);
    },

    /** The workspace is the cache scope, so another workspace's import is never a hit. */
    async get(workspaceId: string, id: string): Promise<ImportDetail> {
      const found = await details.getOrLoad(
        { scope: workspaceId, group: importGroup(id), id: 'detail' },
        () => findImport(db, id, workspaceId),
      );
      if (!found) throw new NotFoundError('Import', id);
      return found;
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
