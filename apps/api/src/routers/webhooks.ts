import {
  createdWebhookEndpoint,
  createWebhookEndpointInput,
  webhookDeliveriesInput,
  webhookDelivery,
  webhookDeliveryId,
  webhookEndpoint,
  webhookEndpointId,
} from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure } from '../trpc/init.js';

const tags = ['webhooks'];

export const webhooksRouter = {
  createEndpoint: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'POST',
        path: '/webhooks/endpoints',
        tags,
        summary: 'Register a webhook endpoint; the signing secret is returned once',
      },
    })
    .input(createWebhookEndpointInput)
    .output(createdWebhookEndpoint)
    .mutation(({ ctx, input }) => ctx.services.webhooks.createEndpoint(input)),

  listEndpoints: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'GET',
        path: '/webhooks/endpoints',
        tags,
        summary: 'Webhook endpoints',
      },
    })
    .input(z.void())
    .output(z.object({ items: z.array(webhookEndpoint) }))
    .query(({ ctx }) => ctx.services.webhooks.listEndpoints()),

  deleteEndpoint: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'DELETE',
        path: '/webhooks/endpoints/{id}',
        tags,
        summary: 'Remove an endpoint',
      },
    })
    .input(webhookEndpointId)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.webhooks.deleteEndpoint(input.id);
      return { id: input.id };
    }),

  listDeliveries: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'GET',
        path: '/webhooks/deliveries',
        tags,
        summary: 'Deliveries, newest first, with their last attempt',
      },
    })
    .input(webhookDeliveriesInput)
    .output(z.object({ items: z.array(webhookDelivery) }))
    .query(({ ctx, input }) => ctx.services.webhooks.listDeliveries(input)),

  redeliver: publicProcedure
    .meta({
      openapi: {
        protect: false,
        method: 'POST',
        path: '/webhooks/deliveries/{id}/redeliver',
        tags,
        summary: 'Send a delivery again',
      },
    })
    .input(webhookDeliveryId)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.webhooks.redeliver(input.id);
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
