import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

const [mode] = databaseModes();
if (!mode) throw new Error('no database mode');

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A JSON import whose one row carries a field nested `depth` levels deep. */
const deepImport = (depth: number) =>
  `{"dataset":"orders","rows":[{"order_id":"D-1","note":${nested(depth)}}]}`;

const post = (api: RunningApi, path: string, body: string) =>
  rest(api.url, path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('request body limits', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, {
      MAX_JSON_DEPTH: '16',
      BODY_LIMIT_BYTES: '65536',
      MAX_ROWS_PER_REQUEST: '5',
    });
  });
  afterAll(() => api?.close());

  it('refuses a deeply nested REST body with 400 JSON_TOO_DEEP', async () => {
    const res = await post(api, '/api/import', deepImport(10_000));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        code: 'JSON_TOO_DEEP',
        message: expect.stringContaining('16 levels (MAX_JSON_DEPTH)'),
        requestId: expect.any(String),
      },
    });
  });

  it('refuses a deeply nested tRPC body with 400, in tRPC’s error shape', async () => {
    const res = await post(api, '/trpc/imports.createFromRows', deepImport(10_000));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error: { data: { httpStatus: 400, appCode: 'JSON_TOO_DEEP', code: 'BAD_REQUEST' } },
    });
    // Batched calls go through the same guard.
    const batch = await post(
      api,
      '/trpc/imports.createFromRows?batch=1',
      `{"0":${deepImport(10_000)}}`,
    );
    expect(batch.status).toBe(400);
    expect(batch.json).toMatchObject({ error: { data: { appCode: 'JSON_TOO_DEEP' } } });
  });

  it('counts only real nesting: brackets inside strings and escaped quotes are text', async () => {
    const tricky = JSON.stringify({
      dataset: 'orders',
      rows: [orderRow('D-2', { customer_email: 'x@example.com' })],
      note: `"\\${'[{'.repeat(5000)}`,
    });
    const res = await post(api, '/api/import', tricky);
    expect(res.status).toBe(200);
    // The limit itself: 16 levels pass, 17 do not (the body object is level 1).
    const body = (depth: number) => `{"dataset":"orders","rows":[],"x":${nested(depth)}}`;
    expect((await post(api, '/api/import', body(15))).json).not.toMatchObject({
      error: { code: 'JSON_TOO_DEEP' },
    });
    expect((await post(api, '/api/import', body(16))).json).toMatchObject({
      error: { code: 'JSON_TOO_DEEP' },
    });
  });

  it('refuses an oversize body with 413 PAYLOAD_TOO_LARGE on both faces', async () => {
    const rows = Array.from({ length: 800 }, (_, i) => orderRow(`BIG-${i}`));
    const big = JSON.stringify({ dataset: 'orders', rows });
    expect(big.length).toBeGreaterThan(65_536);
    const restRes = await post(api, '/api/import', big);
    expect(restRes.status).toBe(413);
    expect(restRes.json).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('65536 bytes') },
    });
    const trpcRes = await post(api, '/trpc/imports.createFromRows', big);
    expect(trpcRes.status).toBe(413);
    expect(trpcRes.json).toMatchObject({ error: { data: { appCode: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('refuses more rows than MAX_ROWS_PER_REQUEST with 413 TOO_MANY_ROWS', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => orderRow(`R-${i}`));
    const res = await post(api, '/api/import', JSON.stringify({ dataset: 'orders', rows }));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: 'TOO_MANY_ROWS' } });
  });
});
