import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame } from './helpers/golden.js';
import type { RawRequest } from './helpers/raw-http.js';
import { TRPC_ERROR_CODES } from './helpers/router.js';
import { type PairOptions, type ServerPair, startPair } from './helpers/servers.js';

const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value));
const json = { 'content-type': 'application/json' };

interface Case extends RawRequest {
  name: string;
  fast?: boolean;
}

function post(name: string, path: string, body: string | Buffer, fast?: boolean): Case {
  return {
    name,
    method: 'POST',
    path,
    headers: json,
    body,
    ...(fast === undefined ? {} : { fast }),
  };
}

/** Runs each case against a fresh pair with `options`. */
function golden(title: string, options: PairOptions, cases: Case[]): void {
  describe(title, () => {
    let pair: ServerPair;
    beforeAll(async () => {
      pair = await startPair(options);
    });
    afterAll(async () => {
      await pair.close();
    });
    for (const { name, fast, ...req } of cases) {
      it(name, async () => {
        await expectSame(pair, req, fast);
      });
    }
  });
}

const basics: Case[] = [
  { name: 'query without input', path: '/trpc/hello', fast: true },
  { name: 'query with input', path: `/trpc/greet?input=${q({ name: 'ann' })}`, fast: true },
  { name: 'zod error', path: `/trpc/greet?input=${q({ name: '' })}`, fast: true },
  { name: 'zod error, missing input', path: '/trpc/greet', fast: true },
  { name: 'zod error, empty input param', path: '/trpc/greet?input=', fast: true },
  { name: 'invalid JSON input', path: '/trpc/greet?input=%7Bbad', fast: true },
  { name: 'invalid JSON, procedure without input', path: '/trpc/hello?input=%7Bbad', fast: true },
  { name: 'duplicate input param', path: `/trpc/echo?input=1&input=2`, fast: true },
  { name: 'plus in input', path: '/trpc/echo?input=%22a+b%22', fast: true },
  { name: 'fragment after query', path: `/trpc/echo?input=1#frag`, fast: true },
  { name: 'unexpected error', path: '/trpc/boom', fast: true },
  { name: 'output validation error', path: '/trpc/badOutput', fast: true },
  { name: 'unserialisable result (BigInt)', path: '/trpc/bigint', fast: true },
  { name: '404 unknown path', path: '/trpc/nope', fast: true },
  { name: '404 router, not procedure', path: '/trpc/nested.deep', fast: true },
  { name: '404 prototype key', path: '/trpc/constructor', fast: true },
  { name: '404 __proto__', path: '/trpc/__proto__', fast: true },
  { name: 'nested procedure', path: '/trpc/nested.deep.path', fast: true },
  { name: 'percent-encoded path', path: '/trpc/hel%6Co', fast: true },
  { name: 'double-encoded comma', path: '/trpc/hello%252Cgreet?batch=1', fast: true },
  { name: 'malformed path escape', path: '/trpc/%E0%A4%A' },
  { name: 'malformed after decode', path: '/trpc/%2525E0%2525A4?batch=1' },
  { name: '405 GET to mutation', path: `/trpc/add?input=${q({ a: 1, b: 2 })}`, fast: true },
  post('405 POST to query', '/trpc/hello', '{}', true),
  post('mutation', '/trpc/add', JSON.stringify({ a: 1, b: 2 }), true),
  post('mutation zod error', '/trpc/add', JSON.stringify({ a: 'x' }), true),
  post('mutation invalid JSON', '/trpc/add', '{bad', true),
  post('mutation empty body', '/trpc/add', '', true),
  post('mutation body with BOM', '/trpc/add', `\uFEFF${JSON.stringify({ a: 2, b: 3 })}`, true),
  post('mutation, null body', '/trpc/echoMutation', 'null', true),
  post(
    'mutation, invalid UTF-8',
    '/trpc/echoMutation',
    Buffer.from([0x22, 0xff, 0xfe, 0x22]),
    true,
  ),
  {
    name: 'content-type with charset and case',
    method: 'POST',
    path: '/trpc/add',
    headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    body: JSON.stringify({ a: 1, b: 1 }),
    fast: true,
  },
  { name: '415 POST without content-type', method: 'POST', path: '/trpc/add', body: '{}' },
  {
    name: '415 POST text/plain',
    method: 'POST',
    path: '/trpc/add',
    headers: { 'content-type': 'text/plain' },
    body: '{}',
    fast: false,
  },
  {
    name: 'POST octet-stream',
    method: 'POST',
    path: '/trpc/add',
    headers: { 'content-type': 'application/octet-stream' },
    body: 'xx',
  },
  {
    name: 'GET with multipart content-type',
    path: '/trpc/hello',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    fast: false,
  },
  {
    name: 'PUT json',
    method: 'PUT',
    path: '/trpc/add',
    headers: json,
    body: '{}',
    fast: false,
  },
  { name: 'DELETE', method: 'DELETE', path: '/trpc/hello', fast: false },
  { name: 'HEAD', method: 'HEAD', path: '/trpc/hello' },
  { name: 'OPTIONS', method: 'OPTIONS', path: '/trpc/hello' },
  ...TRPC_ERROR_CODES.map(
    (code): Case => ({
      name: `TRPCError ${code}`,
      path: `/trpc/fail?input=${q({ code })}`,
      fast: true,
    }),
  ),
  ...TRPC_ERROR_CODES.map((code) =>
    post(`TRPCError ${code} in mutation`, '/trpc/failMutation', JSON.stringify({ code }), true),
  ),
  // batches
  {
    name: 'batch of queries',
    path: `/trpc/hello,greet,nested.deep.path?batch=1&input=${q({ 1: { name: 'bo' } })}`,
    fast: true,
  },
  { name: 'batch mixed results (207)', path: '/trpc/hello,boom,nope?batch=1', fast: true },
  { name: 'batch all failing, same status', path: '/trpc/nope,nope2?batch=1', fast: true },
  {
    name: 'batch all failing, different codes',
    path: `/trpc/fail,fail?batch=1&input=${q({ 0: { code: 'FORBIDDEN' }, 1: { code: 'CONFLICT' } })}`,
    fast: true,
  },
  {
    name: 'batch input not an object',
    path: `/trpc/hello,greet?batch=1&input=${q([1])}`,
    fast: true,
  },
  { name: 'batch input invalid JSON', path: '/trpc/hello,greet?batch=1&input=%7B', fast: true },
  { name: 'batch mixing query and mutation', path: '/trpc/hello,add?batch=1', fast: true },
  { name: 'batch mixing mutation and query', path: '/trpc/add,hello?batch=1', fast: true },
  { name: 'batch with empty path', path: '/trpc/,hello?batch=1', fast: true },
  { name: 'batch=0 is not a batch', path: '/trpc/hello?batch=0', fast: true },
  { name: 'batch of one', path: '/trpc/hello?batch=1', fast: true },
  post(
    'batch of mutations',
    '/trpc/add,add,echoMutation?batch=1',
    JSON.stringify({ 0: { a: 1, b: 2 }, 1: { a: 'x' }, 2: [1, 2] }),
    true,
  ),
  post('batch of mutations, invalid JSON body', '/trpc/add,add?batch=1', '[', true),
  {
    name: 'batch with stream-like result',
    path: '/trpc/hello,deferred,iterable?batch=1',
    fast: true,
  },
  // context, cookies, results tRPC refuses
  {
    name: 'createContext throws TRPCError',
    path: '/trpc/hello',
    headers: { 'x-ctx': 'throw-trpc' },
    fast: true,
  },
  {
    name: 'createContext throws Error',
    path: '/trpc/hello',
    headers: { 'x-ctx': 'throw' },
    fast: true,
  },
  {
    name: 'createContext throws, batch',
    path: '/trpc/hello,nope,add?batch=1',
    headers: { 'x-ctx': 'throw' },
    fast: true,
  },
  {
    name: 'createContext throws, 404 wins',
    path: '/trpc/nope',
    headers: { 'x-ctx': 'throw' },
    fast: true,
  },
  { name: 'middleware UNAUTHORIZED', path: '/trpc/whoami', fast: true },
  { name: 'middleware passes', path: '/trpc/whoami', headers: { 'x-user': 'ann' }, fast: true },
  { name: 'context sees request info', path: '/trpc/contextInfo,contextInfo?batch=1', fast: true },
  post('cookies set by a procedure', '/trpc/setCookie', '', true),
  { name: 'procedure reads signal', path: '/trpc/readsSignal', fast: true },
  { name: 'stream-like result (415)', path: '/trpc/deferred', fast: true },
  { name: 'async iterable result (415)', path: '/trpc/iterable', fast: true },
  // delegated to the official handler
  { name: 'subscription over SSE', path: `/trpc/onTick?input=${q({ count: 3 })}`, fast: false },
  { name: 'subscription in a batch', path: '/trpc/onTick?batch=1', fast: false },
  { name: 'subscription mixed with query', path: '/trpc/hello,onTick?batch=1', fast: false },
  {
    name: 'jsonl via trpc-accept',
    path: `/trpc/hello,greet?batch=1&input=${q({ 1: { name: 'x' } })}`,
    headers: { 'trpc-accept': 'application/jsonl' },
    fast: false,
  },
  {
    name: 'jsonl via accept',
    path: '/trpc/hello?batch=1',
    headers: { accept: 'text/html, application/jsonl' },
    fast: false,
  },
  {
    name: 'jsonl not batched',
    path: '/trpc/hello',
    headers: { 'trpc-accept': 'application/jsonl' },
  },
  { name: 'other trpc-accept', path: '/trpc/hello', headers: { 'trpc-accept': 'x' }, fast: false },
  { name: 'connectionParams', path: '/trpc/hello?connectionParams=%7B%7D', fast: false },
  { name: 'invalid connectionParams', path: '/trpc/hello?connectionParams=x', fast: false },
  { name: 'host the URL parser rejects', path: '/trpc/hello', headers: { host: 'a b' } },
  {
    name: 'host with port',
    path: '/trpc/hello',
    headers: { host: 'example.com:8080' },
    fast: true,
  },
  { name: 'lazy router (loads)', path: '/trpc/lazyChild.hi', fast: false },
  { name: 'lazy router (loaded)', path: '/trpc/lazyChild.hi', fast: true },
  { name: 'lazy router, unknown child', path: '/trpc/lazyChild.nope', fast: true },
  { name: 'outside the prefix', path: '/nope' },
];

