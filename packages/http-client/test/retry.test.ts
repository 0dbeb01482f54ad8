import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../src/errors/http-error.js';
import { createHttpClient, type HttpClient, type RetryState } from '../src/index.js';
import { defaultRetry } from '../src/options.js';
import { retryDelay } from '../src/retry.js';
import { captureLogger } from './helpers/logs.js';
import { readRequestBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Answers each request with the next scripted status, then 200. */
const scripted = (steps: Array<{ status: number; headers?: Record<string, string> }>) => {
  const seen: Array<{
    at: number;
    method: string;
    key: string | undefined;
    id: string | undefined;
  }> = [];
  const handler = async (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => {
    await readRequestBody(req);
    seen.push({
      at: Date.now(),
      method: req.method ?? '',
      key: req.headers['idempotency-key'] as string | undefined,
      id: req.headers['x-request-id'] as string | undefined,
    });
    const step = steps[seen.length - 1];
    if (step) {
      res.writeHead(step.status, step.headers ?? {});
      res.end('try later');
      return;
    }
    sendJson(res, 200, { attempt: seen.length });
  };
  return { seen, handler };
};

describe('retries', () => {
  it('retries a GET on 503 honoring Retry-After in seconds, same request id', async () => {
    const { seen, handler } = scripted([{ status: 503, headers: { 'retry-after': '1' } }]);
    server = await startServer(handler);
    const { logger, lines } = captureLogger('warn');
    client = createHttpClient({ baseUrl: server.url, logger });
    const body = await client.get('x').json();
    expect(body).toEqual({ attempt: 2 });
    const [first, second] = seen;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(second?.id).toBe(first?.id);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({ msg: 'http retry', retry: 1, delayMs: 1000 }),
    ]);
  });

  it('honors Retry-After as an HTTP date', async () => {
    const date = new Date(Date.now() + 1_500).toUTCString();
    const { seen, handler } = scripted([{ status: 429, headers: { 'retry-after': date } }]);
    server = await startServer(handler);
    client = createHttpClient({ baseUrl: server.url });
    await client.get('x');
    expect(seen).toHaveLength(2);
    // HTTP dates have one-second precision: the wait is between 0.5 and 1.5 s.
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('gives up when Retry-After would pass the total deadline', async () => {
    const { seen, handler } = scripted([{ status: 503, headers: { 'retry-after': '30' } }]);
    server = await startServer(handler);
    client = createHttpClient({ baseUrl: server.url });
    const started = Date.now();
    await expect(client.get('x', { timeout: { total: 2_000 } })).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a POST without an idempotency key', async () => {
    const { seen, handler } = scripted([{ status: 503, headers: { 'retry-after': '0' } }]);
    server = await startServer(handler);
    client = createHttpClient({ baseUrl: server.url });
    await expect(client.post('charges', { json: { amount: 1 } })).rejects.toMatchObject({
      status: 503,
    });
    expect(seen).toHaveLength(1);
  });

  it('retries a POST carrying an idempotency key, with the same key each time', async () => {
    const { seen, handler } = scripted([
      { status: 500 },
      { status: 502, headers: { 'retry-after': '0' } },
    ]);
    server = await startServer(handler);
    const retries: RetryState[] = [];
    client = createHttpClient({
      baseUrl: server.url,
      retry: { baseDelayMs: 10 },
      hooks: { beforeRetry: [(state) => void retries.push(state)] },
    });
    const body = await client
      .post('charges', { json: { amount: 1 }, idempotencyKey: 'order-42' })
      .json();
    expect(body).toEqual({ attempt: 3 });
    expect(seen.map((s) => [s.method, s.key])).toEqual([
      ['POST', 'order-42'],
      ['POST', 'order-42'],
      ['POST', 'order-42'],
    ]);
    expect(retries.map((r) => [r.retry, r.error.code])).toEqual([
      [1, 'HTTP_ERROR'],
      [2, 'HTTP_ERROR'],
    ]);
  });

  it('stops after the limit and throws the last error', async () => {
    const { seen, handler } = scripted(Array.from({ length: 5 }, () => ({ status: 500 })));
    server = await startServer(handler);
    client = createHttpClient({ baseUrl: server.url, retry: { limit: 2, baseDelayMs: 5 } });
    await expect(client.get('x')).rejects.toMatchObject({ status: 500 });
    expect(seen).toHaveLength(3);
  });

  it('does not retry statuses outside the list, and the list is configurable', async () => {
    const { seen, handler } = scripted([{ status: 404 }, { status: 404 }]);
    server = await startServer(handler);
    client = createHttpClient({ baseUrl: server.url });
    await expect(client.get('x')).rejects.toMatchObject({ status: 404 });
    expect(seen).toHaveLength(1);
    const body = await client.get('x', { retry: { statusCodes: [404], baseDelayMs: 5 } }).json();
    expect(body).toEqual({ attempt: 3 });
  });

  it('retries a GET after a connection reset', async () => {
    let calls = 0;
    server = await startServer((req, res) => {
      calls += 1;
      if (calls === 1) {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, { calls });
    });
    client = createHttpClient({ baseUrl: server.url, retry: { baseDelayMs: 5 } });
    expect(await client.get('x').json()).toEqual({ calls: 2 });
  });
});

describe('retryDelay', () => {
  const request = { method: 'GET', url: 'http://x/', requestId: 'r' };
  const error = (status: number, retryAfter?: string) =>
    new HttpError(request, {
      status,
      headers: retryAfter ? { 'retry-after': retryAfter } : {},
      bodySnippet: '',
    });
  const input = {
    method: 'GET',
    retries: 0,
    hasIdempotencyKey: false,
    bodyReplayable: true,
    remainingMs: 10_000,
  };

  it('uses full jitter below the exponential ceiling', () => {
    for (let retries = 0; retries < 5; retries += 1) {
      const delay = retryDelay(
        { ...defaultRetry, limit: 10 },
        { ...input, retries, error: error(500) },
      );
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(5_000, 200 * 2 ** retries));
    }
  });

  it('refuses non-replayable bodies and Retry-After past maxRetryAfterMs', () => {
    expect(retryDelay(defaultRetry, { ...input, bodyReplayable: false, error: error(500) })).toBe(
      undefined,
    );
    expect(retryDelay(defaultRetry, { ...input, error: error(503, '3600') })).toBe(undefined);
  });
});
