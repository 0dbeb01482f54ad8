import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session ids, API tokens and invite tokens: 256 random bits with a readable prefix (so a
 * leaked one is recognisable in a secret scanner), stored only as their SHA-256. A fast hash is
 * right here: unlike passwords they cannot be guessed, only stolen.
 */
export type SecretKind = 'ses' | 'itk' | 'inv';

export const newSecret = (kind: SecretKind) => `${kind}_${randomBytes(32).toString('base64url')}`;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const secretKind = (secret: string): SecretKind | undefined => {
  const kind = secret.slice(0, 3);
  return secret[3] === '_' && (kind === 'ses' || kind === 'itk' || kind === 'inv')
    ? kind
    : undefined;
};

/** Constant-time string comparison (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
