import { setTimeout as sleep } from 'node:timers/promises';
import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { tusUpload, untilVerified } from './http-upload.js';

/**
 * Uploads the file to a running API with one tus request, then measures issue 4's figure: from
 * "upload complete" (every byte received and its checksums verified, as the status endpoint
 * says) through createFromUpload to `imports.get` saying succeeded, polled every 20 ms.
 */
export async function importThroughApi(
  baseUrl: string,
  auth: Record<string, string>,
  path: string,
  size: number,
) {
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, headers: auth })],
  });
  const upload = await tusUpload(baseUrl, path, size, auth);
  const verifySeconds = await untilVerified(baseUrl, upload.id, auth);
  const start = performance.now();
  const created = await client.imports.createFromUpload.mutate({
    uploadId: upload.id,
    dataset: 'orders',
  });
  for (;;) {
    const detail = await client.imports.get.query({ id: created.id });
    if (detail.status === 'succeeded') {
      return {
        seconds: (performance.now() - start) / 1000,
        uploadSeconds: upload.seconds,
        verifySeconds,
        accepted: detail.accepted,
        rejected: detail.rejected,
      };
    }
    if (!['queued', 'running'].includes(detail.status))
      throw new Error(`import ${detail.status}: ${detail.error}`);
    await sleep(20);
  }
}
