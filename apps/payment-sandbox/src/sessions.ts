import { randomBytes } from 'node:crypto';

/** Dashboard sessions: an opaque id in a cookie, expiring after `ttlSeconds`. */
export class Sessions {
  readonly #sessions = new Map<string, { user: string; expiresAt: number }>();
  readonly #ttlMs: number;

  constructor(ttlSeconds: number) {
    this.#ttlMs = ttlSeconds * 1000;
  }

  open(user: string): { id: string; maxAgeSeconds: number } {
    const id = randomBytes(24).toString('base64url');
    this.#sessions.set(id, { user, expiresAt: Date.now() + this.#ttlMs });
    return { id, maxAgeSeconds: Math.ceil(this.#ttlMs / 1000) };
  }

  user(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    if (!session || session.expiresAt <= Date.now()) {
      this.#sessions.delete(id ?? '');
      return undefined;
    }
    return session.user;
  }
}
