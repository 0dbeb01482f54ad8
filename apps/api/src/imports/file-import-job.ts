import { setImmediate } from 'node:timers/promises';
import { readCsv } from '@intake/csv';
import {
  checkRow,
  type Dataset,
  type DatasetName,
  getDataset,
  type Rejection,
} from '@intake/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { datasetTable } from '../db/dataset-tables.js';
import { deleteRowsOfImport, upsertRows } from '../db/repos/dataset-rows.js';
import { insertRejections } from '../db/repos/imports.js';
import type { Database } from '../db/types.js';
import type { JobContext } from '../jobs/queue.js';
import type { UploadStore } from '../uploads/upload-store.js';

export interface FileImportJob {
  importId: string;
}

type Row = Record<string, string | null>;

/**
 * Runs one file import: streams the uploaded file through the CSV reader in batches, maps and
 * validates each row, and commits each batch in ONE transaction together with its checkpoint
 * (byte offset and line after the batch). A process killed at any moment resumes from the last
 * checkpoint: every batch is written exactly once, so counts stay exact.
 */
export function fileImportRunner(deps: {
  db: Kysely<Database>;
  store: Pick<UploadStore, 'read'>;
  batchSize: number;
  log: Logger;
}) {
  const { db } = deps;
  return async (job: JobContext<FileImportJob>): Promise<void> => {
    try {
      await run(job.data.importId);
    } catch (error) {
      deps.log.error(
        { err: error, importId: job.data.importId, attempt: job.attempt },
        'file import attempt failed',
      );
      if (job.attempt >= job.maxAttempts) {
        await db
          .updateTable('imports')
          .set({
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finished_at: new Date(),
          })
          .where('id', '=', job.data.importId)
          .execute();
      }
      throw error;
    }
  };

  async function run(importId: string): Promise<void> {
    const row = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!row || !['queued', 'running'].includes(row.status) || !row.upload_id || !row.mapping)
      return;
    const dataset = getDataset(row.dataset as DatasetName);
    if (row.cancel_requested) return cancel(importId, dataset, row.on_cancel === 'rollback');
    await db
      .updateTable('imports')
      .set({ status: 'running', started_at: row.started_at ?? new Date() })
      .where('id', '=', importId)
      .execute();

    const mapping = JSON.parse(row.mapping) as Record<string, string | null>;
    const storedHeaders = row.headers ? (JSON.parse(row.headers) as string[]) : undefined;
    const startOffset = Number(row.bytes_done);
    const resuming = startOffset > 0;
    const source = deps.store.read(row.upload_id, {
      start: startOffset,
      end: Number(row.bytes_total ?? 0),
    });
    const batches = readCsv(source, {
      batchSize: deps.batchSize,
      ...(row.delimiter ? { delimiter: row.delimiter } : {}),
      ...(resuming
        ? {
            startOffset,
            startLine: row.line_done,
            ...(storedHeaders ? { headers: storedHeaders } : {}),
          }
        : {}),
    });

    for await (const batch of batches) {
      const positions = new Map(batch.headers.map((h, i) => [h, i]));
      const rejections: Rejection[] = [];
      const byKey = new Map<string, Row>();
      let valid = 0;
      let duplicatesInBatch = 0;
      for (const reject of batch.rejects) {
        rejections.push({
          row: reject.line,
          field: '',
          message: reject.message,
          value: reject.raw.slice(0, 200),
        });
      }
      for (const record of batch.records) {
        const raw: Record<string, string> = {};
        for (const [column, header] of Object.entries(mapping)) {
          const index = header === null ? undefined : positions.get(header);
          if (index !== undefined) raw[column] = record.values[index] ?? '';
        }
        const check = checkRow(dataset, raw, record.line);
        if (!check.ok) {
          rejections.push(...check.rejections);
          continue;
        }
        valid += 1;
        const key = check.value[dataset.key] as string;
        if (byKey.delete(key)) duplicatesInBatch += 1;
        byKey.set(key, check.value);
      }
      // Reader rejects and validation rejects arrive separately; the report reads in line order.
      rejections.sort((a, b) => a.row - b.row);
      const rejectedRows = new Set(rejections.map((r) => r.row)).size;

      const cancelled = await db.transaction().execute(async (tx) => {
        const current = await tx
          .selectFrom('imports')
          .select(['cancel_requested', 'bytes_done'])
          .where('id', '=', importId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (current.cancel_requested) return true;
        const earlier = await duplicatesFromEarlierBatches(tx, dataset, importId, [
          ...byKey.keys(),
        ]);
        await upsertRows(tx, dataset, [...byKey.values()], importId);
        const { next } = await tx
          .selectFrom('import_rejections')
          .select(sql<number>`coalesce(max(seq) + 1, 0)::int`.as('next'))
          .where('import_id', '=', importId)
          .executeTakeFirstOrThrow();
        await insertRejections(tx, importId, rejections, next);
        await tx
          .updateTable('imports')
          .set((eb) => ({
            bytes_done: batch.endOffset,
            line_done: batch.endLine,
            rows_done: eb('rows_done', '+', batch.records.length + batch.rejects.length),
            accepted: eb('accepted', '+', valid),
            rejected: eb('rejected', '+', rejectedRows),
            duplicates: eb('duplicates', '+', duplicatesInBatch + earlier),
            batches: eb('batches', '+', 1),
            headers: JSON.stringify(batch.headers),
          }))
          .where('id', '=', importId)
          .execute();
        return false;
      });
      if (cancelled) return cancel(importId, dataset, row.on_cancel === 'rollback');
      // Embedded PGlite answers through microtasks only, so without this the loop would keep the
      // event loop from ever reaching network I/O: the API would not answer during an import.
      await setImmediate();
    }
    await db
      .updateTable('imports')
      .set({ status: 'succeeded', finished_at: new Date() })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .execute();
  }

  async function cancel(importId: string, dataset: Dataset, rollback: boolean) {
    await db.transaction().execute(async (tx) => {
      if (rollback) await deleteRowsOfImport(tx, dataset, importId);
      await tx
        .updateTable('imports')
        .set({
          status: 'cancelled',
          finished_at: new Date(),
          error: rollback
            ? 'Cancelled; rows written by this import were removed'
            : 'Cancelled; batches written before the cancel were kept',
        })
        .where('id', '=', importId)
        .execute();
    });
  }
}

/** Keys of this batch that an earlier batch of the same import already wrote (last wins). */
async function duplicatesFromEarlierBatches(
  tx: Transaction<Database>,
  dataset: Dataset,
  importId: string,
  keys: string[],
): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.id(datasetTable(dataset))}
    where _import_id = ${importId}::uuid and ${sql.id(dataset.key)}::text = any(${keys}::text[])`.execute(
    tx,
  );
  return result.rows[0]?.n ?? 0;
}
