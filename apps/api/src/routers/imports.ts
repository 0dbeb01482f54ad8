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
import { publicProcedure } from '../trpc/init.js';

export const importsRouter = {
  createFromRows: publicProcedure
    .meta({
      openapi: {
        protect: false,
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
    .mutation(({ ctx, input }) => ctx.services.imports.createFromRows(input, ctx.requestId)),

  list: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'GET',
        path: '/imports',
        tags: ['imports'],
        summary: 'Imports, newest first',
      },
    })
    .input(importsListInput)
    .output(importsListOutput)
    .query(({ ctx, input }) => ctx.services.imports.list(input)),

  get: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'GET',
        path: '/imports/{id}',
        tags: ['imports'],
        summary: 'One import with its rejected rows',
      },
    })
    .input(importsGetInput)
    .output(importDetail)
    .query(({ ctx, input }) => ctx.services.imports.get(input.id)),

  createFromUpload: publicProcedure
    .meta({
      openapi: {
        protect: false,
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
    .mutation(({ ctx, input }) => ctx.services.fileImports.createFromUpload(input, ctx.requestId)),

  cancel: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'POST',
        path: '/imports/{id}/cancel',
        tags: ['imports'],
        summary: 'Stop a queued or running file import at its next batch',
      },
    })
    .input(importsGetInput)
    .output(importSummary)
    .mutation(({ ctx, input }) => ctx.services.fileImports.cancel(input.id)),

  /** Live progress over SSE (httpSubscriptionLink): the summary each time it changes, until the end. */
  onProgress: publicProcedure
    .input(importsGetInput)
    .subscription(({ ctx, input, signal }) => ctx.services.fileImports.watch(input.id, signal)),
} satisfies TRPCRouterRecord;
