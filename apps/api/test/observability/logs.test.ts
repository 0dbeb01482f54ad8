import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { ordersCsv, uploadFile } from '../helpers/upload-file.js';
import { eventually, type ObservedApi, pgliteMode, startObservedApi } from './capture.js';

describe('ECS request logs', () => {
  let api: ObservedApi;
  beforeAll(async () => {
    api = await startObservedApi(pgliteMode(), { LOG_LEVEL: 'debug' }, (app) => {
      app.get('/test/boom', async () => {
        throw new Error('kaboom in a handler');
      });
    });
  });
  afterAll(() => api?.close());

  it('logs one ECS line per request with the request id as trace.id and transaction.id', async () => {
    const res = await rest(api.url, '/api/datasets?x=secret-query', {
      headers: { 'x-request-id': 'req-logs-1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-logs-1');
    const line = await eventually(() =>
      api.logs.find((l) => l['trace.id'] === 'req-logs-1' && l.message === 'request completed'),
    );
    expect(line).toMatchObject({
      'log.level': 'info',
      'ecs.version': expect.any(String),
      'transaction.id': 'req-logs-1',
      http: { request: { method: 'GET' }, response: { status_code: 200 } },
      url: { path: '/api/datasets' },
      event: { duration: expect.any(Number) },
      route: '/api/datasets',
    });
    expect(Date.parse(String(line['@timestamp']))).not.toBeNaN();
    expect(api.logs.text).not.toContain('secret-query');
  });

  it('logs a 5xx once, with error type, message, stack and request id; the answer hides it', async () => {
    const res = await rest(api.url, '/test/boom', { headers: { 'x-request-id': 'req-boom' } });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ error: { code: 'INTERNAL', requestId: 'req-boom' } });
    expect(res.text).not.toContain('kaboom');
    const errors = await eventually(() => {
      const found = api.logs.lines.filter(
        (l) => l['trace.id'] === 'req-boom' && l['log.level'] === 'error',
      );
      return found.length > 0 ? found : undefined;
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      error: {
        type: 'Error',
        message: 'kaboom in a handler',
        stack_trace: expect.stringContaining('kaboom in a handler'),
      },
    });
  });

  it('redacts credentials and row contents: logs say how many, never what', async () => {
    api.app.log.info(
      {
        headers: { authorization: 'Bearer tok-123', cookie: 'sid=abc' },
        password: 'hunter2',
        nested: { token: 'tok-456', apiKey: 'key-789' },
        rows: [{ customer_email: 'alice@example.com' }],
        count: 1,
      },
      'redaction probe',
    );
    const probe = await eventually(() => api.logs.find((l) => l.message === 'redaction probe'));
    expect(probe).toMatchObject({ count: 1, password: '[Redacted]', rows: '[Redacted]' });
    for (const secret of ['tok-123', 'sid=abc', 'hunter2', 'tok-456', 'key-789', 'alice@'])
      expect(api.logs.text).not.toContain(secret);

    // A real import at debug level: neither the caller's token nor a customer's data is logged.
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, cookie: 'session=s3cr3t' },
      json: { dataset: 'orders', rows: [orderRow('LOG-1'), orderRow('LOG-2', { amount: -1 })] },
    });
    expect(res.status).toBe(200);
    await eventually(() => api.logs.find((l) => l.route === '/api/import'));
    for (const secret of [api.token, 's3cr3t', 'log-1@example.com', 'log-2@example.com'])
      expect(api.logs.text).not.toContain(secret);
  });
});

describe.each(databaseModes())('request id through a file import job on $name', (mode) => {
  let api: ObservedApi;
  beforeAll(async () => {
    api = await startObservedApi(mode, { IMPORT_BATCH_ROWS: '10' });
  });
  afterAll(() => api?.close());

  it('tags every job log line with the id of the request that started the import', async () => {
    const uploadId = await uploadFile(api.url, ordersCsv(25));
    const res = await rest(api.url, '/trpc/imports.createFromUpload', {
      method: 'POST',
      headers: { 'x-request-id': 'req-import-42' },
      json: { uploadId, dataset: 'orders' },
    });
    expect(res.status).toBe(200);
    const client = trpcClient(api.url);
    const id = (res.json as { result: { data: { id: string } } }).result.data.id;
    for (let i = 0; i < 400; i++) {
      const detail = await client.imports.get.query({ id });
      if (detail.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const jobLine = await eventually(() =>
      api.logs.find((l) => l.message === 'job attempt finished'),
    );
    expect(jobLine).toMatchObject({
      'trace.id': 'req-import-42',
      'transaction.id': 'req-import-42',
      job: { queue: 'file-imports', attempt: 1, outcome: 'ok' },
    });
    // Customer data of the file never reaches the logs.
    expect(api.logs.text).not.toContain('buyer1@example.com');
  });
});
