import { createHash, type Hash } from 'node:crypto';

/**
 * Per-request checksums (tus checksum extension, https://tus.io/protocols/resumable-upload#checksum)
 * and the whole-file MD5 + SHA-256 kept while bytes arrive (see
 * /work/shared/research/upload-checksums.md: hashing on the pass that writes costs far less than a
 * second pass at completion; node:crypto is the fastest hasher here).
 */
export const CHECKSUM_ALGORITHMS = ['sha1', 'md5', 'sha256', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface DeclaredChecksum {
  algorithm: ChecksumAlgorithm;
  /** The digest the client declared, decoded from base64. */
  digest: Buffer;
}

/**
 * `Upload-Checksum: sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=`. Returns `unsupported` for an algorithm we
 * do not offer (the spec's 400) and `undefined` for a malformed header.
 */
export function parseUploadChecksum(
  value: string | undefined,
): DeclaredChecksum | 'unsupported' | undefined {
  if (value === undefined) return undefined;
  const match = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const algorithm = match[1] as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) return 'unsupported';
  return { algorithm, digest: Buffer.from(match[2], 'base64') };
}

/** MD5 and SHA-256 of a file so far, fed in order; `copy()` is a checkpoint before a chunk. */
export class WholeFileHash {
  private constructor(
    private md5: Hash,
    private sha256: Hash,
    /** Bytes hashed: must equal the upload's offset to be used. */
    public offset: number,
  ) {}

  static empty(): WholeFileHash {
    return new WholeFileHash(createHash('md5'), createHash('sha256'), 0);
  }

  /** Hashes the bytes already on disk once (after a restart the in-memory state is gone). */
  static async fromStream(stream: AsyncIterable<Buffer>): Promise<WholeFileHash> {
    const hash = WholeFileHash.empty();
    for await (const chunk of stream) hash.update(chunk);
    return hash;
  }

  update(chunk: Buffer): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.offset += chunk.length;
  }

  copy(): WholeFileHash {
    return new WholeFileHash(this.md5.copy(), this.sha256.copy(), this.offset);
  }

  /** Hex digests of what was hashed; the object stays usable (digests come from copies). */
  digest(): { md5: string; sha256: string } {
    return { md5: this.md5.copy().digest('hex'), sha256: this.sha256.copy().digest('hex') };
  }
}
