import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { procedureReadsSignal } from '../src/abort-signal.js';
import {
  assertVerifiedTRPCVersion,
  type CreateFastifyContextOptions,
  fastifyTRPCPlugin,
  installedTRPCVersion,
  isVerifiedTRPCVersion,
  VERIFIED_TRPC_VERSION,
} from '../src/index.js';
import { getRouterInternals, type InternalProcedure } from '../src/trpc-internals.js';
import { expectSame } from './helpers/golden.js';
import { rawRequest } from './helpers/raw-http.js';
import { abortLog, createContext, createTestRouter } from './helpers/router.js';
import { type ServerPair, startPair } from './helpers/servers.js';

describe('tRPC version pin', () => {
  it('is verified for the installed version', () => {
    expect(installedTRPCVersion()).toBe('11.22.1');
    expect(VERIFIED_TRPC_VERSION).toBe('11.22.1');
    expect(isVerifiedTRPCVersion('11.22.1')).toBe(true);
    // The inline middleware walk depends on procedureBuilder.ts internals: patches count too.
    expect(isVerifiedTRPCVersion('11.22.2')).toBe(false);
    expect(isVerifiedTRPCVersion('11.22.10')).toBe(false);
  });

  it('refuses another version unless told otherwise', () => {
    expect(() => assertVerifiedTRPCVersion('11.25.2', false)).toThrow(
      /verified with @trpc\/server 11\.22\.1, but 11\.25\.2 is installed/,
    );
    expect(() => assertVerifiedTRPCVersion('11.22.2', false)).toThrow(/but 11\.22\.2 is/);
    expect(() => assertVerifiedTRPCVersion('11.25.2', true)).not.toThrow();
  });
});

describe('abortSignal: auto', () => {
  it('detects procedures that read their signal', () => {
    const { procedures } = getRouterInternals(
      createTestRouter({ transformer: false, isDev: true }),
    );
    const reads = (path: string) => procedureReadsSignal(procedures[path] as InternalProcedure);
    expect(reads('readsSignal')).toBe(true);
    expect(reads('waitForAbort')).toBe(true);
    expect(reads('hello')).toBe(false);
    expect(reads('greet')).toBe(false);
    expect(reads('whoami')).toBe(false);
  });
});

describe('plugin', () => {
  let pair: ServerPair | undefined;
  const apps: { close: () => Promise<unknown> }[] = [];
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('with fastPath: false, answers like the official plugin through it', async () => {
    pair = await startPair({ extra: { fastPath: false } });
    await expectSame(pair, { path: '/trpc/hello,nope?batch=1' }, false);
  });

  it('keeps its JSON parser encapsulated, like the official plugin', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: { router: createTestRouter({ transformer: false, isDev: true }), createContext },
    });
    app.post('/other', async (req) => ({ type: typeof req.body }));
    const res = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });
    expect(res.json()).toEqual({ type: 'object' });
    const trpc = await app.inject({ method: 'POST', url: '/trpc/add', payload: { a: 1, b: 2 } });
    expect(trpc.json()).toEqual({ result: { data: 3 } });
    expect(trpc.headers['content-length']).toBe(String(trpc.body.length));
  });

  it('aborts the signal of a procedure that reads it when the client leaves', async () => {
    pair = await startPair();
    const { port } = new URL(pair.ours.url);
    abortLog.length = 0;
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('GET /trpc/waitForAbort HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expect.poll(() => abortLog.length).toBe(1);
  });

  it('builds info.signal on demand and gives a signal to a procedure that reads it', async () => {
    const app = Fastify();
    apps.push(app);
    const seen: unknown[] = [];
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: createTestRouter({ transformer: false, isDev: true }),
        createContext: async (opts: CreateFastifyContextOptions) => {
          seen.push(opts.info.signal instanceof AbortSignal, opts.info.url?.pathname);
          return createContext(opts);
        },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const res = await rawRequest(url, { path: '/trpc/readsSignal' });
    expect(JSON.parse(res.body)).toEqual({ result: { data: true } });
    expect(seen).toEqual([true, '/trpc/readsSignal']);
  });
});
