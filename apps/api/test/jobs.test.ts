import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueue } from '../src/jobs/bullmq-queue.js';
import { InProcessQueue } from '../src/jobs/in-process-queue.js';
import { jobQueueContract } from './contracts/job-queue.js';

jobQueueContract('InProcessQueue', (options) => new InProcessQueue(options));

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl && process.env.CI === 'true') {
  throw new Error('CI=true but TEST_REDIS_URL is not set: the BullMQ suites would not run');
}

if (redisUrl) {
  // Each queue gets its own key prefix, so runs and tests never see each other's jobs; all of
  // them are deleted at the end.
  const run = `intake-test-${randomBytes(4).toString('hex')}`;
  const prefix = () => `${run}-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${run}-*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  jobQueueContract(
    'BullmqQueue',
    (options) => new BullmqQueue({ ...options, redisUrl, prefix: prefix() }),
  );

  describe('BullmqQueue across processes', () => {
    it('runs a job added by one instance on the worker of another that shares Redis', async () => {
      const shared = prefix();
      const producer = new BullmqQueue<{ n: number }>({
        name: 'cross',
        attempts: 1,
        backoffMs: 10,
        redisUrl,
        prefix: shared,
      });
      const worker = new BullmqQueue<{ n: number }>({
        name: 'cross',
        attempts: 1,
        backoffMs: 10,
        redisUrl,
        prefix: shared,
      });
      const seen: number[] = [];
      try {
        await producer.enqueue('from-api', { n: 42 });
        worker.process(
          async (job) => {
            seen.push(job.data.n);
          },
          { concurrency: 1 },
        );
        for (let i = 0; i < 500 && seen.length === 0; i++) await sleep(10);
        expect(seen).toEqual([42]);
      } finally {
        await producer.close();
        await worker.close();
      }
    });
  });
}
