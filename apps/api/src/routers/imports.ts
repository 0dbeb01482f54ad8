import {
  createFromRowsInput,
  createFromRowsOutput,
  importDetail,
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
} satisfies TRPCRouterRecord;
