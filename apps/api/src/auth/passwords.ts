import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { commonPasswords } from './common-passwords.js';

/**
 * scrypt (RFC 7914) from Node's crypto: memory-hard, no native addon. N = 2^15, r = 8, p = 1
 * uses 32 MiB and ~0.1 s per hash here; the parameters are stored with each hash, so raising
 * them later re-hashes nobody and locks nobody out.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

const maxmem = (o: { N: number; r: number }) => 128 * o.N * o.r * 2;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { ...PARAMS, maxmem: maxmem(PARAMS) });
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const opts = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    ...opts,
    maxmem: maxmem(opts),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a password nobody has: signing in with an unknown email costs the same time as
 * with a wrong password, so response times do not tell which emails have accounts.
 */
export const decoyHash = hashPassword(randomBytes(16).toString('hex'));

/** Why a new password is refused, in words for the form; undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  minLength: number,
  email?: string,
): string | undefined {
  if ([...password].length < minLength) return `must be at least ${minLength} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'is too common (found in lists of breached passwords)';
  // Only names long enough to be a guess worth trying ("mia" inside a passphrase is fine).
  const name = email?.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lower.includes(name)) return 'must not contain your email name';
  if (new Set(lower).size <= 2) return 'is too simple (repeats one or two characters)';
  return undefined;
}
