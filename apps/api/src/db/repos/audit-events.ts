import type { AuditAction, AuditEvent } from '@intake/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../types.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditRecord {
  action: AuditAction;
  actorId: string | null;
  actorEmail: string | null;
  workspaceId: string | null;
  ip: string | null;
  requestId: string | null;
  target: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export async function insertAuditEvent(db: Db, e: AuditRecord) {
  await db
    .insertInto('audit_events')
    .values({
      action: e.action,
      actor_id: e.actorId,
      actor_email: e.actorEmail,
      workspace_id: e.workspaceId,
      ip: e.ip,
      request_id: e.requestId,
      target: e.target,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

/** Newest first, keyset paged by id. */
export async function listAuditEvents(
  db: Db,
  opts: {
    action?: AuditAction | undefined;
    actor?: string | undefined;
    workspaceId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (opts.action) query = query.where('action', '=', opts.action);
  if (opts.workspaceId) query = query.where('workspace_id', '=', opts.workspaceId);
  if (opts.actor) {
    const pattern = `%${opts.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('actor_email', 'like', pattern);
  }
  if (opts.cursor) query = query.where('id', '<', sql<string>`${opts.cursor}::bigint`);
  const rows = await query.execute();
  const items = rows.slice(0, opts.limit).map(
    (r): AuditEvent => ({
      id: String(r.id),
      at: r.at.toISOString(),
      action: r.action as AuditAction,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      workspaceId: r.workspace_id,
      ip: r.ip,
      requestId: r.request_id,
      target: r.target,
      details: r.details,
    }),
  );
  return { items, nextCursor: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
}
