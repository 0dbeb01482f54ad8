import type { ErrorCode, ErrorIssue } from '@intake/schema';
import { type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { errorCodeTable, IntakeError } from '../errors.js';

/** What a caller is told about a failure, on either face. */
export interface ErrorDescription {
  code: ErrorCode;
  status: number;
  message: string;
  issues?: ErrorIssue[];
  /** True when the cause is unexpected: log it with its stack, show nothing of it. */
  unexpected: boolean;
}

const fromTrpcCode: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'INVALID_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  TIMEOUT: 'TIMEOUT',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

/** Fastify's own request errors, by their stable `FST_*` codes. */
const fromFastifyCode: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

export const zodIssues = (error: ZodError): ErrorIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

const describeIssues = (issues: ErrorIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');

const described = (code: ErrorCode, message: string, issues?: ErrorIssue[]): ErrorDescription => ({
  code,
  status: errorCodeTable[code].status,
  message,
  unexpected: code === 'INTERNAL',
  ...(issues ? { issues } : {}),
});

export function describeError(
  error: unknown,
  limits: { bodyLimitBytes: number },
): ErrorDescription {
  // tRPC wraps whatever a procedure throws; the cause is what we threw.
  const cause = error instanceof TRPCError && error.cause ? error.cause : undefined;
  if (error instanceof IntakeError || cause instanceof IntakeError) {
    const intake = (error instanceof IntakeError ? error : cause) as IntakeError;
    return described(intake.code, intake.message, intake.issues);
  }
  // PostgreSQL text cannot hold U+0000 (SQLSTATE 22021): a caller's text with one is refused,
  // whichever field it came in, instead of failing as an internal error.
  const sqlState = (cause ?? error) as { code?: unknown } | null;
  if (sqlState?.code === '22021')
    return described('BAD_REQUEST', 'Text must not contain the character U+0000 (NUL)');
  if (error instanceof ZodError || cause instanceof ZodError) {
    const issues = zodIssues((error instanceof ZodError ? error : cause) as ZodError);
    return described('VALIDATION_FAILED', `Invalid input: ${describeIssues(issues)}`, issues);
  }
  if (error instanceof TRPCError) {
    const code = fromTrpcCode[error.code];
    return code ? described(code, error.message) : described('INTERNAL', 'Internal server error');
  }
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode in fromFastifyCode) {
    const code = fromFastifyCode[fastifyCode] as ErrorCode;
    if (code === 'PAYLOAD_TOO_LARGE') {
      return described(
        code,
        `Request body is larger than the limit of ${limits.bodyLimitBytes} bytes (BODY_LIMIT_BYTES)`,
      );
    }
    if (code === 'UNSUPPORTED_MEDIA_TYPE') {
      return described(
        code,
        'Only application/json bodies are accepted here (Content-Type: application/json)',
      );
    }
    return described(code, (error as Error).message);
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (Object.entries(errorCodeTable).find(([, v]) => v.status === status)?.[0] ??
      'BAD_REQUEST') as ErrorCode;
    return described(code, (error as Error).message);
  }
  return described('INTERNAL', 'Internal server error');
}
