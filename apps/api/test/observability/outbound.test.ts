import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { orderRow } from '../helpers/rows.js';
import { eventually, type ObservedApi, pgliteMode, startObservedApi } from './capture.js';

describe('outbound calls (webhook deliveries)', () => {
  let api: ObservedApi;
  const calls: IncomingHttpHeaders[] = [];
  const receiver = createServer((req, res) => {
    calls.push(req.headers);
    req.resume().on('end', () => res.end('ok'));
  });
  let receiverUrl = '';
  beforeAll(async () => {
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    api = await startObservedApi(pgliteMode(), {
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_MAX_ATTEMPTS: '1',
    });
  });
  afterAll(async () => {
    await api?.close();
    receiver.close();
  });

  it('sends the request id along and times attempts by host and outcome, failures included', async () => {
    const client = trpcClient(api.url);
    await client.webhooks.createEndpoint.mutate({ url: receiverUrl, events: ['import.succeeded'] });
    // Nothing listens on port 9 (discard) on loopback here: a network error.
    await client.webhooks.createEndpoint.mutate({
      url: 'http://127.0.0.1:9/hooks',
      events: ['import.succeeded'],
    });
    const res = await rest(api.url, '/api/import', {
      method: 'POST',
      headers: { 'x-request-id': 'req-outbound-7' },
      json: { dataset: 'orders', rows: [orderRow('O-1')] },
    });
    expect(res.status).toBe(200);
    const headers = await eventually(() => calls[0]);
    expect(headers['x-request-id']).toBe('req-outbound-7');
    const host = new URL(receiverUrl).host;
    const metrics = await eventuallyAsync(async () => {
      const body = (await rest(api.url, '/metrics')).text;
      return body.includes('outcome="network_error"') ? body : undefined;
    });
    expect(metrics).toContain(
      `intake_outbound_request_duration_seconds_count{client="webhooks",host="${host}",outcome="2xx"} 1`,
    );
    expect(metrics).toContain(
      'intake_outbound_request_duration_seconds_count{client="webhooks",host="127.0.0.1:9",outcome="network_error"} 1',
    );
    expect(metrics).toMatch(
      /intake_job_duration_seconds_count\{queue="webhook-deliveries",outcome="ok"\} 2/,
    );
  });
});

async function eventuallyAsync<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
