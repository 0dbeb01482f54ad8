import { z } from 'zod';

/**
 * Accounts, sessions, API tokens, workspaces and the audit log: the inputs and answers of the
 * `auth`, `workspaces` and `audit` routers (apps/api/src/routers), shared with the web app and CLI.
 */

/** A workspace role, from most to least powerful. Workspaces own rows, imports, uploads, webhooks, charges. */
export const workspaceRoles = ['owner', 'member', 'viewer'] as const;
export const workspaceRole = z.enum(workspaceRoles);
export type WorkspaceRole = z.infer<typeof workspaceRole>;

/** Emails are compared case-insensitively: stored lower-cased and trimmed. */
export const accountEmail = z
  .string()
  .trim()
  .max(254, { error: 'must be at most 254 characters' })
  .pipe(z.email({ error: 'must be an email address' }))
  .transform((s) => s.toLowerCase());

/**
 * The shape of a password; its strength (minimum length, not a commonly breached one) is checked
 * by the server, which knows the configured minimum, with a message saying which rule failed.
 */
export const password = z
  .string({ error: 'is required' })
  .min(1, { error: 'is required' })
  .max(1024, { error: 'must be at most 1024 characters' });

export const signInInput = z.object({ email: accountEmail, password });
export type SignInInput = z.infer<typeof signInInput>;

export const setupStatus = z.object({
  /** True until the first account exists: the page then shows the one-time setup form. */
  needsSetup: z.boolean(),
});

export const setupInput = z.object({
  email: accountEmail,
  password,
  workspaceName: z.string().trim().min(1, { error: 'is required' }).max(80),
});
export type SetupInput = z.infer<typeof setupInput>;

export const workspaceId = z.uuid({ error: 'must be a workspace id (UUID)' });

export const workspaceSummary = z.object({
  id: workspaceId,
  name: z.string(),
  role: workspaceRole,
});
export type WorkspaceSummary = z.infer<typeof workspaceSummary>;

/** Who is calling, in which workspace, and how (browser session or API token). */
export const whoAmI = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), isAdmin: z.boolean() }),
  workspace: workspaceSummary,
  workspaces: z.array(workspaceSummary),
  via: z.enum(['session', 'token']),
  /** Token scope; sessions can do what the role allows. */
  scope: z.enum(['read', 'write']).nullable(),
  /** Send as `x-csrf-token` on every state-changing request made with the session cookie. */
  csrfToken: z.string().nullable(),
});
export type WhoAmI = z.infer<typeof whoAmI>;

export const switchWorkspaceInput = z.object({ workspaceId });

export const changePasswordInput = z.object({ currentPassword: password, newPassword: password });

export const sessionInfo = z.object({
  /** A public handle, not the secret cookie value. */
  id: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** Session ids are UUIDs (the column's type: any other text made PostgreSQL fail with a 500). */
export const sessionIdInput = z.object({ id: z.uuid({ error: 'must be a session id (UUID)' }) });

export const tokenScope = z.enum(['read', 'write']);
export type TokenScope = z.infer<typeof tokenScope>;

export const createTokenInput = z.object({
  name: z.string().trim().min(1, { error: 'is required' }).max(80),
  scope: tokenScope,
  /** Absent: the token does not expire until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const apiTokenInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: tokenScope,
  workspaceId,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiTokenInfo = z.infer<typeof apiTokenInfo>;

/** The secret is in this answer only; the server keeps its hash. */
export const createdApiToken = apiTokenInfo.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiToken>;

export const tokenIdInput = z.object({ id: z.uuid({ error: 'must be a token id (UUID)' }) });

/** `POST /api/auth/token`: a token for programs (the CLI's `login`) from email and password. */
export const issueTokenInput = z.object({
  email: accountEmail,
  password,
  /** Default: the user's first workspace. */
  workspaceId: workspaceId.optional(),
  name: z.string().trim().min(1).max(80).optional(),
  scope: tokenScope.default('write'),
});
export const issuedToken = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime().nullable(),
  workspaceId,
});
export type IssuedToken = z.infer<typeof issuedToken>;

export const createInviteInput = z.object({
  role: workspaceRole,
  /** When set, only this address can accept. */
  email: accountEmail.optional(),
  expiresInHours: z.number().int().min(1).max(720).default(72),
});
export const invite = z.object({
  id: z.uuid(),
  role: workspaceRole,
  email: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  /** Shown to the inviting owner once, to pass on (no mail server needed). */
  url: z.string(),
});
export type Invite = z.infer<typeof invite>;

export const inviteInfoInput = z.object({ token: z.string().min(16).max(128) });
export const inviteInfo = z.object({
  workspaceName: z.string(),
  role: workspaceRole,
  email: z.string().nullable(),
  expiresAt: z.iso.datetime(),
});
export const acceptInviteInput = z.object({
  token: z.string().min(16).max(128),
  email: accountEmail,
  password,
});

export const member = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: workspaceRole,
  joinedAt: z.iso.datetime(),
});
export type Member = z.infer<typeof member>;

export const setRoleInput = z.object({ userId: z.uuid(), role: workspaceRole });
export const memberIdInput = z.object({ userId: z.uuid() });
export const createWorkspaceInput = z.object({
  name: z.string().trim().min(1, { error: 'is required' }).max(80),
});

export const auditActions = [
  'auth.setup',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'auth.session_revoked',
  'auth.password_changed',
  'token.issued',
  'token.created',
  'token.revoked',
  'workspace.created',
  'member.invited',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'import.started',
  'rows.deleted',
  'webhook.endpoint_created',
  'webhook.endpoint_deleted',
  'charge.created',
] as const;
export const auditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditAction>;

export const auditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: auditAction,
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  workspaceId: z.uuid().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  /** What the action was about: an import id, a token name, an email, ... never a secret. */
  target: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditListInput = z.object({
  action: auditAction.optional(),
  /** Part of the actor's email (no U+0000: PostgreSQL text cannot hold it; it answered 500). */
  actor: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\0]*$/, { error: 'must not contain U+0000' })
    .optional(),
  workspaceId: workspaceId.optional(),
  /** The id of the last event of the previous page. */
  cursor: z.string().regex(/^\d+$/, { error: 'must be an event id' }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const auditListOutput = z.object({
  items: z.array(auditEvent),
  nextCursor: z.string().nullable(),
});
