import { describe, expect, it } from 'vitest';
import { defaultRetry, normalizeCallOptions, normalizeClientOptions } from '../src/options.js';

describe('normalizeClientOptions', () => {
  it('fills every default in one place', () => {
    const options = normalizeClientOptions({ headers: { 'X-Team': 'a' } });
    expect(options.timeout).toEqual({ connect: 3_000, headers: 8_000, body: 8_000, total: 10_000 });
    expect(options.retry).toBe(defaultRetry);
    expect(options.headers).toMatchObject({ 'x-team': 'a', 'user-agent': expect.any(String) });
    expect(options.throwHttpErrors).toBe(true);
    expect(options.requestIdHeader).toBe('x-request-id');
  });

  it('adds the trailing slash a base path needs', () => {
    expect(normalizeClientOptions({ baseUrl: 'https://x/api/v1' }).baseHref).toBe(
      'https://x/api/v1/',
    );
  });

  it('accepts retry shorthands and per-call overrides', () => {
    expect(normalizeClientOptions({ retry: false }).retry.limit).toBe(0);
    expect(normalizeClientOptions({ retry: 5 }).retry.limit).toBe(5);
    const client = normalizeClientOptions({});
    expect(normalizeCallOptions(client, {})).toBe(client);
    const call = normalizeCallOptions(client, { timeout: { total: 500 }, retry: { limit: 1 } });
    expect(call.timeout).toMatchObject({ total: 500, headers: 8_000 });
    expect(call.retry).toMatchObject({ limit: 1, statusCodes: defaultRetry.statusCodes });
  });
});
