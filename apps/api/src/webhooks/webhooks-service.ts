import { randomBytes } from 'node:crypto';
import type {
  CreateWebhookEndpointInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from '@intake/schema';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  deleteEndpoint,
  findDelivery,
  insertDeliveries,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  pendingDeliveries,
  restartDelivery,
  toEndpoint,
} from '../db/repos/webhooks.js';
import type { Database } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import type { JobQueue } from '../jobs/queue.js';
import { assertPublicUrl } from './address-guard.js';

export interface DeliveryJob {
  deliveryId: string;
}

/** Each delivery round is its own job, so a manual re-send is never mistaken for a duplicate. */
const jobId = (deliveryId: string, round: number) => `${deliveryId}.${round}`;

export function createWebhooksService(deps: {
  db: Kysely<Database>;
  queue: JobQueue<DeliveryJob>;
  allowPrivate: boolean;
}) {
  const { db, queue } = deps;
  return {
    async createEndpoint(
      workspaceId: string,
      input: CreateWebhookEndpointInput,
    ): Promise<WebhookEndpoint & { secret: string }> {
      await assertPublicUrl(input.url, { allowPrivate: deps.allowPrivate });
      const secret = `whsec_${randomBytes(24).toString('base64')}`;
      const endpoint = await insertEndpoint(db, {
        id: uuidv7(),
        workspace_id: workspaceId,
        url: input.url,
        secret,
        events: [...new Set(input.events)],
        description: input.description ?? null,
      });
      return { ...endpoint, secret };
    },

    async listEndpoints(workspaceId: string): Promise<{ items: WebhookEndpoint[] }> {
      return { items: (await listEndpoints(db, workspaceId)).map(toEndpoint) };
    },

    async deleteEndpoint(workspaceId: string, id: string): Promise<void> {
      if (!(await deleteEndpoint(db, workspaceId, id)))
        throw new NotFoundError('Webhook endpoint', id);
    },

    async listDeliveries(
      workspaceId: string,
      opts: { endpointId?: string | undefined; limit: number },
    ): Promise<{ items: WebhookDelivery[] }> {
      return { items: await listDeliveries(db, workspaceId, opts) };
    },

    async redeliver(workspaceId: string, id: string): Promise<void> {
      const found = await findDelivery(db, id);
      if (found?.workspace_id !== workspaceId) throw new NotFoundError('Webhook delivery', id);
      const round = await restartDelivery(db, id);
      if (round === undefined) throw new NotFoundError('Webhook delivery', id);
      await queue.enqueue(jobId(id, round), { deliveryId: id });
    },

    /**
     * Records one delivery per subscribed endpoint, then queues them. Called after the work the
     * event tells of has committed; the rows are the durable record, so deliveries still pending
     * after a restart are queued again by `resumePending`.
     */
    async emit(
      event: WebhookEvent,
      data: Record<string, unknown>,
      workspaceId: string,
    ): Promise<void> {
      const endpoints = await listEndpoints(db, workspaceId, event);
      if (endpoints.length === 0) return;
      const payload = JSON.stringify({ type: event, timestamp: new Date().toISOString(), data });
      const rows = endpoints.map((e) => ({ id: uuidv7(), endpoint_id: e.id, event, payload }));
      await insertDeliveries(db, rows);
      for (const row of rows) await queue.enqueue(jobId(row.id, 0), { deliveryId: row.id });
    },

    async resumePending(): Promise<number> {
      const pending = await pendingDeliveries(db);
      for (const d of pending) await queue.enqueue(jobId(d.id, d.round), { deliveryId: d.id });
      return pending.length;
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
