import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, WorkspaceRole } from '../types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Invitations to a workspace, found by the hash of the token in the invite link. */

export async function insertInvite(
  db: Db,
  i: {
    id: string;
    secretHash: string;
    workspaceId: string;
    role: WorkspaceRole;
    email: string | null;
    createdBy: string;
    expiresInHours: number;
  },
) {
  return db
    .insertInto('invites')
    .values({
      id: i.id,
      secret_hash: i.secretHash,
      workspace_id: i.workspaceId,
      role: i.role,
      email: i.email,
      created_by: i.createdBy,
      expires_at: sql<Date>`now() + ${i.expiresInHours}::int * interval '1 hour'`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An open invite (not accepted, not expired) with its workspace's name. */
export const findOpenInvite = (db: Db, secretHash: string) =>
  db
    .selectFrom('invites as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .selectAll('i')
    .select('w.name as workspace_name')
    .where('i.secret_hash', '=', secretHash)
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();

/** Marks it used; false when someone else used it first (one invite, one account). */
export async function markInviteAccepted(db: Db, id: string, userId: string) {
  const result = await db
    .updateTable('invites')
    .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
