import type { ApiTokenInfo } from '@intake/schema';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ApiTokensTable, Database } from '../types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** API tokens for programs, found by the hash of the Bearer value. */

export const toTokenInfo = (r: Selectable<ApiTokensTable>): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  workspaceId: r.workspace_id,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export async function insertToken(
  db: Db,
  t: {
    id: string;
    secretHash: string;
    userId: string;
    workspaceId: string;
    name: string;
    scope: 'read' | 'write';
    expiresAt: Date | null;
  },
) {
  return db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      secret_hash: t.secretHash,
      user_id: t.userId,
      workspace_id: t.workspaceId,
      name: t.name,
      scope: t.scope,
      expires_at: t.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The token with this hash, whatever its state: the caller says why a dead one is refused. */
export const findToken = (db: Db, secretHash: string) =>
  db.selectFrom('api_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();

/** `last_used_at`, at most once a minute per token. */
export async function touchToken(db: Db, id: string) {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}

export async function listTokens(db: Db, userId: string) {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toTokenInfo);
}

export async function revokeToken(db: Db, userId: string, id: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}
