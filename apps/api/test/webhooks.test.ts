import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/index.js';
import { trpcClient } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { orderRow } from './helpers/rows.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

/** A webhook receiver on loopback that answers with the statuses it is told to, in order. */
async function startReceiver() {
  const calls: { headers: IncomingHttpHeaders; body: string }[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    calls,
    answers,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => server.close(),
  };
}

const until = async (check: () => Promise<boolean> | boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
};

const [pglite, postgres] = databaseModes();
const redisUrl = process.env.TEST_REDIS_URL;
const setups = [
  { name: 'PGlite, in-process queue', mode: pglite, env: {} as Record<string, string> },
  ...(postgres && redisUrl
    ? [
        {
          name: 'PostgreSQL, BullMQ on Redis',
          mode: postgres,
          env: { REDIS_URL: redisUrl } as Record<string, string>,
        },
      ]
    : []),
];

describe.each(setups)('outbound webhooks on $name', ({ mode, env }) => {
  let api: RunningApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: ReturnType<typeof trpcClient>;
  const prefix = `intake-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    if (!mode) throw new Error('no database mode');
    receiver = await startReceiver();
    api = await startApi(mode, {
      ...env,
      REDIS_PREFIX: prefix,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_BACKOFF_MS: '50',
    });
    client = trpcClient(api.url);
  });
  beforeEach(async () => {
    receiver.calls.length = 0;
    receiver.answers.length = 0;
    for (const e of (await client.webhooks.listEndpoints.query()).items) {
      await client.webhooks.deleteEndpoint.mutate({ id: e.id });
    }
  });
  afterAll(async () => {
    await api?.close();
    receiver?.close();
    if (env.REDIS_URL) {
      const redis = new Redis(env.REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('sends a signed import.succeeded to each subscribed endpoint and logs the attempt', async () => {
    const endpoint = await client.webhooks.createEndpoint.mutate({
      url: receiver.url,
      events: ['import.succeeded'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const result = await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [orderRow('W-1'), orderRow('W-2', { amount: -1 })],
    });
    await until(() => receiver.calls.length === 1);
    const [call] = receiver.calls;
    const payload = new Webhook(endpoint.secret).verify(
      call?.body ?? '',
      call?.headers as Record<string, string>,
    );
    expect(payload).toMatchObject({
      type: 'import.succeeded',
      data: {
        importId: result.importId,
        dataset: 'orders',
        status: 'succeeded',
        accepted: 1,
        rejected: 1,
      },
    });
    await until(
      async () => (await client.webhooks.listDeliveries.query({})).items[0]?.status === 'succeeded',
    );
    const [delivery] = (await client.webhooks.listDeliveries.query({ endpointId: endpoint.id }))
      .items;
    expect(delivery).toMatchObject({
      event: 'import.succeeded',
      attempts: 1,
      lastStatus: 200,
      responseSnippet: 'thanks',
      lastError: null,
    });
    expect(delivery?.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(call?.headers['webhook-id']).toBe(delivery?.id);
  });

  it('retries with backoff until the receiver accepts', async () => {
    await client.webhooks.createEndpoint.mutate({
      url: receiver.url,
      events: ['import.succeeded'],
    });
    receiver.answers.push(500, 503);
    await client.imports.createFromRows.mutate({ dataset: 'orders', rows: [orderRow('W-3')] });
    await until(
      async () => (await client.webhooks.listDeliveries.query({})).items[0]?.status === 'succeeded',
    );
    const [delivery] = (await client.webhooks.listDeliveries.query({})).items;
    expect(delivery).toMatchObject({ attempts: 3, lastStatus: 200 });
    expect(receiver.calls.map((c) => c.headers['webhook-id'])).toEqual([
      delivery?.id,
      delivery?.id,
      delivery?.id,
    ]);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS, and can be sent again by hand', async () => {
    await client.webhooks.createEndpoint.mutate({
      url: receiver.url,
      events: ['import.succeeded'],
    });
    receiver.answers.push(500, 500, 500);
    await client.imports.createFromRows.mutate({ dataset: 'orders', rows: [orderRow('W-4')] });
    await until(
      async () => (await client.webhooks.listDeliveries.query({})).items[0]?.status === 'failed',
    );
    const [failed] = (await client.webhooks.listDeliveries.query({})).items;
    expect(failed).toMatchObject({
      attempts: 3,
      lastStatus: 500,
      lastError: 'receiver answered 500',
    });
    await client.webhooks.redeliver.mutate({ id: failed?.id ?? '' });
    await until(
      async () => (await client.webhooks.listDeliveries.query({})).items[0]?.status === 'succeeded',
    );
    expect(receiver.calls).toHaveLength(4);
  });

  it('does not send events an endpoint did not subscribe to', async () => {
    await client.webhooks.createEndpoint.mutate({ url: receiver.url, events: ['import.failed'] });
    await client.imports.createFromRows.mutate({ dataset: 'orders', rows: [orderRow('W-5')] });
    await sleep(300);
    expect(receiver.calls).toHaveLength(0);
  });
});

describe('webhook endpoints and the server’s own network', () => {
  let api: RunningApi;
  beforeAll(async () => {
    if (!pglite) throw new Error('no database mode');
    api = await startApi(pglite);
  });
  afterAll(() => api?.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
  ])('refuses %s unless WEBHOOK_ALLOW_PRIVATE is set', async (url) => {
    const error = await trpcClient(api.url)
      .webhooks.createEndpoint.mutate({ url, events: ['import.succeeded'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      httpStatus: 403,
      appCode: 'FORBIDDEN',
    });
    expect((error as Error).message).toContain('WEBHOOK_ALLOW_PRIVATE');
  });
});
