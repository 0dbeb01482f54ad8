import { createHash } from 'node:crypto';
import { type Charge, type CreateChargeInput, createChargeInput, orders } from '@intake/schema';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Cache } from '../cache/cache.js';
import { datasetGroup } from '../cache/keys.js';
import {
  claimCharge,
  findCharge,
  recordChargeError,
  recordProviderCharge,
  recordReceipt,
  settleByProviderId,
} from '../db/repos/charges.js';
import { findRow, setCell } from '../db/repos/dataset-rows.js';
import type { Database } from '../db/types.js';
import { IntakeError, NotFoundError } from '../errors.js';
import type { PaymentProvider } from './provider-client.js';

export interface ChargeEvent {
  id: string;
  type: string;
  data: { chargeId: string; status: 'succeeded' | 'failed' };
}

/** What a settled charge means for its order. */
const orderStatusFor = { succeeded: 'paid', failed: 'pending' } as const;

export function createPaymentsService(deps: {
  db: Kysely<Database>;
  provider: PaymentProvider | undefined;
  /** Where the provider sends its signed callbacks (…/api/webhooks/payments). */
  callbackUrl: () => string;
  /** A settled charge changes its order's row: cached pages of `orders` are dropped. */
  cache: Pick<Cache, 'invalidate'>;
}) {
  const { db, provider } = deps;
  return {
    /**
     * Charges an order once. The idempotency key is derived from the order and amount, so a
     * retried request (ours after a timeout, or the caller's) reaches the provider with the same
     * key and the provider answers with the charge it already made.
     */
    async createCharge(
      workspaceId: string,
      raw: CreateChargeInput,
      requestId: string | null,
    ): Promise<Charge> {
      const input = createChargeInput.parse(raw);
      if (!provider) {
        throw new IntakeError(
          'UNAVAILABLE',
          'No payment provider is configured (PAYMENT_PROVIDER_URL)',
        );
      }
      if (!(await findRow(db, orders, workspaceId, input.orderId)))
        throw new NotFoundError('Order', input.orderId);
      // The workspace is part of the key: two workspaces may both have an order "A-1".
      const idempotencyKey = `intake-charge-${createHash('sha256')
        .update(`${workspaceId}\n${input.orderId}\n${input.amount}\n${input.currency}`)
        .digest('hex')
        .slice(0, 32)}`;
      const charge = await claimCharge(db, {
        id: uuidv7(),
        workspaceId,
        ...input,
        idempotencyKey,
      });
      if (charge.providerChargeId) return charge;
      try {
        const made = await provider.createCharge(
          { ...input, callbackUrl: deps.callbackUrl() },
          idempotencyKey,
          requestId ?? undefined,
        );
        return await recordProviderCharge(db, charge.id, made);
      } catch (error) {
        await recordChargeError(
          db,
          charge.id,
          error instanceof Error ? error.message : String(error),
        );
        throw new IntakeError(
          'UNAVAILABLE',
          'The payment provider did not confirm the charge; try again (it is never made twice)',
          { cause: error },
        );
      }
    },

    async get(workspaceId: string, id: string): Promise<Charge> {
      const found = await findCharge(db, id, workspaceId);
      if (!found) throw new NotFoundError('Charge', id);
      return found;
    },

    /**
     * Applies a verified provider callback once: its id is recorded in the same transaction as
     * the charge and order updates, so a replay is refused and a crash leaves nothing half-done.
     */
    async applyCallback(event: ChargeEvent): Promise<'applied' | 'replayed' | 'unknown-charge'> {
      const settled = await db.transaction().execute(async (tx) => {
        if (!(await recordReceipt(tx, event.id, 'payments'))) return 'replayed' as const;
        const charge = await settleByProviderId(tx, event.data.chargeId, event.data.status);
        if (!charge) return 'unknown-charge' as const;
        await setCell(
          tx,
          orders,
          charge.workspaceId,
          charge.orderId,
          'status',
          orderStatusFor[event.data.status],
        );
        return charge;
      });
      if (typeof settled === 'string') return settled;
      // After the commit; the workspace is the cache scope of its rows.
      await deps.cache.invalidate(settled.workspaceId, datasetGroup(orders.name));
      return 'applied';
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
