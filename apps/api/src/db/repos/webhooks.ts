import type { WebhookDelivery, WebhookEndpoint, WebhookEvent } from '@intake/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../types.js';

type Db = Kysely<Database>;

export const toEndpoint = (row: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events as WebhookEvent[],
  description: row.description,
  createdAt: row.created_at.toISOString(),
});

const toDelivery = (row: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  id: row.id,
  endpointId: row.endpoint_id,
  event: row.event as WebhookEvent,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.last_status,
  lastLatencyMs: row.last_latency_ms,
  lastError: row.last_error,
  responseSnippet: row.response_snippet,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function insertEndpoint(
  db: Db,
  values: {
    id: string;
    workspace_id: string;
    url: string;
    secret: string;
    events: string[];
    description: string | null;
  },
) {
  const row = await db
    .insertInto('webhook_endpoints')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function listEndpoints(db: Db, workspaceId: string, event?: WebhookEvent) {
  let query = db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc');
  if (event) query = query.where(sql<boolean>`${event} = any(events)`);
  return query.execute();
}

export async function deleteEndpoint(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhook_endpoints')
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertDeliveries(
  db: Db,
  rows: { id: string; endpoint_id: string; event: string; payload: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(rows.map((r) => ({ ...r, status: 'pending' as const })))
    .execute();
}

export async function findDelivery(db: Db, id: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .selectAll('d')
    .select(['e.url', 'e.secret', 'e.workspace_id'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export async function listDeliveries(
  db: Db,
  workspaceId: string,
  opts: { endpointId?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where(
      'endpoint_id',
      'in',
      db.selectFrom('webhook_endpoints').select('id').where('workspace_id', '=', workspaceId),
    )
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.endpointId) query = query.where('endpoint_id', '=', opts.endpointId);
  return (await query.execute()).map(toDelivery);
}

export async function pendingDeliveries(db: Db) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'round'])
    .where('status', '=', 'pending')
    .execute();
}

export async function recordAttempt(
  db: Db,
  id: string,
  attempt: {
    status: 'pending' | 'succeeded' | 'failed';
    httpStatus: number | null;
    latencyMs: number | null;
    error: string | null;
    snippet: string | null;
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: attempt.status,
      attempts: eb('attempts', '+', 1),
      last_status: attempt.httpStatus,
      last_latency_ms: attempt.latencyMs,
      last_error: attempt.error,
      response_snippet: attempt.snippet,
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
}

/** Puts a delivery back to pending for a manual re-send; returns its new round. */
export async function restartDelivery(db: Db, id: string): Promise<number | undefined> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'pending', round: eb('round', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .returning('round')
    .executeTakeFirst();
  return row?.round;
}
