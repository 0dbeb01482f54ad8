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
import { auditAs } from '../trpc/context.js';
import { workspaceProcedure } from '../trpc/init.js';

const tags = ['webhooks'];

export const webhooksRouter = {
  createEndpoint: workspaceProcedure('owner')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/webhooks/endpoints',
        tags,
        summary: 'Register a webhook endpoint; the signing secret is returned once',
      },
    })
    .input(createWebhookEndpointInput)
    .output(createdWebhookEndpoint)
    .mutation(async ({ ctx, input }) => {
      const endpoint = await ctx.services.webhooks.createEndpoint(ctx.auth.workspaceId, input);
      await auditAs(ctx, 'webhook.endpoint_created', endpoint.id, {
        url: endpoint.url,
        events: endpoint.events.join(' '),
      });
      return endpoint;
    }),

  listEndpoints: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/webhooks/endpoints',
        tags,
        summary: 'Webhook endpoints',
      },
    })
    .input(z.void())
    .output(z.object({ items: z.array(webhookEndpoint) }))
    .query(({ ctx }) => ctx.services.webhooks.listEndpoints(ctx.auth.workspaceId)),

  deleteEndpoint: workspaceProcedure('owner')
    .meta({
      openapi: {
        protect: true,
        method: 'DELETE',
        path: '/webhooks/endpoints/{id}',
        tags,
        summary: 'Remove an endpoint',
      },
    })
    .input(webhookEndpointId)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.webhooks.deleteEndpoint(ctx.auth.workspaceId, input.id);
      await auditAs(ctx, 'webhook.endpoint_deleted', input.id);
      return { id: input.id };
    }),

  listDeliveries: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/webhooks/deliveries',
        tags,
        summary: 'Deliveries, newest first, with their last attempt',
      },
    })
    .input(webhookDeliveriesInput)
    .output(z.object({ items: z.array(webhookDelivery) }))
    .query(({ ctx, input }) => ctx.services.webhooks.listDeliveries(ctx.auth.workspaceId, input)),

  redeliver: workspaceProcedure('member')
    .meta({
      openapi: {
        protect: true,
        method: 'POST',
        path: '/webhooks/deliveries/{id}/redeliver',
        tags,
        summary: 'Send a delivery again',
      },
    })
    .input(webhookDeliveryId)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.webhooks.redeliver(ctx.auth.workspaceId, input.id);
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
