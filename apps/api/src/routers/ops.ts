import { dashboardInput, dashboardOutput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure } from '../trpc/init.js';

/**
 * Operator views (the Health page), for the instance's administrators: figures of every
 * workspace's traffic together. Every procedure of the feature lives here.
 */
export const opsRouter = {
  dashboard: adminProcedure
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/ops/dashboard',
        tags: ['ops'],
        summary:
          'Latency P50/P90/P99, 4xx/5xx rates and QPS over 5/15/60 min, overall and per procedure; import queue and throughput; alerts',
      },
    })
    .input(dashboardInput)
    .output(dashboardOutput)
    .query(({ ctx, input }) => ctx.services.health.dashboard(input)),
} satisfies TRPCRouterRecord;
