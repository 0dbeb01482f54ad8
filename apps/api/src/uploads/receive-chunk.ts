import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DeclaredChecksum } from './checksum.js';
import type { LeaseKeeper } from './upload-lock.js';
import type { UploadStore } from './upload-store.js';

export type ReceiveResult =
  /** Every byte of the request is on disk and passed its checksum. */
  | { kind: 'ok'; received: number }
  /** Upload-Checksum did not match: the chunk was truncated away. */
  | { kind: 'checksum-mismatch' }
  /** More bytes than the upload may still take: nothing of this request was kept. */
  | { kind: 'too-large' }
  /** The lease was taken over: another writer owns the file now; nothing was touched after. */
  | { kind: 'lease-lost' }
  /** The client went away (or the disk failed): `kept` bytes of the request stay on disk. */
  | { kind: 'interrupted'; kept: number; error: unknown };

export interface ReceiveInput {
  store: UploadStore;
  id: string;
  /** Where this request's bytes start; the file is already truncated to it. */
  offset: number;
  /** Most bytes this request may carry (Upload-Length or the size limit minus the offset). */
  limit: number;
  body: Readable;
  checksum: DeclaredChecksum | undefined;
  keeper: LeaseKeeper;
}

class LeaseLost extends Error {}

/**
 * Streams one PATCH body to the upload's file at its offset: reads no faster than the disk
 * takes it (backpressure), and decides what stays on disk when the request ends early. Per-request checksums make a chunk all-or-nothing (tus checksum extension).
 */
export async function receiveChunk(input: ReceiveInput): Promise<ReceiveResult> {
  const { store, id, offset, limit, body, checksum, keeper } = input;
  const chunkHash = checksum ? createHash(checksum.algorithm) : undefined;
  const writer = await store.openWriter(id, offset);
  let received = 0;
  let tooLarge = false;
  let failure: unknown;
  // Progress for a crash: what the file holds, never the whole length (completion is recorded
  // by the caller once the request ended), and nothing for a checksummed chunk (all or nothing).
  keeper.progress = checksum
    ? undefined
    : async () => {
        const size = await store.size(id);
        return size === undefined ? undefined : Math.min(size, offset + limit - 1);
      };
  try {
    // destroyOnReturn: false keeps the socket open when we stop early, so a 413 can be answered.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      if (keeper.lost) throw new LeaseLost();
      if (received + chunk.length > limit) {
        tooLarge = true;
        break;
      }
      received += chunk.length;
      chunkHash?.update(chunk);
      await writer.write(chunk);
    }
  } catch (error) {
    failure = error;
  } finally {
    keeper.progress = undefined;
  }

  if (failure instanceof LeaseLost) {
    await writer.abort();
    return { kind: 'lease-lost' };
  }
  if (failure === undefined && !tooLarge) {
    try {
      await writer.close();
    } catch (error) {
      failure = error;
    }
  } else {
    await writer.abort();
  }
  if (tooLarge) {
    await store.truncate(id, offset);
    return { kind: 'too-large' };
  }
  if (failure !== undefined) {
    if (checksum) {
      await store.truncate(id, offset);
      return { kind: 'interrupted', kept: 0, error: failure };
    }
    const size = (await store.size(id)) ?? offset;
    const kept = Math.max(0, Math.min(size - offset, received));
    if (size > offset + kept) await store.truncate(id, offset + kept);
    return { kind: 'interrupted', kept, error: failure };
  }
  if (checksum && chunkHash && !chunkHash.digest().equals(checksum.digest)) {
    await store.truncate(id, offset);
    return { kind: 'checksum-mismatch' };
  }
  return { kind: 'ok', received };
}
