import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const valid = /^[\w.:-]{1,128}$/;

/**
 * Keeps a caller's `x-request-id` when it is a sane token (so one id follows a request through
 * proxies and services), else makes a new one. Never trust a header into logs unchecked.
 */
export function requestIdFrom(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && valid.test(incoming) ? incoming : randomUUID();
}
