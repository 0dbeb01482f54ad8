import { setTimeout as sleep } from 'node:timers/promises';
import { readHeader, sampleCsv } from '@intake/csv';
import {
  type CreateFromUploadInput,
  checkRow,
  createFromUploadInput,
  getDataset,
  type ImportSummary,
  type Rejection,
  type UploadPreview,
} from '@intake/schema';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { findImport } from '../db/repos/imports.js';
import type { Database } from '../db/types.js';
import { IntakeError, NotFoundError } from '../errors.js';
import { mappingFrom, mappingProblems, proposeMapping } from '../imports/column-mapping.js';
import type { FileImportJob } from '../imports/file-import-job.js';
import type { JobQueue } from '../jobs/queue.js';
import type { UploadStore } from '../uploads/upload-store.js';
import type { UploadVerifier } from '../uploads/upload-verifier.js';

const DELIMITERS: Record<string, string> = { tsv: '\t' };
/** How long starting an import waits for its upload's checksums (5 GB take ~8 s here). */
const VERIFY_WAIT_MS = 60_000;

/** Imports of uploaded files: preview and mapping proposal, start, cancel, resume. */
export function createFileImportsService(deps: {
  db: Kysely<Database>;
  uploads: Pick<UploadVerifier, 'settled'>;
  store: Pick<UploadStore, 'read'>;
  queue: JobQueue<FileImportJob>;
}) {
  const { db } = deps;

  /**
   * A complete upload, or the reason it cannot be read. An import needs its checksums verified:
   * it waits up to `verifyWaitMs` for them (about 1.5 s per GB); a preview does not.
   */
  async function importable(workspaceId: string, uploadId: string, verifyWaitMs = 0) {
    let upload = await deps.uploads.settled(uploadId, 0);
    // Another workspace's upload is "not found", not "forbidden": ids are not confirmed.
    if (!upload || upload.workspaceId !== workspaceId) throw new NotFoundError('Upload', uploadId);
    if (upload.status === 'verifying' && verifyWaitMs > 0) {
      upload = (await deps.uploads.settled(uploadId, verifyWaitMs)) ?? upload;
    }
    if (upload.status === 'corrupt') {
      throw new IntakeError(
        'CONFLICT',
        `Upload ${uploadId} does not match its declared checksum; upload the file again`,
      );
    }
    if (upload.status === 'verifying' && verifyWaitMs > 0) {
      throw new IntakeError(
        'CONFLICT',
        `Upload ${uploadId} is still being verified (MD5, SHA-256); try again in a moment`,
      );
    }
    if (!['complete', 'verifying'].includes(upload.status) || upload.isPartial) {
      throw new IntakeError(
        'CONFLICT',
        `Upload ${uploadId} is not complete yet (${upload.offset} of ${upload.length ?? '?'} bytes)`,
      );
    }
    const type = (
      upload.metadata.filetype ??
      upload.metadata.filename?.split('.').pop() ??
      ''
    ).toLowerCase();
    return { upload, delimiter: DELIMITERS[type] };
  }

  return {
    async preview(
      workspaceId: string,
      input: {
        uploadId: string;
        dataset: CreateFromUploadInput['dataset'];
        rows: number;
      },
    ): Promise<UploadPreview> {
      const { delimiter } = await importable(workspaceId, input.uploadId);
      const dataset = getDataset(input.dataset);
      const sample = await sampleCsv(deps.store.read(input.uploadId), {
        rows: input.rows,
        ...(delimiter ? { delimiter } : {}),
      });
      const proposal = proposeMapping(dataset, sample.headers);
      const mapping = mappingFrom(proposal);
      const rejections: Rejection[] = sample.rejects.map((r) => ({
        row: r.line,
        field: '',
        message: r.message,
      }));
      for (const record of sample.records) {
        const raw: Record<string, string> = {};
        for (const [column, header] of Object.entries(mapping)) {
          const index = header === null ? -1 : sample.headers.indexOf(header);
          if (index >= 0) raw[column] = record.values[index] ?? '';
        }
        const check = checkRow(dataset, raw, record.line);
        if (!check.ok) rejections.push(...check.rejections);
      }
      return { headers: [...sample.headers], rows: sample.records, proposal, rejections };
    },

    async createFromUpload(
      workspaceId: string,
      raw: CreateFromUploadInput,
      requestId: string | null,
    ): Promise<ImportSummary> {
      const input = createFromUploadInput.parse(raw);
      const { upload, delimiter: typeDelimiter } = await importable(
        workspaceId,
        input.uploadId,
        VERIFY_WAIT_MS,
      );
      const delimiter = input.options.delimiter ?? typeDelimiter;
      const dataset = getDataset(input.dataset);
      const { headers } = await readHeader(
        deps.store.read(upload.id),
        delimiter ? { delimiter } : {},
      );
      if (headers.length === 0)
        throw new IntakeError('BAD_REQUEST', 'The file is empty: it has no header row');
      const mapping = input.mapping ?? mappingFrom(proposeMapping(dataset, headers));
      const problems = mappingProblems(dataset, headers, mapping);
      if (problems.length > 0) {
        throw new IntakeError(
          'VALIDATION_FAILED',
          `The column mapping does not fit: ${problems.join('; ')}`,
          {
            issues: problems.map((message) => ({ path: 'mapping', message })),
          },
        );
      }
      const id = uuidv7();
      await db
        .insertInto('imports')
        .values({
          id,
          workspace_id: workspaceId,
          dataset: dataset.name,
          source: 'upload',
          status: 'queued',
          accepted: 0,
          rejected: 0,
          request_id: requestId,
          upload_id: upload.id,
          mapping: JSON.stringify(mapping),
          delimiter: delimiter ?? null,
          on_cancel: input.options.onCancel,
          bytes_total: upload.length ?? upload.offset,
        })
        .execute();
      await deps.queue.enqueue(id, { importId: id });
      const created = await findImport(db, id, workspaceId);
      if (!created) throw new NotFoundError('Import', id);
      const { rejections: _none, ...summary } = created;
      return summary;
    },

    /** Stops at the next batch; a queued import is cancelled at once. */
    /** The summary, and whether the cancel deletes the rows written so far (`onCancel: rollback`). */
    async cancel(
      workspaceId: string,
      id: string,
    ): Promise<{ summary: ImportSummary; rollback: boolean }> {
      const updated = await db
        .updateTable('imports')
        .set({ cancel_requested: true })
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .where('status', 'in', ['queued', 'running'])
        .returning('on_cancel')
        .executeTakeFirst();
      if (!updated) {
        const found = await findImport(db, id, workspaceId);
        if (!found) throw new NotFoundError('Import', id);
        throw new IntakeError(
          'CONFLICT',
          `Import ${id} is ${found.status}; only queued or running imports can be cancelled`,
        );
      }
      const found = await findImport(db, id, workspaceId);
      if (!found) throw new NotFoundError('Import', id);
      const { rejections: _none, ...summary } = found;
      return { summary, rollback: updated.on_cancel === 'rollback' };
    },

    /**
     * The import as it changes: the current state at once, then each change (polled from the
     * database, so it works whichever process runs the job), ending when the import ends.
     */
    async *watch(
      workspaceId: string,
      id: string,
      signal: AbortSignal | undefined,
      everyMs = 500,
    ): AsyncGenerator<ImportSummary> {
      let last = '';
      while (!signal?.aborted) {
        const found = await findImport(db, id, workspaceId);
        if (!found) throw new NotFoundError('Import', id);
        const { rejections: _none, ...summary } = found;
        const seen = JSON.stringify({
          ...summary,
          progress: summary.progress && { ...summary.progress, etaSeconds: null, rowsPerSecond: 0 },
        });
        if (seen !== last) {
          last = seen;
          yield summary;
        }
        if (!['queued', 'running'].includes(summary.status)) return;
        await sleep(everyMs, undefined, signal ? { signal } : {}).catch(() => undefined);
      }
    },

    /** Queues again every file import a stop left queued or running (they resume at their checkpoint). */
    async resumeUnfinished(): Promise<number> {
      const rows = await db
        .selectFrom('imports')
        .select('id')
        .where('source', '=', 'upload')
        .where('status', 'in', ['queued', 'running'])
        .execute();
      for (const r of rows) await deps.queue.enqueue(r.id, { importId: r.id });
      return rows.length;
    },
  };
}

export type FileImportsService = ReturnType<typeof createFileImportsService>;
