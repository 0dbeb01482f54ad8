import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WindowStats } from '@intake/schema';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trpcClient } from '../helpers/clients.js';
import { type ObservedApi, pgliteMode, startObservedApi } from './capture.js';
import { drive, expectPercentilesWithin, loggedLatencies, workRoute } from './health-traffic.js';

const redisUrl = process.env.TEST_REDIS_URL;
const fiveMinutes = (windows: WindowStats[] = []) => windows.find((w) => w.windowSeconds === 300);

describe.skipIf(!redisUrl)('Health dashboard of two instances merged through Redis', () => {
  const prefix = `intake-health-${randomBytes(4).toString('hex')}`;
  let a: ObservedApi;
  let b: ObservedApi;
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl ?? '', REDIS_PREFIX: prefix, ALERT_EVALUATION_SECONDS: '1' };
    [a, b] = await Promise.all([
      startObservedApi(pgliteMode(), env, workRoute),
      startObservedApi(pgliteMode(), env, workRoute),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shows the traffic of both, says it merged two, and either instance answers the same', async () => {
    await drive(a.url, 40, 5);
    await drive(b.url, 30, 30, 404);
    await drive(b.url, 10, 80, 503);

    for (const api of [a, b]) {
      // The other instance publishes at each evaluation (every second here): wait for it.
      const read = async () => {
        const dashboard = await trpcClient(api.url).ops.dashboard.query({ seriesSeconds: 300 });
        const work = dashboard.keys.find((k) => k.key === '/test/work/:ms')?.windows;
        return { dashboard, work: fiveMinutes(work) };
      };
      let { dashboard, work } = await read();
      for (let i = 0; work?.requests !== 80 && i < 30; i++) {
        await sleep(200);
        ({ dashboard, work } = await read());
      }
      expect(dashboard.instances).toEqual({ merged: 2, source: 'redis', note: null });
      expect(work).toMatchObject({ requests: 80, count4xx: 30, count5xx: 10 });
      // Merged sketches keep the accuracy: compared with both servers' exact latencies.
      expectPercentilesWithin(
        work as WindowStats,
        loggedLatencies([a.logs, b.logs], '/test/work/:ms'),
        0.01,
      );
    }
  });

  it('without Redis answering, says it shows this instance only', async () => {
    const lonely = await startObservedApi(
      pgliteMode(),
      { REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: prefix, RUN_WORKER: 'false' },
      workRoute,
    );
    try {
      await drive(lonely.url, 5, 1);
      const dashboard = await trpcClient(lonely.url).ops.dashboard.query({ seriesSeconds: 300 });
      expect(dashboard.instances.source).toBe('local');
      expect(dashboard.instances.merged).toBe(1);
      expect(dashboard.instances.note).toMatch(/Redis did not answer/);
      expect(fiveMinutes(dashboard.overall)?.requests).toBe(loggedLatencies([lonely.logs]).length);
      expect(
        fiveMinutes(dashboard.keys.find((k) => k.key === '/test/work/:ms')?.windows),
      ).toMatchObject({
        requests: 5,
      });
    } finally {
      await lonely.close();
    }
  });
});
