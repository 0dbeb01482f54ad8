import type { ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { trpcClient } from '../helpers/clients.js';
import { authHeaders } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { spawnApi } from '../helpers/spawn-api.js';
import { ordersCsv, uploadFile } from '../helpers/upload-file.js';
import { expectImportedOnce, waitForEnd, waitForRows } from '../helpers/wait-for-import.js';
import { createUpload, openPatch, tus } from '../uploads/tus-helpers.js';
import { openEventStream, probeUntil, slowRequest } from './http-probes.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

// The embedded shape: API and in-process worker in one process, on PGlite.
const [pglite] = databaseModes();

describe('SIGTERM to the embedded server (API + in-process worker, PGlite)', () => {
  it('drains: /readyz 503, a slow request finishes with 200, the import stops after a batch and resumes exactly on restart', async () => {
    if (!pglite) throw new Error('no PGlite mode');
    const storage = await pglite.prepare();
    // Two seconds of draining before the listener closes, so /readyz can be seen saying 503.
    const env = {
      ...storage.env,
      PORT: '0',
      IMPORT_BATCH_ROWS: '500',
      SHUTDOWN_DELAY_MS: '2000',
      SHUTDOWN_TIMEOUT_MS: '60000',
    };
    const rows = 100_000;
    const slowRows = Array.from({ length: 300 }, (_, i) => orderRow(`SLOW-${i}`));
    const slowBody = Buffer.from(JSON.stringify({ dataset: 'orders', rows: slowRows }));
    try {
      const first = spawnApi('server', env);
      children.push(first.child);
      const url = await first.ready;
      const client = trpcClient(url);
      const uploadId = await uploadFile(url, ordersCsv(rows));

      // A slow client: half of its JSON import is sent before the signal, the rest after.
      const slow = slowRequest(url, '/api/import', {
        method: 'POST',
        headers: { ...authHeaders(url), 'content-type': 'application/json' },
        length: slowBody.length,
      });
      await slow.send(slowBody.subarray(0, slowBody.length >> 1));

      const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
      const progress = openEventStream(
        url,
        `/trpc/imports.onProgress?input=${encodeURIComponent(JSON.stringify({ id: created.id }))}`,
        authHeaders(url),
      );
      await progress.firstEvent;
      const seen = await waitForRows(client, created.id, 1000);
      expect(seen).toBeLessThan(rows);

      const signalled = Date.now();
      first.child.kill('SIGTERM');
      // Readiness goes false at once, while the process still serves.
      const draining = await probeUntil(url, '/readyz', (a) => a !== 'closed' && a.status === 503);
      expect(draining).not.toBe('closed');
      if (draining !== 'closed') {
        expect(draining.status).toBe(503);
        expect(JSON.parse(draining.body)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      }
      // Then the listener closes; the slow request is still in flight and gets its answer.
      expect(await probeUntil(url, '/healthz', (a) => a === 'closed')).toBe('closed');
      slow.end(slowBody.subarray(slowBody.length >> 1));
      const answer = await slow.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'succeeded', accepted: 300 });

      expect(await first.exited, first.output()).toBe(0);
      // The SSE stream was cut and the import stopped after its batch: the process did not wait
      // for the end of the file nor for the 60 s deadline.
      await progress.closed;
      expect(Date.now() - signalled).toBeLessThan(30_000);
      expect(first.output()).toContain('file import stopped after a committed batch');
      expect(first.output()).toContain('server stopped');

      const second = spawnApi('server', env);
      children.push(second.child);
      const again = trpcClient(await second.ready);
      await expectImportedOnce(again, created.id, rows, { ms: 120_000, datasetRows: rows + 300 });
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      await storage.cleanup();
    }
  }, 300_000);

  it('cuts a half-sent upload PATCH: the offset is kept, and after a restart the upload completes and imports', async () => {
    if (!pglite) throw new Error('no PGlite mode');
    const storage = await pglite.prepare();
    // The default 15 s lease records streaming progress only every 5 s: an offset seen after the
    // restart sooner than that was saved by the shutdown, not by the lease keeper.
    const env = { ...storage.env, PORT: '0', SHUTDOWN_TIMEOUT_MS: '60000' };
    const rows = 5000;
    const data = Buffer.from(ordersCsv(rows));
    const half = data.length >> 1;
    try {
      const first = spawnApi('server', env);
      children.push(first.child);
      const url = await first.ready;
      const location = await createUpload(url, {
        length: data.length,
        meta: { filename: 'orders.csv' },
      });
      const id = location.split('/').pop() ?? '';
      const patch = openPatch(url, location, data.length);
      patch.write(data.subarray(0, half));
      const onDisk = join(storage.env.DATA_DIR ?? '', 'uploads', id);
      for (let i = 0; i < 200 && (await stat(onDisk)).size < half; i++) await sleep(10);
      expect((await stat(onDisk)).size).toBe(half);

      const signalled = Date.now();
      first.child.kill('SIGTERM');
      expect(await first.exited, first.output()).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(20_000);
      patch.destroy();

      const second = spawnApi('server', env);
      children.push(second.child);
      const again = await second.ready;
      const head = await tus(again, location, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe(String(half));
      // The lease was released by the stopping server: the rest is taken at once (no 423).
      const rest = await tus(again, location, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(half),
        },
        body: data.subarray(half),
      });
      expect(rest.status).toBe(204);
      expect(rest.headers.get('upload-offset')).toBe(String(data.length));

      const client = trpcClient(again);
      const created = await client.imports.createFromUpload.mutate({
        uploadId: id,
        dataset: 'orders',
      });
      const detail = await waitForEnd(client, created.id);
      expect(detail).toMatchObject({ status: 'succeeded', accepted: rows, rejected: 0 });
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      await storage.cleanup();
    }
  }, 180_000);
});
