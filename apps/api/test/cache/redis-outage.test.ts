import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type SpawnedProcess, spawnApi } from '../helpers/spawn-api.js';
import { hasRedisServer, RedisProcess } from './redis-process.js';
import { metricValue } from './scrape.js';

if (process.env.CI === 'true' && !hasRedisServer) {
  throw new Error(
    'CI=true but /usr/bin/redis-server is missing: the Redis outage suite would not run',
  );
}

const page = '/api/datasets/orders/rows?limit=3';
const keys = (res: { json: unknown }) =>
  (res.json as { items: { order_id: string }[] }).items.map((r) => r.order_id);

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

/**
 * The API's Redis stops (a crash: SIGKILL, nothing persisted) and comes back on the same port.
 * Meanwhile every read answers from the database; afterwards the cache fills and answers again.
 */
describe.runIf(hasRedisServer)('cache while Redis is down and after it restarts', () => {
  // PostgreSQL when the run has one (the scale-out shape), else embedded PGlite.
  const mode = databaseModes().at(-1);
  let redis: RedisProcess | undefined;
  let api: SpawnedProcess | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await api?.exited;
    await redis?.stop();
    await cleanup?.();
  });

  it('keeps answering 200 from the database, counts the bypass, and uses the cache again', async () => {
    if (!mode) throw new Error('no database mode');
    const storage = await mode.prepare();
    cleanup = storage.cleanup;
    redis = await RedisProcess.start();
    api = spawnApi('server', { ...storage.env, PORT: '0', REDIS_URL: redis.url });
    const url = await api.ready;
    const redisUp = () => metricValue(url, 'intake_cache_redis_up');
    await until(async () => (await redisUp()) === 1);

    await rest(url, '/api/import', {
      method: 'POST',
      json: { dataset: 'orders', rows: [orderRow('R-2'), orderRow('R-3')] },
    });
    for (let i = 0; i < 2; i++) expect(keys(await rest(url, page))).toEqual(['R-2', 'R-3']);
    const memoryHits = () =>
      metricValue(url, 'intake_cache_hits_total', { cache: 'dataset-rows', tier: 'memory' });
    expect(await memoryHits()).toBe(1);

    await redis.stop();
    await until(async () => (await redisUp()) === 0);
    const bypassBefore = await metricValue(url, 'intake_cache_bypass_total');
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      const res = await rest(url, page);
      expect(res.status).toBe(200);
      expect(keys(res)).toEqual(['R-2', 'R-3']);
    }
    // A write while Redis is away is seen at once (the memory tier is not trusted meanwhile).
    const written = await rest(url, '/api/import', {
      method: 'POST',
      json: { dataset: 'orders', rows: [orderRow('R-1')] },
    });
    expect(written.status).toBe(200);
    expect(keys(await rest(url, page))).toEqual(['R-1', 'R-2', 'R-3']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await metricValue(url, 'intake_cache_bypass_total')).toBeGreaterThanOrEqual(
      bypassBefore + 6,
    );
    expect(await memoryHits()).toBe(1);

    await redis.restart();
    await until(async () => (await redisUp()) === 1);
    for (let i = 0; i < 2; i++) expect(keys(await rest(url, page))).toEqual(['R-1', 'R-2', 'R-3']);
    expect(await memoryHits()).toBe(2);
    const client = new Redis(redis.url);
    try {
      expect((await client.keys('intake:cache:v:*')).length).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
    // One warning for the outage, one line for the recovery.
    expect(api.output().match(/cache: Redis unavailable/g)).toHaveLength(1);
    expect(api.output()).toContain('cache: Redis is back');
  }, 120_000);
});
