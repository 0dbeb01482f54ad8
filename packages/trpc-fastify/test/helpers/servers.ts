import type { AddressInfo } from 'node:net';
import type { AnyTRPCRouter } from '@trpc/server';
import {
  type FastifyTRPCPluginOptions as OfficialOptions,
  fastifyTRPCPlugin as officialPlugin,
} from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '../../src/index.js';
import { createContext, createTestRouter, type RouterVariant } from './router.js';

export interface ErrorRecord {
  code: string;
  message: string;
  path: string | undefined;
  type: string;
  input: unknown;
  hasReq: boolean;
}

export interface Server {
  url: string;
  app: FastifyInstance;
  errors: ErrorRecord[];
}

export interface ServerPair {
  official: Server;
  ours: Server;
  close: () => Promise<void>;
}

export interface PairOptions extends Partial<RouterVariant> {
  prefix?: string;
  maxBatchSize?: number;
  allowBatching?: boolean;
  allowMethodOverride?: boolean;
  responseMeta?: boolean;
  /** Passed to our plugin only. */
  extra?: Omit<FastifyTRPCPluginOptions<AnyTRPCRouter>, 'trpcOptions' | 'prefix'>;
}

type TrpcOptions = OfficialOptions<ReturnType<typeof createTestRouter>>['trpcOptions'];

function trpcOptions(options: PairOptions, errors: ErrorRecord[]): TrpcOptions {
  const router = createTestRouter({
    transformer: options.transformer ?? false,
    isDev: options.isDev ?? true,
  });
  return {
    router,
    createContext,
    onError({ error, path, type, input, req }) {
      errors.push({
        code: error.code,
        message: error.message,
        path,
        type,
        input,
        hasReq: typeof req.headers === 'object' && typeof req.raw === 'object',
      });
    },
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.allowBatching !== undefined ? { allowBatching: options.allowBatching } : {}),
    ...(options.allowMethodOverride !== undefined
      ? { allowMethodOverride: options.allowMethodOverride }
      : {}),
    ...(options.responseMeta
      ? {
          responseMeta({ ctx, paths, errors: metaErrors, type, info, data }) {
            const headers: Record<string, string | string[]> = {
              'x-meta-paths': (paths ?? []).join('|') || 'none',
              'x-meta-type': type,
              'x-meta-errors': String(metaErrors.length),
              'x-meta-user': ctx?.user ?? 'anonymous',
              'x-meta-batch': String(info?.isBatchCall ?? 'no-info'),
              'x-meta-data': String(data.length),
              vary: ['x-user'],
              'set-cookie': ['meta=1; Path=/'],
            };
            if (paths?.includes('date')) headers['cache-control'] = 's-maxage=1';
            return {
              headers,
              ...(paths?.includes('hello') && info?.isBatchCall === false ? { status: 202 } : {}),
            };
          },
        }
      : {}),
  };
}

async function start(
  register: (app: FastifyInstance, errors: ErrorRecord[]) => Promise<void>,
): Promise<Server> {
  const app = Fastify({ logger: false });
  const errors: ErrorRecord[] = [];
  await register(app, errors);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, errors };
}

/** The same router, hooks and options behind the official plugin and behind ours. */
export async function startPair(options: PairOptions = {}): Promise<ServerPair> {
  const prefix = options.prefix ?? '/trpc';
  const official = await start(async (app, errors) => {
    await app.register(officialPlugin, { prefix, trpcOptions: trpcOptions(options, errors) });
  });
  const ours = await start(async (app, errors) => {
    await app.register(fastifyTRPCPlugin, {
      prefix,
      trpcOptions: trpcOptions(options, errors),
      ...options.extra,
    });
  });
  return {
    official,
    ours,
    close: async () => {
      await Promise.all([official.app.close(), ours.app.close()]);
    },
  };
}
