import { IntakeError } from '../errors.js';
import { keepLease, type Lease, type LeaseKeeper } from './upload-lock.js';
import type { UploadMetadata } from './upload-metadata.js';
import type { UploadsDeps } from './uploads-service.js';

/**
 * tus concatenation (https://tus.io/protocols/resumable-upload#concatenation): a final upload is
 * the bytes of complete partial uploads in the order listed. The parts are locked while they are
 * copied, then deleted: their bytes now live in the final upload, which is left `verifying`
 * (its checksums are computed next, like any upload's). Unfinished parts are refused (no
 * `concatenation-unfinished`).
 */
export async function concatenate(
  deps: UploadsDeps & {
    id: string;
    workspaceId: string;
    userId: string;
    parts: string[];
    metadata: UploadMetadata;
  },
): Promise<void> {
  const { repo, store, locks, limits, id, workspaceId, userId, parts, metadata } = deps;
  if (new Set(parts).size !== parts.length) {
    throw new IntakeError('BAD_REQUEST', 'Upload-Concat lists the same partial upload twice');
  }
  let total = 0;
  for (const part of parts) {
    const upload = await repo.find(part);
    // A part of another workspace is as good as unknown.
    if (upload && upload.workspaceId !== workspaceId)
      throw new IntakeError('NOT_FOUND', `Upload ${part} was not found`);
    if (!upload?.isPartial || upload.status !== 'complete' || upload.length === null) {
      throw new IntakeError(
        'BAD_REQUEST',
        `Upload ${part} is not a complete partial upload (Upload-Concat: partial, every byte sent)`,
      );
    }
    total += upload.length;
  }
  if (total > limits.maxUploadBytes) {
    throw new IntakeError(
      'PAYLOAD_TOO_LARGE',
      `The parts add up to ${total} bytes, more than the limit of ${limits.maxUploadBytes} bytes (MAX_UPLOAD_BYTES)`,
    );
  }

  const leases: Lease[] = [];
  const keepers: LeaseKeeper[] = [];
  let created = false;
  try {
    for (const part of parts) {
      const lease = await locks.acquire(part);
      if (!lease) {
        throw new IntakeError('LOCKED', `Partial upload ${part} is in use; retry shortly`);
      }
      leases.push(lease);
      keepers.push(keepLease(lease, locks.leaseSeconds));
    }
    // Created with an expiry so a crash mid-copy leaves nothing the sweeper will not remove.
    await repo.insert({
      id,
      workspaceId,
      length: total,
      metadata,
      isPartial: false,
      concatParts: parts,
      userId,
      clientIp: '',
      expiresInHours: limits.uploadExpiryHours,
    });
    created = true;
    await store.create(id);
    const writer = await store.openWriter(id, 0);
    let copied = 0;
    try {
      for (const part of parts) {
        for await (const chunk of store.read(part) as AsyncIterable<Buffer>) {
          copied += chunk.length;
          await writer.write(chunk);
        }
      }
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    if (copied !== total) throw new Error(`concatenated ${copied} of ${total} bytes`);
    await repo.update(id, { offset: total, status: 'verifying', clearExpiry: true });
    await repo.remove(parts);
    await Promise.all(parts.map((part) => store.remove(part)));
  } catch (error) {
    if (created) {
      await store.remove(id).catch(() => undefined);
      await repo.remove([id]).catch(() => undefined);
    }
    throw error;
  } finally {
    await Promise.all(keepers.map((k) => k.stop()));
    // Deleted parts have no lease left to release; the others get theirs back.
    await Promise.all(leases.map((l) => l.release().catch(() => undefined)));
  }
}
