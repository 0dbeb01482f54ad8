import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The stopping state of this process (see shutdown.ts). */
    drain: Drain;
  }
}

export interface Drain {
  /** True from the first SIGTERM/SIGINT (or `app.close()`): /readyz answers 503. */
  readonly draining: boolean;
  /** Readiness goes false and job workers stop taking jobs; later calls do nothing. */
  start(): void;
  /** Resolves once every request handler that started has produced its answer. */
  settled(): Promise<void>;
}

/**
 * Requests a client resumes by protocol, cut at once on close instead of holding the shutdown:
 * a tus PATCH (the client sends HEAD and goes on from the saved offset) and server-sent events
 * (EventSource and tRPC's subscription link reconnect). Everything else is let finish.
 */
export function isResumable(req: FastifyRequest, uploadsPrefix: string): boolean {
  if (req.method === 'PATCH' && req.url.startsWith(uploadsPrefix)) return true;
  return String(req.headers.accept ?? '').includes('text/event-stream');
}

/**
 * Graceful close for one app. `start()` flips readiness and calls `onStart` (stop the job
 * workers); `app.close()` starts it too, then Fastify answers new requests 503 and stops
 * listening while in-flight requests finish, and resumable ones are cut. A cut request's handler
 * still runs to its end (an upload records its offset and releases its lease), so the caller adds
 * `settled()` as the first onClose hook: the database closes only after it.
 *
 * Call before any route is registered: the hooks must reach every route.
 */
export function installDrain(
  app: FastifyInstance,
  opts: { onStart: () => void; resumable: (req: FastifyRequest) => boolean },
): Drain {
  let draining = false;
  // A Set and a waiter list, not a promise per request: this runs on every request's hot path.
  const handling = new Set<FastifyRequest>();
  const waiters: (() => void)[] = [];
  const finish = (req: FastifyRequest) => {
    if (!handling.delete(req) || handling.size > 0) return;
    for (const wake of waiters.splice(0)) wake();
  };

  const drain: Drain = {
    get draining() {
      return draining;
    },
    start() {
      if (draining) return;
      draining = true;
      opts.onStart();
    },
    settled() {
      if (handling.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
  app.decorate('drain', drain);

  // Resumable requests stay open after their handler answered (an SSE stream): kept until their
  // connection closes, so close can cut them.
  const resumable = new Set<FastifyRequest>();
  app.addHook('onRequest', (req, reply, next) => {
    handling.add(req);
    if (opts.resumable(req)) {
      resumable.add(req);
      reply.raw.once('close', () => resumable.delete(req));
    }
    next();
  });
  // onSend: the handler has answered, even to a client that is gone; onResponse: the answer was
  // written (a hijacked reply never passes onSend).
  app.addHook('onSend', (req, _reply, _payload, next) => {
    finish(req);
    next();
  });
  app.addHook('onResponse', (req, _reply, next) => {
    finish(req);
    next();
  });
  app.addHook('preClose', (next) => {
    drain.start();
    for (const req of resumable) {
      req.log.info('closing: resumable request cut; its client resumes it');
      req.raw.destroy();
    }
    next();
  });
  return drain;
}
