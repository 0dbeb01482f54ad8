import { uploadPreview, uploadPreviewInput } from '@intake/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { workspaceProcedure } from '../trpc/init.js';

/** The tus protocol itself lives at /api/uploads (uploads/); this is what the app asks about a file. */
export const uploadsRouter = {
  preview: workspaceProcedure('viewer')
    .meta({
      openapi: {
        protect: true,
        method: 'GET',
        path: '/uploads/{uploadId}/preview',
        tags: ['uploads'],
        summary: 'First rows of an uploaded file and a proposed column mapping, with confidence',
      },
    })
    .input(uploadPreviewInput)
    .output(uploadPreview)
    .query(({ ctx, input }) => ctx.services.fileImports.preview(ctx.auth.workspaceId, input)),
} satisfies TRPCRouterRecord;
