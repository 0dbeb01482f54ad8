import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { IntakeError, NotFoundError } from '../errors.js';
import type { DeclaredChecksum } from './checksum.js';
import { concatenate } from './concatenate.js';
import { receiveChunk } from './receive-chunk.js';
import type { UploadConcat } from './tus-protocol.js';
import { checkType, gone, locked, tooLarge } from './upload-errors.js';
import { keepLease, type UploadLocks } from './upload-lock.js';
import { declaredDigests, type UploadMetadata } from './upload-metadata.js';
import type { UploadStore } from './upload-store.js';
import type { UploadVerifier } from './upload-verifier.js';
import type { UploadRecord, UploadsRepo } from './uploads-repo.js';

export interface UploadLimits {
  maxUploadBytes: number;
  uploadExpiryHours: number;
  maxConcurrentUploads: number;
  uploadAllowedTypes: string[];
  uploadLockLeaseSeconds: number;
}

export interface UploadsDeps {
  repo: UploadsRepo;
  store: UploadStore;
  locks: UploadLocks;
  verifier: Pick<UploadVerifier, 'verify'>;
  limits: UploadLimits;
}

export interface ChunkInput {
  offset: number;
  /** Upload-Length sent with a PATCH, to fix a deferred length. */
  length: number | undefined;
  checksum: DeclaredChecksum | undefined;
  contentLength: number | undefined;
  body: Readable;
}

/**
 * The tus uploads domain without HTTP: creation, chunks, completion (then the whole-file
 * checksums, upload-verifier.ts), concatenation, termination. Routes map its results and
 * IntakeErrors to tus answers.
 */
