import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../src/lib/app-error';
import { httpFetch } from '../../src/lib/http-fetch';

// The same link as src/trpc.ts, against real loopback servers: what the browser would meet.
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function serve(
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
}

async function failure(url: string): Promise<unknown> {
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url, fetch: httpFetch })] });
  return client.datasets.list.query().then(
    () => expect.fail('the call should fail'),
    (error: unknown) => error,
  );
}

describe('toAppError over HTTP', () => {
  it('reports a proxy 502 HTML page as a network problem', async () => {
    const url = await serve(502, 'text/html', '<html>Bad Gateway</html>');
    expect(toAppError(await failure(url), { online: true })).toMatchObject({
      kind: 'network',
      reason: 'unavailable',
    });
  });

  it('reports a refused connection as unreachable', async () => {
    const url = await serve(200, 'application/json', '[]');
    await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
    expect(toAppError(await failure(url), { online: true })).toMatchObject({
      kind: 'network',
      reason: 'unreachable',
    });
  });

  it('reads a tRPC error body: 500 is a system error with the request id', async () => {
    const body = [
      {
        error: {
          message: 'Internal server error',
          code: -32603,
          data: {
            code: 'INTERNAL_SERVER_ERROR',
            httpStatus: 500,
            appCode: 'INTERNAL',
            requestId: 'r-1',
          },
        },
      },
    ];
    const url = await serve(500, 'application/json', JSON.stringify(body));
    expect(toAppError(await failure(url), { online: true })).toMatchObject({
      kind: 'system',
      requestId: 'r-1',
    });
  });

  it('reads a single (unbatched) error body, as Fastify sends for a 413 before tRPC runs', async () => {
    const body = {
      error: {
        message: 'The body is larger than 16777216 bytes',
        code: -32600,
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'PAYLOAD_TOO_LARGE' },
      },
    };
    const url = await serve(413, 'application/json', JSON.stringify(body));
    expect(toAppError(await failure(url), { online: true })).toMatchObject({
      kind: 'business',
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The body is larger than 16777216 bytes',
    });
  });

  it('reads Retry-After from a 429 answer: "try again in N s"', async () => {
    // What the API sends when a client passes a rate limit (apps/api/src/http/rate-limits.ts).
    const body = {
      error: {
        message: 'Too many requests: at most 50 reads per second. Try again in 7 s.',
        code: -32029,
        data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' },
      },
    };
    const url = await serve(429, 'application/json', JSON.stringify(body), {
      'retry-after': '7',
    });
    expect(toAppError(await failure(url), { online: true })).toMatchObject({
      kind: 'business',
      code: 'RATE_LIMITED',
      message: 'Too many requests right now. Try again in 7 s.',
      retryAfterSeconds: 7,
    });
  });
});
