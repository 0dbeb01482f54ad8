import { setImmediate } from 'node:timers/promises';
import { type Dataset, type DatasetName, getDataset } from '@intake/schema';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.js';
import { datasetGroup } from '../cache/keys.js';
import type { CopyRows } from '../db/copy-rows.js';
import { copyRowsInto, countExistingKeys, deleteRowsOfImport } from '../db/repos/dataset-rows.js';
import { insertRejections } from '../db/repos/imports.js';
import type { Database } from '../db/types.js';
import { type JobContext, JobInterrupted } from '../jobs/queue.js';
import type { UploadStore } from '../uploads/upload-store.js';
import { keyList, type PreparedBatch } from './prepare-batch.js';
import { preparedBatches } from './prepared-batches.js';

export interface FileImportJob {
  importId: string;
}

/**
 * Runs one file import: streams the uploaded file through the CSV reader in batches, maps and
 * validates each row, and commits each batch in ONE transaction together with its checkpoint
 * (byte offset and line after the batch). A process killed at any moment resumes from the last
 * checkpoint: every batch is written exactly once, so counts stay exact.
 */
export function fileImportRunner(deps: {
  db: Kysely<Database>;
  /** The database handle's COPY, used for the rows of each batch. */
  copyRows: CopyRows;
  store: Pick<UploadStore, 'read'>;
  batchSize: number;
  log: Logger;
  /** Each committed batch (and a rollback) invalidates the dataset's cached pages and count. */
  cache: Pick<Cache, 'invalidate'>;
}) {
  const { db } = deps;
  return async (job: JobContext<FileImportJob>): Promise<void> => {
    try {
      await run(job.data.importId, job.signal);
    } catch (error) {
      if (error instanceof JobInterrupted) {
        deps.log.info({ importId: job.data.importId }, error.message);
        throw error;
      }
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

  async function run(importId: string, signal: AbortSignal): Promise<void> {
    const row = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!row || !['queued', 'running'].includes(row.status) || !row.upload_id || !row.mapping)
      return;
    const dataset = getDataset(row.dataset as DatasetName);
    if (row.cancel_requested)
      return cancel(importId, row.workspace_id, dataset, row.on_cancel === 'rollback');
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
    const batches = preparedBatches(source, {
      dataset: row.dataset as DatasetName,
      mapping,
      target: { workspaceId: row.workspace_id, importId },
      csv: {
        batchSize: deps.batchSize,
        ...(row.delimiter ? { delimiter: row.delimiter } : {}),
        ...(resuming
          ? {
              startOffset,
              startLine: row.line_done,
              ...(storedHeaders ? { headers: storedHeaders } : {}),
            }
          : {}),
      },
    });

    // Batch N+1 is prepared on the worker while batch N's transaction runs: one transaction at
    // a time, in file order, so checkpoints still advance one batch at a time.
    let writing: Promise<boolean> | undefined;
    const writes = { mayConflict: false };
    for await (const prepared of batches) {
      if (writing && (await writing))
        return cancel(importId, row.workspace_id, dataset, row.on_cancel === 'rollback');
      // Stopping (SIGTERM): every batch so far is committed with its checkpoint; end here and
      // let the next run resume from it instead of holding the shutdown for the whole file.
      if (signal.aborted)
        throw new JobInterrupted('file import stopped after a committed batch; it resumes there');
      writing = writeBatch(importId, row.workspace_id, dataset, prepared, writes);
      // Awaited above or below; this only keeps a failure meanwhile from counting as unhandled.
      writing.catch(() => undefined);
      // Embedded PGlite answers through microtasks only, so without this the loop would keep the
      // event loop from ever reaching network I/O while the worker has batches waiting.
      await setImmediate();
    }
    if (writing && (await writing))
      return cancel(importId, row.workspace_id, dataset, row.on_cancel === 'rollback');
    await db
      .updateTable('imports')
      .set({ status: 'succeeded', finished_at: new Date() })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .execute();
  }

  /**
   * Writes one batch and its checkpoint in ONE transaction: after a crash either both are there
   * or neither, so the resumed import starts right after the last written batch. Returns true
   * when a cancel was requested (nothing written then).
   *
   * While batches meet no existing key, each is COPYed straight into the dataset table without
   * looking its keys up first: the unique index is the check. The first batch that hits a key
   * (a re-import, or another writer) rolls back whole and is written again through the key
   * lookup and staging + upsert, as is every later batch of this run (`run.mayConflict`).
   * bench/import: the lookup was about half the database's work per batch on a first import.
   */
  async function writeBatch(
    importId: string,
    workspaceId: string,
    dataset: Dataset,
    prepared: PreparedBatch,
    run: { mayConflict: boolean },
  ) {
    if (!run.mayConflict) {
      try {
        return await writeBatchOnce(importId, workspaceId, dataset, prepared, 'new-keys');
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        run.mayConflict = true;
      }
    }
    return writeBatchOnce(importId, workspaceId, dataset, prepared, 'upsert');
  }

  async function writeBatchOnce(
    importId: string,
    workspaceId: string,
    dataset: Dataset,
    prepared: PreparedBatch,
    mode: 'new-keys' | 'upsert',
  ) {
    const { rejections } = prepared;
    const cancelled = await db.transaction().execute(async (tx) => {
      // The batch and its checkpoint commit together, so after a database crash both are there
      // or neither and the job resumes from the checkpoint: waiting for the WAL flush of each
      // batch buys nothing (bench/import: ~0.5 s of 3.3 per 1M rows). The final status update
      // commits synchronously, which flushes every batch before "succeeded" is visible.
      await sql`select set_config('synchronous_commit', 'off', true)`.execute(tx);
      const current = await tx
        .selectFrom('imports')
        .select(['cancel_requested'])
        .where('id', '=', importId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (current.cancel_requested) return true;
      const known =
        mode === 'new-keys'
          ? { existing: 0, fromImport: 0 }
          : await countExistingKeys(tx, dataset, workspaceId, importId, keyList(prepared));
      if (prepared.keyCount > 0) {
        await copyRowsInto(tx, deps.copyRows, dataset, prepared.copy, {
          allNew: known.existing === 0,
        });
      }
      if (rejections.length > 0) {
        const { next } = await tx
          .selectFrom('import_rejections')
          .select(sql<number>`coalesce(max(seq) + 1, 0)::int`.as('next'))
          .where('import_id', '=', importId)
          .executeTakeFirstOrThrow();
        await insertRejections(tx, importId, rejections, next);
      }
      await tx
        .updateTable('imports')
        .set((eb) => ({
          bytes_done: prepared.endOffset,
          line_done: prepared.endLine,
          rows_done: eb('rows_done', '+', prepared.lines),
          accepted: eb('accepted', '+', prepared.valid),
          rejected: eb('rejected', '+', prepared.rejectedRows),
          duplicates: eb('duplicates', '+', prepared.duplicatesInBatch + known.fromImport),
          batches: eb('batches', '+', 1),
          headers: JSON.stringify(prepared.headers),
        }))
        .where('id', '=', importId)
        .execute();
      return false;
    });
    // After the commit: readers then load the rows this batch wrote, never what was before.
    if (!cancelled) await deps.cache.invalidate(workspaceId, datasetGroup(dataset.name));
    return cancelled;
  }

  async function cancel(
    importId: string,
    workspaceId: string,
    dataset: Dataset,
    rollback: boolean,
  ) {
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
    if (rollback) await deps.cache.invalidate(workspaceId, datasetGroup(dataset.name));
  }
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), from pg, pg-copy-streams or PGlite. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
