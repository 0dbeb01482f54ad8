import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpClient, isHttpError } from '@intake/http-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSandbox, type Sandbox } from '../src/index.js';

/** Intake's own HTTP client against the stand-in provider, as the API uses it. */
let sandbox: Sandbox;
let url: string;
beforeEach(async () => {
  sandbox = await buildSandbox({
    merchantId: 'm_1',
    apiKey: 'sk_test',
    callbackSecret: 'whsec_dGVzdC1jYWxsYmFjay1zZWNyZXQtMTIzNDU2Nzg5MA==',
    users: { ann: 'pw' },
    sessionTtlSeconds: 2,
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
});
afterEach(() => sandbox.app.close());

describe('@intake/http-client against the payment sandbox', () => {
  it('keeps the dashboard session across a client restart until the cookie expires', async () => {
    const first = createHttpClient({ baseUrl: url, cookies: true });
    await first.post('login', { json: { username: 'ann', password: 'pw' } });
    expect((await first.get('dashboard/charges').json()) as { user: string }).toMatchObject({
      user: 'ann',
    });
    const saved = JSON.parse(JSON.stringify(await first.exportCookies()));
    await first.close();

    const restarted = createHttpClient({ baseUrl: url, cookies: saved });
    expect((await restarted.get('dashboard/charges')).status).toBe(200);
    await sleep(2100);
    const expired = await restarted.get('dashboard/charges').catch((e: unknown) => e);
    expect(isHttpError(expired) && expired.status).toBe(401);
    await restarted.close();
  });

  it('waits as long as Retry-After says, then gets the charge', async () => {
    const client = createHttpClient({ baseUrl: url, auth: { type: 'bearer', token: 'sk_test' } });
    const charge = (await client
      .post('v1/charges', {
        json: { merchantId: 'm_1', orderId: 'A-1', amount: '1.00', currency: 'USD' },
        idempotencyKey: 'order-A-1',
      })
      .json()) as { id: string };
    sandbox.faults.push([{ kind: 'rate-limit', retryAfter: 1, times: 1 }]);
    const started = Date.now();
    const got = (await client.get(`v1/charges/${charge.id}`).json()) as { id: string };
    expect(got.id).toBe(charge.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await client.close();
  });
});
