import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createHttpClient,
  type HttpClient,
  type HttpError,
  isHttpClientError,
  isHttpError,
  isResponseValidationError,
  type KnownHttpClientError,
} from '../src/index.js';
import { readRequestBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const echoServer = () =>
  startServer(async (req, res) => {
    const body = await readRequestBody(req);
    if (req.url?.startsWith('/status/')) {
      const status = Number(req.url.split('/')[2]?.split('?')[0]);
      res.writeHead(status, { 'content-type': 'text/plain', 'x-request-id': 'server-side' });
      res.end(`failure details for card 4111 1111 1111 1111 ${'x'.repeat(5000)}`);
      return;
    }
    sendJson(res, 200, { method: req.method, url: req.url, headers: req.headers, body });
  });

const echo = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  body: z.string(),
});

describe('createHttpClient', () => {
  it('resolves paths under baseUrl, merges headers and sends query, json and ids', async () => {
    server = await echoServer();
    client = createHttpClient({
      baseUrl: `${server.url}/api/v1`,
      headers: { 'X-Tenant': 'acme', 'X-Remove': 'me' },
    });
    const result = await client
      .post('/orders', {
        query: { page: 2, draft: true, skip: undefined },
        json: { sku: 'A-1', qty: 3 },
        headers: { 'x-remove': undefined, 'x-call': 'yes' },
      })
      .json(echo);
    expect(result.method).toBe('POST');
    expect(result.url).toBe('/api/v1/orders?page=2&draft=true');
    expect(JSON.parse(result.body)).toEqual({ sku: 'A-1', qty: 3 });
    expect(result.headers['content-type']).toBe('application/json');
    expect(result.headers['x-tenant']).toBe('acme');
    expect(result.headers['x-call']).toBe('yes');
    expect(result.headers['x-remove']).toBeUndefined();
    expect(result.headers['user-agent']).toMatch(/^@intake\/http-client/);
    expect(result.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('offers get/put/patch/delete/head and the raw response', async () => {
    server = await echoServer();
    client = createHttpClient({ baseUrl: server.url });
    for (const method of ['get', 'put', 'patch', 'delete'] as const) {
      const body = await client[method]('x').json(echo);
      expect(body.method).toBe(method.toUpperCase());
    }
    const head = await client.head('x');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const response = await client.get('x');
    expect(response.ok).toBe(true);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(await client.get('x').text()).method).toBe('GET');
  });

  it('propagates a request id from the call, else from the context provider', async () => {
    server = await echoServer();
    const context = new AsyncLocalStorage<string>();
    client = createHttpClient({ baseUrl: server.url, requestId: () => context.getStore() });
    const explicit = await client.get('a', { requestId: 'incoming-123' }).json(echo);
    expect(explicit.headers['x-request-id']).toBe('incoming-123');
    const fromContext = await context.run('ctx-456', () => client?.get('a').json(echo));
    expect(fromContext?.headers['x-request-id']).toBe('ctx-456');
  });

  it('raises HttpError with status, redacted url, masked snippet and request id', async () => {
    server = await echoServer();
    client = createHttpClient({ retry: false });
    const url = new URL(`${server.url}/status/404?token=abc123&page=1`);
    url.username = 'user';
    url.password = 'pass';
    const error = await client.get(url, { requestId: 'rid-1' }).catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(isHttpClientError(error)).toBe(true);
    const httpError = error as HttpError;
    expect(httpError.code).toBe('HTTP_ERROR');
    expect(httpError.status).toBe(404);
    expect(httpError.method).toBe('GET');
    expect(httpError.requestId).toBe('rid-1');
    expect(httpError.url).not.toContain('abc123');
    expect(httpError.url).not.toContain('pass');
    expect(httpError.url).toContain('page=1');
    expect(httpError.message).toContain('404');
    expect(httpError.bodySnippet).toContain('failure details');
    expect(httpError.bodySnippet).not.toContain('4111 1111');
    expect(httpError.bodySnippet.length).toBeLessThanOrEqual(2048);
  });

  it('lets callers switch on the error code', async () => {
    server = await echoServer();
    client = createHttpClient({ retry: false });
    const error = (await client
      .get(`${server.url}/status/503`)
      .catch((e: unknown) => e)) as KnownHttpClientError;
    let seen = '';
    switch (error.code) {
      case 'HTTP_ERROR':
        seen = `status ${error.status}`;
        break;
      case 'TIMEOUT':
        seen = error.phase;
        break;
      default:
        seen = error.code;
    }
    expect(seen).toBe('status 503');
  });

  it('returns error responses when throwHttpErrors is off', async () => {
    server = await echoServer();
    client = createHttpClient({ baseUrl: server.url, throwHttpErrors: false });
    const response = await client.get('status/418');
    expect(response.status).toBe(418);
    expect(response.ok).toBe(false);
  });

  it('validates JSON with a zod schema and names the failing path', async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 200, { items: [{ id: 1 }, { id: 'two' }] }),
    );
    client = createHttpClient({ baseUrl: server.url });
    const schema = z.object({ items: z.array(z.object({ id: z.number() })) });
    const error = await client
      .get('list')
      .json(schema)
      .catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RESPONSE_VALIDATION', status: 200 });
    expect((error as { issues: unknown }).issues).toEqual([
      { path: 'items.1.id', message: expect.any(String) },
    ]);
    expect((error as Error).message).toContain('items.1.id');
    expect((error as Error).cause).toBeInstanceOf(z.ZodError);
  });

  it('reports a non-JSON body as a validation error at the root', async () => {
    server = await startServer((_req, res) => res.end('<html>oops</html>'));
    client = createHttpClient({ baseUrl: server.url });
    const error = await client
      .get('x')
      .json()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESPONSE_VALIDATION', issues: [{ path: '(root)' }] });
  });

  it('keeps binary bodies byte-exact and gives text bodies a Buffer view too', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x41]);
    server = await startServer((req, res) => {
      if (req.url === '/bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(bytes);
        return;
      }
      sendJson(res, 200, { name: 'zoë' });
    });
    client = createHttpClient({ baseUrl: server.url });
    expect((await client.get('bin')).body.equals(bytes)).toBe(true);
    const json = await client.get('json');
    expect(json.body.equals(Buffer.from('{"name":"zoë"}'))).toBe(true);
    expect(json.json()).toEqual({ name: 'zoë' });
  });

  it('reads an empty body as undefined JSON', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    client = createHttpClient({ baseUrl: server.url });
    expect(await client.delete('x').json()).toBeUndefined();
  });

  it('refuses buffered bodies above maxResponseBytes', async () => {
    server = await startServer((_req, res) => res.end('y'.repeat(10_000)));
    client = createHttpClient({ baseUrl: server.url, maxResponseBytes: 1_000 });
    await expect(client.get('big')).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    const ok = await client.get('big', { maxResponseBytes: 20_000 });
    expect(ok.body.length).toBe(10_000);
  });

  it('runs beforeRequest (signing) and afterResponse hooks', async () => {
    server = await echoServer();
    const statuses: number[] = [];
    client = createHttpClient({
      baseUrl: server.url,
      hooks: {
        beforeRequest: [
          (request) => {
            request.headers['x-signature'] = `len=${String(request.body?.length ?? 0)}`;
          },
        ],
        afterResponse: [(response) => void statuses.push(response.status)],
      },
    });
    const result = await client.post('signed', { json: { a: 1 } }).json(echo);
    expect(result.headers['x-signature']).toBe('len=7');
    expect(statuses).toEqual([200]);
  });

  it('releases the socket when an afterResponse hook throws', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { big: 'x'.repeat(200_000) }));
    let fail = true;
    client = createHttpClient({
      baseUrl: server.url,
      connections: 1,
      timeout: { total: 3_000 },
      hooks: {
        afterResponse: [
          () => {
            if (fail) throw new Error('metrics down');
          },
        ],
      },
    });
    await expect(client.get('a')).rejects.toThrow('metrics down');
    fail = false;
    expect((await client.get('b')).status).toBe(200);
  });

  it('rethrows a hook error as is', async () => {
    server = await echoServer();
    const boom = new Error('hook failed');
    client = createHttpClient({
      baseUrl: server.url,
      hooks: {
        beforeRequest: [
          () => {
            throw boom;
          },
        ],
      },
    });
    await expect(client.get('x')).rejects.toBe(boom);
  });
});
