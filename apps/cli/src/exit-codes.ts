/**
 * Exit codes scripts can switch on (documented in README.md). Distinct per cause so a cron job
 * can tell "fix your command" from "the server said no" from "try again later".
 */
export const EXIT = {
  ok: 0,
  /** A bug or an unexpected local failure (a file that cannot be read). */
  internal: 1,
  /** Bad arguments, a missing file, an unreadable mapping file. */
  usage: 2,
  /** The server answered with an error: invalid mapping, unknown import, corrupt upload... */
  refused: 3,
  /** The import ran and ended failed or cancelled. */
  importFailed: 4,
  /** No answer from the server: connection refused or reset, DNS, timeout. */
  network: 5,
  /** Not signed in: no token, or the token expired or was revoked (run `intake login`). */
  unauthorized: 6,
  /** Interrupted by Ctrl-C before an import existed (the upload resumes when run again). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with a chosen exit code and a message for the person. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** The server's stable error code (packages/schema/src/errors.ts), when it sent one. */
    readonly code: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message, 'USAGE');

/** The server answered 401: tells the person how to get a working token. */
export const notSignedIn = (doing: string, serverMessage: string) =>
  new CliError(
    EXIT.unauthorized,
    `${doing}: ${serverMessage} (HTTP 401). Run "pnpm intake login" to sign in, or set INTAKE_TOKEN.`,
    'UNAUTHORIZED',
  );