/** The fast path's own middleware walk (`procedure-pipeline.ts`) against tRPC's. */
const pipeline: Case[] = [
  { name: 'pipeline: options keys at every level', path: '/trpc/mw.levels', fast: true },
  {
    name: 'pipeline: levels with input',
    path: `/trpc/mw.levels?input=${q({ n: 1 })}`,
    fast: true,
  },
  { name: 'pipeline: levels, bad input', path: `/trpc/mw.levels?input=${q({ n: 'x' })}` },
  { name: 'pipeline: synchronous resolver', path: '/trpc/mw.syncResolver', fast: true },
  { name: 'pipeline: ctx override, refused', path: '/trpc/mw.ctxOverride', fast: true },
  {
    name: 'pipeline: ctx override',
    path: '/trpc/mw.ctxOverride',
    headers: { 'x-user': 'ann' },
    fast: true,
  },
  {
    name: 'pipeline: input override',
    path: `/trpc/mw.inputOverride?input=${q({ name: 'ann' })}`,
    fast: true,
  },
  { name: 'pipeline: getRawInput override', path: '/trpc/mw.rawInputOverride', fast: true },
  {
    name: 'pipeline: two input parsers',
    path: `/trpc/mw.twoInputs?input=${q({ a: 1 })}`,
    fast: true,
  },
  {
    name: 'pipeline: two input parsers, second fails',
    path: `/trpc/mw.twoInputs?input=${q({ a: 1, b: 2 })}`,
    fast: true,
  },
  {
    name: 'pipeline: zod transform',
    path: `/trpc/mw.transformed?input=${q({ n: 'four' })}`,
    fast: true,
  },
  { name: 'pipeline: async refine', path: `/trpc/mw.asyncRefine?input=${q('yes')}`, fast: true },
  {
    name: 'pipeline: async refine fails',
    path: `/trpc/mw.asyncRefine?input=${q('no')}`,
    fast: true,
  },
  { name: 'pipeline: output parser transforms', path: '/trpc/mw.output', fast: true },
  { name: 'pipeline: async output fails', path: '/trpc/mw.badOutputAsync', fast: true },
  { name: 'pipeline: meta', path: '/trpc/mw.meta', fast: true },
  ...TRPC_ERROR_CODES.map(
    (code): Case => ({
      name: `pipeline: middleware throws ${code}`,
      path: `/trpc/mw.throws?input=${q({ code })}`,
      fast: true,
    }),
  ),
  ...TRPC_ERROR_CODES.map((code) =>
    post(
      `pipeline: middleware throws ${code} in mutation`,
      '/trpc/mw.throwsMutation',
      JSON.stringify({ code }),
      true,
    ),
  ),
  ...TRPC_ERROR_CODES.map(
    (code): Case => ({
      name: `pipeline: procedure .errors() formatter, ${code}`,
      path: `/trpc/mw.ownFormatter?input=${q({ code })}`,
      fast: true,
    }),
  ),
  { name: 'pipeline: middleware throws Error', path: '/trpc/mw.throwsError', fast: true },
  { name: 'pipeline: middleware rejects', path: '/trpc/mw.rejects', fast: true },
  { name: 'pipeline: middleware throws a string', path: '/trpc/mw.throwsString', fast: true },
  { name: 'pipeline: middleware returns nothing', path: '/trpc/mw.noNext', fast: true },
  { name: 'pipeline: middleware answers itself', path: '/trpc/mw.shortCircuit', fast: true },
  { name: 'pipeline: middleware returns no result', path: '/trpc/mw.notAResult', fast: true },
  {
    name: 'pipeline: middleware wraps the result',
    path: `/trpc/mw.wrapsResult?input=${q({ fail: false })}`,
    fast: true,
  },
  {
    name: 'pipeline: middleware wraps the error',
    path: `/trpc/mw.wrapsResult?input=${q({ fail: true })}`,
    fast: true,
  },
  { name: 'pipeline: next() twice', path: '/trpc/mw.nextTwice', fast: true },
  { name: 'pipeline: resolver calls next()', path: '/trpc/mw.resolverCallsNext', fast: true },
  { name: 'pipeline: next() returns a promise', path: '/trpc/mw.nextReturnsPromise', fast: true },
  { name: 'pipeline: thenable result', path: '/trpc/mw.thenable', fast: true },
  { name: 'pipeline: thenable that throws', path: '/trpc/mw.thenableThrows', fast: true },
  { name: 'pipeline: undefined result', path: '/trpc/mw.undefinedResult', fast: true },
  { name: 'pipeline: null result', path: '/trpc/mw.nullResult', fast: true },
  {
    name: 'pipeline: in a batch (tRPC call)',
    path: '/trpc/mw.levels,mw.throwsError,mw.noNext,mw.syncResolver?batch=1',
    fast: true,
  },
  {
    name: 'pipeline: createContext throws before middlewares',
    path: '/trpc/mw.levels',
    headers: { 'x-ctx': 'throw' },
    fast: true,
  },
];

