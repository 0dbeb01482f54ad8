import {
  createInviteInput,
  createWorkspaceInput,
  invite,
  member,
  memberIdInput,
  setRoleInput,
  workspaceSummary,
} from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { auditAs } from '../trpc/context.js';
import { signedInProcedure, workspaceProcedure } from '../trpc/init.js';

/** Workspaces and their members; owners manage the current workspace. */
export const workspacesRouter = {
  /** Anyone signed in may start a workspace of their own (and owns it). */
  create: signedInProcedure
    .input(createWorkspaceInput)
    .output(workspaceSummary)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.services.auth.createWorkspace(ctx.auth, input.name);
      await auditAs(ctx, 'workspace.created', created.name, { id: created.id });
      return created;
    }),

  members: workspaceProcedure('owner')
    .input(z.void())
    .output(z.object({ items: z.array(member) }))
    .query(async ({ ctx }) => ({ items: await ctx.services.auth.members(ctx.auth) })),

  /** The link is in this answer only (no mail server): the owner passes it on. */
  invite: workspaceProcedure('owner')
    .input(createInviteInput)
    .output(invite)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.services.auth.invite(ctx.auth, input);
      await auditAs(ctx, 'member.invited', input.email ?? null, {
        role: input.role,
        invite: created.id,
      });
      return created;
    }),

  setRole: workspaceProcedure('owner')
    .input(setRoleInput)
    .output(member.pick({ userId: true, role: true }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.services.auth.setRole(ctx.auth, input.userId, input.role);
      await auditAs(ctx, 'member.role_changed', input.userId, { from: before, to: input.role });
      return { userId: input.userId, role: input.role };
    }),

  removeMember: workspaceProcedure('owner')
    .input(memberIdInput)
    .output(z.object({ userId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.removeMember(ctx.auth, input.userId);
      await auditAs(ctx, 'member.removed', input.userId);
      return { userId: input.userId };
    }),
} satisfies TRPCRouterRecord;
