import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UploadsRepo } from './uploads-repo.js';

/**
 * The per-upload write lock, shared by every API process through the database: a lease in the
 * upload's row (`locked_by`, `locked_until`). A holder renews it while it streams; a crashed
 * holder's lease simply runs out. A second writer waits up to `waitMs`, then gets 423 Locked
 * (tus-js-client retries 423 by itself).
 */
export interface Lease {
  readonly owner: string;
  /** Extends the lease (and stores progress when given); false when the lease was lost. */
  renew(offset?: number): Promise<boolean>;
  release(): Promise<void>;
}

export class UploadLocks {
  /** Unique per process start, so leases of a previous incarnation never look like ours. */
  private readonly instance = randomBytes(6).toString('hex');
  private counter = 0;

  constructor(
    private readonly repo: UploadsRepo,
    readonly leaseSeconds: number,
  ) {}

  async acquire(id: string, waitMs = 1000): Promise<Lease | undefined> {
    const owner = `${this.instance}:${++this.counter}`;
    const deadline = Date.now() + waitMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 250)) {
      if (await this.repo.acquireLease(id, owner, this.leaseSeconds)) break;
      if (Date.now() + delay > deadline) return undefined;
      await sleep(delay);
    }
    return {
      owner,
      renew: (offset) => this.repo.renewLease(id, owner, this.leaseSeconds, offset),
      release: () => this.repo.releaseLease(id, owner),
    };
  }
}

export interface LeaseKeeper {
  /** True once a renewal found the lease taken: the holder must stop writing at once. */
  readonly lost: boolean;
  /** What to record as the upload's offset at each renewal (bytes safely on disk). */
  progress: (() => Promise<number | undefined>) | undefined;
  stop(): Promise<void>;
}

/** Renews a lease every third of its length until stopped (unref'd: never keeps a process up). */
export function keepLease(lease: Lease, leaseSeconds: number): LeaseKeeper {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const keeper: LeaseKeeper & { lost: boolean } = {
    lost: false,
    progress: undefined,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
  const timer = setInterval(
    () => {
      if (busy) return;
      busy = true;
      running = (async () => {
        try {
          const offset = await keeper.progress?.();
          if (!(await lease.renew(offset))) keeper.lost = true;
        } catch {
          // A failed renewal is retried at the next tick; the lease outlives two misses.
        } finally {
          busy = false;
        }
      })();
    },
    (leaseSeconds * 1000) / 3,
  );
  timer.unref();
  return keeper;
}
