import pino, { type Logger } from 'pino';

/** A real pino logger whose JSON lines land in an array the test can inspect. */
export const captureLogger = (level = 'debug'): { logger: Logger; lines: string[] } => {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
};
