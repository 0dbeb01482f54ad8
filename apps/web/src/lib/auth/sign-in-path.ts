/** The pages anyone may open; everything else needs a session. */
export const publicPaths = ['/sign-in', '/invite'] as const;

export const isPublicPath = (pathname: string): boolean =>
  publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`));

/**
 * Where to go after signing in, from the `next` parameter. Only a path on this site: a value
 * such as `//evil.example` or `https://evil.example` would make the sign-in page an open
 * redirect that phishing links could borrow. Public pages fall back to `/` (after signing in,
 * the sign-in page itself is no destination).
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside "/\t/evil") are dropped by URL parsers.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what is matched
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  const pathname = raw.split(/[?#]/)[0] ?? '/';
  return isPublicPath(pathname) ? '/' : raw;
}

/** The sign-in page, remembering where the person was (path and query, not the fragment). */
export function signInPath(from: { pathname: string; search: string }): string {
  const next = `${from.pathname}${from.search}`;
  return next === '/' || isPublicPath(from.pathname)
    ? '/sign-in'
    : `/sign-in?next=${encodeURIComponent(next)}`;
}
