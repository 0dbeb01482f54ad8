import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueue } from '../../src/jobs/bullmq-queue.js';
import { JobInterrupted } from '../../src/jobs/queue.js';

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl && process.env.CI === 'true') {
  throw new Error('CI=true but TEST_REDIS_URL is not set: the BullMQ hand-off test would not run');
}

describe.runIf(redisUrl)('a BullMQ worker that stops mid-job', () => {
  const prefix = `intake-test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('hands the job back at once: another worker runs it with no attempt used', async () => {
    // A 30 s lock: a hand-off through BullMQ's stalled-job check would take that long.
    const make = () =>
      new BullmqQueue<{ n: number }>({
        name: 'handoff',
        attempts: 2,
        backoffMs: 10,
        redisUrl: redisUrl ?? '',
        prefix,
        lockMs: 30_000,
      });
    const stopping = make();
    const other = make();
    const runs: { worker: string; attempt: number }[] = [];
    try {
      stopping.process(
        async (job) => {
          runs.push({ worker: 'stopping', attempt: job.attempt });
          while (!job.signal.aborted) await sleep(10);
          throw new JobInterrupted();
        },
        { concurrency: 1 },
      );
      await stopping.enqueue('long', { n: 1 });
      for (let i = 0; i < 500 && runs.length === 0; i++) await sleep(10);
      expect(runs).toEqual([{ worker: 'stopping', attempt: 1 }]);

      other.process(
        async (job) => {
          runs.push({ worker: 'other', attempt: job.attempt });
        },
        { concurrency: 1 },
      );
      const stoppedAt = Date.now();
      await stopping.close();
      for (let i = 0; i < 500 && runs.length < 2; i++) await sleep(10);
      expect(runs).toEqual([
        { worker: 'stopping', attempt: 1 },
        { worker: 'other', attempt: 1 },
      ]);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
    } finally {
      await stopping.close();
      await other.close();
    }
  }, 30_000);
});
