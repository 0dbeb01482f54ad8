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

/** The session with this secret hash, before its absolute end (the idle end is the caller's). */
export const findSession = (db: Db, secretHash: string) =>
  db
    .selectFrom('sessions')
    .selectAll()
    .where('secret_hash', '=', secretHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();

export async function touchSession(db: Db, id: string) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Returns the session's secret hash (its cache entry), undefined when there is no such session. */
export async function setSessionWorkspace(db: Db, id: string, workspaceId: string) {
  const row = await db
    .updateTable('sessions')
    .set({ workspace_id: workspaceId })
    .where('id', '=', id)
    .returning('secret_hash')
    .executeTakeFirst();
  return row?.secret_hash;
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

/** Deletes one session of the user; its secret hash, undefined when it is not theirs. */
export async function deleteSession(db: Db, userId: string, id: string) {
  const row = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('secret_hash')
    .executeTakeFirst();
  return row?.secret_hash;
}

/** Deletes the user's sessions (but one); the secret hashes of those deleted. */
export async function deleteSessionsOf(db: Db, userId: string, exceptId?: string) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.returning('secret_hash').execute()).map((r) => r.secret_hash);
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
