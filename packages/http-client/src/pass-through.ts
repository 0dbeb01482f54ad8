/**
 * Wraps an error that is not about HTTP (a hook's own error, a full disk while downloading) so
 * the call pipeline rethrows it untouched instead of classifying it as a network error.
 */
export class PassThrough {
  constructor(readonly error: unknown) {}
}
