import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { trpcClient } from './helpers/clients.js';
import { orderRow } from './helpers/rows.js';
import { spawnApi } from './helpers/spawn-api.js';
import { ordersCsv, uploadFile } from './helpers/upload-file.js';
import { waitForEnd, waitForRows } from './helpers/wait-for-import.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (process.env.CI === 'true' && !(databaseUrl && redisUrl)) {
  throw new Error('CI=true needs TEST_DATABASE_URL and TEST_REDIS_URL for the scale-out suite');
}

/**
 * The scale-out shape: an API process that runs no jobs (RUN_WORKER=false) and separate worker
 * processes, sharing PostgreSQL and Redis. Jobs the API queues wait in Redis until a worker runs.
 */
describe.runIf(databaseUrl && redisUrl)('API and workers as separate processes', () => {
  const children: ChildProcess[] = [];
  const schema = `intake_test_${randomBytes(6).toString('hex')}`;
  const prefix = `intake-test-${randomBytes(4).toString('hex')}`;
  let dataDir = '';
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_kill cascade`);
    await client.end();
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('queues work on the API and runs it on a worker process', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'intake-scale-'));
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      res.writeHead(200).end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl ?? '',
      REDIS_PREFIX: prefix,
      WEBHOOK_ALLOW_PRIVATE: 'true',
    };
    try {
      const api = spawnApi('server', { ...env, PORT: '0', RUN_WORKER: 'false' });
      children.push(api.child);
      const client = trpcClient(await api.ready);
      await client.webhooks.createEndpoint.mutate({
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ['import.succeeded'],
      });
      await client.imports.createFromRows.mutate({ dataset: 'orders', rows: [orderRow('S-1')] });
      await sleep(500);
      expect(received).toEqual([]);
      expect((await client.webhooks.listDeliveries.query({})).items[0]?.status).toBe('pending');

      const worker = spawnApi('worker', env);
      children.push(worker.child);
      await worker.ready;
      const delivered = async () => (await client.webhooks.listDeliveries.query({})).items[0];
      for (let i = 0; i < 400 && (await delivered())?.status !== 'succeeded'; i++) await sleep(25);
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
    dataDir ||= await mkdtemp(join(tmpdir(), 'intake-scale-'));
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      DATABASE_SCHEMA: `${schema}_kill`,
      REDIS_URL: redisUrl ?? '',
      REDIS_PREFIX: `${prefix}-kill`,
      IMPORT_BATCH_ROWS: '500',
      JOB_LOCK_SECONDS: '3',
    };
    const rows = 40_000;
    const api = spawnApi('server', { ...env, PORT: '0', RUN_WORKER: 'false' });
    children.push(api.child);
    const url = await api.ready;
    const client = trpcClient(url);
    const first = spawnApi('worker', env);
    children.push(first.child);
    await first.ready;
    const uploadId = await uploadFile(url, ordersCsv(rows));
    const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
    const seen = await waitForRows(client, created.id, 2000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(rows);

    const second = spawnApi('worker', env);
    children.push(second.child);
    await second.ready;
    const detail = await waitForEnd(client, created.id);
    expect(detail).toMatchObject({
      status: 'succeeded',
      accepted: rows,
      rejected: 0,
      duplicates: 0,
    });
    const datasets = await client.datasets.list.query();
    expect(datasets.items.find((d) => d.name === 'orders')?.rowCount).toBe(rows);
  }, 180_000);

  it('refuses to start a worker without REDIS_URL', async () => {
    const worker = spawnApi('worker', { DATA_DIR: dataDir || tmpdir() });
    children.push(worker.child);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('A separate worker needs REDIS_URL');
  }, 60_000);
});
