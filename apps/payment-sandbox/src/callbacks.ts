import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Charge } from './charges.js';

export interface Delivery {
  url: string;
  status: number | null;
  error?: string;
}

/**
 * Tells the merchant a charge settled: a POST signed the Standard Webhooks way
 * (webhook-id, webhook-timestamp, webhook-signature = v1,base64(HMAC-SHA256(id.timestamp.body))).
 */
export async function sendCallback(
  charge: Charge,
  secret: string,
  at: Date = new Date(),
): Promise<Delivery | undefined> {
  if (!charge.callbackUrl) return undefined;
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify({
    type: `charge.${charge.status}`,
    data: {
      chargeId: charge.id,
      orderId: charge.orderId,
      status: charge.status,
      amount: charge.amount,
      currency: charge.currency,
    },
  });
  const signature = new Webhook(secret).sign(id, at, body);
  try {
    const res = await fetch(charge.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return { url: charge.callbackUrl, status: res.status };
  } catch (error) {
    return { url: charge.callbackUrl, status: null, error: (error as Error).message };
  }
}
