import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InternalProcedure } from './trpc-internals.js';

/**
 * - `auto`: a procedure gets a per-request signal when its resolver or one of its middlewares
 *   mentions `signal` in its source, or when `createContext` read `info.signal`;
 * - `always`: every call gets one, like the official adapter;
 * - `never`: procedures see `signal: undefined`, as with `createCaller` without a signal.
 */
export type AbortSignalMode = 'auto' | 'always' | 'never';

/**
 * Same wiring as tRPC's `incomingMessageToRequest`: abort when the client goes away before the
 * response is written, listening on the request's `aborted` and the response's `close` (not the
 * socket's, see trpc/trpc#6842). Costs an AbortController and two listeners, hence opt-in.
 */
export function createRequestSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onAbort = (): void => {
    res.off('close', onClose);
    req.off('aborted', onAbort);
    controller.abort();
  };
  const onClose = (): void => {
    if (res.writableEnded) {
      req.off('aborted', onAbort);
      return;
    }
    onAbort();
  };
  res.once('close', onClose);
  req.once('aborted', onAbort);
  return controller.signal;
}

const readsSignal = new WeakMap<InternalProcedure, boolean>();
const SIGNAL_WORD = /\bsignal\b/;

/**
 * A property read survives minification (`e.signal`, `{signal:t}`), so the source text is a cheap,
 * conservative test. It misses a resolver that hands its whole `opts` to another function that
 * reads `opts.signal`; use `abortSignal: 'always'` for those.
 */
export function procedureReadsSignal(procedure: InternalProcedure): boolean {
  let reads = readsSignal.get(procedure);
  if (reads === undefined) {
    const fns = [procedure._def.resolver, ...(procedure._def.middlewares ?? [])];
    reads = fns.some(
      (fn) => typeof fn === 'function' && SIGNAL_WORD.test(Function.prototype.toString.call(fn)),
    );
    readsSignal.set(procedure, reads);
  }
  return reads;
}
