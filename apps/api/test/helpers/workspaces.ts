import type { WorkspaceRole } from '@intake/schema';
import { trpcClient } from './clients.js';
import { issueToken, TEST_ADMIN } from './credentials.js';

/** Someone who signed in over HTTP: their account, workspace and an API token for it. */
export interface TestUser {
  email: string;
  password: string;
  userId: string;
  workspaceId: string;
  /** A Bearer token for `workspaceId` (read-only for viewers, as the server decides). */
  token: string;
}

/** A password the strength check accepts (never containing the email name). */
export const testPassword = (name: string) => `Tests-only-${name.length}-passphrase-73`;

/**
 * Brings `email` into the inviter's workspace with `role` the way a person would: the owner's
 * workspaces.invite, then auth.acceptInvite with the secret from the link's fragment.
 */
export async function joinByInvite(
  url: string,
  inviterToken: string,
  who: { email: string; role: WorkspaceRole; password?: string },
): Promise<TestUser> {
  const password = who.password ?? testPassword(who.email.split('@')[0] ?? 'user');
  const invite = await trpcClient(url, inviterToken).workspaces.invite.mutate({
    role: who.role,
    email: who.email,
  });
  const secret = new URL(invite.url).hash.slice(1);
  const joined = await trpcClient(url, null).auth.acceptInvite.mutate({
    token: secret,
    email: who.email,
    password,
  });
  const token = await issueToken(url, {
    email: who.email,
    password,
    workspaceId: joined.workspace.id,
  });
  return {
    email: who.email,
    password,
    userId: joined.user.id,
    workspaceId: joined.workspace.id,
    token,
  };
}

/**
 * A second workspace with an owner of its own who belongs to nothing else: the test admin starts
 * it (workspaces.create), invites `email` as owner, then leaves it, so only that owner is in it.
 */
export async function otherWorkspace(
  url: string,
  email = 'mallory@other.test',
  name = 'Other company',
): Promise<TestUser> {
  const admin = trpcClient(url);
  const created = await admin.workspaces.create.mutate({ name });
  const adminThere = await issueToken(url, { ...TEST_ADMIN, workspaceId: created.id });
  const owner = await joinByInvite(url, adminThere, { email, role: 'owner' });
  const me = await admin.auth.me.query();
  await trpcClient(url, adminThere).workspaces.removeMember.mutate({ userId: me.user.id });
  return owner;
}
