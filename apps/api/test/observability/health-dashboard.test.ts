import { randomUUID } from 'node:crypto';
import type { DashboardOutput, WindowStats } from '@intake/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { orderRow } from '../helpers/rows.js';
import { type ObservedApi, pgliteMode, startObservedApi } from './capture.js';
import {
  drive,
  expectPercentilesWithin,
  loggedLatencies,
  loggedStatuses,
  workRoute,
} from './health-traffic.js';

const fiveMinutes = (windows: WindowStats[]) => windows.find((w) => w.windowSeconds === 300);

describe('Health dashboard over HTTP (one instance)', () => {
  let api: ObservedApi;
  let startedAt: number;
  let listeningAt: number;
  beforeAll(async () => {
    startedAt = Date.now();
    api = await startObservedApi(pgliteMode(), {}, workRoute);
    listeningAt = Date.now();
  });
  afterAll(() => api?.close());

  it('shows P50/P90/P99 within the stated accuracy, 4xx and 5xx apart, QPS, per route and procedure', async () => {
    const client = trpcClient(api.url);
    // 100 requests: 60 fast 2xx, 30 at 40 ms answered 404, 10 slow ones answered 500.
    await drive(api.url, 60, 5);
    await drive(api.url, 30, 40, 404);
    await drive(api.url, 10, 150, 500);
    for (let i = 0; i < 5; i++) await client.datasets.list.query();
    // Two NOT_FOUND calls in one batch: counted per procedure, inside the batch.
    await Promise.all([
      client.imports.get.query({ id: randomUUID() }).catch(() => undefined),
      client.imports.get.query({ id: randomUUID() }).catch(() => undefined),
    ]);
    const beforeRead = Date.now();
    const dashboard: DashboardOutput = await client.ops.dashboard.query({ seriesSeconds: 300 });
    const afterRead = Date.now();

    expect(dashboard.instances).toMatchObject({ merged: 1, source: 'local' });
    expect(dashboard.instances.note).toMatch(/this instance only/i);
    expect(dashboard.relativeAccuracy).toBe(0.01);

    const route = dashboard.keys.find((k) => k.key === '/test/work/:ms');
    expect(route?.kind).toBe('route');
    const work = fiveMinutes(route?.windows ?? []);
    expect(work).toMatchObject({
      requests: 100,
      count4xx: 30,
      count5xx: 10,
      rate4xx: 0.3,
      rate5xx: 0.1,
    });
    expectPercentilesWithin(
      work as WindowStats,
      loggedLatencies([api.logs], '/test/work/:ms'),
      0.01,
    );
    // Sleeps only set a floor: a loaded machine answers later, never sooner.
    expect(work?.p50Ms).toBeGreaterThanOrEqual(5 * 0.99);
    expect(work?.p99Ms).toBeGreaterThanOrEqual(150 * 0.99);

    // Per procedure: each call counted, batched ones too, with its answer's status class.
    const list = fiveMinutes(dashboard.keys.find((k) => k.key === 'datasets.list')?.windows ?? []);
    expect(list).toMatchObject({ requests: 5, count4xx: 0, count5xx: 0 });
    const get = fiveMinutes(dashboard.keys.find((k) => k.key === 'imports.get')?.windows ?? []);
    expect(get).toMatchObject({ requests: 2, count4xx: 2, rate4xx: 1 });
    expect(dashboard.keys.find((k) => k.key === 'imports.get')?.kind).toBe('procedure');

    // Overall = every HTTP request but the dashboard's own (the helper's sign-in, 100 + 5 + 1
    // batch, which tRPC answers 404 as a whole since both of its calls were NOT_FOUND).
    const all = loggedLatencies([api.logs]);
    const overall = fiveMinutes(dashboard.overall) as WindowStats;
    expect(all.length).toBeGreaterThanOrEqual(106);
    expect(overall).toMatchObject({
      requests: all.length,
      count4xx: loggedStatuses([api.logs], 400),
      count5xx: loggedStatuses([api.logs], 500),
    });
    expect(overall.count4xx).toBeGreaterThanOrEqual(31);
    expect(overall.count5xx).toBe(10);
    expectPercentilesWithin(overall, all, 0.01);
    // QPS over the seconds covered so far: the process is younger than five minutes.
    expect(overall.coveredSeconds).toBeGreaterThanOrEqual((beforeRead - listeningAt) / 1000 - 0.1);
    expect(overall.coveredSeconds).toBeLessThanOrEqual((afterRead - startedAt) / 1000 + 0.1);
    // coveredSeconds is shown rounded to 0.1 s and the rate uses the exact figure: on a fast run
    // (under 2 s covered) that rounding alone is several percent, so bound it by the rounding.
    const covered = overall.coveredSeconds;
    expect(overall.qps).toBeGreaterThanOrEqual((all.length / (covered + 0.05)) * 0.99);
    expect(overall.qps).toBeLessThanOrEqual((all.length / Math.max(covered - 0.05, 0.01)) * 1.01);
    for (const w of dashboard.overall) expect(w.requests).toBe(all.length);

    // Slowest first by P99 (the sign-in, a password hash, and cold first calls may beat the 150 ms ones).
    const slowest = dashboard.slowest.map((k) => k.p99Ms ?? 0);
    expect(slowest).toEqual([...slowest].sort((x, y) => y - x));
    expect(dashboard.slowest).toContainEqual(
      expect.objectContaining({ key: '/test/work/:ms', requests: 100 }),
    );
    // The charts' last points hold the traffic just sent.
    const points = dashboard.series.qps.reduce((s, q) => s + q, 0);
    expect(points).toBeGreaterThan(0);
    expect(dashboard.series.t.length).toBe(dashboard.series.qps.length);

    // Reading the dashboard is not traffic: a second read shows the same count.
    const again = await client.ops.dashboard.query({ seriesSeconds: 300 });
    expect(fiveMinutes(again.overall)?.requests).toBe(all.length);
    // Import queue and throughput are there (nothing queued, nothing imported yet).
    expect(again.imports.queue).toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect(again.imports.windows.map((w) => w.windowSeconds)).toEqual([300, 900, 3600]);
  });

  it('counts import rows and throughput once an import finishes', async () => {
    const client = trpcClient(api.url);
    const rows = Array.from({ length: 50 }, (_, i) => orderRow(`H-${i}`));
    await client.imports.createFromRows.mutate({ dataset: 'orders', rows });
    const dashboard = await client.ops.dashboard.query({ seriesSeconds: 300 });
    const w = dashboard.imports.windows.find((x) => x.windowSeconds === 300);
    expect(w).toMatchObject({ rows: 50, succeeded: 1, failed: 0 });
    expect(w?.rowsPerSecond).toBeGreaterThan(0);
    // Rows over the seconds the window covers; the two figures are read a moment apart, so
    // they may straddle a second (within 10 %).
    const expected = 50 / (fiveMinutes(dashboard.overall)?.coveredSeconds ?? 1);
    expect(Math.abs((w?.rowsPerSecond ?? 0) - expected) / expected).toBeLessThan(0.1);
  });

  it('is on the REST face too, for administrators only', async () => {
    expect((await rest(api.url, '/api/ops/dashboard', { token: null })).status).toBe(401);
    const res = await rest(api.url, '/api/ops/dashboard');
    expect(res.status).toBe(200);
    const body = res.json as DashboardOutput;
    // The default rules, the same as deploy/prometheus/intake-alerts.yml.
    expect(body.alerts.map((a) => [a.rule, a.threshold, a.windowSeconds, a.forSeconds])).toEqual([
      ['latency_p99', 1000, 300, 300],
      ['error_rate_5xx', 0.01, 300, 300],
      ['import_failures', 0, 900, 0],
      ['import_queue_backlog', 10, 900, 900],
      ['webhook_queue_backlog', 100, 900, 900],
      ['log_shipping_drops', 0, 600, 0],
    ]);
  });
});
