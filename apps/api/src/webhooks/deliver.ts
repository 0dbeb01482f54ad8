import type { HttpClient } from '@intake/http-client';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { findDelivery, recordAttempt } from '../db/repos/webhooks.js';
import type { Database } from '../db/types.js';
import type { JobContext } from '../jobs/queue.js';
import { assertPublicUrl } from './address-guard.js';
import type { DeliveryJob } from './webhooks-service.js';

/**
 * The job that sends one webhook delivery: signed the Standard Webhooks way (webhook-id is the
 * delivery id, so receivers can drop duplicates), one HTTP attempt per job run. A non-2xx answer
 * or no answer throws, and the queue retries with exponential backoff; every attempt is
 * recorded with its status, latency and the start of the answer.
 */
export function webhookDeliverer(deps: {
  db: Kysely<Database>;
  http: HttpClient;
  allowPrivate: boolean;
}) {
  return async (job: JobContext<DeliveryJob>): Promise<void> => {
    const delivery = await findDelivery(deps.db, job.data.deliveryId);
    if (delivery?.status !== 'pending') return;
    const last = job.attempt >= job.maxAttempts;
    const started = performance.now();
    let outcome: { httpStatus: number | null; error: string | null; snippet: string | null };
    try {
      await assertPublicUrl(delivery.url, { allowPrivate: deps.allowPrivate });
      const at = new Date();
      const res = await deps.http.post(delivery.url, {
        body: delivery.payload,
        headers: {
          'content-type': 'application/json',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(delivery.secret).sign(delivery.id, at, delivery.payload),
        },
        throwHttpErrors: false,
        retry: false,
      });
      outcome = {
        httpStatus: res.status,
        error: res.ok ? null : `receiver answered ${res.status}`,
        snippet: res.body.subarray(0, 500).toString('utf8') || null,
      };
    } catch (error) {
      outcome = {
        httpStatus: null,
        error: error instanceof Error ? error.message : String(error),
        snippet: null,
      };
    }
    const ok = outcome.error === null;
    await recordAttempt(deps.db, delivery.id, {
      status: ok ? 'succeeded' : last ? 'failed' : 'pending',
      httpStatus: outcome.httpStatus,
      latencyMs: Math.round(performance.now() - started),
      error: outcome.error,
      snippet: outcome.snippet,
    });
    if (!ok && !last) throw new Error(outcome.error ?? 'delivery failed');
  };
}
