import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

const [mode] = databaseModes();
if (!mode) throw new Error('no database mode');

const importJson = (id: string) => ({ dataset: 'orders' as const, rows: [orderRow(id)] });
const restImport = (api: RunningApi, id: string, headers: Record<string, string> = {}) =>
  rest(api.url, '/api/import', { method: 'POST', json: importJson(id), headers });

/** What a refused tRPC call carries: status, stable code, and the response's headers. */
async function trpcRefusal(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail('the call should be refused'),
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { httpStatus?: number; appCode?: string } | undefined;
  const meta = error.meta as { response?: Response } | undefined;
  return { data, message: error.message, headers: meta?.response?.headers };
}

describe('import limits (per hour and per day, per client)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, {
      RATE_LIMIT_IMPORTS_PER_HOUR: '3',
      RATE_LIMIT_IMPORTS_PER_DAY: '100',
    });
  });
  afterAll(() => api?.close());

  it('counts REST and tRPC imports together and refuses the 4th with 429 RATE_LIMITED', async () => {
    const first = await restImport(api, 'H-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(3500);
    expect(first.headers.get('retry-after')).toBeNull();

    await trpcClient(api.url).imports.createFromRows.mutate(importJson('H-2'));
    expect((await restImport(api, 'H-3')).headers.get('ratelimit-remaining')).toBe('0');

    const refused = await restImport(api, 'H-4');
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/at most 3 per hour.*Try again in \d+ s/),
        requestId: expect.any(String),
      },
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    // The same refusal on the tRPC face: status 429, the same stable code, the same headers.
    const trpc = await trpcRefusal(
      trpcClient(api.url).imports.createFromRows.mutate(importJson('H-5')),
    );
    expect(trpc.data).toMatchObject({ httpStatus: 429, appCode: 'RATE_LIMITED' });
    expect(Number(trpc.headers?.get('retry-after'))).toBeGreaterThan(3500);

    // Nothing refused was written.
    const rows = await rest(api.url, '/api/datasets/orders/rows?search=H-');
    expect((rows.json as { items: unknown[] }).items).toHaveLength(3);
  });

  it('counts tus upload creation as an import too, and leaves other writes alone', async () => {
    const upload = await rest(api.url, '/api/uploads', {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' },
    });
    expect(upload.status).toBe(429);
    expect(upload.json).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Reads are limited separately and still pass.
    expect((await rest(api.url, '/api/imports')).status).toBe(200);
  });
});

describe('client keys', () => {
  let api: RunningApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('keys a signed-in caller by user id, whichever address it comes from', async () => {
    api = await startApi(mode, { RATE_LIMIT_IMPORTS_PER_HOUR: '1', TRUST_PROXY: 'true' });
    expect((await restImport(api, 'U-1', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect((await restImport(api, 'U-2', { 'x-forwarded-for': '203.0.113.8' })).status).toBe(429);
  }, 120_000);

  it('keys anonymous callers by IP, from X-Forwarded-For only with TRUST_PROXY', async () => {
    // Anonymous imports are refused (401) but still count: floods cost the flooder.
    const anonymous = (target: RunningApi, forwardedFor: string) =>
      rest(target.url, '/api/import', {
        method: 'POST',
        json: importJson('A-1'),
        token: null,
        headers: { 'x-forwarded-for': forwardedFor },
      }).then((r) => r.status);
    api = await startApi(mode, { RATE_LIMIT_IMPORTS_PER_HOUR: '1', TRUST_PROXY: 'true' });
    expect(await anonymous(api, '203.0.113.7')).toBe(401);
    expect(await anonymous(api, '203.0.113.7')).toBe(429);
    expect(await anonymous(api, '203.0.113.8')).toBe(401);
    await api.close();
    // Without TRUST_PROXY the header is the client's own word: ignored, the socket address counts.
    api = await startApi(mode, { RATE_LIMIT_IMPORTS_PER_HOUR: '1' });
    expect(await anonymous(api, '203.0.113.7')).toBe(401);
    expect(await anonymous(api, '203.0.113.8')).toBe(429);
  }, 120_000);

  it('turns a limit off with 0', async () => {
    api = await startApi(mode, {
      RATE_LIMIT_IMPORTS_PER_HOUR: '0',
      RATE_LIMIT_IMPORTS_PER_DAY: '2',
      RATE_LIMIT_READS_PER_SECOND: '0',
    });
    expect((await restImport(api, 'Z-1')).headers.get('ratelimit-limit')).toBe('2');
    const reads = await Promise.all(
      Array.from({ length: 30 }, () => rest(api?.url ?? '', '/api/datasets')),
    );
    expect(reads.map((r) => r.status)).not.toContain(429);
    expect(reads[0]?.headers.get('ratelimit-limit')).toBeNull();
  }, 120_000);
});

describe('read burst limit', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, { RATE_LIMIT_READS_PER_SECOND: '3' });
  });
  afterAll(() => api?.close());

  it('refuses reads past the per-second limit, then lets them through after Retry-After', async () => {
    // Several reads at once, as a page does; past 3 in the same second they are refused.
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => rest(api.url, '/trpc/datasets.list')),
    );
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const first = refused[0];
    expect(first?.json).toMatchObject({
      error: { data: { appCode: 'RATE_LIMITED', httpStatus: 429 } },
    });
    const wait = Number(first?.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(1);
    await sleep(wait * 1000 + 100);
    const after = await rest(api.url, '/api/datasets');
    expect(after.status).toBe(200);
    expect(Number(after.headers.get('ratelimit-remaining'))).toBe(2);
  });

  it('leaves the web app’s files and health checks unlimited', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => rest(api.url, i % 2 ? '/healthz' : '/')),
    );
    expect(answers.map((r) => r.status)).not.toContain(429);
  });
});

describe('sign-in failure limiter (for the sign-in route)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    // The route the accounts work mounts: check first, count failures, never count successes.
    api = await startApi(
      mode,
      { RATE_LIMIT_SIGN_IN_FAILURES: '3', RATE_LIMIT_SIGN_IN_WINDOW_MINUTES: '15' },
      {
        beforeListen(app) {
          app.post<{ Body: { email: string; password: string } }>(
            '/test/sign-in',
            async (req, reply) => {
              const key = `${req.body.email.toLowerCase()}|${req.ip}`;
              await app.signInLimiter.assertAllowed(req, reply, key);
              if (req.body.password !== 'right') {
                await app.signInLimiter.recordFailure(req, key);
                return reply.status(401).send({ error: { code: 'UNAUTHORIZED' } });
              }
              return { ok: true };
            },
          );
        },
      },
    );
  });
  afterAll(() => api?.close());

  const signIn = (email: string, password: string) =>
    rest(api.url, '/test/sign-in', { method: 'POST', json: { email, password } });

  it('allows 3 failures per account, then 429 with Retry-After for that account only', async () => {
    expect((await signIn('ann@example.com', 'right')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn('ann@example.com', 'wrong')).status).toBe(401);
    const locked = await signIn('Ann@example.com', 'right');
    expect(locked.status).toBe(429);
    expect(locked.json).toMatchObject({
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('failed sign-ins') },
    });
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account from the same address is not affected.
    expect((await signIn('bob@example.com', 'right')).status).toBe(200);
  });
});
