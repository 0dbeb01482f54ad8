import type { AddressInfo } from 'node:net';
import { buildSandbox, type Sandbox } from '@intake/payment-sandbox';
import type { TRPCClientError } from '@trpc/client';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/index.js';
import { rest, trpcClient } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { orderRow } from './helpers/rows.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

const secret = 'whsec_cGF5bWVudHMtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ==';

const fault = (sandboxUrl: string, faults: unknown[]) =>
  fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });

describe.each(databaseModes())('payments on $name', (mode) => {
  let sandbox: Sandbox;
  let sandboxUrl: string;
  let api: RunningApi;
  let client: ReturnType<typeof trpcClient>;

  beforeAll(async () => {
    sandbox = await buildSandbox({
      merchantId: 'm_intake',
      apiKey: 'sk_test',
      callbackSecret: secret,
      users: {},
    });
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    sandboxUrl = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
    api = await startApi(mode, {
      PAYMENT_PROVIDER_URL: sandboxUrl,
      PAYMENT_MERCHANT_ID: 'm_intake',
      PAYMENT_API_KEY: 'sk_test',
      PAYMENT_CALLBACK_SECRET: secret,
      PAYMENT_TIMEOUT_MS: '5000',
    });
    client = trpcClient(api.url);
    await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: ['O-1', 'O-2', 'O-3', 'O-4'].map((id) => orderRow(id, { status: 'pending' })),
    });
  });
  beforeEach(() => sandbox?.faults.clear());
  afterAll(async () => {
    await api?.close();
    await sandbox?.app.close();
  });

  const orderStatus = async (id: string) =>
    (await client.datasets.rows.query({ dataset: 'orders', search: id })).items[0]?.status;

  it('charges an order, and the signed callback marks the charge and the order paid', async () => {
    const charge = await client.payments.createCharge.mutate({
      orderId: 'O-1',
      amount: '10.00',
      currency: 'usd',
    });
    expect(charge).toMatchObject({
      orderId: 'O-1',
      amount: '10.00',
      currency: 'USD',
      status: 'pending',
    });
    expect(charge.paymentUrl).toBe(`${sandboxUrl}/pay/${charge.providerChargeId}`);
    const settled = await fetch(
      `${sandboxUrl}/_sandbox/charges/${charge.providerChargeId}/settle`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'succeeded' }),
      },
    );
    expect(await settled.json()).toMatchObject({
      delivery: { url: `${api.url}/api/webhooks/payments`, status: 204 },
    });
    expect(await client.payments.getCharge.query({ id: charge.id })).toMatchObject({
      status: 'succeeded',
    });
    expect(await orderStatus('O-1')).toBe('paid');
  });

  it('never charges twice: retried after timeouts and 5xx, and asked again by the caller', async () => {
    const before = sandbox.charges.createdCount;
    // The first attempt is answered late (after the client gave up on it), the second with a 503.
    await fault(sandboxUrl, [
      { kind: 'latency', ms: 3000 },
      { kind: 'status', status: 503 },
    ]);
    const first = await client.payments.createCharge.mutate({
      orderId: 'O-2',
      amount: 25,
      currency: 'EUR',
    });
    const again = await client.payments.createCharge.mutate({
      orderId: 'O-2',
      amount: '25.00',
      currency: 'EUR',
    });
    expect(again.id).toBe(first.id);
    expect(again.providerChargeId).toBe(first.providerChargeId);
    expect(sandbox.charges.createdCount - before).toBe(1);
  }, 30_000);

  it('answers 503 with a retry hint when the provider keeps failing, and a later call succeeds once', async () => {
    const before = sandbox.charges.createdCount;
    await fault(sandboxUrl, [{ kind: 'reset', times: 4 }]);
    const error = await client.payments.createCharge
      .mutate({ orderId: 'O-3', amount: '5.00', currency: 'USD' })
      .catch((e: unknown) => e);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      httpStatus: 503,
      appCode: 'UNAVAILABLE',
    });
    expect((error as Error).message).toContain('never made twice');
    const ok = await client.payments.createCharge.mutate({
      orderId: 'O-3',
      amount: '5.00',
      currency: 'USD',
    });
    expect(ok.providerChargeId).toMatch(/^ch_/);
    expect(sandbox.charges.createdCount - before).toBe(1);
  });

  it('refuses a charge for an unknown order and a bad amount, on the REST face too', async () => {
    const unknown = await rest(api.url, '/api/payments/charges', {
      method: 'POST',
      json: { orderId: 'NOPE', amount: '1.00', currency: 'USD' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'Order NOPE was not found' },
    });
    const bad = await rest(api.url, '/api/payments/charges', {
      method: 'POST',
      json: { orderId: 'O-4', amount: '1.005', currency: 'USD' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'amount' }] },
    });
  });

  describe('the payment callback', () => {
    const post = (body: string, headers: Record<string, string>) =>
      rest(api.url, '/api/webhooks/payments', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
    const signed = (id: string, body: string, at = new Date()) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    });

    it('refuses a bad signature, an old timestamp and a replay', async () => {
      const charge = await client.payments.createCharge.mutate({
        orderId: 'O-4',
        amount: '7.00',
        currency: 'USD',
      });
      const body = JSON.stringify({
        type: 'charge.failed',
        data: { chargeId: charge.providerChargeId, status: 'failed' },
      });

      const forged = await post(body, {
        ...signed('msg_1', body),
        'webhook-signature': 'v1,Zm9yZ2Vk',
      });
      expect(forged.status).toBe(401);
      expect(forged.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      const tampered = await post(body.replace('failed', 'succeeded'), signed('msg_2', body));
      expect(tampered.status).toBe(401);
      const old = await post(body, signed('msg_3', body, new Date(Date.now() - 10 * 60_000)));
      expect(old.status).toBe(401);
      expect(await client.payments.getCharge.query({ id: charge.id })).toMatchObject({
        status: 'pending',
      });

      const good = signed('msg_4', body);
      expect((await post(body, good)).status).toBe(204);
      expect(await client.payments.getCharge.query({ id: charge.id })).toMatchObject({
        status: 'failed',
      });
      const replay = await post(body, good);
      expect(replay.status).toBe(409);
      expect(replay.json).toMatchObject({ error: { code: 'CONFLICT' } });
    });
  });
});
