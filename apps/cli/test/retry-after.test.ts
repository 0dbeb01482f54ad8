import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, restGet } from '../src/api-client.js';
import { CliError, EXIT } from '../src/exit-codes.js';
import { fetchHonouringRetryAfter, parseRetryAfter } from '../src/retry-after.js';

interface Seen {
  method: string;
  url: string;
  body: string;
}

/** A loopback server answering from a script, one answer per request (the last one repeats). */
async function scripted(
  answers: { status: number; headers?: Record<string, string>; body?: string }[],
) {
  const seen: Seen[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    const answer = answers[Math.min(seen.length, answers.length) - 1] ?? { status: 500 };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '{}');
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

const limited = (seconds: string) => ({
  status: 429,
  headers: { 'retry-after': seconds },
  body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }),
});

describe('waiting out a 429', () => {
  it('waits Retry-After seconds and sends the same request again', async () => {
    const { seen, url } = await scripted([limited('1'), { status: 200, body: '{"ok":true}' }]);
    const waits: number[] = [];
    const patient = fetchHonouringRetryAfter({
      retries: 3,
      maxWaitSeconds: 60,
      onWait: (s) => waits.push(s),
    });
    const started = Date.now();
    const res = await patient(`${url}/trpc/imports.createFromUpload`, {
      method: 'POST',
      body: '{"uploadId":"u-1"}',
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(waits).toEqual([1]);
    expect(seen.map((s) => s.body)).toEqual(['{"uploadId":"u-1"}', '{"uploadId":"u-1"}']);
  });

  it('gives up after its retries and hands the last 429 back', async () => {
    const { seen, url } = await scripted([limited('0')]);
    const res = await fetchHonouringRetryAfter({ retries: 2, maxWaitSeconds: 60 })(url);
    expect(res.status).toBe(429);
    expect(seen).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than it may (an hourly limit), nor without one', async () => {
    for (const answer of [limited('3600'), { status: 429 }]) {
      const { seen, url } = await scripted([answer]);
      const res = await fetchHonouringRetryAfter({ retries: 3, maxWaitSeconds: 60 })(url);
      expect(res.status).toBe(429);
      expect(seen).toHaveLength(1);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('the CLI’s clients', () => {
  it('tRPC calls wait out a short 429', async () => {
    const { seen, url } = await scripted([
      limited('1'),
      { status: 200, body: JSON.stringify([{ result: { data: { items: [] } } }]) },
    ]);
    const client = apiClient({ url, token: 'tok' });
    await expect(client.datasets.list.query()).resolves.toEqual({ items: [] });
    expect(seen).toHaveLength(2);
  });

  it('REST reads wait out a short 429, and a long one is refused with its message', async () => {
    const short = await scripted([limited('1'), { status: 200, body: 'line,column\n' }]);
    const res = await restGet({ url: short.url, token: undefined }, '/api/x', 'Downloading');
    expect(await res.text()).toBe('line,column\n');

    const long = await scripted([limited('3600')]);
    const refused = await restGet(
      { url: long.url, token: undefined },
      '/api/x',
      'Downloading',
    ).then(
      () => expect.fail('should be refused'),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CliError);
    expect(refused).toMatchObject({ exitCode: EXIT.refused, code: 'RATE_LIMITED' });
  });
});
