import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JobInterrupted, type JobQueue, type QueueOptions } from '../../src/jobs/queue.js';

type Payload = { n: number };
export type MakeQueue = (options: QueueOptions) => Promise<JobQueue<Payload>> | JobQueue<Payload>;

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
};

/** What every JobQueue adapter must do; run once per adapter. */
export function jobQueueContract(adapter: string, make: MakeQueue) {
  describe(`JobQueue contract: ${adapter}`, () => {
    const open: JobQueue<Payload>[] = [];
    const queue = async (options: Partial<QueueOptions> = {}) => {
      const q = await make({ name: 'contract', attempts: 1, backoffMs: 10, ...options });
      open.push(q);
      return q;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((q) => q.close()));
    });

    it('runs each job once with its data', async () => {
      const q = await queue();
      const seen: number[] = [];
      q.process(
        async (job) => {
          seen.push(job.data.n);
        },
        { concurrency: 2 },
      );
      for (let n = 0; n < 20; n++) await q.enqueue(`job-${n}`, { n });
      await until(() => seen.length === 20);
      await sleep(50);
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    });

    it('never runs more jobs at once than its concurrency', async () => {
      const q = await queue();
      let running = 0;
      let peak = 0;
      let done = 0;
      q.process(
        async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(20);
          running -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      for (let n = 0; n < 12; n++) await q.enqueue(`c-${n}`, { n });
      await until(() => done === 12);
      expect(peak).toBe(3);
    });

    it('retries a failing job with growing delays, then gives up', async () => {
      const q = await queue({ attempts: 3, backoffMs: 20 });
      const attempts: { attempt: number; max: number; at: number }[] = [];
      q.process(
        async (job) => {
          attempts.push({ attempt: job.attempt, max: job.maxAttempts, at: Date.now() });
          throw new Error('provider down');
        },
        { concurrency: 1 },
      );
      await q.enqueue('flaky', { n: 1 });
      await until(() => attempts.length === 3);
      await sleep(200);
      expect(attempts.map((a) => [a.attempt, a.max])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      const [first, second, third] = attempts.map((a) => a.at);
      expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(15);
      expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(35);
    });

    it('ignores a job id that is already waiting', async () => {
      const q = await queue();
      const seen: number[] = [];
      await q.enqueue('same', { n: 1 });
      await q.enqueue('same', { n: 2 });
      q.process(
        async (job) => {
          seen.push(job.data.n);
        },
        { concurrency: 1 },
      );
      await until(() => seen.length >= 1);
      await sleep(100);
      expect(seen).toEqual([1]);
    });

    it('lets a running job finish when closed', async () => {
      const q = await queue();
      let finished = false;
      let started = false;
      q.process(
        async () => {
          started = true;
          await sleep(150);
          finished = true;
        },
        { concurrency: 1 },
      );
      await q.enqueue('long', { n: 1 });
      await until(() => started);
      await q.close();
      expect(finished).toBe(true);
    });

    it('on stop, aborts the running job and takes no new one; an interrupted job uses no attempt', async () => {
      const q = await queue({ attempts: 1 });
      const runs: { n: number; attempt: number }[] = [];
      q.process(
        async (job) => {
          runs.push({ n: job.data.n, attempt: job.attempt });
          while (!job.signal.aborted) await sleep(10);
          // A long job stops at a safe point: not a failure.
          throw new JobInterrupted();
        },
        { concurrency: 1 },
      );
      await q.enqueue('long', { n: 1 });
      await until(() => runs.length === 1);
      await q.stop();
      // Added after the stop (a request still being answered): kept, not run here.
      await q.enqueue('late', { n: 2 });
      await sleep(200);
      expect(runs).toEqual([{ n: 1, attempt: 1 }]);
      expect((await q.counts()).active).toBe(0);
    });
  });
}
