import {
  type ApiTokenInfo,
  type CreatedApiToken,
  type CreateTokenInput,
  type Invite,
  type IssuedToken,
  type Member,
  type SessionInfo,
  type WhoAmI,
  type WorkspaceRole,
  type WorkspaceSummary,
  workspaceRoles,
} from '@intake/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { Cache } from '../cache/cache.js';
import type { Config } from '../config.js';
import { FIRST_WORKSPACE_ID } from '../db/migrations/0006-accounts.js';
import * as accounts from '../db/repos/accounts.js';
import * as tokens from '../db/repos/api-tokens.js';
import * as invites from '../db/repos/invites.js';
import * as sessions from '../db/repos/sessions.js';
import type { Database } from '../db/types.js';
import { IntakeError, NotFoundError } from '../errors.js';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { hashSecret, newSecret, secretKind } from './secrets.js';

/** Where a request comes from, kept with a session and in the audit log. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A new browser session: the secret goes into the cookie, never into the database. */
export interface NewSession {
  secret: string;
  expiresAt: Date;
  principal: Principal;
}

export type TokenRefusal = 'unknown' | 'expired' | 'revoked' | 'no-workspace';

/**
 * Session and token rows as cached (every authenticated request reads one): times as epoch
 * milliseconds, since the Redis tier stores JSON. Every change of a row (sign-out, revoke,
 * workspace switch, the once-a-minute "last seen" write) invalidates its entry in every process.
 */
interface CachedSession {
  id: string;
  userId: string;
  workspaceId: string;
  csrfToken: string;
  expiresAt: number;
  lastSeenAt: number;
}
interface CachedToken {
  id: string;
  userId: string;
  workspaceId: string;
  scope: 'read' | 'write';
  expiresAt: number | null;
  revoked: boolean;
  lastUsedAt: number | null;
}
const AUTH_SCOPE = 'auth';
const sessionGroup = (secretHash: string) => `session:${secretHash}`;
const tokenGroup = (secretHash: string) => `token:${secretHash}`;

const wrongCredentials = () => new IntakeError('UNAUTHORIZED', 'Wrong email or password');

const weakPassword = (problem: string, path = 'password') =>
  new IntakeError('VALIDATION_FAILED', `The password ${problem}`, {
    issues: [{ path, message: problem }],
  });

/**
 * Accounts, sessions, API tokens, invites and workspace membership. Every secret is stored
 * hashed; every "who is this" answer is a Principal scoped to one workspace.
 */
