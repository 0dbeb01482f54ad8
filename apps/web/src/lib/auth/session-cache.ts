import { toAppError } from '../app-error';

/**
 * What the query cache learns about the session from the answers flowing through it, read by
 * the QueryCache/MutationCache callbacks in trpc.ts. Procedure paths come from the query and
 * mutation keys of @trpc/tanstack-react-query: `[['auth', 'me'], {...}]`.
 */

/** Procedures that answer `whoAmI`, so carry the session's current CSRF token. */
const whoAmIPaths = new Set([
  'auth.me',
  'auth.signIn',
  'auth.setup',
  'auth.switchWorkspace',
  'auth.acceptInvite',
]);

/**
 * Calls whose 401 is an answer about what was typed ("Wrong email or password"), not a sign
 * that the session is gone: the form shows it instead of the app leaving for the sign-in page.
 */
const credentialPaths = new Set([
  'auth.signIn',
  'auth.setup',
  'auth.acceptInvite',
  'auth.changePassword',
]);

/** `auth.me` from a tRPC query or mutation key; undefined for keys of anything else. */
export function procedurePath(key: readonly unknown[] | undefined): string | undefined {
  const head = key?.[0];
  if (!Array.isArray(head) || !head.every((part) => typeof part === 'string')) return undefined;
  return head.join('.');
}

/**
 * The CSRF token in an answer of `path`: a string or null (a token session has none), or
 * undefined when the answer does not say who the person is.
 */
export function csrfTokenIn(path: string | undefined, data: unknown): string | null | undefined {
  if (path === undefined || !whoAmIPaths.has(path)) return undefined;
  if (typeof data !== 'object' || data === null || !('csrfToken' in data)) return undefined;
  const token = data.csrfToken;
  return typeof token === 'string' ? token : null;
}

/** True when a failed call means the person is no longer signed in (HTTP 401). */
export function isSessionLost(path: string | undefined, error: unknown): boolean {
  if (path !== undefined && credentialPaths.has(path)) return false;
  const appError = toAppError(error);
  return appError.kind === 'business' && appError.httpStatus === 401;
}
