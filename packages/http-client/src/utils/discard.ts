import type { Readable } from 'node:stream';

const ignore = () => {};

/**
 * Destroys a response body we will not read. undici's body emits an AbortError when destroyed
 * before its end; with no listener that would surface as an uncaught exception.
 */
export const discard = (body: Readable): void => {
  body.on('error', ignore);
  body.destroy();
};
