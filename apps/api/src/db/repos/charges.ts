import type { Charge, ChargeStatus } from '@intake/schema';
import type { Kysely, Selectable } from 'kysely';
import type { ChargesTable, Database } from '../types.js';

type Db = Kysely<Database>;

const toCharge = (row: Selectable<ChargesTable>): Charge => ({
  id: row.id,
  orderId: row.order_id,
  amount: row.amount,
  currency: row.currency,
  status: row.status,
  paymentUrl: row.payment_url,
  providerChargeId: row.provider_charge_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Inserts the charge unless one with this idempotency key exists; returns the stored one. */
export async function claimCharge(
  db: Db,
  values: {
    id: string;
    workspaceId: string;
    orderId: string;
    amount: string;
    currency: string;
    idempotencyKey: string;
  },
): Promise<Charge> {
  await db
    .insertInto('charges')
    .values({
      id: values.id,
      workspace_id: values.workspaceId,
      order_id: values.orderId,
      amount: values.amount,
      currency: values.currency,
      status: 'pending',
      idempotency_key: values.idempotencyKey,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).doNothing())
    .execute();
  const row = await db
    .selectFrom('charges')
    .selectAll()
    .where('workspace_id', '=', values.workspaceId)
    .where('idempotency_key', '=', values.idempotencyKey)
    .executeTakeFirstOrThrow();
  return toCharge(row);
}

export async function recordProviderCharge(
  db: Db,
  id: string,
  provider: { id: string; paymentUrl: string },
): Promise<Charge> {
  const row = await db
    .updateTable('charges')
    .set({
      provider_charge_id: provider.id,
      payment_url: provider.paymentUrl,
      last_error: null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCharge(row);
}

export async function recordChargeError(db: Db, id: string, message: string): Promise<void> {
  await db
    .updateTable('charges')
    .set({ last_error: message, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function findCharge(
  db: Db,
  id: string,
  workspaceId: string,
): Promise<Charge | undefined> {
  const row = await db
    .selectFrom('charges')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row ? toCharge(row) : undefined;
}

export async function settleByProviderId(db: Db, providerChargeId: string, status: ChargeStatus) {
  const row = await db
    .updateTable('charges')
    .set({ status, updated_at: new Date() })
    .where('provider_charge_id', '=', providerChargeId)
    .returningAll()
    .executeTakeFirst();
  return row ? { ...toCharge(row), workspaceId: row.workspace_id } : undefined;
}

/** Records a callback's id; false when it was already seen (a replay). */
export async function recordReceipt(db: Db, id: string, source: string): Promise<boolean> {
  const inserted = await db
    .insertInto('webhook_receipts')
    .values({ id, source })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}
