/**
 * Per-request checksums (tus checksum extension, https://tus.io/protocols/resumable-upload#checksum).
 * Whole-file digests are in whole-file-hash.ts.
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
