import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type ObservedApi, pgliteMode, startObservedApi } from './capture.js';

const TOKEN = 'metrics-token-0123456789';
const seriesOf = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));
const sample = (text: string, prefix: string): number | undefined => {
  const line = seriesOf(text).find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe.each(databaseModes())('Prometheus metrics on $name', (mode) => {
  let api: ObservedApi;
  beforeAll(async () => {
    api = await startObservedApi(mode, {
      LOG_LEVEL: 'silent',
      // 1,000 reads in a few seconds from one caller: the read limit is not what this measures.
      RATE_LIMIT_READS_PER_SECOND: '0',
    });
  });
  afterAll(() => api?.close());
  const scrape = async () => {
    const res = await rest(api.url, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text;
  };

  it('times requests by route pattern or procedure, method and status class', async () => {
    await rest(api.url, '/api/datasets');
    await rest(api.url, '/trpc/datasets.list');
    await rest(api.url, '/api/nope');
    const text = await scrape();
    expect(text).toContain(
      'intake_http_request_duration_seconds_bucket{le="0.001",route="/api/datasets",method="GET",status_class="2xx"}',
    );
    expect(text).toContain('route="datasets.list",method="GET",status_class="2xx"');
    expect(text).toContain('route="unmatched",method="GET",status_class="4xx"');
    expect(text).toMatch(/le="10",route="\/api\/datasets"/);
    expect(text).toContain(
      'intake_trpc_calls_total{procedure="datasets.list",type="query",code="OK"}',
    );
    // Default process metrics, event-loop lag included.
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('intake_queue_jobs{queue="file-imports",state="waiting"} 0');
  });

  it('counts outcomes by appCode and import rows accepted/rejected', async () => {
    await rest(
      api.url,
      `/trpc/imports.get?input=${encodeURIComponent(JSON.stringify({ id: randomUUID() }))}`,
    );
    await rest(api.url, '/api/import', {
      method: 'POST',
      json: {
        dataset: 'orders',
        rows: [orderRow('M-1'), orderRow('M-2'), orderRow('M-3', { amount: -1 })],
      },
    });
    const text = await scrape();
    expect(text).toContain(
      'intake_trpc_calls_total{procedure="imports.get",type="query",code="NOT_FOUND"} 1',
    );
    expect(sample(text, 'intake_import_rows_total{dataset="orders",outcome="accepted"}')).toBe(2);
    expect(sample(text, 'intake_import_rows_total{dataset="orders",outcome="rejected"}')).toBe(1);
    expect(sample(text, 'intake_imports_total{source="rows",status="succeeded"}')).toBe(1);
  });

  it('keeps label cardinality flat: 1,000 requests to distinct ids add no series', async () => {
    const hit = (id: string) =>
      Promise.all([
        rest(api.url, `/api/imports/${id}`),
        rest(api.url, `/trpc/imports.get?input=${encodeURIComponent(JSON.stringify({ id }))}`),
        rest(api.url, `/api/datasets/orders/rows?search=${id}`),
        rest(api.url, `/no/such/${id}`),
      ]);
    await hit(randomUUID());
    const before = seriesOf(await scrape()).map((l) => l.slice(0, l.lastIndexOf(' ')));
    for (let i = 0; i < 250; i++) await hit(randomUUID());
    const after = seriesOf(await scrape()).map((l) => l.slice(0, l.lastIndexOf(' ')));
    // Process metrics may gain a GC kind under load; that is not request-driven cardinality.
    const added = after.filter((s) => !before.includes(s) && !/^(nodejs|process)_/.test(s));
    // The scrape itself adds its own route once (first scrape of /metrics counted afterwards).
    expect(added.filter((s) => !s.includes('route="/metrics"'))).toEqual([]);
    expect(after.filter((s) => s.startsWith('intake_http_')).length).toBeGreaterThan(0);
    expect(after.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('GET /metrics access', () => {
  let open: ObservedApi;
  let guarded: ObservedApi;
  beforeAll(async () => {
    open = await startObservedApi(pgliteMode(), { LOG_LEVEL: 'silent' });
    guarded = await startObservedApi(pgliteMode(), {
      LOG_LEVEL: 'silent',
      INTAKE_METRICS_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('without a token: loopback only, others get 403 in the REST error shape', async () => {
    expect((await rest(open.url, '/metrics')).status).toBe(200);
    const res = await open.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      error: { code: 'FORBIDDEN', requestId: expect.any(String) },
    });
  });

  it('with INTAKE_METRICS_TOKEN: Bearer token required, from anywhere', async () => {
    const none = await rest(guarded.url, '/metrics');
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const wrong = await rest(guarded.url, '/metrics', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const right = await guarded.app.inject({
      url: '/metrics',
      remoteAddress: '10.1.2.3',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('intake_http_request_duration_seconds');
  });

  it('METRICS_ENABLED=false: no /metrics route at all', async () => {
    const off = await startObservedApi(pgliteMode(), {
      LOG_LEVEL: 'silent',
      METRICS_ENABLED: 'false',
    });
    try {
      expect((await rest(off.url, '/metrics')).status).toBe(404);
      expect((await rest(off.url, '/api/datasets')).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});
