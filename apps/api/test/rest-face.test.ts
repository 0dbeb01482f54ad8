import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { orderRow } from './helpers/rows.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

const errorShape = (code: string, message: unknown = expect.any(String)) => ({
  error: expect.objectContaining({ code, message, requestId: expect.any(String) }),
});

describe.each(databaseModes())('REST face on $name', (mode) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, { BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => api?.close());

  it('imports rows with POST /api/import and answers the same result as tRPC', async () => {
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      json: { dataset: 'orders', rows: [orderRow('R-1'), orderRow('R-2', { amount: -1 })] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'succeeded',
      accepted: 1,
      rejected: [{ row: 2, field: 'amount', message: 'must be >= 0', value: '-1' }],
    });
    const list = await rest(api.url, '/api/imports?limit=1');
    expect(list.json).toMatchObject({
      items: [{ id: (res.json as { importId: string }).importId, accepted: 1, rejected: 1 }],
    });
  });

  it('pages dataset rows by key with cursor, limit and search from the query string', async () => {
    await rest(api.url, '/api/import', {
      method: 'POST',
      json: {
        dataset: 'contacts',
        rows: ['c', 'a', 'b', 'd'].map((n) => ({ email: `${n}@x.io`, name: `Name ${n}` })),
      },
    });
    const first = await rest(api.url, '/api/datasets/contacts/rows?limit=2');
    expect(first.json).toEqual({
      items: [
        { email: 'a@x.io', name: 'Name a', phone: null, company: null, country: null },
        { email: 'b@x.io', name: 'Name b', phone: null, company: null, country: null },
      ],
      nextCursor: 'b@x.io',
    });
    const second = await rest(api.url, '/api/datasets/contacts/rows?limit=2&cursor=b%40x.io');
    expect((second.json as { items: { email: string }[] }).items.map((r) => r.email)).toEqual([
      'c@x.io',
      'd@x.io',
    ]);
    const search = await rest(api.url, '/api/datasets/contacts/rows?search=NAME%20D');
    expect((search.json as { items: { email: string }[] }).items.map((r) => r.email)).toEqual([
      'd@x.io',
    ]);
    const datasets = await rest(api.url, '/api/datasets');
    expect(datasets.json).toMatchObject({
      items: [{ name: 'orders' }, { name: 'contacts', key: 'email', rowCount: 4 }],
    });
  });

  it('treats % and _ in a search as plain characters', async () => {
    const res = await rest(api.url, '/api/datasets/contacts/rows?search=%25');
    expect(res.json).toEqual({ items: [], nextCursor: null });
  });

  it('answers 400 VALIDATION_FAILED with field paths for an invalid body', async () => {
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      json: { dataset: 'invoices', rows: [] },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual(
      errorShape(
        'VALIDATION_FAILED',
        expect.stringContaining('dataset: must be one of orders, contacts'),
      ),
    );
    expect((res.json as { error: { issues: unknown } }).error.issues).toEqual([
      { path: 'dataset', message: 'must be one of orders, contacts' },
      { path: 'rows', message: 'must contain at least one row' },
    ]);
    const bad = await rest(api.url, '/api/datasets/orders/rows?limit=abc');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual(errorShape('VALIDATION_FAILED'));
  });

  it('answers 415 for a body that is not JSON and 400 INVALID_JSON for broken JSON', async () => {
    const text = await rest(api.url, '/api/import', {
      method: 'POST',
      body: 'order_id,amount',
      headers: { 'content-type': 'text/csv' },
    });
    expect(text.status).toBe(415);
    expect(text.json).toEqual(
      errorShape('UNSUPPORTED_MEDIA_TYPE', expect.stringContaining('application/json')),
    );
    const broken = await rest(api.url, '/api/import', {
      method: 'POST',
      body: '{"dataset": "orders", "rows": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual(errorShape('INVALID_JSON'));
  });

  it('answers 413 naming BODY_LIMIT_BYTES on both faces when the body is too large', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => orderRow(`BIG-${i}`));
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      json: { dataset: 'orders', rows },
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual(
      errorShape(
        'PAYLOAD_TOO_LARGE',
        'Request body is larger than the limit of 4096 bytes (BODY_LIMIT_BYTES)',
      ),
    );
    const trpc = await rest(api.url, '/trpc/imports.createFromRows', {
      method: 'POST',
      json: { dataset: 'orders', rows },
    });
    expect(trpc.status).toBe(413);
    expect(trpc.json).toMatchObject({
      error: { data: { appCode: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
    });
  });

  it('answers unknown routes with 404 in the same shape and echoes a valid request id', async () => {
    const res = await rest(api.url, '/api/nothing-here', {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(res.json).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Route GET /api/nothing-here does not exist',
        requestId: 'trace-123',
      },
    });
    const forged = await rest(api.url, '/api/datasets', {
      headers: { 'x-request-id': 'not a valid id; drop table' },
    });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI 3 document and a browsable reference', async () => {
    const doc = await rest(api.url, '/api/openapi.json');
    expect(doc.status).toBe(200);
    const paths = (doc.json as { openapi: string; paths: Record<string, Record<string, unknown>> })
      .paths;
    expect((doc.json as { openapi: string }).openapi).toMatch(/^3\./);
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/datasets',
        '/datasets/{dataset}/rows',
        '/import',
        '/imports',
        '/imports/{id}',
      ]),
    );
    expect(Object.keys(paths['/import'] ?? {})).toEqual(['post']);
    const page = await fetch(`${api.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it('reports liveness and readiness', async () => {
    expect((await rest(api.url, '/healthz')).json).toEqual({ status: 'ok' });
    expect((await rest(api.url, '/readyz')).json).toEqual({ status: 'ready', database: mode.name });
  });
});
