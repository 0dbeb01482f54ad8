import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { trpcClient } from './helpers/clients.js';
import { orderRow } from './helpers/rows.js';
import { sharedEngines, sharedEnginesConfigured } from './helpers/shared-engines.js';
import { expectImportedOnce, waitForRows } from './helpers/wait-for-import.js';

/**
 * The scale-out shape: an API process that runs no jobs (RUN_WORKER=false) and separate worker
 * processes, sharing PostgreSQL and Redis. Jobs the API queues wait in Redis until a worker runs.
 */
describe.runIf(sharedEnginesConfigured('scale-out'))(
  'API and workers as separate processes',
  () => {
    const engines = sharedEngines('scale');
    afterAll(() => engines.cleanup());

    it('queues work on the API and runs it on a worker process', async () => {
      const received: string[] = [];
      const receiver = createServer((req, res) => {
        received.push(String(req.headers['webhook-id']));
        req.resume();
        res.writeHead(200).end();
      });
      receiver.listen(0, '127.0.0.1');
      await once(receiver, 'listening');
      const env = await engines.env({ WEBHOOK_ALLOW_PRIVATE: 'true' });
      try {
        const api = engines.spawn('server', { ...env, PORT: '0', RUN_WORKER: 'false' });
        const client = trpcClient(await api.ready);
        await client.webhooks.createEndpoint.mutate({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          events: ['import.succeeded'],
        });
        await client.imports.createFromRows.mutate({ dataset: 'orders', rows: [orderRow('S-1')] });
        await sleep(500);
        expect(received).toEqual([]);
        expect((await client.webhooks.listDeliveries.query({})).items[0]?.status).toBe('pending');

        const worker = engines.spawn('worker', env);
        await worker.ready;
        const delivered = async () => (await client.webhooks.listDeliveries.query({})).items[0];
        for (let i = 0; i < 400 && (await delivered())?.status !== 'succeeded'; i++)
          await sleep(25);
        const delivery = await delivered();
        expect(received).toEqual([delivery?.id]);
        expect(delivery?.status).toBe('succeeded');

        worker.child.kill('SIGTERM');
        expect(await worker.exited, worker.output()).toBe(0);
      } finally {
        receiver.close();
      }
    }, 120_000);

    it('finishes a file import exactly once when its worker is killed with SIGKILL mid-import', async () => {
      const env = await engines.env({ IMPORT_BATCH_ROWS: '500', JOB_LOCK_SECONDS: '3' }, '_kill');
      const rows = 40_000;
      const { client, worker: first, importId } = await engines.importOnWorker(env, rows);
      const seen = await waitForRows(client, importId, 2000);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(rows);

      const second = engines.spawn('worker', env);
      await second.ready;
      await expectImportedOnce(client, importId, rows);
    }, 180_000);

    it('refuses to start a worker without REDIS_URL', async () => {
      const worker = engines.spawn('worker', { DATA_DIR: tmpdir() });
      expect(await worker.exited).toBe(1);
      expect(worker.output()).toContain('A separate worker needs REDIS_URL');
    }, 60_000);
  },
);
