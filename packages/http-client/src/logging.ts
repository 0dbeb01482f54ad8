import type { Logger } from 'pino';

/**
 * Paths pino masks whatever a caller or hook puts in a log object. Headers are also masked by
 * `redactHeaders` before logging; this is the second belt for fields added elsewhere.
 */
const REDACT_PATHS = [
  'password',
  'token',
  'authorization',
  'cookie',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["proxy-authorization"]',
];

export const createClientLogger = (logger: Logger): Logger =>
  logger.child(
    { component: 'http-client' },
    { redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } },
  );
