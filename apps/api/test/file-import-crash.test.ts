import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { trpcClient } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { spawnApi } from './helpers/spawn-api.js';
import { ordersCsv, uploadFile } from './helpers/upload-file.js';
import { expectImportedOnce, waitForRows } from './helpers/wait-for-import.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

// Batches are COPYed in the transaction of their checkpoint: on PostgreSQL through
// pg-copy-streams, on PGlite from /dev/blob; a kill at any moment must leave both in step.
describe.each(databaseModes())('a file import killed with SIGKILL on $name', (mode) => {
  it('resumes from its last checkpoint after a restart and ends with exactly the rows of the file', async () => {
    const storage = await mode.prepare();
    const env = { ...storage.env, PORT: '0', IMPORT_BATCH_ROWS: '500' };
    const rows = 40_000;
    try {
      const first = spawnApi('server', env);
      children.push(first.child);
      const url = await first.ready;
      const client = trpcClient(url);
      const uploadId = await uploadFile(url, ordersCsv(rows));
      const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
      const seen = await waitForRows(client, created.id, 2000);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(rows);

      const second = spawnApi('server', env);
      children.push(second.child);
      const again = trpcClient(await second.ready);
      await expectImportedOnce(again, created.id, rows);
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      await storage.cleanup();
    }
  }, 180_000);
});
