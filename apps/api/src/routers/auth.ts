import {
  acceptInviteInput,
  apiTokenInfo,
  changePasswordInput,
  createdApiToken,
  createTokenInput,
  inviteInfo,
  inviteInfoInput,
  issuedToken,
  issueTokenInput,
  sessionIdInput,
  sessionInfo,
  setupInput,
  setupStatus,
  signInInput,
  switchWorkspaceInput,
  tokenIdInput,
  whoAmI,
} from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { NewSession } from '../auth/auth-service.js';
import { IntakeError } from '../errors.js';
import { auditAs, type Context } from '../trpc/context.js';
import { publicProcedure, signedInProcedure } from '../trpc/init.js';

const ok = z.object({ ok: z.literal(true) });

/** Puts a new session in the cookie and answers who is now signed in. */
async function signedIn(ctx: Context, session: NewSession) {
  ctx.session?.set(session.secret, session.expiresAt);
  return ctx.services.auth.whoAmI(session.principal);
}

/**
 * Checks email + password under the brute-force limit: refused with 429 once this account + IP
 * failed too often; a wrong password counts one failure and is audited.
 */
async function withCredentials<T>(ctx: Context, email: string, check: () => Promise<T>) {
  await ctx.signInAttempts?.assertAllowed(email);
  try {
    return await check();
  } catch (err) {
    if (err instanceof IntakeError && err.code === 'UNAUTHORIZED') {
      await ctx.signInAttempts?.recordFailure(email);
      await auditAs(ctx, 'auth.sign_in_failed', email);
    }
    throw err;
  }
}

/** Sign-in and setup are audited as the account they concern, failed ones too. */
const actorOf = (s: NewSession) => ({
  id: s.principal.userId,
  email: s.principal.email,
  workspaceId: s.principal.workspaceId,
});

export const authRouter = {
  setupStatus: publicProcedure
    .input(z.void())
    .output(setupStatus)
    .query(async ({ ctx }) => ({ needsSetup: await ctx.services.auth.needsSetup() })),

  /** The one-time setup form: only while no account exists (409 afterwards). */
  setup: publicProcedure
    .input(setupInput)
    .output(whoAmI)
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.services.auth.setup(input, ctx.client);
      await auditAs(ctx, 'auth.setup', input.email, undefined, actorOf(session));
      return signedIn(ctx, session);
    }),

  signIn: publicProcedure
    .input(signInInput)
    .output(whoAmI)
    .mutation(async ({ ctx, input }) => {
      const session = await withCredentials(ctx, input.email, () =>
        ctx.services.auth.signIn(input, ctx.client),
      );
      await auditAs(ctx, 'auth.sign_in', input.email, undefined, actorOf(session));
      return signedIn(ctx, session);
    }),

  /** For programs: `POST /api/auth/token {email, password}` -> a Bearer token. */
  issueToken: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/token',
        tags: ['auth'],
        summary: 'An API token from email and password (for the CLI and other programs)',
        description:
          'Send it as `Authorization: Bearer <token>`. Expires after AUTH_TOKEN_DAYS days; revocable on the Account page.',
      },
    })
    .input(issueTokenInput)
    .output(issuedToken)
    .mutation(async ({ ctx, input }) => {
      const issued = await withCredentials(ctx, input.email, () =>
        ctx.services.auth.issueToken(input),
      );
      await auditAs(
        ctx,
        'token.issued',
        issued.tokenName,
        { scope: input.scope },
        {
          id: issued.userId,
          email: input.email,
          workspaceId: issued.workspaceId,
        },
      );
      return { token: issued.token, expiresAt: issued.expiresAt, workspaceId: issued.workspaceId };
    }),

  me: signedInProcedure
    .input(z.void())
    .output(whoAmI)
    .query(({ ctx }) => ctx.services.auth.whoAmI(ctx.auth)),

  signOut: signedInProcedure
    .input(z.void())
    .output(ok)
    .mutation(async ({ ctx }) => {
      await ctx.services.auth.signOut(ctx.auth);
      ctx.session?.clear();
      await auditAs(ctx, 'auth.sign_out', null);
      return { ok: true as const };
    }),

  /** Ends every session of the account, this one included. API tokens stay (revoke them apart). */
  signOutEverywhere: signedInProcedure
    .input(z.void())
    .output(ok)
    .mutation(async ({ ctx }) => {
      await ctx.services.auth.signOutEverywhere(ctx.auth);
      ctx.session?.clear();
      await auditAs(ctx, 'auth.sign_out_everywhere', null);
      return { ok: true as const };
    }),

  switchWorkspace: signedInProcedure
    .input(switchWorkspaceInput)
    .output(whoAmI)
    .mutation(async ({ ctx, input }) =>
      ctx.services.auth.whoAmI(
        await ctx.services.auth.switchWorkspace(ctx.auth, input.workspaceId),
      ),
    ),

  changePassword: signedInProcedure
    .input(changePasswordInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.changePassword(ctx.auth, input.currentPassword, input.newPassword);
      await auditAs(ctx, 'auth.password_changed', null);
      return { ok: true as const };
    }),

  sessions: signedInProcedure
    .input(z.void())
    .output(z.object({ items: z.array(sessionInfo) }))
    .query(async ({ ctx }) => ({ items: await ctx.services.auth.sessions(ctx.auth) })),

  revokeSession: signedInProcedure
    .input(sessionIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.revokeSession(ctx.auth, input.id);
      await auditAs(ctx, 'auth.session_revoked', input.id);
      return { ok: true as const };
    }),

  tokens: signedInProcedure
    .input(z.void())
    .output(z.object({ items: z.array(apiTokenInfo) }))
    .query(async ({ ctx }) => ({ items: await ctx.services.auth.tokens(ctx.auth) })),

  createToken: signedInProcedure
    .input(createTokenInput)
    .output(createdApiToken)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.services.auth.createToken(ctx.auth, input);
      await auditAs(ctx, 'token.created', created.name, { scope: created.scope, id: created.id });
      return created;
    }),

  revokeToken: signedInProcedure
    .input(tokenIdInput)
    .output(apiTokenInfo)
    .mutation(async ({ ctx, input }) => {
      const revoked = await ctx.services.auth.revokeToken(ctx.auth, input.id);
      await auditAs(ctx, 'token.revoked', revoked.name, { id: revoked.id });
      return revoked;
    }),

  inviteInfo: publicProcedure
    .input(inviteInfoInput)
    .output(inviteInfo)
    .query(({ ctx, input }) => ctx.services.auth.inviteInfo(input.token)),

  acceptInvite: publicProcedure
    .input(acceptInviteInput)
    .output(whoAmI)
    .mutation(async ({ ctx, input }) => {
      const joined = await withCredentials(ctx, input.email, () =>
        ctx.services.auth.acceptInvite(input, ctx.client),
      );
      await auditAs(ctx, 'member.joined', input.email, { role: joined.role }, actorOf(joined));
      return signedIn(ctx, joined);
    }),
} satisfies TRPCRouterRecord;
