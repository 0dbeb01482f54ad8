import { CookieJar, type SerializedCookieJar } from 'tough-cookie';
import type { CookieOptions } from './types.js';

/**
 * The session jar: tough-cookie applies RFC 6265 domain, path, secure and expiry rules, so an
 * expired cookie is simply not returned for the next call.
 */
export const createCookieJar = (options: CookieOptions | undefined): CookieJar | undefined => {
  if (options === undefined || options === false) return undefined;
  if (options === true) return new CookieJar();
  if (options instanceof CookieJar) return options;
  // A serialized jar from `client.exportCookies()`: a restarted worker keeps its session.
  return CookieJar.deserializeSync(options);
};

export const cookieHeader = async (jar: CookieJar, url: string): Promise<string> =>
  jar.getCookieString(url);

export const storeSetCookie = async (
  jar: CookieJar,
  url: string,
  setCookie: string | string[] | undefined,
): Promise<void> => {
  if (setCookie === undefined) return;
  const values = Array.isArray(setCookie) ? setCookie : [setCookie];
  for (const value of values) {
    // A malformed or foreign-domain cookie is the server's problem, not a failed call.
    await jar.setCookie(value, url, { ignoreError: true });
  }
};

export type { SerializedCookieJar };
