import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

const [mode] = databaseModes();
if (!mode) throw new Error('no database mode');

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl && process.env.CI === 'true') {
  throw new Error(
    'CI=true but TEST_REDIS_URL is not set: the shared rate limit suite would not run',
  );
}

/** Anonymous: each API has its own database and so its own owner; an address is shared. */
const anonymousImport = (api: RunningApi, id: string) =>
  rest(api.url, '/api/import', {
    method: 'POST',
    json: { dataset: 'orders', rows: [orderRow(id)] },
    token: null,
  });

describe.skipIf(!redisUrl)('rate limits shared through Redis', () => {
  const prefix = `intake-test-rl-${randomBytes(4).toString('hex')}`;
  const apis: RunningApi[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.close()));
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts a client’s imports across two API instances', async () => {
    const env = {
      REDIS_URL: redisUrl ?? '',
      REDIS_PREFIX: prefix,
      RUN_WORKER: 'false',
      RATE_LIMIT_IMPORTS_PER_HOUR: '2',
    };
    const [a, b] = await Promise.all([startApi(mode, env), startApi(mode, env)]);
    if (!a || !b) throw new Error('two APIs expected');
    apis.push(a, b);
    // Refused for want of credentials, but counted: attempts are what the limit is for.
    expect((await anonymousImport(a, 'S-1')).status).toBe(401);
    const second = await anonymousImport(b, 'S-2');
    expect(second.status).toBe(401);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const third = await anonymousImport(a, 'S-3');
    expect(third.status).toBe(429);
    expect(third.json).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3500);
    // The counters are Intake's keys in that Redis, under REDIS_PREFIX.
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}:rate-limit:*`);
    await redis.quit();
    expect(keys.some((k) => k.includes('imports-hour'))).toBe(true);
  }, 120_000);
});

/** A free loopback port for a redis-server of our own. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A throwaway redis-server (no persistence) that the test can kill and start again. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined); // refused while the server starts: retried below
  for (let i = 0; i < 100; i++) {
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return child;
    } catch {
      await sleep(50);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

/** Reads until the answer has the wanted status (ioredis notices a dead or revived server). */
async function until(api: RunningApi, status: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await rest(api.url, '/api/imports');
    if (res.status === status || Date.now() > deadline) return res;
    await sleep(100);
  }
}

// Needs a redis-server binary (Debian: redis-server); CI installs it with Redis.
const hasRedisServer = await new Promise<boolean>((resolve) => {
  const probe = spawn('redis-server', ['--version'], { stdio: 'ignore' });
  probe.once('error', () => resolve(false));
  probe.once('exit', (code) => resolve(code === 0));
});
if (!hasRedisServer && process.env.CI === 'true') {
  throw new Error('CI=true but redis-server is not installed: the Redis-down suite would not run');
}

describe.skipIf(!hasRedisServer)('when the rate limit Redis goes down', () => {
  let redis: ChildProcess | undefined;
  let api: RunningApi | undefined;
  afterEach(async () => {
    // Redis back first, so the API's queue connection closes cleanly.
    await api?.close();
    if (redis) await stopRedis(redis);
    api = undefined;
    redis = undefined;
  });

  it.each([
    ['open', 200],
    ['closed', 503],
  ] as const)(
    'fails %s: reads answer %i, and limits return with Redis',
    async (policy, status) => {
      const port = await freePort();
      redis = await startRedis(port);
      api = await startApi(mode, {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        RUN_WORKER: 'false',
        RATE_LIMIT_READS_PER_SECOND: '1000',
        RATE_LIMIT_ON_STORE_ERROR: policy,
      });
      const before = await rest(api.url, '/api/imports');
      expect(before.status).toBe(200);
      expect(before.headers.get('ratelimit-limit')).toBe('1000');

      await stopRedis(redis);
      const down = await until(api, status);
      expect(down.status).toBe(status);
      if (policy === 'open') {
        // Served without a limit, and said so by the missing headers.
        expect(down.headers.get('ratelimit-limit')).toBeNull();
      } else {
        expect(down.json).toMatchObject({
          error: { code: 'UNAVAILABLE', message: expect.stringContaining('Rate limiting') },
        });
      }

      redis = await startRedis(port);
      const back = await until(api, 200);
      expect(back.status).toBe(200);
      await sleep(200);
      const limited = await rest(api.url, '/api/imports');
      expect(limited.headers.get('ratelimit-limit')).toBe('1000');
    },
    120_000,
  );
});
