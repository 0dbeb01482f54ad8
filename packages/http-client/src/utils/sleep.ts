/** Anything that can cut a wait short: an AbortSignal-like EventEmitter (see Deadline). */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: unknown;
  once(event: 'abort', listener: () => void): unknown;
  removeListener(event: 'abort', listener: () => void): unknown;
}

/** Resolves after `ms`, or rejects with the source's reason as soon as it aborts. */
export const sleep = (ms: number, source: AbortSource): Promise<void> =>
  new Promise((resolve, reject) => {
    if (source.aborted) {
      reject(source.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(source.reason);
    };
    const timer = setTimeout(() => {
      source.removeListener('abort', onAbort);
      resolve();
    }, ms);
    source.once('abort', onAbort);
  });
