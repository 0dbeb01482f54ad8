import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trpcClient } from '../helpers/clients.js';
import { eventually, type ObservedApi, pgliteMode, startObservedApi } from './capture.js';
import { drive, workRoute } from './health-traffic.js';

/** A webhook receiver on loopback keeping every call. */
async function startReceiver() {
  const calls: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    calls.push({ headers: req.headers, body });
    res.writeHead(200).end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    calls,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    close: () => server.close(),
  };
}

describe('Health alerts', () => {
  let api: ObservedApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    // Seconds instead of minutes: P99 over the last 3 s above 400 ms for 1 s fires.
    api = await startObservedApi(
      pgliteMode(),
      {
        HEALTH_BUCKET_SECONDS: '1',
        ALERT_EVALUATION_SECONDS: '1',
        ALERT_RULES: JSON.stringify({
          latency_p99: { threshold: 400, windowSeconds: 3, forSeconds: 1 },
        }),
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_BACKOFF_MS: '50',
      },
      workRoute,
    );
  });
  afterAll(async () => {
    await api?.close();
    receiver?.close();
  });

  it('fires, then resolves: shown on the page, logged, and sent as signed webhooks', async () => {
    const client = trpcClient(api.url);
    const endpoint = await client.webhooks.createEndpoint.mutate({
      url: receiver.url,
      events: ['alert.firing', 'alert.resolved'],
    });
    const webhook = new Webhook(endpoint.secret);
    const received = () =>
      receiver.calls.map(
        (c) => webhook.verify(c.body, c.headers as Record<string, string>) as { type: string },
      );
    const latency = async () =>
      (await client.ops.dashboard.query({ seriesSeconds: 300 })).alerts.find(
        (a) => a.rule === 'latency_p99',
      );
    // Setting up (slow first writes on a busy machine) may itself breach the threshold: start
    // calm, and forget what that sent.
    for (let i = 0; (await latency())?.state !== 'ok' && i < 50; i++) await sleep(200);
    await sleep(500);
    receiver.calls.length = 0;
    expect(await latency()).toMatchObject({
      state: 'ok',
      threshold: 400,
      windowSeconds: 3,
      forSeconds: 1,
    });

    // Slow traffic until the alert fires: pending first, firing once it held for a second.
    let slow = true;
    const traffic = (async () => {
      while (slow) await drive(api.url, 2, 600, 200, 2);
    })();
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (!receiver.calls.length && Date.now() < deadline) {
      seen.add((await latency())?.state ?? '');
      await sleep(200);
    }
    slow = false;
    await traffic;
    expect(seen).toContain('pending');
    const firing = received()[0] as {
      type: string;
      data: { rule: string; state: string; value: number; threshold: number };
    };
    expect(firing).toMatchObject({
      type: 'alert.firing',
      data: { rule: 'latency_p99', state: 'firing', threshold: 400 },
    });
    expect(firing.data.value).toBeGreaterThanOrEqual(600 * 0.99);
    expect(await latency()).toMatchObject({ state: 'firing' });
    expect(
      api.logs.find((l) => l['log.level'] === 'warn' && /^alert firing: P99/.test(l.message ?? '')),
    ).toBeDefined();

    // No more slow requests: once the 3 s window holds none, the alert resolves.
    await eventually(() => (receiver.calls.length >= 2 ? true : undefined), 20_000);
    expect(received().map((p) => p.type)).toEqual(['alert.firing', 'alert.resolved']);
    expect(received()[1]).toMatchObject({ data: { rule: 'latency_p99', state: 'resolved' } });
    const dashboard = await client.ops.dashboard.query({ seriesSeconds: 300 });
    expect(dashboard.alerts.find((a) => a.rule === 'latency_p99')?.state).toBe('ok');
    expect(dashboard.alertHistory.slice(0, 2).map((e) => `${e.rule}:${e.state}`)).toEqual([
      'latency_p99:resolved',
      'latency_p99:firing',
    ]);
    expect(api.logs.find((l) => /^alert resolved: P99/.test(l.message ?? ''))).toBeDefined();
    // Each webhook carries the Standard Webhooks headers (verify() above checked the signature).
    for (const call of receiver.calls) expect(call.headers['webhook-signature']).toMatch(/^v1,/);
  });
});
