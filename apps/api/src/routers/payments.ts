import { charge, chargesGetInput, createChargeInput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { publicProcedure } from '../trpc/init.js';

export const paymentsRouter = {
  createCharge: publicProcedure
    .meta({
      openapi: {
        protect: false,
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
    .mutation(({ ctx, input }) => ctx.services.payments.createCharge(input, ctx.requestId)),

  getCharge: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'GET',
        path: '/payments/charges/{id}',
        tags: ['payments'],
        summary: 'One charge',
      },
    })
    .input(chargesGetInput)
    .output(charge)
    .query(({ ctx, input }) => ctx.services.payments.get(input.id)),
} satisfies TRPCRouterRecord;
