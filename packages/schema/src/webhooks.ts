import { z } from 'zod';

/** Events a webhook endpoint can subscribe to. */
export const webhookEvents = [
  'import.succeeded',
  'import.failed',
  // Health alerts (ops.dashboard): a rule started firing, or stopped.
  'alert.firing',
  'alert.resolved',
] as const;
export const webhookEvent = z.enum(webhookEvents, {
  error: `must be one of ${webhookEvents.join(', ')}`,
});
export type WebhookEvent = z.infer<typeof webhookEvent>;

export const createWebhookEndpointInput = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  events: z.array(webhookEvent).min(1, { error: 'subscribe to at least one event' }),
  description: z.string().trim().max(200).optional(),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;

export const webhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(webhookEvent),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

/** The signing secret is shown once, when the endpoint is created. */
export const createdWebhookEndpoint = webhookEndpoint.extend({ secret: z.string() });

export const deliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

export const webhookDelivery = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  event: webhookEvent,
  status: deliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** HTTP status of the last attempt, null when it got no answer. */
  lastStatus: z.number().int().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** Start of the receiver's last answer, for debugging. */
  responseSnippet: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookEndpointId = z.object({
  id: z.uuid({ error: 'must be an endpoint id (UUID)' }),
});
export const webhookDeliveriesInput = z.object({
  endpointId: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export const webhookDeliveryId = z.object({
  id: z.uuid({ error: 'must be a delivery id (UUID)' }),
});
