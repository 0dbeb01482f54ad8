import type { AnyTRPCRouter } from '@trpc/server';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import { getWSConnectionHandler, type WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createFastPath, DELEGATE } from './fast-path.js';
import type { FastifyTRPCPluginOptions, TRPCHandlerOptions } from './options.js';
import { assertVerifiedTRPCVersion, installedTRPCVersion } from './version-check.js';

type RouteParams = { Params: { path: string } };

type WebSocketRoute = (
  path: string,
  opts: { websocket: true },
  handler: (socket: unknown, req: FastifyRequest) => void,
) => unknown;

/**
 * Drop-in for the official `fastifyTRPCPlugin` (`@trpc/server/adapters/fastify`): same options,
 * same content-type parsers, same `/:path` route under the registration prefix, same WebSocket
 * route with `useWSS`. Plain JSON calls take the fast path; everything else goes, unchanged, to
 * the official `fastifyRequestHandler`.
 */
function trpcPlugin<TRouter extends AnyTRPCRouter>(
  fastify: FastifyInstance,
  opts: FastifyTRPCPluginOptions<TRouter>,
  done: (err?: Error) => void,
): void {
  try {
    // Only the fast path re-implements tRPC's wire rules; the official handler needs no pin.
    const allowUnverified = opts.allowUnverifiedTRPCVersion === true || opts.fastPath === false;
    assertVerifiedTRPCVersion(installedTRPCVersion(), allowUnverified);
  } catch (error) {
    done(error as Error);
    return;
  }
  const trpcOptions = opts.trpcOptions;
  // The fast path only hands these hooks the values tRPC would; it needs no router types.
  const handlerOptions = trpcOptions as unknown as TRPCHandlerOptions;

  // As the official plugin: tRPC parses JSON itself (so invalid JSON is a tRPC 400, not a
  // Fastify one) and reads FormData from the raw stream.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, next) => {
    next(null, body);
  });
  fastify.removeContentTypeParser('multipart/form-data');
  fastify.addContentTypeParser('multipart/form-data', {}, (_req, body, next) => {
    next(null, body);
  });

  const fastPath =
    opts.fastPath === false
      ? undefined
      : createFastPath(handlerOptions, opts.abortSignal ?? 'auto', opts.procedureCall ?? 'inline');

  // Fastify applies `prefix` through `register`; the official plugin ends up on '/:path' too.
  fastify.all<RouteParams>('/:path', (req, reply) => {
    const path = req.params.path;
    if (fastPath !== undefined) {
      const handled = fastPath(req, reply, path);
      if (handled !== DELEGATE) return handled;
    }
    return fastifyRequestHandler({ ...trpcOptions, req, res: reply, path });
  });

  if (opts.useWSS) {
    const onConnection = getWSConnectionHandler<TRouter>({
      ...(trpcOptions as unknown as WSSHandlerOptions<TRouter>),
    });
    // `{ websocket: true }` routes come from @fastify/websocket, which the app registers.
    const websocketGet = fastify.get as unknown as WebSocketRoute;
    websocketGet.call(fastify, '/', { websocket: true }, (socket, req) => {
      void onConnection(socket as Parameters<typeof onConnection>[0], req.raw);
    });
  }
  done();
}

export const fastifyTRPCPlugin = fp(trpcPlugin, {
  name: '@intake/trpc-fastify',
  fastify: '5.x',
  // Encapsulated like the official plugin: its JSON parser must not leak to sibling routes.
  encapsulate: true,
});
