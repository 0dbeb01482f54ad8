import type { AbortSource } from './sleep.js';

/**
 * Settles with `promise`, or rejects with the source's reason if it aborts first: a hung token
 * provider or refresher must not outlive the call's deadline.
 */
export const raceAbort = <T>(promise: Promise<T>, source: AbortSource): Promise<T> => {
  if (source.aborted) return Promise.reject(source.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(source.reason);
    source.once('abort', onAbort);
    promise.then(
      (value) => {
        source.removeListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        source.removeListener('abort', onAbort);
        reject(error);
      },
    );
  });
};
