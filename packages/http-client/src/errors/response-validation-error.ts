import type { z } from 'zod';
import { HttpClientError, type RequestContext } from './http-client-error.js';

export interface ValidationIssue {
  /** Dotted path into the body (`items.0.id`), `(root)` for the body itself. */
  readonly path: string;
  readonly message: string;
}

/** The body was not JSON, or did not match the schema given to `.json(schema)`. */
export class ResponseValidationError extends HttpClientError {
  override name = 'ResponseValidationError' as const;
  readonly code = 'RESPONSE_VALIDATION' as const;
  readonly status: number;
  readonly issues: readonly ValidationIssue[];

  constructor(
    request: RequestContext,
    status: number,
    issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    super(
      `Invalid response body from ${request.method} ${request.url}: ${summary}`,
      request,
      options,
    );
    this.status = status;
    this.issues = issues;
  }
}

export const issuesFromZod = (error: z.ZodError): ValidationIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));

export const isResponseValidationError = (error: unknown): error is ResponseValidationError =>
  error instanceof ResponseValidationError;
