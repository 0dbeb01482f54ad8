import type { FastifyReply } from 'fastify';
import { DEFAULT_VARY, type ResponseHead } from './response-head.js';

/** What `new Response(string)` adds when tRPC did not set a content type (early errors). */
const RESPONSE_TEXT_TYPE = 'text/plain;charset=UTF-8';

/**
 * `new Response(body, { status })` rejects these; tRPC builds one inside its try block, so the
 * fast path reproduces the exact exception (and thus the same error response) by building one.
 */
export function assertResponseStatus(status: number): void {
  if (status < 200 || status > 599 || status === 204 || status === 205 || status === 304) {
    new Response('', { status });
  }
}

/**
 * One write with Content-Length instead of the official chunked web stream. A Buffer, because
 * Fastify appends `; charset=utf-8` to a JSON content type when sending a string, and tRPC's
 * `application/json` must go out unchanged. Headers go through `reply.header` like Fastify does
 * for a `Response`, so onSend hooks and cookies set on the reply behave the same.
 */
export function sendResponse(
  reply: FastifyReply,
  status: number,
  head: ResponseHead,
  body: string,
): void {
  reply.code(status);
  const headers = head.headers;
  if (headers === undefined) {
    reply.header('vary', DEFAULT_VARY);
    reply.header('content-type', head.json ? 'application/json' : RESPONSE_TEXT_TYPE);
  } else {
    for (const [name, value] of headers) reply.header(name, value);
    if (!headers.has('content-type')) reply.header('content-type', RESPONSE_TEXT_TYPE);
  }
  reply.send(Buffer.from(body));
}
