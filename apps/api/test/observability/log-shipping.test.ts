import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { eventually, type ObservedApi, pgliteMode, startObservedApi } from './capture.js';
import { startEsStandIn } from './es-stand-in.js';

/** A port nothing listens on: Elasticsearch down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('log shipping to Elasticsearch', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  it('ships ECS lines to the logs-intake-default data stream with op_type create', async () => {
    const es = await startEsStandIn();
    open.push(es);
    const api: ObservedApi = await startObservedApi(pgliteMode(), {
      ELASTICSEARCH_URL: es.url,
      ELASTICSEARCH_FLUSH_MS: '50',
    });
    open.push(api);
    await rest(api.url, '/api/datasets', { headers: { 'x-request-id': 'ship-1' } });
    const op = await eventually(() =>
      es.received.find(
        (o) => o.doc['trace.id'] === 'ship-1' && o.doc.message === 'request completed',
      ),
    );
    // pino-elasticsearch writes `index` actions with op_type create, which data streams require.
    expect(op.action).toEqual({ index: { _index: 'logs-intake-default', op_type: 'create' } });
    expect(op.doc).toMatchObject({ 'log.level': 'info', '@timestamp': expect.any(String) });
    // stdout (here: the capture) gets the same line.
    expect(api.logs.find((l) => l['trace.id'] === 'ship-1')).toBeDefined();
    await eventually(() => (api.app.observability.shipper?.stats.shipped ?? 0) > 0 || undefined);
  });

  it('Elasticsearch down: the API keeps answering fast, the buffer stays bounded, drops are counted', async () => {
    const port = await deadPort();
    const api = await startObservedApi(pgliteMode(), {
      ELASTICSEARCH_URL: `http://127.0.0.1:${port}`,
      ELASTICSEARCH_FLUSH_MS: '20',
      ELASTICSEARCH_BUFFER_LIMIT: '50',
      // 200 reads back to back from one caller: the read limit is not what this measures.
      RATE_LIMIT_READS_PER_SECOND: '0',
    });
    open.push(api);
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      const res = await rest(api.url, '/api/datasets');
      expect(res.status).toBe(200);
    }
    const perRequestMs = (performance.now() - started) / 200;
    expect(perRequestMs).toBeLessThan(50);
    const shipper = api.app.observability.shipper;
    expect(shipper?.stats.buffered).toBeLessThanOrEqual(50);
    expect(shipper?.stats.dropped).toBeGreaterThan(100);
    const metrics = await rest(api.url, '/metrics');
    expect(metrics.text).toMatch(
      /intake_log_shipping_dropped_total\{reason="buffer_full"\} [1-9]\d*/,
    );

    // Elasticsearch comes back on the same port: what is still buffered gets shipped.
    const es = await startEsStandIn(port);
    open.push(es);
    await rest(api.url, '/api/datasets', { headers: { 'x-request-id': 'after-outage' } });
    await eventually(() => es.received.find((o) => o.doc['trace.id'] === 'after-outage'), 20_000);
  });
});
