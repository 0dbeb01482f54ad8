import { datasetRowsInput, datasetRowsOutput, datasetsListOutput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { workspaceProcedure } from '../trpc/init.js';

export const datasetsRouter = {
  list: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/datasets',
        tags: ['datasets'],
        summary: 'Datasets with their columns and row counts',
      },
    })
    .input(z.void())
    .output(datasetsListOutput)
    .query(({ ctx }) => ctx.services.datasets.list(ctx.auth.workspaceId)),

  rows: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/datasets/{dataset}/rows',
        tags: ['datasets'],
        summary:
          'Rows of a dataset in key order (keyset paging), optionally filtered by a search text',
      },
    })
    .input(datasetRowsInput)
    .output(datasetRowsOutput)
    .query(({ ctx, input }) => ctx.services.datasets.rows(ctx.auth.workspaceId, input)),
} satisfies TRPCRouterRecord;
