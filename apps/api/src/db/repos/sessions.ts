import type { SessionInfo } from '@intake/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Browser sessions, found by the hash of the cookie value. */

export async function insertSession(
  db: Db,
  s: {
    id: string;
    secretHash: string;
    userId: string;
    workspaceId: string;
    csrfToken: string;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      secret_hash: s.secretHash,
      user_id: s.userId,
      workspace_id: s.workspaceId,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      user_agent: s.userAgent,
      ip: s.ip,
    })
    .execute();
}

/**
 * The live session with this secret hash: not past its absolute end, used within the idle
 * timeout. Also touches `last_seen_at`, at most once a minute (one write per minute, not per
 * request).
 */
export async function findLiveSession(db: Db, secretHash: string, idleMinutes: number) {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('secret_hash', '=', secretHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - ${idleMinutes}::int * interval '1 minute'`)
    .executeTakeFirst();
  if (row && Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  return row;
}

export async function setSessionWorkspace(db: Db, id: string, workspaceId: string) {
  await db
    .updateTable('sessions')
    .set({ workspace_id: workspaceId })
    .where('id', '=', id)
    .execute();
}

export async function listSessions(db: Db, userId: string, currentId: string | null) {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(
    (r): SessionInfo => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      userAgent: r.user_agent,
      ip: r.ip,
      current: r.id === currentId,
    }),
  );
}

/** Deletes one session of the user (false when there is no such session of theirs). */
export async function deleteSession(db: Db, userId: string, id: string) {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSessionsOf(db: Db, userId: string, exceptId?: string) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  await query.execute();
}

/** Ended sessions are deleted by the sign-in path now and then; nothing else needs them. */
export async function deleteExpiredSessions(db: Db, idleMinutes: number) {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('last_seen_at', '<=', sql<Date>`now() - ${idleMinutes}::int * interval '1 minute'`),
      ]),
    )
    .execute();
}
