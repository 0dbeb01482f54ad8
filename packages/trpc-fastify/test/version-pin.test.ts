import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContext, createTestRouter } from './helpers/router.js';

// Pretend another tRPC version is installed; the rest of version-check.ts stays real.
vi.mock('../src/version-check.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/version-check.js')>();
  return { ...actual, installedTRPCVersion: () => '11.25.2' };
});

const { fastifyTRPCPlugin } = await import('../src/index.js');

describe('start-up on an unverified tRPC version', () => {
  const apps: { close: () => Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const trpcOptions = () => ({
    router: createTestRouter({ transformer: false, isDev: true }),
    createContext,
  });

  it('fails at ready() with a clear message', async () => {
    const app = Fastify();
    apps.push(app);
    app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: trpcOptions() });
    await expect(app.ready()).rejects.toThrow(
      /verified with @trpc\/server 11\.22\.1, but 11\.25\.2 is installed/,
    );
  });

  it('starts when told to', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: trpcOptions(),
      allowUnverifiedTRPCVersion: true,
    });
    const res = await app.inject({ url: '/trpc/hello' });
    expect(res.json()).toEqual({ result: { data: 'world' } });
  });

  it('needs no pin with fastPath: false', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: trpcOptions(),
      fastPath: false,
    });
    const res = await app.inject({ url: '/trpc/hello' });
    expect(res.json()).toEqual({ result: { data: 'world' } });
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });
});
