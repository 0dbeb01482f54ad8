import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectSame } from './helpers/golden.js';
import { PIPELINE_STEP_KINDS, TRPC_ERROR_CODES } from './helpers/router.js';
import { type ServerPair, startPair } from './helpers/servers.js';

// GOLDEN_RUNS=1000 for a longer hunt; the default keeps the suite quick.
const RUNS = Number(process.env.GOLDEN_RUNS ?? 60);

function encode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined; // lone surrogates cannot be sent as UTF-8
  }
}

/** Path pieces mixing real procedure names, separators and escapes. */
const pathPiece = fc.oneof(
  fc.constantFrom(
    'hello',
    'greet',
    'add',
    'echo',
    'nested',
    'deep',
    'path',
    'nope',
    'lazyChild',
    'hi',
    'boom',
    'onTick',
  ),
  fc.constantFrom('.', ',', '%2C', '%2E', '%25', '%', '%E0%A4', '%zz', '__proto__', 'toString', ''),
  fc.stringMatching(/^[a-zA-Z0-9_~-]{0,6}$/),
);
const procPath = fc
  .array(pathPiece, { minLength: 0, maxLength: 6 })
  .map((pieces) => pieces.join(''));
const batchParam = fc.constantFrom(undefined, '1', '0', 'true', '');
const rawInput = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('{', '[1,', '{"0":', '"\\ud800"', 'nul', '{"0":{"name":"x"},"1":5}'),
);

/** One middleware step of `mw.generated`: what it does, with which key, value or code. */
const pipelineStep = fc.record({
  kind: fc.constantFrom(...PIPELINE_STEP_KINDS),
  key: fc.oneof(
    fc.constantFrom('user', 'calls', 'steps', 'res', '__proto__', 'constructor', ''),
    fc.string({ maxLength: 5 }),
  ),
  value: fc.jsonValue({ maxDepth: 2 }),
  code: fc.constantFrom(...TRPC_ERROR_CODES),
});

for (const transformer of [false, true]) {
  describe(`golden, generated requests${transformer ? ', superjson' : ''}`, () => {
    let pair: ServerPair;
    beforeAll(async () => {
      pair = await startPair({ transformer, maxBatchSize: 4 });
    });
    afterAll(async () => {
      await pair.close();
    });

    it('GET with generated paths, batch flags and inputs', async () => {
      await fc.assert(
        fc.asyncProperty(procPath, batchParam, fc.option(rawInput), async (path, batch, input) => {
          const query: string[] = [];
          if (batch !== undefined) query.push(`batch=${batch}`);
          if (input !== null) {
            const encoded = encode(input);
            fc.pre(encoded !== undefined);
            query.push(`input=${encoded}`);
          }
          const target = `/trpc/${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
          await expectSame(pair, { path: target });
        }),
        { numRuns: RUNS },
      );
    }, 600_000);

    it('POST with generated paths and bodies', async () => {
      await fc.assert(
        fc.asyncProperty(procPath, batchParam, rawInput, async (path, batch, body) => {
          const target = `/trpc/${path}${batch !== undefined ? `?batch=${batch}` : ''}`;
          await expectSame(pair, {
            method: 'POST',
            path: target,
            headers: { 'content-type': 'application/json' },
            body,
          });
        }),
        { numRuns: RUNS },
      );
    }, 600_000);

    it('generated methods, content types, accept headers and raw query strings', async () => {
      const queryChars = fc.constantFrom(
        ...'abinputchconeParms01=&+%#;,.{}[]":'.split(''),
        'batch=1',
        'input=',
        '%7B',
        '%22',
        'connectionParams=',
        '%zz',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
          fc.constantFrom(
            undefined,
            'application/json',
            'APPLICATION/JSON ;x=y',
            'text/plain',
            'application/jsonl',
            'multipart/form-data',
          ),
          fc.constantFrom(
            undefined,
            '*/*',
            'application/json',
            'application/jsonl',
            'text/event-stream',
          ),
          procPath,
          fc.array(queryChars, { maxLength: 12 }).map((chars) => chars.join('')),
          async (method, contentType, accept, path, query) => {
            const headers: Record<string, string> = {};
            if (contentType !== undefined) headers['content-type'] = contentType;
            if (accept !== undefined) headers.accept = accept;
            const hasBody = method !== 'GET' && method !== 'DELETE';
            await expectSame(pair, {
              method,
              path: `/trpc/${path}?${query}`,
              headers,
              ...(hasBody ? { body: '{"0":{"a":1,"b":2}}' } : {}),
            });
          },
        ),
        { numRuns: RUNS },
      );
    }, 600_000);

    it('generated middleware chains (ctx and input overrides, throws, no next, wrapping)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(pipelineStep, { maxLength: 4 }),
          fc.option(fc.string({ maxLength: 8 })),
          async (steps, user) => {
            const input = encode(JSON.stringify(transformer ? { json: { steps } } : { steps }));
            fc.pre(input !== undefined);
            await expectSame(
              pair,
              {
                path: `/trpc/mw.generated?input=${input}`,
                headers: user === null ? {} : { 'x-user': encodeURIComponent(user) },
              },
              true,
            );
          },
        ),
        { numRuns: RUNS },
      );
    }, 600_000);

    it('echo round-trips generated JSON values (GET, POST, batch)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (first, second) => {
          const single = encode(JSON.stringify(first));
          const batch = encode(JSON.stringify({ 0: first, 1: second }));
          fc.pre(single !== undefined && batch !== undefined);
          await expectSame(pair, { path: `/trpc/echo?input=${single}` }, true);
          await expectSame(pair, { path: `/trpc/echo,echo?batch=1&input=${batch}` }, true);
          await expectSame(
            pair,
            {
              method: 'POST',
              path: '/trpc/echoMutation',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(first),
            },
            true,
          );
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  });
}
