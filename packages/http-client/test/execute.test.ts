import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, isAbortedError, isTimeoutError } from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;
let tcp: { server: Server; sockets: Set<Socket> } | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  if (tcp) {
    for (const socket of tcp.sockets) socket.destroy();
    tcp.server.close();
  }
  client = undefined;
  server = undefined;
  tcp = undefined;
});

/** A TCP listener that accepts and then says nothing: a TLS handshake never completes. */
const silentTcp = async (): Promise<string> => {
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  tcp = { server: listener, sockets };
  return `https://127.0.0.1:${(listener.address() as AddressInfo).port}`;
};

describe('timeouts per phase', () => {
  it('connect: the TLS handshake never completes', async () => {
    const url = await silentTcp();
    client = createHttpClient({ timeout: { connect: 200 }, retry: false });
    const started = Date.now();
    const error = await client.get(url).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'connect', timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('connect: a per-call value overrides the client default', async () => {
    const url = await silentTcp();
    client = createHttpClient({ retry: false });
    const error = await client.get(url, { timeout: { connect: 200 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'connect', timeoutMs: 200 });
  });

  it('headers: the server never answers', async () => {
    server = await startServer(() => {});
    client = createHttpClient({ baseUrl: server.url, retry: false });
    const error = await client.get('hang', { timeout: { headers: 200 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'headers' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('body: the server stalls mid-body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    client = createHttpClient({ baseUrl: server.url, retry: false });
    const error = await client.get('stall', { timeout: { body: 200 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'body' });
  });

  it('total: a body that keeps trickling never trips the idle timeout but hits the deadline', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    client = createHttpClient({ baseUrl: server.url, retry: false });
    const started = Date.now();
    const error = await client
      .get('drip', { timeout: { body: 500, total: 400 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'total', timeoutMs: 400 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('total: long deadlines on the shared clock stay within a tick', async () => {
    server = await startServer(() => {});
    client = createHttpClient({ baseUrl: server.url, retry: false });
    const started = Date.now();
    const error = await client.get('hang', { timeout: { total: 1_100 } }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'total' });
    expect(elapsed).toBeGreaterThanOrEqual(1_090);
    // Upper bounds are loose: the suite shares two cores with other work.
    expect(elapsed).toBeLessThan(2_500);
  });

  it('defaults to 10 s total with shorter phases', async () => {
    const { defaultTimeouts } = await import('../src/index.js');
    expect(defaultTimeouts.total).toBe(10_000);
    expect(defaultTimeouts.connect).toBeLessThan(defaultTimeouts.total);
  });
});

describe('AbortSignal', () => {
  it('aborts an in-flight call with AbortedError carrying the reason', async () => {
    server = await startServer(() => {});
    client = createHttpClient({ baseUrl: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left')), 100);
    const error = await client.get('hang', { signal: controller.signal }).catch((e: unknown) => e);
    expect(isAbortedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(((error as Error).cause as Error).message).toBe('user left');
  });

  it('does not start when the signal is already aborted', async () => {
    let hits = 0;
    server = await startServer((_req, res) => {
      hits += 1;
      res.end();
    });
    client = createHttpClient({ baseUrl: server.url });
    await expect(client.get('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(hits).toBe(0);
  });
});

describe('network errors', () => {
  it('classifies a refused connection', async () => {
    const probe = await startServer(() => {});
    const url = probe.url;
    await probe.close();
    client = createHttpClient({ retry: false });
    const error = await client.get(url).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'NETWORK_ERROR',
      reason: 'connect',
      systemCode: 'ECONNREFUSED',
    });
  });

  it('classifies a reset connection', async () => {
    server = await startServer((req) => req.socket.destroy());
    client = createHttpClient({ baseUrl: server.url, retry: false });
    await expect(client.get('x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', reason: 'reset' });
  });

  it('classifies an unknown host as dns', async () => {
    client = createHttpClient({ retry: false });
    await expect(client.get('http://no-such-host.invalid/')).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      reason: 'dns',
    });
  });
});
