import {
  createFromRowsInput,
  createFromRowsOutput,
  createFromUploadInput,
  importDetail,
  importSummary,
  importsGetInput,
  importsListInput,
  importsListOutput,
} from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { auditAs } from '../trpc/context.js';
import { workspaceProcedure } from '../trpc/init.js';

export const importsRouter = {
  createFromRows: workspaceProcedure('member')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/import',
        tags: ['imports'],
        summary: 'Import JSON rows into a dataset',
        description:
          'Validates every row; valid rows are upserted by key, the rest are returned with a message per field. All or nothing per request.',
      },
    })
    .input(createFromRowsInput)
    .output(createFromRowsOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.imports.createFromRows(
        ctx.auth.workspaceId,
        input,
        ctx.requestId,
      );
      await auditAs(ctx, 'import.started', result.importId, {
        dataset: input.dataset,
        source: 'rows',
        rows: input.rows.length,
      });
      return result;
    }),

  list: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/imports',
        tags: ['imports'],
        summary: 'Imports, newest first',
      },
    })
    .input(importsListInput)
    .output(importsListOutput)
    .query(({ ctx, input }) => ctx.services.imports.list(ctx.auth.workspaceId, input)),

  get: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/imports/{id}',
        tags: ['imports'],
        summary: 'One import with its rejected rows',
      },
    })
    .input(importsGetInput)
    .output(importDetail)
    .query(({ ctx, input }) => ctx.services.imports.get(ctx.auth.workspaceId, input.id)),

  createFromUpload: workspaceProcedure('member')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/imports/from-upload',
        tags: ['imports'],
        summary: 'Import an uploaded CSV/TSV file in the background',
        description:
          'Queues a job that streams the file into the dataset in batches. Without a mapping the proposed one (uploads.preview) is used. Poll imports.get for progress.',
      },
    })
    .input(createFromUploadInput)
    .output(importSummary)
    .mutation(async ({ ctx, input }) => {
      const summary = await ctx.services.fileImports.createFromUpload(
        ctx.auth.workspaceId,
        input,
        ctx.requestId,
      );
      await auditAs(ctx, 'import.started', summary.id, {
        dataset: input.dataset,
        source: 'upload',
        uploadId: input.uploadId,
      });
      return summary;
    }),

  cancel: workspaceProcedure('member')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/imports/{id}/cancel',
        tags: ['imports'],
        summary: 'Stop a queued or running file import at its next batch',
      },
    })
    .input(importsGetInput)
    .output(importSummary)
    .mutation(async ({ ctx, input }) => {
      const { summary, rollback } = await ctx.services.fileImports.cancel(
        ctx.auth.workspaceId,
        input.id,
      );
      // A rollback deletes every row the import wrote: recorded as who asked for it.
      if (rollback) await auditAs(ctx, 'rows.deleted', summary.id, { dataset: summary.dataset });
      return summary;
    }),

  /** Live progress over SSE (httpSubscriptionLink): the summary each time it changes, until the end. */
  onProgress: workspaceProcedure('viewer')
    .input(importsGetInput)
    .subscription(({ ctx, input, signal }) =>
      ctx.services.fileImports.watch(ctx.auth.workspaceId, input.id, signal),
    ),
} satisfies TRPCRouterRecord;
