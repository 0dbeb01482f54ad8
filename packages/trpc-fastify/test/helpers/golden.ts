import { expect } from 'vitest';
import {
  meaningfulHeaders,
  type RawRequest,
  type RawResponse,
  rawRequest,
  servedFast,
} from './raw-http.js';
import type { ServerPair } from './servers.js';

/**
 * `data.stack` (dev mode only) is captured where each adapter creates or awaits the error, so its
 * frames differ by design; its first line (name and message) must still match. A regex, so it
 * also covers stacks inside SSE and jsonl frames.
 */
const STACK = /"stack":"((?:[^"\\]|\\.)*)"/g;

function comparableBody(body: string): string {
  return body.replace(STACK, (_match, stack: string) => `"stack":"${stack.split('\\n')[0]}"`);
}

export function comparable(res: RawResponse) {
  return {
    status: res.status,
    headers: meaningfulHeaders(res.headers),
    body: comparableBody(res.body),
  };
}

export interface GoldenResult {
  official: RawResponse;
  ours: RawResponse;
  fast: boolean;
}

/**
 * Sends the same request to both servers and asserts status, meaningful headers, body and the
 * `onError` calls are equal. `expectFast` pins which path ours took.
 */
export async function expectSame(
  pair: ServerPair,
  req: RawRequest,
  expectFast?: boolean,
): Promise<GoldenResult> {
  pair.official.errors.length = 0;
  pair.ours.errors.length = 0;
  const official = await rawRequest(pair.official.url, req);
  const ours = await rawRequest(pair.ours.url, req);
  const label = `${req.method ?? 'GET'} ${req.path}`;
  expect(comparable(ours), label).toEqual(comparable(official));
  expect(pair.ours.errors, `${label} onError`).toEqual(pair.official.errors);
  const fast = servedFast(ours);
  if (expectFast !== undefined) expect(fast, `${label} served fast`).toBe(expectFast);
  return { official, ours, fast };
}
