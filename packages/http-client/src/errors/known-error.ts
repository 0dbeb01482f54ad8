import type { AbortedError } from './aborted-error.js';
import type { BodyTooLargeError } from './body-too-large-error.js';
import type { HttpError } from './http-error.js';
import type { NetworkError } from './network-error.js';
import type { ResponseValidationError } from './response-validation-error.js';
import type { TimeoutError } from './timeout-error.js';

/** The closed set of errors this package throws: `switch (error.code)` narrows to one class. */
export type KnownHttpClientError =
  | HttpError
  | TimeoutError
  | NetworkError
  | ResponseValidationError
  | AbortedError
  | BodyTooLargeError;
