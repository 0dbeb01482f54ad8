import type { RequestOptions } from './types.js';

const isAbsolute = (input: string): boolean =>
  input.startsWith('https://') || input.startsWith('http://');

/**
 * ky-style prefix semantics: with a `baseUrl` (normalized to end in `/`), a relative input is
 * appended to the base path (`/users` and `users` both land under `https://api/v1/`), an absolute
 * URL is used as is. Concatenating and parsing once is about twice as fast as `new URL(rel, base)`.
 */
export const resolveUrl = (
  input: string | URL,
  baseHref: string | undefined,
  query: RequestOptions['query'],
): URL => {
  let url: URL;
  if (typeof input !== 'string') {
    url = new URL(input.href);
  } else if (baseHref !== undefined && !isAbsolute(input)) {
    url = new URL(baseHref + (input.startsWith('/') ? input.slice(1) : input));
  } else {
    url = new URL(input);
  }
  if (query) {
    const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
    for (const [name, value] of entries) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
  }
  return url;
};