export function createAuthService(deps: {
  db: Kysely<Database>;
  config: Config['auth'];
  /** The web app's origin, for invite links. */
  publicUrl: () => string;
  /** Session and token lookups (one per authenticated request). */
  cache: Cache;
}) {
  const { db, config, cache } = deps;
  const sessionRows = cache.region<CachedSession | undefined>('auth-session');
  const tokenRows = cache.region<CachedToken | undefined>('auth-token');
  const forgetSessions = (hashes: (string | undefined)[]) =>
    Promise.all(hashes.flatMap((h) => (h ? [cache.invalidate(AUTH_SCOPE, sessionGroup(h))] : [])));

  /** One setup at a time across processes: the first account is created exactly once. */
  const lockSetup = (tx: Transaction<Database>) =>
    sql`select pg_advisory_xact_lock(hashtext('intake:setup'))`.execute(tx);

  async function principalFor(
    userId: string,
    workspaceId: string,
    via: Principal['via'],
    extra: Pick<Principal, 'scope' | 'sessionId' | 'csrfToken'>,
  ): Promise<Principal | undefined> {
    const member = await accounts.findMember(db, userId, workspaceId);
    if (!member) return undefined;
    const { email, is_admin: isAdmin, role } = member;
    return { userId, email, isAdmin, workspaceId, role, via, ...extra };
  }

  async function startSession(
    tx: Kysely<Database> | Transaction<Database>,
    userId: string,
    workspaceId: string,
    client: ClientInfo,
  ): Promise<{ secret: string; id: string; csrfToken: string; expiresAt: Date }> {
    const secret = newSecret('ses');
    const id = uuidv4();
    const csrfToken = newSecret('ses').slice(4);
    const expiresAt = new Date(Date.now() + config.sessionAbsoluteHours * 3_600_000);
    await sessions.insertSession(tx, {
      id,
      secretHash: hashSecret(secret),
      userId,
      workspaceId,
      csrfToken,
      expiresAt,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
    });
    return { secret, id, csrfToken, expiresAt };
  }

  async function sessionFor(
    userId: string,
    workspaceId: string,
    client: ClientInfo,
  ): Promise<NewSession> {
    const s = await startSession(db, userId, workspaceId, client);
    const principal = await principalFor(userId, workspaceId, 'session', {
      scope: null,
      sessionId: s.id,
      csrfToken: s.csrfToken,
    });
    if (!principal) throw new IntakeError('FORBIDDEN', 'This account belongs to no workspace');
    return { secret: s.secret, expiresAt: s.expiresAt, principal };
  }

  async function createAccount(
    tx: Transaction<Database>,
    input: { email: string; password: string; isAdmin: boolean },
  ): Promise<string> {
    const problem = passwordProblem(input.password, config.passwordMinLength, input.email);
    if (problem) throw weakPassword(problem);
    const id = uuidv7();
    await accounts.insertUser(tx, {
      id,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      isAdmin: input.isAdmin,
    });
    return id;
  }

  /** The user behind email + password, or the same refusal whether the email exists or not. */
  async function checkCredentials(email: string, password: string) {
    const user = await accounts.findUserByEmail(db, email);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
    if (!user || !ok) throw wrongCredentials();
    return user;
  }

  return {
    /**
     * First start: with INTAKE_ADMIN_EMAIL and INTAKE_ADMIN_PASSWORD set and no account yet,
     * creates that admin as owner of the first workspace. Returns whether it did.
     */
    async bootstrapAdmin(): Promise<boolean> {
      const admin = config.admin;
      if (!admin) return false;
      return db.transaction().execute(async (tx) => {
        await lockSetup(tx);
        if ((await accounts.countUsers(tx)) > 0) return false;
        const problem = passwordProblem(admin.password, config.passwordMinLength, admin.email);
        if (problem) throw new Error(`INTAKE_ADMIN_PASSWORD ${problem}`);
        const userId = await createAccount(tx, {
          email: admin.email.trim().toLowerCase(),
          password: admin.password,
          isAdmin: true,
        });
        await accounts.upsertMembership(tx, FIRST_WORKSPACE_ID, userId, 'owner');
        return true;
      });
    },

    async needsSetup(): Promise<boolean> {
      return (await accounts.countUsers(db)) === 0;
    },

    /** The one-time setup form: the first account, an admin owning the first workspace. */
    async setup(
      input: { email: string; password: string; workspaceName: string },
      client: ClientInfo,
    ): Promise<NewSession> {
      const userId = await db.transaction().execute(async (tx) => {
        await lockSetup(tx);
        if ((await accounts.countUsers(tx)) > 0)
          throw new IntakeError('CONFLICT', 'Setup is already done: sign in instead');
        const id = await createAccount(tx, { ...input, isAdmin: true });
        await accounts.renameWorkspace(tx, FIRST_WORKSPACE_ID, input.workspaceName);
        await accounts.upsertMembership(tx, FIRST_WORKSPACE_ID, id, 'owner');
        return id;
      });
      return sessionFor(userId, FIRST_WORKSPACE_ID, client);
    },

    /** A new session (a new id: no fixation) in the user's first workspace. */
    async signIn(input: { email: string; password: string }, client: ClientInfo) {
      const user = await checkCredentials(input.email, input.password);
      const first = (await accounts.workspacesOf(db, user.id))[0];
      if (!first) throw new IntakeError('FORBIDDEN', 'This account belongs to no workspace');
      // Ended sessions are cleaned up here, now and then, rather than by a timer.
      if (Math.random() < 0.05) await sessions.deleteExpiredSessions(db, config.sessionIdleMinutes);
      return sessionFor(user.id, first.id, client);
    },

    /** The principal of a session cookie, or undefined when it is unknown, idle or expired. */
    async resolveSession(secret: string): Promise<Principal | undefined> {
      if (secretKind(secret) !== 'ses') return undefined;
      const hash = hashSecret(secret);
      const session = await sessionRows.getOrLoad(
        { scope: AUTH_SCOPE, group: sessionGroup(hash), id: 'row' },
        async () => {
          const row = await sessions.findSession(db, hash);
          return (
            row && {
              id: row.id,
              userId: row.user_id,
              workspaceId: row.workspace_id,
              csrfToken: row.csrf_token,
              expiresAt: row.expires_at.getTime(),
              lastSeenAt: row.last_seen_at.getTime(),
            }
          );
        },
      );
      const now = Date.now();
      if (
        !session ||
        session.expiresAt <= now ||
        session.lastSeenAt <= now - config.sessionIdleMinutes * 60_000
      )
        return undefined;
      // "Last seen" to the minute: one write per session per minute, not one per request.
      if (now - session.lastSeenAt > 60_000) {
        await sessions.touchSession(db, session.id);
        await forgetSessions([hash]);
      }
      return principalFor(session.userId, session.workspaceId, 'session', {
        scope: null,
        sessionId: session.id,
        csrfToken: session.csrfToken,
      });
    },

    /** The principal of a Bearer token, or why it is refused (the 401 says which). */
    async resolveToken(secret: string): Promise<Principal | TokenRefusal> {
      if (secretKind(secret) !== 'itk') return 'unknown';
      const hash = hashSecret(secret);
      const token = await tokenRows.getOrLoad(
        { scope: AUTH_SCOPE, group: tokenGroup(hash), id: 'row' },
        async () => {
          const row = await tokens.findToken(db, hash);
          return (
            row && {
              id: row.id,
              userId: row.user_id,
              workspaceId: row.workspace_id,
              scope: row.scope,
              expiresAt: row.expires_at?.getTime() ?? null,
              revoked: row.revoked_at !== null,
              lastUsedAt: row.last_used_at?.getTime() ?? null,
            }
          );
        },
      );
      if (!token) return 'unknown';
      if (token.revoked) return 'revoked';
      if (token.expiresAt !== null && token.expiresAt <= Date.now()) return 'expired';
      const principal = await principalFor(token.userId, token.workspaceId, 'token', {
        scope: token.scope,
        sessionId: null,
        csrfToken: null,
      });
      if (!principal) return 'no-workspace';
      // "Last used" to the minute: one write per token per minute, not one per request.
      if (token.lastUsedAt === null || Date.now() - token.lastUsedAt > 60_000) {
        await tokens.touchToken(db, token.id);
        await cache.invalidate(AUTH_SCOPE, tokenGroup(hash));
      }
      return principal;
    },

    async signOut(p: Principal): Promise<void> {
      if (p.sessionId)
        await forgetSessions([await sessions.deleteSession(db, p.userId, p.sessionId)]);
    },

    /** Ends every session of the user, this one included, and says how many tokens stay. */
    async signOutEverywhere(p: Principal): Promise<void> {
      await forgetSessions(await sessions.deleteSessionsOf(db, p.userId));
    },

    async whoAmI(p: Principal): Promise<WhoAmI> {
      const workspaces = await accounts.workspacesOf(db, p.userId);
      const current = workspaces.find((w) => w.id === p.workspaceId);
      if (!current) throw new IntakeError('FORBIDDEN', 'You are no longer in this workspace');
      return {
        user: { id: p.userId, email: p.email, isAdmin: p.isAdmin },
        workspace: current,
        workspaces,
        via: p.via,
        scope: p.scope,
        csrfToken: p.csrfToken,
      };
    },

    async switchWorkspace(p: Principal, workspaceId: string): Promise<Principal> {
      if (!p.sessionId)
        throw new IntakeError('BAD_REQUEST', 'An API token belongs to one workspace');
      const role = await accounts.roleIn(db, workspaceId, p.userId);
      if (!role) throw new NotFoundError('Workspace', workspaceId);
      await forgetSessions([await sessions.setSessionWorkspace(db, p.sessionId, workspaceId)]);
      return { ...p, workspaceId, role };
    },

    /** A new password ends every other session of the user (a thief's included). */
    async changePassword(p: Principal, current: string, next: string): Promise<void> {
      const user = await accounts.findUser(db, p.userId);
      if (!user || !(await verifyPassword(current, user.password_hash)))
        throw new IntakeError('UNAUTHORIZED', 'The current password is wrong', {
          issues: [{ path: 'currentPassword', message: 'is wrong' }],
        });
      const problem = passwordProblem(next, config.passwordMinLength, user.email);
      if (problem) throw weakPassword(problem, 'newPassword');
      await accounts.setPasswordHash(db, p.userId, await hashPassword(next));
      await forgetSessions(await sessions.deleteSessionsOf(db, p.userId, p.sessionId ?? undefined));
    },

    sessions(p: Principal): Promise<SessionInfo[]> {
      return sessions.listSessions(db, p.userId, p.sessionId);
    },

    async revokeSession(p: Principal, id: string): Promise<void> {
      const hash = await sessions.deleteSession(db, p.userId, id);
      if (!hash) throw new NotFoundError('Session', id);
      await forgetSessions([hash]);
    },

    tokens(p: Principal): Promise<ApiTokenInfo[]> {
      return tokens.listTokens(db, p.userId);
    },

    /** A token for the current workspace; its secret is in this answer only. */
    async createToken(p: Principal, input: CreateTokenInput): Promise<CreatedApiToken> {
      if (input.scope === 'write' && p.role === 'viewer')
        throw new IntakeError('FORBIDDEN', 'A viewer can only create read tokens');
      const secret = newSecret('itk');
      const row = await tokens.insertToken(db, {
        id: uuidv7(),
        secretHash: hashSecret(secret),
        userId: p.userId,
        workspaceId: p.workspaceId,
        name: input.name,
        scope: input.scope,
        expiresAt: input.expiresInDays
          ? new Date(Date.now() + input.expiresInDays * 86_400_000)
          : null,
      });
      return { ...tokens.toTokenInfo(row), token: secret };
    },

    async revokeToken(p: Principal, id: string): Promise<ApiTokenInfo> {
      const row = await tokens.revokeToken(db, p.userId, id);
      if (!row) throw new NotFoundError('Token', id);
      await cache.invalidate(AUTH_SCOPE, tokenGroup(row.secret_hash));
      return tokens.toTokenInfo(row);
    },

    /** `POST /api/auth/token`: email + password -> a write token for programs. */
    async issueToken(input: {
      email: string;
      password: string;
      workspaceId?: string | undefined;
      name?: string | undefined;
      scope: 'read' | 'write';
    }): Promise<IssuedToken & { userId: string; tokenName: string }> {
      const user = await checkCredentials(input.email, input.password);
      const workspaces = await accounts.workspacesOf(db, user.id);
      const workspace = input.workspaceId
        ? workspaces.find((w) => w.id === input.workspaceId)
        : workspaces[0];
      if (!workspace) throw new NotFoundError('Workspace', input.workspaceId ?? '(any)');
      const scope = workspace.role === 'viewer' ? 'read' : input.scope;
      const secret = newSecret('itk');
      const expiresAt = new Date(Date.now() + config.tokenDays * 86_400_000);
      const tokenName = input.name ?? 'CLI';
      await tokens.insertToken(db, {
        id: uuidv7(),
        secretHash: hashSecret(secret),
        userId: user.id,
        workspaceId: workspace.id,
        name: tokenName,
        scope,
        expiresAt,
      });
      return {
        token: secret,
        expiresAt: expiresAt.toISOString(),
        workspaceId: workspace.id,
        userId: user.id,
        tokenName,
      };
    },

    async createWorkspace(p: Principal, name: string): Promise<WorkspaceSummary> {
      const id = uuidv7();
      await db.transaction().execute(async (tx) => {
        await accounts.insertWorkspace(tx, id, name);
        await accounts.upsertMembership(tx, id, p.userId, 'owner');
      });
      return { id, name, role: 'owner' };
    },

    members(p: Principal): Promise<Member[]> {
      return accounts.membersOf(db, p.workspaceId);
    },

    async invite(
      p: Principal,
      input: { role: WorkspaceRole; email?: string | undefined; expiresInHours: number },
    ): Promise<Invite> {
      const secret = newSecret('inv');
      const row = await invites.insertInvite(db, {
        id: uuidv7(),
        secretHash: hashSecret(secret),
        workspaceId: p.workspaceId,
        role: input.role,
        email: input.email ?? null,
        createdBy: p.userId,
        expiresInHours: input.expiresInHours,
      });
      return {
        id: row.id,
        role: row.role,
        email: row.email,
        expiresAt: row.expires_at.toISOString(),
        // In the fragment: never sent to a server, never in an access log.
        url: `${deps.publicUrl()}/invite#${secret}`,
      };
    },

    async inviteInfo(token: string) {
      const found = await invites.findOpenInvite(db, hashSecret(token));
      if (!found) throw new IntakeError('GONE', 'This invite is unknown, used or expired');
      return {
        workspaceName: found.workspace_name,
        role: found.role,
        email: found.email,
        expiresAt: found.expires_at.toISOString(),
      };
    },

    /**
     * Joins the invite's workspace: a new account, or an existing one when its password is
     * given. The invite works once. Signs in to that workspace.
     */
    async acceptInvite(
      input: { token: string; email: string; password: string },
      client: ClientInfo,
    ): Promise<NewSession & { workspaceId: string; role: WorkspaceRole }> {
      const found = await invites.findOpenInvite(db, hashSecret(input.token));
      if (!found) throw new IntakeError('GONE', 'This invite is unknown, used or expired');
      if (found.email && found.email !== input.email)
        throw new IntakeError('FORBIDDEN', 'This invite is for another email address');
      const existing = await accounts.findUserByEmail(db, input.email);
      if (existing && !(await verifyPassword(input.password, existing.password_hash)))
        throw wrongCredentials();
      const userId = await db.transaction().execute(async (tx) => {
        const id =
          existing?.id ??
          (await createAccount(tx, {
            email: input.email,
            password: input.password,
            isAdmin: false,
          }));
        if (!(await invites.markInviteAccepted(tx, found.id, id)))
          throw new IntakeError('GONE', 'This invite was used a moment ago');
        const had = await accounts.roleIn(tx, found.workspace_id, id);
        // An invite never lowers a role someone already has.
        if (!had || workspaceRoles.indexOf(found.role) < workspaceRoles.indexOf(had))
          await accounts.upsertMembership(tx, found.workspace_id, id, found.role);
        return id;
      });
      const session = await sessionFor(userId, found.workspace_id, client);
      return { ...session, workspaceId: found.workspace_id, role: found.role };
    },

    /** Owners change roles; the last owner cannot step down (the workspace would be orphaned). */
    async setRole(p: Principal, userId: string, role: WorkspaceRole): Promise<WorkspaceRole> {
      return db.transaction().execute(async (tx) => {
        const had = await accounts.roleIn(tx, p.workspaceId, userId);
        if (!had) throw new NotFoundError('Member', userId);
        if (
          had === 'owner' &&
          role !== 'owner' &&
          (await accounts.countOwners(tx, p.workspaceId)) <= 1
        )
          throw new IntakeError('CONFLICT', 'A workspace keeps at least one owner');
        await accounts.upsertMembership(tx, p.workspaceId, userId, role);
        return had;
      });
    },

    async removeMember(p: Principal, userId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const had = await accounts.roleIn(tx, p.workspaceId, userId);
        if (!had) throw new NotFoundError('Member', userId);
        if (had === 'owner' && (await accounts.countOwners(tx, p.workspaceId)) <= 1)
          throw new IntakeError('CONFLICT', 'A workspace keeps at least one owner');
        await accounts.deleteMembership(tx, p.workspaceId, userId);
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
