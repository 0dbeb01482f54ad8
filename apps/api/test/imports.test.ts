import { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/index.js';
import { rest, trpcClient } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { orderRow } from './helpers/rows.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

describe.each(databaseModes())('imports on $name', (mode) => {
  let api: RunningApi;
  let client: ReturnType<typeof trpcClient>;

  beforeAll(async () => {
    api = await startApi(mode, { MAX_ROWS_PER_REQUEST: '50' });
    client = trpcClient(api.url);
  });
  afterAll(() => api?.close());

  it('accepts valid rows and names the field and row of every rejected one', async () => {
    const result = await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [
        orderRow('A-1'),
        orderRow('A-2', { amount: -5 }),
        orderRow('A-3', { status: 'lost', currency: 'usd' }),
      ],
    });
    expect(result.status).toBe('succeeded');
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { row: 2, field: 'amount', message: 'must be >= 0', value: '-5' },
      {
        row: 3,
        field: 'status',
        message: 'must be one of paid, pending, refunded, cancelled',
        value: 'lost',
      },
    ]);
    const page = await client.datasets.rows.query({ dataset: 'orders', search: 'A-' });
    expect(page.items).toEqual([
      {
        order_id: 'A-1',
        customer_email: 'a-1@example.com',
        amount: '10.00',
        currency: 'USD',
        status: 'paid',
        created_at: '2026-01-31T01:30:00.000Z',
      },
    ]);
  });

  it('keeps amounts exact and updates a row re-imported with the same key', async () => {
    await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [orderRow('B-1', { amount: '99999999999.99' })],
    });
    const second = await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [orderRow('B-1', { amount: 0.1, status: 'refunded' })],
    });
    expect(second.accepted).toBe(1);
    const page = await client.datasets.rows.query({ dataset: 'orders', search: 'B-1' });
    expect(page.items.map((r) => [r.order_id, r.amount, r.status])).toEqual([
      ['B-1', '0.10', 'refunded'],
    ]);
  });

  it('lets the last row win when a request repeats a key', async () => {
    const result = await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [orderRow('C-1', { amount: 1 }), orderRow('C-1', { amount: 2 }), orderRow('C-2')],
    });
    expect(result.accepted).toBe(3);
    const page = await client.datasets.rows.query({ dataset: 'orders', search: 'C-' });
    expect(page.items.map((r) => [r.order_id, r.amount])).toEqual([
      ['C-1', '2.00'],
      ['C-2', '10.00'],
    ]);
  });

  it('records each import with its counts and rejections, newest first, paged', async () => {
    const created = [];
    for (const id of ['D-1', 'D-2', 'D-3']) {
      created.push(
        await client.imports.createFromRows.mutate({
          dataset: 'contacts',
          rows: [
            { email: `${id}@example.com`, name: id },
            { email: 'broken', name: '' },
          ],
        }),
      );
    }
    const first = await client.imports.list.query({ limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([created[2]?.importId, created[1]?.importId]);
    expect(first.nextCursor).toBe(created[1]?.importId);
    const second = await client.imports.list.query({
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items[0]?.id).toBe(created[0]?.importId);

    const detail = await client.imports.get.query({ id: created[0]?.importId ?? '' });
    expect(detail).toMatchObject({
      dataset: 'contacts',
      source: 'rows',
      status: 'succeeded',
      accepted: 1,
      rejected: 1,
    });
    expect(detail.finishedAt).not.toBeNull();
    expect(detail.rejections).toEqual([
      { row: 2, field: 'email', message: 'must be a valid email address', value: 'broken' },
      { row: 2, field: 'name', message: 'must not be empty', value: '' },
    ]);
  });

  it('answers 404 NOT_FOUND for an unknown import on both faces', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const error = await client.imports.get.query({ id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data).toMatchObject({ httpStatus: 404, appCode: 'NOT_FOUND' });
    const res = await rest(api.url, `/api/imports/${id}`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      error: { code: 'NOT_FOUND', message: `Import ${id} was not found` },
    });
  });

  it('refuses more rows than MAX_ROWS_PER_REQUEST with 413, naming the limit, and writes nothing', async () => {
    const rows = Array.from({ length: 51 }, (_, i) => orderRow(`E-${i}`));
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      json: { dataset: 'orders', rows },
    });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({
      error: {
        code: 'TOO_MANY_ROWS',
        message: expect.stringContaining('at most 50 rows (MAX_ROWS_PER_REQUEST)'),
      },
    });
    const error = await client.imports.createFromRows
      .mutate({ dataset: 'orders', rows })
      .catch((e: unknown) => e);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      httpStatus: 413,
      appCode: 'TOO_MANY_ROWS',
    });
    const page = await client.datasets.rows.query({ dataset: 'orders', search: 'E-' });
    expect(page.items).toEqual([]);
  });

  it('is all or nothing: a failure while writing leaves no row and no import behind', async () => {
    const before = await client.imports.list.query({ limit: 100 });
    // Break the table that rejections go to, so the write fails after the rows were upserted.
    await sql`alter table import_rejections rename to import_rejections_away`.execute(
      api.app.database.db,
    );
    try {
      const res = await rest(api.url, '/api/import', {
        method: 'POST',
        json: { dataset: 'orders', rows: [orderRow('F-1'), orderRow('F-2', { amount: 'x' })] },
      });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: {
          code: 'INTERNAL',
          message: 'Internal server error',
          requestId: expect.any(String),
        },
      });
      expect(res.text).not.toContain('import_rejections');
    } finally {
      await sql`alter table import_rejections_away rename to import_rejections`.execute(
        api.app.database.db,
      );
    }
    const page = await client.datasets.rows.query({ dataset: 'orders', search: 'F-' });
    expect(page.items).toEqual([]);
    const after = await client.imports.list.query({ limit: 100 });
    expect(after.items.length).toBe(before.items.length);
    // ...and the server keeps serving.
    const ok = await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [orderRow('F-1')],
    });
    expect(ok.accepted).toBe(1);
  });
});
