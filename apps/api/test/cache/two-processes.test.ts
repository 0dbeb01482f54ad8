import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { orderRow } from '../helpers/rows.js';
import { sharedEngines, sharedEnginesConfigured } from '../helpers/shared-engines.js';
import { ordersCsv, uploadFile } from '../helpers/upload-file.js';
import { waitForEnd } from '../helpers/wait-for-import.js';
import { batchedPageReads } from './batched-reads.js';
import { metricValue } from './scrape.js';

const page = '/api/datasets/orders/rows?limit=3';
const keys = (res: { json: unknown }) =>
  (res.json as { items: { order_id: string }[] }).items.map((r) => r.order_id);
const orderCount = async (url: string) => {
  const res = await rest(url, '/api/datasets');
  return (res.json as { items: { name: string; rowCount: number }[] }).items.find(
    (d) => d.name === 'orders',
  )?.rowCount;
};

/**
 * Two API processes on one PostgreSQL and one Redis, each with its memory tier: a write through
 * one must never leave the other answering from its memory copy.
 */
describe.runIf(sharedEnginesConfigured('shared-cache'))('cache shared by two API processes', () => {
  const engines = sharedEngines('cache');
  let a = '';
  let b = '';
  beforeAll(async () => {
    const env = await engines.env({
      IMPORT_BATCH_ROWS: '100',
      // Long enough that only an invalidation, never an expiry, can explain a fresh read.
      CACHE_MEMORY_TTL_SECONDS: '600',
      CACHE_REDIS_TTL_SECONDS: '600',
      PORT: '0',
    });
    // One after the other: both migrate the same schema at start.
    const first = engines.spawn('server', env);
    a = await first.ready;
    const second = engines.spawn('server', env);
    b = await second.ready;
  }, 120_000);
  afterAll(() => engines.cleanup());

  it('shows no stale read through A after an import commits through B', async () => {
    const importThrough = (url: string, ids: string[]) =>
      rest(url, '/api/import', {
        method: 'POST',
        json: { dataset: 'orders', rows: ids.map((id) => orderRow(id)) },
      });
    await importThrough(a, ['T-2', 'T-3']);
    // Warm A: the second read of each is a memory hit there.
    for (let i = 0; i < 2; i++) {
      expect(keys(await rest(a, page))).toEqual(['T-2', 'T-3']);
      expect(await orderCount(a)).toBe(2);
    }
    expect(
      await metricValue(a, 'intake_cache_hits_total', { cache: 'dataset-rows', tier: 'memory' }),
    ).toBeGreaterThanOrEqual(1);
    // B reads the page from the shared tier that A filled.
    expect(keys(await rest(b, page))).toEqual(['T-2', 'T-3']);
    expect(
      await metricValue(b, 'intake_cache_hits_total', { cache: 'dataset-rows', tier: 'redis' }),
    ).toBe(1);

    expect((await importThrough(b, ['T-1'])).status).toBe(200);
    expect(keys(await rest(a, page))).toEqual(['T-1', 'T-2', 'T-3']);
    expect(await orderCount(a)).toBe(3);
    expect(
      await metricValue(a, 'intake_cache_invalidations_total', { origin: 'peer' }),
    ).toBeGreaterThanOrEqual(1);

    // A file import started through B, run in batches by whichever process takes the job.
    const clientB = trpcClient(b);
    const uploadId = await uploadFile(b, ordersCsv(350));
    const created = await clientB.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
    expect((await waitForEnd(clientB, created.id)).status).toBe('succeeded');
    expect(await orderCount(a)).toBe(353);
    expect(keys(await rest(a, page))).toEqual(['ORD-1', 'ORD-10', 'ORD-100']);
  }, 120_000);

  it('loads a cold key once in a process however many read it at once', async () => {
    // 21 readers of a page nobody read yet, in three batched requests sent together: one
    // database load, the others share it.
    const before = await metricValue(a, 'intake_cache_loads_total', { cache: 'dataset-rows' });
    const input = { dataset: 'orders', limit: 4, search: 'ORD-2' };
    const answers = (await Promise.all([1, 2, 3].map(() => batchedPageReads(a, input)))).flat();
    expect(answers).toHaveLength(21);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await metricValue(a, 'intake_cache_loads_total', { cache: 'dataset-rows' })).toBe(
      before + 1,
    );
  });
});