export function createUploadsService(deps: UploadsDeps) {
  const { repo, store, locks, verifier, limits } = deps;

  const existing = async (id: string): Promise<UploadRecord> => {
    const upload = await repo.find(id);
    if (!upload) throw new NotFoundError('Upload', id);
    if (upload.status === 'expired') throw gone(id);
    // Past its expiry an unfinished upload is gone already, even before the sweeper's next pass.
    if (upload.status === 'uploading' && upload.expiresAt && upload.expiresAt < new Date()) {
      throw gone(id);
    }
    return upload;
  };

  /**
   * Records that every byte is on disk. A partial upload is complete at once: its bytes are
   * checked as part of the final upload. Any other upload is `verifying` until its checksums
   * are computed, after this request's lease is released.
   */
  const complete = async (upload: UploadRecord, length: number) => {
    await repo.update(upload.id, {
      offset: length,
      status: upload.isPartial ? 'complete' : 'verifying',
      // Partial uploads keep their expiry: unused ones are swept like unfinished uploads.
      clearExpiry: !upload.isPartial,
    });
  };

  /** Writes one chunk under the upload's lease; returns the upload as it is afterwards. */
  async function writeChunk(id: string, input: ChunkInput): Promise<UploadRecord> {
    await existing(id);
    const lease = await locks.acquire(id);
    if (!lease) {
      await existing(id);
      throw locked(id);
    }
    const keeper = keepLease(lease, locks.leaseSeconds);
    try {
      await writeLocked(await existing(id), input, keeper);
    } finally {
      await keeper.stop();
      await lease.release().catch(() => undefined);
    }
    const upload = await existing(id);
    // In the background: the client hears about the last chunk now, and reads the outcome with
    // HEAD or the status endpoint; an import waits for it.
    if (upload.status === 'verifying') void verifier.verify(id);
    return upload;
  }

  async function writeLocked(
    upload: UploadRecord,
    input: ChunkInput,
    keeper: ReturnType<typeof keepLease>,
  ): Promise<void> {
    const { id } = upload;
    if (upload.concatParts) {
      throw new IntakeError('FORBIDDEN', 'A final upload is assembled from its parts; no PATCH');
    }
    let length = upload.length;
    if (input.length !== undefined && input.length !== length) {
      if (length !== null) {
        throw new IntakeError('BAD_REQUEST', `Upload-Length of upload ${id} is already ${length}`);
      }
      if (input.length < upload.offset) {
        throw new IntakeError('BAD_REQUEST', 'Upload-Length is smaller than the upload offset');
      }
      if (input.length > limits.maxUploadBytes) throw tooLarge(input.length, limits.maxUploadBytes);
      length = input.length;
      await repo.update(id, { length });
    }
    if (input.offset !== upload.offset) {
      throw new IntakeError(
        'CONFLICT',
        `Upload-Offset ${input.offset} does not match the upload's offset ${upload.offset}; send HEAD and resume from there`,
      );
    }
    const limit = (length ?? limits.maxUploadBytes) - upload.offset;
    if (input.contentLength !== undefined && input.contentLength > limit) {
      throw new IntakeError(
        'PAYLOAD_TOO_LARGE',
        `This chunk of ${input.contentLength} bytes goes past the end of the upload (${limit} bytes left)`,
      );
    }
    if (upload.status !== 'uploading') return;

    // Bytes past the stored offset were written before a crash and never acknowledged.
    const size = await store.size(id);
    if (size === undefined) throw gone(id);
    if (size < upload.offset) {
      await repo.update(id, { offset: size });
      throw new IntakeError(
        'CONFLICT',
        `Upload ${id} holds ${size} bytes on disk, fewer than recorded; send HEAD and resume from there`,
      );
    }
    if (size > upload.offset) await store.truncate(id, upload.offset);

    const result = await receiveChunk({
      store,
      id,
      offset: upload.offset,
      limit,
      body: input.body,
      checksum: input.checksum,
      keeper,
    });
    switch (result.kind) {
      case 'ok': {
        const offset = upload.offset + result.received;
        if (length !== null && offset === length) return complete(upload, length);
        if (result.received > 0) await repo.update(id, { offset });
        return;
      }
      case 'checksum-mismatch':
        throw new IntakeError(
          'CHECKSUM_MISMATCH',
          `Upload-Checksum ${input.checksum?.algorithm} does not match the chunk; it was discarded, the offset stays ${upload.offset}`,
        );
      case 'too-large':
        // The stream may have recorded progress before the overrun showed; none of it stays.
        await repo.update(id, { offset: upload.offset });
        throw new IntakeError(
          'PAYLOAD_TOO_LARGE',
          `This chunk goes past the end of the upload (${limit} bytes left); it was discarded`,
        );
      case 'lease-lost':
        throw locked(id);
      case 'interrupted': {
        const offset = upload.offset + result.kept;
        // Every byte arrived although the request failed at its very end.
        if (length !== null && offset === length) return complete(upload, length);
        if (result.kept > 0) await repo.update(id, { offset });
        throw new IntakeError(
          'BAD_REQUEST',
          `The request body ended early; the upload's offset is now ${offset}`,
          { cause: result.error },
        );
      }
    }
  }

  return {
    async create(input: {
      workspaceId: string;
      length: number | null;
      metadata: UploadMetadata;
      concat: UploadConcat;
      userId: string;
      clientIp: string;
      chunk: Omit<ChunkInput, 'offset' | 'length'> | undefined;
    }): Promise<UploadRecord> {
      if (declaredDigests(input.metadata) === false) {
        throw new IntakeError(
          'BAD_REQUEST',
          'Metadata md5 must be 32 and sha256 64 hexadecimal characters',
        );
      }
      if (input.concat.kind === 'final') {
        checkType(input.metadata, limits.uploadAllowedTypes);
        const id = newUploadId();
        await concatenate({
          ...deps,
          id,
          workspaceId: input.workspaceId,
          userId: input.userId,
          parts: input.concat.parts,
          metadata: input.metadata,
        });
        void verifier.verify(id);
        return existing(id);
      }
      if (input.length !== null && input.length > limits.maxUploadBytes) {
        throw tooLarge(input.length, limits.maxUploadBytes);
      }
      // Partial uploads are bytes of a file declared on the final upload; their type is checked there.
      if (input.concat.kind !== 'partial') checkType(input.metadata, limits.uploadAllowedTypes);
      const open = await repo.countOpen(input.userId);
      if (open >= limits.maxConcurrentUploads) {
        throw new IntakeError(
          'TOO_MANY_REQUESTS',
          `You already have ${open} unfinished uploads (MAX_CONCURRENT_UPLOADS=${limits.maxConcurrentUploads}); finish or delete one first`,
        );
      }
      const id = newUploadId();
      const upload = await repo.insert({
        id,
        workspaceId: input.workspaceId,
        length: input.length,
        metadata: input.metadata,
        isPartial: input.concat.kind === 'partial',
        concatParts: null,
        userId: input.userId,
        clientIp: input.clientIp,
        expiresInHours: limits.uploadExpiryHours,
      });
      await store.create(id);
      if (input.length === 0) {
        await complete(upload, 0);
        void verifier.verify(id);
      } else if (input.chunk) {
        // creation-with-upload: the upload exists whatever happens to its first chunk; the
        // client learns the accepted offset from the 201 and goes on from there.
        await writeChunk(id, { ...input.chunk, offset: 0, length: undefined }).catch(
          () => undefined,
        );
      }
      return existing(id);
    },

    writeChunk,

    /** The workspace owning an upload (undefined for an unknown id): upload-access.ts. */
    ownerOf: async (id: string) => (await repo.find(id))?.workspaceId,

    /** The upload for HEAD and the status endpoint (404 unknown, 410 expired). */
    get: existing,

    async terminate(id: string): Promise<void> {
      // Expired uploads may be terminated too: their files go now rather than at the next sweep.
      if (!(await repo.find(id))) throw new NotFoundError('Upload', id);
      const lease = await locks.acquire(id);
      if (!lease) throw locked(id);
      await store.remove(id);
      await repo.remove([id]);
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;

/** 128 random bits as 32 hex characters: unguessable, and safe as a file name (UPLOAD_ID). */
export const newUploadId = () => randomBytes(16).toString('hex');
