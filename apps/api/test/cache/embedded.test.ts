import { afterEach, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { ordersCsv, uploadFile } from '../helpers/upload-file.js';
import { waitForEnd } from '../helpers/wait-for-import.js';
import { batchedPageReads } from './batched-reads.js';
import { metricValue } from './scrape.js';

const page = '/api/datasets/orders/rows?limit=5';
const importRows = (url: string, ids: string[]) =>
  rest(url, '/api/import', {
    method: 'POST',
    json: { dataset: 'orders', rows: ids.map((id) => orderRow(id)) },
  });
const orderCount = async (url: string) => {
  const res = await rest(url, '/api/datasets');
  const items = (res.json as { items: { name: string; rowCount: number }[] }).items;
  return items.find((d) => d.name === 'orders')?.rowCount;
};
const keys = (res: { json: unknown }) =>
  (res.json as { items: { order_id: string }[] }).items.map((r) => r.order_id);

/** Embedded mode: no REDIS_URL, one process, the memory tier alone. */
describe.each(databaseModes())('cache, memory tier alone, on $name', (mode) => {
  let api: RunningApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('answers repeated reads from memory and never serves rows from before an import', async () => {
    api = await startApi(mode, { IMPORT_BATCH_ROWS: '100' });
    await importRows(api.url, ['E-1', 'E-2']);
    expect(keys(await rest(api.url, page))).toEqual(['E-1', 'E-2']);
    expect(await orderCount(api.url)).toBe(2);
    const loads = await metricValue(api.url, 'intake_cache_loads_total', { cache: 'dataset-rows' });
    expect(keys(await rest(api.url, page))).toEqual(['E-1', 'E-2']);
    expect(await metricValue(api.url, 'intake_cache_loads_total', { cache: 'dataset-rows' })).toBe(
      loads,
    );
    expect(
      await metricValue(api.url, 'intake_cache_hits_total', {
        cache: 'dataset-rows',
        tier: 'memory',
      }),
    ).toBeGreaterThanOrEqual(1);

    // A JSON import: the next read already has its rows.
    await importRows(api.url, ['E-0']);
    expect(keys(await rest(api.url, page))).toEqual(['E-0', 'E-1', 'E-2']);
    expect(await orderCount(api.url)).toBe(3);

    // A file import: each committed batch invalidates; at the end every row is visible.
    const client = trpcClient(api.url);
    const uploadId = await uploadFile(api.url, ordersCsv(450));
    const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
    expect((await waitForEnd(client, created.id)).status).toBe('succeeded');
    expect(await orderCount(api.url)).toBe(453);
    expect(keys(await rest(api.url, page))).toEqual(['E-0', 'E-1', 'E-2', 'ORD-1', 'ORD-10']);
  }, 120_000);

  it('caches a finished import, and loads a cold key once for concurrent readers', async () => {
    api = await startApi(mode);
    const created = (await importRows(api.url, ['S-1'])).json as { importId: string };
    const detail = `/api/imports/${created.importId}`;
    const first = await rest(api.url, detail);
    expect(first.status).toBe(200);
    expect((await rest(api.url, detail)).json).toEqual(first.json);
    expect(await metricValue(api.url, 'intake_cache_loads_total', { cache: 'import-detail' })).toBe(
      1,
    );

    // 21 readers of a page nobody read yet, in three batched requests sent together: one
    // database load, the others share it.
    const url = api.url;
    const before = await metricValue(url, 'intake_cache_loads_total', { cache: 'dataset-rows' });
    const input = { dataset: 'orders', limit: 7, search: 'S-' };
    const answers = (await Promise.all([1, 2, 3].map(() => batchedPageReads(url, input)))).flat();
    expect(answers).toHaveLength(21);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await metricValue(api.url, 'intake_cache_loads_total', { cache: 'dataset-rows' })).toBe(
      before + 1,
    );
  }, 60_000);

  it('reads the database every time with CACHE_ENABLED=false', async () => {
    api = await startApi(mode, { CACHE_ENABLED: 'false' });
    await importRows(api.url, ['D-1']);
    expect(keys(await rest(api.url, page))).toEqual(['D-1']);
    expect(keys(await rest(api.url, page))).toEqual(['D-1']);
    expect(await metricValue(api.url, 'intake_cache_hits_total')).toBe(0);
    expect(await metricValue(api.url, 'intake_cache_loads_total')).toBe(0);
  });
});
