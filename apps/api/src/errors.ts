import type { ErrorCode, ErrorIssue } from '@intake/schema';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** HTTP status and tRPC code of each stable error code: the one table both faces use. */
export const errorCodeTable: Record<ErrorCode, { status: number; trpc: TRPC_ERROR_CODE_KEY }> = {
  BAD_REQUEST: { status: 400, trpc: 'BAD_REQUEST' },
  VALIDATION_FAILED: { status: 400, trpc: 'BAD_REQUEST' },
  INVALID_JSON: { status: 400, trpc: 'PARSE_ERROR' },
  JSON_TOO_DEEP: { status: 400, trpc: 'BAD_REQUEST' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  TOO_MANY_ROWS: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  UNAUTHORIZED: { status: 401, trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { status: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  GONE: { status: 410, trpc: 'NOT_FOUND' },
  METHOD_NOT_ALLOWED: { status: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  CONFLICT: { status: 409, trpc: 'CONFLICT' },
  PRECONDITION_FAILED: { status: 412, trpc: 'PRECONDITION_FAILED' },
  LOCKED: { status: 423, trpc: 'CONFLICT' },
  // tus checksum extension: 460 Checksum Mismatch (https://tus.io/protocols/resumable-upload#checksum).
  CHECKSUM_MISMATCH: { status: 460, trpc: 'UNPROCESSABLE_CONTENT' },
  TOO_MANY_REQUESTS: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  RATE_LIMITED: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  TIMEOUT: { status: 408, trpc: 'TIMEOUT' },
  UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  INTERNAL: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
};

/** Base of every error a service throws on purpose; its message is safe to show. */
export class IntakeError extends Error {
  override name = 'IntakeError';
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { issues?: ErrorIssue[]; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.issues = options?.issues;
  }

  get status(): number {
    return errorCodeTable[this.code].status;
  }
}

export class NotFoundError extends IntakeError {
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} was not found`);
  }
}

export class TooManyRowsError extends IntakeError {
  override name = 'TooManyRowsError';
  constructor(count: number, limit: number) {
    super(
      'TOO_MANY_ROWS',
      `A request may carry at most ${limit} rows (MAX_ROWS_PER_REQUEST); this one has ${count}. Split it or upload a file.`,
    );
  }
}
