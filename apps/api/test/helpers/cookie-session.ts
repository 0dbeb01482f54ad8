import { TEST_ADMIN } from './credentials.js';

export const SESSION_COOKIE = 'intake_session';

/** A browser's view of a session: the cookie it keeps and the CSRF token the page read. */
export interface CookieSession {
  /** `intake_session=<value>`, as a browser sends it back. */
  cookie: string;
  value: string;
  /** The raw Set-Cookie header of the sign-in answer (flags included). */
  setCookie: string;
  csrfToken: string;
}

/** The `intake_session` Set-Cookie of an answer, if any. */
export function sessionSetCookie(headers: Headers): string | undefined {
  return headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

/**
 * Signs in with auth.signIn the way the web app does (same origin, JSON over tRPC) and keeps
 * the session cookie; `headers` may add a cookie the browser already had (fixation tests).
 */
export async function signInWithCookie(
  url: string,
  who: { email: string; password: string } = TEST_ADMIN,
  headers: Record<string, string> = {},
): Promise<CookieSession> {
  const res = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const body = (await res.json()) as { result?: { data?: { csrfToken?: string | null } } };
  const setCookie = sessionSetCookie(res.headers);
  const csrfToken = body.result?.data?.csrfToken;
  if (res.status !== 200 || !setCookie || !csrfToken)
    throw new Error(`cookie sign-in failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = setCookie.split(';')[0] ?? '';
  return { cookie, value: cookie.slice(SESSION_COOKIE.length + 1), setCookie, csrfToken };
}

/**
 * A tRPC call with a browser's cookie (no Bearer token): a query by GET, a mutation by POST
 * with `headers` (x-csrf-token, Origin, Sec-Fetch-Site as a test needs them). A mutation
 * without input answers as a batch of one (an array).
 */
export async function cookieCall(
  url: string,
  cookie: string,
  path: string,
  opts: { mutation?: boolean; input?: unknown; headers?: Record<string, string> } = {},
) {
  const input = opts.input === undefined ? '' : JSON.stringify(opts.input);
  // A mutation without input goes as the web app's batch link sends it: `?batch=1`, body `{}`.
  const res = opts.mutation
    ? await fetch(`${url}/trpc/${path}${input ? '' : '?batch=1'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...opts.headers },
        body: input || '{}',
      })
    : await fetch(`${url}/trpc/${path}${input ? `?input=${encodeURIComponent(input)}` : ''}`, {
        headers: { cookie, ...opts.headers },
      });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
