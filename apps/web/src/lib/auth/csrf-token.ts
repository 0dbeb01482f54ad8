/**
 * The CSRF synchronizer token of the current browser session (whoAmI.csrfToken). The server
 * refuses a state-changing request made with the session cookie unless it carries this token in
 * `x-csrf-token`: a page on another site can make the browser send the cookie, but cannot read
 * this value. It lives in memory only (never in storage a script from elsewhere could reach),
 * and is set whenever the server says who the person is (see session-cache.ts).
 */
let current: string | null = null;

export function setCsrfToken(token: string | null): void {
  current = token;
}

export function csrfToken(): string | null {
  return current;
}

/** Headers to add to a request; empty when signed out. */
export function csrfHeaders(): Record<string, string> {
  return current ? { 'x-csrf-token': current } : {};
}
