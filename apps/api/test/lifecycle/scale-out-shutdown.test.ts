import { afterAll, describe, expect, it } from 'vitest';
import { sharedEngines, sharedEnginesConfigured } from '../helpers/shared-engines.js';
import { expectImportedOnce, waitForRows } from '../helpers/wait-for-import.js';

/**
 * The scale-out shape (API with RUN_WORKER=false, separate workers, PostgreSQL + BullMQ on
 * Redis): a worker SIGTERMed mid-import hands its job back and another worker finishes it.
 */
describe.runIf(sharedEnginesConfigured('scale-out'))(
  'SIGTERM to a worker process mid-import',
  () => {
    const engines = sharedEngines('lifecycle');
    afterAll(() => engines.cleanup());

    it('stops after a committed batch, exits 0, and another worker finishes the import exactly once', async () => {
      const env = await engines.env({
        IMPORT_BATCH_ROWS: '500',
        // A takeover through BullMQ's stalled-job check would wait this long: far past our bound.
        JOB_LOCK_SECONDS: '60',
        SHUTDOWN_TIMEOUT_MS: '60000',
      });
      const rows = 60_000;
      const { api, client, worker: first, importId } = await engines.importOnWorker(env, rows);
      const seen = await waitForRows(client, importId, 1000, 120_000);
      expect(seen).toBeLessThan(rows);

      first.child.kill('SIGTERM');
      expect(await first.exited, first.output()).toBe(0);
      expect(first.output()).toContain('file import stopped after a committed batch');
      expect(first.output()).toContain('worker stopped');
      const stopped = await client.imports.get.query({ id: importId });
      expect(stopped.status).toBe('running');
      const before = stopped.progress?.rowsDone ?? 0;
      expect(before).toBeLessThan(rows);

      // The job went back to waiting: a new worker resumes it from the checkpoint at once, not
      // after the stopped worker's 60 s lock lapses.
      const second = engines.spawn('worker', env);
      await second.ready;
      const startedAt = Date.now();
      const after = await waitForRows(client, importId, before + 1, 20_000);
      expect(after).toBeGreaterThan(before);
      expect(Date.now() - startedAt).toBeLessThan(20_000);

      await expectImportedOnce(client, importId, rows, { ms: 120_000 });

      // The API (no worker) and the remaining worker stop cleanly too.
      for (const proc of [second, api]) {
        proc.child.kill('SIGTERM');
        expect(await proc.exited, proc.output()).toBe(0);
      }
    }, 300_000);
  },
);
