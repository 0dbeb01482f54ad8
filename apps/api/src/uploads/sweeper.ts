import type { FastifyBaseLogger } from 'fastify';
import type { UploadLocks } from './upload-lock.js';
import type { UploadStore } from './upload-store.js';
import type { UploadVerifier } from './upload-verifier.js';
import type { UploadsRepo } from './uploads-repo.js';

export interface Sweeper {
  /** One pass now (joins a pass already running); resolves to the number of uploads expired. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Deletes the files of uploads past their expiry (tus expiration extension): at start, then every
 * interval. Each upload is taken under its write lease first, so a sweep never races a PATCH,
 * and several API processes can sweep at once. The row stays as `expired` so HEAD answers 410.
 * Each pass also takes over checksum verifications a crashed process left unfinished.
 */
export function startSweeper(opts: {
  repo: UploadsRepo;
  store: UploadStore;
  locks: UploadLocks;
  verifier: Pick<UploadVerifier, 'resumePending'>;
  intervalSeconds: number;
  log: FastifyBaseLogger;
}): Sweeper {
  const { repo, store, locks, log } = opts;
  let running: Promise<number> | undefined;

  const pass = async (): Promise<number> => {
    let expired = 0;
    for (const id of await repo.dueForExpiry(500)) {
      const lease = await locks.acquire(id, 0);
      if (!lease) continue;
      try {
        // Checked again under the lease: a PATCH may have completed it meanwhile.
        const upload = await repo.find(id);
        const due =
          upload?.expiresAt &&
          upload.expiresAt < new Date() &&
          (upload.status === 'uploading' || (upload.isPartial && upload.status !== 'expired'));
        if (!due) continue;
        await store.remove(id);
        await repo.update(id, { status: 'expired' });
        expired++;
      } finally {
        await lease.release();
      }
    }
    if (expired > 0) log.info({ expired }, 'upload sweeper deleted expired uploads');
    const resumed = await opts.verifier.resumePending();
    if (resumed > 0) log.info({ resumed }, 'upload sweeper resumed checksum verifications');
    return expired;
  };

  const sweep = () => {
    running ??= pass()
      .catch((err: unknown) => {
        log.warn({ err }, 'upload sweep failed; retrying at the next interval');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  void sweep();
  const timer = setInterval(() => void sweep(), opts.intervalSeconds * 1000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
