import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../src/index.js';
import { createClientLogger } from '../src/logging.js';
import { captureLogger } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('structured logs', () => {
  it('log each attempt without secrets: auth, cookies, query secrets, card numbers', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      res.setHeader('set-cookie', 'sid=SESSION-SECRET; Path=/');
      res.writeHead(calls === 1 ? 503 : 400, { 'retry-after': '0' });
      res.end('card 4242-4242-4242-4242 declined');
    });
    const { logger, lines } = captureLogger('debug');
    client = createHttpClient({
      baseUrl: server.url,
      logger,
      cookies: true,
      auth: { type: 'bearer', token: 'BEARER-SECRET' },
      headers: { 'x-api-key': 'APIKEY-SECRET' },
    });
    const error = await client
      .get('charges/4111111111111111', {
        query: { access_token: 'QUERY-SECRET', password: 'PW-SECRET', page: 1 },
      })
      .catch((e: unknown) => e as Error);
    if (!(error instanceof Error)) throw new Error('expected the call to fail');
    const all = lines.join('\n');
    for (const secret of [
      'BEARER-SECRET',
      'SESSION-SECRET',
      'APIKEY-SECRET',
      'QUERY-SECRET',
      'PW-SECRET',
      '4111111111111111',
      '4242-4242-4242-4242',
    ]) {
      expect(all).not.toContain(secret);
      expect(String(error?.message)).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    const entries = lines.map((line) => JSON.parse(line));
    const attempts = entries.filter((e) => e.msg === 'http attempt');
    expect(attempts.map((e) => e.request.attempt)).toEqual([1, 2]);
    expect(attempts[1].request.headers.authorization).toBe('[REDACTED]');
    expect(attempts[1].request.headers.cookie).toBe('[REDACTED]');
    expect(attempts[0].response.headers['set-cookie']).toBe('[REDACTED]');
    expect(attempts[0].request.url).toContain('page=1');
    expect(entries.filter((e) => e.msg === 'http retry')).toHaveLength(1);
  });

  it('masks password and token fields anywhere the client logger is used', () => {
    const { logger, lines } = captureLogger('info');
    createClientLogger(logger).info(
      { password: 'a', token: 'b', user: { password: 'c', token: 'd' }, ok: 'e' },
      'x',
    );
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      component: 'http-client',
      password: '[REDACTED]',
      token: '[REDACTED]',
      user: { password: '[REDACTED]', token: '[REDACTED]' },
      ok: 'e',
    });
  });
});
