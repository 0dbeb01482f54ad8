import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const createChargeBody = z.object({
  merchantId: z.string().min(1),
  orderId: z.string().min(1).max(64),
  amount: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount must be a decimal string like "12.50"'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code'),
  callbackUrl: z.url().optional(),
});
export type CreateChargeBody = z.infer<typeof createChargeBody>;

export type ChargeStatus = 'pending' | 'succeeded' | 'failed';

export interface Charge extends CreateChargeBody {
  id: string;
  status: ChargeStatus;
  paymentUrl: string;
  createdAt: string;
}

export type CreateOutcome =
  | { kind: 'created'; charge: Charge }
  | { kind: 'replayed'; charge: Charge }
  | { kind: 'key-reused' };

/**
 * The provider's ledger. An idempotency key binds to the first request body it came with: the
 * same key and body replay the first answer (so a retried call never charges twice), the same
 * key with another body is refused.
 */
export class ChargeBook {
  readonly #charges = new Map<string, Charge>();
  readonly #byKey = new Map<string, { fingerprint: string; chargeId: string }>();
  #created = 0;

  create(body: CreateChargeBody, idempotencyKey: string, payBaseUrl: string): CreateOutcome {
    const fingerprint = JSON.stringify(body);
    const seen = this.#byKey.get(idempotencyKey);
    if (seen) {
      const charge = this.#charges.get(seen.chargeId);
      return seen.fingerprint === fingerprint && charge
        ? { kind: 'replayed', charge }
        : { kind: 'key-reused' };
    }
    const id = `ch_${randomUUID().replaceAll('-', '')}`;
    const charge: Charge = {
      ...body,
      id,
      status: 'pending',
      paymentUrl: `${payBaseUrl}/pay/${id}`,
      createdAt: new Date().toISOString(),
    };
    this.#charges.set(id, charge);
    this.#byKey.set(idempotencyKey, { fingerprint, chargeId: id });
    this.#created += 1;
    return { kind: 'created', charge };
  }

  get(id: string): Charge | undefined {
    return this.#charges.get(id);
  }

  list(): Charge[] {
    return [...this.#charges.values()];
  }

  settle(id: string, status: Exclude<ChargeStatus, 'pending'>): Charge | undefined {
    const charge = this.#charges.get(id);
    if (charge) charge.status = status;
    return charge;
  }

  /** Charges actually created: what "never charge twice" is measured by. */
  get createdCount(): number {
    return this.#created;
  }
}
