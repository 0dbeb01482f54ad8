import { setTimeout as sleep } from 'node:timers/promises';
import { createTRPCClient, httpSubscriptionLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/index.js';
import { rest, trpcClient } from './helpers/clients.js';
import { authHeaders } from './helpers/credentials.js';
import { databaseModes } from './helpers/database-modes.js';
import { eventSourceWithToken } from './helpers/event-source.js';
import { type RunningApi, startApi } from './helpers/start-api.js';
import { ordersCsv, uploadFile } from './helpers/upload-file.js';
import { waitForEnd } from './helpers/wait-for-import.js';

describe.each(databaseModes())('file imports on $name', (mode) => {
  let api: RunningApi;
  let client: ReturnType<typeof trpcClient>;
  beforeAll(async () => {
    api = await startApi(mode, { IMPORT_BATCH_ROWS: '40', IMPORT_ATTEMPTS: '2' });
    client = trpcClient(api.url);
  });
  afterAll(() => api?.close());

  const finished = (id: string) => waitForEnd(client, id);

  it('proposes a column mapping from the file headers, with confidence', async () => {
    const uploadId = await uploadFile(api.url, ordersCsv(3));
    const preview = await client.uploads.preview.query({ uploadId, dataset: 'orders', rows: 2 });
    expect(preview.headers).toEqual([
      'Order ID',
      'Customer E-Mail',
      'Total',
      'Currency',
      'Status',
      'Order Date',
    ]);
    expect(preview.rows).toEqual([
      {
        line: 2,
        values: ['ORD-1', 'buyer1@example.com', '1.5', 'EUR', 'paid', '2026-03-01T10:00:00Z'],
      },
      {
        line: 3,
        values: ['ORD-2', 'buyer2@example.com', '2.5', 'EUR', 'paid', '2026-03-01T10:00:00Z'],
      },
    ]);
    expect(preview.proposal).toEqual([
      { column: 'order_id', header: 'Order ID', confidence: 0.9 },
      { column: 'customer_email', header: 'Customer E-Mail', confidence: 0.9 },
      { column: 'amount', header: 'Total', confidence: 0.8 },
      { column: 'currency', header: 'Currency', confidence: 0.9 },
      { column: 'status', header: 'Status', confidence: 0.9 },
      { column: 'created_at', header: 'Order Date', confidence: 0.8 },
    ]);
    expect(preview.rejections).toEqual([]);
  });

  it('imports a file in batches: bad lines rejected with their line numbers, duplicates counted, last wins', async () => {
    const csv = ordersCsv(100, [
      'ORD-101,broken@example.com,-3,EUR,paid,2026-03-01T10:00:00Z',
      'ORD-102,"quoted, with comma",1,EUR,paid,2026-03-01T10:00:00Z',
      'ORD-103,too,many,columns,in,this,line',
      'ORD-5,again@example.com,99.99,EUR,refunded,2026-03-02T10:00:00Z',
      'ORD-106,x@example.com,=1+2,EUR,paid,2026-03-01T10:00:00Z',
    ]);
    const uploadId = await uploadFile(api.url, csv);
    const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
    expect(created).toMatchObject({ source: 'upload', progress: { bytesTotal: csv.length } });
    expect(['queued', 'running']).toContain(created.status);
    const done = await finished(created.id);
    // 100 rows + ORD-5 again are valid (101, one a duplicate key); 4 lines are refused.
    expect(done).toMatchObject({
      status: 'succeeded',
      accepted: 101,
      rejected: 4,
      duplicates: 1,
      error: null,
    });
    expect(done.progress).toMatchObject({
      bytesDone: csv.length,
      bytesTotal: csv.length,
      rowsDone: 105,
    });
    expect(done.rejections.map((r) => [r.row, r.field, r.message])).toEqual([
      [102, 'amount', 'must be >= 0'],
      [103, 'customer_email', 'must be a valid email address'],
      [104, '', 'line 104: expected 6 columns, found 7'],
      [106, 'amount', 'must be a number'],
    ]);
    const rows = await client.datasets.rows.query({
      dataset: 'orders',
      search: 'again@example.com',
    });
    expect(rows.items).toMatchObject([{ order_id: 'ORD-5', amount: '99.99', status: 'refunded' }]);
    const total = await client.datasets.list.query();
    expect(total.items.find((d) => d.name === 'orders')?.rowCount).toBe(100);

    const report = await fetch(`${api.url}/api/imports/${created.id}/errors.csv`, {
      headers: authHeaders(api.url),
    });
    expect(report.headers.get('content-disposition')).toBe(
      `attachment; filename="import-${created.id}-errors.csv"`,
    );
    const text = await report.text();
    expect(text.split('\r\n')[0]).toBe('line,column,value,message');
    expect(text).toContain("102,amount,'-3,must be >= 0");
    expect(text).toContain('"ORD-103,too,many,columns,in,this,line"');
    // Spreadsheet formulas are neutralised.
    expect(text).toContain("106,amount,'=1+2,must be a number");
  });

  it("builds a batch of 1,000 lines from the reader's slices of 500: one transaction, last row wins across slices", async () => {
    const big = await startApi(mode, { IMPORT_BATCH_ROWS: '1000' });
    try {
      const bigClient = trpcClient(big.url);
      // Lines 2-701 are ORD-1..700; line 702 repeats ORD-10 (first slice) in the second slice,
      // line 703 is refused. The whole file is one batch: 702 lines.
      const csv = ordersCsv(700, [
        'ORD-10,later@example.com,7.25,EUR,refunded,2026-03-02T10:00:00Z',
        'ORD-701,bad,1,EUR,paid,2026-03-01T10:00:00Z',
      ]).replaceAll('ORD-', 'SLC-');
      const uploadId = await uploadFile(big.url, csv);
      const created = await bigClient.imports.createFromUpload.mutate({
        uploadId,
        dataset: 'orders',
      });
      const done = await waitForEnd(bigClient, created.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        accepted: 701,
        rejected: 1,
        duplicates: 1,
      });
      expect(done.progress).toMatchObject({ rowsDone: 702, bytesDone: csv.length });
      expect(done.rejections.map((r) => [r.row, r.field])).toEqual([[703, 'customer_email']]);
      const rows = await bigClient.datasets.rows.query({ dataset: 'orders', search: 'SLC-10' });
      expect(rows.items.find((r) => r.order_id === 'SLC-10')).toMatchObject({
        customer_email: 'later@example.com',
        amount: '7.25',
      });
    } finally {
      await big.close();
    }
  });

  it('keeps every value exactly through COPY, on a first import and on a re-import (upsert)', async () => {
    // Values that break a naive COPY encoding: quotes, delimiters, line breaks, backslashes,
    // COPY's `\\.` end-of-data marker and `\\N` null marker on lines of their own, unicode.
    const names = [
      'say "hi", then leave',
      'line one\nline two\r\nline three',
      'back\\slash \\N \\t \\\\ end',
      'first\n\\.\nlast',
      '\\.',
      '\\N',
      'Zoë 北京 😀 e\u0301',
      "it's; a | tab\there",
    ];
    const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
    const file = (rows: string[][]) =>
      `${['email,name,company', ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`;
    const first = names.map((name, i) => [
      `copy${i}@example.com`,
      name,
      i % 2 ? '' : `Co, ${name}`,
    ]);
    const nul = ['nul@example.com', 'before\u0000after', ''];
    type Keyed = { email?: string | null | undefined };
    const byEmail = (a: Keyed, b: Keyed) => ((a.email ?? '') < (b.email ?? '') ? -1 : 1);
    const read = async () =>
      (await client.datasets.rows.query({ dataset: 'contacts', search: 'copy', limit: 100 })).items
        .map(({ email, name, company }) => ({ email, name, company }))
        .sort(byEmail);
    const expected = (rows: string[][]) =>
      rows
        .map(([email, name, company]) => ({ email, name, company: company || null }))
        .sort(byEmail);

    // A malformed line holding U+0000: refused by the reader, its raw text kept in the report.
    const badLine = 'bad\u0000line@example.com,a,b,c\r\n';
    const good = file([...first, nul]);
    const once = await client.imports.createFromUpload.mutate({
      uploadId: await uploadFile(api.url, good + badLine, 'contacts.csv'),
      dataset: 'contacts',
    });
    const done = await finished(once.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      error: null,
      accepted: names.length,
      rejected: 2,
    });
    expect(done.rejections.map((r) => [r.field, r.message, r.value])).toEqual([
      ['name', 'must not contain the NUL character (U+0000)', 'before\u2400after'],
      [
        '',
        `line ${good.split('\n').length}: expected 3 columns, found 4`,
        'bad\u2400line@example.com,a,b,c',
      ],
    ]);
    expect(await read()).toEqual(expected(first));

    // Every key again with the names rotated, plus a new one: the staging + upsert path.
    const second = [
      ...first.map(([email], i) => [email ?? '', names[(i + 1) % names.length] ?? '', '']),
      ['copy99@example.com', 'new, "quoted"\nrow', 'x'],
    ];
    const again = await client.imports.createFromUpload.mutate({
      uploadId: await uploadFile(api.url, file(second), 'contacts.csv'),
      dataset: 'contacts',
    });
    expect(await finished(again.id)).toMatchObject({
      status: 'succeeded',
      error: null,
      accepted: second.length,
      rejected: 0,
    });
    expect(await read()).toEqual(expected(second));
  });

  it('streams progress over SSE until the import ends', async () => {
    const uploadId = await uploadFile(api.url, ordersCsv(400).replaceAll('ORD-', 'SSE-'));
    const live = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: `${api.url}/trpc`, ...eventSourceWithToken(api.token) })],
    });
    const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
    const seen: { status: string; rowsDone: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = live.imports.onProgress.subscribe(
        { id: created.id },
        {
          onData(summary) {
            seen.push({ status: summary.status, rowsDone: summary.progress?.rowsDone ?? 0 });
            if (!['queued', 'running'].includes(summary.status)) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(seen.at(-1)).toEqual({ status: 'succeeded', rowsDone: 400 });
    const counts = seen.map((s) => s.rowsDone);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('refuses a mapping that leaves a required column out or names a header the file lacks', async () => {
    const uploadId = await uploadFile(api.url, ordersCsv(2));
    const error = await client.imports.createFromUpload
      .mutate({ uploadId, dataset: 'orders', mapping: { order_id: 'Order ID', amount: 'Price' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      httpStatus: 400,
      appCode: 'VALIDATION_FAILED',
    });
    expect((error as Error).message).toContain('amount: the file has no column "Price"');
    expect((error as Error).message).toContain('customer_email is required');
  });

  it('refuses unknown and unfinished uploads', async () => {
    const missing = await rest(api.url, '/api/imports/from-upload', {
      method: 'POST',
      json: { uploadId: 'f'.repeat(32), dataset: 'orders' },
    });
    expect(missing.status).toBe(404);
    const open = await fetch(`${api.url}/api/uploads`, {
      method: 'POST',
      headers: {
        ...authHeaders(api.url),
        'tus-resumable': '1.0.0',
        'upload-length': '100',
        'upload-metadata': `filename ${Buffer.from('a.csv').toString('base64')}`,
      },
    });
    const id = open.headers.get('location')?.split('/').pop() ?? '';
    const unfinished = await rest(api.url, '/api/imports/from-upload', {
      method: 'POST',
      json: { uploadId: id, dataset: 'orders' },
    });
    expect(unfinished.status).toBe(409);
    expect(unfinished.json).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining('not complete yet') },
    });
  });

  it('cancels a running import at the next batch and keeps what was written', async () => {
    // One row per batch, so the import is still running when the cancel arrives.
    const slow = await startApi(mode, { IMPORT_BATCH_ROWS: '1' });
    try {
      const slowClient = trpcClient(slow.url);
      const uploadId = await uploadFile(slow.url, ordersCsv(20_000).replaceAll('ORD-', 'CAN-'));
      const created = await slowClient.imports.createFromUpload.mutate({
        uploadId,
        dataset: 'orders',
      });
      for (let i = 0; i < 400; i++) {
        const d = await slowClient.imports.get.query({ id: created.id });
        if ((d.progress?.rowsDone ?? 0) > 0) break;
        await sleep(10);
      }
      await slowClient.imports.cancel.mutate({ id: created.id });
      let done = await slowClient.imports.get.query({ id: created.id });
      for (let i = 0; i < 400 && done.status === 'running'; i++) {
        await sleep(25);
        done = await slowClient.imports.get.query({ id: created.id });
      }
      expect(done.status).toBe('cancelled');
      expect(done.error).toBe('Cancelled; batches written before the cancel were kept');
      expect(done.accepted).toBeGreaterThan(0);
      expect(done.accepted).toBeLessThan(20_000);
      const kept = await slowClient.datasets.list.query();
      expect(kept.items.find((d) => d.name === 'orders')?.rowCount).toBe(done.accepted);
      const again = await slowClient.imports.cancel
        .mutate({ id: created.id })
        .catch((e: unknown) => e);
      expect((again as TRPCClientError<AppRouter>).data).toMatchObject({ httpStatus: 409 });
    } finally {
      await slow.close();
    }
  }, 120_000);
});
