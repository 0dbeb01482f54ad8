import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSandbox, type Sandbox } from '../src/index.js';

const secret = 'whsec_dGVzdC1jYWxsYmFjay1zZWNyZXQtMTIzNDU2Nzg5MA==';
let sandbox: Sandbox;
let url: string;

beforeEach(async () => {
  sandbox = await buildSandbox({
    merchantId: 'm_1',
    apiKey: 'sk_test',
    callbackSecret: secret,
    users: { ann: 'pw' },
    sessionTtlSeconds: 1,
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
});
afterEach(() => sandbox.app.close());

const charge = (key: string, body: Record<string, unknown> = {}) =>
  fetch(`${url}/v1/charges`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer sk_test',
      'idempotency-key': key,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      merchantId: 'm_1',
      orderId: 'A-1',
      amount: '12.50',
      currency: 'USD',
      ...body,
    }),
  });

describe('payment sandbox', () => {
  it('keeps a dashboard session in a cookie until it expires', async () => {
    const denied = await fetch(`${url}/dashboard/charges`);
    expect(denied.status).toBe(401);
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ann', password: 'pw' }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sandbox_session=[\w-]+; Max-Age=1; Path=\/; HttpOnly; SameSite=Lax$/);
    const session = cookie.split(';')[0] ?? '';
    expect((await fetch(`${url}/dashboard/charges`, { headers: { cookie: session } })).status).toBe(
      200,
    );
    await sleep(1100);
    expect((await fetch(`${url}/dashboard/charges`, { headers: { cookie: session } })).status).toBe(
      401,
    );
  });

  it('creates a charge once per idempotency key', async () => {
    const first = await charge('order-A-1');
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; status: string; paymentUrl: string };
    expect(created).toMatchObject({ status: 'pending', paymentUrl: `${url}/pay/${created.id}` });
    const again = await charge('order-A-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect((await charge('order-A-1', { amount: '99.00' })).status).toBe(422);
    expect(sandbox.charges.createdCount).toBe(1);
    const noKey = await fetch(`${url}/v1/charges`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test' },
    });
    expect(noKey.status).toBe(400);
    const wrongKey = await fetch(`${url}/v1/charges/${created.id}`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(wrongKey.status).toBe(401);
  });

  it('injects faults in order: 500, reset, 429 with Retry-After, bad JSON, latency', async () => {
    await fetch(`${url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        faults: [
          { kind: 'status', status: 503 },
          { kind: 'reset' },
          { kind: 'rate-limit', retryAfter: 2 },
          { kind: 'bad-json' },
          { kind: 'latency', ms: 200 },
        ],
      }),
    });
    expect((await charge('f')).status).toBe(503);
    await expect(charge('f')).rejects.toThrow();
    const limited = await charge('f');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    await expect((await charge('f')).json()).rejects.toThrow();
    const start = Date.now();
    expect((await charge('f')).status).toBe(201);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(sandbox.charges.createdCount).toBe(1);
  });

  it('signs the callback it sends when a charge settles', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const created = (await (await charge('cb', { callbackUrl })).json()) as { id: string };
      const settled = await fetch(`${url}/_sandbox/charges/${created.id}/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'succeeded' }),
      });
      expect(await settled.json()).toMatchObject({
        charge: { status: 'succeeded' },
        delivery: { status: 204 },
      });
      const [call] = received;
      if (!call) throw new Error('no callback');
      const payload = new Webhook(secret).verify(call.body, call.headers as Record<string, string>);
      expect(payload).toEqual({
        type: 'charge.succeeded',
        data: {
          chargeId: created.id,
          orderId: 'A-1',
          status: 'succeeded',
          amount: '12.50',
          currency: 'USD',
        },
      });
      expect(() =>
        new Webhook(secret).verify(
          call.body.replace('12.50', '1.00'),
          call.headers as Record<string, string>,
        ),
      ).toThrow();
    } finally {
      receiver.close();
    }
  });
});
