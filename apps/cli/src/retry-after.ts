import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitPolicy {
  /** Retries after the first answer; the last 429 is returned to the caller as is. */
  retries: number;
  /** A longer Retry-After (an hourly import limit) is not waited for: the caller reports it. */
  maxWaitSeconds: number;
  /** Told before each wait (the CLI prints it on stderr). */
  onWait?: (seconds: number, attempt: number) => void;
}

export const DEFAULT_WAIT_POLICY: WaitPolicy = {
  retries: 3,
  maxWaitSeconds: 60,
  onWait: (seconds, attempt) =>
    process.stderr.write(
      `The server is rate limiting this client; waiting ${seconds} s before trying again (retry ${attempt})\n`,
    ),
};

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; undefined when unusable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

// tRPC passes `signal: undefined`, which exactOptionalPropertyTypes tells apart from absent.
type FetchInit = Omit<RequestInit, 'signal'> & { signal?: AbortSignal | null | undefined };
export type Fetch = (input: string | URL | Request, init?: FetchInit) => Promise<Response>;

const platformFetch: Fetch = (input, init) => fetch(input, init as RequestInit);

/**
 * `fetch` that waits and sends again when the server answers 429 with a Retry-After it can
 * afford to wait for, a bounded number of times. The bodies the CLI sends here (tRPC JSON, none
 * for REST reads) are strings, so sending again is safe; the server refused the request before
 * running it, so nothing happened twice.
 */
export function fetchHonouringRetryAfter(
  policy: WaitPolicy = DEFAULT_WAIT_POLICY,
  inner: Fetch = platformFetch,
): Fetch {
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      const res = await inner(input, init);
      if (res.status !== 429 || attempt > policy.retries) return res;
      const seconds = parseRetryAfter(res.headers.get('retry-after'));
      if (seconds === undefined || seconds > policy.maxWaitSeconds) return res;
      // Free the connection before waiting.
      await res.body?.cancel();
      policy.onWait?.(seconds, attempt);
      await sleep(seconds * 1000, undefined, init?.signal ? { signal: init.signal } : undefined);
    }
  };
}
