import type { FastifyInstance } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { sendError } from '../http/error-handler.js';
import type { PaymentsService } from './payments-service.js';

const chargeEvent = z.object({
  type: z.enum(['charge.succeeded', 'charge.failed']),
  data: z.object({ chargeId: z.string().min(1), status: z.enum(['succeeded', 'failed']) }),
});

/**
 * `POST /api/webhooks/payments`: the provider's callback. Signed the Standard Webhooks way
 * (HMAC-SHA256 over id.timestamp.body); a bad signature or a timestamp outside the tolerance
 * (5 minutes) is refused with 401, a replayed id with 409, before anything changes.
 */
export async function paymentWebhookRoute(
  app: FastifyInstance,
  opts: { secret: string | undefined; payments: PaymentsService },
) {
  // The signature covers the exact bytes sent: keep the body as text.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/webhooks/payments', async (req, reply) => {
    if (!opts.secret) {
      return sendError(reply, req, {
        code: 'UNAVAILABLE',
        status: 503,
        message: 'Payment callbacks are not configured (PAYMENT_CALLBACK_SECRET)',
      });
    }
    const body = typeof req.body === 'string' ? req.body : '';
    let payload: unknown;
    try {
      payload = new Webhook(opts.secret).verify(body, {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      });
    } catch (error) {
      const message =
        error instanceof WebhookVerificationError ? error.message : 'Invalid signature';
      return sendError(reply, req, {
        code: 'UNAUTHORIZED',
        status: 401,
        message: `Callback refused: ${message}`,
      });
    }
    const event = chargeEvent.safeParse(payload);
    if (!event.success) {
      return sendError(reply, req, {
        code: 'VALIDATION_FAILED',
        status: 400,
        message: 'Callback body is not a charge event',
      });
    }
    const outcome = await opts.payments.applyCallback({
      id: String(req.headers['webhook-id']),
      ...event.data,
    });
    if (outcome === 'replayed') {
      return sendError(reply, req, {
        code: 'CONFLICT',
        status: 409,
        message: 'This callback was already applied',
      });
    }
    if (outcome === 'unknown-charge') {
      return sendError(reply, req, {
        code: 'NOT_FOUND',
        status: 404,
        message: `Charge ${event.data.data.chargeId} is unknown`,
      });
    }
    return reply.status(204).send();
  });
}
