import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

const [mode] = databaseModes();
if (!mode) throw new Error('no database mode');

const ALLOWED = 'https://app.example.com';
const FOREIGN = 'https://evil.example.net';

/** Every Access-Control-* header of an answer. */
const corsHeaders = (headers: Headers) =>
  [...headers.keys()].filter((name) => name.startsWith('access-control-'));

const preflight = (url: string, origin: string, path = '/api/import') =>
  rest(url, path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('CORS with CORS_ORIGINS set', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, { CORS_ORIGINS: `${ALLOWED}, https://other.example.com/` });
  });
  afterAll(() => api?.close());

  it('lets a listed origin read answers, with credentials and our headers exposed', async () => {
    const res = await rest(api.url, '/api/datasets', { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(res.headers.get('vary')).toMatch(/origin/i);
    // A trailing slash in the setting names the same origin.
    const other = await rest(api.url, '/trpc/datasets.list', {
      headers: { origin: 'https://other.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBe('https://other.example.com');
  });

  it('answers a listed origin’s preflight with the allowed method', async () => {
    const res = await preflight(api.url, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('gives a foreign origin no CORS header at all, on answers and preflights', async () => {
    const res = await rest(api.url, '/api/datasets', { headers: { origin: FOREIGN } });
    expect(corsHeaders(res.headers)).toEqual([]);
    const pre = await preflight(api.url, FOREIGN);
    expect(corsHeaders(pre.headers)).toEqual([]);
    // Look-alikes are foreign too.
    for (const origin of [`${ALLOWED}.evil.net`, 'http://app.example.com', 'null']) {
      const r = await rest(api.url, '/api/datasets', { headers: { origin } });
      expect(corsHeaders(r.headers), origin).toEqual([]);
    }
  });
});

describe('CORS by default (CORS_ORIGINS empty)', () => {
  it('allows no other origin: same origin only', async () => {
    const api = await startApi(mode);
    try {
      const res = await rest(api.url, '/api/datasets', { headers: { origin: ALLOWED } });
      expect(res.status).toBe(200);
      expect(corsHeaders(res.headers)).toEqual([]);
      expect(corsHeaders((await preflight(api.url, ALLOWED)).headers)).toEqual([]);
    } finally {
      await api.close();
    }
  }, 120_000);
});