golden('golden, raw HTTP, no transformer', {}, [...basics, ...pipeline]);
golden('golden, middleware walk off (procedureCall: trpc)', { extra: { procedureCall: 'trpc' } }, [
  ...pipeline,
]);
golden('golden, raw HTTP, superjson', { transformer: true }, [
  ...basics.filter((c) => !c.name.startsWith('lazy')),
  ...pipeline,
  { name: 'superjson result', path: '/trpc/date', fast: true },
  {
    name: 'superjson subscription',
    path: `/trpc/onTick?input=${q({ json: { count: 2 } })}`,
    fast: false,
  },
  { name: 'superjson BigInt result', path: '/trpc/bigint', fast: true },
  {
    name: 'superjson input',
    path: `/trpc/echo?input=${q({ json: { d: '1970-01-01T00:00:00.000Z' }, meta: { values: { d: ['Date'] } } })}`,
    fast: true,
  },
  {
    name: 'superjson invalid meta',
    path: `/trpc/echo?input=${q({ json: 1, meta: { values: 7 } })}`,
    fast: true,
  },
  post('superjson mutation', '/trpc/add', JSON.stringify({ json: { a: 1, b: 2 } }), true),
  post(
    'superjson batch',
    '/trpc/add,add?batch=1',
    JSON.stringify({ 0: { json: { a: 1, b: 2 } } }),
    true,
  ),
]);
golden('golden, production (isDev false)', { isDev: false }, [
  ...pipeline.filter((c) => c.name.includes('throws')),
  { name: 'unexpected error has no stack', path: '/trpc/boom', fast: true },
  {
    name: 'TRPCError has no stack',
    path: `/trpc/fail?input=${q({ code: 'CONFLICT' })}`,
    fast: true,
  },
  { name: '404', path: '/trpc/nope,hello?batch=1', fast: true },
  { name: 'invalid JSON', path: '/trpc/greet?input=%7B', fast: true },
]);
golden('golden, responseMeta', { responseMeta: true }, [
  { name: 'status override', path: '/trpc/hello', fast: true },
  { name: 'cache header', path: '/trpc/date', fast: true },
  { name: 'batch', path: '/trpc/hello,date?batch=1', fast: true },
  { name: 'with user', path: '/trpc/hello,boom?batch=1', headers: { 'x-user': 'u' }, fast: true },
  { name: 'error', path: '/trpc/boom', fast: true },
  { name: 'early error', path: '/trpc/hello,add?batch=1', fast: true },
  post('cookies from procedure and meta', '/trpc/setCookie', '', true),
  {
    name: 'delegated stream',
    path: '/trpc/hello?batch=1',
    headers: { 'trpc-accept': 'application/jsonl' },
  },
]);
golden('golden, maxBatchSize 2', { maxBatchSize: 2 }, [
  { name: 'at the limit', path: '/trpc/hello,hello?batch=1', fast: true },
  { name: 'over the limit', path: '/trpc/hello,hello,hello?batch=1', fast: true },
  {
    name: 'over the limit, POST',
    method: 'POST',
    path: '/trpc/add,add,add?batch=1',
    headers: json,
    body: '{}',
    fast: true,
  },
]);
golden('golden, batching disabled', { allowBatching: false }, [
  { name: 'batch refused', path: '/trpc/hello,hello?batch=1', fast: true },
  { name: 'single allowed', path: '/trpc/hello', fast: true },
]);
golden('golden, method override', { allowMethodOverride: true }, [
  post('POST to query', '/trpc/greet', JSON.stringify({ name: 'x' }), false),
  { name: 'GET still fast', path: '/trpc/hello', fast: true },
]);
golden('golden, no prefix', { prefix: '' }, [
  { name: 'root route', path: '/hello', fast: true },
  { name: 'root batch', path: '/hello,nope?batch=1', fast: true },
]);

describe('golden, abort signal modes', () => {
  for (const abortSignal of ['always', 'never'] as const) {
    it(`abortSignal: ${abortSignal}`, async () => {
      const pair = await startPair({ extra: { abortSignal } });
      try {
        const { ours } = await expectSame(pair, { path: '/trpc/hello' }, true);
        expect(ours.status).toBe(200);
        const read = await expectSame(pair, { path: '/trpc/readsSignal' }, true).catch((e) => e);
        if (abortSignal === 'never') {
          // The documented difference: with 'never' a procedure sees `signal: undefined`.
          expect(read).toBeInstanceOf(Error);
        }
      } finally {
        await pair.close();
      }
    });
  }
});
