import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress, for code that has no request object at hand: outbound
 * HTTP calls (http-client's `requestId` provider) and background jobs (read from the job's
 * import row). `logged` tells the logger mixin whether it must add the id itself: request
 * loggers already carry it as a binding, job loggers do not.
 */
export interface WorkContext {
  requestId: string;
  /** True inside jobs: the log mixin adds `trace.id`/`transaction.id` to every line. */
  mixin: boolean;
}

const storage = new AsyncLocalStorage<WorkContext>();

export const currentWork = (): WorkContext | undefined => storage.getStore();

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

export function runWithRequestId<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}
