import { auditListInput, auditListOutput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure } from '../trpc/init.js';

/** The audit log, for the instance's administrators. */
export const auditRouter = {
  list: adminProcedure
    .input(auditListInput)
    .output(auditListOutput)
    .query(({ ctx, input }) => ctx.services.audit.list(input)),
} satisfies TRPCRouterRecord;
