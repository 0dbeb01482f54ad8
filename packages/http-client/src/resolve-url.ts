import type { RequestOptions } from './types.js';

/**
 * ky-style prefix semantics: with a `baseUrl`, a relative input is appended to the base path
 * (`/users` and `users` both land under `https://api/v1/`), an absolute URL is used as is.
 */
export const resolveUrl = (
  input: string | URL,
  baseUrl: URL | undefined,
  query: RequestOptions['query'],
): URL => {
  let url: URL;
  if (input instanceof URL) {
    url = new URL(input.href);
  } else if (baseUrl && !/^[a-z][a-z\d+\-.]*:/i.test(input)) {
    url = new URL(input.startsWith('/') ? input.slice(1) : input, baseUrl);
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
