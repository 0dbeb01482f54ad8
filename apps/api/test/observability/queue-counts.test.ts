import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueue } from '../../src/jobs/bullmq-queue.js';
import { InProcessQueue } from '../../src/jobs/in-process-queue.js';
import type { JobQueue, QueueOptions } from '../../src/jobs/queue.js';

const redisUrl = process.env.TEST_REDIS_URL;
const prefix = `intake-counts-${randomBytes(4).toString('hex')}`;
const adapters: Array<{ name: string; make: (o: QueueOptions) => JobQueue<{ n: number }> }> = [
  { name: 'InProcessQueue', make: (o) => new InProcessQueue(o) },
  ...(redisUrl
    ? [
        {
          name: 'BullmqQueue',
          make: (o: QueueOptions) => new BullmqQueue<{ n: number }>({ ...o, redisUrl, prefix }),
        },
      ]
    : []),
];

afterAll(async () => {
  if (!redisUrl) return;
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

// The queue-depth gauge (intake_queue_jobs) reads these counts at each scrape.
describe.each(adapters)('queue counts of $name', ({ make }) => {
  it('reports waiting and active jobs, and zero once they are done', async () => {
    const queue = make({ name: 'counts', attempts: 1, backoffMs: 10 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    try {
      for (let n = 0; n < 3; n++) await queue.enqueue(`c-${n}`, { n });
      expect((await queue.counts()).waiting).toBe(3);
      queue.process(() => gate, { concurrency: 1 });
      const busy = await waitFor(queue, (c) => c.active === 1 && c.waiting === 2);
      expect(busy).toMatchObject({ active: 1, waiting: 2, delayed: 0 });
      release();
      await waitFor(queue, (c) => c.active === 0 && c.waiting === 0);
    } finally {
      release();
      await queue.close();
    }
  });
});

async function waitFor(
  queue: JobQueue<{ n: number }>,
  check: (c: Awaited<ReturnType<JobQueue<unknown>['counts']>>) => boolean,
) {
  const until = Date.now() + 10_000;
  for (;;) {
    const counts = await queue.counts();
    if (check(counts)) return counts;
    if (Date.now() > until) throw new Error(`counts stuck at ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
