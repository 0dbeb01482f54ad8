import { charge, chargesGetInput, createChargeInput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { auditAs } from '../trpc/context.js';
import { workspaceProcedure } from '../trpc/init.js';

export const paymentsRouter = {
  createCharge: workspaceProcedure('member')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/payments/charges',
        tags: ['payments'],
        summary: 'Charge an order through the payment provider',
        description:
          'Returns the stored charge with the provider’s paymentUrl. Safe to retry: the same order, amount and currency never make a second charge.',
      },
    })
    .input(createChargeInput)
    .output(charge)
    .mutation(async ({ ctx, input }) => {
      const charge = await ctx.services.payments.createCharge(
        ctx.auth.workspaceId,
        input,
        ctx.requestId,
      );
      await auditAs(ctx, 'charge.created', charge.id, {
        orderId: input.orderId,
        amount: input.amount,
        currency: input.currency,
      });
      return charge;
    }),

  getCharge: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/payments/charges/{id}',
        tags: ['payments'],
        summary: 'One charge',
      },
    })
    .input(chargesGetInput)
    .output(charge)
    .query(({ ctx, input }) => ctx.services.payments.get(ctx.auth.workspaceId, input.id)),
} satisfies TRPCRouterRecord;
