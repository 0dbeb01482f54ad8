import type { Member, WorkspaceRole, WorkspaceSummary } from '@intake/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Users, workspaces and who belongs where with which role. */

export const countUsers = async (db: Db) =>
  Number(
    (await db.selectFrom('users').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow())
      .n,
  );

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export const findUser = (db: Db, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertUser(
  db: Db,
  user: { id: string; email: string; passwordHash: string; isAdmin: boolean },
) {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin,
    })
    .execute();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

export async function insertWorkspace(db: Db, id: string, name: string) {
  await db.insertInto('workspaces').values({ id, name }).execute();
}

export async function renameWorkspace(db: Db, id: string, name: string) {
  await db.updateTable('workspaces').set({ name }).where('id', '=', id).execute();
}

/** Adds the user to the workspace, or changes their role there. */
export async function upsertMembership(
  db: Db,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
) {
  await db
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string) {
  const result = await db
    .deleteFrom('memberships')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The user's workspaces with their role in each, oldest membership first. */
export async function workspacesOf(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('w.id')
    .execute();
}

/** The user with their role in one workspace, in one query (every authenticated request). */
export const findMember = (db: Db, userId: string, workspaceId: string) =>
  db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.email', 'u.is_admin', 'm.role'])
    .where('u.id', '=', userId)
    .where('m.workspace_id', '=', workspaceId)
    .executeTakeFirst();

export async function roleIn(db: Db, workspaceId: string, userId: string) {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export async function membersOf(db: Db, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'm.role', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    role: r.role,
    joinedAt: r.created_at.toISOString(),
  }));
}

export async function countOwners(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('memberships')
    .select(sql<string>`count(*)`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const findWorkspace = (db: Db, id: string) =>
  db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
