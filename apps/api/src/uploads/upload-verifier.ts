import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { keepLease, type UploadLocks } from './upload-lock.js';
import { contradictsDeclared } from './upload-metadata.js';
import type { UploadStore } from './upload-store.js';
import type { UploadRecord, UploadsRepo } from './uploads-repo.js';
import type { HashWorker } from './whole-file-hash.js';

/** How often a caller waiting for another process's verification looks at the row again. */
const POLL_MS = 100;

/**
 * Whole-file checksums of complete uploads. When the last byte is on disk the upload is
 * `verifying`; this computes MD5 and SHA-256 of the file and marks it `complete`, or `corrupt`
 * when they differ from the ones the client declared (such an upload is never imported).
 *
 * One process verifies an upload at a time, under the upload's lease. A crash leaves it
 * `verifying` with a lapsing lease: the next sweep of any process (one runs at start-up) or a
 * caller waiting for it (`settled`) takes it over. Digests are a function of the bytes, so
 * computing them twice after a lost lease records the same answer.
 */
export function createUploadVerifier(deps: {
  repo: UploadsRepo;
  store: UploadStore;
  locks: UploadLocks;
  hasher: HashWorker;
  log: Logger;
}) {
  const { repo, store, locks, hasher, log } = deps;
  /** Verifications this process is running, so a second caller joins instead of starting one. */
  const running = new Map<string, Promise<void>>();

  async function attempt(id: string): Promise<void> {
    // No wait: a held lease means another writer or verifier; `settled` polls instead.
    const lease = await locks.acquire(id, 0);
    if (!lease) return;
    const keeper = keepLease(lease, locks.leaseSeconds);
    try {
      const upload = await repo.find(id);
      if (upload?.status !== 'verifying') return;
      const started = performance.now();
      const digests = await hasher.digest(store.read(id));
      if (keeper.lost) return;
      const corrupt = contradictsDeclared(upload.metadata, digests);
      await repo.update(id, { status: corrupt ? 'corrupt' : 'complete', ...digests });
      log.info(
        {
          uploadId: id,
          bytes: upload.length,
          ms: Math.round(performance.now() - started),
          corrupt,
        },
        corrupt ? 'upload does not match its declared checksum' : 'upload verified',
      );
    } finally {
      await keeper.stop();
      await lease.release().catch(() => undefined);
    }
  }

  /** Verifies the upload here unless another process is at it; never rejects (logged). */
  function verify(id: string): Promise<void> {
    let current = running.get(id);
    if (!current) {
      current = attempt(id)
        .catch((err: unknown) =>
          // Left `verifying`: the next sweep or waiting caller tries again.
          log.warn({ err, uploadId: id }, 'could not verify the upload; it will be retried'),
        )
        .finally(() => running.delete(id));
      running.set(id, current);
    }
    return current;
  }

  return {
    verify,

    /** Starts the verifications nobody is running (after a crash); returns how many. */
    async resumePending(): Promise<number> {
      const ids = (await repo.awaitingVerification(100)).filter((id) => !running.has(id));
      for (const id of ids) void verify(id);
      return ids.length;
    },

    /**
     * The upload once it is no longer `verifying` (taking the work over if its verifier died),
     * or as it is after `timeoutMs`.
     */
    async settled(id: string, timeoutMs: number): Promise<UploadRecord | undefined> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const upload = await repo.find(id);
        if (upload?.status !== 'verifying' || Date.now() >= deadline) return upload;
        await verify(id);
        if ((await repo.find(id))?.status === 'verifying') await sleep(POLL_MS);
      }
    },

    /** Waits for this process's verifications (they end early once the hash threads stop). */
    async drain(): Promise<void> {
      await Promise.all(running.values());
    },
  };
}

export type UploadVerifier = ReturnType<typeof createUploadVerifier>;
