import type { AuthOptions, TokenProvider } from './types.js';

/** Produces the Authorization header and, for Bearer, refreshes it after a 401. */
export interface Authenticator {
  /** The header value to send now. */
  header(): string | Promise<string>;
  /** Whether a 401 may be answered by one refresh and one resend. */
  readonly canRefresh: boolean;
  /**
   * Refreshes unless the token already changed since `staleHeader` was sent. Concurrent callers
   * share one in-flight refresh, so 50 calls failing with 401 cause exactly one refresh.
   */
  refresh(staleHeader: string): Promise<void>;
}

const basic = (username: string, password: string): Authenticator => {
  const value = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return {
    header: () => value,
    canRefresh: false,
    refresh: async () => {},
  };
};

const bearer = (token: string | TokenProvider, refreshToken?: TokenProvider): Authenticator => {
  const provider = typeof token === 'function' ? token : undefined;
  const refreshWith = refreshToken ?? provider;
  let current: string | undefined = typeof token === 'string' ? `Bearer ${token}` : undefined;
  let pending: Promise<string> | undefined;

  // A static token sets `current` up front, so only a provider ever has to be called here.
  const initial = (): Promise<string> =>
    provider ? load(provider) : Promise.reject(new Error('bearer auth has no token'));

  const load = (from: TokenProvider): Promise<string> => {
    if (pending) return pending;
    // `then(from)` also turns a provider that throws synchronously into a rejection.
    const run = Promise.resolve()
      .then(from)
      .then((token) => {
        current = `Bearer ${token}`;
        return current;
      });
    pending = run;
    const settle = () => {
      if (pending === run) pending = undefined;
    };
    run.then(settle, settle);
    return run;
  };

  return {
    // While a refresh runs, new calls wait for the fresh token instead of sending the stale one.
    header: () => pending ?? current ?? initial(),
    canRefresh: refreshWith !== undefined,
    refresh: async (staleHeader) => {
      if (!refreshWith) return;
      if (pending) {
        await pending;
        return;
      }
      if (current !== staleHeader) return;
      await load(refreshWith);
    },
  };
};

export const createAuthenticator = (auth: AuthOptions | undefined): Authenticator | undefined => {
  if (!auth) return undefined;
  return auth.type === 'basic'
    ? basic(auth.username, auth.password)
    : bearer(auth.token, auth.refresh);
};
