import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../src/index.js';
import { sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Accepts only `Bearer <valid>`; answers 401 otherwise. */
const tokenServer = (valid: () => string) =>
  startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${valid()}`) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      res.end('expired');
      return;
    }
    sendJson(res, 200, { ok: true });
  });

describe('auth', () => {
  it('sends Basic credentials', async () => {
    server = await startServer((req, res) =>
      sendJson(res, 200, { auth: req.headers.authorization }),
    );
    client = createHttpClient({
      baseUrl: server.url,
      auth: { type: 'basic', username: 'merchant', password: 's3cret' },
    });
    const body = await client.get('x').json<{ auth: string }>();
    expect(body.auth).toBe(`Basic ${Buffer.from('merchant:s3cret').toString('base64')}`);
  });

  it('sends a static Bearer token and does not retry a 401 without a refresher', async () => {
    let hits = 0;
    server = await startServer((req, res) => {
      hits += 1;
      res.writeHead(req.headers.authorization === 'Bearer abc' ? 401 : 500);
      res.end();
    });
    client = createHttpClient({ baseUrl: server.url, auth: { type: 'bearer', token: 'abc' } });
    await expect(client.get('x')).rejects.toMatchObject({ status: 401 });
    expect(hits).toBe(1);
  });

  it('lets a per-call authorization header win', async () => {
    server = await startServer((req, res) =>
      sendJson(res, 200, { auth: req.headers.authorization }),
    );
    client = createHttpClient({ baseUrl: server.url, auth: { type: 'bearer', token: 'abc' } });
    const body = await client.get('x', { headers: { authorization: 'Bearer other' } }).json();
    expect(body).toEqual({ auth: 'Bearer other' });
  });

  it('refreshes once for 50 concurrent calls that get 401', async () => {
    let valid = 'v1';
    server = await tokenServer(() => valid);
    let provided = 0;
    let refreshes = 0;
    client = createHttpClient({
      baseUrl: server.url,
      auth: {
        type: 'bearer',
        token: async () => {
          provided += 1;
          return 'v1';
        },
        refresh: async () => {
          refreshes += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return 'v2';
        },
      },
    });
    await client.get('warm');
    valid = 'v2';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client?.get(`r/${i}`).json()),
    );
    expect(results).toHaveLength(50);
    expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    expect(refreshes).toBe(1);
    expect(provided).toBe(1);
  });

  it('uses the provider itself to refresh when no refresher is given, and only once per call', async () => {
    let calls = 0;
    server = await tokenServer(() => 'never');
    client = createHttpClient({
      baseUrl: server.url,
      auth: {
        type: 'bearer',
        token: () => {
          calls += 1;
          return `t${calls}`;
        },
      },
    });
    await expect(client.get('x')).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 401 });
    expect(calls).toBe(2);
  });

  it('rethrows a failing token provider as is, and tries it again on the next call', async () => {
    server = await tokenServer(() => 'ok');
    const outage = new Error('vault unavailable');
    let calls = 0;
    client = createHttpClient({
      baseUrl: server.url,
      auth: {
        type: 'bearer',
        // Synchronous on purpose: a throw before any await must not wedge the provider.
        token: () => {
          calls += 1;
          if (calls === 1) throw outage;
          return 'ok';
        },
      },
    });
    await expect(client.get('x')).rejects.toBe(outage);
    expect(await client.get('x').json()).toEqual({ ok: true });
  });

  it('does not wait for a hung token provider past the deadline', async () => {
    server = await tokenServer(() => 'ok');
    client = createHttpClient({
      baseUrl: server.url,
      auth: { type: 'bearer', token: () => new Promise<string>(() => {}) },
    });
    await expect(client.get('x', { timeout: { total: 300 } })).rejects.toMatchObject({
      code: 'TIMEOUT',
      phase: 'total',
    });
  });
});
