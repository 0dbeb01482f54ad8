import { z } from 'zod';

/**
 * Stable error codes, the same on the tRPC face (`error.data.appCode`) and the REST face
 * (`{ error: { code } }`). Clients switch on these, never on messages.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'JSON_TOO_DEEP',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_ROWS',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GONE',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'LOCKED',
  'CHECKSUM_MISMATCH',
  'TOO_MANY_REQUESTS',
  'RATE_LIMITED',
  'TIMEOUT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

/** A validation problem with the path of the offending field (`rows.3.amount`). */
export const errorIssue = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof errorIssue>;

/** The body of every REST error answer. */
export const errorBody = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    requestId: z.string().optional(),
    issues: z.array(errorIssue).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
